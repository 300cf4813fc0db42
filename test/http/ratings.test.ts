import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordAct } from '../../src/commands/recordAct.js';
import { submitApplication } from '../../src/commands/submitApplication.js';
import { linkSecret } from '../../src/db/repos/outbox.js';
import { renderMail } from '../../src/mail/render.js';
import { CANARY, PASSWORD, PDF, createFixture, type Fixture } from '../helpers/fixture.js';
import { DIALECTS, openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { Client, testServer } from '../helpers/server.js';

/** A private comment planted like personal data: only the unit and the auditors may ever read it. */
const COMMENT = 'CANARY-RATING-COMMENT-8842 the clerk asked me to come twice';

describe.each(DIALECTS)('rating the service over HTTP on %s', (dialect) => {
  let database: TestDatabase;
  let fx: Fixture;
  let server: FastifyInstance;
  let decided: { number: string; code: string };
  let open: { number: string; code: string };

  const submit = async (title: string) => {
    const r = await submitApplication(database.db, {
      jurisdictionCode: 'TS', procedureCode: 'building-permit', title, location: { address: '5 Satisfaction-ro' },
      applicant: { name: CANARY.name, email: CANARY.email, phone: CANARY.phone }, fields: { floor_area: '40', business_no: CANARY.business_no },
      documents: [{ kind: 'plan', filename: 'p.pdf', bytes: PDF }], channel: 'online',
    });
    return { number: r.number, code: r.accessCode };
  };

  /** Works the fixture's procedure to an approval, with each stage's own unit. */
  async function approve(number: string) {
    const { a1, fire1 } = fx.officials;
    const acts = [
      [a1, { type: 'stage_started', stage: 'intake' }], [a1, { type: 'stage_completed', stage: 'intake' }],
      [fire1, { type: 'stage_started', stage: 'fire' }], [a1, { type: 'stage_started', stage: 'structure' }],
      [fire1, { type: 'stage_completed', stage: 'fire' }], [a1, { type: 'stage_completed', stage: 'structure' }],
      [a1, { type: 'stage_started', stage: 'decision' }], [a1, { type: 'decision', outcome: 'approved' }],
    ] as const;
    for (const [actor, act] of acts) await recordAct(database.db, { number, act, actor });
  }

  beforeAll(async () => {
    database = await openTestDatabase(dialect);
    fx = await createFixture(database.db);
    server = await testServer(database, { PUBLIC_URL: 'https://daylight.test' });
    decided = await submit('Approved, to be rated');
    await approve(decided.number);
    open = await submit('Still in review');
  });
  afterAll(async () => {
    await server?.close();
    await database?.close();
  });

  const ratings = async () => Number((await sql<{ n: string }>`SELECT count(*) AS n FROM service_rating`.execute(database.db)).rows[0]!.n);

  async function applicant(app: { number: string; code: string }): Promise<Client> {
    const client = new Client(server);
    const res = await client.postForm('/track', { number: app.number, code: app.code });
    expect(res.statusCode).toBe(303);
    return client;
  }

  it('invites the applicant of a closed case, explains bad input in their language, then records the rating', async () => {
    const client = await applicant(decided);
    const page = `/my/${decided.number}`;
    const before = await client.get(`${page}?lang=en`);
    expect(before.body).toContain('Rate the service');
    expect(before.body).toContain('How satisfied are you with how the department handled your application?');
    // Reporting a bribe leads somewhere that exists: a private objection on the application's page.
    expect(before.body).toMatch(new RegExp(`data-testid="report-link"[^]*href="/report"[^]*href="/applications/${decided.number}#inquiries-heading"`));

    const missing = await client.postForm(`${page}/rating?lang=en`, { comment: 'no score' }, { csrf: await client.csrf(page) });
    expect(missing.statusCode).toBe(400);
    expect(missing.body).toContain('Choose how satisfied you are');
    expect(missing.body).toContain('no score');
    const korean = await client.postForm(`${page}/rating?lang=ko`, { satisfaction: '7' }, { csrf: await client.csrf(page) });
    expect(korean.statusCode).toBe(400);
    expect(korean.body).toContain('매우 만족부터 매우 불만족 가운데 하나를 고르세요.');
    const long = await client.postForm(`${page}/rating?lang=en`, { satisfaction: '2', comment: 'x'.repeat(2001) }, { csrf: await client.csrf(page) });
    expect(long.statusCode).toBe(400);
    expect(long.body).toContain('Write at most 2000 characters.');
    const longKo = await client.postForm(`${page}/rating?lang=ko`, { satisfaction: '2', comment: 'x'.repeat(2001) }, { csrf: await client.csrf(page) });
    expect(longKo.body).toContain('2000자 이내로 적으세요.');
    expect(await ratings()).toBe(0);

    const saved = await client.postForm(`${page}/rating`, { satisfaction: '2', comment: COMMENT }, { csrf: await client.csrf(page) });
    expect(saved.statusCode).toBe(303);
    expect(saved.headers.location).toContain(`/my/${decided.number}?rated=1`);
    const after = await client.get(`${page}?rated=1&lang=en`);
    expect(after.body).toContain('Thank you: your rating was recorded.');
    // The notice says until when the rating can change; the form does not say it again.
    expect(after.body.match(/You can change/g)).toHaveLength(1);
    expect((await client.get(page + '?lang=en')).body.match(/You can change your rating until/g)).toHaveLength(1);
    expect(after.body).toContain('Dissatisfied');
    expect(after.body).toContain(COMMENT);
    expect(after.body).toContain('Change rating');
    expect(await ratings()).toBe(1);
  });

  it('refuses an open case, another applicant and a visitor without a session', async () => {
    const mine = await applicant(open);
    const openPage = await mine.get(`/my/${open.number}?lang=en`);
    expect(openPage.body).not.toContain('How satisfied are you');
    const early = await mine.postForm(`/my/${open.number}/rating?lang=en`, { satisfaction: '5' }, { csrf: await mine.csrf('/track') });
    expect(early.statusCode).toBe(409);
    expect(early.body).toContain('This application is not closed yet.');
    const other = await mine.postForm(`/my/${decided.number}/rating`, { satisfaction: '5' }, { csrf: await mine.csrf('/track') });
    expect(other.statusCode).toBe(403);
    const anonymous = new Client(server);
    const anon = await anonymous.postForm(`/my/${decided.number}/rating`, { satisfaction: '5' });
    expect(anon.statusCode).toBe(403);
    expect((await database.db.selectFrom('service_rating').select('satisfaction').executeTakeFirstOrThrow()).satisfaction).toBe(2);
  });

  it('puts a signed rating link in the decision e-mail that works without signing in, and refuses a forged one', async () => {
    const mails = await database.db.selectFrom('outbox').select(['id', 'idempotency_key', 'kind', 'recipient', 'locale', 'application_id', 'params', 'attempts']).orderBy('id').execute();
    const decision = mails.find((m) => m.kind === 'applicant_event' && (m.params as { type: string }).type === 'decision');
    expect(decision?.recipient).toBe(CANARY.email);
    const message = renderMail({ ...decision!, locale: 'en' }, { publicUrl: 'https://daylight.test', linkSecret: await linkSecret(database.db) });
    expect(message.text).toContain('How did we do?');
    const link = message.text.match(/Rate the service: https:\/\/daylight\.test(\/rate\/\S+)/)?.[1];
    expect(link).toBeDefined();
    const stage = mails.find((m) => (m.params as { type: string }).type === 'stage_started')!;
    expect(renderMail(stage, { publicUrl: 'https://daylight.test', linkSecret: await linkSecret(database.db) }).text).not.toContain('/rate/');

    const visitor = new Client(server);
    const page = await visitor.get(`${link}?lang=en`);
    expect(page.statusCode).toBe(200);
    expect(page.headers['cache-control']).toContain('no-store');
    expect(page.body).toContain(`Rate the service for application ${decided.number}`);
    expect(page.body).toContain(COMMENT);
    const bad = await visitor.postForm(`${link!}?lang=en`, { satisfaction: '' }, { csrf: await visitor.csrf(link!) });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Choose how satisfied you are');
    const changed = await visitor.postForm(link!, { satisfaction: '4', comment: COMMENT }, { csrf: await visitor.csrf(link!) });
    expect(changed.statusCode).toBe(303);
    expect((await visitor.get(`${link}?saved=1&lang=en`)).body).toContain('Thank you: your rating was recorded.');
    expect((await database.db.selectFrom('service_rating').select('satisfaction').executeTakeFirstOrThrow()).satisfaction).toBe(4);

    const [payload, mac] = link!.slice('/rate/'.length).split('.');
    const forged = Buffer.from(JSON.stringify({ p: 'rate', a: 999 })).toString('base64url');
    const altered = `${mac!.startsWith('x') ? 'y' : 'x'}${mac!.slice(1)}`;
    for (const token of [`${forged}.${mac}`, `${payload}.${altered}`, payload!]) {
      expect((await visitor.get(`/rate/${token}`)).statusCode).toBe(404);
    }
    // An unsubscribe token does not open the rating form.
    const unsubscribe = message.text.match(/\/mail\/unsubscribe\/(\S+)/)![1]!;
    expect((await visitor.get(`/rate/${unsubscribe}`)).statusCode).toBe(404);
  });

  it('shows the comments to the unit and the auditors only', async () => {
    const own = new Client(server);
    await own.login('a1', PASSWORD);
    const list = await own.get('/office/ratings?lang=en');
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain(COMMENT);
    expect(list.body).toContain(decided.number);
    expect(list.body).toContain('href="/office/ratings"');
    const boss = new Client(server);
    await boss.login('boss', PASSWORD);
    expect((await boss.get('/office/ratings')).body).toContain(COMMENT);
    const auditor = new Client(server);
    await auditor.login('auditor', PASSWORD);
    expect((await auditor.get('/office/ratings')).body).toContain(COMMENT);

    const otherUnit = new Client(server);
    await otherUnit.login('fire1', PASSWORD);
    const theirs = await otherUnit.get('/office/ratings?lang=en');
    expect(theirs.statusCode).toBe(200);
    expect(theirs.body).not.toContain(COMMENT);
    expect(theirs.body).toContain('No ratings of applications closed in the last 12 months.');
    const clerk = new Client(server);
    await clerk.login('clerk', PASSWORD);
    const refused = await clerk.get('/office/ratings?lang=en');
    expect(refused.statusCode).toBe(403);
    expect(refused.body).not.toContain(COMMENT);
    const anonymous = await server.inject({ method: 'GET', url: '/office/ratings' });
    expect(anonymous.statusCode).toBe(303);
    expect(anonymous.headers.location).toContain('/office/login');
  });

  it('counts the office’s ratings over the same periods as the statistics, by when the application closed', async () => {
    const own = new Client(server);
    await own.login('a1', PASSWORD);
    const summary = (body: string) => body.match(/<p data-testid="ratings-summary">([\s\S]*?)<\/p>/)?.[1];
    // By default the last 12 months, as on /statistics; the average always has two decimals.
    const recent = await own.get('/office/ratings?lang=en');
    expect(summary(recent.body)).toBe('1 rating of applications closed in the last 12 months: average 4.00 out of 5, 100% satisfied or very satisfied.');
    expect(recent.body).toContain('<option value="365" selected>the last 12 months</option>');
    const { closed_at: closedAt } = await database.db.selectFrom('application').select('closed_at').where('number', '=', decided.number).executeTakeFirstOrThrow();
    await database.db.updateTable('application').set({ closed_at: new Date(Date.now() - 200 * 86_400_000) }).where('number', '=', decided.number).execute();
    try {
      const quarter = await own.get('/office/ratings?period=90&lang=en');
      expect(quarter.body).toContain('No ratings of applications closed in the last 90 days.');
      expect(quarter.body).not.toContain(COMMENT);
      const statistics = (await server.inject({ url: '/api/v1/statistics?period=90' })).json();
      expect(statistics.jurisdictions[0].units.find((u: { code: string }) => u.code === 'TS-BUILD')?.satisfaction?.n ?? 0).toBe(0);
      expect(summary((await own.get('/office/ratings?period=365&lang=en')).body)).toContain('1 rating of applications closed in the last 12 months');
      expect(summary((await own.get('/office/ratings?period=all&lang=ko')).body)).toBe('종결된 모든 신청의 평가 1건: 평균 4.00점(5점 만점), 만족 이상 100%.');
      // An unknown period is the default.
      expect((await own.get('/office/ratings?period=7&lang=en')).body).toContain('<option value="365" selected>');
    } finally {
      await database.db.updateTable('application').set({ closed_at: closedAt }).where('number', '=', decided.number).execute();
    }
  });

  it('publishes the count with the figures withheld below the minimum, and never a comment', async () => {
    const json = (await server.inject({ method: 'GET', url: '/api/v1/statistics?period=all' })).json();
    const unit = json.jurisdictions[0].units.find((u: { code: string }) => u.code === 'TS-BUILD');
    expect(unit.satisfaction).toMatchObject({ n: 1, withheld: true, mean: null, satisfied: null, min_sample: 10 });
    const page = await server.inject({ method: 'GET', url: '/statistics?period=all&lang=en' });
    expect(page.body).toContain('Applicants’ satisfaction by department');
    expect(page.body).toContain('withheld (too few ratings)');
    const csv = await server.inject({ method: 'GET', url: '/statistics.csv?period=all' });
    expect(csv.body.split('\r\n')[0]).toContain('satisfied_share');

    const publicUrls = [
      `/applications/${decided.number}`, `/applications/${decided.number}?lang=en`, `/api/v1/applications/${decided.number}`,
      `/applications/${decided.number}/feed.atom`, '/register', '/register/feed.atom', '/units/TS-BUILD/feed.atom',
      '/statistics?period=all', '/statistics.csv?period=all', '/api/v1/statistics?period=all', '/log/checkpoint',
    ];
    for (const url of publicUrls) {
      const body = (await server.inject({ method: 'GET', url })).body;
      expect(body, url).not.toContain('CANARY-RATING');
    }
    const events = await database.db.selectFrom('event').select(['data', 'private_data', 'actor']).execute();
    for (const e of events) expect(JSON.stringify(e)).not.toContain('CANARY-RATING');
    const outbox = await database.db.selectFrom('outbox').select(['params']).execute();
    for (const o of outbox) expect(JSON.stringify(o)).not.toContain('CANARY-RATING');
  });
});
