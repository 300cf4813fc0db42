import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD, createFixture, type Fixture } from '../helpers/fixture.js';
import { DIALECTS, openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { Client, testServer } from '../helpers/server.js';

describe.each(DIALECTS)('administration on %s', (dialect) => {
  let database: TestDatabase;
  let fx: Fixture;
  let app: FastifyInstance;
  let admin: Client;

  beforeAll(async () => {
    database = await openTestDatabase(dialect);
    fx = await createFixture(database.db);
    app = await testServer(database);
    admin = new Client(app);
    await admin.login('admin', PASSWORD);
  });
  afterAll(async () => {
    await app?.close();
    await database?.close();
  });

  it('creates a department and an official who can then sign in', async () => {
    const unit = await admin.postForm('/admin/units', { jurisdiction_id: fx.jurisdictionId, code: 'TS-PARKS', name_ko: '공원과', name_en: 'Parks Division' }, { csrf: await admin.csrf('/admin') });
    expect(unit.statusCode).toBe(303);
    const parks = await database.db.selectFrom('unit').select('id').where('code', '=', 'TS-PARKS').executeTakeFirstOrThrow();
    const created = await admin.postForm(
      '/admin/officials',
      { login: 'parks.1', password: 'a-long-enough-password', unit_id: String(parks.id), name_ko: '정공원', name_en: 'Jeong Gong-won', title_ko: '주무관', title_en: 'Officer', roles: ['official'], active: 'yes' },
      { csrf: await admin.csrf('/admin/officials/new') },
    );
    expect(created.statusCode).toBe(303);
    const newcomer = new Client(app);
    await newcomer.login('parks.1', 'a-long-enough-password');
    expect((await newcomer.get('/office')).statusCode).toBe(200);
  });

  it('refuses a weak password and a taken login with messages, creating nothing', async () => {
    const res = await admin.postForm(
      '/admin/officials',
      { login: 'a1', password: 'short', unit_id: String(fx.units.build), name_ko: 'x', name_en: 'x', title_ko: 'x', title_en: 'x', roles: ['official'], active: 'yes' },
      { csrf: await admin.csrf('/admin/officials/new') },
    );
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('12');
    const count = await database.db.selectFrom('official').select('id').where('login', '=', 'a1').execute();
    expect(count).toHaveLength(1);
  });

  it('deactivating an official ends their sessions and stops sign-in', async () => {
    const road = new Client(app);
    await road.login('road1', PASSWORD);
    const res = await admin.postForm(
      `/admin/officials/${fx.officials.road1.id}`,
      { login: 'road1', unit_id: String(fx.units.road), name_ko: '한도로', name_en: 'Han Do-ro', title_ko: '주무관', title_en: 'Officer', roles: ['official'] },
      { csrf: await admin.csrf('/admin') },
    );
    expect(res.statusCode).toBe(303);
    expect((await road.get('/office')).statusCode).toBe(303);
  });

  it('issues an API key shown once that a department system then uses', async () => {
    const res = await admin.postForm('/admin/keys', { unit_id: String(fx.units.build), label: 'e-approval system' }, { csrf: await admin.csrf('/admin') });
    // Post/redirect/get: the key is shown on the page after the redirect, so a reload issues no second key.
    expect(res.statusCode).toBe(303);
    const shown = await admin.get(String(res.headers.location));
    const key = shown.body.match(/data-testid="new-api-key">([^<]+)</)?.[1];
    expect(key).toMatch(/^dlk_/);
    expect(await database.db.selectFrom('api_key').select('id').where('label', '=', 'e-approval system').execute()).toHaveLength(1);
    expect((await admin.get('/admin')).body).not.toContain(key!);
    const created = await app.inject({
      method: 'POST', url: '/api/v1/applications', headers: { authorization: `Bearer ${key}` },
      payload: { jurisdiction: 'TS', procedure: 'building-permit', title: 'From the department system', location: { address: '3 API-ro' }, applicant: { name: 'Kim' }, fields: { floor_area: '50' }, received_at: '2026-01-05T10:00:00+09:00', channel: 'post' },
    });
    expect(created.statusCode).toBe(201);
    const number = created.json().number;
    const event = await app.inject({ method: 'POST', url: `/api/v1/applications/${number}/events`, headers: { authorization: `Bearer ${key}` }, payload: { type: 'stage_started', stage: 'intake', acting_official: 'a1', occurred_at: '2026-01-06T09:30:00+09:00' } });
    expect(event.statusCode, event.body).toBe(201);
    // Seq 2 is the assignment by rotation made as the application was received.
    expect(event.json().event).toMatchObject({ seq: 3, type: 'stage_started', occurred_at: '2026-01-06T09:30:00+09:00', actor: { name: { en: 'Kim Min-jun' } } });
    const wrongOfficial = await app.inject({ method: 'POST', url: `/api/v1/applications/${number}/events`, headers: { authorization: `Bearer ${key}` }, payload: { type: 'site_inspection', stage: 'intake', acting_official: 'road1' } });
    expect(wrongOfficial.statusCode).toBe(400);
  });

  it('saves a procedure as a new version, keeping the old one for running applications', async () => {
    const page = await admin.get('/admin');
    const id = page.body.match(/href="\/admin\/procedures\/(\d+)"/)?.[1];
    const form = await admin.get(`/admin/procedures/${id}`);
    expect(form.body).toContain('intake | 접수 검토 | Intake review | 2 | - | no');
    const res = await admin.postForm(
      '/admin/procedures',
      {
        jurisdiction_id: fx.jurisdictionId, code: 'building-permit', category: 'building', unit_code: 'TS-BUILD', name_ko: '건축허가', name_en: 'Building permit',
        purpose_ko: '목적', purpose_en: 'Purpose', legal_basis_ko: '건축법', legal_basis_en: 'Building Act', fee_krw: '30000', statutory_days: '20',
        stages: 'intake | 접수 | Intake | 2 | - | no\ndecision | 결재 | Decision | 1 | - | no', documents: 'plan | 도면 | Plans | yes', fields: '',
      },
      { csrf: await admin.csrf('/admin') },
    );
    expect(res.statusCode).toBe(303);
    const versions = await database.db.selectFrom('procedure').select(['version', 'is_current']).where('code', '=', 'building-permit').orderBy('version').execute();
    expect(versions).toEqual([{ version: 1, is_current: false }, { version: 2, is_current: true }]);
    const bad = await admin.postForm('/admin/procedures', { jurisdiction_id: fx.jurisdictionId, code: 'Bad Code', category: 'building', unit_code: 'TS-BUILD', name_ko: 'x', name_en: 'x', statutory_days: '0', stages: '' }, { csrf: await admin.csrf('/admin') });
    expect(bad.statusCode).toBe(400);
  });

  it('never lets a page opened on an older version overwrite a newer one, and names what is wrong with a stage line', async () => {
    const current = await database.db.selectFrom('procedure').select(['id', 'version']).where('code', '=', 'building-permit').where('is_current', '=', true).executeTakeFirstOrThrow();
    const form = await admin.get(`/admin/procedures/${current.id}`);
    expect(form.body).toContain(`name="base_version" value="${current.version}"`);
    const fields = {
      jurisdiction_id: fx.jurisdictionId, code: 'building-permit', category: 'building', unit_code: 'TS-BUILD', name_ko: '건축허가', name_en: 'Building permit',
      purpose_ko: '목적', purpose_en: 'Purpose', legal_basis_ko: '건축법', legal_basis_en: 'Building Act', fee_krw: '30000', statutory_days: '20',
      stages: 'intake | 접수 | Intake | 2 | - | no\ndecision | 결재 | Decision | 1 | - | no', documents: 'plan | 도면 | Plans | yes', fields: '',
    };
    const post = async (extra: Record<string, string>) => admin.postForm('/admin/procedures?lang=en', { ...fields, ...extra }, { csrf: await admin.csrf('/admin') });
    const count = async () => (await database.db.selectFrom('procedure').select('id').where('code', '=', 'building-permit').execute()).length;
    const before = await count();

    // A stage line with parts missing: the stages field says which stage and what it lacks; nothing is saved.
    const half = await post({ base_version: String(current.version), stages: 'intake | 접수 | Intake | 2 | - | no\nreview | only two', purpose_en: 'Typed purpose' });
    expect(half.statusCode).toBe(400);
    expect(half.body).toMatch(/id="p-stages-error"[^>]*>Stage 2 \(“review”\) needs a Korean and an English name/);
    expect(half.body).toContain('value="Typed purpose"');
    expect(await count()).toBe(before);

    // Someone else saves first; the page opened before refuses to overwrite it and keeps what was typed.
    expect((await post({ base_version: String(current.version) })).statusCode).toBe(303);
    const stale = await post({ base_version: String(current.version), purpose_en: 'My late change' });
    expect(stale.statusCode).toBe(409);
    expect(stale.body).toContain(`Someone saved version ${current.version + 1} of this procedure after you opened version ${current.version}`);
    expect(stale.body).toContain('value="My late change"');
    expect(await count()).toBe(before + 1);
    // A new procedure under a code that exists is refused the same way, never a silent new version.
    expect((await post({ base_version: '0' })).statusCode).toBe(409);
  });
});

describe('rate limits', () => {
  it('slows down repeated login attempts from one address', async () => {
    const database = await openTestDatabase('pglite');
    await createFixture(database.db);
    const app = await testServer(database, { FORM_RATE_LIMIT: '3' });
    const client = new Client(app);
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push((await client.postForm('/office/login', { login: 'nobody', password: 'x' }, { csrf: await client.csrf('/office/login') })).statusCode);
    expect(statuses.slice(0, 3)).toEqual([401, 401, 401]);
    expect(statuses[4]).toBe(429);
    await app.close();
    await database.close();
  });
});
