import { hash } from '@node-rs/argon2';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { Kysely } from 'kysely';
import type { DB } from '../../src/db/schema.js';
import type { Role } from '../../src/domain/types.js';
import { PASSWORD, enrolTotp, type Fixture } from './fixture.js';
import { Client } from './server.js';

/** Plants in reports: none may ever appear in a database dump, a log line or a public page. */
export const REPORT_CANARY = {
  text: 'CANARY-REPORT-TEXT-5521 the inspector asked for 3 million won',
  name: 'Canaryreporter Vq9',
  contact: 'canary.reporter.4410@leak.example',
  reply: 'CANARY-REPORTER-REPLY-7730',
  question: 'CANARY-INVESTIGATOR-QUESTION-2291',
  note: 'CANARY-INVESTIGATOR-NOTE-6603',
  file: 'CANARY-EVIDENCE-BYTES-1187',
};

/** Adds the reporting channel's staff to a fixture's jurisdiction: two investigators, a custodian and the head of office. */
export async function addReportingStaff(db: Kysely<DB>, fx: Fixture) {
  const passwordHash = await hash(PASSWORD);
  const add = async (login: string, roles: Role[], ko: string, en: string) => {
    const row = await db
      .insertInto('official')
      .values({ jurisdiction_id: fx.jurisdictionId, unit_id: fx.units.build, login, password_hash: passwordHash, name_ko: ko, name_en: en, title_ko: '조사관', title_en: 'Investigator', roles })
      .returning('id')
      .executeTakeFirstOrThrow();
    await enrolTotp(db, row.id, login);
    return row.id;
  };
  return {
    inv1: await add('inv1', ['investigator'], '조사일', 'Cho Sa-il'),
    inv2: await add('inv2', ['investigator'], '조사이', 'Cho Sa-i'),
    cust: await add('cust', ['custodian'], '관리인', 'Gwan Ri-in'),
    mayor: await add('mayor', ['head'], '시장님', 'Mayor Si-jang'),
  };
}

/** A PDF carrying a canary in its bytes. */
export const EVIDENCE = Buffer.from(`%PDF-1.4\n% ${REPORT_CANARY.file}\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n`);

/** The reporter's address and browser: neither may be stored or logged anywhere. */
export const REPORTER_IP = '203.0.113.77';
export const REPORTER_AGENT = 'CanaryBrowser/9.9 (reporter-device-4471)';

/** A reporter's browser: its own address and user agent, no cookies kept (it is sent none). */
export class Reporter extends Client {
  constructor(app: FastifyInstance) {
    super(app, REPORTER_IP);
  }
  send(method: 'GET' | 'POST', url: string, payload?: { fields: Record<string, string>; files?: { filename: string; bytes: Buffer; type: string }[] }, headers: Record<string, string> = {}) {
    const boundary = '----reporter-boundary';
    const parts: Buffer[] = [];
    for (const [k, v] of Object.entries(payload?.fields ?? {})) parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
    for (const f of payload?.files ?? []) {
      parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="${f.filename}"\r\nContent-Type: ${f.type}\r\n\r\n`), f.bytes, Buffer.from('\r\n'));
    }
    parts.push(Buffer.from(`--${boundary}--\r\n`));
    return this.app.inject({
      method, url, remoteAddress: REPORTER_IP,
      headers: { 'user-agent': REPORTER_AGENT, 'accept-language': 'en', ...(payload ? { 'content-type': `multipart/form-data; boundary=${boundary}` } : {}), ...headers },
      ...(payload ? { payload: Buffer.concat(parts) } : {}),
    });
  }
}

/** The receipt shown on the page that answers a filing, digits only. */
export const receiptOf = (res: LightMyRequestResponse) => res.body.match(/data-testid="receipt"[^>]*>([\d ]+)</)?.[1]?.replace(/ /g, '');
/** A page's CSRF token. */
export const csrfOf = (res: LightMyRequestResponse) => res.body.match(/name="_csrf" value="([^"]+)"/)![1]!;
