/**
 * The demo prepared at install: `npm install` (the `prepare` script) does a first start's slow part ahead of time —
 * seeding the demo city, scanning it for passed due dates and building its transparency log's tree — into a data
 * folder of its own in `node_modules/.cache/daylight/`, with its own sign-in secret drawn the way a first start draws
 * it. The first `npm run demo` on a new data folder then takes that folder over instead of seeding: it moves the
 * database and the secret in, and signs the tree's first checkpoint with the data folder's own log key, made at that
 * start as always. A prepared demo serves one data folder only and is gone once taken, so no secret is ever shared
 * between two folders, let alone two installs; the next new folder is seeded at its start, as before.
 *
 * It is taken only when it is what seeding now would give: made by this very code (PGlite's version and a hash of
 * every source), of the size asked for, and younger than a day (the demo's dates are relative to when it was seeded).
 * Otherwise the demo is seeded at start, as it always was. ADR 0026.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../config.js';
import { loadSignInSecret, SECRET_FILE, signInKeys } from '../commands/officeAuth/keys.js';
import { partyKeys } from '../commands/fair/partyKeys.js';
import { cacheFolder, codeKey } from '../db/pgliteTemplate.js';
import type { SeedSummary } from './seed.js';

/** A prepared demo is taken only while younger than this: its dates are relative to when it was seeded. */
export const PREPARED_MAX_AGE_MS = 86_400_000;
/** `npm install` keeps a prepared demo younger than this and makes a new one otherwise. */
export const PREPARED_REMAKE_AGE_MS = 3_600_000;
/** The file beside the prepared database that says what it holds. */
const META_FILE = 'prepared.json';

/** What a prepared demo holds, as written beside it. */
export interface PreparedDemo {
  /** PGlite's version and the code's hash when it was made (`codeKey`). */
  key: string;
  size: 'full' | 'small';
  /** When it was seeded: the `now` its dates are relative to (ISO 8601). */
  seededAt: string;
  /** How long seeding took then, in milliseconds. */
  seedingMs: number;
  /** The seed's summary, printed at the first start as if seeded then (the logins above all). */
  summary: SeedSummary;
}

/** What the first start knows when it decides whether to take a prepared demo. */
export interface PreparedWanted {
  key: string;
  size: 'full' | 'small';
  now: number;
  /** The data folder holds neither a database nor a sign-in secret yet. */
  newFolder: boolean;
  /** SIGN_IN_SECRET is configured: the prepared demo's officials were enrolled under another secret. */
  signInSecretGiven: boolean;
}

/**
 * Whether to take a prepared demo, or why not: a reason in one line for the person starting the demo, worth saying
 * (`notable`) when a prepared demo was there for a new folder but is not taken.
 */
export type PreparedVerdict = { take: true } | { take: false; reason: string; notable: boolean };

/** Decides whether the first start takes the prepared demo: pure, from what is known at that moment. */
export function judgePrepared(prepared: PreparedDemo | undefined, wanted: PreparedWanted): PreparedVerdict {
  if (!prepared) return { take: false, reason: 'no demo was prepared at install', notable: false };
  if (!wanted.newFolder) return { take: false, reason: 'the data folder is not new', notable: false };
  const no = (reason: string): PreparedVerdict => ({ take: false, reason, notable: true });
  if (wanted.signInSecretGiven) return no('SIGN_IN_SECRET is set, and the prepared demo has its own');
  if (prepared.key !== wanted.key) return no('the code changed since the demo was prepared at install');
  if (prepared.size !== wanted.size) return no(`the demo prepared at install is the ${prepared.size} one`);
  const age = wanted.now - Date.parse(prepared.seededAt);
  if (!Number.isFinite(age) || age < 0) return no('the demo prepared at install is dated in the future');
  if (age >= PREPARED_MAX_AGE_MS) return no('the demo prepared at install is older than a day');
  return { take: true };
}

/** The folder a prepared demo is kept in, named for the code that made it. */
export function preparedFolder(cache = cacheFolder(), key = codeKey()): string {
  return path.join(cache, `demo-${key}`);
}

/** What the prepared demo in `folder` holds, or undefined when there is none (or half of one). */
export function readPrepared(folder: string): PreparedDemo | undefined {
  try {
    return JSON.parse(fs.readFileSync(path.join(folder, META_FILE), 'utf8')) as PreparedDemo;
  } catch {
    return undefined;
  }
}

export interface MakePreparedOptions {
  /** Where prepared demos are kept (tests use their own). */
  cache?: string;
  size?: 'full' | 'small';
  /** The `now` of the seeding; the current time by default. */
  now?: Date;
  /** The migrated template to start the database from (`openDatabase`'s option); the install's by default. */
  template?: false | string;
}

/**
 * Prepares a demo: a data folder seeded, scanned and with its log's tree built, and its own sign-in secret. Made
 * beside its final name and renamed, so a first start never takes half of one; earlier prepared demos (another code,
 * another day) are removed. Returns the folder, or null when one younger than an hour was there already.
 */
export async function makePreparedDemo(options: MakePreparedOptions = {}): Promise<string | null> {
  const cache = options.cache ?? cacheFolder();
  const key = codeKey();
  const size = options.size ?? 'full';
  const now = options.now ?? new Date();
  const folder = preparedFolder(cache, key);
  const existing = readPrepared(folder);
  const age = existing ? now.getTime() - Date.parse(existing.seededAt) : NaN;
  if (existing?.key === key && existing.size === size && age >= 0 && age < PREPARED_REMAKE_AGE_MS) return null;

  const partial = `${folder}.${process.pid}.${randomBytes(4).toString('hex')}.partial`;
  fs.mkdirSync(partial, { recursive: true, mode: 0o700 });
  try {
    // The secret is drawn exactly as a first start draws it into its data folder.
    const secret = loadSignInSecret({ SIGN_IN_SECRET: undefined, dataDir: partial });
    const keys = signInKeys(secret);
    const { openDatabase } = await import('../db/pool.js');
    const { migrateToLatest } = await import('../db/migrate.js');
    const { seedDemo } = await import('./seed.js');
    const { detectOverdue } = await import('../jobs/detectOverdue.js');
    const { buildTreeUnsigned } = await import('../jobs/integrateLog.js');
    const database = await openDatabase({ dataDir: partial, ...(options.template !== undefined ? { template: options.template } : {}) });
    let summary: SeedSummary;
    let seedingMs: number;
    try {
      await migrateToLatest(database.db);
      const started = Date.now();
      summary = await seedDemo(database.db, { size, now, sealTotpSecret: (id, plain) => keys.seal(`official:${id}`, plain), partyKeys: partyKeys(secret) });
      seedingMs = Date.now() - started;
      // What the first start's background jobs would do at once: record the due dates already passed, and put every
      // event in the log's tree (signed at the first start, with the data folder's own key).
      while ((await detectOverdue(database.db, now)).scanned > 0) {
        // Each pass scans a batch of cases; passes go on until none is due.
      }
      await buildTreeUnsigned(database.db);
    } finally {
      await database.close();
    }
    const prepared: PreparedDemo = { key, size, seededAt: now.toISOString(), seedingMs, summary };
    fs.writeFileSync(path.join(partial, META_FILE), `${JSON.stringify(prepared)}\n`);
    for (const name of fs.readdirSync(cache)) {
      if (/^demo-[^.]+$/.test(name)) fs.rmSync(path.join(cache, name), { recursive: true, force: true });
    }
    fs.renameSync(partial, folder);
    return folder;
  } catch (error) {
    fs.rmSync(partial, { recursive: true, force: true });
    throw error;
  }
}

/** The outcome of a first start's attempt to take the prepared demo. */
export type PreparedClaim = { taken: PreparedDemo } | { taken: null; reason: string; notable: boolean };

/** Moves a folder, copying it where a rename cannot (another file system). */
function move(from: string, to: string): void {
  try {
    fs.renameSync(from, to);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
    try {
      fs.cpSync(from, to, { recursive: true, errorOnExist: true, force: false });
    } catch (copying) {
      fs.rmSync(to, { recursive: true, force: true });
      throw copying;
    }
    fs.rmSync(from, { recursive: true, force: true });
  }
}

/**
 * At a demo's start, before its data folder is opened: takes the prepared demo into `config.dataDir` when
 * `judgePrepared` says so — its database and its sign-in secret — and returns what it holds; otherwise returns why
 * not, and the demo is seeded as usual. The prepared folder is renamed first, so two starts never take the same one.
 * The log's first checkpoint is still to be signed (`signBuiltTree`) with the data folder's key.
 */
export function claimPrepared(
  config: Pick<Config, 'dataDir' | 'SIGN_IN_SECRET'>,
  size: 'full' | 'small',
  options: { cache?: string; now?: number } = {},
): PreparedClaim {
  const folder = preparedFolder(options.cache);
  const prepared = readPrepared(folder);
  const database = path.join(config.dataDir, 'pglite');
  const secretFile = path.join(config.dataDir, SECRET_FILE);
  const newFolder = !fs.existsSync(database) && !fs.existsSync(secretFile);
  // Hashing every source takes a moment: not on a restart, nor where nothing was prepared.
  const key = prepared && newFolder ? codeKey() : '';
  const verdict = judgePrepared(prepared, { key, size, now: options.now ?? Date.now(), newFolder, signInSecretGiven: Boolean(config.SIGN_IN_SECRET) });
  if (!verdict.take) return { taken: null, reason: verdict.reason, notable: verdict.notable };
  const claimed = `${folder}.${process.pid}.claimed`;
  try {
    fs.renameSync(folder, claimed);
  } catch {
    return { taken: null, reason: 'another start took the prepared demo', notable: true };
  }
  try {
    fs.mkdirSync(config.dataDir, { recursive: true });
    // The secret first, exclusively: a start racing on this folder has made its own, and then this one steps back.
    fs.copyFileSync(path.join(claimed, SECRET_FILE), secretFile, fs.constants.COPYFILE_EXCL);
    fs.chmodSync(secretFile, 0o600);
    try {
      move(path.join(claimed, 'pglite'), database);
    } catch (error) {
      fs.rmSync(secretFile, { force: true });
      throw error;
    }
    return { taken: prepared! };
  } catch (error) {
    return { taken: null, reason: `the prepared demo could not be moved in (${(error as Error).message})`, notable: true };
  } finally {
    fs.rmSync(claimed, { recursive: true, force: true });
  }
}
