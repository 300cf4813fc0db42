import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordAct } from '../commands/recordAct.js';
import { migrateToLatest } from '../db/migrate.js';
import { openDatabase } from '../db/pool.js';
import type { DB } from '../db/schema.js';
import { seedDemo } from '../demo/seed.js';
import { detectOverdue } from '../jobs/detectOverdue.js';
import { integrateAll } from '../jobs/integrateLog.js';
import { DIALECTS, openTestDatabase, type TestDatabase } from '../../test/helpers/db.js';
import { createFixture, type Fixture } from '../../test/helpers/fixture.js';
import { fileApplication, testLogSigner, workApplication } from '../../test/helpers/log.js';
import { runNode } from '../../test/helpers/runNode.js';
import { auditLog, auditPassed, formatAudit } from './audit.js';
import { auditProjections } from './auditProjections.js';

/** Applications in several states, each brought there by the commands: what the audit must find clean. */
async function variedCases(db: Kysely<DB>, fx: Fixture): Promise<Record<'working' | 'rejected' | 'transferred' | 'received' | 'overdue', string>> {
  const { a1, boss } = fx.officials;
  const working = await fileApplication(db, 'Being worked');
  await workApplication(db, fx, working, 2);
  const rejected = await fileApplication(db, 'Rejected at intake');
  await workApplication(db, fx, rejected, 0);
  await recordAct(db, { number: rejected, act: { type: 'decision', outcome: 'rejected', reasons: 'Not a permitted use', redress: 'Appeal within 90 days' }, actor: a1 });
  const transferred = await fileApplication(db, 'Sent to the roads department');
  await workApplication(db, fx, transferred, 0);
  await recordAct(db, { number: transferred, act: { type: 'transferred', unitCode: 'TS-ROAD', reason: 'A road occupancy question' }, actor: boss });
  const received = await fileApplication(db, 'Just received');
  const overdue = await fileApplication(db, 'Left waiting');
  await workApplication(db, fx, overdue, 0);
  // A year on, the scan records passed deadlines (and moves last_seq without the commands).
  await detectOverdue(db, new Date(Date.now() + 365 * 86_400_000));
  return { working, rejected, transferred, received, overdue };
}

describe.each(DIALECTS)('the audit of stored applications against their events on %s', (dialect) => {
  let database: TestDatabase;
  let fx: Fixture;
  let cases: Awaited<ReturnType<typeof variedCases>>;
  const log = testLogSigner();
  const db = () => database.db;

  beforeAll(async () => {
    database = await openTestDatabase(dialect);
    fx = await createFixture(database.db);
    cases = await variedCases(database.db, fx);
    await integrateAll(database.db, log);
  });
  afterAll(async () => database?.close());

  it('finds an untouched database clean, and walks it in pages', async () => {
    const report = await auditLog(db());
    expect(report.projections).toEqual({ applications: 5, mismatches: 0, findings: [] });
    expect(auditPassed(report)).toBe(true);
    expect(formatAudit(report).at(-1)).toMatch(/^OK: .*every application matches its events/);
    // Pages of two: every application is seen once, across page boundaries.
    expect(await auditProjections(db(), { pageSize: 2 })).toEqual({ applications: 5, mismatches: 0, findings: [] });
  });

  it('names an application whose status was changed directly in the database, and the field', async () => {
    await sql`UPDATE application SET status = 'approved', closed_at = now() WHERE number = ${cases.working}`.execute(db());
    try {
      const report = await auditLog(db());
      expect(auditPassed(report)).toBe(false);
      // The events are intact, so the log's own checks pass: only the projection tells.
      expect(report.findings).toEqual([]);
      expect(report.treeProblems).toEqual([]);
      expect(report.projections.findings).toEqual([
        { application: cases.working, field: 'status', stored: 'approved', replayed: 'in_review' },
        { application: cases.working, field: 'closed_at', stored: expect.any(String), replayed: 'null' },
      ]);
      expect(formatAudit(report)).toContain(`PROJECTION: ${cases.working} status: stored approved, its events say in_review`);
      expect(formatAudit(report).at(-1)).toBe('FAILED.');
    } finally {
      await sql`UPDATE application SET status = 'in_review', closed_at = NULL WHERE number = ${cases.working}`.execute(db());
    }
    expect(auditPassed(await auditLog(db()))).toBe(true);
  });

  it('names changed stages, assignees, units, transfers and filed details, each by field', async () => {
    const before = await db().selectFrom('application').selectAll().where('number', 'in', Object.values(cases)).execute();
    try {
      await sql`UPDATE application SET stages = jsonb_set(stages, '{0,status}', '"done"') WHERE number = ${cases.working}`.execute(db());
      await sql`UPDATE application SET assigned_official_id = ${fx.officials.a2.id} WHERE number = ${cases.overdue}`.execute(db());
      await sql`UPDATE application SET unit_id = ${fx.units.build}, transfer_count = 0 WHERE number = ${cases.transferred}`.execute(db());
      await sql`UPDATE application SET title = 'Something else', last_seq = 7 WHERE number = ${cases.received}`.execute(db());
      await sql`UPDATE application SET closed_at = NULL, active_unit_ids = '{1}' WHERE number = ${cases.rejected}`.execute(db());
      const { findings, mismatches } = await auditProjections(db());
      expect(findings.map((f) => `${f.application} ${f.field}`).sort()).toEqual(
        [
          `${cases.working} stages`,
          `${cases.overdue} assigned_official_id`,
          `${cases.transferred} unit_id`,
          `${cases.transferred} transfer_count`,
          `${cases.received} title`,
          `${cases.received} last_seq`,
          `${cases.rejected} closed_at`,
          `${cases.rejected} active_unit_ids`,
        ].sort(),
      );
      expect(mismatches).toBe(8);
      expect(findings.find((f) => f.field === 'title')).toMatchObject({ stored: 'Something else', replayed: 'Just received' });
      // Only the first mismatches are kept; all are counted.
      expect(await auditProjections(db(), { maxFindings: 2 })).toMatchObject({ mismatches: 8, findings: { length: 2 } });
    } finally {
      for (const row of before) {
        await db()
          .updateTable('application')
          .set({ stages: JSON.stringify(row.stages), assigned_official_id: row.assigned_official_id, unit_id: row.unit_id, transfer_count: row.transfer_count, title: row.title, last_seq: row.last_seq, closed_at: row.closed_at, active_unit_ids: row.active_unit_ids })
          .where('id', '=', row.id)
          .execute();
      }
    }
    expect((await auditProjections(db())).mismatches).toBe(0);
  });

  it('names an application whose history cannot be replayed', async () => {
    const { id } = await db().selectFrom('application').select('id').where('number', '=', cases.received).executeTakeFirstOrThrow();
    await sql`ALTER TABLE event DISABLE TRIGGER event_append_only`.execute(db());
    try {
      await sql`UPDATE event SET type = 'assigned' WHERE application_id = ${id} AND seq = 1`.execute(db());
      const { findings } = await auditProjections(db());
      expect(findings).toEqual([{ application: cases.received, field: 'events', stored: '2 events', replayed: 'the history does not start with a received event' }]);
    } finally {
      await sql`UPDATE event SET type = 'received' WHERE application_id = ${id} AND seq = 1`.execute(db());
      await sql`ALTER TABLE event ENABLE TRIGGER event_append_only`.execute(db());
    }
  });
});

describe.each(DIALECTS)('the audit of the demo city on %s', (dialect) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase(dialect);
    // Written in bulk, not by the commands: its rows must still be what its events say.
    await seedDemo(database.db, { size: 'small', now: new Date('2026-03-02T09:00:00+09:00') });
  });
  afterAll(async () => database?.close());

  it('finds every application of the seeded demo as its events say', async () => {
    const audit = await auditProjections(database.db);
    expect(audit.findings.slice(0, 5)).toEqual([]);
    expect(audit.applications).toBeGreaterThan(10);
  });
});

describe('npm run log:audit', () => {
  it('exits 1 and names the application and field when a status was changed in the embedded database', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'daylight-audit-'));
    try {
      const database = await openDatabase({ dataDir });
      await migrateToLatest(database.db);
      const fx = await createFixture(database.db);
      const number = await fileApplication(database.db);
      await workApplication(database.db, fx, number, 1);
      await integrateAll(database.db, testLogSigner());
      const run = () =>
        runNode(['--import', 'tsx', fileURLToPath(new URL('./audit.ts', import.meta.url))], { env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '' } });
      await sql`UPDATE application SET status = 'rejected' WHERE number = ${number}`.execute(database.db);
      await database.close();
      const failed = await run();
      expect(failed.stdout).toContain(`PROJECTION: ${number} status: stored rejected, its events say in_review`);
      expect(failed.status).toBe(1);

      const again = await openDatabase({ dataDir });
      await sql`UPDATE application SET status = 'in_review' WHERE number = ${number}`.execute(again.db);
      await again.close();
      const passed = await run();
      expect(passed.stdout).toContain('1 applications replayed; 0 stored fields differ');
      expect(passed.status).toBe(0);
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
