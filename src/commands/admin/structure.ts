import { sql, type Kysely } from 'kysely';
import type { OfficialActor } from '../../domain/actor.js';
import { hashSecret, newToken } from '../../domain/secrets.js';
import { AppError, validationError } from '../../errors.js';
import { mayAdminister } from '../../policies/index.js';
import type { DB } from '../../db/schema.js';

/** Creates a unit (department) in a jurisdiction. */
export async function createUnit(
  db: Kysely<DB>,
  actor: OfficialActor,
  d: { jurisdictionId: string; code: string; nameKo: string; nameEn: string; phone?: string; email?: string },
): Promise<number> {
  mayAdminister(actor);
  const issues = [];
  if (!/^[A-Z0-9-]{2,40}$/.test(d.code)) issues.push({ field: 'code', key: 'error.unit_code_format' });
  if (!d.nameKo.trim() || !d.nameEn.trim()) issues.push({ field: 'name', key: 'error.required' });
  if (issues.length) throw validationError(issues);
  const j = await db.selectFrom('jurisdiction').select('id').where('id', '=', d.jurisdictionId).executeTakeFirst();
  if (!j) throw validationError([{ field: 'jurisdiction', key: 'error.invalid_value' }]);
  const taken = await db.selectFrom('unit').select('id').where('code', '=', d.code).executeTakeFirst();
  if (taken) throw validationError([{ field: 'code', key: 'error.code_taken' }]);
  const row = await db
    .insertInto('unit')
    .values({ jurisdiction_id: d.jurisdictionId, code: d.code, name_ko: d.nameKo.trim(), name_en: d.nameEn.trim(), phone: d.phone || null, email: d.email || null })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** The range an administrator may set for a jurisdiction's question response deadline, in working days. */
export const INQUIRY_RESPONSE_DAYS = { min: 1, max: 60 } as const;

/**
 * Creates or updates a jurisdiction's name, time zone, whether officials' names are public and, when given, the
 * working days a department has to answer a question (`inquiryResponseDays`, a form's text, 1–60; a new
 * jurisdiction without it gets the default 7). Questions already asked keep the deadline they were given.
 */
export async function saveJurisdiction(
  db: Kysely<DB>,
  actor: OfficialActor,
  d: {
    id: string; code: string; nameKo: string; nameEn: string; timeZone: string; showOfficialNames: boolean; inquiryResponseDays?: string;
    /** Whether roles that see no personal data need a second factor; unchanged when not given. */
    secondFactorOthers?: 'required' | 'optional';
  },
): Promise<void> {
  mayAdminister(actor);
  const issues = [];
  if (!/^[a-z0-9.-]{3,100}$/.test(d.id)) issues.push({ field: 'id', key: 'error.invalid_value' });
  if (!/^[A-Z]{2,4}$/.test(d.code)) issues.push({ field: 'code', key: 'error.jurisdiction_code_format' });
  if (!d.nameKo.trim() || !d.nameEn.trim()) issues.push({ field: 'name', key: 'error.required' });
  try {
    new Intl.DateTimeFormat('en', { timeZone: d.timeZone });
  } catch {
    issues.push({ field: 'time_zone', key: 'error.time_zone' });
  }
  let inquiryResponseDays: number | undefined;
  if (d.inquiryResponseDays !== undefined) {
    const text = d.inquiryResponseDays.trim();
    inquiryResponseDays = /^[0-9]{1,3}$/.test(text) ? Number(text) : Number.NaN;
    if (!(inquiryResponseDays >= INQUIRY_RESPONSE_DAYS.min && inquiryResponseDays <= INQUIRY_RESPONSE_DAYS.max)) {
      issues.push({ field: 'inquiry_response_days', key: 'error.inquiry_response_days', values: { ...INQUIRY_RESPONSE_DAYS } });
    }
  }
  if (issues.length) throw validationError(issues);
  const settings = {
    name_ko: d.nameKo.trim(), name_en: d.nameEn.trim(), time_zone: d.timeZone, show_official_names: d.showOfficialNames,
    ...(inquiryResponseDays === undefined ? {} : { inquiry_response_days: inquiryResponseDays }),
    ...(d.secondFactorOthers ? { second_factor_others: d.secondFactorOthers } : {}),
  };
  await db
    .insertInto('jurisdiction')
    .values({ id: d.id, code: d.code, ...settings })
    // Another time zone moves every working hour: calendars (and results computed with them) must be rebuilt.
    .onConflict((oc) =>
      oc.column('id').doUpdateSet({
        ...settings,
        calendar_version: sql<number>`CASE WHEN jurisdiction.time_zone <> excluded.time_zone THEN jurisdiction.calendar_version + 1 ELSE jurisdiction.calendar_version END`,
      }),
    )
    .execute();
}

/** Issues an API key scoped to one unit. The key is returned once; only its hash is kept. */
export async function createApiKey(db: Kysely<DB>, actor: OfficialActor, unitId: number, label: string): Promise<string> {
  mayAdminister(actor);
  if (!label.trim() || label.length > 100) throw validationError([{ field: 'label', key: 'error.required' }]);
  const unit = await db.selectFrom('unit').select('id').where('id', '=', unitId).executeTakeFirst();
  if (!unit) throw validationError([{ field: 'unit', key: 'error.unknown_unit' }]);
  const key = `dlk_${newToken(24)}`;
  await db
    .insertInto('api_key')
    .values({ unit_id: unitId, label: label.trim(), prefix: key.slice(0, 10), key_hash: hashSecret(key), created_by: actor.id })
    .execute();
  return key;
}

/** Revokes an API key at once. */
export async function revokeApiKey(db: Kysely<DB>, actor: OfficialActor, id: number): Promise<void> {
  mayAdminister(actor);
  const r = await db.updateTable('api_key').set({ revoked_at: new Date() }).where('id', '=', id).where('revoked_at', 'is', null).executeTakeFirst();
  if (r.numUpdatedRows === 0n) throw new AppError('not_found', 'error.not_found');
}
