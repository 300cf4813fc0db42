import { MAX_PROCEDURE_ROWS, type ProcedureDraft } from '../commands/admin/saveProcedureVersion.js';
import type { ProcedureRow } from '../db/schema.js';
import type { PeriodUnitName, ProcedureDocument, ProcedureField, ProcedureStage } from '../domain/types.js';
import { localizedFormValues, localizedFromForm } from './adminForms.js';

/**
 * The procedure editor's form: the procedure's own fields, and a row of inputs per stage, document and field, named
 * `stage.{i}.{column}`, `document.{i}.{column}`, `field.{i}.{column}`. Adding, removing and moving a row are buttons
 * of the same form (`op`), so each is a submission that comes back with everything typed so far, without JavaScript.
 * Everything here is pure: values in, values out; the command checks the draft and names each row's problems.
 */

/** The three lists of rows the editor has, with the columns of each. */
export const ROW_LISTS = {
  // A stage's name in the languages beyond Korean and English (`adminForms.OTHER_LOCALES`) is optional.
  stage: ['key', 'name_ko', 'name_en', 'name_zh', 'name_fr', 'name_es', 'name_ru', 'name_ar', 'days', 'period', 'unit', 'parallel'],
  document: ['key', 'name_ko', 'name_en', 'required'],
  field: ['key', 'label_ko', 'label_en', 'type', 'required', 'public'],
} as const;
export type RowList = keyof typeof ROW_LISTS;
export type EditorRow = Record<string, string>;

/** At most this many rows in each list: the form's inputs, and every loop over them, stay bounded. */
export const MAX_ROWS = MAX_PROCEDURE_ROWS;

const ROW_NAME = /^(stage|document|field)\.(\d{1,4})\.([a-z_]+)$/;

/** The rows of one list as the form sent them, in their order on the page; at most `MAX_ROWS`, columns it knows only. */
export function rowsOf(values: Record<string, string>, list: RowList): EditorRow[] {
  const byIndex = new Map<number, EditorRow>();
  const columns = ROW_LISTS[list] as readonly string[];
  for (const [name, value] of Object.entries(values)) {
    const m = ROW_NAME.exec(name);
    if (!m || m[1] !== list || !columns.includes(m[3]!)) continue;
    const index = Number(m[2]);
    let row = byIndex.get(index);
    if (!row) {
      if (byIndex.size >= MAX_ROWS) continue;
      row = emptyRow(list);
      byIndex.set(index, row);
    }
    row[m[3]!] = value;
  }
  return [...byIndex.entries()].sort(([a], [b]) => a - b).map(([, row]) => row);
}

/** A row with every column present and blank. */
export function emptyRow(list: RowList): EditorRow {
  return Object.fromEntries(ROW_LISTS[list].map((c) => [c, ''])) as EditorRow;
}

/** The form's values with one list's rows replaced by `rows`, numbered from 0 in order. */
export function withRows(values: Record<string, string>, list: RowList, rows: EditorRow[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(values)) if (!name.startsWith(`${list}.`)) out[name] = value;
  rows.slice(0, MAX_ROWS).forEach((row, i) => {
    // Every column is written, blank ones too: a row just added, still empty, is a row of the form.
    for (const column of ROW_LISTS[list]) out[`${list}.${i}.${column}`] = row[column] ?? '';
  });
  return out;
}

/** What a button of the editor asks for: saving, or a change to the rows that comes back to the form unsaved. */
export type EditorOp = { kind: 'save' } | { kind: 'add'; list: RowList } | { kind: 'remove' | 'up' | 'down'; list: RowList; index: number };

const OP = /^(add|remove|up|down)-(stage|document|field)(?:-(\d{1,3}))?$/;

/** Reads the `op` a button sent; anything else (no button, pressing Enter, an unknown value) is a save. */
export function parseOp(op: string | undefined): EditorOp {
  const m = OP.exec(op ?? '');
  if (!m) return { kind: 'save' };
  const list = m[2] as RowList;
  if (m[1] === 'add') return m[3] === undefined ? { kind: 'add', list } : { kind: 'save' };
  if (m[3] === undefined) return { kind: 'save' };
  return { kind: m[1] as 'remove' | 'up' | 'down', list, index: Number(m[3]) };
}

/**
 * Applies a row change to the form's values. Never throws: an index past the list, a move past either end or an
 * addition past `MAX_ROWS` leaves the rows as they were (`changed` false), so a stale or forged button does nothing.
 */
export function applyOp(values: Record<string, string>, op: Exclude<EditorOp, { kind: 'save' }>): { values: Record<string, string>; changed: boolean } {
  const rows = rowsOf(values, op.list);
  if (op.kind === 'add') {
    if (rows.length >= MAX_ROWS) return { values, changed: false };
    return { values: withRows(values, op.list, [...rows, emptyRow(op.list)]), changed: true };
  }
  const i = op.index;
  if (i >= rows.length) return { values, changed: false };
  if (op.kind === 'remove') return { values: withRows(values, op.list, rows.filter((_, j) => j !== i)), changed: true };
  const j = op.kind === 'up' ? i - 1 : i + 1;
  if (j < 0 || j >= rows.length) return { values, changed: false };
  const moved = [...rows];
  [moved[i], moved[j]] = [moved[j]!, moved[i]!];
  return { values: withRows(values, op.list, moved), changed: true };
}

const yes = (v: string | undefined) => v === 'yes';
const wholeNumber = (v: string | undefined) => ((v ?? '').trim() && /^-?\d{1,9}$/.test((v ?? '').trim()) ? Number(v!.trim()) : Number.NaN);

/** One stage row as the data model has it; a duration that is not a whole number stays `NaN` for the check to name. */
export function stageOf(row: EditorRow): ProcedureStage {
  const stage: ProcedureStage = {
    key: (row.key ?? '').trim(), name: localizedFromForm(row, 'name'), days: wholeNumber(row.days),
    unit_code: row.unit?.trim() ? row.unit.trim() : null, parallel: yes(row.parallel),
  };
  // Working days are the default: they are stored as no unit at all, as before.
  if (row.period && row.period !== 'working_days') stage.period_unit = row.period as PeriodUnitName;
  return stage;
}

export function documentOf(row: EditorRow): ProcedureDocument {
  return { key: (row.key ?? '').trim(), name: { ko: row.name_ko ?? '', en: row.name_en ?? '' }, required: yes(row.required) };
}

export function fieldOf(row: EditorRow): ProcedureField {
  return {
    key: (row.key ?? '').trim(), label: { ko: row.label_ko ?? '', en: row.label_en ?? '' },
    // An unknown type is kept as sent, so the check names it instead of saving it as text.
    type: (row.type || 'text') as ProcedureField['type'], required: yes(row.required), public: yes(row.public),
  };
}

/** The editor's values as the draft `saveProcedureVersion` checks. */
export function procedureDraft(v: Record<string, string>): ProcedureDraft {
  return {
    jurisdictionId: v.jurisdiction_id ?? '', code: (v.code ?? '').trim(), category: v.category ?? '', unitCode: v.unit_code ?? '',
    name: localizedFromForm(v, 'name'), purpose: localizedFromForm(v, 'purpose'), legalBasis: localizedFromForm(v, 'legal_basis'),
    feeKrw: Number(v.fee_krw || 0), statutoryDays: Number(v.statutory_days),
    stages: rowsOf(v, 'stage').map(stageOf), documents: rowsOf(v, 'document').map(documentOf), fields: rowsOf(v, 'field').map(fieldOf),
    ...(v.base_version !== undefined && /^\d{1,6}$/.test(v.base_version) ? { baseVersion: Number(v.base_version) } : {}),
  };
}

/** A stored procedure version as the editor shows it, to start the next version from. */
export function procedureFormValues(p: ProcedureRow & { unit_code: string }): Record<string, string> {
  let v: Record<string, string> = {
    jurisdiction_id: p.jurisdiction_id, code: p.code, category: p.category, unit_code: p.unit_code,
    ...localizedFormValues('name', { ko: p.name_ko, en: p.name_en, ...p.texts.name }),
    ...localizedFormValues('purpose', { ko: p.purpose_ko, en: p.purpose_en, ...p.texts.purpose }),
    ...localizedFormValues('legal_basis', { ko: p.legal_basis_ko, en: p.legal_basis_en, ...p.texts.legal_basis }),
    fee_krw: String(p.fee_krw), statutory_days: String(p.statutory_days), base_version: String(p.version),
  };
  v = withRows(v, 'stage', p.stages.map((s) => ({
    key: s.key, ...localizedFormValues('name', s.name), days: String(s.days), period: s.period_unit ?? 'working_days',
    unit: s.unit_code ?? '', parallel: s.parallel ? 'yes' : '',
  })));
  v = withRows(v, 'document', p.documents.map((d) => ({ key: d.key, name_ko: d.name.ko, name_en: d.name.en, required: d.required ? 'yes' : '' })));
  return withRows(v, 'field', p.fields.map((f) => ({
    key: f.key, label_ko: f.label.ko, label_en: f.label.en, type: f.type, required: f.required ? 'yes' : '', public: f.public ? 'yes' : '',
  })));
}

/** A new procedure's editor: one blank stage to start from. */
export function newProcedureValues(): Record<string, string> {
  return withRows({ statutory_days: '10', fee_krw: '0', base_version: '0' }, 'stage', [{ ...emptyRow('stage'), period: 'working_days' }]);
}
