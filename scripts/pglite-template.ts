// `npm install` runs this (the `prepare` script): it makes the embedded database's migrated template in
// node_modules/.cache/daylight/, so that a new data folder unpacks its database instead of creating it
// (src/db/pgliteTemplate.ts), then prepares the demo there from it, so that the first `npm run demo` takes it over
// instead of seeding (src/demo/prepared.ts). Quick when both are already there and fresh; never fails the install:
// without them a new database is created, and the demo seeded, the usual way.
import path from 'node:path';
import { makeTemplate } from '../src/db/pgliteTemplate.js';
import { makePreparedDemo } from '../src/demo/prepared.js';

const took = (started: number) => `${((Date.now() - started) / 1000).toFixed(1)} s`;
try {
  const started = Date.now();
  const made = await makeTemplate();
  if (made) console.error(`Prepared the embedded database for a fast first start (${path.relative(process.cwd(), made)}, ${took(started)}).`);
} catch (error) {
  console.error(`Skipped preparing the embedded database for a fast first start: ${(error as Error).message}`);
}
try {
  const started = Date.now();
  const made = await makePreparedDemo();
  if (made) console.error(`Prepared the demo city for the first npm run demo (${path.relative(process.cwd(), made)}, ${took(started)}).`);
} catch (error) {
  console.error(`Skipped preparing the demo city for the first npm run demo: ${(error as Error).message}`);
}
