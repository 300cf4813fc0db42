#!/usr/bin/env node
// `npm install` runs this (the `prepare` script) so that a newcomer's first `npm run demo` starts fast: it makes the
// embedded database's migrated template (scripts/pglite-template.ts) and compiles src/ into dist/ (scripts/build.mjs
// --if-stale), which the demo runs instead of loading TypeScript through tsx. The two run side by side. Neither ever
// fails the install: without a template a new database is created the usual way, and without dist/ the demo's own
// `predemo` compiles it. Where the sources are absent (a container's `npm ci` before they are copied) there is
// nothing to do; `package.json` runs this file only where it exists.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const has = (file) => fs.existsSync(path.join(root, file));

/** Runs a Node script to its end; resolves with whether it succeeded, never rejects. */
function run(args) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { cwd: root, stdio: 'inherit' });
    child.once('error', () => resolve(false));
    child.once('exit', (code) => resolve(code === 0));
  });
}

const steps = [];
if (has('scripts/pglite-template.ts')) steps.push(run(['--import', 'tsx', 'scripts/pglite-template.ts']));
if (has('src/cli/main.ts') && has('node_modules/typescript/bin/tsc')) {
  steps.push(
    run(['scripts/build.mjs', '--if-stale']).then((built) => {
      if (!built) console.error('Skipped compiling src/ into dist/ at install; `npm run demo` and `npm start` compile it when first run.');
    }),
  );
}
await Promise.all(steps);
