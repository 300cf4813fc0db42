import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, openTestDatabase, type TestDatabase } from '../../test/helpers/db.js';
import { PREPARED } from './pool.js';

describe.each(DIALECTS)('statements on %s', (dialect) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase(dialect);
  });
  afterAll(async () => database?.close());

  it('answers a statement marked to be kept prepared like any other, each time', async () => {
    await database.db.connection().execute(async (c) => {
      for (const n of [1, 2, 3]) {
        const result = await sql<{ n: number }>`${PREPARED}SELECT ${n}::int AS n`.execute(c);
        expect(result.rows).toEqual([{ n }]);
      }
    });
  });

  it.skipIf(dialect === 'pglite')('keeps a marked statement prepared on its connection, and no other', async () => {
    await database.db.connection().execute(async (c) => {
      await sql`${PREPARED}SELECT ${1}::int AS marked`.execute(c);
      await sql`SELECT ${1}::int AS unmarked`.execute(c);
      const kept = await sql<{ statement: string }>`SELECT statement FROM pg_prepared_statements`.execute(c);
      const statements = kept.rows.map((r) => r.statement);
      expect(statements.filter((s) => s.includes('AS marked'))).toHaveLength(1);
      expect(statements.filter((s) => s.includes('AS unmarked'))).toEqual([]);
    });
  });
});
