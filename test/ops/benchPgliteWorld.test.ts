import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { createWorld, dropWorld } from '../../bench/data.js';
import { createPgliteWorld, dropPgliteWorld } from '../../bench/pglite.js';
import { auditProjections } from '../../src/cli/auditProjections.js';
import type { Db } from '../../src/db/types.js';
import { expectOutcomesStoredAsReplayed } from '../helpers/benchWorld.js';

/**
 * The embedded benchmark world must be one the application accepts, as the PostgreSQL one is (benchWorld.test.ts):
 * every stored row what replaying its events gives, the log gap-free, so that the PGlite figures measure real pages.
 */

const APPLICATIONS = 300;

/** The generated rows of a world, as text in id order: what must not depend on the database they were written to. */
async function generatedRows(db: Db) {
  const rows = await sql<{ applications: string; events: string; outcomes: string; counters: string }>`
    SELECT
      (SELECT string_agg(concat_ws('|', id, number, procedure_code, title, address, parcel_id, lat, lng, channel, status, received_at, closed_at,
         assigned_official_id, active_unit_ids, stages, last_seq, access_code_hash, updated_at), E'\n' ORDER BY id) FROM application) AS applications,
      (SELECT string_agg(concat_ws('|', id, application_id, seq, type, occurred_at, recorded_at, actor_official_id, actor, data, private_data, log_index),
         E'\n' ORDER BY id) FROM event) AS events,
      (SELECT string_agg(concat_ws('|', application_id, working_minutes, on_time), E'\n' ORDER BY application_id) FROM case_outcome) AS outcomes,
      (SELECT string_agg(concat_ws('|', year, last), ',' ORDER BY year) FROM number_counter) AS counters`.execute(db);
  return rows.rows[0]!;
}

describe('the benchmark world generator on PGlite', () => {
  it('writes rows that replaying their events reproduces, with gap-free log indexes', async () => {
    const world = await createPgliteWorld({ applications: APPLICATIONS, eventsPerApplication: 20, progress: false });
    try {
      const db = world.database.db;
      const audit = await auditProjections(db, { maxFindings: 5 });
      expect(audit.findings).toEqual([]);
      expect(audit.applications).toBe(APPLICATIONS);
      const log = (
        await sql<{ n: number; lo: number; hi: number; next: number; apps: number }>`
          SELECT count(*)::int AS n, min(log_index)::int AS lo, max(log_index)::int AS hi,
            (SELECT next_index FROM log_sequence)::int AS next, count(DISTINCT application_id)::int AS apps FROM event`.execute(db)
      ).rows[0]!;
      expect(log.n).toBe(world.events);
      expect(log.hi - log.lo + 1).toBe(log.n);
      expect(log.next).toBe(log.hi + 1);
      expect(log.apps).toBe(APPLICATIONS);
      expect(world.events / world.applications).toBeGreaterThan(15);
      // Every decided case's outcome is stored, and is what statistics compute by replaying its events.
      await expectOutcomesStoredAsReplayed(db, 30);
    } finally {
      await dropPgliteWorld(world);
    }
  }, 180_000);

  // The two databases must hold the same world, so that their figures compare like with like.
  it.runIf(!!process.env.TEST_DATABASE_URL)('writes the same rows as the PostgreSQL generator', async () => {
    const now = new Date('2026-11-20T03:00:00Z');
    const embedded = await createPgliteWorld({ applications: APPLICATIONS, progress: false, now });
    let embeddedRows;
    try {
      embeddedRows = await generatedRows(embedded.database.db);
    } finally {
      await dropPgliteWorld(embedded);
    }
    const server = await createWorld({ url: process.env.TEST_DATABASE_URL!, applications: APPLICATIONS, progress: false, now });
    try {
      const serverRows = await generatedRows(server.database.db);
      expect(serverRows.events.split('\n').length).toBe(embedded.events);
      expect(embeddedRows).toEqual(serverRows);
    } finally {
      await dropWorld(server);
    }
  }, 240_000);
});
