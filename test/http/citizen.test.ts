import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { submitApplication } from '../../src/commands/submitApplication.js';
import { recordAct } from '../../src/commands/recordAct.js';
import { SIGN_IN_LINKS_PER_HOUR } from '../../src/commands/citizen/requestSignInLink.js';
import { renderMail } from '../../src/mail/render.js';
import { CANARY, PDF, createFixture, type Fixture } from '../helpers/fixture.js';
import { DIALECTS, openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { Client, testServer } from '../helpers/server.js';

describe.each(DIALECTS)('citizen sign-in by e-mail link on %s', (dialect) => {
  let database: TestDatabase;
  let fx: Fixture;
  let server: FastifyInstance;
  let online: string;
  let counter: { number: string; accessCode: string };

  beforeAll(async () => {
    database = await openTestDatabase(dialect);
    fx = await createFixture(database.db);
    server = await testServer(database, { PUBLIC_URL: 'https://daylight.test' });
    const base = {
      jurisdictionCode: 'TS', procedureCode: 'building-permit', location: { address: '1 Citizen-ro' },
      fields: { floor_area: '12' }, documents: [{ kind: 'plan', filename: 'p.pdf', bytes: PDF }],
    };
    ({ number: online } = await submitApplication(database.db, {
      ...base, title: 'Filed online', applicant: { name: CANARY.name, email: CANARY.email, phone: CANARY.phone }, channel: 'online' as const,
    }));
    await recordAct(database.db, { number: online, act: { type: 'stage_started', stage: 'intake' }, actor: fx.officials.a1 });
    counter = await submitApplication(database.db, { ...base, title: 'Filed at the counter', applicant: { name: 'Somebody Else' }, channel: 'counter' as const });
  });
  afterAll(async () => {
    await server?.close();
    await database?.close();
  });

  const loginRows = async () => Number((await sql<{ n: string }>`SELECT count(*) AS n FROM citizen_login`.execute(database.db)).rows[0]!.n);
  const outboxRows = async () => Number((await sql<{ n: string }>`SELECT count(*) AS n FROM outbox`.execute(database.db)).rows[0]!.n);
  /** The newest sign-in link sent to an address, read from its outbox row as the e-mail would carry it. */
  const lastLink = async (email: string) => {
    const row = await database.db
      .selectFrom('outbox')
      .select(['id', 'idempotency_key', 'kind', 'recipient', 'locale', 'application_id', 'params', 'attempts'])
      .where('kind', '=', 'citizen_sign_in')
      .where(sql<string>`lower(recipient)`, '=', email.toLowerCase())
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    const mail = renderMail(row, { publicUrl: 'https://daylight.test', linkSecret: 'x' });
    const url = mail.text.match(/https:\/\/daylight\.test(\/signin\/[A-Za-z0-9_-]+)/)?.[1];
    expect(url).toBeDefined();
    return { path: url!, mail };
  };

  it('e-mails a single-use link, shows a confirm button, signs in on POST and lists the citizen\'s applications and mail', async () => {
    const client = new Client(server);
    const asked = await client.postForm('/signin?lang=en', { email: CANARY.email.toUpperCase() }, { csrf: await client.csrf('/signin') });
    expect(asked.statusCode).toBe(200);
    expect(asked.body).toContain('a sign-in link is on its way');
    const { path, mail } = await lastLink(CANARY.email);
    expect(mail.to).toBe(CANARY.email.toUpperCase());
    expect(mail.subject).toBeTruthy();
    const stored = await database.db.selectFrom('citizen_login').select('token_hash').execute();
    expect(stored.some((r) => path.endsWith(r.token_hash))).toBe(false);

    // A mail scanner's GET uses nothing.
    const confirm = await client.get(`${path}?lang=en`);
    expect(confirm.statusCode).toBe(200);
    expect(confirm.body).toContain('Press the button to finish signing in');
    expect(await client.get(path).then((r) => r.statusCode)).toBe(200);

    const signedIn = await client.postForm(path, {}, { csrf: await client.csrf(path) });
    expect(signedIn.statusCode).toBe(303);
    expect(signedIn.headers.location).toBe('/me');
    const me = await client.get('/me?lang=en');
    expect(me.statusCode).toBe(200);
    expect(me.body).toContain(online);
    expect(me.body).toContain('Filed with your e-mail address');
    expect(me.body).not.toContain(counter.number);
    expect(me.body).toContain('News about your application');
    expect(me.body).toContain('Sign-in link');

    // Reused link: a clear error, no second session.
    const other = new Client(server);
    const reused = await other.get(`${path}?lang=en`);
    expect(reused.statusCode).toBe(410);
    expect(reused.body).toContain('already used');
    const reusedPost = await other.postForm(`${path}?lang=en`, {}, { csrf: await other.csrf('/signin') });
    expect(reusedPost.statusCode).toBe(410);
    expect(other.cookies.has('dl_citizen')).toBe(false);
    expect((await other.get('/me')).headers.location).toBe('/signin');

    // Link a counter-filed application: wrong code refused, right code accepted.
    const wrong = await client.postForm('/me/link?lang=en', { number: counter.number, code: 'AAAA-BBBB-CCCC' }, { csrf: await client.csrf('/me') });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.body).toContain('do not match');
    expect(Number((await sql<{ n: string }>`SELECT count(*) AS n FROM citizen_application`.execute(database.db)).rows[0]!.n)).toBe(0);
    const linked = await client.postForm('/me/link', { number: counter.number, code: counter.accessCode }, { csrf: await client.csrf('/me') });
    expect(linked.statusCode).toBe(303);
    const after = await client.get('/me?lang=en');
    expect(after.body).toContain(counter.number);
    expect(after.body).toContain('Added with its access code');

    const out = await client.postForm('/me/signout', {}, { csrf: await client.csrf('/me') });
    expect(out.statusCode).toBe(303);
    expect((await client.get('/me')).headers.location).toBe('/signin');
  });

  it('brings an applicant who lost the access code back to their private page through the e-mail address they gave', async () => {
    // Every e-mail to the applicant links the private page itself, not a bare form asking for the code.
    const row = await database.db
      .selectFrom('outbox')
      .select(['id', 'idempotency_key', 'kind', 'recipient', 'locale', 'application_id', 'params', 'attempts'])
      .where('kind', '=', 'applicant_event')
      .where('recipient', '=', CANARY.email)
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    const mail = renderMail(row, { publicUrl: 'https://daylight.test', linkSecret: 'x' });
    expect(mail.text).toContain(`https://daylight.test/my/${online}`);

    const client = new Client(server);
    const unsigned = await client.get(`/my/${online}`);
    expect(unsigned.headers.location).toBe(`/track?number=${online}`);
    const track = await client.get(`/track?number=${online}&lang=en`);
    const next = `/signin?next=${encodeURIComponent(`/my/${online}`)}`;
    expect(track.body).toContain(`href="${next.replace(/&/g, '&amp;')}"`);
    expect(track.body).toContain('Lost your access code?');

    await client.get(next);
    await client.postForm('/signin', { email: CANARY.email }, { csrf: await client.csrf('/signin') });
    const { path } = await lastLink(CANARY.email);
    const signedIn = await client.postForm(path, {}, { csrf: await client.csrf(path) });
    expect(signedIn.headers.location).toBe(`/my/${online}`);
    const mine = await client.get(`/my/${online}?lang=en`);
    expect(mine.statusCode).toBe(200);
    expect(mine.body).toContain(CANARY.name);
    expect(mine.body).toContain('data-testid="private-sign-out"');
    // The page carries the due dates, with their calculation, as the public record does.
    expect(mine.body).toContain('id="deadline-application"');
    const me = await client.get('/me?lang=en');
    expect(me.body).toContain(`href="/my/${online}"`);

    // One sign-out on a shared computer leaves nothing open: neither the application nor the e-mail sign-in.
    const out = await client.postForm('/track/signout', {}, { csrf: await client.csrf(`/my/${online}`) });
    expect(out.headers.location).toBe('/track?signed_out=1');
    expect((await client.get(`/track?signed_out=1&lang=en`)).body).toContain('You have signed out');
    expect((await client.get(`/my/${online}`)).statusCode).toBe(303);
    expect((await client.get('/me')).headers.location).toBe('/signin');

    // Another citizen's sign-in opens nothing of it.
    const stranger = new Client(server);
    await stranger.postForm('/signin', { email: 'stranger@example.org' }, { csrf: await stranger.csrf('/signin') });
    const link = await lastLink('stranger@example.org');
    await stranger.postForm(link.path, {}, { csrf: await stranger.csrf(link.path) });
    const refused = await stranger.get(`/my/${online}`);
    expect(refused.statusCode).toBe(303);
    expect(refused.headers.location).toBe(`/track?number=${online}`);
    expect(refused.body).not.toContain(CANARY.name);
  });

  it('refuses an expired link with a clear message', async () => {
    const client = new Client(server);
    await client.postForm('/signin', { email: 'late@example.org' }, { csrf: await client.csrf('/signin') });
    const { path } = await lastLink('late@example.org');
    await sql`UPDATE citizen_login SET expires_at = now() - interval '1 minute' WHERE lower(email) = 'late@example.org'`.execute(database.db);
    const res = await client.postForm(`${path}?lang=en`, {}, { csrf: await client.csrf('/signin') });
    expect(res.statusCode).toBe(410);
    expect(res.body).toContain('has expired');
    expect(client.cookies.has('dl_citizen')).toBe(false);
    expect((await client.get('/signin/not-a-real-token?lang=en')).statusCode).toBe(404);
  });

  it('refuses an invalid address and writes nothing', async () => {
    const client = new Client(server);
    const [logins, mails] = [await loginRows(), await outboxRows()];
    for (const email of ['', 'not-an-address', 'a@b', `${'x'.repeat(300)}@example.org`]) {
      const res = await client.postForm('/signin?lang=en', { email }, { csrf: await client.csrf('/signin') });
      expect(res.statusCode, email).toBe(400);
      expect(res.body, email).toContain('Enter an e-mail address like name@example.org.');
    }
    expect(await loginRows()).toBe(logins);
    expect(await outboxRows()).toBe(mails);
  });

  it('sends at most a few links an hour to one address, whatever its case, then refuses politely and writes nothing', async () => {
    const client = new Client(server);
    for (let i = 0; i < SIGN_IN_LINKS_PER_HOUR; i++) {
      const res = await client.postForm('/signin', { email: i % 2 ? 'Victim@Example.org' : 'victim@example.org' }, { csrf: await client.csrf('/signin') });
      expect(res.statusCode).toBe(200);
    }
    const [logins, mails] = [await loginRows(), await outboxRows()];
    const refused = await client.postForm('/signin?lang=en', { email: 'VICTIM@example.org' }, { csrf: await client.csrf('/signin') });
    expect(refused.statusCode).toBe(429);
    expect(refused.body).toContain('Nothing more was sent');
    expect(await loginRows()).toBe(logins);
    expect(await outboxRows()).toBe(mails);
  });

  it('keeps the citizen\'s address and links off public pages and out of other people\'s mail', async () => {
    for (const url of [`/applications/${online}`, `/api/v1/applications/${online}`, `/applications/${online}/feed.atom`, '/register']) {
      const res = await server.inject({ method: 'GET', url });
      expect(res.body, url).not.toContain(CANARY.email);
    }
    const others = await database.db.selectFrom('outbox').select(['recipient', 'params']).where(sql<string>`lower(recipient)`, '<>', CANARY.email.toLowerCase()).execute();
    for (const o of others) expect(JSON.stringify(o)).not.toContain(CANARY.email);
  });
});
