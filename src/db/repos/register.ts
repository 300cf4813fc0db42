import { matchesSecretHash } from '../../domain/secrets.js';
import type { Localized } from '../../domain/types.js';
import type { Db } from '../types.js';
import { localized } from './localized.js';
import { listProcedures } from './publicRead.js';

/**
 * The public register's lookups: the choice lists its filters offer (shared by the register, the map and the follow
 * form), units and procedures by their public codes, and an application by its number for its applicant.
 */

/** One choice of a register filter: a public code and its name in both languages. */
export interface RegisterChoice {
  code: string;
  name: Localized;
  /** A unit's jurisdiction, to tell departments of the same name apart. */
  jurisdiction?: Localized;
}

/** Each procedure code once, named as its first current version in the catalogue's order (category, English name). */
export async function procedureChoices(db: Db): Promise<RegisterChoice[]> {
  const seen = new Set<string>();
  return (await listProcedures(db)).filter((p) => !seen.has(p.code) && seen.add(p.code)).map((p) => ({ code: p.code, name: p.name }));
}

/** Every unit, by code. */
export async function unitChoices(db: Db): Promise<RegisterChoice[]> {
  const rows = await db
    .selectFrom('unit as u')
    .innerJoin('jurisdiction as j', 'j.id', 'u.jurisdiction_id')
    .select(['u.code', 'u.name_ko', 'u.name_en', 'u.names', 'j.name_ko as j_ko', 'j.name_en as j_en', 'j.names as j_names', 'j.offered_locales'])
    .orderBy('u.code')
    .execute();
  return rows.map((u) => ({ code: u.code, name: localized(u.name_ko, u.name_en, u.names, u.offered_locales), jurisdiction: localized(u.j_ko, u.j_en, u.j_names, u.offered_locales) }));
}

/** A unit by its code, or undefined. */
export async function findUnit(db: Db, code: string): Promise<RegisterChoice | undefined> {
  const row = await db
    .selectFrom('unit as u')
    .innerJoin('jurisdiction as j', 'j.id', 'u.jurisdiction_id')
    .select(['u.code', 'u.name_ko', 'u.name_en', 'u.names', 'j.offered_locales'])
    .where('u.code', '=', code)
    .executeTakeFirst();
  return row && { code: row.code, name: localized(row.name_ko, row.name_en, row.names, row.offered_locales) };
}

/** A procedure code that some version in some jurisdiction has, or undefined. */
export async function findProcedureCode(db: Db, code: string): Promise<string | undefined> {
  return (await db.selectFrom('procedure').select('code').where('code', '=', code).limit(1).executeTakeFirst())?.code;
}

/** The id of the application that a number and an access code open together; undefined for an unknown number or a wrong code alike. */
export async function applicationOpenedBy(db: Db, number: string, accessCode: string): Promise<number | undefined> {
  const row = await db.selectFrom('application').select(['id', 'access_code_hash']).where('number', '=', number).executeTakeFirst();
  return row && matchesSecretHash(row.access_code_hash, accessCode) ? row.id : undefined;
}
