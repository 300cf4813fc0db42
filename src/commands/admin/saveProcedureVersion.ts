import type { OfficialActor } from '../../domain/actor.js';
import { CATEGORIES, PERIOD_UNITS, type Localized, type PeriodUnitName, type ProcedureDocument, type ProcedureField, type ProcedureStage } from '../../domain/types.js';
import { AppError, validationError, type FieldIssue } from '../../errors.js';
import { mayAdminister } from '../../policies/index.js';
import type { Db } from '../../db/types.js';
import { inTransaction, unitIdsByCode } from '../../db/repos/cases.js';
import { insertProcedureVersion, lockProcedureVersions, retireProcedureVersions } from '../../db/repos/procedures.js';

export interface ProcedureDraft {
  jurisdictionId: string;
  code: string;
  category: string;
  unitCode: string;
  name: Localized;
  purpose: Localized;
  legalBasis: Localized;
  feeKrw: number;
  statutoryDays: number;
  documents: ProcedureDocument[];
  fields: ProcedureField[];
  stages: ProcedureStage[];
  /**
   * The version the form was opened from (0 for a new procedure). When given, saving is refused if the procedure's
   * latest version is another one: a page opened before someone else saved never overwrites their change.
   */
  baseVersion?: number;
}

const KEY = /^[a-z][a-z0-9_-]{0,59}$/;

/** Checks a draft: keys well formed and unique, stages present, every named unit known. Pure. */
export function checkProcedureDraft(d: ProcedureDraft, unitCodes: ReadonlySet<string>): FieldIssue[] {
  const issues: FieldIssue[] = [];
  if (!KEY.test(d.code)) issues.push({ field: 'code', key: 'error.key_format' });
  if (!(CATEGORIES as readonly string[]).includes(d.category)) issues.push({ field: 'category', key: 'error.invalid_value' });
  if (!unitCodes.has(d.unitCode)) issues.push({ field: 'unit', key: 'error.unknown_unit' });
  if (!d.name.ko.trim()) issues.push({ field: 'name_ko', key: 'error.required' });
  if (!d.name.en.trim()) issues.push({ field: 'name_en', key: 'error.required' });
  if (!Number.isInteger(d.statutoryDays) || d.statutoryDays < 1) issues.push({ field: 'statutory_days', key: 'error.out_of_range' });
  if (!Number.isInteger(d.feeKrw) || d.feeKrw < 0) issues.push({ field: 'fee_krw', key: 'error.out_of_range' });
  if (d.stages.length < 1) issues.push({ field: 'stages', key: 'error.stages_required' });
  const seen = new Set<string>();
  d.stages.forEach((s, i) => {
    // A line with parts missing (`intake | only two`) names the stage it is, never becomes a stage with blanks.
    if (!s.name.ko.trim() || !s.name.en.trim()) issues.push({ field: 'stages', key: 'journey.procedure_stage_names', values: { n: i + 1, key: s.key } });
    if (!Number.isInteger(s.days)) issues.push({ field: 'stages', key: 'journey.procedure_stage_period', values: { n: i + 1, key: s.key } });
  });
  for (const s of d.stages) {
    if (!KEY.test(s.key) || seen.has(s.key)) issues.push({ field: 'stages', key: 'error.stage_keys', values: { key: s.key } });
    seen.add(s.key);
    if (s.unit_code && !unitCodes.has(s.unit_code)) issues.push({ field: 'stages', key: 'error.unknown_unit' });
    if (!Number.isInteger(s.days) || s.days < 0) issues.push({ field: 'stages', key: 'error.out_of_range' });
    if (s.period_unit !== undefined && !(PERIOD_UNITS as readonly string[]).includes(s.period_unit)) {
      issues.push({ field: 'stages', key: 'error.period_unit' });
    }
  }
  for (const [field, list] of [['documents', d.documents.map((x) => x.key)], ['fields', d.fields.map((x) => x.key)]] as const) {
    if (new Set(list).size !== list.length || list.some((k) => !KEY.test(k))) issues.push({ field, key: 'error.key_format' });
  }
  d.documents.forEach((x, i) => {
    if (!x.name.ko.trim() || !x.name.en.trim()) issues.push({ field: 'documents', key: 'journey.procedure_line_names', values: { n: i + 1, key: x.key } });
  });
  d.fields.forEach((x, i) => {
    if (!x.label.ko.trim() || !x.label.en.trim()) issues.push({ field: 'fields', key: 'journey.procedure_line_names', values: { n: i + 1, key: x.key } });
  });
  return issues;
}

/**
 * Saves a procedure as a new version: the previous version stops being current but stays, so applications
 * filed under it keep their stages and periods.
 */
export async function saveProcedureVersion(db: Db, actor: OfficialActor, d: ProcedureDraft): Promise<{ id: number; version: number }> {
  mayAdminister(actor);
  return inTransaction(db, async (trx) => {
    const units = await unitIdsByCode(trx, d.jurisdictionId);
    const issues = checkProcedureDraft(d, new Set(units.keys()));
    if (issues.length) throw validationError(issues);
    const unitId = units.get(d.unitCode)!;
    const previous = await lockProcedureVersions(trx, d.jurisdictionId, d.code);
    const latest = previous?.version ?? 0;
    if (d.baseVersion !== undefined && d.baseVersion !== latest) {
      throw new AppError('conflict', d.baseVersion === 0 ? 'journey.procedure_exists' : 'journey.procedure_stale', { base: d.baseVersion, latest });
    }
    if (previous) await retireProcedureVersions(trx, d.jurisdictionId, d.code);
    const version = (previous?.version ?? 0) + 1;
    const id = await insertProcedureVersion(trx, {
      jurisdictionId: d.jurisdictionId,
      code: d.code,
      version,
      category: d.category,
      unitId,
      name: { ...d.name, ko: d.name.ko.trim(), en: d.name.en.trim() },
      purpose: { ...d.purpose, ko: d.purpose.ko.trim(), en: d.purpose.en.trim() },
      legalBasis: { ...d.legalBasis, ko: d.legalBasis.ko.trim(), en: d.legalBasis.en.trim() },
      feeKrw: d.feeKrw,
      statutoryDays: d.statutoryDays,
      documents: d.documents,
      fields: d.fields,
      stages: d.stages,
      createdBy: actor.id,
    });
    return { id, version };
  });
}

/** Parses the admin form's line format `key | 한국어 | English | …` into structured lists. */
export function parseLines(text: string): string[][] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => l.split('|').map((c) => c.trim()));
}

const yes = (v: string | undefined) => ['yes', 'y', 'true', '1', '예'].includes((v ?? '').toLowerCase());

const PERIOD_WORDS: Record<string, PeriodUnitName> = { days: 'working_days', hours: 'working_hours', calendar: 'calendar_days' };

/** `key | 이름 | Name | amount | unit code or - | parallel | days/hours/calendar (optional)` per line. */
export function parseStages(text: string): ProcedureStage[] {
  return parseLines(text).map(([key = '', ko = '', en = '', days = '', unit = '', parallel, period = '']) => {
    const stage: ProcedureStage = { key, name: { ko, en }, days: days.trim() ? Number(days) : Number.NaN, unit_code: unit && unit !== '-' ? unit : null, parallel: yes(parallel) };
    if (period.trim()) stage.period_unit = PERIOD_WORDS[period.trim().toLowerCase()] ?? ('unknown' as PeriodUnitName);
    return stage;
  });
}

/** `key | 이름 | Name | required` per line. */
export function parseDocuments(text: string): ProcedureDocument[] {
  return parseLines(text).map(([key = '', ko = '', en = '', required]) => ({ key, name: { ko, en }, required: yes(required) }));
}

/** `key | 라벨 | Label | text/number/textarea | required | public` per line. */
export function parseFields(text: string): ProcedureField[] {
  return parseLines(text).map(([key = '', ko = '', en = '', type = 'text', required, isPublic]) => ({
    key,
    label: { ko, en },
    type: (['text', 'number', 'textarea'].includes(type) ? type : 'text') as ProcedureField['type'],
    required: yes(required),
    public: yes(isPublic),
  }));
}

/** The inverse of the parsers, to fill the form with the current version. */
export function formatStages(stages: ProcedureStage[]): string {
  const word = (u: PeriodUnitName | undefined) => Object.entries(PERIOD_WORDS).find(([, v]) => v === u)?.[0];
  return stages
    .map((s) => [s.key, s.name.ko, s.name.en, s.days, s.unit_code ?? '-', s.parallel ? 'yes' : 'no', ...(s.period_unit && s.period_unit !== 'working_days' ? [word(s.period_unit)] : [])].join(' | '))
    .join('\n');
}
export function formatDocuments(docs: ProcedureDocument[]): string {
  return docs.map((d) => [d.key, d.name.ko, d.name.en, d.required ? 'yes' : 'no'].join(' | ')).join('\n');
}
export function formatFields(fields: ProcedureField[]): string {
  return fields.map((f) => [f.key, f.label.ko, f.label.en, f.type, f.required ? 'yes' : 'no', f.public ? 'yes' : 'no'].join(' | ')).join('\n');
}
