import type { Kysely } from 'kysely';
import type { OfficialActor } from '../../domain/actor.js';
import { CATEGORIES, PERIOD_UNITS, type Localized, type PeriodUnitName, type ProcedureDocument, type ProcedureField, type ProcedureStage } from '../../domain/types.js';
import { AppError, validationError, type FieldIssue } from '../../errors.js';
import { mayAdminister } from '../../policies/index.js';
import type { DB } from '../../db/schema.js';

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
}

const KEY = /^[a-z][a-z0-9_-]{0,59}$/;

/** Checks a draft: keys well formed and unique, stages present, every named unit known. Pure. */
export function checkProcedureDraft(d: ProcedureDraft, unitCodes: ReadonlySet<string>): FieldIssue[] {
  const issues: FieldIssue[] = [];
  if (!KEY.test(d.code)) issues.push({ field: 'code', key: 'error.key_format' });
  if (!(CATEGORIES as readonly string[]).includes(d.category)) issues.push({ field: 'category', key: 'error.invalid_value' });
  if (!unitCodes.has(d.unitCode)) issues.push({ field: 'unit', key: 'error.unknown_unit' });
  if (!d.name.ko.trim() || !d.name.en.trim()) issues.push({ field: 'name', key: 'error.required' });
  if (!Number.isInteger(d.statutoryDays) || d.statutoryDays < 1) issues.push({ field: 'statutory_days', key: 'error.out_of_range' });
  if (!Number.isInteger(d.feeKrw) || d.feeKrw < 0) issues.push({ field: 'fee_krw', key: 'error.out_of_range' });
  if (d.stages.length < 1) issues.push({ field: 'stages', key: 'error.stages_required' });
  const seen = new Set<string>();
  for (const s of d.stages) {
    if (!KEY.test(s.key) || seen.has(s.key)) issues.push({ field: 'stages', key: 'error.stage_keys', values: { key: s.key } });
    seen.add(s.key);
    if (s.unit_code && !unitCodes.has(s.unit_code)) issues.push({ field: 'stages', key: 'error.unknown_unit' });
    if (!Number.isInteger(s.days) || s.days < 0) issues.push({ field: 'stages', key: 'error.out_of_range' });
    if (s.period_unit !== undefined && !(PERIOD_UNITS as readonly string[]).includes(s.period_unit)) {
      issues.push({ field: 'stages', key: 'error.period_unit' });
    }
  }
  for (const list of [d.documents.map((x) => x.key), d.fields.map((x) => x.key)]) {
    if (new Set(list).size !== list.length || list.some((k) => !KEY.test(k))) issues.push({ field: 'documents', key: 'error.key_format' });
  }
  return issues;
}

/**
 * Saves a procedure as a new version: the previous version stops being current but stays, so applications
 * filed under it keep their stages and periods.
 */
export async function saveProcedureVersion(db: Kysely<DB>, actor: OfficialActor, d: ProcedureDraft): Promise<{ id: number; version: number }> {
  mayAdminister(actor);
  return db.transaction().execute(async (trx) => {
    const units = await trx.selectFrom('unit').select(['id', 'code']).where('jurisdiction_id', '=', d.jurisdictionId).execute();
    const issues = checkProcedureDraft(d, new Set(units.map((u) => u.code)));
    if (issues.length) throw validationError(issues);
    const unitId = units.find((u) => u.code === d.unitCode)!.id;
    const previous = await trx
      .selectFrom('procedure')
      .select(['id', 'version'])
      .where('jurisdiction_id', '=', d.jurisdictionId)
      .where('code', '=', d.code)
      .orderBy('version', 'desc')
      .forUpdate()
      .executeTakeFirst();
    if (previous) await trx.updateTable('procedure').set({ is_current: false }).where('jurisdiction_id', '=', d.jurisdictionId).where('code', '=', d.code).execute();
    const version = (previous?.version ?? 0) + 1;
    const row = await trx
      .insertInto('procedure')
      .values({
        jurisdiction_id: d.jurisdictionId,
        code: d.code,
        version,
        is_current: true,
        category: d.category,
        unit_id: unitId,
        name_ko: d.name.ko.trim(),
        name_en: d.name.en.trim(),
        purpose_ko: d.purpose.ko.trim(),
        purpose_en: d.purpose.en.trim(),
        legal_basis_ko: d.legalBasis.ko.trim(),
        legal_basis_en: d.legalBasis.en.trim(),
        fee_krw: d.feeKrw,
        statutory_days: d.statutoryDays,
        documents: JSON.stringify(d.documents),
        fields: JSON.stringify(d.fields),
        stages: JSON.stringify(d.stages),
        created_by: actor.id,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    if (!row) throw new AppError('internal', 'error.internal');
    return { id: row.id, version };
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
    const stage: ProcedureStage = { key, name: { ko, en }, days: Number(days), unit_code: unit && unit !== '-' ? unit : null, parallel: yes(parallel) };
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
