import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { submitApplication } from '../../src/commands/submitApplication.js';
import { createCalendar, plusDays } from '../../src/domain/calendar.js';
import { CANARY, PASSWORD, PDF, createFixture } from '../helpers/fixture.js';
import { DIALECTS, openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { Client, testServer } from '../helpers/server.js';

const ics = (date: string, summary: string) =>
  `BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Test//EN\r\nBEGIN:VEVENT\r\nUID:${date}@test\r\nDTSTAMP:20260101T000000Z\r\nDTSTART;VALUE=DATE:${date.replace(/-/g, '')}\r\nSUMMARY:${summary}\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n`;

describe.each(DIALECTS)('working calendars over HTTP on %s', (dialect) => {
  let database: TestDatabase;

  let app: FastifyInstance;
  let admin: Client;

  beforeAll(async () => {
    database = await openTestDatabase(dialect);
    await createFixture(database.db);
    app = await testServer(database);
    admin = new Client(app);
    await admin.login('admin', PASSWORD);
  });
  afterAll(async () => {
    await app?.close();
    await database?.close();
  });

  it('serves the public calendar as a page, JSON and an iCalendar feed, each day with its source', async () => {
    const visitor = new Client(app);
    const page = await visitor.get('/calendars/TS?year=2026', { 'accept-language': 'en' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['cache-control']).toBe('public, max-age=60');
    expect(page.body).toContain('9th nationwide local elections');
    expect(page.body).toMatch(/data-date="2026-06-03" data-source="statute"/);
    // A substitute holiday is named once and marked once, and the country is named in the page's language.
    expect(page.body).toContain('Liberation Day (substitute day)');
    expect(page.body).not.toContain('(substitute day) (substitute day)');
    const korean = (await visitor.get('/calendars/TS?year=2026', { 'accept-language': 'ko' })).body;
    expect(korean).toContain('광복절 (대체공휴일)');
    expect(korean).not.toContain('(대체공휴일) (대체공휴일)');
    expect(korean).toContain('대한민국');
    expect(korean).not.toContain('South Korea');
    const json = (await visitor.get('/api/v1/calendars/TS?year=2026')).json();
    expect(json).toMatchObject({ jurisdiction: { code: 'TS' }, year: 2026, weekend: [6, 7], holiday_rules: 2 });
    expect(json.days).toContainEqual({ date: '2026-06-03', weekday: 3, kind: 'holiday', source: 'statute', name: { ko: '제9회 전국동시지방선거', en: '9th nationwide local elections' }, substitute: false });
    const feed = await visitor.get('/calendars/TS/feed.ics?lang=ko');
    expect(feed.headers['content-type']).toMatch(/^text\/calendar/);
    expect(feed.body).toMatch(/^BEGIN:VCALENDAR\r\n/);
    expect(feed.body).toContain('BEGIN:VEVENT');
    expect(feed.body).toContain('SUMMARY:광복절 (대체공휴일)');
    expect(feed.body).not.toMatch(/[^\r]\n/);
    for (const body of [page.body, JSON.stringify(json), feed.body]) {
      for (const canary of Object.values(CANARY)) expect(body).not.toContain(canary);
    }
  });

  it('answers a clear 400 for a year outside any sensible range and 404 for an unknown jurisdiction', async () => {
    const visitor = new Client(app);
    const bad = await visitor.get('/calendars/TS?year=1066', { 'accept-language': 'en' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('A calendar year is from 2000 to 2099');
    expect((await visitor.get('/api/v1/calendars/TS?year=99999')).statusCode).toBe(400);
    expect((await visitor.get('/calendars/XX')).statusCode).toBe(404);
    expect((await visitor.get('/api/v1/calendars/nope')).statusCode).toBe(400);
  });

  it('keeps the administrators’ page to administrators, never cached', async () => {
    expect((await new Client(app).get('/admin/calendars/TS')).statusCode).toBe(303);
    const boss = new Client(app);
    await boss.login('boss', PASSWORD);
    expect((await boss.get('/admin/calendars/TS')).statusCode).toBe(403);
    const refused = await boss.postForm('/admin/calendars/TS/days', { date: '2031-01-02', kind: 'closure', name_ko: 'x', reason: 'x' }, { csrf: await boss.csrf('/office') });
    expect(refused.statusCode).toBe(403);
    const page = await admin.get('/admin/calendars/TS');
    expect(page.statusCode).toBe(200);
    expect(page.headers['cache-control']).toBe('private, no-store');
  });

  it('refuses a bad day with a message on the form and changes nothing', async () => {
    const before = (await admin.get('/api/v1/calendars/TS')).json().version;
    const res = await admin.postForm('/admin/calendars/TS/days', { date: '2026-02-30', kind: 'designated', name_ko: '휴일', reason: 'x' }, { csrf: await admin.csrf('/admin/calendars/TS') });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('error-summary');
    expect((await admin.get('/api/v1/calendars/TS')).json().version).toBe(before);
  });

  it('previews and imports an iCalendar file of designated holidays; an application’s explanation then skips the day, naming the calendar version', async () => {
    const calendar = createCalendar({ timeZone: 'Asia/Seoul', country: 'KR' });
    let day = plusDays(calendar.localDate(Date.now()), 1);
    while (!calendar.isWorkingDay(day)) day = plusDays(day, 1);
    const { number } = await submitApplication(database.db, {
      jurisdictionCode: 'TS', procedureCode: 'building-permit', title: 'Calendar test', location: { address: '1 Calendar-ro' },
      applicant: { name: CANARY.name }, fields: { floor_area: '10' }, documents: [{ kind: 'plan', filename: 'plan.pdf', bytes: PDF }], channel: 'online',
    });
    const before = (await new Client(app).get(`/api/v1/applications/${number}`)).json().clock.application;

    const preview = await admin.postMultipart('/admin/calendars/TS/import', { year: day.slice(0, 4) }, [{ field: 'file', filename: 'designated.ics', bytes: Buffer.from(ics(day, '임시공휴일')), type: 'text/calendar' }], { csrf: await admin.csrf('/admin/calendars/TS') });
    expect(preview.statusCode).toBe(200);
    expect(preview.body).toContain(`data-date="${day}" data-action="add"`);
    expect((await new Client(app).get(`/api/v1/applications/${number}`)).json().clock.application.due_at).toBe(before.due_at);

    const token = preview.body.match(/name="_csrf" value="([^"]+)"/)![1]!;
    const content = preview.body.match(/name="content" value="([^"]*)"/)![1]!.replace(/&#13;/g, '\r').replace(/&#10;/g, '\n').replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>');
    const version = preview.body.match(/name="version" value="(\d+)"/)![1]!;
    const saved = await admin.postForm('/admin/calendars/TS/import/confirm', { filename: 'designated.ics', content, version, kind: 'designated', reason: 'Cabinet decision' }, { csrf: token });
    expect(saved.statusCode).toBe(303);

    const after = (await new Client(app).get(`/api/v1/applications/${number}`)).json().clock.application;
    expect(Date.parse(after.due_at)).toBeGreaterThan(Date.parse(before.due_at));
    expect(after.explanation).toContainEqual(expect.objectContaining({ step: 'skipped_day', date: day, source: 'designated', name: { ko: '임시공휴일', en: '임시공휴일' } }));
    const cal = (await new Client(app).get(`/api/v1/calendars/TS?year=${day.slice(0, 4)}`)).json();
    expect(after.explanation).toContainEqual({ step: 'calendar', version: cal.version, holiday_rules: 2 });
    expect(cal.history[0]).toMatchObject({ kind: 'imported', reason: 'Cabinet decision', data: { days: [{ date: day, name: '임시공휴일' }] } });
    const page = await new Client(app).get(`/applications/${number}`, { 'accept-language': 'en' });
    expect(page.body).toContain('holiday designated by the government (임시공휴일)');
    expect(page.body).toContain(`Counted on version ${cal.version} of the jurisdiction’s working calendar`);
  });

  it('refuses an unreadable file whole, showing why, and saves nothing', async () => {
    const before = (await admin.get('/api/v1/calendars/TS')).json().version;
    const res = await admin.postMultipart('/admin/calendars/TS/import', {}, [{ field: 'file', filename: 'holidays.csv', bytes: Buffer.from('locdate,dateName,isHoliday\n20270101,New year,Y\n2027-13-40,Bad,Y\n'), type: 'text/csv' }], { csrf: await admin.csrf('/admin/calendars/TS') });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('import-problems');
    expect(res.body).not.toContain('/import/confirm');
    expect((await admin.get('/api/v1/calendars/TS')).json().version).toBe(before);
  });

  it('sets a Sunday-only week from the settings form, and the public page says so', async () => {
    const res = await admin.postForm('/admin/calendars/TS/settings', { weekend: 'sun', country: 'KR', region: '', hours_start: '09:00', hours_end: '18:00', break_start: '12:00', break_end: '13:00', settings_reason: 'Saturday service' }, { csrf: await admin.csrf('/admin/calendars/TS') });
    expect(res.statusCode).toBe(303);
    expect((await new Client(app).get('/api/v1/calendars/TS')).json().weekend).toEqual([7]);
    const unknown = await admin.postForm('/admin/calendars/TS/settings', { weekend: 'sun', country: 'QQ', region: '', hours_start: '09:00', hours_end: '18:00', break_start: '', break_end: '', settings_reason: 'x' }, { csrf: await admin.csrf('/admin/calendars/TS') });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.body).toContain('이 국가 코드의 공휴일 규칙을 찾을 수 없습니다');
    await admin.postForm('/admin/calendars/TS/settings', { weekend: 'sat_sun', country: 'KR', region: '', hours_start: '09:00', hours_end: '18:00', break_start: '12:00', break_end: '13:00', settings_reason: 'Back' }, { csrf: await admin.csrf('/admin/calendars/TS') });
  });
});
