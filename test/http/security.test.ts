import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { submitApplication } from '../../src/commands/submitApplication.js';
import { recordAct } from '../../src/commands/recordAct.js';
import { createApiKey } from '../../src/commands/admin/createApiKey.js';
import { translator } from '../../src/i18n/index.js';
import { CANARY, PASSWORD, PDF, createFixture, type Fixture } from '../helpers/fixture.js';
import { DIALECTS, openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { Client, authenticatorCode, testServer } from '../helpers/server.js';

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
    const signIn = async (next: string) => {
      const client = new Client(app);
      const first = await client.postForm('/office/login', { login: 'a1', password: PASSWORD, next }, { csrf: await client.csrf('/office/login') });
      expect(first.statusCode, next).toBe(303);
      const step = String(first.headers.location);
      expect(step, next).toMatch(/^\/office\/sign-in\/code/);
      const page = await client.get(step);
      const kept = page.body.match(/name="next" value="([^"]*)"/)?.[1]?.replace(/&amp;/g, '&') ?? '';
      const token = page.body.match(/name="_csrf" value="([^"]+)"/)![1]!;
      const done = await client.postForm('/office/sign-in/code', { code: authenticatorCode(app, 'a1'), next: kept }, { csrf: token });
      expect(done.statusCode, next).toBe(303);
      return String(done.headers.location);
    };
    for (const next of ['/\\evil.example', '/%09/evil.example', '//evil.example', 'https://evil.example', '/\t/evil.example', '/%2F/evil.example']) {
      expect(await signIn(next), next).toBe('/office');
    }
    expect(await signIn(`/office/applications/${number}`)).toBe(`/office/applications/${number}`);
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

  it('reads one value of a repeated parameter and refuses malformed bodies and impossible ids with a 4xx', async () => {
    for (const url of ['/register?q=a&q=b', '/register?unit=a&unit=b&status=received&status=closed', '/track?number=a&number=b', '/statistics?period=90&period=365', `/api/v1/applications?q=a&q=b&limit=5&limit=6`]) {
      const res = await app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBeLessThan(400);
    }
    const official = new Client(app);
    await official.login('a1', PASSWORD);
    const token = await official.csrf('/office');
    const malformed: [string, string | Buffer][] = [
      ['multipart/form-data', 'no boundary at all'],
      ['multipart/form-data; boundary=xx', '--xx\r\nContent-Disposition: form-data; name="title"\r\n\r\ncut short'],
      ['multipart/form-data; boundary=xx', ''],
      ['application/json', '{not json'],
    ];
    for (const url of ['/procedures/TS/building-permit/apply', '/track', `/office/applications/${number}/acts`, '/signin', '/follow', `/applications/${number}/inquiries`]) {
      for (const [type, payload] of malformed) {
        const res = await app.inject({ method: 'POST', url, headers: { cookie: official.cookieHeader, 'x-csrf-token': token, 'content-type': type }, payload });
        expect(res.statusCode, `${url} ${type}`).toBeGreaterThanOrEqual(400);
        expect(res.statusCode, `${url} ${type}`).toBeLessThan(500);
      }
    }
    for (const url of [
      `/api/v1/applications/${number}/events/99999999999/proof`,
      `/api/v1/applications/${number}/events/2147483648/proof`,
      `/office/applications/${number}/documents/99999999999`,
      `/office/applications/${number}/documents/abc`,
      '/admin/officials/99999999999',
    ]) {
      const res = await official.get(url);
      expect(res.statusCode, url).toBeGreaterThanOrEqual(400);
      expect(res.statusCode, url).toBeLessThan(500);
    }
    const assign = await official.postForm(`/office/applications/${number}/acts`, { type: 'assigned', official_id: '99999999999', reason: 'x' }, { csrf: token });
    expect(assign.statusCode).toBe(400);
  });

  it('keeps bidirectional overrides out of the public record', async () => {
    const client = new Client(app);
    const token = await client.csrf('/procedures/TS/building-permit/apply');
    const res = await client.postMultipart('/procedures/TS/building-permit/apply', {
      title: 'Bakery \u202Etxe.evil\u202C extension\u2066', address: '3 Bidi-ro', applicant_name: 'Bidi Kim', field_floor_area: '20',
    }, [{ field: 'doc_plan', filename: 'plan\u202Efdp.exe', bytes: PDF }], { csrf: token });
    expect(res.statusCode, res.body.slice(0, 300)).toBe(303);
    // Filed from the check page, as online applications are.
    expect((await client.postForm(String(res.headers.location).replace(/check$/, 'submit'), {}, { csrf: token })).statusCode).toBe(303);
    const row = await database.db.selectFrom('application').select(['number', 'title']).where('address', '=', '3 Bidi-ro').executeTakeFirstOrThrow();
    expect(row.title).toBe('Bakery txe.evil extension');
    const doc = await database.db.selectFrom('document as d').innerJoin('application as a', 'a.id', 'd.application_id').select('d.filename').where('a.number', '=', row.number).executeTakeFirstOrThrow();
    expect(doc.filename).toBe('planfdp.exe');
    const page = await app.inject({ method: 'GET', url: `/applications/${row.number}` });
    expect(page.body).not.toMatch(/[\u202a-\u202e\u2066-\u2069]/);
  });

  it('keeps control characters out of the public record, from a form and from the API', async () => {
    const { number } = await submitApplication(database.db, {
      jurisdictionCode: 'TS', procedureCode: 'building-permit', title: 'Controls case', location: { address: '10 Guard-ro' },
      applicant: { name: 'Control Kim' }, fields: { floor_area: '10' }, documents: [{ kind: 'plan', filename: 'p.pdf', bytes: PDF }], channel: 'online',
    });
    const official = new Client(app);
    await official.login('a1', PASSWORD);
    const token = await official.csrf(`/office/applications/${number}`);
    const posted = await official.postForm(`/office/applications/${number}/acts`, { type: 'stage_started', stage: 'intake', note: 'Visited\u0001 the site\u001b[31m\u007f\u0085' }, { csrf: token });
    expect(posted.statusCode, posted.body.slice(0, 300)).toBe(303);
    const events = await database.db.selectFrom('event as e').innerJoin('application as a', 'a.id', 'e.application_id')
      .select(['e.data', 'e.private_data']).where('a.number', '=', number).where('e.type', '=', 'stage_started').execute();
    expect(events).toHaveLength(1);
    const stored = JSON.stringify(events[0]);
    expect(stored).toContain('Visited the site[31m');
    expect(stored).not.toMatch(/\\u00(0[1-8]|0b|0c|0e|0f|1[0-9a-f]|7f|8[0-9a-f]|9[0-9a-f])/i);
    const record = await app.inject({ method: 'GET', url: `/api/v1/applications/${number}` });
    expect(record.body).toContain('Visited the site[31m');
    expect(record.body).not.toMatch(/\\u00(0[1-8]|0b|0c|0e|0f|1[0-9a-f]|7f)/i);
    const page = await app.inject({ method: 'GET', url: `/applications/${number}` });
    expect(page.body).toContain('Visited the site[31m');
    expect(page.body).not.toMatch(/[\u0001-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/);
  });

  it('lets counter staff register applications only in their own jurisdiction', async () => {
    await database.db.insertInto('jurisdiction').values({ id: 'other.example', code: 'OT', name_ko: '다른시', name_en: 'Other City', time_zone: 'Asia/Seoul', show_official_names: true }).execute();
    const unit = await database.db.insertInto('unit').values({ jurisdiction_id: 'other.example', code: 'OT-BUILD', name_ko: '건축과', name_en: 'Building', phone: null, email: null }).returning('id').executeTakeFirstOrThrow();
    const procedure = await database.db.selectFrom('procedure').selectAll().where('code', '=', 'building-permit').executeTakeFirstOrThrow();
    const { id: _id, created_at: _c, ...copy } = procedure as typeof procedure & { created_at?: unknown };
    await database.db.insertInto('procedure').values({
      ...copy, jurisdiction_id: 'other.example', unit_id: unit.id,
      stages: JSON.stringify(procedure.stages), documents: JSON.stringify(procedure.documents), fields: JSON.stringify(procedure.fields),
    } as never).execute();
    const before = await database.db.selectFrom('application').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    for (const who of ['clerk', 'boss'] as const) {
      await expect(submitApplication(database.db, {
        jurisdictionCode: 'OT', procedureCode: 'building-permit', title: 'Elsewhere', location: { address: 'x' }, applicant: { name: 'n' },
        fields: { floor_area: '1' }, documents: [], channel: 'counter', actor: fx.officials[who],
      })).rejects.toMatchObject({ id: 'forbidden', key: 'error.forbidden_other_jurisdiction' });
      const client = new Client(app);
      await client.login(who, PASSWORD);
      const res = await client.postMultipart('/office/register/OT/building-permit', { title: 'Elsewhere', address: 'x', applicant_name: 'n', field_floor_area: '1' }, [{ field: 'doc_plan', filename: 'p.pdf', bytes: PDF }], { csrf: await client.csrf('/office') });
      expect(res.statusCode).toBe(403);
    }
    const after = await database.db.selectFrom('application').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  it('lets a system name only an official who may do the act themself', async () => {
    const key = await createApiKey(database.db, fx.officials.admin, fx.units.build, 'Naming test');
    const post = (payload: object) => app.inject({ method: 'POST', url: `/api/v1/applications/${number}/events`, headers: { authorization: `Bearer ${key}` }, payload });
    // A clerk cannot start a stage, so no system may say one did; an auditor neither.
    for (const login of ['clerk', 'auditor', 'admin']) {
      const res = await post({ type: 'stage_started', stage: 'intake', acting_official: login });
      expect(res.statusCode, login).toBe(403);
    }
    // Nor may it have an official assign a colleague, which only a supervisor may.
    expect((await post({ type: 'assigned', official_id: fx.officials.a2.id, acting_official: 'a1' })).statusCode).toBe(403);
    const ok = await post({ type: 'stage_started', stage: 'intake', acting_official: 'a1' });
    expect(ok.statusCode, ok.body).toBe(201);
  });

  it('uses one rule for reading a case and its documents: a consulted unit may read both', async () => {
    const { number: consulted } = await submitApplication(database.db, {
      jurisdictionCode: 'TS', procedureCode: 'building-permit', title: 'Consulted case', location: { address: '4 Fire-ro' }, applicant: { name: 'n' },
      fields: { floor_area: '3' }, documents: [{ kind: 'plan', filename: 'c.pdf', bytes: PDF }], channel: 'online',
    });
    await recordAct(database.db, { number: consulted, act: { type: 'stage_started', stage: 'intake' }, actor: fx.officials.a1 });
    await recordAct(database.db, { number: consulted, act: { type: 'consultation_requested', stage: 'intake', unitCode: 'TS-ROAD' }, actor: fx.officials.a1 });
    const request = await database.db.selectFrom('event as e').innerJoin('application as a', 'a.id', 'e.application_id').select('e.seq').where('a.number', '=', consulted).where('e.type', '=', 'consultation_requested').executeTakeFirstOrThrow();
    await recordAct(database.db, { number: consulted, act: { type: 'consultation_answered', stage: '', requestSeq: request.seq }, actor: fx.officials.road1 });
    const doc = await database.db.selectFrom('document as d').innerJoin('application as a', 'a.id', 'd.application_id').select('d.id').where('a.number', '=', consulted).executeTakeFirstOrThrow();
    const road = new Client(app);
    await road.login('road1', PASSWORD);
    expect((await road.get(`/office/applications/${consulted}`)).statusCode).toBe(200);
    expect((await road.get(`/office/applications/${consulted}/documents/${doc.id}`)).statusCode).toBe(200);
    // The unit that had nothing to do with the case reads neither.
    const fire = new Client(app);
    await fire.login('fire1', PASSWORD);
    const other = await submitApplication(database.db, {
      jurisdictionCode: 'TS', procedureCode: 'building-permit', title: 'Unrelated', location: { address: '5 x' }, applicant: { name: 'n' },
      fields: { floor_area: '3' }, documents: [{ kind: 'plan', filename: 'u.pdf', bytes: PDF }], channel: 'online',
    });
    const otherDoc = await database.db.selectFrom('document as d').innerJoin('application as a', 'a.id', 'd.application_id').select('d.id').where('a.number', '=', other.number).executeTakeFirstOrThrow();
    expect((await road.get(`/office/applications/${other.number}`)).statusCode).toBe(403);
    expect((await road.get(`/office/applications/${other.number}/documents/${otherDoc.id}`)).statusCode).toBe(403);
  });

  it('refuses impossible dates before computing any deadline, so no request can hold the server', async () => {
    const { number: late } = await submitApplication(database.db, {
      jurisdictionCode: 'TS', procedureCode: 'building-permit', title: 'Dates case', location: { address: '6 Clock-ro' }, applicant: { name: 'n' },
      fields: { floor_area: '3' }, documents: [{ kind: 'plan', filename: 'd.pdf', bytes: PDF }], channel: 'online',
    });
    await recordAct(database.db, { number: late, act: { type: 'stage_started', stage: 'intake' }, actor: fx.officials.a1 });
    const boss = new Client(app);
    await boss.login('boss', PASSWORD);
    const token = await boss.csrf('/office');
    const act = (fields: Record<string, string>) => boss.postForm(`/office/applications/${late}/acts`, fields, { csrf: token });
    const cases: [Record<string, string>, number, string][] = [
      [{ type: 'deadline_extended', stage: 'intake', new_due: '9999-12-31', reason: 'r' }, 400, 'error.extension_too_far'],
      [{ type: 'deadline_extended', stage: 'intake', new_due: '0001-01-01', reason: 'r' }, 400, 'error.extension_before_receipt'],
      [{ type: 'deadline_extended', stage: 'intake', new_due: '2026-02-30', reason: 'r' }, 400, 'error.invalid_date'],
      [{ type: 'deadline_extended', stage: 'intake', new_due: '2026-13-01', reason: 'r' }, 400, 'error.invalid_date'],
      [{ type: 'deadline_extended', stage: 'intake', new_due: '+275760-09-13', reason: 'r' }, 400, 'error.invalid_date'],
      [{ type: 'site_inspection', stage: 'intake', occurred_at: '1800-01-01T00:00' }, 409, 'error.occurred_before_previous'],
      [{ type: 'site_inspection', stage: 'intake', occurred_at: '0001-01-01T00:00' }, 409, 'error.occurred_before_previous'],
    ];
    const events = async () => (await database.db.selectFrom('event as e').innerJoin('application as a', 'a.id', 'e.application_id').select('e.seq').where('a.number', '=', late).execute()).length;
    const before = await events();
    for (const [fields, status, key] of cases) {
      const res = await act(fields);
      expect(res.statusCode, JSON.stringify(fields)).toBe(status);
      expect(res.body, key).toContain(translator('ko')(key));
    }
    expect(await events()).toBe(before);
    await expect(submitApplication(database.db, {
      jurisdictionCode: 'TS', procedureCode: 'building-permit', title: 'Old paper', location: { address: 'x' }, applicant: { name: 'n' },
      fields: { floor_area: '1' }, documents: [], channel: 'counter', actor: fx.officials.clerk, receivedAt: new Date('1800-01-01T00:00:00Z'),
    })).rejects.toMatchObject({ key: 'error.received_too_early' });
    // A due date within a year is granted, and the case still reads.
    const inAYear = new Date(Date.now() + 300 * 86_400_000).toISOString().slice(0, 10);
    expect((await act({ type: 'deadline_extended', stage: 'intake', new_due: inAYear, reason: 'Awaiting survey' })).statusCode).toBe(303);
    expect((await app.inject({ method: 'GET', url: `/api/v1/applications/${late}` })).statusCode).toBe(200);
  });

  it('dates concurrent acts once each one holds the case, so none is refused as out of order', async () => {
    const { number: busy } = await submitApplication(database.db, {
      jurisdictionCode: 'TS', procedureCode: 'building-permit', title: 'Busy case', location: { address: '7 Rush-ro' }, applicant: { name: 'n' },
      fields: { floor_area: '3' }, documents: [{ kind: 'plan', filename: 'b.pdf', bytes: PDF }], channel: 'online',
    });
    await recordAct(database.db, { number: busy, act: { type: 'stage_started', stage: 'intake' }, actor: fx.officials.a1 });
    const results = await Promise.allSettled(
      Array.from({ length: 40 }, (_, i) => recordAct(database.db, { number: busy, act: { type: 'site_inspection', stage: 'intake', note: `visit ${i}` }, actor: fx.officials.a1 })),
    );
    const refused = results.filter((r) => r.status === 'rejected').map((r) => String((r as PromiseRejectedResult).reason?.key ?? (r as PromiseRejectedResult).reason));
    expect(refused).toEqual([]);
    const rows = await database.db.selectFrom('event as e').innerJoin('application as a', 'a.id', 'e.application_id').select(['e.seq', 'e.occurred_at']).where('a.number', '=', busy).orderBy('e.seq').execute();
    expect(rows).toHaveLength(42);
    for (let i = 1; i < rows.length; i++) expect(rows[i]!.occurred_at.getTime()).toBeGreaterThanOrEqual(rows[i - 1]!.occurred_at.getTime());
  });

  it('answers a counter registration with a redirect to its receipt, which a reload shows again without registering twice', async () => {
    const clerk = new Client(app);
    await clerk.login('clerk', PASSWORD);
    const res = await clerk.postMultipart('/office/register/TS/building-permit', { title: 'Counter PRG', address: '8 Desk-ro', applicant_name: 'Walk-in', field_floor_area: '5', channel: 'counter' }, [{ field: 'doc_plan', filename: 'p.pdf', bytes: PDF }], { csrf: await clerk.csrf('/office') });
    expect(res.statusCode, res.body.slice(0, 200)).toBe(303);
    const url = String(res.headers.location);
    expect(url).toMatch(/^\/office\/register\/receipts\/\d{4}-TS-\d{7}$/);
    const first = await clerk.get(url);
    const code = first.body.match(/data-testid="access-code">([^<]+)</)?.[1];
    expect(code).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    expect((await clerk.get(url)).body).toContain(code!);
    expect(await database.db.selectFrom('application').select('id').where('title', '=', 'Counter PRG').execute()).toHaveLength(1);
    // Another official's browser is sent to the case page instead.
    const boss = new Client(app);
    await boss.login('boss', PASSWORD);
    const other = await boss.get(url);
    expect(other.statusCode).toBe(303);
    expect(other.body).not.toContain(code!);
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
