import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordAct } from '../../commands/recordAct.js';
import { submitApplication } from '../../commands/submitApplication.js';
import type { OfficialActor } from '../../domain/actor.js';
import { periodStart, PERIODS } from '../../domain/statistics.js';
import { toRfc3339 } from '../../domain/time.js';
import { presentStatistics, statisticsCsv } from '../../presenters/statistics.js';
import { CANARY, PDF, createFixture, type Fixture } from '../../../test/helpers/fixture.js';
import { DIALECTS, openTestDatabase, type TestDatabase } from '../../../test/helpers/db.js';
import { localized } from './localized.js';
import { insertRatings } from './ratings.js';
import { statisticsInput, type StatisticsInput } from './statistics.js';

const DAY = 86_400_000;

/**
 * The input as statistics read it before the database counted it: one row per decided case, open case and delay
 * reason, the month formatted in the jurisdiction's zone here rather than in SQL. Run after `statisticsInput`, which
 * stores every outcome.
 */
async function naiveInput(db: TestDatabase['db'], since: Date | null, counted: StatisticsInput): Promise<StatisticsInput> {
  const jurisdictions = await db.selectFrom('jurisdiction').selectAll().execute();
  const byId = new Map(jurisdictions.map((j) => [j.id, j]));
  let decided = db
    .selectFrom('application as a')
    .innerJoin('unit as u', 'u.id', 'a.unit_id')
    .innerJoin('case_outcome as co', 'co.application_id', 'a.id')
    .leftJoin('official as o', 'o.id', 'a.assigned_official_id')
    .select(['a.jurisdiction_id', 'u.code as unit', 'a.procedure_code', 'a.closed_at', 'o.id as official_id', 'o.name_ko', 'o.name_en', 'o.names', 'co.working_minutes', 'co.on_time'])
    .where('a.closed_at', 'is not', null)
    .where('a.status', '<>', 'withdrawn')
    .orderBy('a.id');
  if (since) decided = decided.where('a.closed_at', '>=', since);
  let reasons = db
    .selectFrom('event as e')
    .innerJoin('application as a', 'a.id', 'e.application_id')
    .innerJoin('jurisdiction as j', 'j.id', 'a.jurisdiction_id')
    .innerJoin('unit as u', 'u.id', 'a.unit_id')
    .select(['j.code as jurisdiction', 'u.code as unit', sql<string | null>`e.data->>'category'`.as('category')])
    .where('e.type', '=', 'delay_reason_given');
  if (since) reasons = reasons.where('e.occurred_at', '>=', since);
  const open = await db
    .selectFrom('application as a')
    .innerJoin('jurisdiction as j', 'j.id', 'a.jurisdiction_id')
    .innerJoin('unit as u', 'u.id', 'a.unit_id')
    .select(['j.code as jurisdiction', 'u.code as unit', 'a.procedure_code as procedure', sql<boolean>`(a.overdue_since IS NOT NULL)`.as('overdue')])
    .where('a.closed_at', 'is', null)
    .execute();
  return {
    ...counted,
    decided: (await decided.execute()).map((r) => {
      const j = byId.get(r.jurisdiction_id)!;
      return {
        jurisdiction: j.code,
        unit: r.unit,
        procedure: r.procedure_code,
        workingDays: r.working_minutes / 480,
        onTime: r.on_time,
        month: toRfc3339(r.closed_at!, j.time_zone).slice(0, 7),
        official: j.show_official_names && r.official_id !== null ? { code: `official-${r.official_id}`, name: localized(r.name_ko!, r.name_en!, r.names, j.offered_locales) } : null,
        count: 1,
      };
    }),
    open: open.map((o) => ({ ...o, count: 1 })),
    delayReasons: (await reasons.execute()).map((r) => ({ ...r, count: 1 })),
  };
}

describe.each(DIALECTS)('statistics counted in the database on %s', (dialect) => {
  let database: TestDatabase;
  let fx: Fixture;
  let other: OfficialActor;
  const now = Date.now();

  beforeAll(async () => {
    database = await openTestDatabase(dialect);
    fx = await createFixture(database.db);
    const db = database.db;
    // A second jurisdiction, in another zone and not publishing officials' names, with one unit, the same procedure
    // and one official.
    await db.insertInto('jurisdiction').values({ id: 'other.example', code: 'OT', name_ko: '다른시', name_en: 'Other Town', time_zone: 'America/New_York', show_official_names: false }).execute();
    const unitId = (await db.insertInto('unit').values({ jurisdiction_id: 'other.example', code: 'OT-PLAN', name_ko: '계획과', name_en: 'Planning', phone: null, email: null }).returning('id').executeTakeFirstOrThrow()).id;
    await sql`INSERT INTO procedure (jurisdiction_id, code, version, is_current, category, unit_id, name_ko, name_en, purpose_ko, purpose_en, legal_basis_ko, legal_basis_en, fee_krw, statutory_days, documents, fields, stages, created_by)
      SELECT 'other.example', code, version, is_current, category, ${unitId}, name_ko, name_en, purpose_ko, purpose_en, legal_basis_ko, legal_basis_en, fee_krw, statutory_days, documents, fields, stages, created_by
      FROM procedure WHERE jurisdiction_id = ${fx.jurisdictionId}`.execute(db);
    const a1 = await db.selectFrom('official').select(['password_hash', 'title_ko', 'title_en']).where('id', '=', fx.officials.a1.id).executeTakeFirstOrThrow();
    const otherId = (await db.insertInto('official').values({ jurisdiction_id: 'other.example', unit_id: unitId, login: 'ot1', name_ko: '오타운', name_en: 'Oh Town', roles: ['official'], ...a1 }).returning('id').executeTakeFirstOrThrow()).id;
    other = { kind: 'official', id: otherId, login: 'ot1', jurisdictionId: 'other.example', unitId, unitCode: 'OT-PLAN', roles: ['official'] };

    // Received and decided (or withdrawn) so many days ago; null leaves the case open. The decision a month ago at
    // 03:00 UTC on the 1st falls in the previous month in New York and in that month in Seoul.
    const firstOfMonth = new Date(Date.UTC(new Date(now).getUTCFullYear(), new Date(now).getUTCMonth() - 1, 1, 3)).getTime();
    const cases: { official: OfficialActor; received: number; closed: number | null; withdrawn?: boolean; delay?: string | null; rating?: number }[] = [
      { official: fx.officials.a1, received: now - 400 * DAY, closed: now - 380 * DAY, delay: 'workload' },
      { official: fx.officials.a1, received: now - 300 * DAY, closed: now - 250 * DAY, rating: 3 },
      { official: fx.officials.a2, received: now - 200 * DAY, closed: now - 170 * DAY, delay: 'site_inspection', rating: 4 },
      { official: fx.officials.a1, received: now - 100 * DAY, closed: now - 85 * DAY },
      { official: fx.officials.a2, received: now - 60 * DAY, closed: now - 59 * DAY, rating: 5 },
      { official: fx.officials.a1, received: now - 50 * DAY, closed: now - 20 * DAY, delay: null },
      { official: fx.officials.a2, received: now - 30 * DAY, closed: now - 29 * DAY },
      { official: fx.officials.a1, received: now - 10 * DAY, closed: now - 9 * DAY, rating: 2 },
      { official: fx.officials.a2, received: firstOfMonth - DAY, closed: firstOfMonth },
      { official: fx.officials.a1, received: now - 5 * DAY, closed: null },
      { official: fx.officials.a2, received: now - 40 * DAY, closed: null, delay: 'workload' },
      { official: fx.officials.a1, received: now - 20 * DAY, closed: now - 15 * DAY, withdrawn: true, rating: 1 },
      { official: other, received: now - 500 * DAY, closed: now - 470 * DAY },
      { official: other, received: now - 200 * DAY, closed: now - 199 * DAY, rating: 5 },
      { official: other, received: now - 80 * DAY, closed: now - 60 * DAY, delay: 'legal_question' },
      { official: other, received: now - 35 * DAY, closed: now - 34 * DAY },
      { official: other, received: firstOfMonth - DAY, closed: firstOfMonth },
      { official: other, received: now - 3 * DAY, closed: null },
      { official: other, received: now - 12 * DAY, closed: now - 11 * DAY, withdrawn: true },
    ];
    for (const [i, c] of cases.entries()) {
      const received = new Date(c.received);
      const { number } = await submitApplication(db, {
        jurisdictionCode: c.official === other ? 'OT' : 'TS', procedureCode: 'building-permit', title: `Counted ${i}`, location: { address: `${i} Count-ro` },
        applicant: { name: CANARY.name }, fields: { floor_area: '5' }, documents: [{ kind: 'plan', filename: 'p.pdf', bytes: PDF }], channel: 'counter',
        receivedAt: received, now: received,
      });
      const act = (a: Parameters<typeof recordAct>[1]['act'], at: number) => recordAct(db, { number, act: a, actor: c.official, occurredAt: new Date(at) });
      await act({ type: 'assigned', officialId: c.official.id }, c.received + 3_600_000);
      await act({ type: 'stage_started', stage: 'intake' }, c.received + 7_200_000);
      // A case decided after its intake's two working days needs a delay reason (a workload one unless the table
      // names another, or none); an open one gets its reason once overdue.
      const late = (c.closed ?? now) - c.received > 2 * DAY && !c.withdrawn;
      const delay = c.delay === undefined ? 'workload' : c.delay;
      const reasonAt = c.closed === null ? c.received + 20 * DAY : c.closed - 60_000;
      if (late && (c.closed !== null ? true : c.delay !== undefined)) {
        await act({ type: 'delay_reason_given', stage: 'intake', reason: 'Busy', ...(delay ? { category: delay } : {}) } as never, reasonAt);
      }
      if (c.closed === null) continue;
      if (c.withdrawn) await act({ type: 'withdrawn' }, c.closed);
      else await act({ type: 'decision', outcome: 'rejected', reasons: 'Incomplete', redress: 'Appeal within 90 days' }, c.closed);
      if (c.rating) {
        const row = await db.selectFrom('application').select(['id', 'jurisdiction_id', 'unit_id']).where('number', '=', number).executeTakeFirstOrThrow();
        await db.transaction().execute((trx) => insertRatings(trx, [{ applicationId: row.id, jurisdictionId: row.jurisdiction_id, unitId: row.unit_id, satisfaction: c.rating!, comment: null, locale: 'en', at: new Date(c.closed!) }]));
      }
    }
    // One outcome is missing and one was computed with an old calendar: both are replayed before counting.
    const decided = await db.selectFrom('case_outcome').select('application_id').orderBy('application_id').execute();
    await db.deleteFrom('case_outcome').where('application_id', '=', decided[0]!.application_id).execute();
    await db.updateTable('case_outcome').set({ calendar_key: 'old', working_minutes: 1, on_time: false }).where('application_id', '=', decided[1]!.application_id).execute();
  });
  afterAll(async () => {
    await database?.close();
  });

  it.each(PERIODS)('gives the same figures as one row per case for the period %s', async (period) => {
    const since = periodStart(period, new Date(now));
    const counted = await statisticsInput(database.db, since);
    const naive = await naiveInput(database.db, since, counted);
    expect(counted.decided.reduce((n, d) => n + d.count, 0)).toBe(naive.decided.length);
    const a = presentStatistics(counted, period, 1);
    const b = presentStatistics(naive, period, 1);
    expect(a).toEqual(b);
    expect(statisticsCsv(a)).toBe(statisticsCsv(b));
    expect(presentStatistics(counted, period)).toEqual(presentStatistics(naive, period));
  });

  it('counts what a reader can check by hand', async () => {
    const all = presentStatistics(await statisticsInput(database.db, null), 'all', 1);
    const ts = all.jurisdictions.find((j) => j.code === 'TS')!;
    const ot = all.jurisdictions.find((j) => j.code === 'OT')!;
    // Withdrawals are not decisions; the replayed outcomes count like the stored ones.
    expect(ts.overall.decided.n).toBe(9);
    expect(ot.overall.decided.n).toBe(5);
    expect(ts.overall.open).toBe(2);
    expect(ot.overall.open).toBe(1);
    expect(ts.officials.map((o) => o.decided.n).sort()).toEqual([4, 5]);
    expect(ot.officials).toEqual([]);
    expect(ts.delays.find((d) => d.category === 'workload')!.count).toBe(4);
    expect(ts.delays.find((d) => d.category === 'site_inspection')!.count).toBe(1);
    expect(ts.delays.find((d) => d.category === 'not_stated')!.count).toBe(1);
    expect(ot.delays.find((d) => d.category === 'legal_question')!.count).toBe(1);
    expect(ot.delays.find((d) => d.category === 'workload')!.count).toBe(1);
    expect(ts.overall.satisfaction!.n).toBe(5);
    // The decision at 03:00 UTC on the 1st: that month in Seoul, the month before in New York.
    const first = new Date(Date.UTC(new Date(now).getUTCFullYear(), new Date(now).getUTCMonth() - 1, 1, 3));
    const seoul = toRfc3339(first, 'Asia/Seoul').slice(0, 7);
    const newYork = toRfc3339(first, 'America/New_York').slice(0, 7);
    expect(seoul).not.toBe(newYork);
    const input = await statisticsInput(database.db, null);
    expect(input.decided.some((d) => d.jurisdiction === 'TS' && d.month === seoul)).toBe(true);
    expect(input.decided.some((d) => d.jurisdiction === 'OT' && d.month === newYork)).toBe(true);
    // Every outcome is stored with the current calendar after a computation.
    expect(await database.db.selectFrom('case_outcome').select('calendar_key').where('calendar_key', '=', 'old').execute()).toEqual([]);
  });

  it('computes figures over the period as the days before now, the shorter periods within the longer', async () => {
    const n = async (period: (typeof PERIODS)[number]) =>
      presentStatistics(await statisticsInput(database.db, periodStart(period, new Date(now))), period).jurisdictions.find((j) => j.code === 'TS')!.overall.decided.n;
    expect([await n('90'), await n('365'), await n('all')]).toEqual([6, 8, 9]);
  });
});
