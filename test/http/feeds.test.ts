import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordAct } from '../../src/commands/recordAct.js';
import { submitApplication } from '../../src/commands/submitApplication.js';
import { CANARY, PDF, createFixture, type Fixture } from '../helpers/fixture.js';
import { DIALECTS, openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { testServer } from '../helpers/server.js';

describe.each(DIALECTS)('Atom feeds on %s', (dialect) => {
  let database: TestDatabase;
  let fx: Fixture;
  let server: FastifyInstance;
  let number: string;

  beforeAll(async () => {
    database = await openTestDatabase(dialect);
    fx = await createFixture(database.db);
    server = await testServer(database, { PUBLIC_URL: 'https://daylight.test' });
    ({ number } = await submitApplication(database.db, {
      jurisdictionCode: 'TS', procedureCode: 'building-permit', title: 'Riverside <library> & café', location: { address: '5 Feed-ro' },
      applicant: { name: CANARY.name, email: CANARY.email, phone: CANARY.phone }, fields: { floor_area: '12', business_no: CANARY.business_no },
      documents: [{ kind: 'plan', filename: 'p.pdf', bytes: PDF }], channel: 'online',
    }));
    await recordAct(database.db, { number, act: { type: 'stage_started', stage: 'intake' }, actor: fx.officials.a1, internalNote: CANARY.internal });
    await recordAct(database.db, { number, act: { type: 'supplement_requested', stage: 'intake', message: CANARY.message }, actor: fx.officials.a1 });
  });
  afterAll(async () => {
    await server?.close();
    await database?.close();
  });

  const get = (url: string) => server.inject({ method: 'GET', url });
  const noPersonalData = (body: string) => {
    for (const value of Object.values(CANARY)) expect(body).not.toContain(value);
  };

  it("serves an application's events, newest first, escaped, without personal data", async () => {
    const res = await get(`/applications/${number}/feed.atom?lang=en`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('application/atom+xml');
    expect(res.body).toContain('<title>' + `${number} Riverside &lt;library&gt; &amp; café` + '</title>');
    const titles = [...res.body.matchAll(/<entry>\s*<id>[^<]*<\/id>\s*<title>([^<]*)<\/title>/g)].map((m) => m[1]);
    expect(titles).toEqual(['Supplement requested from the applicant (Intake review)', 'Stage started: Intake review', 'Application received']);
    expect(res.body).toContain(`https://daylight.test/applications/${number}#event-3`);
    noPersonalData(res.body);
  });

  it('serves the register, a unit and a procedure with the register filters', async () => {
    for (const url of ['/register/feed.atom', '/register/feed.atom?q=riverside&status=awaiting_applicant', '/units/TS-BUILD/feed.atom', '/procedures/building-permit/feed.atom']) {
      const res = await get(url);
      expect(res.statusCode, url).toBe(200);
      expect(res.body, url).toContain(`<id>https://daylight.test/applications/${number}</id>`);
      noPersonalData(res.body);
    }
    const none = await get('/register/feed.atom?q=nothing-like-this');
    expect(none.statusCode).toBe(200);
    expect(none.body).not.toContain('<entry>');
  });

  it('refuses unknown units, procedures, applications and bad filters', async () => {
    expect((await get('/units/NOPE/feed.atom')).statusCode).toBe(404);
    expect((await get('/procedures/nope/feed.atom')).statusCode).toBe(404);
    expect((await get('/applications/2026-TS-9999999/feed.atom')).statusCode).toBe(404);
    expect((await get('/register/feed.atom?from=yesterday')).statusCode).toBe(400);
  });

  it('is announced by the application page and the register', async () => {
    const page = await get(`/applications/${number}`);
    expect(page.body).toContain(`<link rel="alternate" type="application/atom+xml" href="/applications/${number}/feed.atom"`);
    const register = await get('/register?unit=TS-BUILD');
    expect(register.body).toContain('href="/register/feed.atom?unit=TS-BUILD"');
  });
});
