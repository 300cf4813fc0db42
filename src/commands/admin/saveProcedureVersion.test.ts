import { describe, expect, it } from 'vitest';
import { checkProcedureDraft, formatStages, parseStages, type ProcedureDraft } from './saveProcedureVersion.js';
import { caseClock } from '../../domain/caseClock.js';
import { createCalendar } from '../../domain/calendar.js';

describe('stage lines in the admin form', () => {
  it.each([
    ['intake | 접수 | Intake | 2 | - | no', { key: 'intake', days: 2, unit_code: null, parallel: false }],
    ['fire | 소방 | Fire | 5 | TS-FIRE | yes', { key: 'fire', days: 5, unit_code: 'TS-FIRE', parallel: true }],
    ['check | 확인 | Check | 8 | - | no | hours', { key: 'check', days: 8, period_unit: 'working_hours' }],
    ['notice | 공고 | Notice | 14 | - | no | calendar', { key: 'notice', days: 14, period_unit: 'calendar_days' }],
  ])('%s', (line, want) => {
    const [stage] = parseStages(line);
    expect(stage).toMatchObject(want);
    expect(formatStages([stage!])).toBe(line);
  });

  it('refuses an unknown period unit', () => {
    const draft: ProcedureDraft = {
      jurisdictionId: 'j', code: 'x', category: 'building', unitCode: 'U', name: { ko: 'x', en: 'x' }, purpose: { ko: '', en: '' },
      legalBasis: { ko: '', en: '' }, feeKrw: 0, statutoryDays: 5, documents: [], fields: [], stages: parseStages('a | 가 | A | 3 | - | no | fortnights'),
    };
    expect(checkProcedureDraft(draft, new Set(['U'])).map((i) => i.key)).toContain('error.period_unit');
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
    legalBasis: { ko: '', en: '' }, feeKrw: 0, statutoryDays: 5, documents: [], fields: [], stages: parseStages('intake | 접수 | Intake | 2 | - | no'), ...over,
  });
  it.each<[string, Partial<ProcedureDraft>, { field: string; key: string }[]]>([
    ['a complete draft: nothing', {}, []],
    ['a stage line with parts missing is named, never saved as a stage with blanks', { stages: parseStages('intake | 접수 | Intake | 2 | - | no\nreview | only two') }, [
      { field: 'stages', key: 'journey.procedure_stage_names' },
      { field: 'stages', key: 'journey.procedure_stage_period' },
    ]],
    ['a missing English name is named beside its own field', { name: { ko: '허가', en: ' ' } }, [{ field: 'name_en', key: 'error.required' }]],
    ['a field line without its labels names the fields list', { fields: [{ key: 'area', label: { ko: '', en: '' }, type: 'text', required: false, public: false }] }, [
      { field: 'fields', key: 'journey.procedure_line_names' },
    ]],
  ])('%s', (_name, over, expected) => {
    const issues = checkProcedureDraft(draft(over), new Set(['U']));
    for (const want of expected) expect(issues).toContainEqual(expect.objectContaining(want));
    if (!expected.length) expect(issues).toEqual([]);
  });
});
