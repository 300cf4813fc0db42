import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import type { DB } from '../schema.js';
import type { Db } from '../types.js';
import { backupFacts, type BackupFacts } from './operations.js';

/**
 * Reads a backup's facts in a snapshot of the PostgreSQL database at `url` and runs `dump(snapshot)` (pg_dump) while
 * that snapshot stays exported: a read-only repeatable-read transaction on a connection of its own, outside the app's
 * pool and its statement and idle timeouts, committed once `dump` is done. Returns the facts, which then describe
 * exactly what was dumped.
 */
export async function backupFactsInExportedSnapshot(url: string, dump: (snapshot: string) => Promise<void>): Promise<BackupFacts> {
  const pool = new pg.Pool({ connectionString: url, max: 1, application_name: 'daylight-backup' });
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  try {
    return await db.connection().execute(async (connection) => {
      await sql`BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY`.execute(connection);
      try {
        const { snapshot } = (await sql<{ snapshot: string }>`SELECT pg_export_snapshot() AS snapshot`.execute(connection)).rows[0]!;
        const facts = await backupFacts(connection);
        await dump(snapshot);
        return facts;
      } finally {
        await sql`COMMIT`.execute(connection);
      }
    });
  } finally {
    await db.destroy();
  }
}

/** Whether the database holds Daylight's tables already (its migrations' table or its events). */
export async function holdsDaylightTables(db: Db): Promise<boolean> {
  const { rows } = await sql<{ found: boolean }>`SELECT to_regclass('kysely_migration') IS NOT NULL OR to_regclass('event') IS NOT NULL AS found`.execute(db);
  return rows[0]!.found;
}
