import { describe, expect, it } from 'vitest';
import { createCalendar } from './calendar.js';
import { computeClock, type ClockEvent, type ClockProcedure } from './clock.js';
import { stagePlan, type StagePlan } from './stagePlan.js';

const seoul = createCalendar({ timeZone: 'Asia/Seoul', country: 'KR' });

/** A building use approval as in the demo: 7 working days in all; intake 1, site inspection 3, decision 1. */
const useApproval: ClockProcedure = {
  statutory_days: 7,
  stages: [
    { key: 'intake', days: 1 },
    { key: 'site', days: 3 },
    { key: 'decide', days: 1 },
  ],
};
/** Review, then consultation and site inspection side by side, then decision; 20 working days in all. */
const permit: ClockProcedure = {
  statutory_days: 20,
  stages: [
    { key: 'review', days: 7 },
    { key: 'consult', days: 3, parallel: true },
    { key: 'site', days: 2, parallel: true },
    { key: 'decide', days: 2 },
  ],
};

/** Events as `[type, occurredAt, data]`, numbered in order; received Friday 20 November 2026 09:38 unless given. */
function events(...rest: [string, string, Record<string, unknown>?][]): ClockEvent[] {
  const all: [string, string, Record<string, unknown>?][] = [['received', '2026-11-20T09:38:00+09:00'], ...rest];
  return all.map(([type, occurredAt, data], i) => ({ seq: i + 1, type, occurredAt, data: data ?? {} }));
}

function plan(proc: ClockProcedure, history: ClockEvent[], now: string): StagePlan {
  const clock = computeClock({ events: history, procedure: proc, calendar: seoul, now: new Date(now) });
  return stagePlan(clock, proc.stages.map((s) => ({ key: s.key, parallel: s.parallel ?? false })));
}

const kinds = (p: StagePlan) => Object.fromEntries([...p.starts].map(([k, s]) => [k, s.kind === 'waiting' ? `waiting:${s.waitingFor.join('+')}` : s.kind]));

describe('where a stage not yet started stands', () => {
  it.each<[string, ClockProcedure, ClockEvent[], string, Record<string, string>]>([
    ['on plan: the first stage runs, the rest are expected', useApproval, events(['stage_started', '2026-11-20T09:40:00+09:00', { stage: 'intake' }]), '2026-11-20T10:00:00+09:00', { site: 'expected', decide: 'expected' }],
    ['nobody started the first stage four days after receipt (2026-DB-0000594)', useApproval, events(), '2026-11-24T17:40:00+09:00', { intake: 'late', site: 'expected', decide: 'expected' }],
    ['the first stage runs past its due date: the next waits for it', useApproval, events(['stage_started', '2026-11-20T09:40:00+09:00', { stage: 'intake' }]), '2026-11-24T17:40:00+09:00', { site: 'waiting:intake', decide: 'expected' }],
    ['the first stage ended, the next was not started for days', useApproval, events(['stage_started', '2026-11-20T09:40:00+09:00', { stage: 'intake' }], ['stage_completed', '2026-11-20T15:00:00+09:00', { stage: 'intake' }]), '2026-11-24T17:40:00+09:00', { site: 'late', decide: 'expected' }],
    ['a paused late stage still holds the next one', useApproval, events(['stage_started', '2026-11-20T09:40:00+09:00', { stage: 'intake' }], ['supplement_requested', '2026-11-24T10:00:00+09:00', { stage: 'intake' }]), '2026-11-24T17:40:00+09:00', { site: 'waiting:intake', decide: 'expected' }],
    ['parallel stages wait for the stage before their group, not for each other', permit, events(['stage_started', '2026-11-20T09:40:00+09:00', { stage: 'review' }]), '2026-12-10T10:00:00+09:00', { consult: 'waiting:review', site: 'waiting:review', decide: 'expected' }],
    ['of two parallel stages only one was started: the other is late to start', permit, events(['stage_started', '2026-11-20T09:40:00+09:00', { stage: 'review' }], ['stage_completed', '2026-11-25T10:00:00+09:00', { stage: 'review' }], ['stage_started', '2026-11-25T11:00:00+09:00', { stage: 'consult' }]), '2026-12-10T10:00:00+09:00', { site: 'late', decide: 'expected' }],
    ['a closed case has nothing pending', useApproval, events(['withdrawn', '2026-11-23T10:00:00+09:00']), '2026-11-24T17:40:00+09:00', {}],
  ])('%s', (_, proc, history, now, expected) => {
    expect(kinds(plan(proc, history, now))).toEqual(expected);
  });

  it('keeps the expected start it was given, for the words "was expected to start on …"', () => {
    const p = plan(useApproval, events(), '2026-11-24T17:40:00+09:00');
    expect(p.starts.get('intake')).toEqual({ kind: 'late', at: '2026-11-20T09:38:00+09:00' });
  });
});

describe('stages planned past the application’s due date', () => {
  it.each<[string, ClockProcedure, ClockEvent[], string, { stage: string; due_at: string }[]]>([
    ['on plan: every stage ends before the due date', useApproval, events(['stage_started', '2026-11-20T09:40:00+09:00', { stage: 'intake' }]), '2026-11-20T10:00:00+09:00', []],
    // Due 30 November (7 working days from Friday 20 November, the first day counted); counting the 5 planned
    // days from now (Tuesday 24th, 17:40) ends the decision on Tuesday 1 December.
    ['the first stage started four days late (2026-DB-0000594)', useApproval, events(), '2026-11-24T17:40:00+09:00', [{ stage: 'decide', due_at: '2026-12-01T17:40:00+09:00' }]],
    ['a running stage already past the application’s due date is named too', useApproval, events(['stage_started', '2026-11-20T09:40:00+09:00', { stage: 'intake' }], ['deadline_extended', '2026-11-20T10:00:00+09:00', { stage: 'intake', new_due: '2026-12-02T18:00:00+09:00', reason: 'Fire service', approved_by: 'Head' }]), '2026-11-20T11:00:00+09:00', [
      { stage: 'intake', due_at: '2026-12-02T18:00:00+09:00' },
      { stage: 'site', due_at: '2026-12-07T18:00:00+09:00' },
      { stage: 'decide', due_at: '2026-12-08T18:00:00+09:00' },
    ]],
    ['a closed case promises nothing more', useApproval, events(['withdrawn', '2026-11-23T10:00:00+09:00']), '2026-11-24T17:40:00+09:00', []],
  ])('%s', (_, proc, history, now, expected) => {
    expect(plan(proc, history, now).beyondDue).toEqual(expected);
  });
});
