import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DRAFT_VALUE_MAX } from '../../src/domain/drafts.js';
import { CANARY, PDF, createFixture } from '../helpers/fixture.js';
import { DIALECTS, openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { Client, testServer } from '../helpers/server.js';

const FORM = '/procedures/TS/building-permit/apply';
const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');

describe.each(DIALECTS)('checking answers and saving drafts on %s', (dialect) => {
  let database: TestDatabase;
  let app: FastifyInstance;

  beforeAll(async () => {
    database = await openTestDatabase(dialect);
    await createFixture(database.db);
    app = await testServer(database);
  });
  afterAll(async () => {
    await app?.close();
    await database?.close();
  });

  const tokenOf = (location: unknown) => String(location).match(/^\/apply\/([A-Za-z0-9_-]{43})\/(check|saved)$/)?.[1];
  const applications = async (title: string) => database.db.selectFrom('application').select('number').where('title', '=', title).execute();

  it('shows every answer to check, changes one without uploading again, and files once however often Submit is pressed', async () => {
    const client = new Client(app);
    const csrf = await client.csrf(`${FORM}?lang=en`);
    const posted = await client.postMultipart(
      FORM,
      { op: 'check', title: 'Tea house on the hill', address: '3 Slope-gil', applicant_name: 'Answers Checker', applicant_email: 'checker@example.org', field_floor_area: '44', field_business_no: '123-45' },
      [{ field: 'doc_plan', filename: 'tea-house-plan.pdf', bytes: PDF }],
      { csrf },
    );
    // Nothing is filed yet: the answers wait on their own page.
    expect(posted.statusCode).toBe(303);
    const token = tokenOf(posted.headers.location);
    expect(posted.headers.location).toMatch(/\/check$/);
    expect(token).toBeDefined();
    expect(await applications('Tea house on the hill')).toHaveLength(0);

    const check = await client.get(`/apply/${token}/check`);
    expect(check.statusCode).toBe(200);
    expect(check.headers['cache-control']).toBe('private, no-store');
    expect(check.headers['referrer-policy']).toBe('no-referrer');
    expect(check.body).toContain('Check your answers before submitting your application');
    for (const answer of ['Tea house on the hill', '3 Slope-gil', 'Answers Checker', 'checker@example.org', '44', 'tea-house-plan.pdf']) expect(check.body).toContain(answer);
    // Each answer has its way back to its own input.
    for (const input of ['f-title', 'f-applicant_email', 'f-field_floor_area', 'f-doc_plan']) expect(check.body).toContain(`href="/apply/${token}#${input}"`);

    // "Change": the form again, everything kept, the file named instead of asked for again.
    const change = await client.get(`/apply/${token}`);
    expect(change.statusCode).toBe(200);
    expect(change.body).toContain('value="Tea house on the hill"');
    expect(change.body).toContain(`action="/apply/${token}"`);
    expect(change.body).toMatch(/Already uploaded: tea-house-plan\.pdf/);
    const changed = await client.postMultipart(
      `/apply/${token}`,
      { op: 'check', title: 'Tea house on the hill', address: '5 Slope-gil', applicant_name: 'Answers Checker', applicant_email: 'checker@example.org', field_floor_area: '44', field_business_no: '123-45' },
      [],
      { csrf },
    );
    expect(changed.statusCode).toBe(303);
    expect(changed.headers.location).toBe(`/apply/${token}/check`);
    const again = await client.get(`/apply/${token}/check`);
    expect(again.body).toContain('5 Slope-gil');
    expect(again.body).toContain('tea-house-plan.pdf');

    const submitted = await client.postForm(`/apply/${token}/submit`, {}, { csrf });
    expect(submitted.statusCode).toBe(303);
    expect(submitted.headers.location).toMatch(/^\/my\/\d{4}-TS-\d{7}\/receipt$/);
    const receipt = await client.get(String(submitted.headers.location));
    expect(receipt.body).toMatch(/data-testid="access-code">[0-9A-Z-]{14}</);
    const filed = await applications('Tea house on the hill');
    expect(filed).toHaveLength(1);
    // The document went with it, from the draft.
    const documents = await database.db.selectFrom('document').innerJoin('application', 'application.id', 'document.application_id').select('document.filename').where('application.number', '=', filed[0]!.number).execute();
    expect(documents.map((d) => d.filename)).toEqual(['tea-house-plan.pdf']);

    // A second press (or a reload of the POST) files nothing and leads to the same receipt.
    const twice = await client.postForm(`/apply/${token}/submit`, {}, { csrf });
    expect(twice.statusCode).toBe(303);
    expect(twice.headers.location).toBe(submitted.headers.location);
    expect(await applications('Tea house on the hill')).toHaveLength(1);
    // The draft's personal data is gone; its link leads to the receipt.
    const draft = await database.db.selectFrom('application_draft').select(['id', 'answers', 'submitted_number']).where('submitted_number', '=', filed[0]!.number).executeTakeFirstOrThrow();
    expect(draft.answers).toEqual({});
    expect(await database.db.selectFrom('application_draft_document').select('kind').where('draft_id', '=', draft.id).execute()).toEqual([]);
    expect((await client.get(`/apply/${token}`)).headers.location).toBe(submitted.headers.location);
  });

  it('keeps an uploaded file when the rest of the form has problems, and names them', async () => {
    const client = new Client(app);
    const csrf = await client.csrf(`${FORM}?lang=en`);
    const res = await client.postMultipart(FORM, { op: 'check', title: 'Half a form', address: '' }, [{ field: 'doc_plan', filename: 'kept-plan.pdf', bytes: PDF }], { csrf });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('error-summary');
    expect(res.body).toContain('value="Half a form"');
    expect(res.body).toMatch(/Already uploaded: kept-plan\.pdf/);
    const token = res.body.match(/action="\/apply\/([A-Za-z0-9_-]{43})"/)?.[1];
    expect(token).toBeDefined();
    // Finishing the form needs no second upload.
    const done = await client.postMultipart(`/apply/${token}`, { op: 'check', title: 'Half a form', address: '1 Whole-ro', applicant_name: 'N', field_floor_area: '2' }, [], { csrf });
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe(`/apply/${token}/check`);
  });

  it('refuses a replacement file that is too large or not a document, keeping the earlier one and everything typed', async () => {
    const client = new Client(app);
    const csrf = await client.csrf(`${FORM}?lang=en`);
    const first = await client.postMultipart(FORM, { op: 'save', title: 'Replacement test' }, [{ field: 'doc_plan', filename: 'good.pdf', bytes: PDF }], { csrf });
    const token = tokenOf(first.headers.location);
    const large = await client.postMultipart(`/apply/${token}`, { op: 'check', title: 'Replacement test, changed' }, [{ field: 'doc_plan', filename: 'huge.pdf', bytes: Buffer.concat([PDF, Buffer.alloc(300 * 1024)]) }], { csrf });
    expect(large.statusCode).toBe(413);
    expect(large.body).toMatch(/id="f-doc_plan-error"[^>]*>[^<]*huge\.pdf/);
    expect(large.body).toContain('value="Replacement test, changed"');
    expect(large.body).toMatch(/Already uploaded: good\.pdf/);
    const wrong = await client.postMultipart(`/apply/${token}`, { op: 'save', title: 'Replacement test' }, [{ field: 'doc_plan', filename: 'notes.txt', bytes: Buffer.from('plain text'), type: 'text/plain' }], { csrf });
    expect(wrong.statusCode).toBe(415);
    expect(wrong.body).toMatch(/id="f-doc_plan-error"[^>]*>[^<]*notes\.txt/);
    expect(wrong.body).toMatch(/Already uploaded: good\.pdf/);
    // An optional document kept can be removed; a picture is accepted for it.
    const withPhoto = await client.postMultipart(`/apply/${token}`, { op: 'save', title: 'Replacement test' }, [{ field: 'doc_deed', filename: 'site.png', bytes: PNG }], { csrf });
    expect(withPhoto.statusCode).toBe(303);
    expect((await client.get(`/apply/${token}`)).body).toMatch(/Already uploaded: site\.png/);
    await client.postMultipart(`/apply/${token}`, { op: 'save', title: 'Replacement test', remove_doc_deed: '1' }, [], { csrf });
    const form = (await client.get(`/apply/${token}`)).body;
    expect(form).not.toContain('site.png');
    expect(form).toContain('good.pdf');
  });

  it('saves a half-finished form behind a private link, e-mails it, bounds what it keeps, and shows none of it in public', async () => {
    const client = new Client(app);
    const csrf = await client.csrf(`${FORM}?lang=en`);
    const saved = await client.postMultipart(
      FORM,
      {
        op: 'save', title: 'Canary draft pavilion', applicant_name: CANARY.name, applicant_email: CANARY.email, applicant_phone: CANARY.phone,
        field_business_no: CANARY.business_no, field_floor_area: 'x'.repeat(DRAFT_VALUE_MAX + 50), not_an_input: 'dropped',
      },
      [{ field: 'doc_plan', filename: 'canary-plan.pdf', bytes: PDF }],
      { csrf },
    );
    // Saving asks nothing to be complete.
    expect(saved.statusCode).toBe(303);
    expect(saved.headers.location).toMatch(/\/saved$/);
    const token = tokenOf(saved.headers.location)!;
    const page = await client.get(`/apply/${token}/saved`);
    expect(page.headers['cache-control']).toBe('private, no-store');
    expect(page.body).toContain(`/apply/${token}`);
    expect(page.body).toContain(`We have also sent the link to ${CANARY.email}`);
    const mail = await database.db.selectFrom('outbox').select(['recipient', 'params']).where('kind', '=', 'draft_saved').where('recipient', '=', CANARY.email).execute();
    expect(mail).toHaveLength(1);
    expect(mail[0]!.params.token).toBe(token);
    // Only the hash of the token is stored with the draft.
    const row = await database.db.selectFrom('application_draft').select(['token_hash', 'answers', 'expires_at']).where('token_hash', '!=', token).orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(JSON.stringify(row)).not.toContain(token);
    expect(Object.keys(row.answers).sort()).toEqual(['applicant_email', 'applicant_name', 'applicant_phone', 'field_business_no', 'field_floor_area', 'title']);
    expect(row.answers.field_floor_area).toHaveLength(DRAFT_VALUE_MAX);
    const days = (new Date(row.expires_at).getTime() - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(29.9);
    expect(days).toBeLessThanOrEqual(30);

    // Another browser with the link gets every field and the document back.
    const resumed = await new Client(app).get(`/apply/${token}`);
    expect(resumed.statusCode).toBe(200);
    expect(resumed.headers['cache-control']).toBe('private, no-store');
    for (const value of ['Canary draft pavilion', CANARY.name, CANARY.email, CANARY.phone, CANARY.business_no, 'canary-plan.pdf']) expect(resumed.body).toContain(value);

    // Nothing of the draft reaches a public page, the API, the statistics, the feeds or the log.
    const anonymous = new Client(app);
    for (const url of ['/', '/register', '/register?q=Canary', '/api/v1/applications?q=Canary', '/statistics', '/statistics.csv', '/register/feed.atom', '/map', '/api/v1/applications.geojson']) {
      const res = await anonymous.get(url);
      for (const canary of [CANARY.name, CANARY.email, CANARY.phone, CANARY.business_no, 'Canary draft pavilion', 'canary-plan.pdf']) expect(res.body, `${url} shows ${canary}`).not.toContain(canary);
    }
    const events = await database.db.selectFrom('event').select(['data', 'private_data']).execute();
    expect(JSON.stringify(events)).not.toContain(CANARY.business_no);
    expect(JSON.stringify(events)).not.toContain('Canary draft pavilion');
  });

  it('answers an unknown, malformed or expired link with a page that says so and leads on', async () => {
    const client = new Client(app);
    const csrf = await client.csrf(`${FORM}?lang=en`);
    const saved = await client.postMultipart(FORM, { op: 'save', title: 'Soon expired' }, [], { csrf });
    const token = tokenOf(saved.headers.location)!;
    await database.db.updateTable('application_draft').set({ expires_at: new Date(Date.now() - 1000) }).where('id', '=', (await database.db.selectFrom('application_draft').select('id').orderBy('id', 'desc').executeTakeFirstOrThrow()).id).execute();
    for (const url of [`/apply/${token}`, `/apply/${token}/check`, `/apply/${'A'.repeat(43)}`, '/apply/short']) {
      const res = await client.get(url);
      expect(res.statusCode, url).toBe(404);
      expect(res.body, url).toContain('This saved application cannot be found');
      expect(res.body, url).toContain('href="/procedures"');
    }
    // A new draft clears the expired ones away.
    await client.postMultipart(FORM, { op: 'save', title: 'Next one' }, [], { csrf });
    expect(await database.db.selectFrom('application_draft').select('id').where('expires_at', '<', new Date()).execute()).toEqual([]);
  });
});
