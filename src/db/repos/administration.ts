import type { Jurisdiction, OtherLanguages, ProcedureRow } from '../schema.js';
import type { Db } from '../types.js';

/**
 * What the administration pages read of the office's structure (jurisdictions, units, officials, API keys,
 * procedures), and the few facts about one official or jurisdiction that the office's own pages and the API need.
 * Writes go through `commands/admin/*`.
 */

export interface UnitListing {
  id: number;
  code: string;
  name_ko: string;
  name_en: string;
  jurisdiction_id: string;
  phone: string | null;
  email: string | null;
}

export interface OfficialListing {
  id: number;
  login: string;
  name_ko: string;
  name_en: string;
  title_en: string;
  unit_code: string;
  roles: string[];
  active: boolean;
}

export interface ApiKeyListing {
  id: number;
  label: string;
  prefix: string;
  unit_code: string;
  created_at: Date;
  revoked_at: Date | null;
}

export interface ProcedureVersionListing {
  id: number;
  code: string;
  version: number;
  name_ko: string;
  name_en: string;
  jurisdiction_code: string;
  is_current: boolean;
}

/** An official as the administrators' form edits them. */
export interface EditedOfficial {
  id: number;
  login: string;
  name_ko: string;
  name_en: string;
  title_ko: string;
  title_en: string;
  names: OtherLanguages;
  titles: OtherLanguages;
  unit_id: number;
  roles: string[];
  active: boolean;
}

/** An official whose sign-in an administrator manages (sessions, second factor). */
export interface ManagedOfficial {
  id: number;
  login: string;
  name_ko: string;
  name_en: string;
  totp_enrolled_at: Date | null;
  jurisdiction_id: string;
}

/** An official's own second factor, and the rule their jurisdiction sets for it. */
export interface AccountSecurity {
  totp_secret: string | null;
  totp_enrolled_at: Date | null;
  time_zone: string;
  second_factor_others: 'required' | 'optional';
}

/** The time zone the office shows times in when a jurisdiction is unknown. */
const DEFAULT_TIME_ZONE = 'Asia/Seoul';

/** Every jurisdiction with all its settings, by code. */
export async function listJurisdictionSettings(db: Db): Promise<Jurisdiction[]> {
  return db.selectFrom('jurisdiction').selectAll().orderBy('code').execute();
}

/** Every unit with its contact details, by code. */
export async function listUnits(db: Db): Promise<UnitListing[]> {
  return db.selectFrom('unit').select(['id', 'code', 'name_ko', 'name_en', 'jurisdiction_id', 'phone', 'email']).orderBy('code').execute();
}

/** Every official, active or not, with their unit's code, by login. */
export async function listOfficials(db: Db): Promise<OfficialListing[]> {
  return db
    .selectFrom('official as o')
    .innerJoin('unit as u', 'u.id', 'o.unit_id')
    .select(['o.id', 'o.login', 'o.name_ko', 'o.name_en', 'o.title_en', 'u.code as unit_code', 'o.roles', 'o.active'])
    .orderBy('o.login')
    .execute();
}

/** Every API key, revoked ones too, with its unit's code; a key's prefix only, never the key. */
export async function listApiKeys(db: Db): Promise<ApiKeyListing[]> {
  return db
    .selectFrom('api_key as k')
    .innerJoin('unit as u', 'u.id', 'k.unit_id')
    .select(['k.id', 'k.label', 'k.prefix', 'u.code as unit_code', 'k.created_at', 'k.revoked_at'])
    .orderBy('k.id')
    .execute();
}

/** Every version of every procedure, by jurisdiction, code and version. */
export async function listProcedureVersions(db: Db): Promise<ProcedureVersionListing[]> {
  return db
    .selectFrom('procedure as p')
    .innerJoin('jurisdiction as j', 'j.id', 'p.jurisdiction_id')
    .select(['p.id', 'p.code', 'p.version', 'p.name_ko', 'p.name_en', 'j.code as jurisdiction_code', 'p.is_current'])
    .orderBy('j.code')
    .orderBy('p.code')
    .orderBy('p.version')
    .execute();
}

/** One official as the administrators' form edits them, or undefined. */
export async function officialToEdit(db: Db, id: number): Promise<EditedOfficial | undefined> {
  return db
    .selectFrom('official')
    .select(['id', 'login', 'name_ko', 'name_en', 'title_ko', 'title_en', 'names', 'titles', 'unit_id', 'roles', 'active'])
    .where('id', '=', id)
    .executeTakeFirst();
}

/** One procedure version with its unit's code, or undefined. */
export async function procedureVersion(db: Db, id: number): Promise<(ProcedureRow & { unit_code: string }) | undefined> {
  return db
    .selectFrom('procedure as p')
    .innerJoin('unit as u', 'u.id', 'p.unit_id')
    .selectAll('p')
    .select('u.code as unit_code')
    .where('p.id', '=', id)
    .executeTakeFirst();
}

/** An official whose sign-in an administrator manages, or undefined. */
export async function managedOfficial(db: Db, id: number): Promise<ManagedOfficial | undefined> {
  return db
    .selectFrom('official')
    .select(['id', 'login', 'name_ko', 'name_en', 'totp_enrolled_at', 'jurisdiction_id'])
    .where('id', '=', id)
    .executeTakeFirst();
}

/** An official's second factor and their jurisdiction's rule for it, for their account page; throws for an unknown id. */
export async function accountSecurity(db: Db, officialId: number): Promise<AccountSecurity> {
  return db
    .selectFrom('official as o')
    .innerJoin('jurisdiction as j', 'j.id', 'o.jurisdiction_id')
    .select(['o.totp_secret', 'o.totp_enrolled_at', 'j.time_zone', 'j.second_factor_others'])
    .where('o.id', '=', officialId)
    .executeTakeFirstOrThrow();
}

/** Whether an official has enrolled a second factor; throws for an unknown id. */
export async function hasSecondFactor(db: Db, officialId: number): Promise<boolean> {
  const row = await db.selectFrom('official').select('totp_secret').where('id', '=', officialId).executeTakeFirstOrThrow();
  return Boolean(row.totp_secret);
}

/** The id of an active official of a unit, by login (the official an API key says acted), or undefined. */
export async function activeOfficialOfUnit(db: Db, login: string, unitId: number): Promise<number | undefined> {
  const row = await db
    .selectFrom('official')
    .select('id')
    .where('login', '=', login)
    .where('unit_id', '=', unitId)
    .where('active', '=', true)
    .executeTakeFirst();
  return row?.id;
}

/** The time zone of a jurisdiction, Asia/Seoul when there is no such jurisdiction. */
export async function jurisdictionTimeZone(db: Db, jurisdictionId: string): Promise<string> {
  const row = await db.selectFrom('jurisdiction').select('time_zone').where('id', '=', jurisdictionId).executeTakeFirst();
  return row?.time_zone ?? DEFAULT_TIME_ZONE;
}

/** A jurisdiction's units by code, to consult or transfer a case to. */
export async function unitsOfJurisdiction(db: Db, jurisdictionId: string): Promise<{ id: number; code: string; name_ko: string; name_en: string }[]> {
  return db.selectFrom('unit').select(['code', 'name_ko', 'name_en', 'id']).where('jurisdiction_id', '=', jurisdictionId).orderBy('code').execute();
}
