import { hash } from '@node-rs/argon2';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordAct } from '../../src/commands/recordAct.js';
import { submitApplication } from '../../src/commands/submitApplication.js';
import { CANARY, PASSWORD, PDF, createFixture, type Fixture } from '../helpers/fixture.js';
import { DIALECTS, openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { Client, testServer } from '../helpers/server.js';

describe.each(DIALECTS)('who opened whose file, on %s', (dialect) => {
  let database: TestDatabase;
  let fx: Fixture;
  let app: FastifyInstance;
  let number: string;
  let accessCode: string;
  let documentId: number;

  beforeAll(async () => {
    database = await openTestDatabase(dialect);
    fx = await createFixture(database.db);
    app = await testServer(database);
    ({ number, accessCode } = await submitApplication(database.db, {
      jurisdictionCode: 'TS', procedureCode: 'building-permit', title: 'Watched file', location: { address: '1 Ledger-ro' },
      applicant: { name: CANARY.name, email: CANARY.email, phone: CANARY.phone }, fields: { floor_area: '9' },
      documents: [{ kind: 'plan', filename: 'site-plan.pdf', bytes: PDF }], channel: 'online',
    }));
    await recordAct(database.db, { number, act: { type: 'stage_started', stage: 'intake' }, actor: fx.officials.a1 });
    documentId = (await database.db.selectFrom('document').select('id').executeTakeFirstOrThrow()).id;
    // An auditor of the audit office, which has no part in any case.
    const audit = await database.db.insertInto('unit').values({ jurisdiction_id: fx.jurisdictionId, code: 'TS-AUDIT', name_ko: '감사실', name_en: 'Audit Office', phone: null, email: null }).returning('id').executeTakeFirstOrThrow();
    await database.db.insertInto('official').values({
      jurisdiction_id: fx.jurisdictionId, unit_id: audit.id, login: 'inspector', password_hash: await hash(PASSWORD), name_ko: '조감사', name_en: 'Jo Gam-sa',
      title_ko: '감사관', title_en: 'Inspector', roles: ['auditor'],
    }).execute();
  });
  afterAll(async () => {
    await app?.close();
    await database?.close();
  });

  const log = () => database.db.selectFrom('personal_data_access as x').innerJoin('official as o', 'o.id', 'x.official_id').select(['o.login', 'x.what', 'x.reason', 'x.document_id']).orderBy('x.id').execute();

  it('records each opening of a file and each document, once per visit, and shows the applicant who it was', async () => {
    const a1 = new Client(app);
    await a1.login('a1', PASSWORD);
    expect((await a1.get(`/office/applications/${number}`)).body).toContain(CANARY.name);
    await a1.get(`/office/applications/${number}`);
    expect((await a1.get(`/office/applications/${number}/documents/${documentId}`)).statusCode).toBe(200);
    expect(await log()).toEqual([
      { login: 'a1', what: 'case', reason: null, document_id: null },
      { login: 'a1', what: 'document', reason: null, document_id: documentId },
    ]);
    const applicant = new Client(app);
    await applicant.postForm('/track', { number, code: accessCode });
    const mine = await applicant.get(`/my/${number}?lang=en`);
    expect(mine.body).toContain('Who in the office opened your file');
    expect(mine.body).toContain('Kim Min-jun');
    expect(mine.body).toContain('Document: site-plan.pdf');
  });

  it('asks an auditor from outside the case for a reason before showing anything personal, and logs it', async () => {
    const inspector = new Client(app);
    await inspector.login('inspector', PASSWORD);
    const asked = await inspector.get(`/office/applications/${number}?lang=en`);
    expect(asked.statusCode).toBe(200);
    expect(asked.body).toContain(`Why are you opening ${number}?`);
    expect(asked.body).not.toContain(CANARY.name);
    expect(asked.body).not.toContain(CANARY.email);
    const doc = await inspector.get(`/office/applications/${number}/documents/${documentId}`);
    expect(doc.statusCode).toBe(303);
    const token = await inspector.csrf(`/office/applications/${number}`);
    const short = await inspector.postForm(`/office/applications/${number}/access`, { reason: 'hm' }, { csrf: token });
    expect(short.statusCode).toBe(400);
    expect(short.body).toContain('hm');
    const before = (await log()).length;
    const given = await inspector.postForm(`/office/applications/${number}/access`, { reason: 'Complaint 2026-17 about this permit' }, { csrf: token });
    expect(given.statusCode).toBe(303);
    expect((await inspector.get(`/office/applications/${number}`)).body).toContain(CANARY.name);
    expect((await inspector.get(`/office/applications/${number}/documents/${documentId}`)).statusCode).toBe(200);
    const after = await log();
    expect(after.slice(before)).toEqual([
      { login: 'inspector', what: 'case', reason: 'Complaint 2026-17 about this permit', document_id: null },
      { login: 'inspector', what: 'document', reason: null, document_id: documentId },
    ]);
    // The audit view lists the openings with the reason, and so does its CSV.
    const audit = await inspector.get('/office/audit?lang=en');
    expect(audit.body).toContain('Complaint 2026-17 about this permit');
    const csv = await inspector.get('/office/audit.csv?list=access');
    expect(csv.statusCode).toBe(200);
    expect(csv.body).toContain('inspector');
    expect(csv.body).toContain('Complaint 2026-17 about this permit');
    expect(csv.headers['cache-control']).toBe('private, no-store');
  });
});
