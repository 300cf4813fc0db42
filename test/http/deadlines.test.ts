import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordAct } from '../../src/commands/recordAct.js';
import { submitApplication } from '../../src/commands/submitApplication.js';
import { createCalendar, plusDays } from '../../src/domain/calendar.js';
import { CANARY, PASSWORD, PDF, createFixture, type Fixture } from '../helpers/fixture.js';
import { DIALECTS, openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { Client, testServer } from '../helpers/server.js';

const DAY = 86_400_000;

describe.each(DIALECTS)('deadlines on %s', (dialect) => {
  let database: TestDatabase;
  let fx: Fixture;
  let app: FastifyInstance;

  const file = (receivedAt?: Date) =>
    submitApplication(database.db, {
      jurisdictionCode: 'TS', procedureCode: 'building-permit', title: 'Deadline test', location: { address: '1 Clock-ro' },
      applicant: { name: CANARY.name }, fields: { floor_area: '10' }, documents: [{ kind: 'plan', filename: 'plan.pdf', bytes: PDF }],
      channel: 'online', receivedAt,
    });

  beforeAll(async () => {
    database = await openTestDatabase(dialect);
    fx = await createFixture(database.db);
    app = await testServer(database);
  });
  afterAll(async () => {
    await app?.close();
    await database?.close();
  });

  it('serves the clock in the JSON API with due dates, states and their calculation, leaving the events untouched', async () => {
    const { number } = await file();
    const res = await new Client(app).get(`/api/v1/applications/${number}`);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.events).toHaveLength(1);
    expect(Object.keys(body.events[0]).sort()).toEqual(['actor', 'application', 'data', 'log', 'occurred_at', 'recorded_at', 'seq', 'type']);
    expect(body.clock.application.period).toMatchObject({ amount: 15, unit: 'working_days' });
    expect(body.clock.application.state).toMatch(/on_time|due_soon/);
    expect(body.clock.application.explanation[0].step).toBe('period');
    expect(body.clock.application.explanation.at(-1).step).toBe('due');
    expect(body.clock.stages.map((s: { stage: string }) => s.stage)).toEqual(['intake', 'fire', 'structure', 'decision']);
    expect(body.clock.next_stage.stage).toBe('intake');
  });

  it('moves due dates later on the next read when an administrator adds a holiday after filing', async () => {
    const { number } = await file();
    const client = new Client(app);
    const before = (await client.get(`/api/v1/applications/${number}`)).json().clock.application;
    // The first working day after filing, which the 15-day period certainly crosses.
    const calendar = createCalendar({ timeZone: 'Asia/Seoul', country: 'KR' });
    let day = plusDays(calendar.localDate(Date.now()), 1);
    while (!calendar.isWorkingDay(day)) day = plusDays(day, 1);
    const admin = new Client(app);
    await admin.login('admin', PASSWORD);
    const added = await admin.postForm('/admin/closures', { jurisdiction_id: fx.jurisdictionId, date: day, kind: 'holiday', reason_ko: '임시공휴일', reason_en: 'Temporary holiday' }, { csrf: await admin.csrf('/admin') });
    expect(added.statusCode).toBe(303);
    expect((await admin.get('/admin')).body).toContain('Temporary holiday');
    const after = (await client.get(`/api/v1/applications/${number}`)).json().clock.application;
    expect(Date.parse(after.due_at)).toBeGreaterThan(Date.parse(before.due_at));
    expect(after.explanation).toContainEqual(expect.objectContaining({ step: 'skipped_day', date: day, kind: 'holiday', name: { ko: '임시공휴일', en: 'Temporary holiday' } }));
    // The same day twice is refused with a message, and nothing changes.
    const again = await admin.postForm('/admin/closures', { jurisdiction_id: fx.jurisdictionId, date: day, kind: 'closure', reason_en: 'Again' }, { csrf: await admin.csrf('/admin') });
    expect(again.statusCode).toBe(400);
    expect(again.body).toContain('이미 달력에 있는 날입니다');
  });

  it('refuses the calendar form to anyone but an administrator', async () => {
    const boss = new Client(app);
    await boss.login('boss', PASSWORD);
    const res = await boss.postForm('/admin/closures', { jurisdiction_id: fx.jurisdictionId, date: '2031-01-02', kind: 'closure', reason_en: 'x' }, { csrf: await boss.csrf('/office') });
    expect(res.statusCode).toBe(403);
  });

  it('flags an overdue stage on the public page and explains its due date', async () => {
    const weeksAgo = new Date(Date.now() - 30 * DAY);
    const { number } = await file(weeksAgo);
    await recordAct(database.db, { number, act: { type: 'stage_started', stage: 'intake' }, occurredAt: new Date(weeksAgo.getTime() + 3_600_000), actor: fx.officials.a1 });
    const client = new Client(app);
    const json = (await client.get(`/api/v1/applications/${number}`)).json();
    const intake = json.clock.stages.find((s: { stage: string }) => s.stage === 'intake');
    expect(intake.state).toBe('long_overdue');
    expect(json.clock.application.state).toMatch(/overdue/);
    const page = await client.get(`/applications/${number}`, { 'accept-language': 'en' });
    expect(page.body).toContain('stage-overdue');
    expect(page.body).toContain('Long overdue');
    expect(page.body).toContain('How this due date was calculated');
    expect(page.body).toMatch(/is not counted: weekend/);
    const ko = await client.get(`/applications/${number}`, { 'accept-language': 'ko' });
    expect(ko.body).toContain('장기 지연');
    // The law is named in the page's language, with no English left in the Korean explanation.
    expect(ko.body).toContain('민원 처리에 관한 법률 제19조와 민법 제159조~제161조에 따라');
    expect(ko.body).not.toContain('Civil Petitions Act');
    expect(page.body).toContain('under Civil Petitions Act, art. 19, and Civil Act, arts. 159–161.');
  });

  /** 10:00 in Seoul, `count` working days before today (today not counted), as the receipt of a case. */
  const workingDaysAgo = (count: number) => {
    const calendar = createCalendar({ timeZone: 'Asia/Seoul', country: 'KR' });
    let day = calendar.localDate(Date.now());
    for (let n = 0; n < count; ) {
      day = plusDays(day, -1);
      if (calendar.isWorkingDay(day)) n++;
    }
    return new Date(`${day}T10:00:00+09:00`);
  };
  const text = (html: string) => html.replace(/<details[\s\S]*?<\/details>/g, '').replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

  it('says honestly that a stage due to start days ago has not started, and that the plan overruns the legal due date', async () => {
    // Received 10 working days ago and nobody started intake: the 15-day period ends in about 5 working days, while
    // the 8 planned days of stages, counted from now, end later.
    const { number } = await file(workingDaysAgo(10));
    const client = new Client(app);
    const record = (await client.get(`/api/v1/applications/${number}`)).json();
    const clock = record.clock;
    expect(clock.application.state).toMatch(/on_time|due_soon/);
    const decision = clock.stages.find((s: { stage: string }) => s.stage === 'decision');
    expect(Date.parse(decision.due_at)).toBeGreaterThan(Date.parse(clock.application.due_at));
    // The API says the same as the page: intake is late to start, and the decision would end after the due date.
    expect(record.plan.starts.find((s: { stage: string }) => s.stage === 'intake')).toMatchObject({ kind: 'late', waiting_for: [] });
    expect(record.plan.beyond_due.map((b: { stage: string }) => b.stage)).toContain('decision');

    const en = text((await client.get(`/applications/${number}`, { 'accept-language': 'en' })).body);
    expect(en).toMatch(/The next stage, Intake review, was expected to start on [^.]+ and has not started yet\./);
    expect(en).not.toContain('is expected to start on');
    expect(en).toContain('Was expected to start');
    expect(en).toContain('not started yet; its provisional due date is counted from now');
    expect(en).toMatch(/At the current pace the stages cannot all be completed by the application’s due date, .+?: Decision would be due on/);
    expect(en).toContain('This is after the application’s due date');
    const ko = text((await client.get(`/applications/${number}`, { 'accept-language': 'ko' })).body);
    expect(ko).toContain('시작될 예정이었으나 아직 시작되지 않았습니다');
    expect(ko).toContain('지금 속도로는 모든 단계를 민원 전체의 처리 기한');
  });

  it('says a stage waits for an earlier one that is running late', async () => {
    const receivedAt = workingDaysAgo(10);
    const { number } = await file(receivedAt);
    await recordAct(database.db, { number, act: { type: 'stage_started', stage: 'intake' }, occurredAt: new Date(receivedAt.getTime() + 3_600_000), actor: fx.officials.a1 });
    const plan = (await new Client(app).get(`/api/v1/applications/${number}`)).json().plan;
    expect(plan.starts.find((s: { stage: string }) => s.stage === 'fire')).toMatchObject({ kind: 'waiting', waiting_for: ['intake'] });
    const en = text((await new Client(app).get(`/applications/${number}`, { 'accept-language': 'en' })).body);
    expect(en).toMatch(/The next stage, Fire safety consultation, was expected to start on [^;]+; it waits for Intake review, which is running late/);
    expect(en).toContain('waiting for Intake review, which is running late');
  });

  it('keeps the plain words while the plan holds', async () => {
    const { number } = await file();
    await recordAct(database.db, { number, act: { type: 'stage_started', stage: 'intake' }, actor: fx.officials.a1 });
    const en = text((await new Client(app).get(`/applications/${number}`, { 'accept-language': 'en' })).body);
    expect(en).toMatch(/The next stage, Fire safety consultation, is expected to start on/);
    expect(en).not.toContain('was expected to start');
    expect(en).not.toContain('At the current pace');
    expect(en).not.toContain('after the application’s due date');
  });
});
