import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CANARY, PDF, createFixture, type Fixture } from '../../test/helpers/fixture.js';
import { DIALECTS, openTestDatabase, type TestDatabase } from '../../test/helpers/db.js';
import { recordAct } from '../commands/recordAct.js';
import { submitApplication } from '../commands/submitApplication.js';
import { officeQueue } from '../db/repos/office.js';
import { sequenceCommitted } from './integrateLog.js';
import { detectOverdue } from './detectOverdue.js';

const DAY = 86_400_000;

describe.each(DIALECTS)('overdue scan on %s', (dialect) => {
  let database: TestDatabase;
  let fx: Fixture;
  beforeAll(async () => {
    database = await openTestDatabase(dialect);
    fx = await createFixture(database.db);
  });
  afterAll(async () => database?.close());

  const file = (receivedAt: Date) =>
    submitApplication(database.db, {
      jurisdictionCode: 'TS', procedureCode: 'building-permit', title: 'Scan test', location: { address: '2 Scan-ro' },
      applicant: { name: CANARY.name }, fields: { floor_area: '1' }, documents: [{ kind: 'plan', filename: 'p.pdf', bytes: PDF }],
      channel: 'online', receivedAt,
    });
  const typesOf = async (number: string) =>
    (await database.db.selectFrom('event as e').innerJoin('application as a', 'a.id', 'e.application_id').select(['e.type', 'e.data', 'e.log_index']).where('a.number', '=', number).orderBy('e.seq').execute());

  it('records deadline_passed once per stage and for the application, published and sequenced', async () => {
    const old = new Date(Date.now() - 40 * DAY);
    const late = await file(old);
    await recordAct(database.db, { number: late.number, act: { type: 'stage_started', stage: 'intake' }, occurredAt: new Date(old.getTime() + 3_600_000), actor: fx.officials.a1 });
    const fresh = await file(new Date());

    const first = await detectOverdue(database.db);
    expect(first.ran).toBe(true);
    // Like every event, they are sequenced into the log after commit.
    expect((await typesOf(late.number)).filter((e) => e.type === 'deadline_passed').every((e) => e.log_index === null)).toBe(true);
    await sequenceCommitted(database.db);
    const events = await typesOf(late.number);
    const passed = events.filter((e) => e.type === 'deadline_passed');
    expect(passed.map((e) => e.data.stage ?? null).sort()).toEqual(['intake', null]);
    expect(passed.every((e) => typeof e.data.due_at === 'string' && e.log_index !== null)).toBe(true);
    expect((await typesOf(fresh.number)).map((e) => e.type)).toEqual(['received']);

    const second = await detectOverdue(database.db);
    expect(second.recorded).toBe(0);
    expect((await typesOf(late.number)).filter((e) => e.type === 'deadline_passed')).toHaveLength(2);

    // Overdue work comes first in the unit's queue and in the auditor's.
    const queue = await officeQueue(database.db, fx.officials.a1, 'unit');
    expect(queue[0]!.number).toBe(late.number);
    expect(queue[0]!.overdue).toBe(true);
    const audit = await officeQueue(database.db, fx.officials.auditor, 'overdue');
    expect(audit.map((r) => r.number)).toContain(late.number);
    expect(audit.map((r) => r.number)).not.toContain(fresh.number);

    // An act that happened before the scan noticed may still be entered afterwards.
    await recordAct(database.db, { number: late.number, act: { type: 'delay_reason_given', stage: 'intake', reason: 'Backlog' }, occurredAt: new Date(Date.now() - 60_000), actor: fx.officials.a1 });
  });

  it('lets only one instance scan at a time', async () => {
    const results = await Promise.all([detectOverdue(database.db), detectOverdue(database.db)]);
    if (dialect === 'postgres') expect(results.filter((r) => r.ran).length).toBeGreaterThanOrEqual(1);
    expect(results.reduce((n, r) => n + r.recorded, 0)).toBe(0);
  });
});
