// `npm install` runs this (the `prepare` script): it makes the embedded database's migrated template in
// node_modules/.cache/daylight/, so that the first `npm run demo` unpacks its database instead of creating it
// (src/db/pgliteTemplate.ts). Quick when the template is already there; never fails the install: without a template
// a new database is created the usual way.
import path from 'node:path';
import { makeTemplate } from '../src/db/pgliteTemplate.js';

try {
  const started = Date.now();
  const made = await makeTemplate();
  if (made) console.error(`Prepared the embedded database for a fast first start (${path.relative(process.cwd(), made)}, ${Date.now() - started} ms).`);
} catch (error) {
  console.error(`Skipped preparing the embedded database for a fast first start: ${(error as Error).message}`);
}
