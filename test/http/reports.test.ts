import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { purgeExpiredReports } from '../../src/commands/reports/purgeReports.js';
import { PASSWORD, createFixture, type Fixture } from '../helpers/fixture.js';
import { DIALECTS, openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { EVIDENCE, REPORTER_AGENT, REPORTER_IP, REPORT_CANARY, Reporter, addReportingStaff, csrfOf, receiptOf } from '../helpers/reporting.js';
import { Client, testServer } from '../helpers/server.js';

const REPORT_TABLES = ['report', 'report_message', 'report_file', 'report_identity_request', 'report_access', 'report_keyring_grant', 'report_official_key', 'report_unlock'];


describe.each(DIALECTS)('the reporting channel on %s', (dialect) => {
  let database: TestDatabase;
  let fx: Fixture;
  let app: FastifyInstance;
  let staff: Awaited<ReturnType<typeof addReportingStaff>>;
  const lines: string[] = [];
  let inv1: Client;
  let inv2: Client;
  let cust: Client;
  let reporter: Reporter;

  const count = async () => Number((await sql<{ n: string }>`SELECT count(*) AS n FROM report`.execute(database.db)).rows[0]!.n);
  const file = (fields: Record<string, string>, files = [{ filename: 'evidence.pdf', bytes: EVIDENCE, type: 'application/pdf' }]) =>
    reporter.send('POST', '/report', { fields: { jurisdiction: fx.jurisdictionId, category: 'speed_money', disclosure: 'anonymous', what: REPORT_CANARY.text, when: 'March', nonce: `n-${Math.random()}`, ...fields }, files });
  const mailbox = (receipt: string) => reporter.send('POST', '/report/mailbox', { fields: { receipt } });
  const unlock = async (client: Client) => {
    const page = await client.get('/office/reports/unlock');
    return client.postForm('/office/reports/unlock', { password: PASSWORD, next: '' }, { csrf: csrfOf(page) });
  };
  const act = async (client: Client, id: number, what: string, fields: Record<string, string>) => {
    const page = await client.get(`/office/reports/${id}`);
    return client.postForm(`/office/reports/${id}/${what}`, fields, { csrf: csrfOf(page) });
  };
  const newestId = async () => Number((await sql<{ id: string }>`SELECT max(id) AS id FROM report`.execute(database.db)).rows[0]!.id);

  beforeAll(async () => {
    database = await openTestDatabase(dialect);
    fx = await createFixture(database.db);
    staff = await addReportingStaff(database.db, fx);
    app = await testServer(database, { LOG_LEVEL: 'info', REPORT_RECEIPT_LIMIT: '1000', REPORT_FILE_LIMIT: '1000' }, { logStream: { write: (line) => void lines.push(line) } });
    inv1 = new Client(app);
    inv2 = new Client(app);
    cust = new Client(app);
    for (const c of [inv1, inv2, cust]) c.cookies.set('dl_lang', 'en');
    await inv1.login('inv1', PASSWORD);
    await inv2.login('inv2', PASSWORD);
    await cust.login('cust', PASSWORD);
    reporter = new Reporter(app);
  });
  afterAll(async () => {
    if (process.env.DEBUG_REPORTS) console.log(lines.filter((l) => l.includes('"level":50')).join('\n'));
    await app?.close();
    await database?.close();
  });

  it('takes no report before an investigator opened the channel, and opens it when the first one unlocks', async () => {
    const closed = await file({});
    expect(closed.statusCode).toBe(400);
    expect(closed.body).toContain('No office takes reports here yet');
    expect(await count()).toBe(0);
    expect((await unlock(inv1)).statusCode).toBe(303);
    expect((await unlock(cust)).statusCode).toBe(303);
    // A colleague unlocking later is granted the ring by the first one's next unlock.
    expect((await unlock(inv2)).statusCode).toBe(303);
    expect((await unlock(inv1)).statusCode).toBe(303);
    const wrong = await inv2.postForm('/office/reports/unlock', { password: 'not my password' }, { csrf: csrfOf(await inv2.get('/office/reports/unlock')) });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.body).toContain('This is not your password');
  });

  let receipt = '';
  let reportId = 0;

  it('files an anonymous report with a file, setting no cookie, and shows the receipt once', async () => {
    const form = await reporter.send('GET', '/report');
    expect(form.statusCode).toBe(200);
    expect(form.headers['set-cookie']).toBeUndefined();
    expect(form.headers['cache-control']).toContain('no-store');
    expect(form.headers['referrer-policy']).toBe('no-referrer');
    expect(form.body).toContain('hidden details');
    const res = await file({});
    expect(res.statusCode).toBe(201);
    expect(res.headers['set-cookie']).toBeUndefined();
    expect(res.headers['cache-control']).toContain('no-store');
    receipt = receiptOf(res) ?? '';
    expect(receipt).toMatch(/^\d{16}$/);
    reportId = await newestId();
  });

  it('opens the mailbox with the receipt, and a mistyped receipt and an unknown one get the very same answer', async () => {
    const box = await mailbox(receipt.replace(/(\d{4})/g, '$1 '));
    expect(box.statusCode).toBe(200);
    expect(box.body).toContain(REPORT_CANARY.text);
    expect(box.body).toContain('evidence.pdf');
    const mistyped = await mailbox(`${receipt.slice(0, 15)}${(Number(receipt[15]) + 1) % 10}`);
    const unknown = await mailbox('0000111122223333');
    expect(mistyped.statusCode).toBe(400);
    expect(unknown.statusCode).toBe(mistyped.statusCode);
    expect(unknown.body).toBe(mistyped.body);
    expect(unknown.body).toContain('No report opens with this receipt');
    expect(Object.keys(unknown.headers).sort()).toEqual(Object.keys(mistyped.headers).sort());
    const malformed = await mailbox('12345');
    expect(malformed.body).toContain('A receipt has 16 digits');
  });

  it('lets the investigator acknowledge, ask, and the reporter answer with the receipt; notes stay with investigators', async () => {
    const queue = await inv1.get('/office/reports');
    expect(queue.statusCode).toBe(200);
    expect(queue.body).toContain(`#${reportId}`);
    const page = await inv2.get(`/office/reports/${reportId}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(REPORT_CANARY.text);
    expect((await act(inv1, reportId, 'acknowledge', {})).statusCode).toBe(303);
    expect((await act(inv1, reportId, 'acknowledge', {})).statusCode).toBe(409);
    expect((await act(inv1, reportId, 'messages', { kind: 'message', text: REPORT_CANARY.question })).statusCode).toBe(303);
    expect((await act(inv1, reportId, 'messages', { kind: 'note', text: REPORT_CANARY.note })).statusCode).toBe(303);
    const box = await mailbox(receipt);
    expect(box.body).toContain(REPORT_CANARY.question);
    expect(box.body).not.toContain(REPORT_CANARY.note);
    expect(box.body).toContain('Acknowledged');
    const reply = await reporter.send('POST', '/report/mailbox/reply', { fields: { receipt, text: REPORT_CANARY.reply } });
    expect(reply.statusCode).toBe(200);
    expect(reply.body).toContain('Your message was sent');
    expect((await inv1.get(`/office/reports/${reportId}`)).body).toContain(REPORT_CANARY.reply);
    const download = await reporter.send('POST', `/report/mailbox/files/${Number((await sql<{ id: string }>`SELECT min(id) AS id FROM report_file`.execute(database.db)).rows[0]!.id)}`, { fields: { receipt } });
    expect(download.statusCode).toBe(200);
    expect(download.rawPayload.equals(EVIDENCE)).toBe(true);
  });

  it('concludes with feedback the reporter reads, and extensions need a reason', async () => {
    const noReason = await act(inv1, reportId, 'triage', { priority: 'high', labels: 'complete', extend_months: '6', reason: '' });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.body).toContain('Give a reason of at least 20 characters');
    const early = await act(inv1, reportId, 'conclude', { outcome: '', feedback: '' });
    expect(early.statusCode).toBe(400);
    expect((await act(inv1, reportId, 'conclude', { outcome: 'substantiated', feedback: 'The official was disciplined.' })).statusCode).toBe(303);
    const box = await mailbox(receipt);
    expect(box.body).toContain('Substantiated');
    expect(box.body).toContain('The official was disciplined.');
    const late = await reporter.send('POST', '/report/mailbox/reply', { fields: { receipt, text: 'more' } });
    expect(late.statusCode).toBe(409);
  });

  it('seals a confidential reporter’s identity until a custodian approves a motivated request', async () => {
    const res = await file({ disclosure: 'confidential', name: REPORT_CANARY.name, contact: REPORT_CANARY.contact, category: 'bribery' });
    expect(res.statusCode).toBe(201);
    const id = await newestId();
    expect((await inv1.get(`/office/reports/${id}`)).body).not.toContain(REPORT_CANARY.name);
    const short = await act(inv1, id, 'identity-requests', { motivation: 'need it' });
    expect(short.statusCode).toBe(400);
    expect((await act(inv1, id, 'identity-requests', { motivation: 'The reporter is the only witness and must be heard formally.' })).statusCode).toBe(303);
    const custody = await cust.get('/office/reports/custody');
    expect(custody.body).toContain('The reporter is the only witness');
    expect(custody.body).not.toContain(REPORT_CANARY.name);
    const requestId = Number(custody.body.match(/action="\/office\/reports\/custody\/(\d+)"/)![1]);
    const noReason = await cust.postForm(`/office/reports/custody/${requestId}`, { decision: 'approved', motivation: '' }, { csrf: csrfOf(custody) });
    expect(noReason.statusCode).toBe(400);
    const approved = await cust.postForm(`/office/reports/custody/${requestId}`, { decision: 'approved', motivation: 'A formal hearing requires it under the act.' }, { csrf: csrfOf(custody) });
    expect(approved.statusCode).toBe(303);
    const page = await inv1.get(`/office/reports/${id}`);
    expect(page.body).toContain(REPORT_CANARY.name);
    // Only the requester: a colleague still sees it sealed.
    expect((await inv2.get(`/office/reports/${id}`)).body).not.toContain(REPORT_CANARY.name);
    const auditor = new Client(app);
    auditor.cookies.set('dl_lang', 'en');
    await auditor.login('auditor', PASSWORD);
    const access = await auditor.get('/office/reports/access');
    expect(access.statusCode).toBe(200);
    // The access log's codes in words, never raw.
    expect(access.body).toContain('opened the report and the reporter’s identity');
    expect(access.body).toContain('approved a request to see the identity');
    expect(access.body).not.toMatch(/>(view_with_identity|identity_approved|view)</);
    expect(access.body).not.toContain(REPORT_CANARY.name);
  });

  it('routes a report card to the head of office alone, with the same protections', async () => {
    const mayor = new Client(app);
    mayor.cookies.set('dl_lang', 'en');
    await mayor.login('mayor', PASSWORD);
    const before = await file({ recipient: 'head', what: 'To the mayor: the permit desk sells appointments.' });
    expect(before.statusCode).toBe(400);
    expect(before.body).toContain('does not take report cards yet');
    expect((await unlock(mayor)).statusCode).toBe(303);
    expect((await reporter.send('GET', '/report')).body).toContain('A report card to the head of office');
    const res = await file({ recipient: 'head', what: 'To the mayor: the permit desk sells appointments.' });
    expect(res.statusCode).toBe(201);
    const id = await newestId();
    expect((await inv1.get('/office/reports')).body).not.toContain(`#${id}<`);
    expect((await inv1.get(`/office/reports/${id}`)).statusCode).toBe(403);
    expect((await mayor.get('/office/reports')).body).toContain(`#${id}<`);
    expect((await mayor.get('/office/reports')).body).not.toContain(`#${reportId}<`);
    expect((await mayor.get(`/office/reports/${id}`)).body).toContain('the permit desk sells appointments');
    expect((await act(mayor, id, 'acknowledge', {})).statusCode).toBe(303);
    expect((await mailbox(receiptOf(res)!)).body).toContain('Acknowledged');
  });

  it('refuses bad input and a cross-site post, filing nothing', async () => {
    const before = await count();
    const wrongType = await file({}, [{ filename: 'x.exe', bytes: Buffer.from('MZ not a pdf'), type: 'application/pdf' }]);
    expect(wrongType.statusCode).toBe(400);
    expect(wrongType.body).toContain('Attach PDF, PNG, JPEG or WebP files only');
    expect(wrongType.body).toContain(REPORT_CANARY.text);
    const noText = await file({ what: '', category: 'nonsense' });
    expect(noText.statusCode).toBe(400);
    expect(noText.body).toContain('Describe what happened');
    expect(noText.body).toContain('Choose what happened');
    const forged = await reporter.send('POST', '/report', { fields: { jurisdiction: fx.jurisdictionId, category: 'bribery', disclosure: 'anonymous', what: 'x', nonce: 'forged' } }, { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' });
    expect(forged.statusCode).toBe(403);
    const twice = await file({ nonce: 'same-form' });
    expect(twice.statusCode).toBe(201);
    const again = await file({ nonce: 'same-form' });
    expect(again.statusCode).toBe(409);
    expect(await count()).toBe(before + 1);
    expect((await new Client(app).get('/office/reports')).statusCode).toBe(303);
    const a1 = new Client(app);
    await a1.login('a1', PASSWORD);
    expect((await a1.get('/office/reports')).statusCode).toBe(403);
    expect((await a1.get(`/office/reports/${reportId}`)).statusCode).toBe(403);
  });

  it('publishes figures without text, withholding small cells', async () => {
    const res = await reporter.send('GET', '/report/statistics');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('withheld');
    for (const canary of Object.values(REPORT_CANARY)) expect(res.body).not.toContain(canary);
  });

  it('stores no plaintext, no address and no user agent: a dump of the report tables holds no canary', async () => {
    for (const table of REPORT_TABLES) {
      const rows = await sql<{ row: string }>`SELECT row_to_json(t)::text AS row FROM ${sql.table(table)} t`.execute(database.db);
      const dump = rows.rows.map((r) => r.row).join('\n');
      // bytea comes out as hex: look for the canaries both ways.
      for (const canary of [...Object.values(REPORT_CANARY), REPORTER_IP, REPORTER_AGENT, receipt]) {
        expect(dump, `${table} holds ${canary}`).not.toContain(canary);
        expect(dump, `${table} holds ${canary} as hex`).not.toContain(Buffer.from(canary).toString('hex'));
      }
    }
    const events = await sql<{ n: string }>`SELECT count(*) AS n FROM event WHERE data::text LIKE ${'%' + REPORT_CANARY.text + '%'}`.execute(database.db);
    expect(Number(events.rows[0]!.n)).toBe(0);
  });

  it('logs no address, user agent, query or receipt for the reporter’s requests', async () => {
    await reporter.send('GET', '/report?j=test.example&utm=canary-query-8812');
    const reporterLines = lines.filter((l) => l.includes('"/report'));
    expect(reporterLines.length).toBeGreaterThan(10);
    const all = lines.join('\n');
    for (const secret of [REPORTER_IP, REPORTER_AGENT, receipt, 'canary-query-8812', ...Object.values(REPORT_CANARY)]) expect(all).not.toContain(secret);
    for (const line of reporterLines) expect(JSON.parse(line).req?.remoteAddress).toBeUndefined();
  });

  it('deletes a closed report’s content after the retention time, keeping its figures', async () => {
    const purged = await purgeExpiredReports(database.db, 30, new Date(Date.now() + 31 * 86_400_000));
    expect(purged).toBe(1);
    const box = await mailbox(receipt);
    expect(box.body).toContain('its content deleted');
    expect(box.body).not.toContain(REPORT_CANARY.text);
    const left = await sql<{ n: string }>`SELECT count(*) AS n FROM report_message WHERE report_id = ${reportId}`.execute(database.db);
    expect(Number(left.rows[0]!.n)).toBe(0);
    expect((await reporter.send('GET', '/report/statistics')).statusCode).toBe(200);
    expect(staff.inv1).toBeGreaterThan(0);
  });
});
