import type { ClosureDraft } from '../commands/admin/calendar.js';
import type { OfficialDraft } from '../commands/admin/officials.js';
import {
  formatDocuments, formatFields, formatStages, parseDocuments, parseFields, parseStages, type ProcedureDraft,
} from '../commands/admin/saveProcedureVersion.js';
import type { createUnit } from '../commands/admin/createUnit.js';
import type { saveJurisdiction } from '../commands/admin/saveJurisdiction.js';
import type { ProcedureRow } from '../db/schema.js';
import { LOCALES, type Locale, type Localized, type ProcedureStage, type Role } from '../domain/types.js';
import { validationError } from '../errors.js';
import { parseId } from './params.js';

/**
 * The administration page's forms, read into the drafts the `commands/admin/*` commands check, and a stored procedure
 * written back into its form. Nothing here validates: the commands name every problem with its field.
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
function localizedFormValues(field: string, text: Localized): Record<string, string> {
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

/** The official form; `body` is the raw body, whose `roles` checkboxes come as one value or several. */
export function officialDraft(v: Record<string, string>, body: unknown): OfficialDraft {
  const roles = checked(body, 'roles') as Role[];
  return {
    login: (v.login ?? '').trim().toLowerCase(), password: v.password || undefined, unitId: parseId(v.unit_id) ?? 0,
    nameKo: v.name_ko ?? '', nameEn: v.name_en ?? '', titleKo: v.title_ko ?? '', titleEn: v.title_en ?? '', roles, active: v.active === 'yes',
  };
}

/** The procedure form; its stages, documents and fields are one per line. Throws on lines it cannot read. */
export function procedureDraft(v: Record<string, string>): ProcedureDraft {
  return {
    jurisdictionId: v.jurisdiction_id ?? '', code: (v.code ?? '').trim(), category: v.category ?? '', unitCode: v.unit_code ?? '',
    name: localizedFromForm(v, 'name'), purpose: localizedFromForm(v, 'purpose'), legalBasis: localizedFromForm(v, 'legal_basis'),
    feeKrw: Number(v.fee_krw || 0), statutoryDays: Number(v.statutory_days),
    stages: withStageNames(parseStages(v.stages ?? ''), v.stage_names ?? ''), documents: parseDocuments(v.documents ?? ''), fields: parseFields(v.fields ?? ''),
    ...(v.base_version !== undefined && /^\d{1,6}$/.test(v.base_version) ? { baseVersion: Number(v.base_version) } : {}),
  };
}

/** A stored procedure version as its form shows it, to start the next version from. */
export function procedureFormValues(p: ProcedureRow & { unit_code: string }): Record<string, string> {
  return {
    jurisdiction_id: p.jurisdiction_id, code: p.code, category: p.category, unit_code: p.unit_code,
    ...localizedFormValues('name', { ko: p.name_ko, en: p.name_en, ...p.texts.name }),
    ...localizedFormValues('purpose', { ko: p.purpose_ko, en: p.purpose_en, ...p.texts.purpose }),
    ...localizedFormValues('legal_basis', { ko: p.legal_basis_ko, en: p.legal_basis_en, ...p.texts.legal_basis }),
    stage_names: formatStageNames(p.stages),
    fee_krw: String(p.fee_krw), statutory_days: String(p.statutory_days),
    stages: formatStages(p.stages), documents: formatDocuments(p.documents), fields: formatFields(p.fields),
    base_version: String(p.version),
  };
}

/**
 * Stage names beyond Korean and English, one `key | locale | name` a line, added to the stages read from the stage
 * lines. Throws a validation error naming the first line that is not a known stage, a language and a name.
 */
export function withStageNames(stages: ProcedureStage[], text: string): ProcedureStage[] {
  const lines = text.split(/\r?\n/).slice(0, 2000);
  const named = stages.map((s) => ({ ...s, name: { ...s.name } }));
  lines.forEach((line, index) => {
    if (!line.trim() || line.trim().startsWith('#')) return;
    const [key = '', locale = '', ...rest] = line.split('|').map((c) => c.trim());
    const stage = named.find((s) => s.key === key);
    const name = rest.join(' | ').trim();
    if (!stage || !(OTHER_LOCALES as readonly string[]).includes(locale) || !name) {
      throw validationError([{ field: 'stage_names', key: 'error.i18n_stage_names', values: { line: index + 1 } }]);
    }
    stage.name[locale as Exclude<Locale, 'ko' | 'en'>] = name;
  });
  return named;
}

/** The stage names beyond Korean and English as the form writes them. */
export function formatStageNames(stages: ProcedureStage[]): string {
  return stages.flatMap((s) => OTHER_LOCALES.filter((l) => s.name[l]).map((l) => `${s.key} | ${l} | ${s.name[l]}`)).join('\n');
}
