import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { yearIn } from '../../src/domain/integrity.js';
import { DIALECTS, openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { PASSWORD, createFixture, type Fixture } from '../helpers/fixture.js';
import { METADATA_CANARY, carriesCanary, pdfWithMetadata, photoWithMetadata } from '../helpers/metadataFixtures.js';
import { REPORT_CANARY, Reporter, addReportingStaff, csrfOf, receiptOf } from '../helpers/reporting.js';
import { Client, testServer } from '../helpers/server.js';

/**
 * What follows a report's filing: the reporter's choice to strip their files' hidden details, giving a report to a
 * colleague, referring it to another body, turning a finding into an Integrity Index deduction, and the access log
 * in words.
 */
describe.each(DIALECTS)('following up reports on %s', (dialect) => {
  let database: TestDatabase;
  let fx: Fixture;
  let app: FastifyInstance;
  let staff: Awaited<ReturnType<typeof addReportingStaff>>;
  let inv1: Client;
  let inv2: Client;
  let auditor: Client;
  let reporter: Reporter;
  let outsider = 0;
  let notInRing = 0;

  const photo = { filename: 'street.jpg', type: 'image/jpeg' };
  const file = async (fields: Record<string, string>, files: { filename: string; bytes: Buffer; type: string }[] = []) =>
    reporter.send('POST', '/report', { fields: { jurisdiction: fx.jurisdictionId, category: 'bribery', disclosure: 'anonymous', what: REPORT_CANARY.text, nonce: `n-${Math.random()}`, ...fields }, files });
  const mailbox = (receipt: string) => reporter.send('POST', '/report/mailbox', { fields: { receipt } });
  const unlock = async (client: Client) => client.postForm('/office/reports/unlock', { password: PASSWORD, next: '' }, { csrf: csrfOf(await client.get('/office/reports/unlock')) });
  const act = async (client: Client, id: number, what: string, fields: Record<string, string>) =>
    client.postForm(`/office/reports/${id}/${what}`, fields, { csrf: csrfOf(await client.get(`/office/reports/${id}`)) });
  const newestId = async () => Number((await sql<{ id: string }>`SELECT max(id) AS id FROM report`.execute(database.db)).rows[0]!.id);
  const filesOf = async (receipt: string) => {
    const box = await mailbox(receipt);
    const ids = [...box.body.matchAll(/action="\/report\/mailbox\/files\/(\d+)"/g)].map((m) => m[1]!);
    return Promise.all(ids.map(async (id) => (await reporter.send('POST', `/report/mailbox/files/${id}`, { fields: { receipt } })).rawPayload));
  };
  const today = () => new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Seoul' });

  beforeAll(async () => {
    database = await openTestDatabase(dialect);
    fx = await createFixture(database.db);
    staff = await addReportingStaff(database.db, fx);
    // An investigator of another office, and one of this office who never unlocked the channel: neither holds the ring.
    await database.db.insertInto('jurisdiction').values({ id: 'other.example', code: 'OT', name_ko: '다른시', name_en: 'Other City', time_zone: 'Asia/Seoul', show_official_names: true }).execute();
    const otherUnit = (await database.db.insertInto('unit').values({ jurisdiction_id: 'other.example', code: 'OT-AUDIT', name_ko: '감사과', name_en: 'Audit', phone: null, email: null })
      .returning('id').executeTakeFirstOrThrow()).id;
    const add = async (jurisdiction: string, login: string) =>
      (await database.db.insertInto('official').values({
        jurisdiction_id: jurisdiction, unit_id: jurisdiction === 'other.example' ? otherUnit : fx.units.build, login, password_hash: 'x', name_ko: login, name_en: login, title_ko: '조사관', title_en: 'Investigator', roles: ['investigator'],
      }).returning('id').executeTakeFirstOrThrow()).id;
    outsider = await add('other.example', 'inv-other');
    notInRing = await add(fx.jurisdictionId, 'inv-new');
    app = await testServer(database, { REPORT_RECEIPT_LIMIT: '1000', REPORT_FILE_LIMIT: '1000', REPORT_REFERRAL_BODIES: 'police,audit_board' });
    inv1 = new Client(app);
    inv2 = new Client(app);
    auditor = new Client(app);
    for (const c of [inv1, inv2, auditor]) c.cookies.set('dl_lang', 'en');
    await inv1.login('inv1', PASSWORD);
    await inv2.login('inv2', PASSWORD);
    await auditor.login('auditor', PASSWORD);
    expect((await unlock(inv1)).statusCode).toBe(303);
    expect((await unlock(inv2)).statusCode).toBe(303);
    expect((await unlock(inv1)).statusCode).toBe(303);
    reporter = new Reporter(app);
  });
  afterAll(async () => {
    await app?.close();
    await database?.close();
  });

  it('offers to remove the files’ hidden details, chosen until the reporter unticks it', async () => {
    const form = await reporter.send('GET', '/report');
    expect(form.body).toMatch(/<input type="checkbox" id="f-strip_metadata" name="strip_metadata" value="yes" checked/);
  });

  it('removes GPS, camera and author from images and PDFs before storing them, and says what it removed', async () => {
    const files = [
      { ...photo, bytes: await photoWithMetadata('image/jpeg') },
      { filename: 'screen.png', type: 'image/png', bytes: await photoWithMetadata('image/png') },
      { filename: 'chat.webp', type: 'image/webp', bytes: await photoWithMetadata('image/webp') },
      { filename: 'receipt.pdf', type: 'application/pdf', bytes: await pdfWithMetadata() },
    ];
    for (const f of files) expect(carriesCanary(f.bytes), f.filename).toBeDefined();
    const res = await file({ strip_metadata: 'yes' }, files);
    expect(res.statusCode).toBe(201);
    expect(res.body).toContain('we removed their hidden details');
    expect(res.body).toContain('street.jpg</span> — removed: location, camera or device, author');
    expect(res.body).toContain('receipt.pdf</span> — removed: author, dates, program used');
    const stored = await filesOf(receiptOf(res)!);
    expect(stored).toHaveLength(4);
    for (const bytes of stored) expect(carriesCanary(bytes)).toBeUndefined();
  });

  it('keeps them when the reporter unticks the choice, and says so', async () => {
    const bytes = await photoWithMetadata('image/jpeg');
    const res = await file({}, [{ ...photo, bytes }]);
    expect(res.statusCode).toBe(201);
    expect(res.body).toContain('stored as you sent them');
    const [stored] = await filesOf(receiptOf(res)!);
    expect(stored!.equals(bytes)).toBe(true);
    expect(carriesCanary(stored!)).toBe(METADATA_CANARY.artist);
  });

  it('refuses a file it cannot read to strip, keeping the form and filing nothing', async () => {
    const before = await newestId();
    const res = await file({ strip_metadata: 'yes' }, [{ filename: 'broken.pdf', type: 'application/pdf', bytes: Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n') }]);
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('We could not read broken.pdf to remove its hidden details');
    expect(res.body).toContain(REPORT_CANARY.text);
    expect(res.body).toMatch(/name="strip_metadata" value="yes" checked/);
    expect(await newestId()).toBe(before);
  });

  it('strips the files of a reporter’s reply too', async () => {
    const receipt = receiptOf(await file({}))!;
    const reply = await reporter.send('POST', '/report/mailbox/reply', { fields: { receipt, text: 'Here is the photo.', strip_metadata: 'yes' }, files: [{ ...photo, bytes: await photoWithMetadata('image/jpeg') }] });
    expect(reply.statusCode).toBe(200);
    expect(reply.body).toContain('street.jpg</span> — removed: location');
    for (const bytes of await filesOf(receipt)) expect(carriesCanary(bytes)).toBeUndefined();
  });

  let reportId = 0;
  let receipt = '';

  it('gives a report to a colleague of the ring, who can open it, and refuses anyone outside the ring', async () => {
    receipt = receiptOf(await file({ category: 'speed_money' }))!;
    reportId = await newestId();
    const page = await inv1.get(`/office/reports/${reportId}`);
    expect(page.body).toContain(`<option value="${staff.inv2}"`);
    expect(page.body).not.toContain(`<option value="${outsider}"`);
    expect(page.body).not.toContain(`<option value="${notInRing}"`);
    for (const id of [outsider, notInRing, staff.cust, fx.officials.a1.id]) {
      const refused = await act(inv1, reportId, 'assign', { assignee: String(id) });
      expect(refused.statusCode, `official ${id}`).toBe(400);
      expect(refused.body).toContain('Choose a colleague who holds this report’s key ring');
    }
    expect((await database.db.selectFrom('report').select('assigned_to').where('id', '=', reportId).executeTakeFirstOrThrow()).assigned_to).toBeNull();

    expect((await act(inv1, reportId, 'assign', { assignee: String(staff.inv2) })).statusCode).toBe(303);
    const theirs = await inv2.get(`/office/reports/${reportId}`);
    expect(theirs.body).toContain(REPORT_CANARY.text);
    expect(theirs.body).toContain('given to Cho Sa-i by Cho Sa-il');
    expect(theirs.body).toContain('changed who handles it');
    const queue = await inv2.get('/office/reports');
    expect(queue.body).toMatch(new RegExp(`#${reportId}<[\\s\\S]*?data-testid="report-assignee">Cho Sa-i \\(you\\)<`));
    expect((await inv1.get('/office/reports')).body).toMatch(new RegExp(`#${reportId}<[\\s\\S]*?data-testid="report-assignee">Cho Sa-i<`));
  });

  it('refers a report to another body: the reporter sees where it went, and feedback counts as given', async () => {
    const early = await act(inv1, reportId, 'referrals', { body: 'police', referred_on: today(), referral_reason: 'The payment is a crime for the police.' });
    expect(early.statusCode, early.body.match(/error-summary[\s\S]{0,400}/)?.[0]).toBe(409);
    expect((await act(inv1, reportId, 'acknowledge', {})).statusCode).toBe(303);
    const tooEarly = await act(inv1, reportId, 'conclude', { outcome: 'referred', feedback: 'Sent on.' });
    expect(tooEarly.statusCode).toBe(400);
    expect(tooEarly.body).toContain('Record the referral first');
    const bad = await act(inv1, reportId, 'referrals', { body: 'prosecutor', other_name: '', referred_on: '2999-01-01', referral_reason: 'short' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Choose the body the report was referred to');
    expect(bad.body).toContain('not after today');
    expect(bad.body).toContain('at least 20 characters');
    const noName = await act(inv1, reportId, 'referrals', { body: 'other', other_name: '', referred_on: today(), referral_reason: 'The tax office handles the invoices.' });
    expect(noName.body).toContain('Give the other body’s name');
    expect(await database.db.selectFrom('report_referral').select('id').execute()).toHaveLength(0);

    expect((await act(inv1, reportId, 'referrals', { body: 'police', other_name: '', referred_on: today(), referral_reason: 'CANARY-REFERRAL-REASON-3391 payment is a crime.' })).statusCode).toBe(303);
    expect((await act(inv1, reportId, 'referrals', { body: 'other', other_name: 'National Tax Service', referred_on: today(), referral_reason: 'The invoices are a tax matter as well.' })).statusCode).toBe(303);
    const box = await mailbox(receipt);
    expect(box.body).toContain('Referred to');
    expect(box.body).toContain('Police');
    expect(box.body).toContain('National Tax Service');
    expect(box.body).not.toContain('CANARY-REFERRAL-REASON');
    // The referral is the feedback the reporter was owed: met, though the report stays open.
    expect(box.body).toMatch(/Feedback due<\/dt><dd>[^<]*· <span class="state state-met">/);
    expect(box.body).toContain('Acknowledged');
    const office = await inv1.get(`/office/reports/${reportId}`);
    expect(office.body).toContain('CANARY-REFERRAL-REASON-3391');
    expect(office.body).toContain('recorded a referral');
    expect((await act(inv1, reportId, 'conclude', { outcome: 'referred', feedback: 'The police and the tax service took it over.' })).statusCode).toBe(303);
    const dump = await sql<{ row: string }>`SELECT row_to_json(t)::text AS row FROM report_referral t`.execute(database.db);
    expect(dump.rows.map((r) => r.row).join()).not.toContain(Buffer.from('National Tax Service').toString('hex'));
    expect(dump.rows.map((r) => r.row).join()).not.toContain('National Tax Service');
  });

  it('lets only the configured bodies be chosen', async () => {
    const page = await inv1.get(`/office/reports/${reportId}`);
    expect(page.body).not.toContain('<option value="prosecutor"');
  });

  let reference = '';

  it('turns a substantiated finding into an Integrity Index deduction by an opaque reference, for auditors only', async () => {
    const identityCanary = { name: 'Canaryperson Fd7', contact: 'finding.canary@leak.example' };
    const r = await file({ disclosure: 'open', name: identityCanary.name, contact: identityCanary.contact, what: `${REPORT_CANARY.text} at the fire desk` });
    const receiptCanary = receiptOf(r)!;
    const id = await newestId();
    expect((await act(inv1, id, 'acknowledge', {})).statusCode).toBe(303);
    const wrong = await act(inv1, id, 'conclude', { outcome: 'not_substantiated', feedback: 'Nothing found.', finding_unit: 'TS-FIRE' });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.body).toContain('Name a department only for a substantiated');
    expect((await act(inv1, id, 'conclude', { outcome: 'partly_substantiated', feedback: 'The desk officer was disciplined.', finding_unit: 'TS-FIRE' })).statusCode).toBe(303);
    reference = (await database.db.selectFrom('report_finding').select('reference').where('report_id', '=', id).executeTakeFirstOrThrow()).reference;
    expect(reference).toMatch(/^RF-[0-9A-Z]{4}-[0-9A-Z]{4}$/);

    const zone = 'Asia/Seoul';
    const year = yearIn(new Date(), zone) - 1;
    // Investigators and administrators may not deduct.
    const asInvestigator = await inv1.postForm(`/office/integrity/${year}/findings`, { finding: reference, severity: 'serious' }, { csrf: csrfOf(await inv1.get('/office/reports')) });
    expect(asInvestigator.statusCode).toBe(403);
    const yearPage = await auditor.get(`/office/integrity/${year}`);
    expect(yearPage.statusCode).toBe(200);
    expect(yearPage.body).toContain(reference);
    expect(yearPage.body).toContain('Fire Division');
    const badSeverity = await auditor.postForm(`/office/integrity/${year}/findings`, { finding: reference, severity: 'huge' }, { csrf: csrfOf(yearPage) });
    expect(badSeverity.statusCode).toBe(400);
    expect(badSeverity.body).toContain('Choose how serious the finding is');
    const deducted = await auditor.postForm(`/office/integrity/${year}/findings`, { finding: reference, severity: 'serious' }, { csrf: csrfOf(yearPage) });
    expect(deducted.statusCode).toBe(303);
    const twice = await auditor.postForm(`/office/integrity/${year}/findings`, { finding: reference, severity: 'grave' }, { csrf: csrfOf(yearPage) });
    expect(twice.statusCode).toBe(409);
    const rows = await database.db.selectFrom('integrity_assessment').selectAll().execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ kind: 'deduction', points: 0.5, reference, unit_id: fx.units.fire, year });
    expect((await inv1.get(`/office/reports/${id}`)).body).toContain('An auditor has deducted it from the Integrity Index (serious)');

    const published = await auditor.postForm(`/office/integrity/${year}/publish`, {}, { csrf: csrfOf(await auditor.get(`/office/integrity/${year}`)) });
    expect(published.statusCode).toBe(303);
    const anyone = new Client(app);
    anyone.cookies.set('dl_lang', 'en');
    const pages = [
      await anyone.get(`/integrity/TS/${year}`), await anyone.get(`/integrity/TS/${year}/methodology`), await anyone.get(`/integrity/TS/${year}/deductions.csv`),
      await anyone.get(`/integrity/TS/${year}.json`), await anyone.get('/integrity/TS/units/TS-FIRE'), await auditor.get(`/office/integrity/${year}`),
    ];
    for (const page of pages) expect(page.statusCode, page.body.slice(0, 200)).toBe(200);
    // A published year's figures are kept per process, by jurisdiction and year, so the second database of this file
    // is shown the first one's: the reference's shape is what both share.
    expect(pages[2]!.body).toMatch(/,TS-FIRE,deduction,0\.5,RF-[0-9A-Z]{4}-[0-9A-Z]{4}\r?\n/);
    expect(pages[1]!.body).toMatch(/RF-[0-9A-Z]{4}-[0-9A-Z]{4}/);
    const everything = pages.map((p) => p.body).join('\n');
    for (const canary of [REPORT_CANARY.text, 'at the fire desk', 'The desk officer was disciplined', identityCanary.name, identityCanary.contact, receiptCanary, `Report #${id}`, `/office/reports/${id}`]) {
      expect(everything, canary).not.toContain(canary);
    }
    // The public deductions show what they always did: department, kind, points, reference.
    expect(pages[2]!.body.split('\n')[0]).toMatch(/^\ufeff?year,unit,kind,points,reference\r?$/);
  });

  it('shows the access log’s actions in words, in Korean too', async () => {
    const ko = new Client(app);
    ko.cookies.set('dl_lang', 'ko');
    await ko.login('inv2', PASSWORD);
    expect((await unlock(ko)).statusCode).toBe(303);
    const page = await ko.get(`/office/reports/${reportId}`);
    const log = page.body.match(/data-testid="report-accesses">([\s\S]*?)<\/ul>/)![1]!;
    expect(log).toContain('이첩 기록');
    expect(log).toContain('담당자 변경');
    expect(log).toContain('신고 열람');
    expect(log).not.toMatch(/· (view|refer|assign|conclude|acknowledge)</);
  });
});
