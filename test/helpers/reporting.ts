import { hash } from '@node-rs/argon2';
import type { Kysely } from 'kysely';
import type { DB } from '../../src/db/schema.js';
import type { Role } from '../../src/domain/types.js';
import { PASSWORD, enrolTotp, type Fixture } from './fixture.js';

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
