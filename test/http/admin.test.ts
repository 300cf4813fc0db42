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

  /** The editor's rows for two stages and a document, as a browser sends them. */
  const rows = (): Record<string, string> => ({
    'stage.0.key': 'intake', 'stage.0.name_ko': '접수', 'stage.0.name_en': 'Intake', 'stage.0.days': '2', 'stage.0.period': 'working_days', 'stage.0.unit': '',
    'stage.1.key': 'decision', 'stage.1.name_ko': '결재', 'stage.1.name_en': 'Decision', 'stage.1.days': '1', 'stage.1.period': 'working_days', 'stage.1.unit': '',
    'document.0.key': 'plan', 'document.0.name_ko': '도면', 'document.0.name_en': 'Plans', 'document.0.required': 'yes',
  });
  const procedureFields = () => ({
    jurisdiction_id: fx.jurisdictionId, code: 'building-permit', category: 'building', unit_code: 'TS-BUILD', name_ko: '건축허가', name_en: 'Building permit',
    purpose_ko: '목적', purpose_en: 'Purpose', legal_basis_ko: '건축법', legal_basis_en: 'Building Act', fee_krw: '30000', statutory_days: '20', ...rows(),
  });

  it('saves a procedure as a new version, keeping the old one for running applications', async () => {
    const page = await admin.get('/admin');
    const id = page.body.match(/href="\/admin\/procedures\/(\d+)"/)?.[1];
    const form = await admin.get(`/admin/procedures/${id}`);
    // Each stage is a row of its own inputs, filled with the current version.
    expect(form.body).toContain('name="stage.0.key" value="intake"');
    expect(form.body).toContain('name="stage.0.name_en" value="Intake review"');
    const res = await admin.postForm('/admin/procedures', procedureFields(), { csrf: await admin.csrf('/admin') });
    expect(res.statusCode).toBe(303);
    const versions = await database.db.selectFrom('procedure').select(['version', 'is_current']).where('code', '=', 'building-permit').orderBy('version').execute();
    expect(versions).toEqual([{ version: 1, is_current: false }, { version: 2, is_current: true }]);
    const saved = await database.db.selectFrom('procedure').select(['stages', 'documents']).where('code', '=', 'building-permit').where('is_current', '=', true).executeTakeFirstOrThrow();
    expect(saved.stages.map((s) => s.key)).toEqual(['intake', 'decision']);
    expect(saved.documents).toEqual([{ key: 'plan', name: { ko: '도면', en: 'Plans' }, required: true }]);
    const bad = await admin.postForm('/admin/procedures', { jurisdiction_id: fx.jurisdictionId, code: 'Bad Code', category: 'building', unit_code: 'TS-BUILD', name_ko: 'x', name_en: 'x', statutory_days: '0' }, { csrf: await admin.csrf('/admin') });
    expect(bad.statusCode).toBe(400);
  });

  it('adds, moves and removes rows as form submissions that keep everything typed and save nothing', async () => {
    const count = async () => (await database.db.selectFrom('procedure').select('id').where('code', '=', 'building-permit').execute()).length;
    const before = await count();
    const post = async (values: Record<string, string>) => admin.postForm('/admin/procedures?lang=en', values, { csrf: await admin.csrf('/admin') });
    const typed = { ...procedureFields(), purpose_en: 'Half typed', base_version: '1' };

    const added = await post({ ...typed, op: 'add-stage' });
    expect(added.statusCode).toBe(200);
    expect(added.body).toContain('not saved yet');
    expect(added.body).toContain('value="Half typed"');
    expect(added.body).toMatch(/<legend>Stage 3<\/legend>.*name="stage\.2\.key" value\/>/);
    // "Add" brings the browser to the row it adds: the next one would be the fourth.
    expect(added.body).toContain('value="add-stage" formaction="/admin/procedures#stage-3"');

    const moved = await post({ ...typed, op: 'up-stage-1' });
    expect(moved.body.indexOf('value="decision"')).toBeLessThan(moved.body.indexOf('value="intake"'));
    expect(moved.body).toContain('name="stage.0.key" value="decision"');

    const removed = await post({ ...typed, op: 'remove-document-0' });
    expect(removed.body).not.toContain('name="document.0.key"');
    expect(removed.body).toContain('No documents are asked for.');
    expect(await count()).toBe(before);
  });

  it('never lets a page opened on an older version overwrite a newer one, and names the row and input of a problem', async () => {
    const current = await database.db.selectFrom('procedure').select(['id', 'version']).where('code', '=', 'building-permit').where('is_current', '=', true).executeTakeFirstOrThrow();
    const form = await admin.get(`/admin/procedures/${current.id}`);
    expect(form.body).toContain(`name="base_version" value="${current.version}"`);
    const post = async (extra: Record<string, string>) => admin.postForm('/admin/procedures?lang=en', { ...procedureFields(), ...extra }, { csrf: await admin.csrf('/admin') });
    const count = async () => (await database.db.selectFrom('procedure').select('id').where('code', '=', 'building-permit').execute()).length;
    const before = await count();

    // A second stage without its English name or a whole-number duration: each is named beside its own input.
    const half = await post({ base_version: String(current.version), 'stage.1.name_en': '', 'stage.1.days': 'two', purpose_en: 'Typed purpose' });
    expect(half.statusCode).toBe(400);
    expect(half.body).toMatch(/id="f-stage-1-name_en-error"[^>]*>Stage 2: write its name in English\./);
    expect(half.body).toMatch(/id="f-stage-1-days-error"[^>]*>Stage 2: the duration must be a whole number, 0 or more\./);
    expect(half.body).toContain('href="#f-stage-1-name_en"');
    expect(half.body).toContain('value="Typed purpose"');
    expect(half.body).toContain('name="stage.1.days" value="two"');
    expect(await count()).toBe(before);

    // Someone else saves first; the page opened before refuses to overwrite it and keeps what was typed.
    expect((await post({ base_version: String(current.version) })).statusCode).toBe(303);
    const stale = await post({ base_version: String(current.version), purpose_en: 'My late change', 'stage.1.name_en': 'My decision' });
    expect(stale.statusCode).toBe(409);
    expect(stale.body).toContain(`Someone saved version ${current.version + 1} of this procedure after you opened version ${current.version}`);
    expect(stale.body).toContain('value="My late change"');
    expect(stale.body).toContain('value="My decision"');
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
