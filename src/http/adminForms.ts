import type { ClosureDraft } from '../commands/admin/calendar.js';
import type { OfficialDraft } from '../commands/admin/officials.js';
import {
  formatDocuments, formatFields, formatStages, parseDocuments, parseFields, parseStages, type ProcedureDraft,
} from '../commands/admin/saveProcedureVersion.js';
import type { createUnit } from '../commands/admin/createUnit.js';
import type { saveJurisdiction } from '../commands/admin/saveJurisdiction.js';
import type { ProcedureRow } from '../db/schema.js';
import type { Role } from '../domain/types.js';
import { parseId } from './params.js';

/**
 * The administration page's forms, read into the drafts the `commands/admin/*` commands check, and a stored procedure
 * written back into its form. Nothing here validates: the commands name every problem with its field.
 */

/** The jurisdiction form: a blank second-factor choice leaves the jurisdiction's rule as it was. */
export function jurisdictionDraft(v: Record<string, string>): Parameters<typeof saveJurisdiction>[2] {
  return {
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
  return { jurisdictionId: v.jurisdiction_id ?? '', code: (v.code ?? '').trim(), nameKo: v.name_ko ?? '', nameEn: v.name_en ?? '', phone: v.phone, email: v.email };
}

/** The official form; `body` is the raw body, whose `roles` checkboxes come as one value or several. */
export function officialDraft(v: Record<string, string>, body: unknown): OfficialDraft {
  const raw = (body as Record<string, unknown> | null | undefined)?.roles;
  const roles = (Array.isArray(raw) ? raw : raw ? [raw] : []).map(String) as Role[];
  return {
    login: (v.login ?? '').trim().toLowerCase(), password: v.password || undefined, unitId: parseId(v.unit_id) ?? 0,
    nameKo: v.name_ko ?? '', nameEn: v.name_en ?? '', titleKo: v.title_ko ?? '', titleEn: v.title_en ?? '', roles, active: v.active === 'yes',
  };
}

/** The procedure form; its stages, documents and fields are one per line. Throws on lines it cannot read. */
export function procedureDraft(v: Record<string, string>): ProcedureDraft {
  return {
    jurisdictionId: v.jurisdiction_id ?? '', code: (v.code ?? '').trim(), category: v.category ?? '', unitCode: v.unit_code ?? '',
    name: { ko: v.name_ko ?? '', en: v.name_en ?? '' }, purpose: { ko: v.purpose_ko ?? '', en: v.purpose_en ?? '' },
    legalBasis: { ko: v.legal_basis_ko ?? '', en: v.legal_basis_en ?? '' },
    feeKrw: Number(v.fee_krw || 0), statutoryDays: Number(v.statutory_days),
    stages: parseStages(v.stages ?? ''), documents: parseDocuments(v.documents ?? ''), fields: parseFields(v.fields ?? ''),
    ...(v.base_version !== undefined && /^\d{1,6}$/.test(v.base_version) ? { baseVersion: Number(v.base_version) } : {}),
  };
}

/** A stored procedure version as its form shows it, to start the next version from. */
export function procedureFormValues(p: ProcedureRow & { unit_code: string }): Record<string, string> {
  return {
    jurisdiction_id: p.jurisdiction_id, code: p.code, category: p.category, unit_code: p.unit_code, name_ko: p.name_ko, name_en: p.name_en,
    purpose_ko: p.purpose_ko, purpose_en: p.purpose_en, legal_basis_ko: p.legal_basis_ko, legal_basis_en: p.legal_basis_en,
    fee_krw: String(p.fee_krw), statutory_days: String(p.statutory_days),
    stages: formatStages(p.stages), documents: formatDocuments(p.documents), fields: formatFields(p.fields),
    base_version: String(p.version),
  };
}
