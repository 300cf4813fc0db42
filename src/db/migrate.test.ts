import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { migrateToLatest, migrationState } from './migrate.js';
import { openDatabase } from './pool.js';

/**
 * Several instances started together against a fresh database (a rolling deployment, a compose file starting three
 * replicas) all run their migrations at start: one applies them, under the migration lock, and the others find
 * nothing left to do.
 */
describe.skipIf(!process.env.TEST_DATABASE_URL)('migrations started by several instances at once', () => {
  it('are applied exactly once, and every instance starts', async () => {
    const url = process.env.TEST_DATABASE_URL!;
    const schema = `t_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`CREATE SCHEMA ${schema}`);
    const instances = await Promise.all([1, 2, 3].map(() => openDatabase({ url, searchPath: `${schema},public`, poolSize: 2 })));
    try {
      const applied = await Promise.all(instances.map((instance) => migrateToLatest(instance.db, schema)));
      const all = applied.flat();
      expect(new Set(all).size).toBe(all.length);
      expect(applied.filter((names) => names.length > 0)).toHaveLength(1);
      const { rows } = await sql<{ name: string; n: number }>`SELECT name, count(*)::int AS n FROM kysely_migration GROUP BY name`.execute(instances[0]!.db);
      expect(rows.every((r) => r.n === 1)).toBe(true);
      expect(rows.map((r) => r.name).sort()).toEqual([...all].sort());
      for (const instance of instances) expect(await migrationState(instance.db)).toEqual({ pending: [], unknown: [] });
      // Up to date, an instance starts without waiting for the migration lock another one holds (an upgrade elsewhere).
      await admin.query(`SELECT pg_advisory_lock(${0x444c4d4947524154n}::bigint)`);
      expect(await migrateToLatest(instances[0]!.db, schema)).toEqual([]);
      await admin.query(`SELECT pg_advisory_unlock(${0x444c4d4947524154n}::bigint)`);
    } finally {
      for (const instance of instances) await instance.close();
      await admin.query(`DROP SCHEMA ${schema} CASCADE`);
      await admin.end();
    }
  });
});

describe('a database another release migrated further', () => {
  it('is refused at start, not taken for up to date', async () => {
    const database = await openDatabase({ dataDir: 'memory://' });
    try {
      await migrateToLatest(database.db);
      expect(await migrateToLatest(database.db)).toEqual([]);
      await sql`INSERT INTO kysely_migration (name, timestamp) VALUES ('9999_from_the_future', now()::text)`.execute(database.db);
      expect(await migrationState(database.db)).toEqual({ pending: [], unknown: ['9999_from_the_future'] });
      await expect(migrateToLatest(database.db)).rejects.toThrow(/9999_from_the_future/);
    } finally {
      await database.close();
    }
  }, 120_000);
});
