import { hash } from '@node-rs/argon2';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { totpCode } from '../../src/domain/totp.js';
import { PASSWORD, createFixture, totpSecretOf, type Fixture } from '../helpers/fixture.js';
import { DIALECTS, openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { Client, authenticatorCode, rememberSecret, secondFactorNow, testServer } from '../helpers/server.js';

/** Posts login and password only; the client is left half-authenticated when they are right. */
async function passwordOnly(client: Client, login: string, password = PASSWORD, next?: string) {
  return client.postForm('/office/login', { login, password, ...(next ? { next } : {}) }, { csrf: await client.csrf('/office/login') });
}

async function postCode(client: Client, code: string, next?: string) {
  return client.postForm('/office/sign-in/code', { code, ...(next ? { next } : {}) }, { csrf: await client.csrf('/office/sign-in/code') });
}

/** Every route of the server as method and path, read from Fastify's printed route tree. */
function allRoutes(app: FastifyInstance): { method: string; path: string }[] {
  const out: { method: string; path: string }[] = [];
  const stack: string[] = [];
  for (const line of app.printRoutes({ commonPrefix: false }).split('\n')) {
    const m = line.match(/^([\s│]*)[├└]── (.*?)(?: \(([^)]+)\))?$/);
    if (!m) continue;
    const depth = [...m[1]!].length / 4;
    stack.length = depth;
    stack[depth] = m[2]!;
    if (m[3]) for (const method of m[3].split(', ')) out.push({ method, path: stack.join('') });
  }
  return out;
}

/** A page's text without its per-request CSRF token, to compare two answers. */
const comparable = (res: LightMyRequestResponse) => res.body.replace(/name="_csrf" value="[^"]+"/g, '');

describe.each(DIALECTS)('office sign-in on %s', (dialect) => {
  let database: TestDatabase;
  let fx: Fixture;
  let app: FastifyInstance;
  let newcomerId: number;

  beforeAll(async () => {
    database = await openTestDatabase(dialect);
    fx = await createFixture(database.db);
    app = await testServer(database);
    newcomerId = (await database.db
      .insertInto('official')
      .values({
        jurisdiction_id: fx.jurisdictionId, unit_id: fx.units.build, login: 'newcomer', password_hash: await hash(PASSWORD),
        name_ko: '신입', name_en: 'Shin Ip', title_ko: '주무관', title_en: 'Officer', roles: ['official'],
      })
      .returning('id')
      .executeTakeFirstOrThrow()).id;
  });
  afterAll(async () => {
    await app?.close();
    await database?.close();
  });

  it('asks an official without a second factor to enrol before any office page, then shows ten recovery codes once', async () => {
    const client = new Client(app);
    const first = await passwordOnly(client, 'newcomer', PASSWORD, '/office/register');
    expect(first.statusCode).toBe(303);
    expect(first.headers.location).toBe('/office/sign-in/enrol?next=%2Foffice%2Fregister');
    expect((await client.get('/office/register')).headers.location).toMatch(/^\/office\/login/);
    const page = await client.get('/office/sign-in/enrol?next=%2Foffice%2Fregister');
    expect(page.statusCode).toBe(200);
    expect(page.headers['cache-control']).toBe('private, no-store');
    expect(page.body).toMatch(/<img class="qr" src="data:image\/svg\+xml;base64,[A-Za-z0-9+/=]+"/);
    const secret = page.body.match(/data-testid="totp-secret">([A-Z2-7 ]+)</)![1]!.replace(/ /g, '');
    // The same key on a reload, and never in clear in the database.
    expect((await client.get('/office/sign-in/enrol')).body).toContain(secret.slice(0, 4));
    const sessions = await database.db.selectFrom('session').select('enrolment_secret').where('official_id', '=', newcomerId).execute();
    expect(JSON.stringify(sessions)).not.toContain(secret);

    const wrong = await client.postForm('/office/sign-in/enrol', { code: '000000', next: '/office/register' }, { csrf: await client.csrf('/office/sign-in/enrol') });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.body).toMatch(/not right|틀렸거나/);
    rememberSecret(app, 'newcomer', secret);
    const done = await client.postForm('/office/sign-in/enrol', { code: authenticatorCode(app, 'newcomer'), next: '/office/register' }, { csrf: await client.csrf('/office/sign-in/enrol') });
    expect(done.statusCode).toBe(200);
    expect(done.headers['cache-control']).toBe('private, no-store');
    const codes = [...done.body.matchAll(/<li><code>([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4})<\/code><\/li>/g)].map((m) => m[1]);
    expect(codes).toHaveLength(10);
    expect(done.body).toContain('href="/office/register"');
    expect((await client.get('/office/register')).statusCode).toBe(200);

    const stored = await database.db.selectFrom('official').select('totp_secret').where('id', '=', newcomerId).executeTakeFirstOrThrow();
    expect(stored.totp_secret).toMatch(/^v1\./);
    expect(stored.totp_secret).not.toContain(secret);
    const hashes = await database.db.selectFrom('official_recovery_code').select('code_hash').where('official_id', '=', newcomerId).execute();
    expect(hashes).toHaveLength(10);
    expect(JSON.stringify(hashes)).not.toContain(codes[0]!.replace(/-/g, ''));
  });

  it('signs in with a code, keeping the return path, and refuses the same code a second time', async () => {
    const first = new Client(app);
    expect((await passwordOnly(first, 'a2', PASSWORD, '/office/register')).headers.location).toBe('/office/sign-in/code?next=%2Foffice%2Fregister');
    const code = authenticatorCode(app, 'a2');
    const ok = await postCode(first, code, '/office/register');
    expect(ok.statusCode).toBe(303);
    expect(ok.headers.location).toBe('/office/register');
    // Someone who saw the code over the shoulder, a moment later.
    const replay = new Client(app, '192.0.2.44');
    await passwordOnly(replay, 'a2');
    const refused = await postCode(replay, code);
    expect(refused.statusCode).toBe(401);
    expect(refused.body).toMatch(/already used|이미 사용된/);
    expect((await replay.get('/office')).statusCode).toBe(303);
  });

  it('accepts a recovery code instead of a code, once', async () => {
    const owner = new Client(app);
    await owner.login('fire1', PASSWORD);
    const res = await owner.postForm('/office/account/recovery-codes', { code: authenticatorCode(app, 'fire1') }, { csrf: await owner.csrf('/office/account') });
    expect(res.statusCode).toBe(200);
    const codes = [...res.body.matchAll(/<li><code>([0-9A-Z-]{14})<\/code><\/li>/g)].map((m) => m[1]!);
    expect(codes).toHaveLength(10);

    const phoneless = new Client(app);
    await passwordOnly(phoneless, 'fire1');
    expect((await postCode(phoneless, codes[3]!.toLowerCase())).statusCode).toBe(303);
    expect((await phoneless.get('/office')).statusCode).toBe(200);
    const again = new Client(app);
    await passwordOnly(again, 'fire1');
    expect((await postCode(again, codes[3]!)).statusCode).toBe(401);

    // Regenerating cancels the old codes.
    await owner.postForm('/office/account/recovery-codes', { code: authenticatorCode(app, 'fire1') }, { csrf: await owner.csrf('/office/account') });
    const old = new Client(app);
    await passwordOnly(old, 'fire1');
    expect((await postCode(old, codes[4]!)).statusCode).toBe(401);
    const account = await owner.get('/office/account');
    expect(account.body).toMatch(/10 recovery codes left|남은 복구 코드: 10개/);
  });

  it('refuses a half-authenticated session on every office and admin page', async () => {
    const half = new Client(app);
    await passwordOnly(half, 'admin');
    expect(half.cookies.has('dl_office')).toBe(true);
    const routes = allRoutes(app)
      .filter((r) => (r.method === 'GET' || r.method === 'POST') && /^\/(office|admin)(\/|$)/.test(r.path))
      .filter((r) => !/^\/office\/(login|logout|sign-in\/)/.test(r.path));
    expect(routes.length).toBeGreaterThan(25);
    const token = await half.csrf('/office/sign-in/code');
    for (const route of routes) {
      const url = route.path.replace(':number', '2026-TS-0000001').replace(':j', 'TS').replace(':code', 'building-permit').replace(/:[a-z]+/g, '1');
      const res = route.method === 'GET' ? await half.get(url) : await half.postForm(url, { code: '123456' }, { csrf: token });
      const refused = res.statusCode === 401 || res.statusCode === 403 || (res.statusCode === 303 && /^\/office\/login/.test(String(res.headers.location)));
      expect(refused, `${route.method} ${url} answered ${res.statusCode} ${res.headers.location ?? ''}`).toBe(true);
    }
  });

  it('ends a session after the idle timeout and after the absolute one, and notes activity at most once a minute', async () => {
    const client = new Client(app);
    await client.login('a1', PASSWORD);
    const mine = () => database.db.selectFrom('session').select(['id', 'last_seen_at']).where('official_id', '=', fx.officials.a1.id).where('pending', 'is', null);
    const [row] = await mine().orderBy('created_at', 'desc').limit(1).execute();
    const seen = row!.last_seen_at;
    expect((await client.get('/office')).statusCode).toBe(200);
    expect((await mine().where('id', '=', row!.id).executeTakeFirstOrThrow()).last_seen_at).toEqual(seen);
    await database.db.updateTable('session').set({ last_seen_at: new Date(Date.now() - 5 * 60_000) }).where('id', '=', row!.id).execute();
    expect((await client.get('/office')).statusCode).toBe(200);
    expect((await mine().where('id', '=', row!.id).executeTakeFirstOrThrow()).last_seen_at.getTime()).toBeGreaterThan(Date.now() - 10_000);

    await database.db.updateTable('session').set({ last_seen_at: new Date(Date.now() - 31 * 60_000) }).where('id', '=', row!.id).execute();
    expect((await client.get('/office')).statusCode).toBe(303);

    const other = new Client(app);
    await other.login('a1', PASSWORD);
    await database.db.updateTable('session').set({ expires_at: new Date(Date.now() - 1000) }).where('official_id', '=', fx.officials.a1.id).execute();
    expect((await other.get('/office')).statusCode).toBe(303);
  });

  it('lists an official’s own sessions and signs one or all others out', async () => {
    const desk = new Client(app);
    const laptop = new Client(app);
    const phone = new Client(app);
    for (const c of [desk, laptop, phone]) await c.login('boss', PASSWORD);
    const page = await desk.get('/office/account/sessions');
    expect(page.statusCode).toBe(200);
    expect(page.headers['cache-control']).toBe('private, no-store');
    expect(page.body.match(/data-testid="current-session"/g)).toHaveLength(1);
    expect(page.body.match(/data-testid="other-session"/g)).toHaveLength(2);
    const laptopSession = (await laptop.get('/office/account/sessions')).body.match(/data-testid="current-session"[\s\S]*?name="session" value="([^"]+)"/)![1]!;
    const ended = await desk.postForm('/office/account/sessions/end', { session: laptopSession }, { csrf: await desk.csrf('/office/account/sessions') });
    expect(ended.headers.location).toBe('/office/account/sessions?done=ended');
    expect((await laptop.get('/office')).statusCode).toBe(303);
    expect((await phone.get('/office')).statusCode).toBe(200);
    const others = await desk.postForm('/office/account/sessions/end-others', {}, { csrf: await desk.csrf('/office/account/sessions') });
    expect(others.headers.location).toBe('/office/account/sessions?done=others&count=1');
    expect((await phone.get('/office')).statusCode).toBe(303);
    expect((await desk.get('/office')).statusCode).toBe(200);
    // Another official's session cannot be ended from here.
    const stranger = new Client(app);
    await stranger.login('a2', PASSWORD);
    const deskSession = (await desk.get('/office/account/sessions')).body.match(/name="session" value="([^"]+)"/)![1]!;
    expect((await stranger.postForm('/office/account/sessions/end', { session: deskSession }, { csrf: await stranger.csrf('/office/account/sessions') })).statusCode).toBe(404);
    expect((await desk.get('/office')).statusCode).toBe(200);
  });

  it('lets twenty guesses from rotating addresses pass without keeping the owner out', async () => {
    for (let i = 0; i < 20; i++) {
      const guesser = new Client(app, `203.0.113.${100 + i}`);
      expect((await passwordOnly(guesser, 'clerk', `guess-${i}`)).statusCode).toBe(401);
    }
    const owner = new Client(app, '198.51.100.7');
    await owner.login('clerk', PASSWORD);
    expect((await owner.get('/office')).statusCode).toBe(200);
  });

  it('answers an unknown login exactly like a known one, and throttles both alike', async () => {
    const known = new Client(app, '192.0.2.10');
    const unknown = new Client(app, '192.0.2.11');
    for (let i = 0; i < 5; i++) {
      const k = await passwordOnly(known, 'auditor', 'not-the-password');
      const u = await passwordOnly(unknown, 'no.such.person', 'not-the-password');
      expect([k.statusCode, u.statusCode]).toEqual([401, 401]);
      expect(comparable(u).replace(/no\.such\.person/g, 'auditor')).toBe(comparable(k));
    }
    const k = await passwordOnly(known, 'auditor', 'not-the-password');
    const u = await passwordOnly(unknown, 'no.such.person', 'not-the-password');
    expect([k.statusCode, u.statusCode]).toEqual([429, 429]);
    expect(comparable(u).replace(/no\.such\.person/g, 'auditor')).toBe(comparable(k));
    expect(k.body).toMatch(/wait 1 minute|1분 후/);
  });

  it('counts wrong codes as failed sign-ins', async () => {
    const client = new Client(app, '192.0.2.30');
    await passwordOnly(client, 'road1');
    for (let i = 0; i < 5; i++) expect((await postCode(client, '000000')).statusCode).toBe(401);
    const right = await postCode(client, totpCode(totpSecretOf('road1'), secondFactorNow(app)));
    expect(right.statusCode).toBe(429);
    expect((await client.get('/office')).statusCode).toBe(303);
  });

  it('sends a sign-in that was already signed in, or a hostile return path, to a page of this site', async () => {
    const client = new Client(app);
    const res = await passwordOnly(client, 'a1', PASSWORD, '//evil.example/office');
    expect(res.headers.location).toBe('/office/sign-in/code');
    const done = await postCode(client, authenticatorCode(app, 'a1'), '/\\evil.example');
    expect(done.headers.location).toBe('/office');
  });

  it('changes a password under the rules, in the person’s language, and signs the other sessions out', async () => {
    const here = new Client(app);
    const there = new Client(app);
    await here.login('a2', PASSWORD);
    await there.login('a2', PASSWORD);
    const post = (fields: Record<string, string>, lang = 'en') =>
      here.csrf('/office/account/password').then((csrf) => here.postForm(`/office/account/password?lang=${lang}`, fields, { csrf }));
    const cases: [Record<string, string>, string, RegExp][] = [
      [{ current_password: 'wrong', new_password: 'violet tram lantern 42', confirm_password: 'violet tram lantern 42' }, 'en', /current password is wrong/],
      [{ current_password: PASSWORD, new_password: 'short', confirm_password: 'short' }, 'en', /at least 12 characters/],
      [{ current_password: PASSWORD, new_password: 'short', confirm_password: 'short' }, 'ko', /12자 이상/],
      [{ current_password: PASSWORD, new_password: 'password1234', confirm_password: 'password1234' }, 'en', /too common/],
      [{ current_password: PASSWORD, new_password: 'password1234', confirm_password: 'password1234' }, 'ko', /너무 흔하거나/],
      [{ current_password: PASSWORD, new_password: 'the a2 account is mine', confirm_password: 'the a2 account is mine' }, 'en', /must not contain the login/],
      [{ current_password: PASSWORD, new_password: 'seoyeon lantern tram', confirm_password: 'seoyeon lantern tram' }, 'ko', /이름을 포함할 수 없습니다/],
      [{ current_password: PASSWORD, new_password: 'violet tram lantern 42', confirm_password: 'violet tram lantern 43' }, 'en', /two new passwords differ/],
    ];
    for (const [fields, lang, message] of cases) {
      const res = await post(fields, lang);
      expect(res.statusCode).toBe(400);
      expect(res.body).toMatch(message);
      expect(res.body).toMatch(/href="#f-(current_password|new_password|confirm_password)"/);
    }
    const ok = await post({ current_password: PASSWORD, new_password: 'violet tram lantern 42', confirm_password: 'violet tram lantern 42' });
    expect(ok.headers.location).toBe('/office/account?done=password');
    expect((await here.get('/office')).statusCode).toBe(200);
    expect((await there.get('/office')).statusCode).toBe(303);
    const later = new Client(app);
    await later.login('a2', 'violet tram lantern 42');
    expect((await later.get('/office')).statusCode).toBe(200);
  });

  it('lets an administrator end an official’s sessions and reset their second factor', async () => {
    const admin = new Client(app);
    await admin.login('admin', PASSWORD);
    const road = new Client(app);
    await road.login('road1', PASSWORD).catch(async () => {
      // road1's address may still be waiting after the wrong-code test; sign in from elsewhere.
      const elsewhere = new Client(app, '198.51.100.99');
      await elsewhere.login('road1', PASSWORD);
      road.cookies = elsewhere.cookies;
    });
    const page = await admin.get(`/admin/officials/${fx.officials.road1.id}/sign-in`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toMatch(/Signed in in 1 place|1곳에 로그인/);
    const ended = await admin.postForm(`/admin/officials/${fx.officials.road1.id}/sessions/end`, {}, { csrf: await admin.csrf('/admin') });
    expect(ended.headers.location).toMatch(new RegExp(`^/admin/officials/${fx.officials.road1.id}/sign-in\\?done=ended&count=[1-9]$`));
    expect((await road.get('/office')).statusCode).toBe(303);

    const reset = await admin.postForm(`/admin/officials/${fx.officials.road1.id}/second-factor/reset`, {}, { csrf: await admin.csrf('/admin') });
    expect(reset.statusCode).toBe(303);
    const again = new Client(app, '198.51.100.98');
    expect((await passwordOnly(again, 'road1')).headers.location).toBe('/office/sign-in/enrol');
    // Only administrators may do either.
    const clerk = new Client(app);
    await clerk.login('clerk', PASSWORD);
    expect((await clerk.postForm(`/admin/officials/${fx.officials.a1.id}/sessions/end`, {}, { csrf: await clerk.csrf('/office') })).statusCode).toBe(403);
    expect((await clerk.get(`/admin/officials/${fx.officials.a1.id}/sign-in`)).statusCode).toBe(403);
  });
});

describe('distributed guessing of one login', () => {
  it('slows new browsers down past the threshold, but not the owner’s browser', async () => {
    const database = await openTestDatabase('pglite');
    await createFixture(database.db);
    const app = await testServer(database, { LOGIN_GLOBAL_FAILURES: '10', LOGIN_SLOWDOWN_SECONDS: '60' });
    const owner = new Client(app, '198.51.100.1');
    await owner.login('a1', PASSWORD);
    await owner.postForm('/office/logout', {}, { csrf: await owner.csrf('/office') });
    for (let i = 0; i < 10; i++) expect((await passwordOnly(new Client(app, `203.0.113.${i + 1}`), 'a1', 'guess')).statusCode).toBe(401);
    expect((await passwordOnly(new Client(app, '203.0.113.200'), 'a1', PASSWORD)).statusCode).toBe(429);
    await owner.login('a1', PASSWORD);
    expect((await owner.get('/office')).statusCode).toBe(200);
    await app.close();
    await database.close();
  });
});

describe('with SECOND_FACTOR=optional', () => {
  it('signs an official without a second factor in with the password alone, but still asks enrolled ones for a code', async () => {
    const database = await openTestDatabase('pglite');
    const fx = await createFixture(database.db);
    await database.db.updateTable('official').set({ totp_secret: null }).where('id', '=', fx.officials.a1.id).execute();
    const app = await testServer(database, { SECOND_FACTOR: 'optional' });
    const plain = new Client(app);
    const res = await passwordOnly(plain, 'a1');
    expect(res.headers.location).toBe('/office');
    expect((await plain.get('/office')).statusCode).toBe(200);
    expect((await plain.get('/office/account')).body).toContain('/office/account/second-factor');
    const enrolled = new Client(app);
    expect((await passwordOnly(enrolled, 'a2')).headers.location).toBe('/office/sign-in/code');
    await app.close();
    await database.close();
  });
});
