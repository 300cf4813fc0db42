import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { Kysely, PostgresDialect, sql, type CompiledQuery } from 'kysely';
import pg from 'pg';
import type { Config } from '../config.js';
import { lockDataDir, type DataDirLock } from './dataDirLock.js';
import type { DB } from './schema.js';

// pg returns int8 and numeric as strings by default; our int8 columns (ids, log indexes) stay far below 2^53.
pg.types.setTypeParser(20, (v) => Number(v));
pg.types.setTypeParser(1700, (v) => Number(v));

export interface Database {
  db: Kysely<DB>;
  kind: 'pglite' | 'postgres';
  close(): Promise<void>;
  /** The pool's connections: open, idle among them, and requests waiting for one (for /metrics). */
  poolStats(): { total: number; idle: number; waiting: number };
  /** PGlite only: a gzipped tarball of the data folder, consistent because this process alone holds it (backups). */
  dumpDataDir?: () => Promise<Blob>;
}

const statsOf = (pool: pg.Pool) => () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount });

export interface DatabaseOptions {
  /** PostgreSQL connection string; when absent, PGlite is used. */
  url?: string;
  /** PGlite data folder, or `memory://` for a throwaway in-memory database. */
  dataDir?: string;
  /** Pool size for PostgreSQL. */
  poolSize?: number;
  /** PostgreSQL schema search path (tests isolate themselves in a schema of their own). */
  searchPath?: string;
  /** PostgreSQL: milliseconds a statement may run before the server cancels it (0: no limit). */
  statementTimeoutMs?: number;
  /** PostgreSQL: milliseconds a session may sit idle inside a transaction before the server ends it (0: no limit). */
  idleInTransactionTimeoutMs?: number;
  /** PostgreSQL: the name the connections show in pg_stat_activity (default `daylight`). */
  applicationName?: string;
  /** PostgreSQL: milliseconds to wait for a connection (a new one, or a free one from the pool) before failing. */
  connectTimeoutMs?: number;
  /**
   * Told about a connection that failed outside any query (the server restarted, failed over, or ended an idle
   * session); the pool has already dropped it and opens a fresh one when next needed. Defaults to a line on stderr.
   */
  onConnectionError?: (error: Error) => void;
  /** PGlite only: fill a new data folder from a tarball that `dumpDataDir` made (restores). */
  loadDataDir?: Blob;
  /**
   * PGlite only: a new data folder starts from the migrated template made at install (`pgliteTemplate.ts`) when there
   * is one, instead of running `initdb`; `false` never, a path names another template file (tests).
   */
  template?: false | string;
}

const logConnectionError = (error: Error) =>
  console.error(`database connection lost (${(error as { code?: string }).code ?? error.message}); a new one is opened when needed`);

/**
 * Keeps a broken connection from crashing the process. Without a listener, an `error` event (a server restart, a
 * failover, `pg_terminate_backend`, the idle-in-transaction timeout) is thrown by Node's EventEmitter. The pool
 * drops an idle client that fails; a client in use fails its current or next query, and the pool discards it on
 * release because it is no longer queryable.
 */
function survive(pool: pg.Pool, onError: (error: Error) => void): void {
  pool.on('error', (error) => onError(error));
  pool.on('connect', (client) => {
    // The pool's own listener (which reports through the pool's `error`) is detached while a client is checked
    // out; this one stays so that such a failure is not thrown. Whoever holds the client hears of it from its query.
    client.on('error', () => undefined);
  });
}

/**
 * Begins a statement PostgreSQL should keep prepared on each connection: the fixed-shape statements of the hottest
 * path (recording an act), which are then parsed once per connection and planned from a cached plan instead of on
 * every call. Only for statements whose text takes a bounded number of shapes, since each shape stays prepared for
 * the connection's life. Embedded PGlite sends them as ordinary statements.
 */
export const PREPARED = sql.raw('/* prepared */ ');
const PREPARED_PREFIX = '/* prepared */ ';

/**
 * Runs a query built with Kysely as a statement kept prepared (`PREPARED`): for the fixed-shape reads of the hottest
 * public paths, whose planning cost PostgreSQL more than their execution. The same rule: a bounded number of shapes.
 */
export async function executePrepared<R>(db: Kysely<DB>, query: { compile(): CompiledQuery<R> }): Promise<R[]> {
  const compiled = query.compile();
  const { rows } = await db.executeQuery<R>({ ...compiled, sql: PREPARED_PREFIX + compiled.sql });
  return rows;
}

/** Sends statements that begin with `PREPARED` as named statements (`pg` parses each name once per connection). */
function prepareMarked(pool: pg.Pool): void {
  const names = new Map<string, string>();
  const nameOf = (text: string) => {
    let name = names.get(text);
    if (!name) {
      name = `daylight_${createHash('sha256').update(text).digest('hex').slice(0, 24)}`;
      names.set(text, name);
    }
    return name;
  };
  pool.on('connect', (client) => {
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    client.query = ((text: unknown, ...rest: unknown[]) =>
      typeof text === 'string' && text.startsWith(PREPARED_PREFIX) && Array.isArray(rest[0])
        ? query({ name: nameOf(text), text, values: rest[0] }, ...rest.slice(1))
        : query(text, ...rest)) as typeof client.query;
  });
}

/** The database options the configuration gives (the server and the CLI open the database alike). */
export function databaseOptions(config: Config): DatabaseOptions {
  return {
    url: config.DATABASE_URL,
    dataDir: config.dataDir,
    statementTimeoutMs: config.DATABASE_STATEMENT_TIMEOUT_MS,
    idleInTransactionTimeoutMs: config.DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS,
    connectTimeoutMs: config.DATABASE_CONNECT_TIMEOUT_MS,
  };
}

/**
 * Opens the database. PostgreSQL when a URL is given; otherwise PGlite behind a one-connection `pg` pool,
 * with a lock file on the data folder because PGlite itself takes none and two processes would corrupt it.
 */
export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  const onError = options.onConnectionError ?? logConnectionError;
  if (options.url) {
    const pool = new pg.Pool({
      connectionString: options.url,
      max: options.poolSize ?? 10,
      // Set per connection at its start, so no statement runs unbounded and a stalled process cannot keep a lock
      // (the log integrator's, a row's) past these limits. Transactions may lower them with SET LOCAL.
      statement_timeout: options.statementTimeoutMs ?? 30_000,
      idle_in_transaction_session_timeout: options.idleInTransactionTimeoutMs ?? 60_000,
      // A request waits at most this long for a connection during an outage, then answers 503 (http/errors.ts).
      connectionTimeoutMillis: options.connectTimeoutMs ?? 5_000,
      // Notices a peer that vanished without closing (a failover, a cut network) instead of waiting on it forever.
      keepAlive: true,
      keepAliveInitialDelayMillis: 10_000,
      application_name: options.applicationName ?? 'daylight',
      ...(options.searchPath ? { options: `-c search_path=${options.searchPath}` } : {}),
    });
    survive(pool, onError);
    prepareMarked(pool);
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
    return { db, kind: 'postgres', close: () => db.destroy(), poolStats: statsOf(pool) };
  }
  const dataDir = options.dataDir ?? 'memory://';
  let lock: DataDirLock | undefined;
  let pgliteDir: string | undefined;
  if (!dataDir.startsWith('memory://')) {
    fs.mkdirSync(dataDir, { recursive: true });
    // Refuses a folder a live process holds; takes over at once the lock of one that crashed (dataDirLock.ts).
    lock = await lockDataDir(dataDir);
    pgliteDir = path.join(dataDir, 'pglite');
  }
  const { PGlite } = await import('@electric-sql/pglite');
  const { createPgConfig } = await import('@electric-sql/pglite/node-postgres');
  const { pg_trgm } = await import('@electric-sql/pglite/contrib/pg_trgm');
  const { btree_gist } = await import('@electric-sql/pglite/contrib/btree_gist');
  const { btree_gin } = await import('@electric-sql/pglite/contrib/btree_gin');
  // A new folder starts from the install's migrated template when there is one (`initdb` is most of a first start).
  const template = !options.loadDataDir && options.template !== false && pgliteDir && !fs.existsSync(pgliteDir) ? await import('./pgliteTemplate.js') : undefined;
  const templatePath = typeof options.template === 'string' ? options.template : template?.templateFile();
  const templateBlob = template?.readTemplate(templatePath);
  const open = async (loadDataDir: Blob | undefined) => {
    const db = new PGlite(pgliteDir ?? 'memory://', { extensions: { pg_trgm, btree_gist, btree_gin }, ...(loadDataDir ? { loadDataDir } : {}) });
    await db.waitReady;
    return db;
  };
  let pglite: InstanceType<typeof PGlite>;
  try {
    if (templateBlob) {
      try {
        pglite = await open(templateBlob);
        await template!.freshSecrets(pglite);
      } catch (error) {
        // A damaged template: forget it and start the folder the long way.
        console.error(`the embedded database template could not be used (${(error as Error).message}); creating the database instead`);
        template!.discardTemplate(templatePath);
        fs.rmSync(pgliteDir!, { recursive: true, force: true });
        pglite = await open(undefined);
      }
    } else {
      pglite = await open(options.loadDataDir);
    }
  } catch (error) {
    await lock?.release();
    throw error;
  }
  // No timeouts here: PGlite's one connection has no peer to wait for or stall, and its WASM build has no timers
  // to enforce them (it accepts the settings, so the jobs' SET LOCAL is harmless).
  const pool = new pg.Pool({ ...createPgConfig(pglite), max: 1 } as pg.PoolConfig);
  survive(pool, onError);
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    kind: 'pglite',
    poolStats: statsOf(pool),
    dumpDataDir: () => pglite.dumpDataDir('gzip'),
    close: async () => {
      await db.destroy();
      await pglite.close();
      await lock?.release();
    },
  };
}
