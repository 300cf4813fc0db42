import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CompiledQuery, Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { lockDataDir } from '../src/db/dataDirLock.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { openDatabase, type Database } from '../src/db/pool.js';
import type { DB } from '../src/db/schema.js';
import { createFixture } from '../test/helpers/fixture.js';
import { benchHttp, type HttpResult } from './core.js';
import { fillWorld, fmtSec, loadProcedures, widenWorld, type BenchWorld, type Queryable } from './data.js';
import { pgliteTarget } from './generate.js';

/**
 * The embedded default measured: a PGlite data folder holding the benchmark world (the same fixture, procedures
 * and generated rows as the PostgreSQL one), opened by the server child as a server without DATABASE_URL opens
 * it, and read over HTTP with the same mixes as `benchHttp`, at the rates an office on one machine sees.
 */

type Log = (line: string) => void;

export interface PgliteWorldOptions {
  applications: number;
  /** Mean events per application; 20 when unset. */
  eventsPerApplication?: number;
  /** The newest application is received a minute before this; the present when unset. */
  now?: Date;
  /** A data folder kept by an earlier run (`BENCH_PGLITE_DIR`): migrated, nothing generated, never removed. */
  reuseDir?: string;
  /** An empty folder to build the world in; a new temporary one when unset. */
  into?: string;
  progress?: boolean;
  log?: Log;
}

/** Kysely seen as the setup's small query interface. */
function queryable(db: Kysely<DB>): Queryable {
  return { query: async <R>(text: string, params: unknown[] = []) => ({ rows: (await db.executeQuery(CompiledQuery.raw(text, params))).rows as R[] }) };
}

/** The folder's size on disk in MB (`du`), or NaN where there is no `du`. */
function diskMb(dir: string): number {
  try {
    return Number(execFileSync('du', ['-sk', dir], { encoding: 'utf8' }).split('\t')[0]) / 1024;
  } catch {
    return NaN;
  }
}

const newFolder = () => fs.mkdtempSync(path.join(os.tmpdir(), 'daylight-bench-pglite-'));

/** Opens the folder for the parent, with a `close` that may be called again once the server child took it over. */
async function openWorldDatabase(dataDir: string): Promise<Database> {
  const database = await openDatabase({ dataDir });
  let closed: Promise<void> | undefined;
  return { ...database, close: () => (closed ??= database.close()) };
}

/**
 * Makes a PGlite world in a new temporary folder laid out as `openDatabase({ dataDir })` expects: started from the
 * install's migrated template, migrated, the widened fixture, the generated rows, `VACUUM (ANALYZE)`. The returned
 * world's database is open in this process; the server child takes the folder over (`startServerProcess`).
 */
export async function createPgliteWorld(options: PgliteWorldOptions): Promise<BenchWorld & { dataDir: string; diskMb: number }> {
  const log = options.log ?? (() => {});
  const started = performance.now();
  const dataDir = options.reuseDir ?? options.into ?? newFolder();
  if (options.reuseDir && !fs.existsSync(path.join(options.reuseDir, 'pglite'))) throw new Error(`${options.reuseDir} holds no PGlite world`);
  const timings = { setupMs: 0, applicationsMs: 0, privateMs: 0, eventsMs: 0, vacuumAnalyzeMs: 0, totalMs: 0 };
  try {
    // The server's own way in: the template (or initdb), then the migrations.
    const first = await openDatabase({ dataDir });
    try {
      await migrateToLatest(first.db);
    } finally {
      await first.close();
    }
    if (!options.reuseDir) {
      // The generator needs PGlite itself for COPY; Kysely beside it, on the same instance, for the fixture.
      const lock = await lockDataDir(dataDir);
      const { PGlite } = await import('@electric-sql/pglite');
      const { createPgConfig } = await import('@electric-sql/pglite/node-postgres');
      const { pg_trgm } = await import('@electric-sql/pglite/contrib/pg_trgm');
      const { btree_gist } = await import('@electric-sql/pglite/contrib/btree_gist');
      const { btree_gin } = await import('@electric-sql/pglite/contrib/btree_gin');
      const pglite = new PGlite(path.join(dataDir, 'pglite'), { extensions: { pg_trgm, btree_gist, btree_gin } });
      await pglite.waitReady;
      const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool: new pg.Pool({ ...createPgConfig(pglite), max: 1 } as pg.PoolConfig) }) });
      try {
        const target = pgliteTarget(pglite);
        await createFixture(db);
        await widenWorld(target);
        const procedures = await loadProcedures(target);
        timings.setupMs = performance.now() - started;
        const generated = await fillWorld(target, db, procedures, options);
        timings.applicationsMs = generated.applicationsMs;
        timings.privateMs = generated.privateMs;
        timings.eventsMs = generated.eventsMs;
        log(`  applications ${fmtSec(generated.applicationsMs)}, private ${fmtSec(generated.privateMs)}, events ${fmtSec(generated.eventsMs)}, outcomes ${fmtSec(generated.outcomesMs)}`);
        const t = performance.now();
        await pglite.query('VACUUM (ANALYZE) application, application_private, event, case_outcome, number_counter, log_sequence');
        timings.vacuumAnalyzeMs = performance.now() - t;
        log(`  vacuum + analyze in ${fmtSec(timings.vacuumAnalyzeMs)}`);
      } finally {
        await db.destroy();
        await pglite.close();
        await lock.release();
      }
    }
    const database = await openWorldDatabase(dataDir);
    const q = queryable(database.db);
    const procedures = await loadProcedures(q);
    const units = (await q.query<{ code: string }>('SELECT code FROM unit ORDER BY code')).rows.map((r) => r.code);
    const counts = (await q.query<{ apps: number; events: number }>(
      `SELECT (SELECT count(*) FROM application)::int AS apps, (SELECT count(*) FROM event)::int AS events`,
    )).rows[0]!;
    timings.totalMs = performance.now() - started;
    return {
      url: '',
      schema: path.basename(dataDir),
      searchPath: '',
      dataDir,
      database,
      jurisdictionCode: 'TS',
      units,
      procedures,
      applications: counts.apps,
      events: counts.events,
      created: !options.reuseDir,
      timings,
      diskMb: diskMb(dataDir),
    };
  } catch (error) {
    if (!options.reuseDir) fs.rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
}

/** Closes the world's database and removes the folder this run made, unless kept. */
export async function dropPgliteWorld(world: BenchWorld & { dataDir: string }, keep = false): Promise<void> {
  await world.database.close();
  if (world.created && !keep) fs.rmSync(world.dataDir, { recursive: true, force: true });
}

export interface PgliteOptions extends PgliteWorldOptions {
  /** Fixed rates, requests per second, at which p99 is measured (each a full `benchHttp` run). */
  rates: number[];
  connections: number;
  seconds: number;
  keep?: boolean;
}

export interface PgliteResult {
  dataDir: string;
  kept: boolean;
  applications: number;
  events: number;
  diskMb: number;
  timings: BenchWorld['timings'];
  /** One `benchHttp` run per rate; the closed-loop figures are in each, the first run's are reported. */
  runs: { rate: number; http: HttpResult }[];
}

/** Builds (or reuses) the PGlite world and runs the HTTP read mixes against a server child on its folder. */
export async function benchPglite(options: PgliteOptions): Promise<PgliteResult> {
  const log = options.log ?? (() => {});
  // Ctrl-C: leave no folder of gigabytes behind, unless it was asked for.
  const into = options.reuseDir ? undefined : newFolder();
  const interrupted = () => {
    if (into && !options.keep) {
      console.error(`\ninterrupted: removing ${into}`);
      fs.rmSync(into, { recursive: true, force: true });
    }
    process.exit(130);
  };
  process.once('SIGINT', interrupted);
  try {
    return await measure({ ...options, into }, log);
  } finally {
    process.off('SIGINT', interrupted);
  }
}

async function measure(options: PgliteOptions, log: Log): Promise<PgliteResult> {
  const world = await createPgliteWorld(options);
  log(`  ${world.dataDir}: ${world.applications.toLocaleString('en-US')} applications, ${world.events.toLocaleString('en-US')} events, ${world.diskMb.toFixed(0)} MB, ready in ${fmtSec(world.timings.totalMs)}`);
  const runs: PgliteResult['runs'] = [];
  try {
    for (const rate of options.rates) {
      // The previous run's server child took the folder over; the parent opens it again to sample applications.
      if (runs.length) world.database = await openWorldDatabase(world.dataDir);
      log(`  HTTP at ${rate}/s:`);
      runs.push({ rate, http: await benchHttp(world, { connections: options.connections, seconds: options.seconds, rate, log }) });
    }
  } finally {
    await dropPgliteWorld(world, options.keep || !world.created);
  }
  const kept = options.keep === true || !world.created;
  if (kept) log(`  data folder kept: ${world.dataDir} (BENCH_PGLITE_DIR=${world.dataDir} reuses it)`);
  return { dataDir: world.dataDir, kept, applications: world.applications, events: world.events, diskMb: world.diskMb, timings: world.timings, runs };
}
