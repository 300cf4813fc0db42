import { sql, type Kysely } from 'kysely';
import { expect } from 'vitest';
import type { DB } from '../../src/db/schema.js';
import { statisticsInput } from '../../src/db/repos/statistics.js';

/**
 * A generated benchmark world stores every decided case's outcome, and each is what statistics compute by replaying
 * the case's events: the stored rows are read, marked stale, recomputed by `statisticsInput` and compared.
 */
export async function expectOutcomesStoredAsReplayed(db: Kysely<DB>, atLeast: number): Promise<void> {
  const stored = async () =>
    (await sql<{ application_id: number; calendar_key: string; working_minutes: number; on_time: boolean }>`
      SELECT application_id::int, calendar_key, working_minutes, on_time FROM case_outcome ORDER BY application_id`.execute(db)).rows;
  const generated = await stored();
  const decided = await sql<{ n: number }>`SELECT count(*)::int AS n FROM application WHERE closed_at IS NOT NULL AND status <> 'withdrawn'`.execute(db);
  expect(generated.length).toBe(decided.rows[0]!.n);
  expect(generated.length).toBeGreaterThan(atLeast);
  await sql`UPDATE case_outcome SET calendar_key = 'replay', working_minutes = -1`.execute(db);
  await statisticsInput(db, null);
  expect(await stored()).toEqual(generated);
}
