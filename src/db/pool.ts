import fs from 'node:fs';
import path from 'node:path';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { lockDataDir, type DataDirLock } from './dataDirLock.js';
import type { DB } from './schema.js';

// pg returns int8 and numeric as strings by default; our int8 columns (ids, log indexes) stay far below 2^53.
pg.types.setTypeParser(20, (v) => Number(v));
pg.types.setTypeParser(1700, (v) => Number(v));

export interface Database {
  db: Kysely<DB>;
  kind: 'pglite' | 'postgres';
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** PostgreSQL connection string; when absent, PGlite is used. */
  url?: string;
  /** PGlite data folder, or `memory://` for a throwaway in-memory database. */
  dataDir?: string;
  /** Pool size for PostgreSQL. */
  poolSize?: number;
  /** PostgreSQL schema search path (tests isolate themselves in a schema of their own). */
  searchPath?: string;
}

/**
 * Opens the database. PostgreSQL when a URL is given; otherwise PGlite behind a one-connection `pg` pool,
 * with a lock file on the data folder because PGlite itself takes none and two processes would corrupt it.
 */
export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  if (options.url) {
    const pool = new pg.Pool({
      connectionString: options.url,
      max: options.poolSize ?? 10,
      ...(options.searchPath ? { options: `-c search_path=${options.searchPath}` } : {}),
    });
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
    return { db, kind: 'postgres', close: () => db.destroy() };
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
  let pglite: InstanceType<typeof PGlite>;
  try {
    pglite = new PGlite(pgliteDir ?? 'memory://', { extensions: { pg_trgm } });
    await pglite.waitReady;
  } catch (error) {
    await lock?.release();
    throw error;
  }
  const pool = new pg.Pool({ ...createPgConfig(pglite), max: 1 } as pg.PoolConfig);
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    kind: 'pglite',
    close: async () => {
      await db.destroy();
      await pglite.close();
      await lock?.release();
    },
  };
}
