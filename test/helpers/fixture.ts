import { hash } from '@node-rs/argon2';
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { signInKeys } from '../../src/commands/officeAuth/keys.js';
import type { DB } from '../../src/db/schema.js';
import type { OfficialActor } from '../../src/domain/actor.js';
import type { ProcedureStage, Role } from '../../src/domain/types.js';

export const PASSWORD = 'correct horse battery';

/** The sign-in secret of every test server (SIGN_IN_SECRET), so the fixture can encrypt TOTP secrets for it. */
export const TEST_SIGN_IN_SECRET = 'test-sign-in-secret-not-for-production-use-0123456789';

/** The known TOTP secret of a fixture official (base32), from which tests compute codes as an authenticator app would. */
export function totpSecretOf(login: string): string {
  const bytes = createHash('sha256').update(`daylight test totp ${login}`).digest().subarray(0, 20);
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const b of bytes) bits += b.toString(2).padStart(8, '0');
  return (bits.match(/.{5}/g) ?? []).map((chunk) => alphabet[parseInt(chunk, 2)]).join('');
}

/** Enrols an official in the second factor with `totpSecretOf(login)`, as if they had scanned its QR code. */
export async function enrolTotp(db: Kysely<DB>, officialId: number, login: string): Promise<void> {
  const sealed = signInKeys(TEST_SIGN_IN_SECRET).seal(`official:${officialId}`, totpSecretOf(login));
  await db.updateTable('official').set({ totp_secret: sealed, totp_enrolled_at: new Date() }).where('id', '=', officialId).execute();
}

/** A small, exact world for tests: one jurisdiction, three units, one procedure, officials in every role, each enrolled in TOTP. */
export interface Fixture {
  jurisdictionId: string;
  units: { build: number; fire: number; road: number };
  officials: Record<'admin' | 'clerk' | 'a1' | 'a2' | 'boss' | 'fire1' | 'road1' | 'auditor', OfficialActor>;
}

export const STAGES: ProcedureStage[] = [
  { key: 'intake', name: { ko: '접수 검토', en: 'Intake review' }, unit_code: null, days: 2, parallel: false },
  { key: 'fire', name: { ko: '소방 협의', en: 'Fire safety consultation' }, unit_code: 'TS-FIRE', days: 5, parallel: true },
  { key: 'structure', name: { ko: '구조 검토', en: 'Structural review' }, unit_code: null, days: 5, parallel: true },
  { key: 'decision', name: { ko: '결재', en: 'Decision' }, unit_code: null, days: 1, parallel: false },
];

export async function createFixture(db: Kysely<DB>, options: { showNames?: boolean } = {}): Promise<Fixture> {
  const jurisdictionId = 'test.example';
  await db
    .insertInto('jurisdiction')
    .values({ id: jurisdictionId, code: 'TS', name_ko: '시험시', name_en: 'Test City', time_zone: 'Asia/Seoul', show_official_names: options.showNames ?? true })
    .execute();
  const unit = async (code: string, ko: string, en: string) =>
    (await db.insertInto('unit').values({ jurisdiction_id: jurisdictionId, code, name_ko: ko, name_en: en, phone: null, email: null }).returning('id').executeTakeFirstOrThrow()).id;
  const units = { build: await unit('TS-BUILD', '건축과', 'Building Division'), fire: await unit('TS-FIRE', '소방과', 'Fire Division'), road: await unit('TS-ROAD', '도로과', 'Roads Division') };
  await db
    .insertInto('procedure')
    .values({
      jurisdiction_id: jurisdictionId, code: 'building-permit', version: 1, is_current: true, category: 'building', unit_id: units.build,
      name_ko: '건축허가', name_en: 'Building permit', purpose_ko: '건축물을 짓기 위한 허가', purpose_en: 'Permission to build',
      legal_basis_ko: '건축법 제11조', legal_basis_en: 'Building Act, art. 11', fee_krw: 27000, statutory_days: 15,
      documents: JSON.stringify([
        { key: 'plan', name: { ko: '설계도서', en: 'Design drawings' }, required: true },
        { key: 'deed', name: { ko: '토지 권리 서류', en: 'Proof of land rights' }, required: false },
      ]),
      fields: JSON.stringify([
        { key: 'floor_area', label: { ko: '연면적(㎡)', en: 'Floor area (m²)' }, type: 'number', required: true, public: true },
        { key: 'business_no', label: { ko: '사업자등록번호', en: 'Business registration no.' }, type: 'text', required: false, public: false },
      ]),
      stages: JSON.stringify(STAGES),
      created_by: null,
    })
    .execute();
  const passwordHash = await hash(PASSWORD);
  const official = async (login: string, unitId: number, unitCode: string, roles: Role[], ko: string, en: string): Promise<OfficialActor> => {
    const row = await db
      .insertInto('official')
      .values({
        jurisdiction_id: jurisdictionId, unit_id: unitId, login, password_hash: passwordHash, name_ko: ko, name_en: en,
        title_ko: roles.includes('supervisor') ? '과장' : '주무관', title_en: roles.includes('supervisor') ? 'Head of division' : 'Officer', roles,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await enrolTotp(db, row.id, login);
    return { kind: 'official', id: row.id, login, jurisdictionId, unitId, unitCode, roles };
  };
  const officials = {
    admin: await official('admin', units.build, 'TS-BUILD', ['admin'], '관리자', 'Admin Kang'),
    clerk: await official('clerk', units.build, 'TS-BUILD', ['clerk'], '정창구', 'Jeong Chang-gu'),
    a1: await official('a1', units.build, 'TS-BUILD', ['official'], '김민준', 'Kim Min-jun'),
    a2: await official('a2', units.build, 'TS-BUILD', ['official'], '이서연', 'Lee Seo-yeon'),
    boss: await official('boss', units.build, 'TS-BUILD', ['supervisor'], '박과장', 'Park Gwa-jang'),
    fire1: await official('fire1', units.fire, 'TS-FIRE', ['official'], '최소방', 'Choi So-bang'),
    road1: await official('road1', units.road, 'TS-ROAD', ['official'], '한도로', 'Han Do-ro'),
    auditor: await official('auditor', units.build, 'TS-BUILD', ['auditor'], '윤감사', 'Yoon Gam-sa'),
  };
  return { jurisdictionId, units, officials };
}

/** The smallest valid PDF, for uploads. */
export const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

/** Personal data planted in tests; none of it may ever appear in a public output. */
export const CANARY = {
  name: 'Canaryname Xq7Zlw',
  email: 'canary.x7q2@leak.example',
  phone: '010-7777-4242',
  business_no: 'BRN-CANARY-55501',
  message: 'CANARY-PRIVATE-MESSAGE-93',
  internal: 'CANARY-INTERNAL-NOTE-18',
};
