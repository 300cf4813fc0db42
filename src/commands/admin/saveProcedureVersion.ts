import type { OfficialActor } from '../../domain/actor.js';
import { CATEGORIES, PERIOD_UNITS, type Localized, type ProcedureDocument, type ProcedureField, type ProcedureStage } from '../../domain/types.js';
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

/** At most this many stages, documents or fields in one procedure: every list a person can lengthen is bounded. */
export const MAX_PROCEDURE_ROWS = 40;

const FIELD_TYPES: readonly string[] = ['text', 'number', 'textarea'];

/**
 * Checks a draft: keys well formed and unique, stages present, every named unit known. Pure. Each problem with a
 * stage, document or field names its row and input (`stage.1.name_en`), so the editor shows it beside that input
 * and the message says which row it is.
 */
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
  for (const [field, list] of [['stages', d.stages], ['documents', d.documents], ['fields', d.fields]] as const) {
    if (list.length > MAX_PROCEDURE_ROWS) issues.push({ field, key: 'procedure_editor.too_many_rows', values: { max: MAX_PROCEDURE_ROWS } });
  }
  const keyIssues = (list: 'stage' | 'document' | 'field', keys: string[]) => {
    const seen = new Set<string>();
    keys.forEach((key, i) => {
      if (!KEY.test(key)) issues.push({ field: `${list}.${i}.key`, key: `procedure_editor.${list}_key`, values: { n: i + 1 } });
      else if (seen.has(key)) issues.push({ field: `${list}.${i}.key`, key: `procedure_editor.${list}_key_twice`, values: { n: i + 1, key } });
      seen.add(key);
    });
  };
  const nameIssues = (list: 'stage' | 'document' | 'field', column: 'name' | 'label', i: number, name: { ko: string; en: string }) => {
    if (!name.ko.trim()) issues.push({ field: `${list}.${i}.${column}_ko`, key: `procedure_editor.${list}_name_ko`, values: { n: i + 1 } });
    if (!name.en.trim()) issues.push({ field: `${list}.${i}.${column}_en`, key: `procedure_editor.${list}_name_en`, values: { n: i + 1 } });
  };
  keyIssues('stage', d.stages.map((s) => s.key));
  d.stages.forEach((s, i) => {
    nameIssues('stage', 'name', i, s.name);
    if (!Number.isInteger(s.days) || s.days < 0) issues.push({ field: `stage.${i}.days`, key: 'procedure_editor.stage_days', values: { n: i + 1 } });
    if (s.unit_code && !unitCodes.has(s.unit_code)) issues.push({ field: `stage.${i}.unit`, key: 'procedure_editor.stage_unit', values: { n: i + 1 } });
    if (s.period_unit !== undefined && !(PERIOD_UNITS as readonly string[]).includes(s.period_unit)) {
      issues.push({ field: `stage.${i}.period`, key: 'procedure_editor.stage_period', values: { n: i + 1 } });
    }
  });
  keyIssues('document', d.documents.map((x) => x.key));
  d.documents.forEach((x, i) => nameIssues('document', 'name', i, x.name));
  keyIssues('field', d.fields.map((x) => x.key));
  d.fields.forEach((x, i) => {
    nameIssues('field', 'label', i, x.label);
    if (!FIELD_TYPES.includes(x.type)) issues.push({ field: `field.${i}.type`, key: 'procedure_editor.field_type', values: { n: i + 1 } });
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
