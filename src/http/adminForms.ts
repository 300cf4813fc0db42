import type { ClosureDraft } from '../commands/admin/calendar.js';
import type { OfficialDraft } from '../commands/admin/officials.js';
import type { createUnit } from '../commands/admin/createUnit.js';
import type { saveJurisdiction } from '../commands/admin/saveJurisdiction.js';
import type { Role } from '../domain/types.js';
import { parseId } from './params.js';

/**
 * The administration page's forms, read into the drafts the `commands/admin/*` commands check (the procedure editor's
 * form is `procedureEditor`). Nothing here validates: the commands name every problem with its field.
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
