import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createCalendar, plusDays, type Closure, type WorkingCalendar } from './calendar.js';
import {
  computeDeadline,
  KOREAN_CIVIL_PETITIONS_RULE,
  type ClockExtension,
  type ClockPause,
  type ExplanationStep,
  type Period,
  type PeriodUnit,
} from './deadline.js';
import { toRfc3339 } from './time.js';

const seoul = createCalendar({ timeZone: 'Asia/Seoul', country: 'KR' });
const paris = createCalendar({ timeZone: 'Europe/Paris', country: 'FR' });
const ms = (text: string) => Date.parse(text);

function pause(from: string, to: string | null): ClockPause {
  return { from: ms(from), to: to === null ? null : ms(to), requestedSeq: null, receivedSeq: null };
}

function due(
  start: string,
  amount: number,
  unit: PeriodUnit,
  more: { pauses?: ClockPause[]; extensions?: ClockExtension[]; calendar?: WorkingCalendar; now?: string } = {},
) {
  const calendar = more.calendar ?? seoul;
  const deadline = computeDeadline(calendar, {
    start: ms(start),
    startSource: 'received',
    startSeq: 1,
    period: { amount, unit },
    pauses: more.pauses ?? [],
    extensions: more.extensions ?? [],
    now: ms(more.now ?? '2030-01-01T00:00:00Z'),
  });
  return { ...deadline, at: toRfc3339(new Date(deadline.dueAt), calendar.timeZone) };
}

const stepsOf = <K extends ExplanationStep['step']>(steps: ExplanationStep[], kind: K) =>
  steps.filter((s): s is Extract<ExplanationStep, { step: K }> => s.step === kind);

describe('the Civil Petitions Act counting rule', () => {
  it.each<[string, string, number, PeriodUnit, string]>([
    // art. 19(2): six days or more are counted in days, the first day included.
    ['7 days from a Monday morning end on the next Tuesday', '2026-03-09T10:00:00+09:00', 7, 'working_days', '2026-03-17T23:59:59+09:00'],
    ['a start after working hours counts from the next working day', '2026-03-06T20:00:00+09:00', 7, 'working_days', '2026-03-17T23:59:59+09:00'],
    ['a start before opening counts its own day', '2026-03-09T07:00:00+09:00', 7, 'working_days', '2026-03-17T23:59:59+09:00'],
    ['a Saturday filing counts from Monday', '2026-03-07T11:00:00+09:00', 7, 'working_days', '2026-03-17T23:59:59+09:00'],
    ['10 days across Chuseok and a substitute holiday', '2026-09-21T10:00:00+09:00', 10, 'working_days', '2026-10-07T23:59:59+09:00'],
    ['6 days over a leap day', '2028-02-22T10:00:00+09:00', 6, 'working_days', '2028-02-29T23:59:59+09:00'],
    ['7 days over a leap day and 3·1절', '2028-02-22T10:00:00+09:00', 7, 'working_days', '2028-03-02T23:59:59+09:00'],
    ['6 days over Seollal 2026 (16–18 February, not 17–19)', '2026-02-09T10:00:00+09:00', 6, 'working_days', '2026-02-19T23:59:59+09:00'],
    ['20 days over Seollal and the 3·1절 substitute day', '2026-02-02T10:00:00+09:00', 20, 'working_days', '2026-03-05T23:59:59+09:00'],
    // art. 19(1): five days or less are counted in hours from the moment of receipt, 8 hours a day.
    ['3 days are 24 working hours, across Chuseok', '2026-09-23T15:00:00+09:00', 3, 'working_days', '2026-09-30T15:00:00+09:00'],
    ['1 day from a Friday afternoon', '2026-03-06T14:00:00+09:00', 1, 'working_days', '2026-03-09T14:00:00+09:00'],
    ['5 days from a Saturday start at Monday opening', '2026-03-07T11:00:00+09:00', 5, 'working_days', '2026-03-13T18:00:00+09:00'],
    ['working hours cross lunch', '2026-03-09T11:00:00+09:00', 4, 'working_hours', '2026-03-09T16:00:00+09:00'],
    ['working hours cross a night and a weekend', '2026-03-06T17:00:00+09:00', 4, 'working_hours', '2026-03-09T12:00:00+09:00'],
    // art. 19(3) and Civil Act art. 161: calendar periods count the first day and end on a working day.
    ['10 calendar days', '2026-09-14T10:00:00+09:00', 10, 'calendar_days', '2026-09-23T23:59:59+09:00'],
    ['11 calendar days end in Chuseok and move to Monday', '2026-09-14T10:00:00+09:00', 11, 'calendar_days', '2026-09-28T23:59:59+09:00'],
  ])('%s', (_, start, amount, unit, want) => {
    expect(due(start, amount, unit).at).toBe(want);
  });

  it('explains a working-day due date: rule, start, first day, every skipped day, due', () => {
    const { explanation } = due('2026-09-21T10:00:00+09:00', 10, 'working_days');
    expect(explanation[0]).toMatchObject({ step: 'period', amount: 10, counted_in: 'working_days', rule: 'kr_civil_petitions_act_art19' });
    expect(explanation[1]).toEqual({ step: 'start', at: '2026-09-21T10:00:00+09:00', date: '2026-09-21', source: 'received', seq: 1 });
    expect(explanation[2]).toEqual({ step: 'first_day', date: '2026-09-21', counted: true, why: 'first_day_counts' });
    expect(stepsOf(explanation, 'skipped_day').map((s) => `${s.date} ${s.kind} ${s.name.en}`)).toEqual([
      '2026-09-24 holiday Korean Thanksgiving',
      '2026-09-25 holiday Korean Thanksgiving',
      '2026-09-26 holiday Korean Thanksgiving',
      '2026-09-27 weekend Sunday',
      '2026-10-03 holiday National Foundation Day',
      '2026-10-04 weekend Sunday',
      '2026-10-05 holiday National Foundation Day',
    ]);
    expect(explanation.at(-1)).toEqual({
      step: 'due',
      at: '2026-10-07T23:59:59+09:00',
      date: '2026-10-07',
      counted_days: 10,
      working_minutes: null,
      provisional: false,
    });
  });

  it('explains an hour count with the hours per day it used', () => {
    const { explanation } = due('2026-09-23T15:00:00+09:00', 3, 'working_days');
    expect(explanation[0]).toMatchObject({ counted_in: 'working_hours', hours_per_day: 8 });
    expect(explanation.at(-1)).toMatchObject({ step: 'due', working_minutes: 24 * 60, counted_days: null });
    expect(explanation.some((s) => s.step === 'first_day')).toBe(false);
  });

  it('explains why a calendar period’s end moved', () => {
    const { explanation } = due('2026-09-14T10:00:00+09:00', 11, 'calendar_days');
    expect(stepsOf(explanation, 'end_moved')).toEqual([
      { step: 'end_moved', from: '2026-09-24', to: '2026-09-28', kind: 'holiday', source: 'library', name: { ko: '추석', en: 'Korean Thanksgiving' } },
    ]);
  });

  it('can leave out the first day under another rule', () => {
    const rule = { ...KOREAN_CIVIL_PETITIONS_RULE, id: 'civil_act_157', firstDayCounts: false };
    const deadline = computeDeadline(
      seoul,
      { start: ms('2026-03-09T10:00:00+09:00'), startSource: 'received', startSeq: 1, period: { amount: 7, unit: 'working_days' }, pauses: [], extensions: [], now: 0 },
      rule,
    );
    expect(deadline.dueDate).toBe('2026-03-18');
  });

  it('refuses a period that is not positive', () => {
    expect(() => due('2026-03-09T10:00:00+09:00', 0, 'working_days')).toThrow();
  });
});

describe('pauses', () => {
  const start = '2026-03-09T10:00:00+09:00'; // 7 working days: due Tuesday 17 March
  it.each<[string, ClockPause[], string]>([
    ['a pause within one day moves nothing', [pause('2026-03-10T10:00:00+09:00', '2026-03-10T16:00:00+09:00')], '2026-03-17'],
    ['Tuesday 10:00 to Thursday 10:00 leaves out two days', [pause('2026-03-10T10:00:00+09:00', '2026-03-12T10:00:00+09:00')], '2026-03-19'],
    ['Friday evening to Monday before opening moves nothing', [pause('2026-03-13T17:00:00+09:00', '2026-03-16T08:00:00+09:00')], '2026-03-17'],
    ['starting on a Saturday, ending Monday 10:00 leaves out Monday', [pause('2026-03-14T10:00:00+09:00', '2026-03-16T10:00:00+09:00')], '2026-03-18'],
    ['starting on a Sunday, ending at Wednesday opening leaves out Monday and Tuesday', [pause('2026-03-15T12:00:00+09:00', '2026-03-18T09:00:00+09:00')], '2026-03-19'],
    ['ending on a Sunday leaves out only working days', [pause('2026-03-12T17:00:00+09:00', '2026-03-15T12:00:00+09:00')], '2026-03-18'],
    ['after the due date moves nothing', [pause('2026-03-18T10:00:00+09:00', '2026-03-20T10:00:00+09:00')], '2026-03-17'],
  ])('%s', (_, pauses, want) => {
    expect(due(start, 7, 'working_days', { pauses }).dueDate).toBe(want);
  });

  it('lists the days it left out, with the working time it stopped', () => {
    const { explanation } = due(start, 7, 'working_days', {
      pauses: [{ ...pause('2026-03-10T10:00:00+09:00', '2026-03-12T10:00:00+09:00'), requestedSeq: 4, receivedSeq: 6 }],
    });
    expect(stepsOf(explanation, 'pause')).toEqual([
      {
        step: 'pause',
        from: '2026-03-10T10:00:00+09:00',
        to: '2026-03-12T10:00:00+09:00',
        requested_seq: 4,
        received_seq: 6,
        working_minutes: 16 * 60,
        days_not_counted: ['2026-03-11', '2026-03-12'],
      },
    ]);
  });

  it('adds exactly the paused working time to an hour count', () => {
    // 24 working hours from Monday 09:00 end Wednesday 18:00; eight paused hours move that to Thursday 18:00.
    const d = due('2026-03-09T09:00:00+09:00', 3, 'working_days', {
      pauses: [pause('2026-03-09T13:00:00+09:00', '2026-03-10T13:00:00+09:00')],
    });
    expect(d.at).toBe('2026-03-12T18:00:00+09:00');
  });

  it('makes the due date provisional while open, as if it ended now', () => {
    const d = due(start, 7, 'working_days', { pauses: [pause('2026-03-10T10:00:00+09:00', null)], now: '2026-03-12T11:00:00+09:00' });
    expect(d.provisional).toBe(true);
    expect(d.dueDate).toBe('2026-03-19');
    expect(stepsOf(d.explanation, 'pause')[0]).toMatchObject({ to: null, days_not_counted: ['2026-03-11', '2026-03-12'] });
    expect(d.explanation.at(-1)).toMatchObject({ provisional: true });
  });
});

describe('a holiday added after filing', () => {
  const start = '2026-03-09T10:00:00+09:00';
  const withClosure = (closures: Closure[]) => createCalendar({ timeZone: 'Asia/Seoul', country: 'KR', extraClosures: closures });

  it('moves the due date later by the working days it closes, and says why', () => {
    const d = due(start, 7, 'working_days', { calendar: withClosure([{ date: '2026-03-12', reason: { ko: '임시공휴일', en: 'Temporary holiday' }, kind: 'holiday' }]) });
    expect(d.dueDate).toBe('2026-03-18');
    expect(stepsOf(d.explanation, 'skipped_day')[0]).toEqual({
      step: 'skipped_day',
      date: '2026-03-12',
      kind: 'holiday',
      source: 'designated',
      name: { ko: '임시공휴일', en: 'Temporary holiday' },
      substitute: false,
    });
  });

  it('moves nothing when it falls on a weekend or after the due date', () => {
    const cal = withClosure([
      { date: '2026-03-14', reason: 'Saturday closure' },
      { date: '2026-03-20', reason: 'Later closure' },
    ]);
    expect(due(start, 7, 'working_days', { calendar: cal }).dueDate).toBe('2026-03-17');
  });

  it('moves an hour count by a working day', () => {
    const d = due('2026-03-09T14:00:00+09:00', 2, 'working_days', { calendar: withClosure([{ date: '2026-03-10', reason: 'Closure' }]) });
    expect(d.at).toBe('2026-03-12T14:00:00+09:00');
  });
});

describe('extensions', () => {
  const start = '2026-03-09T10:00:00+09:00'; // 7 working days: due Tuesday 17 March
  const extension = (atText: string, newDue: string, seq = 9): ClockExtension => ({
    seq,
    at: ms(atText),
    newDue: newDue.length === 10 ? seoul.endOfDay(newDue) : ms(newDue),
    reason: 'Consultation with the fire service',
    approvedBy: 'Park Ji-won, head of unit',
  });

  it('moves the due date to the approved date and explains it', () => {
    const d = due(start, 7, 'working_days', { extensions: [extension('2026-03-16T10:00:00+09:00', '2026-03-20')] });
    expect(d.dueDate).toBe('2026-03-20');
    expect(stepsOf(d.explanation, 'extension')).toEqual([
      {
        step: 'extension',
        seq: 9,
        at: '2026-03-16T10:00:00+09:00',
        approved_by: 'Park Ji-won, head of unit',
        reason: 'Consultation with the fire service',
        requested_due: '2026-03-20T23:59:59+09:00',
        previous_due: '2026-03-17T23:59:59+09:00',
        added: 3,
        added_unit: 'days',
        applied: true,
      },
    ]);
  });

  it('never moves a due date earlier', () => {
    const d = due(start, 7, 'working_days', { extensions: [extension('2026-03-10T10:00:00+09:00', '2026-03-13')] });
    expect(d.dueDate).toBe('2026-03-17');
    expect(stepsOf(d.explanation, 'extension')[0]).toMatchObject({ applied: false, added: 0 });
  });

  it('still lets a later pause move the extended date', () => {
    const d = due(start, 7, 'working_days', {
      extensions: [extension('2026-03-16T10:00:00+09:00', '2026-03-20')],
      pauses: [pause('2026-03-18T10:00:00+09:00', '2026-03-19T10:00:00+09:00')],
    });
    expect(d.dueDate).toBe('2026-03-23');
  });

  it('extends an hour count by working time', () => {
    // 16 working hours from Monday 10:00 end Wednesday 10:00; extending to Thursday 12:00 adds 10 working hours.
    const d = due('2026-03-09T10:00:00+09:00', 2, 'working_days', {
      extensions: [extension('2026-03-10T10:00:00+09:00', '2026-03-12T12:00:00+09:00')],
    });
    expect(d.at).toBe('2026-03-12T12:00:00+09:00');
    expect(stepsOf(d.explanation, 'extension')[0]).toMatchObject({ added: 10 * 60, added_unit: 'working_minutes' });
  });
});

describe('time zones and daylight saving', () => {
  it('ends a day count at the end of the local day after the clocks change', () => {
    const d = due('2026-03-23T10:00:00+01:00', 8, 'working_days', { calendar: paris });
    expect(d.at).toBe('2026-04-01T23:59:59+02:00');
  });

  it('counts hours over the autumn change exactly', () => {
    const d = due('2026-10-23T14:00:00+02:00', 1, 'working_days', { calendar: paris });
    expect(d.at).toBe('2026-10-26T14:00:00+01:00');
  });

  it('gives the same instant for the same filing whatever zone the input was written in', () => {
    const a = due('2026-03-09T10:00:00+09:00', 7, 'working_days');
    const b = due('2026-03-09T01:00:00Z', 7, 'working_days');
    expect(a.dueAt).toBe(b.dueAt);
  });
});

describe('invariants', () => {
  const units: PeriodUnit[] = ['working_days', 'working_hours', 'calendar_days'];
  const minute = 60_000;
  const base = ms('2026-01-01T00:00:00+09:00');
  const instant = (maxDays: number) => fc.integer({ min: 0, max: maxDays * 96 }).map((q) => base + q * 15 * minute);
  const period: fc.Arbitrary<Period> = fc.record({ amount: fc.integer({ min: 1, max: 30 }), unit: fc.constantFrom(...units) });
  const closedPause = fc
    .tuple(instant(400), fc.integer({ min: 1, max: 8 * 96 }))
    .map(([from, len]): ClockPause => ({ from, to: from + len * 15 * minute, requestedSeq: null, receivedSeq: null }));
  const compute = (cal: WorkingCalendar, start: number, p: Period, pauses: ClockPause[]) =>
    computeDeadline(cal, { start, startSource: 'received', startSeq: 1, period: p, pauses, extensions: [], now: start });

  it('a pause never moves a due date earlier', () => {
    fc.assert(
      fc.property(instant(365), period, fc.array(closedPause, { maxLength: 2 }), closedPause, (start, p, pauses, extra) => {
        const before = compute(seoul, start, p, pauses).dueAt;
        const after = compute(seoul, start, p, [...pauses, extra]).dueAt;
        expect(after).toBeGreaterThanOrEqual(before);
      }),
    );
  });

  it('a closure never moves a due date earlier', () => {
    fc.assert(
      fc.property(instant(365), period, fc.integer({ min: 0, max: 420 }), (start, p, day) => {
        const closed = createCalendar({ timeZone: 'Asia/Seoul', country: 'KR', extraClosures: [{ date: plusDays('2026-01-01', day), reason: 'x' }] });
        expect(compute(closed, start, p, []).dueAt).toBeGreaterThanOrEqual(compute(seoul, start, p, []).dueAt);
      }),
    );
  });

  it('an hour count consumes exactly its working time, pauses excluded', () => {
    fc.assert(
      fc.property(instant(365), fc.integer({ min: 1, max: 40 }), fc.array(closedPause, { maxLength: 3 }), (start, hours, pauses) => {
        const d = compute(seoul, start, { amount: hours, unit: 'working_hours' }, pauses);
        expect(seoul.workingMinutesBetweenMs(start, d.dueAt, d.stops)).toBeCloseTo(hours * 60, 6);
      }),
    );
  });

  it('a working-day count ends on a working day, never before its start', () => {
    fc.assert(
      fc.property(instant(365), fc.integer({ min: 6, max: 60 }), fc.array(closedPause, { maxLength: 2 }), (start, days, pauses) => {
        const d = compute(seoul, start, { amount: days, unit: 'working_days' }, pauses);
        expect(seoul.isWorkingDay(d.dueDate)).toBe(true);
        expect(d.dueAt).toBeGreaterThan(start);
      }),
    );
  });
});
