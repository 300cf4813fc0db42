import { describe, expect, it } from 'vitest';
import { checkProcedureDraft, type ProcedureDraft } from './saveProcedureVersion.js';
import type { PeriodUnitName, ProcedureStage } from '../../domain/types.js';
import { caseClock } from '../../domain/caseClock.js';
import { createCalendar } from '../../domain/calendar.js';

const stage = (key: string, over: Partial<ProcedureStage> = {}): ProcedureStage => ({ key, name: { ko: '접수', en: 'Intake' }, days: 2, unit_code: null, parallel: false, ...over });

describe('a stage period unit', () => {
  it('refuses an unknown period unit, naming the stage row', () => {
    const draft: ProcedureDraft = {
      jurisdictionId: 'j', code: 'x', category: 'building', unitCode: 'U', name: { ko: 'x', en: 'x' }, purpose: { ko: '', en: '' },
      legalBasis: { ko: '', en: '' }, feeKrw: 0, statutoryDays: 5, documents: [], fields: [], stages: [stage('a', { period_unit: 'fortnights' as PeriodUnitName })],
    };
    expect(checkProcedureDraft(draft, new Set(['U']))).toContainEqual({ field: 'stage.0.period', key: 'procedure_editor.stage_period', values: { n: 1 } });
  });
});

describe('a stage period in working hours or calendar days reaches the clock', () => {
  const calendar = createCalendar({ timeZone: 'Asia/Seoul', country: 'KR' });
  const events = [
    { seq: 1, type: 'received', occurredAt: '2026-03-02T01:00:00.000Z', data: {} },
    { seq: 2, type: 'stage_started', occurredAt: '2026-03-02T01:00:00.000Z', data: { stage: 'a' } },
  ];
  const dueOf = (unit?: 'working_hours' | 'calendar_days') =>
    caseClock({
      events,
      stages: [{ key: 'a', name: { ko: 'a', en: 'a' }, unit_code: null, days: 10, parallel: false, ...(unit ? { period_unit: unit } : {}) }],
      statutoryDays: 0,
      calendar,
      now: new Date('2026-03-02T02:00:00.000Z'),
    }).stages[0]!.due_at;

  it('gives three different due dates for 10 working days, 10 working hours and 10 calendar days', () => {
    const days = Date.parse(dueOf()!);
    const hours = Date.parse(dueOf('working_hours')!);
    const calendarDays = Date.parse(dueOf('calendar_days')!);
    expect(hours).toBeLessThan(calendarDays);
    expect(calendarDays).toBeLessThan(days);
  });
});

describe('what a person is told about a procedure draft', () => {
  const draft = (over: Partial<ProcedureDraft>): ProcedureDraft => ({
    jurisdictionId: 'j', code: 'permit', category: 'building', unitCode: 'U', name: { ko: '허가', en: 'Permit' }, purpose: { ko: '', en: '' },
    legalBasis: { ko: '', en: '' }, feeKrw: 0, statutoryDays: 5, documents: [], fields: [], stages: [stage('intake')], ...over,
  });
  const field = { key: 'area', label: { ko: '면적', en: 'Area' }, type: 'text' as const, required: false, public: false };
  it.each<[string, Partial<ProcedureDraft>, { field: string; key: string; values?: Record<string, unknown> }[]]>([
    ['a complete draft: nothing', {}, []],
    ['no stage at all', { stages: [] }, [{ field: 'stages', key: 'error.stages_required' }]],
    ['a stage without its English name is named by row and input, never saved with blanks', { stages: [stage('intake'), stage('review', { name: { ko: '검토', en: ' ' } })] }, [
      { field: 'stage.1.name_en', key: 'procedure_editor.stage_name_en', values: { n: 2 } },
    ]],
    ['a stage whose duration is not a whole number', { stages: [stage('intake', { days: Number.NaN })] }, [{ field: 'stage.0.days', key: 'procedure_editor.stage_days', values: { n: 1 } }]],
    ['a negative duration', { stages: [stage('intake', { days: -1 })] }, [{ field: 'stage.0.days', key: 'procedure_editor.stage_days' }]],
    ['a stage key used twice names the second row', { stages: [stage('intake'), stage('intake')] }, [{ field: 'stage.1.key', key: 'procedure_editor.stage_key_twice', values: { n: 2, key: 'intake' } }]],
    ['a malformed stage key', { stages: [stage('Intake Review')] }, [{ field: 'stage.0.key', key: 'procedure_editor.stage_key' }]],
    ['a stage worked by an unknown department', { stages: [stage('intake', { unit_code: 'NOPE' })] }, [{ field: 'stage.0.unit', key: 'procedure_editor.stage_unit' }]],
    ['a missing English name is named beside its own field', { name: { ko: '허가', en: ' ' } }, [{ field: 'name_en', key: 'error.required' }]],
    ['a document without its Korean name', { documents: [{ key: 'plan', name: { ko: '', en: 'Plans' }, required: true }] }, [{ field: 'document.0.name_ko', key: 'procedure_editor.document_name_ko' }]],
    ['a field without its labels names both inputs', { fields: [{ ...field, label: { ko: '', en: '' } }] }, [
      { field: 'field.0.label_ko', key: 'procedure_editor.field_name_ko' },
      { field: 'field.0.label_en', key: 'procedure_editor.field_name_en' },
    ]],
    ['a field of an unknown kind', { fields: [{ ...field, type: 'date' as never }] }, [{ field: 'field.0.type', key: 'procedure_editor.field_type' }]],
    ['more stages than a procedure may have', { stages: Array.from({ length: 41 }, (_, i) => stage(`s${i}`)) }, [{ field: 'stages', key: 'procedure_editor.too_many_rows' }]],
  ])('%s', (_name, over, expected) => {
    const issues = checkProcedureDraft(draft(over), new Set(['U']));
    for (const want of expected) expect(issues).toContainEqual(expect.objectContaining(want));
    if (!expected.length) expect(issues).toEqual([]);
  });
});
