#!/usr/bin/env node
// `npm run build` compiles src/ into dist/ with tsc (tsconfig.build.json). With --if-stale (`npm start` runs it
// first) it compiles only when dist/ is missing or older than the sources, so a fresh clone or a `git pull` never runs
// old JavaScript: the check compares modification times (a few milliseconds), the compile takes about 20 s on two
// cores. Where the sources are absent (a container image ships dist/ alone) there is nothing to compare.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const stamp = path.join(root, 'dist', '.build-stamp');
const inputs = ['src', 'tsconfig.json', 'tsconfig.build.json', 'package-lock.json'];

/** The newest modification time among the compiler's inputs, 0 when there are none. */
function newestInput() {
  let newest = 0;
  const visit = (file) => {
    let stat;
    try {
      stat = fs.statSync(file);
    } catch {
      return;
    }
    if (stat.isDirectory()) for (const name of fs.readdirSync(file)) visit(path.join(file, name));
    else if (stat.mtimeMs > newest) newest = stat.mtimeMs;
  };
  for (const input of inputs) visit(path.join(root, input));
  return newest;
}

const built = fs.existsSync(stamp) && fs.existsSync(path.join(root, 'dist', 'cli', 'main.js')) ? fs.statSync(stamp).mtimeMs : 0;
const newest = newestInput();
const ifStale = process.argv.includes('--if-stale');
if (ifStale && built && (newest === 0 || newest <= built)) process.exit(0);
if (newest === 0) {
  console.error('dist/ is missing and there are no sources to build it from.');
  process.exit(1);
}
const tsc = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc');
if (!fs.existsSync(tsc)) {
  console.error('dist/ is missing or older than src/, and TypeScript is not installed here (npm ci --omit=dev?). Build where it is: npm ci && npm run build.');
  process.exit(1);
}
if (ifStale) console.error(built ? 'Sources changed since the last build: compiling src/ into dist/…' : 'Compiling src/ into dist/ (once, about 20 s)…');
// A clean build: files removed from src/ must not live on in dist/.
fs.rmSync(path.join(root, 'dist'), { recursive: true, force: true });
const result = spawnSync(process.execPath, [tsc, '-p', path.join(root, 'tsconfig.build.json')], { stdio: 'inherit', cwd: root });
if (result.status !== 0) process.exit(result.status ?? 1);
// The translated catalogues are read at start from beside the i18n module; tsc emits only the ones it imports.
const catalogues = path.join(root, 'src', 'i18n', 'catalogues');
if (fs.existsSync(catalogues)) fs.cpSync(catalogues, path.join(root, 'dist', 'i18n', 'catalogues'), { recursive: true });
fs.writeFileSync(stamp, `${new Date().toISOString()}\n`);
