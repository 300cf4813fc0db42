import { hash } from '@node-rs/argon2';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerInquiry } from '../../src/commands/inquiries/answerInquiry.js';
import { openInquiry } from '../../src/commands/inquiries/openInquiry.js';
import { recordAct } from '../../src/commands/recordAct.js';
import { submitApplication } from '../../src/commands/submitApplication.js';
import { calendarFor } from '../../src/db/repos/calendars.js';
import { commitText } from '../../src/domain/inquiry.js';
import { detectOverdue } from '../../src/jobs/detectOverdue.js';
import { integrateAll } from '../../src/jobs/integrateLog.js';
import { CANARY, PASSWORD, PDF, createFixture, type Fixture } from '../helpers/fixture.js';
import { DIALECTS, openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { testLogSigner } from '../helpers/log.js';
import { Client, testServer } from '../helpers/server.js';

const DAY = 86_400_000;
/** A private question the applicant asked: only its unit, the auditors and the applicant may read it. */
const SECRET_QUESTION = 'CANARY-PRIVATE-QUESTION-5150 about the neighbour';
const SECRET_ANSWER = 'CANARY-PRIVATE-ANSWER-9921';
/** A private question another citizen asked: the applicant must not read it either. */
const OTHERS_SECRET = 'CANARY-OTHERS-PRIVATE-3318';
const PUBLIC_QUESTION = 'Why is the intake review\r\ntaking a month?';

const section = (body: string, list: string) => body.match(new RegExp(`<table data-testid="audit-${list}">[\\s\\S]*?</table>`))?.[0] ?? '';

describe.each(DIALECTS)('questions past their deadline, the applicant\'s page and checking a text on %s', (dialect) => {
  let database: TestDatabase;
  let fx: Fixture;
  let server: FastifyInstance;
  let number: string;
  let accessCode: string;
  /** A Roads Division case with an overdue public question, so scopes have something on both sides. */
  let roads: string;

  beforeAll(async () => {
    database = await openTestDatabase(dialect);
    fx = await createFixture(database.db);
    server = await testServer(database);
    await database.db
      .insertInto('official')
      .values({
        jurisdiction_id: fx.jurisdictionId, unit_id: fx.units.road, login: 'roadboss', password_hash: await hash(PASSWORD), name_ko: '도과장', name_en: 'Do Gwa-jang',
        title_ko: '과장', title_en: 'Head of division', roles: ['supervisor'],
      })
      .execute();
    const longAgo = new Date(Date.now() - 40 * DAY);
    const monthAgo = new Date(Date.now() - 30 * DAY);
    ({ number, accessCode } = await submitApplication(database.db, {
      jurisdictionCode: 'TS', procedureCode: 'building-permit', title: 'Slow annex', location: { address: '5 Oversight-ro' },
      applicant: { name: CANARY.name, email: CANARY.email, phone: CANARY.phone }, fields: { floor_area: '40' },
      documents: [{ kind: 'plan', filename: 'p.pdf', bytes: PDF }], channel: 'online', receivedAt: longAgo,
    }));
    await recordAct(database.db, { number, act: { type: 'stage_started', stage: 'intake' }, occurredAt: new Date(longAgo.getTime() + 3_600_000), actor: fx.officials.a1 });
    const app = await database.db.selectFrom('application').select('id').where('number', '=', number).executeTakeFirstOrThrow();
    const applicant = { kind: 'applicant' as const, applicationId: app.id };
    await openInquiry(database.db, { number, asker: applicant, kind: 'question', text: PUBLIC_QUESTION, private: false, locale: 'en', now: monthAgo });
    await openInquiry(database.db, { number, asker: applicant, kind: 'objection', text: SECRET_QUESTION, private: true, locale: 'en', now: monthAgo });
    const citizen = await database.db.insertInto('citizen').values({ email: 'other.asker@example.org' }).returning('id').executeTakeFirstOrThrow();
    await openInquiry(database.db, { number, asker: { kind: 'citizen', citizenId: citizen.id, email: 'other.asker@example.org' }, kind: 'question', text: OTHERS_SECRET, private: true, locale: 'en' });

    ({ number: roads } = await submitApplication(database.db, {
      jurisdictionCode: 'TS', procedureCode: 'building-permit', title: 'Road kiosk', location: { address: '7 Oversight-ro' },
      applicant: { name: CANARY.name }, fields: { floor_area: '4' }, documents: [{ kind: 'plan', filename: 'p.pdf', bytes: PDF }], channel: 'online', receivedAt: longAgo,
    }));
    await recordAct(database.db, { number: roads, act: { type: 'transferred', unitCode: 'TS-ROAD', reason: 'A road matter' }, occurredAt: new Date(longAgo.getTime() + 3_600_000), actor: fx.officials.boss });
    const roadsApp = await database.db.selectFrom('application').select('id').where('number', '=', roads).executeTakeFirstOrThrow();
    await openInquiry(database.db, { number: roads, asker: { kind: 'applicant', applicationId: roadsApp.id }, kind: 'question', text: 'When will the kiosk be decided?', private: false, locale: 'en', now: monthAgo });
  });
  afterAll(async () => {
    await server?.close();
    await database?.close();
  });

  const as = async (login: string | null) => {
    const c = new Client(server);
    if (login) await c.login(login, PASSWORD);
    return c;
  };

  it('lists unanswered questions past their deadline in the audit view, within each viewer\'s scope, before the scan flags them', async () => {
    const auditor = await as('auditor');
    const page = await auditor.get('/office/audit', { 'accept-language': 'en' });
    expect(page.statusCode).toBe(200);
    const rows = section(page.body, 'inquiries');
    expect(page.body).toContain('Unanswered questions past their deadline (3)');
    expect(rows).toContain(`/office/applications/${number}#inquiry-1`);
    expect(rows).toContain(`/office/applications/${number}#inquiry-2`);
    expect(rows).toContain(SECRET_QUESTION);
    expect(rows).toContain(roads);
    // Not yet due: not listed.
    expect(rows).not.toContain(OTHERS_SECRET);
    expect(rows).not.toContain(`#inquiry-3`);
    for (const canary of [CANARY.name, CANARY.email, CANARY.phone, 'other.asker@example.org']) expect(page.body).not.toContain(canary);

    // The head of the Building Division sees their unit's, private text included; the Roads head only theirs.
    const boss = section((await (await as('boss')).get('/office/audit')).body, 'inquiries');
    expect(boss).toContain(SECRET_QUESTION);
    expect(boss).not.toContain(roads);
    const roadboss = await as('roadboss');
    const theirs = section((await roadboss.get('/office/audit')).body, 'inquiries');
    expect(theirs).toContain(roads);
    expect(theirs).not.toContain(number);
    for (const url of ['/office/audit?unit=TS-BUILD', '/office/audit.csv?list=inquiries', '/office/audit.csv?list=inquiries&unit=TS-BUILD']) {
      const body = (await roadboss.get(url)).body;
      expect(body, url).not.toContain(SECRET_QUESTION);
      expect(body, url).not.toContain(number);
    }
    // Filters: by unit and procedure.
    expect(section((await auditor.get('/office/audit?unit=TS-ROAD')).body, 'inquiries')).not.toContain(number);
    expect(section((await auditor.get('/office/audit?procedure=no-such-procedure')).body, 'inquiries')).toBe('');
    for (const login of ['a1', 'fire1', 'clerk']) expect((await (await as(login)).get('/office/audit.csv?list=inquiries')).statusCode).toBe(403);
  });

  it('exports the list as CSV with the jurisdiction\'s offset and no asker', async () => {
    const auditor = await as('auditor');
    const csv = await auditor.get('/office/audit.csv?list=inquiries&unit=TS-BUILD');
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-disposition']).toContain('daylight-audit-inquiries.csv');
    const [header, ...rows] = csv.body.trim().split('\r\n');
    expect(header).toBe('number,jurisdiction,unit_code,unit_ko,unit_en,procedure_code,procedure_en,title,inquiry_no,kind,private,asked_by,question,assignee_ko,assignee_en,opened_at,due_at,escalated_at');
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatch(new RegExp(`^${number},TS,TS-BUILD,건축과,Building Division,building-permit,Building permit,Slow annex,1,question,no,applicant,`));
    expect(rows[0]).toMatch(/,\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+09:00,\d{4}-\d{2}-\d{2}T[^,]+\+09:00,$/);
    expect(csv.body).toContain(`2,objection,yes,applicant,${SECRET_QUESTION}`);
    for (const canary of [CANARY.name, CANARY.email, 'other.asker@example.org']) expect(csv.body).not.toContain(canary);
  });

  it('keeps a private question\'s text from an official of a unit only consulted on the case', async () => {
    const fire = await as('fire1');
    const seen = await fire.get(`/office/applications/${number}?lang=en`);
    expect(seen.statusCode).toBe(200);
    expect(seen.body).toContain(PUBLIC_QUESTION.replace('\r\n', '\n'));
    expect(seen.body).not.toContain(SECRET_QUESTION);
    expect(seen.body).not.toContain(OTHERS_SECRET);
    expect(seen.body).toContain('A private question: only the department it was sent to and the auditors read it.');
    for (const login of ['a1', 'auditor']) expect((await (await as(login)).get(`/office/applications/${number}`)).body, login).toContain(SECRET_QUESTION);
  });

  it('puts escalated questions first in the unit\'s queue, with a notice at the top for its head', async () => {
    await detectOverdue(database.db, new Date());
    const boss = await as('boss');
    const queue = (await boss.get('/office?lang=en')).body;
    const notice = queue.indexOf('data-testid="escalated-inquiries"');
    expect(notice).toBeGreaterThan(0);
    expect(notice).toBeLessThan(queue.indexOf('Assigned to me ('));
    expect(queue).toContain('2 questions to your unit were not answered in time');
    expect(queue).toContain('href="/office/audit#audit-inquiries"');
    const list = queue.slice(queue.indexOf('id="queue-inquiries"'));
    expect(list.indexOf(`#inquiry-1"`)).toBeLessThan(list.indexOf(`#inquiry-3"`));
    expect(list.indexOf(`#inquiry-2"`)).toBeLessThan(list.indexOf(`#inquiry-3"`));
    // An official of the unit sees the notice too, without the audit link they may not follow.
    const a1 = (await (await as('a1')).get('/office?lang=ko')).body;
    expect(a1).toContain('우리 부서에 온 질의 2건이 기한 안에 답변되지 않아');
    expect(a1).not.toContain('href="/office/audit#audit-inquiries"');
    expect((await (await as('fire1')).get('/office')).body).not.toContain('escalated-inquiries');
  });

  it('shows the applicant every question on their page, the private ones they asked with the answers, and nobody else\'s private text', async () => {
    await answerInquiry(database.db, { number, no: 2, answer: SECRET_ANSWER, actor: fx.officials.a1 });
    const applicant = new Client(server);
    await applicant.postForm('/track', { number, code: accessCode });
    const page = await applicant.get(`/my/${number}?lang=en`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Questions and objections on your application');
    expect(page.body).toContain(PUBLIC_QUESTION.replace('\r\n', '\n'));
    expect(page.body).toContain(SECRET_QUESTION);
    expect(page.body).toContain(SECRET_ANSWER);
    expect(page.body).toContain('Asked by you');
    expect(page.body).not.toContain(OTHERS_SECRET);
    expect(page.body).not.toContain('other.asker@example.org');
    expect(page.body).toContain('Not answered in time');
    expect(page.body).toContain(`href="/applications/${number}#inquiries-heading"`);
    // Nobody is sent to sign in; nothing private is shown.
    const stranger = new Client(server);
    expect((await stranger.get(`/my/${number}`)).statusCode).toBe(303);
    const publicPage = (await server.inject({ method: 'GET', url: `/applications/${number}` })).body;
    for (const secret of [SECRET_QUESTION, SECRET_ANSWER, OTHERS_SECRET]) expect(publicPage).not.toContain(secret);
  });

  it('lets a visitor check a published text against its event: salt, commitment, log entry and proof, checked by a script', async () => {
    await answerInquiry(database.db, { number, no: 1, answer: 'The fire report came late.', actor: fx.officials.a1 });
    const before = (await server.inject({ method: 'GET', url: `/applications/${number}?lang=en` })).body;
    expect(before).toContain('Check this text against the log');
    expect(before).toContain('Not yet in a signed checkpoint of the public log.');
    await integrateAll(database.db, testLogSigner());
    const body = (await server.inject({ method: 'GET', url: `/applications/${number}?lang=en` })).body;
    const rows = await database.db
      .selectFrom('inquiry as i')
      .innerJoin('application as a', 'a.id', 'i.application_id')
      .select(['i.no', 'i.question', 'i.question_salt', 'i.answer', 'i.answer_salt', 'i.opened_seq', 'i.answered_seq'])
      .where('a.number', '=', number)
      .where('i.no', '=', 1)
      .executeTakeFirstOrThrow();
    // The form's CR LF was stored as LF, so the page's text is the committed one.
    expect(rows.question).toBe('Why is the intake review\ntaking a month?');
    const events = await database.db
      .selectFrom('event as e')
      .innerJoin('application as a', 'a.id', 'e.application_id')
      .select(['e.seq', 'e.data', 'e.log_index'])
      .where('a.number', '=', number)
      .where('e.seq', 'in', [rows.opened_seq, rows.answered_seq!])
      .orderBy('e.seq')
      .execute();
    const [opened, answered] = events;
    expect((opened!.data as { text_sha256: string }).text_sha256).toBe(commitText(rows.question_salt, rows.question));
    for (const [e, salt, text] of [[opened!, rows.question_salt, rows.question], [answered!, rows.answer_salt!, rows.answer!]] as const) {
      const sha = commitText(salt, text);
      const check = body.match(new RegExp(`<details class="text-check small" data-text-id="inquiry-1-(?:question|answer)" data-salt="${salt}" data-sha256="${sha}">[\\s\\S]*?</details>`))?.[0];
      expect(check, text).toBeTruthy();
      expect(check).toContain(`<code>${salt}</code>`);
      expect(check).toContain(`href="#event-${e.seq}"`);
      expect(check).toContain(`log entry ${e.log_index}`);
      expect(check).toContain(`href="/api/v1/applications/${number}/events/${e.seq}/proof"`);
    }
    expect(body).toContain('<script type="module" src="/static/commitment.js"></script>');
    expect(body).toContain('data-msg-text-match="This text matches the commitment in the log."');
    // Private texts have no salt and nothing to check.
    expect(body).not.toContain('data-text-id="inquiry-2-');
    const script = await server.inject({ method: 'GET', url: '/static/commitment.js' });
    expect(script.statusCode).toBe(200);
  });
});

describe.each(DIALECTS)('the question response deadline setting on %s', (dialect) => {
  let database: TestDatabase;
  let fx: Fixture;
  let server: FastifyInstance;

  beforeAll(async () => {
    database = await openTestDatabase(dialect);
    fx = await createFixture(database.db);
    server = await testServer(database);
  });
  afterAll(async () => {
    await server?.close();
    await database?.close();
  });

  const form = (days: string | undefined) => ({
    id: fx.jurisdictionId, code: 'TS', name_ko: '시험시', name_en: 'Test City', time_zone: 'Asia/Seoul', show_official_names: 'yes',
    ...(days === undefined ? {} : { inquiry_response_days: days }),
  });
  const days = async () => (await database.db.selectFrom('jurisdiction').select('inquiry_response_days').executeTakeFirstOrThrow()).inquiry_response_days;

  it('refuses a value outside 1–60 in the reader\'s language and changes nothing', async () => {
    const admin = new Client(server);
    await admin.login('admin', PASSWORD);
    const page = await admin.get('/admin?lang=en');
    expect(page.body).toContain('name="inquiry_response_days"');
    expect(page.body).toContain('value="7"');
    for (const bad of ['0', '61', 'abc', '', '7.5', '-3']) {
      const res = await admin.postForm('/admin/jurisdictions?lang=en', form(bad), { csrf: await admin.csrf('/admin') });
      expect(res.statusCode, bad).toBe(400);
      expect(res.body).toContain('The days to answer a question must be a whole number from 1 to 60.');
    }
    const ko = await admin.postForm('/admin/jurisdictions?lang=ko', form('99'), { csrf: await admin.csrf('/admin') });
    expect(ko.statusCode).toBe(400);
    expect(ko.body).toContain('질의 답변 기한은 1에서 60 사이의 정수(근무일)로 적어야 합니다.');
    expect(await days()).toBe(7);
    // A form without the field (an older page) leaves the setting alone.
    expect((await admin.postForm('/admin/jurisdictions', form(undefined), { csrf: await admin.csrf('/admin') })).statusCode).toBe(303);
    expect(await days()).toBe(7);
    // Only administrators may change it.
    const boss = new Client(server);
    await boss.login('boss', PASSWORD);
    expect((await boss.postForm('/admin/jurisdictions', form('2'), { csrf: await boss.csrf('/office') })).statusCode).toBe(403);
    expect(await days()).toBe(7);
  });

  it('gives a question asked after the change the new deadline', async () => {
    const admin = new Client(server);
    await admin.login('admin', PASSWORD);
    const saved = await admin.postForm('/admin/jurisdictions', form(' 3 '), { csrf: await admin.csrf('/admin') });
    expect(saved.statusCode).toBe(303);
    expect(await days()).toBe(3);
    const { number, accessCode } = await submitApplication(database.db, {
      jurisdictionCode: 'TS', procedureCode: 'building-permit', title: 'Quick answer', location: { address: '1 Setting-ro' },
      applicant: { name: CANARY.name }, fields: { floor_area: '4' }, documents: [{ kind: 'plan', filename: 'p.pdf', bytes: PDF }], channel: 'online',
    });
    const applicant = new Client(server);
    await applicant.postForm('/track', { number, code: accessCode });
    const asked = await applicant.postForm(`/applications/${number}/inquiries`, { kind: 'question', text: 'How soon?' }, { csrf: await applicant.csrf(`/applications/${number}`) });
    expect(asked.statusCode).toBe(303);
    const row = await database.db.selectFrom('inquiry').select(['opened_at', 'due_at']).executeTakeFirstOrThrow();
    const jurisdiction = await database.db.selectFrom('jurisdiction').selectAll().executeTakeFirstOrThrow();
    const calendar = await calendarFor(database.db, jurisdiction);
    expect(row.due_at.toISOString()).toBe(calendar.addWorkingDays(row.opened_at, 3).toISOString());
    expect(row.due_at.getTime()).toBeLessThan(calendar.addWorkingDays(row.opened_at, 7).getTime());
  });
});

describe.each(DIALECTS)('a citizen\'s account page on %s', (dialect) => {
  let database: TestDatabase;
  let server: FastifyInstance;

  beforeAll(async () => {
    database = await openTestDatabase(dialect);
    await createFixture(database.db);
    server = await testServer(database);
  });
  afterAll(async () => {
    await server?.close();
    await database?.close();
  });

  it('shows each application\'s times in its jurisdiction\'s time zone, not Seoul\'s', async () => {
    await database.db.updateTable('jurisdiction').set({ time_zone: 'America/Los_Angeles' }).execute();
    // 20:00 UTC on 10 March is 13:00 on the 10th in Los Angeles, and 05:00 on the 11th in Seoul.
    const receivedAt = new Date('2026-03-10T20:00:00Z');
    const email = 'la.citizen@example.org';
    const { number } = await submitApplication(database.db, {
      jurisdictionCode: 'TS', procedureCode: 'building-permit', title: 'Pacific annex', location: { address: '2 Zone-ro' },
      applicant: { name: CANARY.name, email }, fields: { floor_area: '4' }, documents: [{ kind: 'plan', filename: 'p.pdf', bytes: PDF }], channel: 'online', receivedAt,
    });
    const client = new Client(server);
    await client.postForm('/signin', { email }, { csrf: await client.csrf('/signin') });
    const row = await database.db.selectFrom('outbox').select('params').where('kind', '=', 'citizen_sign_in').executeTakeFirstOrThrow();
    const token = (row.params as { token: string }).token;
    await client.postForm(`/signin/${token}`, {}, { csrf: await client.csrf(`/signin/${token}`) });
    const me = await client.get('/me?lang=en');
    expect(me.statusCode).toBe(200);
    expect(me.body).toContain(number);
    expect(me.body).toContain(`<time datetime="${receivedAt.toISOString()}">10 Mar 2026</time>`);
    // The sign-in mail belongs to no application: it is shown in the zone the jurisdictions use.
    const mailAt = (await database.db.selectFrom('outbox').select('created_at').where('kind', '=', 'citizen_sign_in').executeTakeFirstOrThrow()).created_at;
    const la = new Intl.DateTimeFormat('en-GB', { timeZone: 'America/Los_Angeles', year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(mailAt);
    expect(me.body).toContain(`>${la}</time>`);
  });
});
