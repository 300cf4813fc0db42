import { createHash } from 'node:crypto';
import fs from 'node:fs';
import AjvDraft04 from 'ajv-draft-04';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { submitBid } from '../../src/commands/bidders/submitBid.js';
import { openProcess } from '../../src/commands/contracts/openProcess.js';
import { recordContractAct } from '../../src/commands/contracts/recordContractAct.js';
import { answerInquiry } from '../../src/commands/inquiries/answerInquiry.js';
import { recordAct } from '../../src/commands/recordAct.js';
import { insertProcurementProcedure } from '../../src/db/repos/contracts.js';
import { AppError } from '../../src/errors.js';
import { integrateAll } from '../../src/jobs/integrateLog.js';
import { readEntries } from '../../src/log/store.js';
import { renderMail } from '../../src/mail/render.js';
import { DIALECTS, openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { PASSWORD, PDF, createFixture, type Fixture } from '../helpers/fixture.js';
import { testLogSigner } from '../helpers/log.js';
import { Client, testServer } from '../helpers/server.js';

/** A bidder's company, registration number, address and amount: sealed or private, planted to be looked for. */
const CANARY_COMPANY = 'Bidcanary Zk7 Engineering';
const CANARY_REGISTRATION = '731-86-02954';
const CANARY_EMAIL = 'bidcanary.zk7@example.org';
const CANARY_AMOUNT = '654321987';

const SPECS = new URL('../../../shared/specs/ocds-1.1.5/', import.meta.url);
const schema = (name: string) => JSON.parse(fs.readFileSync(new URL(name, SPECS), 'utf8')) as Record<string, unknown>;

describe.each(DIALECTS)('a company bids for a tender on %s', (dialect) => {
  let database: TestDatabase;
  let fx: Fixture;
  let server: FastifyInstance;
  let number: string;
  let bidder: Client;
  const signer = testLogSigner();
  beforeAll(async () => {
    database = await openTestDatabase(dialect);
    fx = await createFixture(database.db);
    await insertProcurementProcedure(database.db, { jurisdictionId: fx.jurisdictionId, unitId: fx.units.build, code: 'contracts-build', unitName: { ko: '건축과', en: 'Building Division' } });
    server = await testServer(database, { PUBLIC_URL: 'https://daylight.test' });
    number = (await openProcess(database.db, {
      jurisdictionCode: 'TS', procedureCode: 'contracts-build', title: 'School boiler replacement', place: '3 Haneul-ro', category: 'works', method: 'open',
      estimatedAmount: '700000000', currency: 'KRW', actor: fx.officials.a1,
    })).number;
    for (const act of [{ type: 'stage_started', stage: 'planning' }, { type: 'stage_completed', stage: 'planning' }, { type: 'stage_started', stage: 'tender' }] as const) {
      await recordAct(database.db, { number, act, actor: fx.officials.a1 });
    }
    await recordContractAct(database.db, { number, act: { type: 'tender_published', tenderEnd: new Date(Date.now() + 60 * 86_400_000).toISOString() }, actor: fx.officials.a1 });
    // The bidder signs in with the citizens' e-mail link.
    bidder = new Client(server);
    await bidder.postForm('/signin', { email: CANARY_EMAIL }, { csrf: await bidder.csrf('/signin') });
    const row = await database.db.selectFrom('outbox').select(['id', 'idempotency_key', 'kind', 'recipient', 'locale', 'application_id', 'params', 'attempts'])
      .where('kind', '=', 'citizen_sign_in').orderBy('id', 'desc').executeTakeFirstOrThrow();
    const link = renderMail(row, { publicUrl: 'https://daylight.test', linkSecret: 'x' }).text.match(/https:\/\/daylight\.test(\/signin\/[A-Za-z0-9_-]+)/)![1]!;
    expect((await bidder.postForm(link, {}, { csrf: await bidder.csrf(link) })).statusCode).toBe(303);
  });
  afterAll(async () => {
    await server?.close();
    await database?.close();
  });

  const eventCount = async () => Number((await sql<{ n: string }>`SELECT count(*) AS n FROM event`.execute(database.db)).rows[0]!.n);
  const publicOutputs = async () => {
    await integrateAll(database.db, signer);
    const anyone = new Client(server);
    const urls = [
      `/applications/${number}?lang=en`, `/api/v1/applications/${number}`, `/applications/${number}/feed.atom`, '/register/feed.atom', '/tenders', `/tenders/${number}?lang=en`,
      '/contracts', '/contracts/releases.json', `/contracts/${number}/releases.json`, `/contracts/${number}/record.json`, '/register',
    ];
    const bodies = [];
    for (const url of urls) {
      const res = await anyone.get(url);
      expect(res.statusCode, url).toBe(200);
      bodies.push(res.body);
    }
    // Every log leaf too.
    bodies.push((await readEntries(database.db, 0, await eventCount())).map((b) => Buffer.from(b).toString('utf8')).join('\n'));
    return bodies.join('\n');
  };

  it('lists the open tender for anyone and asks a signed-in citizen to name their company before bidding', async () => {
    const list = await new Client(server).get('/tenders?lang=en');
    expect(list.body).toContain('School boiler replacement');
    const page = await bidder.get(`/tenders/${number}?lang=en`);
    expect(page.body).toContain('Name the company you bid for before bidding');
    expect(page.headers['cache-control']).toBe('private, no-store');
    const anonymous = await new Client(server).get(`/tenders/${number}?lang=en`);
    expect(anonymous.body).toContain(`/signin?next=${encodeURIComponent(`/tenders/${number}`)}`);
  });

  it('publishes the officer’s addendum with its document for anyone to download, listed in OCDS; refuses a file that is no document', async () => {
    const officer = new Client(server);
    await officer.login('a1', PASSWORD);
    const csrf = await officer.csrf(`/office/contracts/${number}`);
    const before = await eventCount();
    const refused = await officer.postMultipart(`/office/contracts/${number}/acts?lang=en`, { type: 'tender_addendum', note: 'Revised boiler room drawings' },
      [{ field: 'documents', filename: 'drawings.exe', bytes: Buffer.from('MZ not a document'), type: 'application/pdf' }], { csrf });
    expect(refused.statusCode).toBe(415);
    expect(refused.body).toContain('Revised boiler room drawings');
    expect(await eventCount()).toBe(before);
    const posted = await officer.postMultipart(`/office/contracts/${number}/acts`, { type: 'tender_addendum', note: 'Revised boiler room drawings' },
      [{ field: 'documents', filename: 'drawings-rev2.pdf', bytes: PDF }], { csrf });
    expect(posted.statusCode).toBe(303);
    const sha = createHash('sha256').update(PDF).digest('hex');
    const page = await new Client(server).get(`/tenders/${number}?lang=en`);
    expect(page.body).toContain(`/tenders/${number}/documents/${sha}`);
    expect(page.body).toContain('Addendum: Revised boiler room drawings');
    const download = await new Client(server).get(`/tenders/${number}/documents/${sha}`);
    expect(download.statusCode).toBe(200);
    expect(download.rawPayload.equals(PDF)).toBe(true);
    expect(download.headers['content-type']).toBe('application/pdf');
    expect((await new Client(server).get(`/tenders/${number}/documents/${'0'.repeat(64)}`)).statusCode).toBe(404);
    const record = (await new Client(server).get(`/contracts/${number}/record.json`)).json();
    expect(record.records[0].compiledRelease.tender.documents).toEqual([expect.objectContaining({
      documentType: 'biddingDocuments', title: 'drawings-rev2.pdf', url: `https://daylight.test/tenders/${number}/documents/${sha}`, format: 'application/pdf',
    })]);
  });

  it('refuses a malformed profile naming each field, keeping what was typed, then saves it', async () => {
    const bad = await bidder.postForm('/bidder?lang=en', { company_name: '  ', registration_number: '12', next: `/tenders/${number}` }, { csrf: await bidder.csrf('/bidder') });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Enter the company’s name');
    expect(bad.body).toContain('Enter the registration number');
    expect(bad.body).toContain('value="12"');
    expect(await database.db.selectFrom('bidder').select('id').execute()).toHaveLength(0);
    const saved = await bidder.postForm('/bidder', { company_name: CANARY_COMPANY, registration_number: CANARY_REGISTRATION, next: `/tenders/${number}` }, { csrf: await bidder.csrf('/bidder') });
    expect(saved.statusCode).toBe(303);
    expect(saved.headers.location).toBe(`/tenders/${number}`);
    const page = await bidder.get(`/tenders/${number}?lang=en`);
    expect(page.body).toContain(`Bidding for ${CANARY_COMPANY}.`);
    expect(page.body).toContain('I sign the integrity pact for my company');
  });

  it('asks a clarification that the officer answers: both public on the process page and in OCDS, the asker never', async () => {
    const asked = await bidder.postForm(`/applications/${number}/inquiries`, { kind: 'question', text: 'May the boiler be delivered in two parts?' }, { csrf: await bidder.csrf(`/tenders/${number}`) });
    expect(asked.statusCode).toBe(303);
    await answerInquiry(database.db, { number, no: 1, answer: 'Yes, if both arrive before the heating season.', actor: fx.officials.a1 });
    const page = await new Client(server).get(`/tenders/${number}?lang=en`);
    expect(page.body).toContain('May the boiler be delivered in two parts?');
    expect(page.body).toContain('Yes, if both arrive before the heating season.');
    const record = (await new Client(server).get(`/contracts/${number}/record.json`)).json();
    expect(record.extensions).toEqual(['https://raw.githubusercontent.com/open-contracting-extensions/ocds_enquiry_extension/v1.1.5/extension.json']);
    expect(record.records[0].compiledRelease.tender).toMatchObject({
      hasEnquiries: true,
      enquiries: [{ id: 'enquiry-1', description: 'May the boiler be delivered in two parts?', answer: 'Yes, if both arrive before the heating season.' }],
    });
    const Ajv = AjvDraft04.default;
    const ajv = new Ajv({ strict: false, validateFormats: false });
    ajv.addSchema(schema('release-schema.json'));
    ajv.addSchema({ id: 'https://standard.open-contracting.org/schema/1__1__5/versioned-release-validation-schema.json', not: {} });
    const validRecord = ajv.compile(schema('record-package-schema.json'));
    expect(validRecord(record), JSON.stringify(validRecord.errors)).toBe(true);
    const validRelease = ajv.compile(schema('release-package-schema.json'));
    expect(validRelease((await new Client(server).get(`/contracts/${number}/releases.json`)).json()), JSON.stringify(validRelease.errors)).toBe(true);
    expect(await publicOutputs()).not.toContain(CANARY_EMAIL);
  });

  it('refuses a bid without the pact or with a malformed amount, keeping the input; records a sealed bid once, even when retried', async () => {
    const before = await eventCount();
    const noPact = await bidder.postForm(`/tenders/${number}/bids?lang=en`, { value_amount: '654,321,987', value_currency: 'KRW' }, { csrf: await bidder.csrf(`/tenders/${number}`) });
    expect(noPact.statusCode).toBe(400);
    expect(noPact.body).toContain('value="654,321,987"');
    expect(noPact.body).toMatch(/integrity/i);
    const badAmount = await bidder.postForm(`/tenders/${number}/bids?lang=en`, { value_amount: '65.4.3', value_currency: 'KRW', integrity_pact: '1' }, { csrf: await bidder.csrf(`/tenders/${number}`) });
    expect(badAmount.statusCode).toBe(400);
    expect(badAmount.body).toContain('value="65.4.3"');
    expect(badAmount.body).toContain('checked');
    expect(await eventCount()).toBe(before);

    const bid = async (amount: string) => bidder.postForm(`/tenders/${number}/bids?lang=en`, { value_amount: amount, value_currency: 'KRW', integrity_pact: '1' }, { csrf: await bidder.csrf(`/tenders/${number}`) });
    const first = await bid(CANARY_AMOUNT);
    expect(first.statusCode).toBe(303);
    expect(first.headers.location).toBe(`/tenders/${number}?bid=1`);
    expect(await eventCount()).toBe(before + 1);
    expect((await bid(CANARY_AMOUNT)).headers.location).toBe(`/tenders/${number}?bid=1`);
    expect(await eventCount()).toBe(before + 1);
    const changed = await bid('600000000');
    expect(changed.statusCode).toBe(409);
    expect(changed.body).toContain('already submitted bid #1');
    expect(await eventCount()).toBe(before + 1);
    // The sealed copy records the account, the registration and the pact as signed; the bidder sees their own bid.
    const stored = await database.db.selectFrom('event').select('private_data').where('type', '=', 'bid_received').executeTakeFirstOrThrow();
    expect(stored.private_data).toMatchObject({ bidder: { name: CANARY_COMPANY }, registration_number: CANARY_REGISTRATION, integrity_pact: true, integrity_pact_locale: 'en' });
    expect(String(stored.private_data.integrity_pact_sha256)).toMatch(/^[0-9a-f]{64}$/);
    const mine = await bidder.get('/bidder?lang=en');
    expect(mine.body).toContain('654,321,987');
  });

  it('refuses a bid after the deadline with nothing written', async () => {
    const citizen = await database.db.selectFrom('citizen').select('id').executeTakeFirstOrThrow();
    const before = await eventCount();
    const late = await submitBid(database.db, {
      number, citizenId: citizen.id, value: { amount: Number(CANARY_AMOUNT), currency: 'KRW' }, integrityPact: true, pactSha256: 'x', pactLocale: 'en', now: new Date(Date.now() + 61 * 86_400_000),
    }).then(() => null, (e: unknown) => e);
    // Its own bid is already in, so a retry is answered with it; another company's late bid is refused.
    expect(late).toBeNull();
    await database.db.insertInto('citizen').values({ email: 'late.bidder@example.org' }).execute();
    const other = await database.db.selectFrom('citizen').select('id').where('email', '=', 'late.bidder@example.org').executeTakeFirstOrThrow();
    await database.db.insertInto('bidder').values({ citizen_id: other.id, company_name: 'Late Co', company_key: 'late', registration_number: '9999', registration_key: '9999' }).execute();
    const refused = await submitBid(database.db, {
      number, citizenId: other.id, value: { amount: 1, currency: 'KRW' }, integrityPact: true, pactSha256: 'x', pactLocale: 'en', now: new Date(Date.now() + 61 * 86_400_000),
    }).then(() => null, (e: unknown) => e);
    expect(refused).toBeInstanceOf(AppError);
    expect((refused as AppError).key).toBe('contracts.error.bid_after_deadline');
    expect(await eventCount()).toBe(before);
  });

  it('keeps the company and amount out of every public output until the opening, and never publishes the registration or address', async () => {
    const sealed = await publicOutputs();
    expect(sealed).toContain('School boiler replacement');
    for (const canary of [CANARY_COMPANY, 'Bidcanary', CANARY_AMOUNT, '654,321,987', CANARY_REGISTRATION, '7318602954', CANARY_EMAIL]) expect(sealed).not.toContain(canary);
    for (const act of [{ type: 'stage_completed', stage: 'tender' }, { type: 'stage_started', stage: 'bid_opening' }] as const) {
      await recordAct(database.db, { number, act, actor: fx.officials.a1 });
    }
    await recordContractAct(database.db, { number, act: { type: 'bids_opened' }, actor: fx.officials.a1 });
    const opened = await publicOutputs();
    expect(opened).toContain(CANARY_COMPANY);
    expect(opened).toContain(CANARY_AMOUNT);
    for (const canary of [CANARY_REGISTRATION, '7318602954', CANARY_EMAIL]) expect(opened).not.toContain(canary);
  });
});
