import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CANARY, PDF, createFixture, type Fixture } from '../../test/helpers/fixture.js';
import { DIALECTS, openTestDatabase, type TestDatabase } from '../../test/helpers/db.js';
import { Client, testServer } from '../../test/helpers/server.js';
import { openMailWorld, type MailWorld } from '../../test/helpers/mailWorld.js';
import type { TestSmtp } from '../../test/helpers/smtp.js';
import { recordAct } from '../commands/recordAct.js';
import { submitApplication } from '../commands/submitApplication.js';
import { loadConfig } from '../config.js';
import type { Locale } from '../domain/types.js';
import { sendPendingMail, type SendOptions } from '../jobs/sendMail.js';
import { createMailer, type Mailer } from './transport.js';

const PUBLIC_URL = 'http://daylight.test';

describe.each(DIALECTS)('applicant e-mail on %s', (dialect) => {
  let database: TestDatabase;
  let fx: Fixture;
  let smtp: TestSmtp;
  let mailer: Mailer;
  let server: FastifyInstance;
  const options: SendOptions = { publicUrl: PUBLIC_URL, maxAttempts: 3, retryBaseMs: 60_000 };

  let world: MailWorld;

  beforeAll(async () => {
    world = await openMailWorld(dialect, PUBLIC_URL);
    ({ database, fx, smtp, mailer, server } = world);
  });
  afterAll(async () => {
    await world?.close();
  });
  // Each test starts with an empty outbox queue and an empty mailbox.
  beforeEach(async () => {
    smtp.failNext = 0;
    await sendPendingMail(database.db, mailer, options);
    smtp.received.length = 0;
  });

  const file = (locale?: Locale, email: string | null = CANARY.email) =>
    submitApplication(database.db, {
      jurisdictionCode: 'TS', procedureCode: 'building-permit', title: 'Mail test', location: { address: '3 Mail-ro' },
      applicant: { name: CANARY.name, email: email ?? undefined, phone: CANARY.phone }, fields: { floor_area: '10', business_no: CANARY.business_no },
      documents: [{ kind: 'plan', filename: 'p.pdf', bytes: PDF }], channel: 'online', ...(locale ? { locale } : {}),
    });
  const outboxOf = async (number: string) =>
    database.db.selectFrom('outbox as o').innerJoin('application as a', 'a.id', 'o.application_id').select(['o.kind', 'o.event_seq', 'o.sent_at', 'o.attempts', 'o.failed_at', 'o.next_attempt_at']).where('a.number', '=', number).orderBy('o.event_seq').execute();
  const local = (url: string) => url.replace(PUBLIC_URL, '');
  const linkIn = (text: string, pathPrefix: string) => text.match(new RegExp(`${PUBLIC_URL}${pathPrefix}[^\\s]*`))?.[0];

  it('mails the applicant in their language at each stage change, with working links and nothing for others', async () => {
    const { number } = await file('en');
    await recordAct(database.db, { number, act: { type: 'stage_started', stage: 'intake' }, actor: fx.officials.a1, internalNote: CANARY.internal });
    await recordAct(database.db, { number, act: { type: 'assigned', officialId: fx.officials.a1.id }, actor: fx.officials.boss });
    expect((await outboxOf(number)).map((o) => o.event_seq)).toEqual([1, 2]);

    const result = await sendPendingMail(database.db, mailer, options);
    expect(result).toEqual({ sent: 2, failed: 0 });
    expect(smtp.received).toHaveLength(2);
    for (const m of smtp.received) {
      expect(m.envelopeTo).toEqual([CANARY.email]);
      expect(m.headers.get('content-language')).toBe('en');
      expect(m.text).not.toContain(CANARY.internal);
      expect(m.text).not.toContain(CANARY.business_no);
    }
    const started = smtp.received.find((m) => m.subject.includes('Stage started'))!;
    expect(started.subject).toBe(`${number}: Stage started: Intake review`);
    const pageLink = linkIn(started.text, `/applications/${number}`)!;
    expect((await server.inject({ method: 'GET', url: local(pageLink) })).statusCode).toBe(200);
    expect(JSON.stringify(started.headers.get('list'))).toContain(`${PUBLIC_URL}/mail/unsubscribe/`);
    expect((await outboxOf(number)).every((o) => o.sent_at !== null)).toBe(true);

    // A second pass sends nothing again.
    expect(await sendPendingMail(database.db, mailer, options)).toEqual({ sent: 0, failed: 0 });
  });

  it('speaks Korean to a Korean applicant and stays silent for one without an address', async () => {
    const ko = await file('ko');
    const none = await file('en', null);
    await recordAct(database.db, { number: none.number, act: { type: 'stage_started', stage: 'intake' }, actor: fx.officials.a1 });
    expect(await outboxOf(none.number)).toEqual([]);
    await sendPendingMail(database.db, mailer, options);
    expect(smtp.received).toHaveLength(1);
    expect(smtp.received[0]!.subject.startsWith(`${ko.number}: `)).toBe(true);
    expect(smtp.received[0]!.subject).not.toContain('Application received');
    expect(smtp.received[0]!.headers.get('content-language')).toBe('ko');
    expect(smtp.received[0]!.text).toContain('안녕하세요');
  });

  it('writes no mail for an act that is refused', async () => {
    const { number } = await file('en');
    await expect(recordAct(database.db, { number, act: { type: 'stage_completed', stage: 'decision' }, actor: fx.officials.a1 })).rejects.toThrow();
    expect((await outboxOf(number)).map((o) => o.event_seq)).toEqual([1]);
  });

  it('retries a refused delivery with backoff, then gives up after the last attempt', async () => {
    const { number } = await file('en');
    smtp.failNext = 1;
    const t0 = new Date();
    expect(await sendPendingMail(database.db, mailer, { ...options, now: () => t0 })).toEqual({ sent: 0, failed: 1 });
    let [row] = await outboxOf(number);
    expect(row!.attempts).toBe(1);
    expect(row!.next_attempt_at.getTime()).toBe(t0.getTime() + 60_000);
    // Not due yet: nothing happens.
    expect(await sendPendingMail(database.db, mailer, { ...options, now: () => t0 })).toEqual({ sent: 0, failed: 0 });
    smtp.failNext = 1;
    const t1 = new Date(t0.getTime() + 61_000);
    expect(await sendPendingMail(database.db, mailer, { ...options, now: () => t1 })).toEqual({ sent: 0, failed: 1 });
    [row] = await outboxOf(number);
    expect(row!.next_attempt_at.getTime()).toBe(t1.getTime() + 120_000);
    const t2 = new Date(t1.getTime() + 121_000);
    expect(await sendPendingMail(database.db, mailer, { ...options, now: () => t2 })).toEqual({ sent: 1, failed: 0 });
    expect(smtp.received).toHaveLength(1);

    const other = await file('en');
    smtp.failNext = 10;
    let t = new Date();
    for (let i = 0; i < 3; i++) {
      await sendPendingMail(database.db, mailer, { ...options, now: () => t });
      t = new Date(t.getTime() + 10 * 60_000);
    }
    const [gaveUp] = await outboxOf(other.number);
    expect(gaveUp!.failed_at).not.toBeNull();
    expect(gaveUp!.attempts).toBe(3);
  });

  it('sends each message once when two senders run together', async () => {
    const { number } = await file('en');
    await recordAct(database.db, { number, act: { type: 'stage_started', stage: 'intake' }, actor: fx.officials.a1 });
    const results = await Promise.all([sendPendingMail(database.db, mailer, options), sendPendingMail(database.db, mailer, options)]);
    expect(results[0]!.sent + results[1]!.sent).toBe(2);
    expect(smtp.received).toHaveLength(2);
    expect(new Set(smtp.received.map((m) => m.messageId)).size).toBe(2);
  });

  it('unsubscribes from the link without signing in, after a confirmation', async () => {
    const { number } = await file('en');
    await sendPendingMail(database.db, mailer, options);
    const link = local(linkIn(smtp.received[0]!.text, '/mail/unsubscribe/')!);
    const client = new Client(server);
    const page = await client.get(link);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(number);
    expect(page.body).not.toContain(CANARY.email);
    // Following the link alone changes nothing (link scanners follow links).
    await recordAct(database.db, { number, act: { type: 'stage_started', stage: 'intake' }, actor: fx.officials.a1 });
    expect(await outboxOf(number)).toHaveLength(2);

    const done = await client.postForm(`${link}?lang=en`, {}, { csrf: await client.csrf(link) });
    expect(done.statusCode).toBe(200);
    expect(done.body).toContain('no more e-mails');
    await recordAct(database.db, { number, act: { type: 'stage_completed', stage: 'intake' }, actor: fx.officials.a1 });
    expect(await outboxOf(number)).toHaveLength(2);

    const forged = link.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'));
    expect((await client.get(forged)).statusCode).toBe(404);
    expect((await client.get('/mail/unsubscribe/not-a-token')).statusCode).toBe(404);
  });

  it('refuses to list the mail folder behind an https address', () => {
    expect(() => loadConfig({ MAIL_FOLDER_PAGE: 'on', PUBLIC_URL: 'https://daylight.example.org' })).toThrow(/MAIL_FOLDER_PAGE/);
  });

  it('hides the developer mail page when SMTP is configured', async () => {
    expect((await server.inject({ method: 'GET', url: '/dev/mail' })).statusCode).toBe(404);
  });
});

describe('mail folder without SMTP', () => {
  it('writes each message to the folder and lists it at /dev/mail', async () => {
    const database = await openTestDatabase('pglite');
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'daylight-mail-'));
    try {
      await createFixture(database.db);
      await submitApplication(database.db, {
        jurisdictionCode: 'TS', procedureCode: 'building-permit', title: 'Folder test', location: { address: '4 Folder-ro' },
        applicant: { name: CANARY.name, email: CANARY.email }, fields: { floor_area: '10' },
        documents: [{ kind: 'plan', filename: 'p.pdf', bytes: PDF }], channel: 'online', locale: 'en',
      });
      const mailer = createMailer(loadConfig({ MAIL_DIR: dir, PUBLIC_URL }));
      expect(mailer.kind).toBe('folder');
      expect(await sendPendingMail(database.db, mailer, { publicUrl: PUBLIC_URL, maxAttempts: 3, retryBaseMs: 1000 })).toEqual({ sent: 1, failed: 0 });
      const files = await fs.readdir(dir);
      expect(files.filter((f) => f.endsWith('.eml'))).toHaveLength(1);
      // Not listed unless asked for: the folder holds every recipient's sign-in links.
      const closed = await testServer(database, { MAIL_DIR: dir, PUBLIC_URL });
      expect((await closed.inject({ method: 'GET', url: '/dev/mail' })).statusCode).toBe(404);
      expect((await closed.inject({ method: 'GET', url: '/d%65v/mail' })).statusCode).toBe(404);
      await closed.close();
      const server = await testServer(database, { MAIL_DIR: dir, PUBLIC_URL, MAIL_FOLDER_PAGE: 'on' });
      const page = await server.inject({ method: 'GET', url: '/dev/mail?lang=en' });
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('Application received');
      expect(page.body).toContain(CANARY.email);
      await server.close();
    } finally {
      await database.close();
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});
