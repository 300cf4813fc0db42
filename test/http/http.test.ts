import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { submitApplication } from '../../src/commands/submitApplication.js';
import { recordAct } from '../../src/commands/recordAct.js';
import { CANARY, PASSWORD, PDF, createFixture, type Fixture } from '../helpers/fixture.js';
import { DIALECTS, openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { Client, testServer } from '../helpers/server.js';

describe.each(DIALECTS)('HTTP on %s', (dialect) => {
  let database: TestDatabase;
  let fx: Fixture;
  let app: FastifyInstance;
  let number: string;
  let accessCode: string;

  beforeAll(async () => {
    database = await openTestDatabase(dialect);
    fx = await createFixture(database.db);
    app = await testServer(database);
    const receipt = await submitApplication(database.db, {
      jurisdictionCode: 'TS', procedureCode: 'building-permit', title: 'Corner bakery extension',
      location: { address: '5 Sunrise-gil' }, applicant: { name: CANARY.name, email: CANARY.email, phone: CANARY.phone },
      fields: { floor_area: '120', business_no: CANARY.business_no }, documents: [{ kind: 'plan', filename: 'plan.pdf', bytes: PDF }], channel: 'online',
    });
    number = receipt.number;
    accessCode = receipt.accessCode;
    await recordAct(database.db, { number, act: { type: 'stage_started', stage: 'intake', note: 'Checking drawings' }, actor: fx.officials.a1, internalNote: CANARY.internal });
    await recordAct(database.db, { number, act: { type: 'supplement_requested', stage: 'intake', message: CANARY.message, note: 'Drawings missing a section' }, actor: fx.officials.a1 });
  });
  afterAll(async () => {
    await app?.close();
    await database?.close();
  });

  it('lets shared caches keep an anonymous record, answers 304 until it changes, and never caches a signed-in page', async () => {
    for (const url of [`/applications/${number}`, `/api/v1/applications/${number}`]) {
      const first = await app.inject({ method: 'GET', url });
      expect(first.statusCode, url).toBe(200);
      expect(first.headers['cache-control'], url).toBe('public, max-age=60');
      expect(first.headers['set-cookie'], url).toBeUndefined();
      const etag = String(first.headers.etag);
      expect(etag).toMatch(/^W\/"/);
      const again = await app.inject({ method: 'GET', url, headers: { 'if-none-match': etag } });
      expect(again.statusCode, url).toBe(304);
      expect(again.body).toBe('');
      // Another language is another copy.
      expect((await app.inject({ method: 'GET', url: `${url}?lang=en`, headers: { 'if-none-match': etag } })).statusCode).toBe(200);
      // A new event changes it.
      await recordAct(database.db, { number, act: { type: 'site_inspection', stage: 'intake', note: `Visit for ${url}` }, actor: fx.officials.a1 });
      const changed = await app.inject({ method: 'GET', url, headers: { 'if-none-match': etag } });
      expect(changed.statusCode, url).toBe(200);
      expect(changed.body).toContain(`Visit for ${url}`);
    }
    // Signed in, the page is someone's own: private, and never 304 on another's validator.
    const client = new Client(app);
    await client.postForm('/track', { number, code: accessCode });
    const mine = await client.get(`/applications/${number}`);
    expect(mine.headers['cache-control']).toBe('private, no-store');
    expect(mine.headers.etag).toBeUndefined();
  });

  it('serves the public pages with security headers and no inline script allowance', async () => {
    const client = new Client(app);
    for (const url of ['/', '/procedures', '/procedures/TS/building-permit', '/procedures/TS/building-permit/apply', `/applications/${number}`, '/register', '/track', '/office/login', '/api/docs']) {
      const res = await client.get(url);
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['content-security-policy'], url).toMatch(/script-src 'self'/);
      expect(res.headers['content-security-policy']).not.toMatch(/unsafe-inline/);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
    }
  });

  it('speaks the visitor’s language and remembers the choice', async () => {
    const client = new Client(app);
    expect((await client.get('/', { 'accept-language': 'en-US,en;q=0.9' })).body).toContain('Watch your city handle permits');
    expect((await client.get('/', { 'accept-language': 'ko' })).body).toContain('민원 인허가 처리 과정');
    const switched = await client.get('/lang/en?back=/register');
    expect(switched.statusCode).toBe(303);
    expect(switched.headers.location).toBe('/register');
    expect((await client.get('/register', { 'accept-language': 'ko' })).body).toContain('Public register');
    expect((await client.get('/lang/en?back=//evil.example')).headers.location).toBe('/');
    expect((await client.get('/lang/en?back=/%5Cevil.example')).headers.location).toBe('/');
  });

  it('never shows planted personal data on any public page or API response', async () => {
    const client = new Client(app);
    const outputs = await Promise.all(
      ['/', '/register', `/register?q=${encodeURIComponent('bakery')}`, `/applications/${number}`, '/api/v1/applications', `/api/v1/applications/${number}`, '/api/v1/procedures', `/api/v1/applications?q=bakery`].map((u) => client.get(u, { 'accept-language': 'en' })),
    );
    for (const res of outputs) {
      expect(res.statusCode).toBe(200);
      for (const canary of Object.values(CANARY)) expect(res.body).not.toContain(canary);
    }
    expect(outputs[3]!.body).toContain('Drawings missing a section');
    // Public project details are shown with their labels; private ones are not.
    expect(outputs[3]!.body).toContain('Floor area (m²)');
    expect(outputs[5]!.json().details).toEqual([{ key: 'floor_area', label: { ko: '연면적(㎡)', en: 'Floor area (m²)' }, value: '120' }]);
  });

  it('shows the applicant their private view after signing in with number and access code', async () => {
    const client = new Client(app);
    // Without a session the private page sends them to sign in, with the number filled in.
    const unsigned = await client.get(`/my/${number}?lang=en`);
    expect(unsigned.statusCode).toBe(303);
    expect(unsigned.headers.location).toBe(`/track?number=${number}`);
    const track = await client.get(`/track?number=${number}&lang=en`);
    expect(track.body).toContain(`value="${number}"`);
    expect(track.body).toContain('Sign in with the access code from your receipt to see this application\'s private page.');
    const wrong = await client.postForm('/track', { number, code: 'AAAA-BBBB-CCCC' });
    expect(wrong.statusCode).toBe(400);
    const ok = await client.postForm('/track', { number, code: accessCode.toLowerCase() });
    expect(ok.statusCode).toBe(303);
    const mine = await client.get(`/my/${number}`);
    expect(mine.statusCode).toBe(200);
    expect(mine.body).toContain(CANARY.message);
    expect(mine.body).toContain(CANARY.name);
    expect(mine.body).not.toContain(CANARY.internal);
    // Another application's private page is refused with the way to sign in for it, and nothing of it.
    const other = await submitApplication(database.db, {
      jurisdictionCode: 'TS', procedureCode: 'building-permit', title: 'Someone else’s case', location: { address: 'y' },
      applicant: { name: 'Other Applicant Park' }, fields: { floor_area: '1' }, documents: [], channel: 'counter', actor: fx.officials.clerk,
    });
    const refused = await client.get(`/my/${other.number}?lang=en`);
    expect(refused.statusCode).toBe(403);
    expect(refused.body).toMatch(/data-testid="refused-way"><a href="\/track">/);
    expect(refused.body).not.toContain('Other Applicant Park');
    // An official refused another department's case is shown the way back to their own queue.
    const official = new Client(app);
    await official.login('road1', PASSWORD);
    const elsewhere = await official.get(`/office/applications/${number}?lang=en`);
    expect(elsewhere.statusCode).toBe(403);
    expect(elsewhere.body).toMatch(/data-testid="refused-way"><a href="\/office">/);
  });

  it('takes a supplement answer from the applicant and refuses wrong file types', async () => {
    const client = new Client(app);
    await client.postForm('/track', { number, code: accessCode });
    const token = await client.csrf(`/my/${number}`);
    const bad = await client.postMultipart(`/my/${number}/supplement`, {}, [{ field: 'files', filename: 'evil.pdf', bytes: Buffer.from('MZ\x90\x00 not a pdf') }], { csrf: token });
    expect(bad.statusCode).toBe(415);
    expect(bad.body).toContain('evil.pdf');
    const tooBig = await client.postMultipart(`/my/${number}/supplement`, { message: 'The revised plan, as asked' }, [{ field: 'files', filename: 'big.pdf', bytes: Buffer.concat([PDF, Buffer.alloc(300 * 1024)]) }], { csrf: token });
    // The form comes back with what was typed and the file named beside its field, never a bare error page.
    expect(tooBig.statusCode).toBe(413);
    expect(tooBig.body).toContain('The revised plan, as asked</textarea>');
    expect(tooBig.body).toMatch(/id="f-files-error"[^>]*>[^<]*big\.pdf/);
    const good = await client.postMultipart(`/my/${number}/supplement`, { message: 'Section added' }, [{ field: 'files', filename: 'section.pdf', bytes: PDF }], { csrf: token });
    expect(good.statusCode).toBe(303);
    const status = await database.db.selectFrom('application').select('status').where('number', '=', number).executeTakeFirstOrThrow();
    expect(status.status).toBe('in_review');
  });

  it('limits each text area of a case’s acts to what the server accepts, so nothing typed is cut or refused for length', async () => {
    const client = new Client(app);
    await client.login('a1', PASSWORD);
    const body = (await client.get(`/office/applications/${number}?lang=en`)).body;
    const limits = new Map<string, Set<string>>();
    for (const [, tag] of body.matchAll(/(<textarea[^>]*>)/g)) {
      const name = /name="([^"]+)"/.exec(tag!)?.[1] ?? '';
      const max = /maxlength="(\d+)"/i.exec(tag!)?.[1] ?? 'none';
      limits.set(name, (limits.get(name) ?? new Set()).add(max));
    }
    expect(limits.size).toBeGreaterThan(3);
    const expected: Record<string, string[]> = { recuse_reason: ['1000'], note: ['2000'], internal_note: ['4000'], reasons: ['4000'], conditions: ['4000'], redress: ['2000'], reason: ['2000'], message: ['4000'] };
    for (const [name, maxes] of limits) expect([...maxes], name).toEqual(expected[name] ?? ['(unexpected field)']);
  });

  it('refuses forged or missing CSRF tokens and changes nothing', async () => {
    const client = new Client(app);
    await client.login('a1', PASSWORD);
    const before = await database.db.selectFrom('event').select('id').execute();
    const forged = await client.postForm(`/office/applications/${number}/acts`, { type: 'site_inspection', stage: 'intake' }, { csrf: 'forged-token' });
    expect(forged.statusCode).toBe(403);
    expect(forged.body).toMatch(/expired|만료/);
    const missing = await client.postForm(`/office/applications/${number}/acts`, { type: 'site_inspection', stage: 'intake' }, { csrf: false });
    expect(missing.statusCode).toBe(403);
    expect((await database.db.selectFrom('event').select('id').execute()).length).toBe(before.length);
    // A method no route answers at an address is not found there, not an expired form.
    for (const [method, url] of [['PUT', '/register'], ['DELETE', '/register'], ['POST', `/applications/${number}`], ['PATCH', '/']] as const) {
      const res = await app.inject({ method, url, headers: { cookie: client.cookieHeader, 'accept-language': 'en' } });
      expect(res.statusCode, `${method} ${url}`).toBe(404);
      expect(res.body, `${method} ${url}`).not.toMatch(/expired/);
    }
  });

  it('makes an address wait after repeated failed logins, without locking the account for its owner elsewhere', async () => {
    const guesser = new Client(app, '203.0.113.9');
    for (let i = 0; i < 5; i++) {
      const res = await guesser.postForm('/office/login', { login: 'road1', password: 'wrong' }, { csrf: await guesser.csrf('/office/login') });
      expect(res.statusCode).toBe(401);
    }
    const waiting = await guesser.postForm('/office/login', { login: 'road1', password: 'wrong' }, { csrf: await guesser.csrf('/office/login') });
    expect(waiting.statusCode).toBe(429);
    const evenRight = await guesser.postForm('/office/login', { login: 'road1', password: PASSWORD }, { csrf: await guesser.csrf('/office/login') });
    expect(evenRight.statusCode).toBe(429);
    const owner = new Client(app, '198.51.100.20');
    await owner.login('road1', PASSWORD);
    expect((await owner.get('/office')).statusCode).toBe(200);
  });

  it('sets secure session cookies and ends sessions on logout', async () => {
    const client = new Client(app);
    const res = await client.login('a2', PASSWORD);
    const cookie = (res.cookies as { name: string; httpOnly?: boolean; sameSite?: string }[]).find((c) => c.name === 'dl_office');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax' });
    expect((await client.get('/office')).statusCode).toBe(200);
    await client.postForm('/office/logout', {}, { csrf: await client.csrf('/office') });
    expect((await client.get('/office')).statusCode).toBe(303);
  });

  it('answers bad input with clear errors in the user’s language', async () => {
    const client = new Client(app);
    const unknown = await client.get('/api/v1/applications/2026-TS-9999999', { 'accept-language': 'en' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toEqual({ error: { id: 'not_found', message: 'There is no application with that number.' } });
    // A public page not found offers the ways to find a case again, not only the front page.
    const missingPage = await client.get('/applications/2026-TS-9999999', { 'accept-language': 'en' });
    expect(missingPage.statusCode).toBe(404);
    expect(missingPage.body).toMatch(/data-testid="not-found-ways"[\s\S]*href="\/register"[\s\S]*href="\/track"/);
    const malformed = await app.inject({ method: 'POST', url: `/api/v1/applications/${number}/events`, headers: { 'content-type': 'application/json' }, payload: '{"type":' });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().error.id).toBe('validation');
    const badNumber = await client.get('/api/v1/applications/not-a-number');
    expect(badNumber.statusCode).toBe(400);
    const badFilter = await client.get('/api/v1/applications?status=lost');
    expect(badFilter.statusCode).toBe(400);
    // A write without a valid key is refused as such before its body is judged.
    for (const [url, payload] of [[`/api/v1/applications/${number}/events`, {}], ['/api/v1/applications', { title: 1 }]] as const) {
      const res = await app.inject({ method: 'POST', url, headers: { authorization: 'Bearer bogus', 'content-type': 'application/json' }, payload });
      expect(res.statusCode, url).toBe(401);
      expect(res.json().error.id, url).toBe('unauthenticated');
    }
    // A NUL byte cannot be stored: a clear 400, not a server error.
    const nul = await client.get('/api/v1/applications?q=%00', { 'accept-language': 'en' });
    expect(nul.statusCode).toBe(400);
    expect(nul.json().error.message).toMatch(/cannot be stored/);
    expect((await client.get('/register?q=%00')).statusCode).toBe(400);
    const emptyForm = await client.postMultipart('/procedures/TS/building-permit/apply', { title: '' }, [], { csrf: await client.csrf('/procedures/TS/building-permit/apply') });
    expect(emptyForm.statusCode).toBe(400);
    expect(emptyForm.body).toContain('error-summary');
    // Every problem in one round, each named and linked to its input.
    // ...and listed in the order the form asks for them.
    const links = ['href="#f-title"', 'href="#f-address"', 'href="#f-field_floor_area"', 'href="#f-applicant_name"', 'href="#f-doc_plan"'];
    const positions = links.map((link) => emptyForm.body.indexOf(link));
    expect(positions.every((at) => at > 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(emptyForm.body).toMatch(/설계도서: 필수 서류입니다|Design drawings: This document is required/);
  });

  it('answers the router’s own refusals like any other error, in the visitor’s language and format', async () => {
    const long = '9'.repeat(150);
    for (const [url, status] of [
      [`/applications/${long}`, 404],
      [`/verify/${long}`, 404],
      ['/applications/%E0%A4%A', 400],
    ] as const) {
      const page = await app.inject({ method: 'GET', url, headers: { 'accept-language': 'fr' } });
      expect(page.statusCode, url).toBe(status);
      expect(page.headers['content-type'], url).toMatch(/^text\/html/);
      expect(page.body, url).toContain('lang="fr"');
      expect(page.body, url).not.toContain('FST_ERR');
      expect(page.headers['content-security-policy'], url).toBeTruthy();
      // The same policy as every other page's, from the same directives.
      expect(page.headers['content-security-policy'], url).toBe((await app.inject({ method: 'GET', url: '/' })).headers['content-security-policy']);
    }
    const api = await app.inject({ method: 'GET', url: `/api/v1/applications/${long}`, headers: { 'accept-language': 'ar' } });
    expect(api.statusCode).toBe(404);
    expect(api.json().error.id).toBe('not_found');
    expect(api.json().error.message).toMatch(/[\u0600-\u06ff]/);
    const open311 = await app.inject({ method: 'GET', url: `/open311/v2/requests/${long}.json` });
    expect(open311.statusCode).toBe(404);
    expect(open311.json()[0].code).toBe(404);
  });

  it('lets an applicant apply online and get a receipt with a working access code', async () => {
    const client = new Client(app);
    const token = await client.csrf('/procedures/TS/building-permit/apply');
    const posted = await client.postMultipart(
      '/procedures/TS/building-permit/apply',
      { title: 'Garden pavilion', address: '9 Hill-ro', applicant_name: 'Someone', applicant_email: 'someone@example.org', field_floor_area: '30' },
      [{ field: 'doc_plan', filename: 'plan.pdf', bytes: PDF }],
      { csrf: token },
    );
    // The answers are checked on their own page first; "Submit" there files the application.
    expect(posted.statusCode).toBe(303);
    expect(posted.headers.location).toMatch(/^\/apply\/[A-Za-z0-9_-]{43}\/check$/);
    expect((await client.get(String(posted.headers.location))).body).toContain('Garden pavilion');
    const res = await client.postForm(String(posted.headers.location).replace(/check$/, 'submit'), {}, { csrf: token });
    // Post/redirect/get: the receipt is its own page, and reloading it files nothing again.
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toMatch(/^\/my\/\d{4}-TS-\d{7}\/receipt$/);
    const receipt = await client.get(String(res.headers.location));
    expect(receipt.statusCode).toBe(200);
    expect(receipt.headers['cache-control']).toBe('private, no-store');
    const created = receipt.body.match(/data-testid="receipt-number">([^<]+)</)?.[1];
    const code = receipt.body.match(/data-testid="access-code">([^<]+)</)?.[1];
    expect(created).toMatch(/^\d{4}-TS-\d{7}$/);
    const reloaded = await client.get(String(res.headers.location));
    expect(reloaded.body).toContain(code!);
    expect(await database.db.selectFrom('application').select('id').where('title', '=', 'Garden pavilion').execute()).toHaveLength(1);
    // Another browser never sees the code, even with the link.
    const stranger = await new Client(app).get(String(res.headers.location));
    expect(stranger.statusCode).toBe(303);
    expect(stranger.body).not.toContain(code!);
    // Nor does the database hold it readably.
    const sealed = await database.db.selectFrom('handoff').select('sealed').execute();
    expect(sealed.some((h) => h.sealed.includes(code!))).toBe(false);
    expect((await client.get(`/my/${created}`)).statusCode).toBe(200);
    const other = new Client(app);
    expect((await other.postForm('/track', { number: created!, code: code! })).statusCode).toBe(303);
  });

  it('shows the application form again with everything typed when a document is too large', async () => {
    const client = new Client(app);
    const token = await client.csrf('/procedures/TS/building-permit/apply?lang=en');
    const before = await database.db.selectFrom('application').select('id').execute();
    const res = await client.postMultipart(
      '/procedures/TS/building-permit/apply',
      { title: 'Oversized pavilion', address: '11 Hill-ro', applicant_name: 'Someone Else', field_floor_area: '31' },
      [{ field: 'doc_plan', filename: 'huge-plan.pdf', bytes: Buffer.concat([PDF, Buffer.alloc(300 * 1024)]) }],
      { csrf: token },
    );
    expect(res.statusCode).toBe(413);
    for (const typed of ['value="Oversized pavilion"', 'value="11 Hill-ro"', 'value="Someone Else"', 'value="31"']) expect(res.body).toContain(typed);
    // The document's own field says which file and what the limit is.
    expect(res.body).toMatch(/id="f-doc_plan-error"[^>]*>[^<]*huge-plan\.pdf[^<]*0\.3 ?MB/);
    expect(await database.db.selectFrom('application').select('id').execute()).toHaveLength(before.length);
  });

  it('pages through the register with a keyset cursor', async () => {
    for (let i = 0; i < 3; i++) {
      await submitApplication(database.db, {
        jurisdictionCode: 'TS', procedureCode: 'building-permit', title: `Paging case ${i}`, location: { address: 'x' },
        applicant: { name: 'n' }, fields: { floor_area: '1' }, documents: [], channel: 'counter', actor: fx.officials.clerk,
      });
    }
    const client = new Client(app);
    const first = (await client.get('/api/v1/applications?limit=2&q=paging')).json();
    expect(first.applications).toHaveLength(2);
    const second = (await client.get(`/api/v1/applications?limit=2&q=paging&cursor=${first.next_cursor}`)).json();
    expect(second.applications).toHaveLength(1);
    expect(second.next_cursor).toBeNull();
    const all = [...first.applications, ...second.applications].map((a: { title: string }) => a.title);
    expect(new Set(all).size).toBe(3);
    // Nothing matches: said once, by the count. A page past the last match (an old link) says so, and leads back.
    const none = await client.get('/register?q=nothing-matches-this&lang=en');
    expect(none.body.match(/No application matches\.|No applications match\./g)).toEqual(['No application matches.']);
    const pastEnd = await client.get(`/register?q=paging&lang=en&cursor=${Buffer.from('2000-01-01T00:00:00.000Z|1').toString('base64url')}`);
    expect(pastEnd.statusCode).toBe(200);
    expect(pastEnd.body).toContain('3 applications match.');
    expect(pastEnd.body).toContain('No more applications past this point');
    expect(pastEnd.body).not.toContain('No applications match.');
    expect(pastEnd.body).toMatch(/<a href="\/register\?q=paging[^"]*">/);
  });
});
