import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * A new embedded database's starting point: PGlite's `initdb` followed by every migration, done once and kept as a
 * tarball in `node_modules/.cache/daylight/` (made by `npm install`, through the `prepare` script), so that a new data
 * folder is unpacked from it in a fraction of the time `initdb` takes — most of the demo's first start otherwise.
 * Never shipped and never shared between machines: it is made where it is used.
 *
 * The file's name carries PGlite's version and a hash of the migrations' sources, so a template made before an
 * upgrade or a new migration is simply not found (and a new one is made at the next install); a folder started from
 * it is migrated as usual afterwards all the same. The secrets a migration draws (`site_secret`) are drawn again for
 * every folder unpacked from it (`freshSecrets`), so two data folders never share one.
 */

const here = path.dirname(fileURLToPath(import.meta.url));
/** The project's root: `src/db/` or `dist/db/` is two folders below it. */
const root = path.resolve(here, '..', '..');

/** The installed PGlite's version, from the package.json above its entry point (its exports do not list that file). */
function pgliteVersion(): string {
  let dir = path.dirname(createRequire(import.meta.url).resolve('@electric-sql/pglite'));
  for (;;) {
    const file = path.join(dir, 'package.json');
    if (fs.existsSync(file)) {
      const manifest = JSON.parse(fs.readFileSync(file, 'utf8')) as { name?: string; version?: string };
      if (manifest.name === '@electric-sql/pglite' && manifest.version) return manifest.version;
    }
    const up = path.dirname(dir);
    if (up === dir) throw new Error('PGlite has no package.json');
    dir = up;
  }
}

/**
 * A hash of every source file below `relative` (a folder of `src/`), sub-folders included, in path order: the
 * TypeScript sources when the project's `src/` is there, so that the compiled `dist/` (which `npm run demo` runs)
 * finds what `npm install` made under tsx; the compiled JavaScript where only `dist/` is shipped. Tests are left out.
 */
export function sourcesHash(relative = ''): string {
  const sources = path.join(root, 'src', relative);
  const top = fs.existsSync(sources) ? sources : path.join(root, 'dist', relative);
  const hash = createHash('sha256');
  const visit = (folder: string) => {
    for (const entry of fs.readdirSync(folder, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      const file = path.join(folder, entry.name);
      if (entry.isDirectory()) visit(file);
      else if (/\.(ts|js)$/.test(entry.name) && !entry.name.endsWith('.d.ts') && !entry.name.includes('.test.')) {
        hash.update(path.relative(top, file)).update('\0').update(fs.readFileSync(file)).update('\0');
      }
    }
  };
  visit(top);
  return hash.digest('hex').slice(0, 16);
}

/** The folder `npm install` keeps the embedded database's templates in. */
export const cacheFolder = (): string => path.join(root, 'node_modules', '.cache', 'daylight');

/** Where the template for this PGlite and these migrations is kept. */
export function templateFile(folder = cacheFolder()): string {
  return path.join(folder, `pglite-${pgliteVersion()}-${sourcesHash(path.join('db', 'migrations'))}.tar.gz`);
}

/** PGlite's version and a hash of every source: what a database prepared with the whole code is named by. */
export function codeKey(): string {
  return `${pgliteVersion()}-${sourcesHash()}`;
}

/** The template as a blob for PGlite's `loadDataDir`, when one was made for this PGlite and these migrations. */
export function readTemplate(file = templateFile()): Blob | undefined {
  try {
    return new Blob([fs.readFileSync(file)]);
  } catch {
    return undefined;
  }
}

/**
 * Draws again every secret a migration drew into the template (the links' key), so that no two data folders
 * started from one template share it.
 */
export async function freshSecrets(pglite: { query: (sql: string) => Promise<unknown> }): Promise<void> {
  await pglite.query(`UPDATE site_secret SET value = replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', ''), created_at = now()`);
}

/** Removes a template that failed to load, so the next start does not try it again. */
export function discardTemplate(file = templateFile()): void {
  fs.rmSync(file, { force: true });
}

/**
 * Makes the template: a database in memory, migrated, dumped. Written beside its final name and renamed, so a
 * reader never sees half a file. Returns the file, or null when it was there already.
 */
export async function makeTemplate(file = templateFile()): Promise<string | null> {
  if (fs.existsSync(file)) return null;
  const { openDatabase } = await import('./pool.js');
  const { migrateToLatest } = await import('./migrate.js');
  const database = await openDatabase({ dataDir: 'memory://', template: false });
  try {
    await migrateToLatest(database.db);
    const blob = await database.dumpDataDir!();
    fs.mkdirSync(path.dirname(file), { recursive: true });
    // Older templates (another PGlite, earlier migrations) are of no more use.
    for (const name of fs.readdirSync(path.dirname(file))) {
      if (/^pglite-.*\.tar\.gz$/.test(name) && name !== path.basename(file)) fs.rmSync(path.join(path.dirname(file), name), { force: true });
    }
    const partial = `${file}.${process.pid}.partial`;
    fs.writeFileSync(partial, Buffer.from(await blob.arrayBuffer()));
    fs.renameSync(partial, file);
    return file;
  } finally {
    await database.close();
  }
}
