import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordAct } from '../../src/commands/recordAct.js';
import { submitApplication } from '../../src/commands/submitApplication.js';
import { detectOverdue } from '../../src/jobs/detectOverdue.js';
import { commitText } from '../../src/domain/inquiry.js';
import { CANARY, PASSWORD, PDF, createFixture, type Fixture } from '../helpers/fixture.js';
import { DIALECTS, openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { Client, testServer } from '../helpers/server.js';

/** A private question planted like personal data: it must never reach a public output. */
const SECRET_QUESTION = 'CANARY-PRIVATE-QUESTION-7731 about my neighbour';
const CITIZEN_EMAIL = 'citizen.canary.55@leak.example';

describe.each(DIALECTS)('questions and objections on %s', (dialect) => {
  let database: TestDatabase;
  let fx: Fixture;
  let server: FastifyInstance;
  let number: string;
  let accessCode: string;
  let withdrawn: string;

  const submit = (title: string, email?: string) =>
    submitApplication(database.db, {
      jurisdictionCode: 'TS', procedureCode: 'building-permit', title, location: { address: '9 Question-ro' },
      applicant: { name: CANARY.name, ...(email ? { email } : {}), phone: CANARY.phone }, fields: { floor_area: '12', business_no: CANARY.business_no },
      documents: [{ kind: 'plan', filename: 'p.pdf', bytes: PDF }], channel: 'online',
    });

  beforeAll(async () => {
    database = await openTestDatabase(dialect);
    fx = await createFixture(database.db);
    server = await testServer(database, { PUBLIC_URL: 'https://daylight.test' });
    ({ number, accessCode } = await submit('Library annex', CANARY.email));
    await recordAct(database.db, { number, act: { type: 'stage_started', stage: 'intake' }, actor: fx.officials.a1 });
    ({ number: withdrawn } = await submit('Withdrawn one'));
    await recordAct(database.db, { number: withdrawn, act: { type: 'withdrawn' }, actor: fx.officials.a1 });
  });
  afterAll(async () => {
    await server?.close();
    await database?.close();
  });

  const count = async (table: 'inquiry' | 'event' | 'outbox') => Number((await sql<{ n: string }>`SELECT count(*) AS n FROM ${sql.table(table)}`.execute(database.db)).rows[0]!.n);

  /** A citizen signed in through the real e-mail link. */
  async function citizen(email: string): Promise<Client> {
    const client = new Client(server);
    await client.postForm('/signin', { email }, { csrf: await client.csrf('/signin') });
    const row = await database.db.selectFrom('outbox').select('params').where('kind', '=', 'citizen_sign_in').where('recipient', '=', email).orderBy('id', 'desc').executeTakeFirstOrThrow();
    const token = (row.params as { token: string }).token;
    const res = await client.postForm(`/signin/${token}`, {}, { csrf: await client.csrf(`/signin/${token}`) });
    expect(res.statusCode).toBe(303);
    return client;
  }

  it('lets the applicant ask in public, the unit answer on the record, and e-mails the applicant', async () => {
    const applicant = new Client(server);
    await applicant.postForm('/track', { number, code: accessCode });
    const page = `/applications/${number}`;
    const asked = await applicant.postForm(`${page}/inquiries`, { kind: 'question', text: 'Why has the intake review taken so long?' }, { csrf: await applicant.csrf(page) });
    expect(asked.statusCode).toBe(303);
    expect(asked.headers.location).toContain('asked=1');
    const event = await database.db.selectFrom('event as e').innerJoin('application as a', 'a.id', 'e.application_id').select(['e.type', 'e.data', 'e.actor', 'e.private_data']).where('a.number', '=', number).orderBy('e.seq', 'desc').executeTakeFirstOrThrow();
    expect(event.type).toBe('inquiry_opened');
    expect(JSON.stringify(event)).not.toContain('taken so long');
    const row = await database.db.selectFrom('inquiry').select(['question_salt', 'due_at', 'opened_at']).executeTakeFirstOrThrow();
    expect((event.data as { text_sha256: string }).text_sha256).toBe(commitText(row.question_salt, 'Why has the intake review taken so long?'));
    expect(row.due_at.getTime()).toBeGreaterThan(row.opened_at.getTime() + 7 * 86_400_000);

    const pub = await server.inject({ method: 'GET', url: `${page}?lang=en` });
    expect(pub.body).toContain('Why has the intake review taken so long?');
    expect(pub.body).toContain('Question raised'.slice(0, 8));

    const official = new Client(server);
    await official.login('a1', PASSWORD);
    const queue = await official.get('/office?lang=en');
    expect(queue.body).toContain('Open questions to your unit (1)');
    expect(queue.body).toContain(`/office/applications/${number}#inquiry-1`);
    const casePage = await official.get(`/office/applications/${number}?lang=en`);
    expect(casePage.body).toContain('Why has the intake review taken so long?');
    // The answer's field is described by its hint (who will read the answer), for a screen reader too.
    expect(casePage.body).toContain('aria-describedby="f-answer-1-hint"');
    const answered = await official.postForm(`/office/applications/${number}/inquiries/1/answer`, { answer: 'We waited for the fire report; it arrived today.' }, { csrf: await official.csrf(`/office/applications/${number}`) });
    expect(answered.statusCode).toBe(303);
    const after = await server.inject({ method: 'GET', url: `${page}?lang=en` });
    expect(after.body).toContain('We waited for the fire report');
    // The answer says which department gave it.
    expect(after.body).toMatch(/data-testid="answered-by">from Building Division</);
    const mail = await database.db.selectFrom('outbox').select(['recipient', 'params']).where('kind', '=', 'inquiry_answered').execute();
    expect(mail.map((m) => m.recipient)).toEqual([CANARY.email]);
    expect(JSON.stringify(mail[0]!.params)).not.toContain('fire report');

    // Anyone can check the published texts against the log with the served salts.
    const served = (await server.inject({ method: 'GET', url: `/api/v1/applications/${number}/inquiries` })).json().inquiries[0];
    const record = (await server.inject({ method: 'GET', url: `/api/v1/applications/${number}` })).json();
    const commitments = record.events.filter((e: { type: string }) => e.type.startsWith('inquiry_')).map((e: { data: { text_sha256: string } }) => e.data.text_sha256);
    expect(commitments).toEqual([commitText(served.question_salt, served.question), commitText(served.answer_salt, served.answer)]);

    // Answered once only; another unit may not answer.
    const again = await official.postForm(`/office/applications/${number}/inquiries/1/answer`, { answer: 'Twice' }, { csrf: await official.csrf(`/office/applications/${number}`) });
    expect(again.statusCode).toBe(409);
  });

  it('keeps a private question and the asker\'s identity off every public output and out of other people\'s mail', async () => {
    const client = await citizen(CITIZEN_EMAIL);
    const page = `/applications/${number}`;
    const res = await client.postForm(`${page}/inquiries`, { kind: 'objection', text: SECRET_QUESTION, private: '1' }, { csrf: await client.csrf(page) });
    expect(res.statusCode).toBe(303);
    const fire = new Client(server);
    await fire.login('fire1', PASSWORD);
    const refused = await fire.postForm(`/office/applications/${number}/inquiries/2/answer`, { answer: 'Not mine' }, { csrf: await fire.csrf('/office/login') });
    expect(refused.statusCode).toBe(403);
    const official = new Client(server);
    await official.login('a1', PASSWORD);
    await official.postForm(`/office/applications/${number}/inquiries/2/answer`, { answer: 'CANARY-PRIVATE-ANSWER-4410' }, { csrf: await official.csrf(`/office/applications/${number}`) });

    const publicUrls = [page, `${page}?lang=en`, `/api/v1/applications/${number}`, `/api/v1/applications/${number}/inquiries`, `${page}/feed.atom`, '/register', '/register/feed.atom', '/units/TS-BUILD/feed.atom'];
    for (const url of publicUrls) {
      const body = (await server.inject({ method: 'GET', url })).body;
      for (const secret of [SECRET_QUESTION, 'CANARY-PRIVATE-ANSWER-4410', CITIZEN_EMAIL, ...Object.values(CANARY)]) expect(body, `${url} ${secret}`).not.toContain(secret);
    }
    const events = await database.db.selectFrom('event').select(['data', 'actor']).execute();
    for (const e of events) expect(JSON.stringify(e)).not.toMatch(/CANARY-PRIVATE-(QUESTION|ANSWER)|citizen\.canary/);
    const others = await database.db.selectFrom('outbox').select(['recipient', 'params']).where('recipient', '<>', CITIZEN_EMAIL).execute();
    for (const o of others) expect(JSON.stringify(o)).not.toMatch(/CANARY-PRIVATE-(QUESTION|ANSWER)|citizen\.canary/);
    // The asker sees both on their own page, and got the e-mail.
    const me = await client.get('/me?lang=en');
    expect(me.body).toContain(SECRET_QUESTION);
    expect(me.body).toContain('CANARY-PRIVATE-ANSWER-4410');
    expect(me.body).toContain('Your question was answered');
  });

  it('refuses bad input with a clear error and writes nothing', async () => {
    const client = await citizen('asker.two@example.org');
    const before = [await count('inquiry'), await count('event'), await count('outbox')];
    const page = `/applications/${number}`;
    const long = await client.postForm(`${page}/inquiries?lang=en`, { kind: 'question', text: 'x'.repeat(2001) }, { csrf: await client.csrf(page) });
    expect(long.statusCode).toBe(400);
    expect(long.body).toContain('Write at most 2000 characters.');
    const empty = await client.postForm(`${page}/inquiries?lang=en`, { kind: 'question', text: '   ' }, { csrf: await client.csrf(page) });
    expect(empty.statusCode).toBe(400);
    const gone = await client.postForm(`/applications/${withdrawn}/inquiries?lang=en`, { kind: 'question', text: 'Still there?' }, { csrf: await client.csrf(page) });
    expect(gone.statusCode).toBe(409);
    expect(gone.body).toContain('This application was withdrawn');
    const anonymous = new Client(server);
    const anon = await anonymous.postForm(`${page}/inquiries`, { kind: 'question', text: 'Who am I?' }, { csrf: await anonymous.csrf('/track') });
    expect(anon.statusCode).toBe(401);
    expect([await count('inquiry'), await count('event'), await count('outbox')]).toEqual(before);
  });

  it('points a question about bribes to the reporting channel and says it is not available yet', async () => {
    const client = await citizen('asker.three@example.org');
    const page = `/applications/${number}`;
    const res = await client.postForm(`${page}/inquiries`, { kind: 'question', text: '담당자가 급행료를 요구했습니다' }, { csrf: await client.csrf(page) });
    expect(res.headers.location).toContain('report=1');
    const shown = await client.get(`${res.headers.location!.split('#')[0]}&lang=en`);
    expect(shown.body).toContain('That channel is not available yet');
    // The question's field is described by its hint (its limit), for a screen reader too.
    expect(shown.body).toContain('aria-describedby="f-text-hint"');
  });

  it('escalates an unanswered question past its deadline', async () => {
    const late = new Date(Date.now() + 30 * 86_400_000);
    await detectOverdue(database.db, late);
    const rows = await database.db.selectFrom('inquiry').select(['no', 'answered_at', 'escalated_at']).orderBy('no').execute();
    for (const r of rows) expect(r.escalated_at !== null, `question ${r.no}`).toBe(r.answered_at === null);
    const official = new Client(server);
    await official.login('a1', PASSWORD);
    expect((await official.get(`/office/applications/${number}?lang=en`)).body).toContain('Not answered in time');
  });
});

describe.each(DIALECTS)('redacting a published question on %s', (dialect) => {
  let database: TestDatabase;
  let server: FastifyInstance;
  let number: string;
  let accessCode: string;

  beforeAll(async () => {
    database = await openTestDatabase(dialect);
    await createFixture(database.db);
    server = await testServer(database);
    ({ number, accessCode } = await submitApplication(database.db, {
      jurisdictionCode: 'TS', procedureCode: 'building-permit', title: 'Redaction case', location: { address: '3 Redact-ro' },
      applicant: { name: CANARY.name, phone: CANARY.phone }, fields: { floor_area: '12' },
      documents: [{ kind: 'plan', filename: 'p.pdf', bytes: PDF }], channel: 'online',
    }));
  });
  afterAll(async () => {
    await server?.close();
    await database?.close();
  });

  it('publishes the redacted text with its reason, refuses a redaction without one, and keeps the original for auditors only', async () => {
    const applicant = new Client(server);
    await applicant.postForm('/track', { number, code: accessCode });
    const page = `/applications/${number}`;
    await applicant.postForm(`${page}/inquiries`, { kind: 'question', text: `Call me on ${CANARY.phone} about the delay` }, { csrf: await applicant.csrf(page) });
    expect((await server.inject({ method: 'GET', url: page })).body).toContain(CANARY.phone);

    const official = new Client(server);
    await official.login('a1', PASSWORD);
    const casePath = `/office/applications/${number}`;
    const events = async () => Number((await sql<{ n: string }>`SELECT count(*) AS n FROM event`.execute(database.db)).rows[0]!.n);
    const before = await events();
    const noReason = await official.postForm(`${casePath}/inquiries/1/redact`, { field: 'question', text: 'Call me about the delay', reason: ' ' }, { csrf: await official.csrf(casePath) });
    expect(noReason.headers.location).toContain('inquiry_error=error.redaction_needs_reason');
    expect(await events()).toBe(before);

    const done = await official.postForm(`${casePath}/inquiries/1/redact`, { field: 'question', text: 'Call me on [phone number removed] about the delay', reason: 'Personal data removed' }, { csrf: await official.csrf(casePath) });
    expect(done.statusCode).toBe(303);
    const pub = await server.inject({ method: 'GET', url: `${page}?lang=en` });
    expect(pub.body).not.toContain(CANARY.phone);
    expect(pub.body).toContain('[phone number removed]');
    expect(pub.body).toContain('Redacted by the department. Reason: Personal data removed');
    const last = await database.db.selectFrom('event').select(['type', 'data']).orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(last.type).toBe('inquiry_redacted');
    expect(JSON.stringify(last.data)).not.toContain(CANARY.phone);
    for (const e of await database.db.selectFrom('event').select('data').execute()) expect(JSON.stringify(e.data)).not.toContain(CANARY.phone);
    const kept = await database.db.selectFrom('inquiry_redaction').select(['original', 'reason']).executeTakeFirstOrThrow();
    expect(kept.original).toContain(CANARY.phone);
  });
});
