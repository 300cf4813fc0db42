import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { createWorld, dropWorld } from '../../bench/data.js';
import { foldSteps, meanEvents, variantsNear } from '../../bench/generate.js';
import { auditProjections } from '../../src/cli/auditProjections.js';
import { STAGES } from '../helpers/fixture.js';
import { expectOutcomesStoredAsReplayed } from '../helpers/benchWorld.js';

/**
 * The benchmark's generated world must be one the application accepts: every history a legal path through the real
 * workflow, and every stored row what replaying its events gives, so that the figures measure real pages and acts.
 */

const procedure = { stages: STAGES, caseOfficialId: 11, consultOfficialId: 12, consultUnitId: 3 };

describe('the benchmark world generator', () => {
  it.each([
    { target: 7, within: 1 },
    { target: 20, within: 1 },
    { target: 40, within: 1 },
  ])('builds legal histories averaging about $target events per application', ({ target, within }) => {
    const variants = variantsNear(target);
    expect(Math.abs(meanEvents(variants) - target)).toBeLessThanOrEqual(within);
    // foldSteps runs each step through the workflow's decide and throws on an illegal one.
    const statuses = new Set(variants.map((v) => foldSteps(v.steps, procedure).status));
    expect([...statuses].sort()).toEqual(['approved', 'approved_with_conditions', 'awaiting_applicant', 'in_review', 'received', 'rejected', 'withdrawn']);
  });

  it('has every kind of act in the longer histories', () => {
    const types = new Set(variantsNear(20).flatMap((v) => v.steps.map((s) => s.type)));
    for (const type of ['assigned', 'stage_started', 'stage_completed', 'site_inspection', 'consultation_requested', 'consultation_answered',
      'supplement_requested', 'supplement_received', 'delay_reason_given', 'deadline_extended', 'decision', 'withdrawn']) {
      expect(types).toContain(type);
    }
  });

  // The generator streams with PostgreSQL's COPY, so this part needs PostgreSQL.
  it.runIf(!!process.env.TEST_DATABASE_URL)('writes rows that replaying their events reproduces, with gap-free log indexes', async () => {
    const world = await createWorld({ url: process.env.TEST_DATABASE_URL!, applications: 400, eventsPerApplication: 20, progress: false });
    try {
      const db = world.database.db;
      const audit = await auditProjections(db, { maxFindings: 5 });
      expect(audit.findings).toEqual([]);
      expect(audit.applications).toBe(400);
      const log = (
        await sql<{ n: number; lo: number; hi: number; next: number; apps: number }>`
          SELECT count(*)::int AS n, min(log_index)::int AS lo, max(log_index)::int AS hi,
            (SELECT next_index FROM log_sequence)::int AS next, count(DISTINCT application_id)::int AS apps FROM event`.execute(db)
      ).rows[0]!;
      expect(log.n).toBe(world.events);
      expect(log.hi - log.lo + 1).toBe(log.n);
      expect(log.next).toBe(log.hi + 1);
      expect(log.apps).toBe(400);
      expect(world.events / world.applications).toBeGreaterThan(15);
      // No one's name or address in a public event.
      const leaks = await sql<{ n: number }>`SELECT count(*)::int AS n FROM event WHERE data::text LIKE '%applicant%@example.org%' OR data::text LIKE '%신청인%'`.execute(db);
      expect(leaks.rows[0]!.n).toBe(0);
      // Every decided case's outcome is stored, and is what statistics compute by replaying its events.
      await expectOutcomesStoredAsReplayed(db, 50);
    } finally {
      await dropWorld(world);
    }
  }, 180_000);
});
