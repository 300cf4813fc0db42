import type { OfficialActor } from '../../domain/actor.js';
import { validationError } from '../../errors.js';
import { mayAdminister } from '../../policies/index.js';
import type { Db } from '../../db/types.js';
import { publishedTimeZone, saveJurisdictionSettings } from '../../db/repos/jurisdictions.js';
import { otherLanguages } from '../../db/repos/localized.js';
import type { OtherLanguages } from '../../db/schema.js';
import { isLocaleSafe, LOCALES, type Locale, type Localized } from '../../domain/types.js';

/** The range an administrator may set for a jurisdiction's question response deadline, in working days. */
export const INQUIRY_RESPONSE_DAYS = { min: 1, max: 60 } as const;

/**
 * Creates or updates a jurisdiction's name, time zone, whether officials' names are public and, when given, the
 * working days a department has to answer a question (`inquiryResponseDays`, a form's text, 1–60; a new
 * jurisdiction without it gets the default 7). Questions already asked keep the deadline they were given.
 */
export async function saveJurisdiction(
  db: Db,
  actor: OfficialActor,
  d: {
    id: string; code: string; nameKo: string; nameEn: string; timeZone: string; showOfficialNames: boolean; inquiryResponseDays?: string;
    /** Whether roles that see no personal data need a second factor; unchanged when not given. */
    secondFactorOthers?: 'required' | 'optional';
    /** The main language and the languages offered (codes as the form sends them), and the name in each. */
    languages?: { main: string; offered: string[]; names: Localized };
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
  // Every published event's times are written in the jurisdiction's zone, and its log leaf hashes them: a new zone
  // would change every leaf already proven to someone. A jurisdiction that moves zone starts a new one (ADR 0002).
  const published = await publishedTimeZone(db, d.id);
  if (published !== undefined && published !== d.timeZone) issues.push({ field: 'time_zone', key: 'error.time_zone_frozen', values: { zone: published } });
  let languages: { main: Locale; offered: Locale[]; names: OtherLanguages } | undefined;
  if (d.languages) {
    // Korean and English are always offered: every stored name has them, and every reader falls back to them.
    const offered = LOCALES.filter((l) => l === 'ko' || l === 'en' || d.languages!.offered.includes(l));
    const main = d.languages.main;
    if (!isLocaleSafe(main) || !offered.includes(main)) issues.push({ field: 'main_locale', key: 'error.i18n_main_not_offered' });
    else languages = { main, offered, names: otherLanguages(d.languages.names) };
  }
  if (issues.length) throw validationError(issues);
  await saveJurisdictionSettings(db, {
    languages,
    id: d.id,
    code: d.code,
    nameKo: d.nameKo.trim(),
    nameEn: d.nameEn.trim(),
    timeZone: d.timeZone,
    showOfficialNames: d.showOfficialNames,
    inquiryResponseDays,
    secondFactorOthers: d.secondFactorOthers,
  });
}
