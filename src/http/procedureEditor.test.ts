import { describe, expect, it } from 'vitest';
import type { ProcedureRow } from '../db/schema.js';
import { MAX_ROWS, applyOp, emptyRow, parseOp, procedureDraft, procedureFormValues, rowsOf, withRows } from './procedureEditor.js';

/** A form as the browser sends it: three stage rows, a document, a field. */
const form: Record<string, string> = {
  jurisdiction_id: 'TS', code: 'permit', category: 'building', unit_code: 'TS-BUILD', name_ko: '허가', name_en: 'Permit', statutory_days: '10', fee_krw: '0', base_version: '3',
  'stage.0.key': 'intake', 'stage.0.name_ko': '접수', 'stage.0.name_en': 'Intake', 'stage.0.days': '2', 'stage.0.period': 'working_days', 'stage.0.unit': '',
  'stage.1.key': 'fire', 'stage.1.name_ko': '소방', 'stage.1.name_en': 'Fire', 'stage.1.days': '8', 'stage.1.period': 'working_hours', 'stage.1.unit': 'TS-FIRE', 'stage.1.parallel': 'yes',
  'stage.2.key': 'decision', 'stage.2.name_ko': '결재', 'stage.2.name_en': 'Decision', 'stage.2.days': '1', 'stage.2.period': 'calendar_days', 'stage.2.unit': '',
  'document.0.key': 'plan', 'document.0.name_ko': '도면', 'document.0.name_en': 'Plans', 'document.0.required': 'yes',
  'field.0.key': 'area', 'field.0.label_ko': '면적', 'field.0.label_en': 'Area', 'field.0.type': 'number', 'field.0.public': 'yes',
};
const keys = (v: Record<string, string>) => rowsOf(v, 'stage').map((r) => r.key);

describe('the buttons of the procedure editor', () => {
  it.each<[string | undefined, ReturnType<typeof parseOp>]>([
    [undefined, { kind: 'save' }],
    ['save', { kind: 'save' }],
    ['add-stage', { kind: 'add', list: 'stage' }],
    ['add-field', { kind: 'add', list: 'field' }],
    ['remove-document-0', { kind: 'remove', list: 'document', index: 0 }],
    ['up-stage-2', { kind: 'up', list: 'stage', index: 2 }],
    ['down-stage-12', { kind: 'down', list: 'stage', index: 12 }],
    ['remove-stage', { kind: 'save' }],
    ['add-stage-3', { kind: 'save' }],
    ['drop-table', { kind: 'save' }],
    ['remove-stage-99999', { kind: 'save' }],
  ])('%s', (op, want) => expect(parseOp(op)).toEqual(want));
});

describe('changing rows keeps everything typed', () => {
  it.each<[string, Parameters<typeof applyOp>[1], string[], boolean]>([
    ['adds an empty row at the end', { kind: 'add', list: 'stage' }, ['intake', 'fire', 'decision', ''], true],
    ['removes the middle row', { kind: 'remove', list: 'stage', index: 1 }, ['intake', 'decision'], true],
    ['moves a row up', { kind: 'up', list: 'stage', index: 2 }, ['intake', 'decision', 'fire'], true],
    ['moves a row down', { kind: 'down', list: 'stage', index: 0 }, ['fire', 'intake', 'decision'], true],
    ['cannot move the first row up', { kind: 'up', list: 'stage', index: 0 }, ['intake', 'fire', 'decision'], false],
    ['cannot move the last row down', { kind: 'down', list: 'stage', index: 2 }, ['intake', 'fire', 'decision'], false],
    ['ignores a row that is not there', { kind: 'remove', list: 'stage', index: 7 }, ['intake', 'fire', 'decision'], false],
  ])('%s', (_name, op, want, changed) => {
    const out = applyOp(form, op);
    expect(keys(out.values)).toEqual(want);
    expect(out.changed).toBe(changed);
    // The procedure's own inputs and the other lists come back as they were typed.
    expect(out.values.name_en).toBe('Permit');
    expect(out.values.base_version).toBe('3');
    expect(rowsOf(out.values, 'document')).toEqual(rowsOf(form, 'document'));
  });

  it('moves a whole row, every input with it', () => {
    const moved = rowsOf(applyOp(form, { kind: 'up', list: 'stage', index: 1 }).values, 'stage')[0]!;
    expect(moved).toEqual({ ...emptyRow('stage'), key: 'fire', name_ko: '소방', name_en: 'Fire', days: '8', period: 'working_hours', unit: 'TS-FIRE', parallel: 'yes' });
  });

  it('keeps a blank row just added, so it can be filled in', () => {
    const added = applyOp(form, { kind: 'add', list: 'document' }).values;
    expect(rowsOf(added, 'document')).toHaveLength(2);
    expect(rowsOf(applyOp(added, { kind: 'add', list: 'document' }).values, 'document')).toHaveLength(3);
  });

  it('stops adding at the limit and reads no more rows than it', () => {
    let v: Record<string, string> = {};
    for (let i = 0; i < MAX_ROWS; i += 1) v = applyOp(v, { kind: 'add', list: 'field' }).values;
    expect(applyOp(v, { kind: 'add', list: 'field' }).changed).toBe(false);
    const flood = Object.fromEntries(Array.from({ length: 500 }, (_, i) => [`stage.${i}.key`, `s${i}`]));
    expect(rowsOf(flood, 'stage')).toHaveLength(MAX_ROWS);
  });

  it('reads rows in the order of their numbers, not of the body, and ignores inputs it does not know', () => {
    const v = { 'stage.10.key': 'ten', 'stage.2.key': 'two', 'stage.2.colour': 'red', 'stage.x.key': 'bad', 'stages.0.key': 'bad' };
    expect(rowsOf(v, 'stage').map((r) => [r.key, r.colour])).toEqual([['two', undefined], ['ten', undefined]]);
  });
});

describe('the editor’s form as a procedure draft', () => {
  it('reads each row into the data model', () => {
    const d = procedureDraft(form);
    expect(d.baseVersion).toBe(3);
    expect(d.stages).toEqual([
      { key: 'intake', name: { ko: '접수', en: 'Intake' }, days: 2, unit_code: null, parallel: false },
      { key: 'fire', name: { ko: '소방', en: 'Fire' }, days: 8, unit_code: 'TS-FIRE', parallel: true, period_unit: 'working_hours' },
      { key: 'decision', name: { ko: '결재', en: 'Decision' }, days: 1, unit_code: null, parallel: false, period_unit: 'calendar_days' },
    ]);
    expect(d.documents).toEqual([{ key: 'plan', name: { ko: '도면', en: 'Plans' }, required: true }]);
    expect(d.fields).toEqual([{ key: 'area', label: { ko: '면적', en: 'Area' }, type: 'number', required: false, public: true }]);
  });

  it.each([['', Number.NaN], ['2.5', Number.NaN], ['abc', Number.NaN], [' 7 ', 7], ['0', 0]])('a duration of “%s” reads as %s', (days, want) => {
    expect(procedureDraft(withRows({}, 'stage', [{ key: 'a', days }])).stages[0]!.days).toBe(want);
  });

  it('round-trips a stored version through the form', () => {
    const d = procedureDraft(form);
    const stored = {
      id: 1, jurisdiction_id: 'TS', code: 'permit', version: 3, category: 'building', unit_code: 'TS-BUILD', name_ko: '허가', name_en: 'Permit',
      purpose_ko: '', purpose_en: '', legal_basis_ko: '', legal_basis_en: '', fee_krw: 0, statutory_days: 10,
      stages: d.stages, documents: d.documents, fields: d.fields, texts: { name: { fr: 'Permis' } },
    } as unknown as ProcedureRow & { unit_code: string };
    const again = procedureDraft(procedureFormValues(stored));
    expect(again.stages).toEqual(d.stages);
    expect(again.documents).toEqual(d.documents);
    expect(again.fields).toEqual(d.fields);
    expect(again.baseVersion).toBe(3);
    expect(again.name).toEqual({ ko: '허가', en: 'Permit', fr: 'Permis' });
  });
});
