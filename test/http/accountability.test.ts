import { hash } from '@node-rs/argon2';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordAct } from '../../src/commands/recordAct.js';
import { submitApplication } from '../../src/commands/submitApplication.js';
import { calendarOfJurisdiction } from '../../src/db/repos/calendars.js';
import { CANARY, PASSWORD, PDF, createFixture, type Fixture } from '../helpers/fixture.js';
import { DIALECTS, openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { Client, testServer } from '../helpers/server.js';

const DAY = 86_400_000;

describe.each(DIALECTS)('delay accountability on %s', (dialect) => {
  let database: TestDatabase;
  let fx: Fixture;
  let app: FastifyInstance;
  let number: string;

  beforeAll(async () => {
    database = await openTestDatabase(dialect);
    fx = await createFixture(database.db);
    app = await testServer(database, { LATE_ENTRY_MINUTES: '30' });
    const weeksAgo = new Date(Date.now() - 30 * DAY);
    ({ number } = await submitApplication(database.db, {
      jurisdictionCode: 'TS', procedureCode: 'building-permit', title: 'Late intake', location: { address: '9 Slow-ro' },
      applicant: { name: CANARY.name }, fields: { floor_area: '50' }, documents: [{ kind: 'plan', filename: 'plan.pdf', bytes: PDF }],
      channel: 'online', receivedAt: weeksAgo,
    }));
    await recordAct(database.db, { number, act: { type: 'stage_started', stage: 'intake' }, occurredAt: new Date(weeksAgo.getTime() + 3_600_000), actor: fx.officials.a1 });
    // A road supervisor, so the case can travel back and forth.
    await database.db
      .insertInto('official')
      .values({
        jurisdiction_id: fx.jurisdictionId, unit_id: fx.units.road, login: 'roadboss', password_hash: await hash(PASSWORD), name_ko: '도과장', name_en: 'Do Gwa-jang',
        title_ko: '과장', title_en: 'Head of division', roles: ['supervisor'],
      })
      .execute();
  });
  afterAll(async () => {
    await app?.close();
    await database?.close();
  });

  const signedIn = async (login: string) => {
    const c = new Client(app);
    await c.login(login, PASSWORD);
    return c;
  };
  const act = async (c: Client, fields: Record<string, string>) =>
    c.postForm(`/office/applications/${number}/acts`, fields, { csrf: await c.csrf('/office') });
  const events = async () => (await new Client(app).get(`/api/v1/applications/${number}`)).json().events as { type: string; data: Record<string, unknown> }[];

  it('refuses to complete an overdue stage until a delay reason is on the record, then publishes the reason', async () => {
    const a1 = await signedIn('a1');
    const refused = await act(a1, { type: 'stage_completed', stage: 'intake' });
    expect(refused.statusCode).toBe(409);
    expect(refused.body).toMatch(/지연 사유를 기록하십시오/);
    expect((await events()).map((e) => e.type)).toEqual(['received', 'stage_started']);

    // The case page offers the delay form with the overdue stage marked.
    const page = await a1.get(`/office/applications/${number}`, { 'accept-language': 'en' });
    expect(page.body).toContain('Give the reason for a delay');
    expect(page.body).toContain('Intake review (Overdue)');
    expect(page.body).not.toContain('Extend a deadline');

    // The reason's category is chosen from the list; without one, the form says so beside it and keeps the text.
    const uncategorised = await a1.postForm(`/office/applications/${number}/acts?lang=en`, { type: 'delay_reason_given', stage: 'intake', reason: 'Drawings needed a structural engineer’s review' }, { csrf: await a1.csrf('/office') });
    expect(uncategorised.statusCode).toBe(400);
    expect(uncategorised.body).toMatch(/id="f-category-error"[^>]*>Choose why it is late from the list\./);
    expect(uncategorised.body).toContain('Drawings needed a structural engineer’s review</textarea>');
    // "Other reason" needs words.
    const otherWithoutWords = await act(a1, { type: 'delay_reason_given', stage: 'intake', category: 'other', reason: '' });
    expect(otherWithoutWords.statusCode).toBe(400);
    expect(otherWithoutWords.body).toMatch(/id="delay-reason-error"/);
    expect((await events()).map((e) => e.type)).toEqual(['received', 'stage_started']);

    expect((await act(a1, { type: 'delay_reason_given', stage: 'intake', category: 'waiting_other_body', reason: 'Drawings needed a structural engineer’s review' })).statusCode).toBe(303);
    expect((await act(a1, { type: 'stage_completed', stage: 'intake' })).statusCode).toBe(303);
    const published = await events();
    expect(published.find((e) => e.type === 'delay_reason_given')?.data).toEqual({ stage: 'intake', category: 'waiting_other_body', reason: 'Drawings needed a structural engineer’s review' });
    const publicPage = await new Client(app).get(`/applications/${number}`, { 'accept-language': 'en' });
    expect(publicPage.body).toContain('Reason for the delay given (Intake review)');
    expect(publicPage.body).toContain('Waiting for another department or body');
    expect(publicPage.body).toContain('Drawings needed a structural engineer’s review');
    // In Korean the category is Korean; the office's own words stay as written.
    const korean = await new Client(app).get(`/applications/${number}?lang=ko`);
    expect(korean.body).toContain('다른 부서·기관의 회신 대기');
    expect(korean.body).not.toContain('Waiting for another department or body');
  });

  it('lets only officials of a unit working the case give a delay reason, and only supervisors extend or transfer', async () => {
    const road1 = await signedIn('road1');
    expect((await act(road1, { type: 'delay_reason_given', stage: 'structure', category: 'workload', reason: 'Not my case' })).statusCode).toBe(403);
    const a1 = await signedIn('a1');
    expect((await act(a1, { type: 'deadline_extended', stage: 'structure', new_due: '2040-01-31', reason: 'More time' })).statusCode).toBe(403);
    expect((await act(a1, { type: 'transferred', unit_code: 'TS-ROAD', reason: 'Road works' })).statusCode).toBe(403);
    const types = (await events()).map((e) => e.type);
    expect(types).not.toContain('deadline_extended');
    expect(types).not.toContain('transferred');
  });

  it('publishes a supervisor’s extension with its reason and moves the due date', async () => {
    const boss = await signedIn('boss');
    const before = (await new Client(app).get(`/api/v1/applications/${number}`)).json().clock.application;
    // An extension may reach up to a year ahead; this one, some ten months, on a working day (a closed day's end is
    // the working day before it, so a Saturday would move the due date to the Friday).
    const calendar = await calendarOfJurisdiction(database.db, 'test.example');
    let ahead = 300;
    const dayAhead = () => new Date(Date.now() + ahead * 86_400_000).toISOString().slice(0, 10);
    while (!calendar.isWorkingDay(dayAhead())) ahead++;
    const newDue = dayAhead();
    const res = await act(boss, { type: 'deadline_extended', stage: '', new_due: newDue, reason: 'Heritage survey of the site' });
    expect(res.statusCode).toBe(303);
    const body = (await new Client(app).get(`/api/v1/applications/${number}`)).json();
    const ext = body.events.find((e: { type: string }) => e.type === 'deadline_extended');
    expect(ext.data).toMatchObject({ new_due: newDue, reason: 'Heritage survey of the site', approved_by: '박과장 / Park Gwa-jang' });
    expect(body.clock.application.due_date).toBe(newDue);
    expect(Date.parse(body.clock.application.due_at)).toBeGreaterThan(Date.parse(before.due_at));
    expect(body.clock.application.explanation).toContainEqual(expect.objectContaining({ step: 'extension', applied: true, reason: 'Heritage survey of the site' }));
    // Missing reason: refused with a message, nothing recorded.
    const missing = await act(boss, { type: 'deadline_extended', stage: '', new_due: newDue, reason: '' });
    expect(missing.statusCode).toBe(400);
  });

  it('offers an official only the acts they may take, and a refused act shows the case again with what was typed', async () => {
    const a1 = await signedIn('a1');
    const page = await a1.get(`/office/applications/${number}`, { 'accept-language': 'en' });
    // No form to hand the case to someone else: that is a supervisor's right.
    expect(page.body).not.toContain('id="assign-official"');
    // A form sent anyway (a stale page, a crafted request) comes back as the case page with the reason, and a way on.
    const refused = await act(a1, { type: 'assigned', official_id: String(fx.officials.a2.id), reason: 'Handing over while on leave' });
    expect(refused.statusCode).toBe(403);
    expect(refused.body).toContain(`<span class="number">${number}</span>`);
    expect(refused.body).toContain('id="error-summary"');
    expect(refused.body).toContain('href="/office"');
  });

  it('never extends a stage that has not started, and never names the extender as a stage’s handler', async () => {
    const { number: fresh } = await submitApplication(database.db, {
      jurisdictionCode: 'TS', procedureCode: 'building-permit', title: 'Extension rules', location: { address: '8 Rule-ro' }, applicant: { name: 'n' },
      fields: { floor_area: '3' }, documents: [{ kind: 'plan', filename: 'e.pdf', bytes: PDF }], channel: 'online',
    });
    await recordAct(database.db, { number: fresh, act: { type: 'stage_started', stage: 'intake' }, actor: fx.officials.a1 });
    const boss = await signedIn('boss');
    const page = await boss.get(`/office/applications/${fresh}`, { 'accept-language': 'en' });
    const select = page.body.match(/<select id="extend-stage"[^]*?<\/select>/)?.[0] ?? '';
    expect(select).toContain('value="intake"');
    expect(select).not.toContain('value="structure"');
    const newDue = new Date(Date.now() + 60 * DAY).toISOString().slice(0, 10);
    const actOn = async (fields: Record<string, string>) => boss.postForm(`/office/applications/${fresh}/acts`, fields, { csrf: await boss.csrf('/office') });
    const pending = await actOn({ type: 'deadline_extended', stage: 'structure', new_due: newDue, reason: 'Structural survey' });
    expect(pending.statusCode).toBe(409);
    expect(pending.body).toContain('Structural survey');
    expect((await actOn({ type: 'deadline_extended', stage: 'intake', new_due: newDue, reason: 'Survey of the site' })).statusCode).toBe(303);
    const body = (await new Client(app).get(`/api/v1/applications/${fresh}`)).json();
    expect(body.events.map((e: { type: string }) => e.type)).toEqual(['received', 'stage_started', 'deadline_extended']);
    const started = body.events.find((e: { type: string }) => e.type === 'stage_started');
    const intake = body.stages.find((s: { key: string }) => s.key === 'intake');
    expect(intake.actor).toEqual(started.actor);
    for (const s of body.stages.filter((x: { status: string }) => x.status === 'pending')) expect(s.actor).toBeNull();
  });

  it('counts transfers publicly and escalates the case at the third', async () => {
    const boss = await signedIn('boss');
    const roadboss = await signedIn('roadboss');
    expect((await act(boss, { type: 'transferred', unit_code: 'TS-ROAD', reason: 'The site is a road reserve' })).statusCode).toBe(303);
    expect((await act(boss, { type: 'transferred', unit_code: 'TS-FIRE', reason: 'No longer ours' })).statusCode).toBe(403);
    expect((await act(roadboss, { type: 'transferred', unit_code: 'TS-BUILD', reason: 'A building, not a road' })).statusCode).toBe(303);
    expect((await act(boss, { type: 'transferred', unit_code: 'TS-ROAD', reason: 'Road access is the question' })).statusCode).toBe(303);
    const body = (await new Client(app).get(`/api/v1/applications/${number}`)).json();
    expect(body.clock.transfer_count).toBe(3);
    expect(body.unit.code).toBe('TS-ROAD');
    const transfers = body.events.filter((e: { type: string }) => e.type === 'transferred');
    expect(transfers.map((e: { data: { escalated?: boolean } }) => e.data.escalated ?? false)).toEqual([false, false, true]);
    const row = await database.db.selectFrom('application').select(['transfer_count', 'escalated_at', 'assigned_official_id']).where('number', '=', number).executeTakeFirstOrThrow();
    expect(row.transfer_count).toBe(3);
    expect(row.escalated_at).not.toBeNull();
    const page = await new Client(app).get(`/applications/${number}`, { 'accept-language': 'en' });
    expect(page.body).toContain('Transferred 3 times');
    expect(page.body).toContain('Escalated to a coordinator');
  });

  it('marks acts entered later than the configured threshold', async () => {
    const c = await signedIn('roadboss');
    const page = await c.get(`/applications/${number}`, { 'accept-language': 'en' });
    // The intake start was entered 30 days after it happened.
    expect(page.body).toContain('Entered later');
  });
});
