import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordAct } from '../../src/commands/recordAct.js';
import { submitApplication } from '../../src/commands/submitApplication.js';
import { integrateAll } from '../../src/jobs/integrateLog.js';
import { CANARY, PDF, createFixture, type Fixture } from '../helpers/fixture.js';
import { DIALECTS, openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { testLogSigner } from '../helpers/log.js';
import { pdfStructure, pdfText, squeezed } from '../helpers/pdfText.js';
import { Client, testServer } from '../helpers/server.js';
import { fallbackNote, translator } from '../../src/i18n/index.js';
import type { Locale } from '../../src/domain/types.js';

const REASONS = 'The building meets the setback and height rules of the district plan.';
const CONDITIONS = 'Fence the site during works.\nKeep the street tree at the corner.';
const REDRESS = 'An objection may be filed with the district office within 90 days of this notice.';
const SITE = 'https://daylight.test';

describe.each(DIALECTS)('printed documents on %s', (dialect) => {
  let database: TestDatabase;
  let fx: Fixture;
  let server: FastifyInstance;
  const log = testLogSigner();
  let number: string;
  let accessCode: string;
  let other: { number: string; accessCode: string };
  const db = () => database.db;

  const file = (title: string) =>
    submitApplication(db(), {
      jurisdictionCode: 'TS', procedureCode: 'building-permit', title, location: { address: '7 Haneul-ro' },
      applicant: { name: CANARY.name, email: CANARY.email, phone: CANARY.phone }, fields: { floor_area: '88', business_no: CANARY.business_no },
      documents: [{ kind: 'plan', filename: 'plan.pdf', bytes: PDF }], channel: 'online', locale: 'ko',
    });

  async function decide(n: string) {
    const { a1, fire1, boss } = fx.officials;
    const acts = [
      [a1, { type: 'stage_started', stage: 'intake' }], [a1, { type: 'stage_completed', stage: 'intake' }],
      [fire1, { type: 'stage_started', stage: 'fire' }], [a1, { type: 'stage_started', stage: 'structure' }],
      [fire1, { type: 'stage_completed', stage: 'fire' }], [a1, { type: 'stage_completed', stage: 'structure' }],
      [a1, { type: 'stage_started', stage: 'decision' }],
      [boss, { type: 'decision', outcome: 'approved_with_conditions', reasons: REASONS, conditions: CONDITIONS, redress: REDRESS }],
    ] as const;
    for (const [actor, act] of acts) await recordAct(db(), { number: n, act, actor, internalNote: CANARY.internal });
  }

  const applicant = async (n: string, code: string, locale: Locale) => {
    const client = new Client(server);
    await client.get(`/lang/${locale}`);
    expect((await client.postForm('/track', { number: n, code })).statusCode).toBe(303);
    return client;
  };

  const record = async (n: string) => JSON.parse((await server.inject({ method: 'GET', url: `/api/v1/applications/${n}` })).body);

  /** The verification link printed under the QR code (the QR code carries the same address). */
  const printedLink = (text: string) => {
    const link = new RegExp(`${SITE.replace(/[.]/g, '\\.')}/verify/([0-9A-Z.-]+)(?:\\s|$)`).exec(text);
    expect(link).not.toBeNull();
    return link![1]!;
  };

  beforeAll(async () => {
    database = await openTestDatabase(dialect);
    fx = await createFixture(db());
    server = await testServer(database, { PUBLIC_URL: SITE });
    ({ number, accessCode } = await file('Corner bakery extension'));
    other = await file('Second storey for a tailor');
    await decide(number);
    await integrateAll(db(), log);
  });
  afterAll(async () => {
    await server?.close();
    await database?.close();
  });

  it.each(['ko', 'en'] as const)('prints the receipt in %s with the record’s facts, the applicant’s name and a verification link', async (locale) => {
    const client = await applicant(number, accessCode, locale);
    const res = await client.get(`/my/${number}/receipt.pdf`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['cache-control']).toBe('private, no-store');
    const { pages, text } = await pdfText(res.rawPayload);
    expect(pages).toBe(1);
    const body = squeezed(text);
    const rec = await record(number);
    for (const expected of [rec.number, rec.title, rec.location.address, rec.procedure.name[locale], rec.unit.name[locale], CANARY.name]) {
      expect(body, expected).toContain(squeezed(expected));
    }
    expect(body).toContain(squeezed(locale === 'ko' ? '민원 접수증' : 'Receipt of application'));
    // The code certifies the received event, and the page it links to says the receipt is genuine.
    const code = printedLink(text);
    expect(code).toMatch(new RegExp(`^${number}\\.1\\.[0-9A-Z]{10}$`));
    const page = await server.inject({ method: 'GET', url: `/verify/${code}`, headers: { 'accept-language': locale } });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(locale === 'ko' ? '진본입니다' : 'Genuine');
    // The printed leaf hash is the one the page recomputes from the public record.
    const hash = /[0-9a-f]{64}/.exec(body)?.[0];
    expect(hash).toBeDefined();
    expect(page.body).toContain(hash);
  });

  it.each(['ko', 'en'] as const)('prints the decision notice in %s with its outcome, reasons, conditions and redress as recorded', async (locale) => {
    const client = await applicant(number, accessCode, locale);
    const res = await client.get(`/my/${number}/decision.pdf`);
    expect(res.statusCode).toBe(200);
    const { text } = await pdfText(res.rawPayload);
    const body = squeezed(text);
    const rec = await record(number);
    const decision = rec.events.findLast((e: { type: string }) => e.type === 'decision');
    for (const expected of [decision.data.reasons, decision.data.conditions, decision.data.redress, rec.title, CANARY.name]) expect(body, expected).toContain(squeezed(expected));
    expect(body).toContain(squeezed(locale === 'ko' ? '조건부 허가' : 'Approved with conditions'));
    expect(printedLink(text)).toBe(`${number}.${decision.seq}.${printedLink(text).split('.')[2]}`);
    expect(body).not.toContain(CANARY.internal);
    expect(body).not.toContain(squeezed(CANARY.email));
  });

  it.each(['ar', 'zh'] as const)('prints the receipt and the decision notice in %s: the catalogue’s words, the record’s facts, names marked in Korean', async (locale) => {
    const t = translator(locale);
    const client = await applicant(number, accessCode, locale);
    const rec = await record(number);
    const receipt = await client.get(`/my/${number}/receipt.pdf`);
    expect(receipt.statusCode).toBe(200);
    const printed = await pdfText(receipt.rawPayload);
    expect(printed.pages).toBe(1);
    const body = squeezed(printed.text);
    // The interface's words as the catalogue has them, read back in logical order (Arabic right to left included).
    for (const key of ['document.receipt_title', 'journey.receipt_facts', 'application.procedure', 'application.unit', 'document.verify_heading']) {
      expect(body, key).toContain(squeezed(t(key)));
    }
    // The record's facts, and names nobody translated into this language printed in Korean, with the note saying so.
    for (const expected of [rec.number, rec.title, rec.location.address, CANARY.name, rec.procedure.name.ko, fallbackNote(locale, 'ko')]) {
      expect(body, expected).toContain(squeezed(expected));
    }
    // A screen reader gets each paragraph whole and in logical order, the Korean name and its note included.
    const paragraphs = (await pdfStructure(receipt.rawPayload)).filter((e) => e.role === 'P').map((e) => e.text);
    if (locale === 'ar') expect(paragraphs).toContain(`${rec.procedure.name.ko} ${fallbackNote(locale, 'ko')}`);
    else expect(body).toContain(squeezed(`${rec.procedure.name.ko} ${fallbackNote(locale, 'ko')}`));
    expect(printedLink(printed.text)).toMatch(new RegExp(`^${number}\\.1\\.[0-9A-Z]{10}$`));

    const notice = await client.get(`/my/${number}/decision.pdf`);
    expect(notice.statusCode).toBe(200);
    const decided = squeezed((await pdfText(notice.rawPayload)).text);
    const decision = rec.events.findLast((e: { type: string }) => e.type === 'decision');
    for (const key of ['document.decision_title', 'status.approved_with_conditions', 'document.outcome']) expect(decided, key).toContain(squeezed(t(key)));
    // What the official typed is printed as typed, in its own language, never translated. In an Arabic notice an English
    // sentence's full stop is laid out at its left, as the bidirectional algorithm puts it, so the logical text is read
    // from the structure a screen reader gets.
    const decidedParagraphs = (await pdfStructure(notice.rawPayload)).filter((e) => e.role === 'P').map((e) => e.text);
    for (const expected of [decision.data.reasons, decision.data.conditions, decision.data.redress]) {
      if (locale === 'ar') expect(decidedParagraphs, expected).toContain(expected);
      else expect(decided, expected).toContain(squeezed(expected));
    }
    expect(decided).toContain(squeezed(rec.title));
    expect(decided).not.toContain(CANARY.internal);
  });

  it('has no decision notice before there is a decision', async () => {
    const client = await applicant(other.number, other.accessCode, 'en');
    expect((await client.get(`/my/${other.number}/decision.pdf`)).statusCode).toBe(404);
    expect((await client.get(`/my/${other.number}/receipt.pdf`)).statusCode).toBe(200);
  });

  it('gives the documents to their applicant only: not to another applicant, nor to the public', async () => {
    const someoneElse = await applicant(other.number, other.accessCode, 'en');
    for (const url of [`/my/${number}/receipt.pdf`, `/my/${number}/decision.pdf`]) {
      const theirs = await someoneElse.get(url);
      expect(theirs.statusCode, url).toBe(403);
      expect(theirs.headers['content-type'], url).not.toContain('pdf');
      const anonymous = await server.inject({ method: 'GET', url });
      expect(anonymous.statusCode, url).toBe(403);
      expect(anonymous.body).not.toContain(CANARY.name);
    }
  });

  it('shows the public record a code certifies, and never the applicant’s personal data', async () => {
    const client = await applicant(number, accessCode, 'en');
    const { text } = await pdfText((await client.get(`/my/${number}/decision.pdf`)).rawPayload);
    const code = printedLink(text);
    // The link the QR code carries is built from the code alone.
    for (const value of Object.values(CANARY)) expect(code).not.toContain(value);
    const page = await server.inject({ method: 'GET', url: `/verify/${code}`, headers: { 'accept-language': 'en' } });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Genuine');
    expect(page.body).toMatch(/Entry \d+ of the transparency log, included in its signed checkpoint/);
    expect(page.body).toContain(`/api/v1/applications/${number}/events/${code.split('.')[1]}/proof`);
    for (const expected of ['Corner bakery extension', 'Fence the site during works.', REASONS, REDRESS]) expect(page.body).toContain(expected);
    for (const value of Object.values(CANARY)) expect(page.body, value).not.toContain(value);
  });

  it('tells a tampered document from a genuine one: a changed code, a changed printed text', async () => {
    const client = await applicant(number, accessCode, 'en');
    const code = printedLink((await pdfText((await client.get(`/my/${number}/decision.pdf`)).rawPayload)).text);
    const [, seq, digest] = code.split('.');
    const forged = `${number}.${seq}.${digest!.startsWith('0') ? '1' : '0'}${digest!.slice(1)}`;
    const wrongCode = await server.inject({ method: 'GET', url: `/verify/${forged}`, headers: { 'accept-language': 'en' } });
    expect(wrongCode.statusCode).toBe(200);
    expect(wrongCode.body).toContain('Not verified');
    // A code that does not match is first of all a possible typing mistake.
    expect(wrongCode.body).toContain('Check that it was typed exactly as printed');
    expect(wrongCode.body).not.toContain('Genuine');

    // The paper says the conditions were only to fence the site: that is not what was recorded.
    const compare = (passage: string) =>
      server.inject({ method: 'GET', url: `/verify/${code}?passage=${encodeURIComponent(passage)}`, headers: { 'accept-language': 'en' } });
    const changed = await compare('Fence the site during works.');
    expect(changed.body).toContain('matches none of the recorded items');
    // The genuine text matches, however the lines were broken when it was copied from the PDF.
    const genuine = await compare(CONDITIONS.replace('\n', '   '));
    expect(genuine.body).toContain('Matches the recorded item “Conditions” word for word.');
  });

  it('notices a record changed behind the log’s back', async () => {
    const client = await applicant(number, accessCode, 'en');
    const code = printedLink((await pdfText((await client.get(`/my/${number}/receipt.pdf`)).rawPayload)).text);
    const edit = async (title: string) => {
      await sql`ALTER TABLE event DISABLE TRIGGER event_append_only`.execute(db());
      await sql`UPDATE event SET data = jsonb_set(data, '{title}', to_jsonb(${title}::text))
                WHERE application_id = (SELECT id FROM application WHERE number = ${number}) AND seq = 1`.execute(db());
      await sql`ALTER TABLE event ENABLE TRIGGER event_append_only`.execute(db());
    };
    await edit('Corner bakery and bar');
    try {
      const page = await server.inject({ method: 'GET', url: `/verify/${code}`, headers: { 'accept-language': 'en' } });
      expect(page.body).toContain('Not verified');
      expect(page.body).not.toContain('Check that it was typed exactly as printed');
      expect(page.body).toContain('it was changed after it was published');
    } finally {
      await edit('Corner bakery extension');
    }
  });

  it('reads a code as people type it, and says clearly when it cannot', async () => {
    const typed = await server.inject({ method: 'GET', url: `/verify?code=${encodeURIComponent(`${number.toLowerCase()} · 1 · abcde-fghjk`)}` });
    expect(typed.statusCode).toBe(303);
    expect(typed.headers.location).toBe(`/verify/${number}.1.ABCDEFGHJK`);
    const bad = await server.inject({ method: 'GET', url: '/verify?code=not-a-code', headers: { 'accept-language': 'en' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('This is not a verification code');
    expect(bad.body).toContain('value="not-a-code"');
    const unknown = await server.inject({ method: 'GET', url: '/verify/2026-ZZ-0000001.1.ABCDEFGHJK', headers: { 'accept-language': 'en' } });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.body).toContain('No receipt or decision notice in the public record has the code');
  });

  it('links the accessibility statement and the verification page from every footer', async () => {
    const home = await server.inject({ method: 'GET', url: '/', headers: { 'accept-language': 'en' } });
    expect(home.body).toContain('href="/accessibility"');
    expect(home.body).toContain('href="/verify"');
    const statement = await server.inject({ method: 'GET', url: '/accessibility', headers: { 'accept-language': 'en' } });
    expect(statement.statusCode).toBe(200);
    expect(statement.body).toContain('WCAG) 2.2 at level AA');
    expect(statement.body).toContain('mailto:accessibility@daylight.test');
  });
});
