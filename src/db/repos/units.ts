import type { OtherLanguages } from '../schema.js';
import type { Db } from '../types.js';

/** A unit's id and jurisdiction, or undefined for an unknown unit. */
export async function findUnit(db: Db, id: number): Promise<{ id: number; jurisdiction_id: string } | undefined> {
  return db.selectFrom('unit').select(['id', 'jurisdiction_id']).where('id', '=', id).executeTakeFirst();
}

/** The id of the unit with a code (codes are unique across jurisdictions), or undefined. */
export async function findUnitIdByCode(db: Db, code: string): Promise<number | undefined> {
  return (await db.selectFrom('unit').select('id').where('code', '=', code).executeTakeFirst())?.id;
}

/** A new unit (department) as an administrator typed it. */
export interface NewUnit {
  jurisdictionId: string;
  code: string;
  nameKo: string;
  nameEn: string;
  /** The name in languages beyond Korean and English. */
  names: OtherLanguages;
  phone: string | null;
  email: string | null;
}

/** Adds a unit to a jurisdiction; returns its id. */
export async function insertUnit(db: Db, u: NewUnit): Promise<number> {
  const row = await db
    .insertInto('unit')
    .values({ jurisdiction_id: u.jurisdictionId, code: u.code, name_ko: u.nameKo, name_en: u.nameEn, names: JSON.stringify(u.names), phone: u.phone, email: u.email })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}
