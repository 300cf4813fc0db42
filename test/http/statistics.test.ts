import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordAct } from '../../src/commands/recordAct.js';
import { submitApplication } from '../../src/commands/submitApplication.js';
import { CANARY, PDF, createFixture, type Fixture } from '../helpers/fixture.js';
import { DIALECTS, openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { Client, testServer } from '../helpers/server.js';
import { statisticsCache } from '../../src/http/statisticsCache.js';

describe.each(DIALECTS)('public statistics on %s', (dialect) => {
  let database: TestDatabase;
  let fx: Fixture;
  let app: FastifyInstance;

  beforeAll(async () => {
    database = await openTestDatabase(dialect);
    fx = await createFixture(database.db);
    app = await testServer(database);
    // Twelve decided cases (rejected at intake, so quickly on time) and one open.
    for (let i = 0; i < 13; i++) {
      const { number } = await submitApplication(database.db, {
        jurisdictionCode: 'TS', procedureCode: 'building-permit', title: `Stats ${i}`, location: { address: `${i} Stat-ro` },
        applicant: { name: CANARY.name }, fields: { floor_area: '5' }, documents: [{ kind: 'plan', filename: 'p.pdf', bytes: PDF }], channel: 'online',
      });
      if (i === 12) break;
      await recordAct(database.db, { number, act: { type: 'assigned', officialId: fx.officials.a1.id }, actor: fx.officials.a1 });
      await recordAct(database.db, { number, act: { type: 'stage_started', stage: 'intake' }, actor: fx.officials.a1 });
      await recordAct(database.db, { number, act: { type: 'decision', outcome: 'rejected', reasons: 'Incomplete', redress: 'Appeal within 90 days' }, actor: fx.officials.a1 });
    }
  });
  afterAll(async () => {
    await app?.close();
    await database?.close();
  });

  it('publishes volume, on-time share with its interval and the league table, withholding small samples', async () => {
    const client = new Client(app);
    const json = (await client.get('/api/v1/statistics')).json();
    const ts = json.jurisdictions.find((j: { code: string }) => j.code === 'TS');
    expect(ts.overall.decided.n).toBe(12);
    expect(ts.overall.decided.withheld).toBe(false);
    expect(ts.overall.decided.on_time.share).toBe(1);
    expect(ts.overall.decided.on_time.lower).toBeGreaterThan(0.7);
    expect(ts.overall.decided.on_time.lower).toBeLessThan(1);
    expect(ts.units[0]).toMatchObject({ code: 'TS-BUILD', rank: 1, open: 1 });
    // One open case is below the minimum sample: the overdue share is withheld.
    expect(ts.units[0].overdue_now).toBeNull();
    const page = await client.get('/statistics', { 'accept-language': 'en' });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('League table of departments, Test City');
    // A long page opens with its contents: a jump link to every jurisdiction and its sections.
    expect(page.body).toMatch(/data-testid="contents"[^]*href="#j-TS"[^]*href="#j-TS-satisfaction"/);
    expect(page.body).toContain('id="j-TS-satisfaction"');
    expect(page.body).toContain('Building Division');
    for (const canary of Object.values(CANARY)) expect(page.body).not.toContain(canary);
    // In Korean, the download links say what they are in Korean, never a bare format name.
    const ko = (await client.get('/statistics', { 'accept-language': 'ko' })).body;
    expect(ko).toContain('>JSON으로 내려받기</a>');
    expect(ko).not.toMatch(/>(JSON|CSV)<\/a>/);
    const csv = await client.get('/statistics.csv?period=all');
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    expect(csv.body.startsWith('\uFEFF')).toBe(true);
    expect(csv.body.split('\r\n')[0]).toContain('on_time_lower');
    expect(csv.body).toContain('all,TS,unit,TS-BUILD');

    // This month's twelve decisions make one point of the trend, drawn as an accessible SVG with its data table.
    expect(ts.trend).toHaveLength(1);
    expect(ts.trend[0]).toMatchObject({ n: 12, median: expect.any(Number), on_time: { share: 1 } });
    const unitTrend = await client.get('/statistics?period=all&trend=TS-BUILD', { 'accept-language': 'en' });
    expect(unitTrend.body).toContain('Month by month: Building Division');
    expect(unitTrend.body).toMatch(/<svg class="chart" role="img" aria-labelledby="trend-on-time-title trend-on-time-desc"/);
    expect(unitTrend.body).toContain('class="chart-line"');
    expect(unitTrend.body).toMatch(/<table data-testid="trend-table">[\s\S]*<td>12<\/td><td>100%/);
    expect(unitTrend.body).not.toMatch(/\sstyle="/);
    // Names are published in this jurisdiction: figures per official, withheld below the minimum sample.
    expect(ts.officials.map((o: { name: { en: string } }) => o.name.en)).toContain('Kim Min-jun');
  });

  it('keeps each interval in order on an Arabic page, isolated left to right so its dash is not a minus sign', async () => {
    const page = (await new Client(app).get('/statistics?period=all&trend=TS-BUILD&lang=ar')).body;
    // League table, satisfaction and the month-by-month table all write the share then its interval.
    const intervals = [...page.matchAll(/<bdi dir="ltr" class="interval">\((\d[\d.]*)%–(\d[\d.]*)%\)<\/bdi>/g)];
    expect(intervals.length).toBeGreaterThanOrEqual(3);
    for (const [, lower, upper] of intervals) expect(Number(lower)).toBeLessThanOrEqual(Number(upper));
    // No interval is written bare, where Arabic order would swap its ends.
    expect(page).not.toMatch(/(?<!class="interval">)\(\d[\d.]*%–/);
  });

  it('shows satisfaction averages with two decimals in the reader’s language, in tables a keyboard can scroll', async () => {
    // Eleven of the decided cases rated 4 (the Building Division), one rated by the Fire Division: withheld there.
    const decided = await database.db.selectFrom('application').select(['id', 'jurisdiction_id', 'unit_id']).where('closed_at', 'is not', null).orderBy('id').execute();
    const fire = await database.db.selectFrom('unit').select('id').where('code', '=', 'TS-FIRE').executeTakeFirstOrThrow();
    await database.db
      .insertInto('service_rating')
      .values(decided.map((a, i) => ({ application_id: a.id, jurisdiction_id: a.jurisdiction_id, unit_id: i === 0 ? fire.id : a.unit_id, satisfaction: 4, comment: null, locale: 'en', updated_at: new Date() })))
      .execute();
    const page = await app.inject({ url: '/statistics?lang=en' });
    const units = page.body.match(/<table data-testid="satisfaction-units-TS">[\s\S]*?<\/table>/)?.[0] ?? '';
    // "4.00", not "4", so the column reads alike for every group; the jurisdiction's total is the table's foot.
    expect(units).toMatch(/<tbody><tr><th scope="row">Building Division<\/th><td>11<\/td><td>4\.00 \/ 5<\/td>/);
    expect(units).toMatch(/<tr><th scope="row">Fire Division<\/th><td>1<\/td><td><span class="muted">withheld/);
    expect(units).toMatch(/<tfoot class="total"><tr><th scope="row">Test City<\/th><td>12<\/td><td>4\.00 \/ 5<\/td>/);
    expect(page.body).toContain('<div class="table-wrap" tabindex="0" role="region" aria-label="Applicants’ satisfaction by department, Test City"><table data-testid="satisfaction-units-TS">');
    expect(page.body).not.toMatch(/<div class="table-wrap">/);
    const korean = await app.inject({ url: '/statistics?lang=ko' });
    expect(korean.body).toContain('<td>4.00 / 5</td>');
  });
  it('stores each decided case\'s outcome once and recomputes it only when its calendar changes', async () => {
    const { statisticsInput, calendarKey } = await import('../../src/db/repos/statistics.js');
    const first = await statisticsInput(database.db, null);
    const stored = await database.db.selectFrom('case_outcome').select(['application_id', 'calendar_key', 'working_minutes', 'computed_at']).execute();
    expect(stored.length).toBe(first.decided.reduce((n, d) => n + d.count, 0));
    // A second computation reads the stored outcomes: the same figures, nothing rewritten.
    const second = await statisticsInput(database.db, null);
    expect(second.decided).toEqual(first.decided);
    const again = await database.db.selectFrom('case_outcome').select(['application_id', 'computed_at']).execute();
    expect(again.map((r) => r.computed_at.getTime()).sort()).toEqual(stored.map((r) => r.computed_at.getTime()).sort());
    // A changed calendar (a closure added later) makes every case of the jurisdiction be replayed with it.
    await database.db.updateTable('jurisdiction').set((eb) => ({ calendar_version: eb('calendar_version', '+', 1) })).where('code', '=', 'TS').execute();
    const third = await statisticsInput(database.db, null);
    expect(third.decided).toEqual(first.decided);
    const j = await database.db.selectFrom('jurisdiction').select(['calendar_version', 'time_zone', 'country']).where('code', '=', 'TS').executeTakeFirstOrThrow();
    const keys = new Set((await database.db.selectFrom('case_outcome').select('calendar_key').execute()).map((r) => r.calendar_key));
    expect(keys).toEqual(new Set([calendarKey(j)]));
    expect(keys.has(stored[0]!.calendar_key)).toBe(false);
    // Saving the same time zone changes nothing; another one is refused once the jurisdiction has published events,
    // since every leaf of the log is written in it (ADR 0002), so stored outcomes can never go stale that way.
    const { saveJurisdiction } = await import('../../src/commands/admin/saveJurisdiction.js');
    const row = await database.db.selectFrom('jurisdiction').selectAll().where('code', '=', 'TS').executeTakeFirstOrThrow();
    const save = (timeZone: string) => saveJurisdiction(database.db, fx.officials.admin, { id: row.id, code: row.code, nameKo: row.name_ko, nameEn: row.name_en, timeZone, showOfficialNames: row.show_official_names });
    await save(row.time_zone);
    expect((await database.db.selectFrom('jurisdiction').select('calendar_version').where('code', '=', 'TS').executeTakeFirstOrThrow()).calendar_version).toBe(row.calendar_version);
    await expect(save('Asia/Tokyo')).rejects.toMatchObject({ id: 'validation', fields: [{ field: 'time_zone', key: 'error.time_zone_frozen' }] });
    const kept = await database.db.selectFrom('jurisdiction').select(['calendar_version', 'time_zone']).where('code', '=', 'TS').executeTakeFirstOrThrow();
    expect(kept).toEqual({ calendar_version: row.calendar_version, time_zone: row.time_zone });
  });

  it('stores a case\'s outcome in the transaction that records its decision, equal to a later replay', async () => {
    const { statisticsInput } = await import('../../src/db/repos/statistics.js');
    const { number } = await submitApplication(database.db, {
      jurisdictionCode: 'TS', procedureCode: 'building-permit', title: 'Stats outcome', location: { address: '98 Stat-ro' },
      applicant: { name: CANARY.name }, fields: { floor_area: '5' }, documents: [{ kind: 'plan', filename: 'p.pdf', bytes: PDF }], channel: 'online',
    });
    const id = (await database.db.selectFrom('application').select('id').where('number', '=', number).executeTakeFirstOrThrow()).id;
    const outcome = () => database.db.selectFrom('case_outcome').select(['calendar_key', 'working_minutes', 'on_time']).where('application_id', '=', id).executeTakeFirst();
    await recordAct(database.db, { number, act: { type: 'stage_started', stage: 'intake' }, actor: fx.officials.a1 });
    await recordAct(database.db, { number, act: { type: 'site_inspection', stage: 'intake', note: 'Visited' }, actor: fx.officials.a1 });
    expect(await outcome()).toBeUndefined();
    await recordAct(database.db, { number, act: { type: 'decision', outcome: 'rejected', reasons: 'Incomplete', redress: 'Appeal within 90 days' }, actor: fx.officials.a1 });
    const atDecision = await outcome();
    expect(atDecision).toMatchObject({ on_time: true });
    // The replay statistics would make without it gives the same row.
    await database.db.deleteFrom('case_outcome').where('application_id', '=', id).execute();
    await statisticsInput(database.db, null);
    expect(await outcome()).toEqual(atDecision);
  });

  // Last: it adds a decided case.
  it('computes each period once per interval for everyone, then serves the last figures while recomputing', async () => {
    let now = Date.parse('2026-11-24T00:00:00Z');
    const statisticsFor = statisticsCache(database.db, 60_000, () => now);
    const decided = (r: { stats: { jurisdictions: { code: string; overall: { decided: { n: number } } }[] } }) => r.stats.jurisdictions.find((j) => j.code === 'TS')!.overall.decided.n;
    // Concurrent requests share one computation.
    const [a, b] = await Promise.all([statisticsFor('all'), statisticsFor('all')]);
    expect(a).toBe(b);
    const before = decided(a);
    // A new decision is not seen within the interval...
    const { number } = await submitApplication(database.db, {
      jurisdictionCode: 'TS', procedureCode: 'building-permit', title: 'Stats late', location: { address: '99 Stat-ro' },
      applicant: { name: CANARY.name }, fields: { floor_area: '5' }, documents: [{ kind: 'plan', filename: 'p.pdf', bytes: PDF }], channel: 'online',
    });
    await recordAct(database.db, { number, act: { type: 'stage_started', stage: 'intake' }, actor: fx.officials.a1 });
    await recordAct(database.db, { number, act: { type: 'decision', outcome: 'rejected', reasons: 'Incomplete', redress: 'Appeal within 90 days' }, actor: fx.officials.a1 });
    now += 30_000;
    expect(await statisticsFor('all')).toBe(a);
    // ...after it, the old figures come back at once while new ones are computed, and the next request has them.
    now += 60_000;
    const stale = await statisticsFor('all');
    expect(decided(stale)).toBe(before);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const fresh = await statisticsFor('all');
    expect(decided(fresh)).toBe(before + 1);
    expect(fresh.computedAt.getTime()).toBe(now);
    // Each period has its own figures.
    expect((await statisticsFor('90')).stats.period).toBe('90');
  });

  it('counts delays by the category of their reason, in the reader\'s language, with reasons from before categories as not stated', async () => {
    const { number } = await submitApplication(database.db, {
      jurisdictionCode: 'TS', procedureCode: 'building-permit', title: 'Delayed one', location: { address: '1 Slow-ro' },
      applicant: { name: CANARY.name }, fields: { floor_area: '5' }, documents: [{ kind: 'plan', filename: 'p.pdf', bytes: PDF }], channel: 'online',
    });
    await recordAct(database.db, { number, act: { type: 'assigned', officialId: fx.officials.a1.id }, actor: fx.officials.a1 });
    await recordAct(database.db, { number, act: { type: 'stage_started', stage: 'intake' }, actor: fx.officials.a1 });
    // The same category written in two languages counts twice under one name; a text alone (as before) is "not stated".
    await recordAct(database.db, { number, act: { type: 'delay_reason_given', stage: 'intake', category: 'workload', reason: '신청 급증' }, actor: fx.officials.a1 });
    await recordAct(database.db, { number, act: { type: 'delay_reason_given', stage: 'intake', category: 'workload', reason: 'A surge in applications' }, actor: fx.officials.a1 });
    await recordAct(database.db, { number, act: { type: 'delay_reason_given', stage: 'intake', reason: 'Written before categories' }, actor: fx.officials.a1 });
    const client = new Client(app);
    const ts = (await client.get('/api/v1/statistics')).json().jurisdictions.find((j: { code: string }) => j.code === 'TS');
    const delays = Object.fromEntries(ts.delays.map((d: { category: string; count: number }) => [d.category, d.count]));
    expect(delays).toMatchObject({ workload: 2, not_stated: 1, waiting_other_body: 0 });
    expect(ts.overall.top_delay_reasons).toEqual([{ category: 'workload', count: 2 }, { category: 'not_stated', count: 1 }]);
    const korean = await client.get('/statistics?lang=ko');
    expect(korean.body).toContain('처리가 늦어진 이유');
    expect(korean.body).toContain('업무량 과다 (2)');
    expect(korean.body).toContain('분류 없음 (분류 도입 전 기록)');
    // No wording of any office appears as a category, and no English on the Korean page.
    for (const text of ['신청 급증', 'A surge in applications', 'Written before categories', 'Workload of the office']) expect(korean.body).not.toContain(text);
    const english = await client.get('/statistics?lang=en');
    expect(english.body).toMatch(/<th scope="row">Workload of the office<\/th>\s*<td class="num">2<\/td>\s*<td class="num">66\.7%<\/td>/);
  });
});
