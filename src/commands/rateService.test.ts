import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CANARY, PDF, createFixture, type Fixture } from '../../test/helpers/fixture.js';
import { DIALECTS, openTestDatabase, type TestDatabase } from '../../test/helpers/db.js';
import { ratedCases, ratingOf, ratingScoresForOffice, ratingsForOffice } from '../db/repos/ratings.js';
import { statisticsInput } from '../db/repos/statistics.js';
import { AppError } from '../errors.js';
import { presentStatistics, statisticsCsv } from '../presenters/statistics.js';
import { rateService, type RateServiceProps } from './rateService.js';
import { recordAct } from './recordAct.js';
import { submitApplication } from './submitApplication.js';

const COMMENT = 'CANARY-RATING-COMMENT-6120: the intake officer was helpful';

async function errorOf(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('expected an AppError');
}

describe.each(DIALECTS)('rating the service on %s', (dialect) => {
  let database: TestDatabase;
  let fx: Fixture;
  const db = () => database.db;
  beforeAll(async () => {
    database = await openTestDatabase(dialect);
    fx = await createFixture(database.db);
  });
  afterAll(async () => database?.close());

  const count = async (table: 'service_rating' | 'event' | 'outbox') => Number((await sql<{ n: string }>`SELECT count(*) AS n FROM ${sql.table(table)}`.execute(db())).rows[0]!.n);

  async function submit(title: string) {
    const receipt = await submitApplication(db(), {
      jurisdictionCode: 'TS', procedureCode: 'building-permit', title, location: { address: '3 Rating-ro' },
      applicant: { name: CANARY.name, email: CANARY.email }, fields: { floor_area: '80' },
      documents: [{ kind: 'plan', filename: 'plan.pdf', bytes: PDF }], channel: 'online',
    });
    const row = await db().selectFrom('application').select(['id']).where('number', '=', receipt.number).executeTakeFirstOrThrow();
    return { number: receipt.number, id: row.id };
  }

  async function withdrawn(title: string) {
    const app = await submit(title);
    await recordAct(db(), { number: app.number, act: { type: 'withdrawn' }, actor: fx.officials.a1 });
    const closed = await db().selectFrom('application').select('closed_at').where('id', '=', app.id).executeTakeFirstOrThrow();
    return { ...app, closedAt: closed.closed_at! };
  }

  const rate = (over: Partial<RateServiceProps> & { applicationId: number }) =>
    rateService(db(), { satisfaction: '4', locale: 'en', windowDays: 30, ...over });

  it('refuses to rate an application that is still open, writing nothing', async () => {
    const app = await submit('Still open');
    const e = await errorOf(rate({ applicationId: app.id, satisfaction: '5' }));
    expect(e.id).toBe('invalid_transition');
    expect(e.key).toBe('error.rating_not_closed');
    expect(await ratingOf(db(), app.id)).toBeUndefined();
  });

  it('names each wrong field and writes nothing', async () => {
    const app = await withdrawn('Bad input');
    const before = await count('service_rating');
    for (const satisfaction of [undefined, '', '0', '6', '3.5', 'great']) {
      const e = await errorOf(rate({ applicationId: app.id, satisfaction }));
      expect(e.id).toBe('validation');
      expect(e.fields.map((f) => f.field)).toEqual(['satisfaction']);
    }
    const long = await errorOf(rate({ applicationId: app.id, satisfaction: '5', comment: 'x'.repeat(2001) }));
    expect(long.fields).toEqual([{ field: 'comment', key: 'error.rating_comment_too_long', values: { max: 2000 } }]);
    const both = await errorOf(rate({ applicationId: app.id, satisfaction: '9', comment: '한'.repeat(2001) }));
    expect(both.fields.map((f) => f.field)).toEqual(['satisfaction', 'comment']);
    expect(await count('service_rating')).toBe(before);
    // 2000 characters of Korean are 6000 bytes: the limit counts characters.
    await rate({ applicationId: app.id, satisfaction: '3', comment: '한'.repeat(2000) });
    expect((await ratingOf(db(), app.id))!.comment).toHaveLength(2000);
  });

  it('records a rating once per application, lets the applicant change it, and appends no event', async () => {
    const app = await withdrawn('Rated and changed');
    const events = await count('event');
    const first = await rate({ applicationId: app.id, satisfaction: '2', comment: `  ${COMMENT}  `, now: new Date(app.closedAt.getTime() + 86_400_000) });
    expect(first.first).toBe(true);
    expect(first.until.getTime()).toBe(app.closedAt.getTime() + 30 * 86_400_000);
    const saved = await db().selectFrom('service_rating').selectAll().where('application_id', '=', app.id).executeTakeFirstOrThrow();
    expect(saved).toMatchObject({ satisfaction: 2, comment: COMMENT, locale: 'en', unit_id: fx.units.build, jurisdiction_id: fx.jurisdictionId });
    const second = await rate({ applicationId: app.id, satisfaction: '5', comment: '', locale: 'ko', now: new Date(app.closedAt.getTime() + 2 * 86_400_000) });
    expect(second.first).toBe(false);
    const changed = await db().selectFrom('service_rating').selectAll().where('application_id', '=', app.id).execute();
    expect(changed).toHaveLength(1);
    expect(changed[0]).toMatchObject({ satisfaction: 5, comment: null, locale: 'ko' });
    expect(changed[0]!.updated_at.getTime()).toBeGreaterThan(changed[0]!.created_at.getTime());
    expect(await count('event')).toBe(events);
  });

  it('fixes the rating once the window has passed', async () => {
    const app = await withdrawn('Late rating');
    await rate({ applicationId: app.id, satisfaction: '1', now: new Date(app.closedAt.getTime() + 1000) });
    const late = new Date(app.closedAt.getTime() + 30 * 86_400_000);
    const e = await errorOf(rate({ applicationId: app.id, satisfaction: '5', now: late }));
    expect(e.key).toBe('error.rating_window_over');
    expect(e.values).toEqual({ days: 30 });
    expect((await ratingOf(db(), app.id))!.satisfaction).toBe(1);
    const never = await withdrawn('Never rated');
    expect((await errorOf(rate({ applicationId: never.id, now: new Date(never.closedAt.getTime() + 31 * 86_400_000) }))).key).toBe('error.rating_window_over');
  });

  it('refuses what the database would refuse anyway', async () => {
    const app = await withdrawn('Constraint check');
    await expect(
      db().insertInto('service_rating').values({ application_id: app.id, jurisdiction_id: fx.jurisdictionId, unit_id: fx.units.build, satisfaction: 6, comment: null, locale: 'en', updated_at: new Date() }).execute(),
    ).rejects.toThrow();
  });

  it('lists ratings with comments for the unit only, and gives statistics the scores without comments', async () => {
    const office = await ratingsForOffice(db(), { unitId: fx.units.build });
    expect(office.length).toBeGreaterThan(0);
    expect(office.some((r) => r.comment === '한'.repeat(2000))).toBe(true);
    expect(await ratingsForOffice(db(), { unitId: fx.units.fire })).toEqual([]);
    expect((await ratingsForOffice(db(), { unitId: null })).length).toBe(office.length);
    // The office's period counts applications closed since then, like the statistics; its summary counts every score.
    const tomorrow = new Date(Date.now() + 86_400_000);
    expect(await ratingsForOffice(db(), { unitId: null }, tomorrow)).toEqual([]);
    expect((await ratingScoresForOffice(db(), { unitId: fx.units.build }, null)).sort()).toEqual(office.map((r) => r.satisfaction).sort());
    expect(await ratingScoresForOffice(db(), { unitId: fx.units.build }, tomorrow)).toEqual([]);
    expect(await ratingScoresForOffice(db(), { unitId: fx.units.fire }, null)).toEqual([]);

    const scores = await ratedCases(db(), null);
    expect(scores.every((s) => Object.keys(s).sort().join() === 'jurisdiction,procedure,satisfaction,unit')).toBe(true);
    expect(await ratedCases(db(), new Date(Date.now() + 86_400_000))).toEqual([]);

    const input = await statisticsInput(db(), null);
    expect(input.ratings).toHaveLength(scores.length);
    const shown = presentStatistics(input, 'all', 1).jurisdictions[0]!;
    const unit = shown.units.find((u) => u.code === 'TS-BUILD')!;
    expect(unit.satisfaction).toMatchObject({ n: scores.length, withheld: false });
    expect(shown.procedures.find((p) => p.code === 'building-permit')!.satisfaction!.n).toBe(scores.length);
    expect(shown.overall.satisfaction!.n).toBe(scores.length);
    const withheld = presentStatistics(input, 'all', 10).jurisdictions[0]!;
    expect(withheld.units.find((u) => u.code === 'TS-BUILD')!.satisfaction).toMatchObject({ n: scores.length, withheld: true, mean: null, satisfied: null });
    const csv = statisticsCsv(presentStatistics(input, 'all', 1));
    expect(csv.split('\r\n')[0]).toContain('satisfaction_mean');
    for (const text of [JSON.stringify(shown), csv]) expect(text).not.toMatch(/CANARY-RATING|한한/);
  });
});
