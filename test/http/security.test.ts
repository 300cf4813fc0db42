import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { submitApplication } from '../../src/commands/submitApplication.js';
import { CANARY, PASSWORD, PDF, createFixture, type Fixture } from '../helpers/fixture.js';
import { DIALECTS, openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { Client, testServer } from '../helpers/server.js';

/** Percent-encodes the letter at `index` of a path, as an attacker would to slip past a prefix comparison. */
const encodeAt = (path: string, index: number) => `${path.slice(0, index)}%${path.charCodeAt(index).toString(16)}${path.slice(index + 1)}`;

describe.each(DIALECTS)('safe on the open internet, on %s', (dialect) => {
  let database: TestDatabase;
  let fx: Fixture;
  let app: FastifyInstance;
  let number: string;
  let accessCode: string;

  beforeAll(async () => {
    database = await openTestDatabase(dialect);
    fx = await createFixture(database.db);
    app = await testServer(database);
    ({ number, accessCode } = await submitApplication(database.db, {
      jurisdictionCode: 'TS', procedureCode: 'building-permit', title: 'Security case', location: { address: '9 Guard-ro' },
      applicant: { name: CANARY.name, email: CANARY.email, phone: CANARY.phone }, fields: { floor_area: '10' },
      documents: [{ kind: 'plan', filename: 'p.pdf', bytes: PDF }], channel: 'online',
    }));
  });
  afterAll(async () => {
    await app?.close();
    await database?.close();
  });

  it('guards office and admin pages however their path is spelled', async () => {
    const official = new Client(app);
    await official.login('a1', PASSWORD);
    for (const path of ['/admin', '/admin/officials/new', '/office', '/office/audit', `/office/applications/${number}`, '/office/ratings']) {
      for (const variant of [path, encodeAt(path, 1), encodeAt(path, path.length - 1), path.toUpperCase() === path ? path : encodeAt(path, 2)]) {
        const anonymous = await app.inject({ method: 'GET', url: variant });
        expect([303, 404], `${variant} anonymous`).toContain(anonymous.statusCode);
        if (anonymous.statusCode === 303) expect(anonymous.headers.location, variant).toMatch(/^\/office\/login\?next=/);
        expect(anonymous.body, variant).not.toContain('Admin Kang');
        expect(anonymous.body, variant).not.toContain(CANARY.name);
      }
    }
    for (const variant of ['/admin', '/%61dmin', '/adm%69n', '/%61%64%6d%69%6e']) {
      const res = await official.get(variant);
      expect(res.statusCode, variant).toBe(403);
      expect(res.body).not.toContain('Admin Kang');
    }
  });

  it('returns to a local page only after signing in', async () => {
    for (const next of ['/\\evil.example', '/%09/evil.example', '//evil.example', 'https://evil.example', '/\t/evil.example']) {
      const client = new Client(app);
      const res = await client.postForm('/office/login', { login: 'a1', password: PASSWORD, next }, { csrf: await client.csrf('/office/login') });
      expect(res.statusCode, next).toBe(303);
      expect(res.headers.location, next).toBe('/office');
    }
    const client = new Client(app);
    const res = await client.postForm('/office/login', { login: 'a1', password: PASSWORD, next: `/office/applications/${number}` }, { csrf: await client.csrf('/office/login') });
    expect(res.headers.location).toBe(`/office/applications/${number}`);
    for (const back of ['/\\evil.example', '/%09/evil.example', '//evil.example']) {
      expect((await app.inject({ method: 'GET', url: `/lang/en?back=${encodeURIComponent(back)}` })).headers.location, back).toBe('/');
    }
  });

  it('keeps pages with personal data out of every cache', async () => {
    const applicant = new Client(app);
    await applicant.postForm('/track', { number, code: accessCode });
    const mine = await applicant.get(`/my/${number}`);
    expect(mine.statusCode).toBe(200);
    expect(mine.body).toContain(CANARY.name);
    expect(mine.headers['cache-control']).toBe('private, no-store');
    const official = new Client(app);
    await official.login('a1', PASSWORD);
    for (const url of [`/office/applications/${number}`, '/office', `/applications/${number}`, '/procedures']) {
      expect((await official.get(url)).headers['cache-control'], url).toBe('private, no-store');
    }
    // A form's answer may repeat what was typed: never stored either.
    const refused = await new Client(app).postForm('/track', { number, code: 'WRONG-CODE' });
    expect(refused.headers['cache-control']).toBe('private, no-store');
    // Anonymous public pages stay shareable.
    expect((await app.inject({ method: 'GET', url: `/applications/${number}` })).headers['cache-control']).toBe('public, max-age=60');
  });

  it('serves security.txt and refuses powerful browser features', async () => {
    const res = await app.inject({ method: 'GET', url: '/.well-known/security.txt' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toMatch(/^Contact: mailto:security@/m);
    const expires = new Date(res.body.match(/^Expires: (.+)$/m)![1]!);
    expect(expires.getTime()).toBeGreaterThan(Date.now() + 300 * 86_400_000);
    expect(res.body).toMatch(/^Canonical: http.+\/\.well-known\/security\.txt$/m);
    const page = await app.inject({ method: 'GET', url: '/' });
    expect(page.headers['permissions-policy']).toContain('camera=()');
    expect(page.headers['content-security-policy']).toContain("default-src 'self'");
    expect(page.headers['x-content-type-options']).toBe('nosniff');
  });
});

describe('forwarded addresses', () => {
  it('believes X-Forwarded-For only from configured proxies, so a rotating header cannot dodge the rate limit', async () => {
    const database = await openTestDatabase('pglite');
    await createFixture(database.db);
    try {
      for (const [env, limited] of [[{}, true], [{ TRUST_PROXY: '127.0.0.1' }, false]] as const) {
        const app = await testServer(database, { FORM_RATE_LIMIT: '5', ...env });
        const statuses: number[] = [];
        for (let i = 0; i < 8; i++) {
          const res = await app.inject({
            method: 'POST', url: '/office/login', remoteAddress: '127.0.0.1',
            headers: { 'x-forwarded-for': `203.0.113.${i + 1}`, 'content-type': 'application/x-www-form-urlencoded' },
            payload: 'login=nobody&password=x',
          });
          statuses.push(res.statusCode);
        }
        // Behind a trusted proxy each forwarded address is its own client; without one, they are all one client.
        expect(statuses.includes(429), JSON.stringify({ env, statuses })).toBe(limited);
        await app.close();
      }
    } finally {
      await database.close();
    }
  });
});
