import { describe, expect, it } from 'vitest';
import { arrangeQueue, queueDue, readQueueQuery, type QueueFacts } from './queue.js';
import { caseClock } from './caseClock.js';
import { createCalendar } from './calendar.js';
import type { ClockEvent, PeriodClock } from './clock.js';
import type { ProcedureStage } from './types.js';

const row = (number: string, received: string, due: string | null, overdue = false, title = number): QueueFacts => ({
  number, title, received_at: new Date(received), due_at: due, overdue,
});
const ROWS = [
  row('A', '2026-01-05', '2026-02-01'),
  row('B', '2026-01-01', '2026-03-01'),
  row('C', '2026-01-10', '2026-01-20', true, 'Corner bakery'),
  row('D', '2026-01-03', null),
];

describe('arrangeQueue', () => {
  it.each<[string, Record<string, string>, string[]]>([
    ['by default: overdue first, then the nearest due date, cases without one last', {}, ['C', 'A', 'B', 'D']],
    ['oldest first, as received', { sort: 'oldest' }, ['B', 'D', 'A', 'C']],
    ['newest first', { sort: 'newest' }, ['C', 'A', 'D', 'B']],
    ['overdue only', { overdue: '1' }, ['C']],
    ['words in the title, any case', { q: 'BAKERY' }, ['C']],
    ['words in the number', { q: 'b' }, ['C', 'B']],
    ['an unknown order falls back to the default', { sort: 'sideways' }, ['C', 'A', 'B', 'D']],
  ])('%s', (_name, query, expected) => {
    expect(arrangeQueue(ROWS, readQueueQuery(query)).map((r) => r.number)).toEqual(expected);
  });

  it('keeps the given rows untouched', () => {
    const copy = [...ROWS];
    arrangeQueue(ROWS, readQueueQuery({ sort: 'newest' }));
    expect(ROWS).toEqual(copy);
  });
});

describe('queueDue: one clock for the overdue mark and the due date', () => {
  const calendar = createCalendar({ timeZone: 'Asia/Seoul', country: 'KR' });
  const stages: ProcedureStage[] = [
    { key: 'review', name: { ko: '검토', en: 'Review' }, unit_code: null, days: 2, parallel: false },
    { key: 'decision', name: { ko: '결재', en: 'Decision' }, unit_code: null, days: 1, parallel: false },
  ];
  const base: ClockEvent[] = [
    { seq: 1, type: 'received', occurredAt: '2026-03-02T01:00:00.000Z', data: {} },
    { seq: 2, type: 'stage_started', occurredAt: '2026-03-02T01:00:00.000Z', data: { stage: 'review' } },
  ];
  const extended = (newDue: string, stage: string | null): ClockEvent => ({ seq: 3, type: 'deadline_extended', occurredAt: '2026-03-05T01:00:00.000Z', data: { stage, new_due: newDue, reason: 'x', approved_by: 'y' } });
  const at = (events: typeof base, now: string) => {
    const clock = caseClock({ events, stages, statutoryDays: 20, calendar, now: new Date(now), options: { explain: false } });
    return { clock, due: queueDue(clock) };
  };

  it.each<[string, typeof base, string, { stage: string | null; overdue: boolean }]>([
    ['a stage in time: its date, nearer than the application’s', base, '2026-03-03T01:00:00.000Z', { stage: 'review', overdue: false }],
    ['a stage past its date while the application is in time: the stage’s date, marked overdue', base, '2026-03-10T01:00:00.000Z', { stage: 'review', overdue: true }],
    ['the stage extended past now: no longer overdue, and the date moves with it', [...base, extended('2026-03-20', 'review')], '2026-03-10T01:00:00.000Z', { stage: 'review', overdue: false }],
    ['the application’s date is nearer than an extended stage’s: the application’s', [...base, extended('2026-05-29', 'review')], '2026-03-10T01:00:00.000Z', { stage: null, overdue: false }],
  ])('%s', (_name, events, now, want) => {
    const { clock, due } = at(events, now);
    expect(due).toMatchObject(want);
    // The date shown is the very clock whose state marks the row.
    const source = want.stage === null ? clock.application : clock.stages.find((s) => s.stage === want.stage)!;
    expect(due.due_at).toBe(source.due_at);
    expect(due.overdue).toBe(Date.parse(due.due_at!) < Date.parse(now));
  });

  it('shows no date and no mark when no clock runs', () => {
    const stopped = { status: 'finished', due_at: '2026-01-01T00:00:00.000Z', state: 'overdue', stage: null, due_provisional: false } as unknown as PeriodClock;
    expect(queueDue({ application: stopped, stages: [] })).toEqual({ due_at: null, stage: null, overdue: false, provisional: false });
  });
});
