import type { Db } from '../types.js';
import type { Localized } from '../../domain/types.js';
import { otherLanguages } from './localized.js';

/** Whether an official already has this login. */
export async function loginTaken(db: Db, login: string): Promise<boolean> {
  return Boolean(await db.selectFrom('official').select('id').where('login', '=', login).executeTakeFirst());
}

/** An official's account as an administrator sets it. */
export interface OfficialAccount {
  jurisdictionId: string;
  unitId: number;
  nameKo: string;
  nameEn: string;
  titleKo: string;
  titleEn: string;
  /** The name and title in languages beyond Korean and English. */
  names: Localized;
  titles: Localized;
  roles: string[];
  active: boolean;
}

/** Adds an official with an already hashed password; returns their id. */
export async function insertOfficial(db: Db, o: OfficialAccount & { login: string; passwordHash: string }): Promise<number> {
  const row = await db
    .insertInto('official')
    .values({
      jurisdiction_id: o.jurisdictionId,
      unit_id: o.unitId,
      login: o.login,
      password_hash: o.passwordHash,
      name_ko: o.nameKo,
      name_en: o.nameEn,
      title_ko: o.titleKo,
      title_en: o.titleEn,
      names: JSON.stringify(otherLanguages(o.names)),
      titles: JSON.stringify(otherLanguages(o.titles)),
      roles: o.roles,
      active: o.active,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Changes an official's account, and their password when `password` is given; false for an unknown official. */
export async function updateOfficialAccount(db: Db, id: number, o: OfficialAccount & { password?: { hash: string; changedAt: Date } }): Promise<boolean> {
  const result = await db
    .updateTable('official')
    .set({
      jurisdiction_id: o.jurisdictionId,
      unit_id: o.unitId,
      name_ko: o.nameKo,
      name_en: o.nameEn,
      title_ko: o.titleKo,
      title_en: o.titleEn,
      names: JSON.stringify(otherLanguages(o.names)),
      titles: JSON.stringify(otherLanguages(o.titles)),
      roles: o.roles,
      active: o.active,
      ...(o.password ? { password_hash: o.password.hash, password_changed_at: o.password.changedAt } : {}),
    })
    .where('id', '=', id)
    .executeTakeFirst();
  return result.numUpdatedRows !== 0n;
}

/** What a password change is checked against: the stored hash, the login and the names. Throws for an unknown official. */
export async function officialPasswordFacts(db: Db, id: number): Promise<{ password_hash: string; login: string; name_ko: string; name_en: string }> {
  return db.selectFrom('official').select(['password_hash', 'login', 'name_ko', 'name_en']).where('id', '=', id).executeTakeFirstOrThrow();
}

/** Stores an official's new password hash and when it was changed. */
export async function setOfficialPassword(db: Db, id: number, passwordHash: string, changedAt: Date): Promise<void> {
  await db.updateTable('official').set({ password_hash: passwordHash, password_changed_at: changedAt }).where('id', '=', id).execute();
}

/** The official a login names, with what signing in decides on (their jurisdiction's second-factor rule), or undefined. */
export async function officialForSignIn(db: Db, login: string): Promise<
  { id: number; password_hash: string; active: boolean; roles: string[]; totp_secret: string | null; second_factor_others: 'required' | 'optional' } | undefined
> {
  return db
    .selectFrom('official as o')
    .innerJoin('jurisdiction as j', 'j.id', 'o.jurisdiction_id')
    .select(['o.id', 'o.password_hash', 'o.active', 'o.roles', 'o.totp_secret', 'j.second_factor_others'])
    .where('o.login', '=', login)
    .executeTakeFirst();
}
