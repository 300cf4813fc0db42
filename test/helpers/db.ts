import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { migrateToLatest } from '../../src/db/migrate.js';
import { openDatabase, type Database } from '../../src/db/pool.js';

/** The storage modes every integration test runs on: PGlite always, PostgreSQL when TEST_DATABASE_URL is set. */
export const DIALECTS: ('pglite' | 'postgres')[] = process.env.TEST_DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];

export interface TestDatabase extends Database {
  /** Connection settings another process (a second app instance) can use to reach the same data. */
  url?: string;
  searchPath?: string;
}

/** A new name for a test schema on PostgreSQL. */
export const testSchemaName = () => `t_${randomBytes(6).toString('hex')}`;

/**
 * A fresh, migrated database: in-memory PGlite, or a schema of its own on the test PostgreSQL so test files
 * never see each other's rows. `close()` drops the schema. `schema` names it, for a caller that must be able to
 * drop it even if this process is killed before `close()`.
 */
export async function openTestDatabase(kind: 'pglite' | 'postgres', options: { schema?: string } = {}): Promise<TestDatabase> {
  if (kind === 'pglite') {
    const database = await openDatabase({ dataDir: 'memory://' });
    await migrateToLatest(database.db);
    return database;
  }
  const url = process.env.TEST_DATABASE_URL!;
  const schema = options.schema ?? testSchemaName();
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  await admin.end();
  const searchPath = `${schema},public`;
  const database = await openDatabase({ url, searchPath, poolSize: 5 });
  await migrateToLatest(database.db, schema);
  return {
    ...database,
    url,
    searchPath,
    close: async () => {
      await database.close();
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(`DROP SCHEMA ${schema} CASCADE`);
      await c.end();
    },
  };
}
