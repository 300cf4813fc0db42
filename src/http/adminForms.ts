import type { ClosureDraft } from '../commands/admin/calendar.js';
import type { OfficialDraft } from '../commands/admin/officials.js';
import type { createUnit } from '../commands/admin/createUnit.js';
import type { saveJurisdiction } from '../commands/admin/saveJurisdiction.js';
import { LOCALES, type Localized, type Role } from '../domain/types.js';
import { parseId } from './params.js';
import type { OfficialFormValues } from '../views/admin.js';

/**
 * The administration page's forms, read into the drafts the `commands/admin/*` commands check (the procedure editor's
 * form is `procedureEditor`). Nothing here validates: the commands name every problem with its field.
 */

/** The languages beyond Korean and English, whose texts the forms take as `<field>_<locale>` (`name_fr`). */
export const OTHER_LOCALES = LOCALES.filter((l) => l !== 'ko' && l !== 'en');

/** A text in every language from a form's `<field>_ko`, `<field>_en`, `<field>_fr`… values. */
export function localizedFromForm(v: Record<string, string>, field: string): Localized {
  const text: Localized = { ko: v[`${field}_ko`] ?? '', en: v[`${field}_en`] ?? '' };
  for (const l of OTHER_LOCALES) {
    const value = v[`${field}_${l}`]?.trim();
    if (value) text[l] = value;
  }
  return text;
}

/** A form's values for a text in every language (the inverse of `localizedFromForm`). */
export function localizedFormValues(field: string, text: Localized): Record<string, string> {
  return Object.fromEntries(LOCALES.map((l) => [`${field}_${l}`, text[l] ?? '']));
}

/** The checked values of a group of checkboxes, which come as one value or several. */
function checked(body: unknown, name: string): string[] {
  const raw = (body as Record<string, unknown> | null | undefined)?.[name];
  return (Array.isArray(raw) ? raw : raw ? [raw] : []).map(String);
}

/**
 * The jurisdiction form: a blank second-factor choice leaves the jurisdiction's rule as it was; languages are read
 * only from a form that has the language settings (`main_locale`).
 */
export function jurisdictionDraft(v: Record<string, string>, body?: unknown): Parameters<typeof saveJurisdiction>[2] {
  const names = localizedFromForm(v, 'name');
  return {
    ...(v.main_locale !== undefined ? { languages: { main: v.main_locale, offered: checked(body, 'offered_locales'), names } } : {}),
    id: v.id ?? '', code: v.code ?? '', nameKo: v.name_ko ?? '', nameEn: v.name_en ?? '', timeZone: v.time_zone ?? '',
    showOfficialNames: v.show_official_names === 'yes',
    inquiryResponseDays: v.inquiry_response_days,
    secondFactorOthers: v.second_factor_others === 'optional' ? 'optional' : v.second_factor_others === 'required' ? 'required' : undefined,
  };
}

/** The short form for a designated holiday or a closure. */
export function closureDraft(v: Record<string, string>): ClosureDraft {
  return {
    jurisdictionId: v.jurisdiction_id ?? '', date: (v.date ?? '').trim(), kind: v.kind === 'closure' ? 'closure' : 'holiday',
    reasonKo: v.reason_ko ?? '', reasonEn: v.reason_en ?? '',
  };
}

/** The new unit form. */
export function unitDraft(v: Record<string, string>): Parameters<typeof createUnit>[2] {
  return { jurisdictionId: v.jurisdiction_id ?? '', code: (v.code ?? '').trim(), nameKo: v.name_ko ?? '', nameEn: v.name_en ?? '', names: localizedFromForm(v, 'name'), phone: v.phone, email: v.email };
}

/** The official form's values as typed, to show them again when a save is refused. */
export function officialTyped(v: Record<string, string>, body: unknown): OfficialFormValues {
  const d = officialDraft(v, body);
  return {
    login: d.login, name_ko: d.nameKo, name_en: d.nameEn, title_ko: d.titleKo, title_en: d.titleEn, names: d.names, titles: d.titles,
    unit_id: d.unitId, roles: d.roles, active: d.active,
  };
}

/** The official form; `body` is the raw body, whose `roles` checkboxes come as one value or several. */
export function officialDraft(v: Record<string, string>, body: unknown): OfficialDraft {
  const roles = checked(body, 'roles') as Role[];
  return {
    login: (v.login ?? '').trim().toLowerCase(), password: v.password || undefined, unitId: parseId(v.unit_id) ?? 0,
    nameKo: v.name_ko ?? '', nameEn: v.name_en ?? '', titleKo: v.title_ko ?? '', titleEn: v.title_en ?? '', roles, active: v.active === 'yes',
    names: localizedFromForm(v, 'name'), titles: localizedFromForm(v, 'title'),
  };
}
