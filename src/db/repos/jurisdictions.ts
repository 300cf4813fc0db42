import { sql } from 'kysely';
import type { Db } from '../types.js';
import type { OtherLanguages } from '../schema.js';
import type { Locale } from '../../domain/types.js';

/** Whether a jurisdiction with this id exists. */
export async function jurisdictionExists(db: Db, id: string): Promise<boolean> {
  return Boolean(await db.selectFrom('jurisdiction').select('id').where('id', '=', id).executeTakeFirst());
}

/** Whether the database holds any jurisdiction (an empty one is seeded with the demo). */
export async function anyJurisdiction(db: Db): Promise<boolean> {
  return Boolean(await db.selectFrom('jurisdiction').select('id').limit(1).executeTakeFirst());
}

/** What an administrator sets on a jurisdiction; an optional setting left undefined keeps its stored (or default) value. */
export interface JurisdictionSettings {
  nameKo: string;
  nameEn: string;
  timeZone: string;
  showOfficialNames: boolean;
  inquiryResponseDays?: number;
  secondFactorOthers?: 'required' | 'optional';
  /** The main language, the languages offered and the name beyond Korean and English; unchanged when not given. */
  languages?: { main: Locale; offered: Locale[]; names: OtherLanguages };
}

/**
 * Creates a jurisdiction, or updates the settings of the one with this id (its code stays). A changed time zone bumps
 * its calendar version.
 */
export async function saveJurisdictionSettings(db: Db, j: { id: string; code: string } & JurisdictionSettings): Promise<void> {
  const settings = {
    name_ko: j.nameKo, name_en: j.nameEn, time_zone: j.timeZone, show_official_names: j.showOfficialNames,
    ...(j.inquiryResponseDays === undefined ? {} : { inquiry_response_days: j.inquiryResponseDays }),
    ...(j.secondFactorOthers ? { second_factor_others: j.secondFactorOthers } : {}),
    ...(j.languages ? { main_locale: j.languages.main, offered_locales: j.languages.offered, names: JSON.stringify(j.languages.names) } : {}),
  };
  await db
    .insertInto('jurisdiction')
    .values({ id: j.id, code: j.code, ...settings })
    // Another time zone moves every working hour: calendars (and results computed with them) must be rebuilt.
    .onConflict((oc) =>
      oc.column('id').doUpdateSet({
        ...settings,
        calendar_version: sql<number>`CASE WHEN jurisdiction.time_zone <> excluded.time_zone THEN jurisdiction.calendar_version + 1 ELSE jurisdiction.calendar_version END`,
      }),
    )
    .execute();
}

/**
 * The time zone a jurisdiction's published events are written in, or undefined when it has published none yet (or
 * does not exist): once it has events, every log leaf of theirs depends on it.
 */
export async function publishedTimeZone(db: Db, jurisdictionId: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('jurisdiction as j')
    .select('j.time_zone')
    .where('j.id', '=', jurisdictionId)
    .where((eb) => eb.exists(eb.selectFrom('event as e').select('e.id').where('e.jurisdiction_id', '=', jurisdictionId)))
    .executeTakeFirst();
  return row?.time_zone;
}

/** A jurisdiction's public code from its id, or undefined. */
export async function jurisdictionCodeOf(db: Db, id: string): Promise<string | undefined> {
  return (await db.selectFrom('jurisdiction').select('code').where('id', '=', id).executeTakeFirst())?.code;
}
