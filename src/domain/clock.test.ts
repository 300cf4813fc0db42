import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { createCalendar, type WorkingCalendar } from './calendar.js';
import { nextDueAt, overdueSince, overdueStages } from './caseClock.js';
import { computeClock, type ClockEvent, type ClockProcedure, type PeriodClock } from './clock.js';
import { queueDue } from './queue.js';

const seoul = createCalendar({ timeZone: 'Asia/Seoul', country: 'KR' });

/** A building permit: 20 working days in all; review, then consultation and site inspection side by side, then decision. */
const procedure: ClockProcedure = {
  statutory_days: 20,
  stages: [
    { key: 'review', days: 7 },
    { key: 'consult', days: 3, parallel: true },
    { key: 'site', days: 2, parallel: true },
    { key: 'decide', days: 2 },
  ],
};

let seq = 0;
function ev(type: string, occurredAt: string, data: Record<string, unknown> = {}): ClockEvent {
  return { seq: ++seq, type, occurredAt, data };
}

/** Received Monday 9 March 2026 10:00 (due 3 April), review started at 11:00 (due Tuesday 17 March). */
function filed(...more: [string, string, Record<string, unknown>?][]): ClockEvent[] {
  seq = 0;
  return [
    ev('received', '2026-03-09T10:00:00+09:00'),
    ev('stage_started', '2026-03-09T11:00:00+09:00', { stage: 'review' }),
    ...more.map(([type, at, data]) => ev(type, at, data)),
  ];
}

function clock(events: ClockEvent[], now: string, calendar: WorkingCalendar = seoul, proc: ClockProcedure = procedure) {
  return computeClock({ events, procedure: proc, calendar, now: new Date(now) });
}

const stage = (c: ReturnType<typeof clock>, key: string): PeriodClock => c.stages.find((s) => s.stage === key)!;

describe('state of a running stage', () => {
  it.each([
    ['two working days before the due date', '2026-03-13T10:00:00+09:00', 'on_time'],
    ['the working day before', '2026-03-16T10:00:00+09:00', 'due_soon'],
    ['on the due date', '2026-03-17T17:59:00+09:00', 'due_soon'],
    ['an hour of working time late', '2026-03-18T10:00:00+09:00', 'overdue'],
    ['just under half the period late (27.5 working hours)', '2026-03-23T13:30:00+09:00', 'overdue'],
    ['half the period late (28 working hours)', '2026-03-23T14:00:00+09:00', 'long_overdue'],
  ])('%s: %s', (_, now, state) => {
    const c = clock(filed(), now);
    expect(stage(c, 'review').state).toBe(state);
    expect(stage(c, 'review').due_at).toBe('2026-03-17T23:59:59+09:00');
  });

  it('is long overdue after ten working days at most, however long the period', () => {
    seq = 0;
    const events = [ev('received', '2026-03-09T10:00:00+09:00')];
    const long = { statutory_days: 60, stages: [] };
    const due = clock(events, '2026-03-09T10:00:00+09:00', seoul, long).application.due_date!;
    const tenDaysLate = seoul.addWorkingDays(new Date(seoul.endOfDay(due)), 10);
    const nineDaysLate = seoul.addWorkingDays(new Date(seoul.endOfDay(due)), 9);
    expect(clock(events, nineDaysLate.toISOString(), seoul, long).application.state).toBe('overdue');
    expect(clock(events, tenDaysLate.toISOString(), seoul, long).application.state).toBe('long_overdue');
  });

  it('is due soon in the last quarter of an hour count, at most a working day', () => {
    // consult is 3 days = 24 working hours, started Monday 16 March 09:00: due Wednesday 18:00; due soon with six
    // working hours left (a quarter of 24), from 11:00.
    const events = filed(
      ['stage_completed', '2026-03-13T17:00:00+09:00', { stage: 'review' }],
      ['stage_started', '2026-03-16T09:00:00+09:00', { stage: 'consult' }],
    );
    expect(stage(clock(events, '2026-03-18T10:30:00+09:00'), 'consult').state).toBe('on_time');
    expect(stage(clock(events, '2026-03-18T11:00:00+09:00'), 'consult').state).toBe('due_soon');
    expect(stage(clock(events, '2026-03-18T13:00:00+09:00'), 'consult').state).toBe('due_soon');
    expect(stage(clock(events, '2026-03-18T13:00:00+09:00'), 'consult').due_at).toBe('2026-03-18T18:00:00+09:00');
  });
});

describe('the application clock', () => {
  it('runs from receipt over the statutory period', () => {
    const c = clock(filed(), '2026-03-10T10:00:00+09:00');
    expect(c.application).toMatchObject({
      stage: null,
      status: 'running',
      started_at: '2026-03-09T10:00:00+09:00',
      due_at: '2026-04-03T23:59:59+09:00',
      due_date: '2026-04-03',
      state: 'on_time',
      elapsed_working_minutes: 480,
      paused_working_minutes: 0,
    });
  });

  it('finishes at the decision, on time or not, and closes every stage', () => {
    const events = filed(
      ['stage_completed', '2026-03-16T15:00:00+09:00', { stage: 'review' }],
      ['stage_started', '2026-03-17T09:00:00+09:00', { stage: 'consult' }],
      ['decision', '2026-03-18T10:00:00+09:00', { stage: 'consult', outcome: 'rejected' }],
    );
    const c = clock(events, '2026-05-01T10:00:00+09:00');
    expect(c.application).toMatchObject({ status: 'finished', finished_on_time: true, state: null, finished_at: '2026-03-18T10:00:00+09:00' });
    expect(c.stages.map((s) => `${s.stage} ${s.status} ${s.finished_on_time}`)).toEqual([
      'review finished true',
      'consult finished true',
      'site skipped null',
      'decide skipped null',
    ]);
    expect(c.next_stage).toBeNull();
  });

  it('marks a stage finished late, with how late', () => {
    const c = clock(filed(['stage_completed', '2026-03-18T10:00:00+09:00', { stage: 'review' }]), '2026-03-20T10:00:00+09:00');
    expect(stage(c, 'review')).toMatchObject({ status: 'finished', finished_on_time: false, late_working_minutes: 60, state: null });
  });

  it('stops at a withdrawal, closing a pause that was open', () => {
    const events = filed(
      ['supplement_requested', '2026-03-10T10:00:00+09:00', { stage: 'review' }],
      ['withdrawn', '2026-03-12T10:00:00+09:00'],
    );
    const c = clock(events, '2026-04-20T10:00:00+09:00');
    expect(c.application).toMatchObject({ status: 'withdrawn', finished_on_time: null, state: null, elapsed_working_minutes: 480 });
    expect(stage(c, 'review')).toMatchObject({ status: 'withdrawn', paused_intervals: [{ from: '2026-03-10T10:00:00+09:00', to: '2026-03-12T10:00:00+09:00' }] });
  });

  it('throws on a history that does not start with received', () => {
    expect(() => computeClock({ events: [], procedure, calendar: seoul, now: new Date() })).toThrow(/received/);
  });
});

describe('pauses', () => {
  const events = filed(
    ['supplement_requested', '2026-03-10T10:00:00+09:00', { stage: 'review' }],
    ['supplement_received', '2026-03-12T10:00:00+09:00', { stage: 'review' }],
  );

  it('stop the application and the stage, and are never counted', () => {
    const c = clock(events, '2026-03-13T10:00:00+09:00');
    for (const k of [c.application, stage(c, 'review')]) {
      expect(k.paused_working_minutes).toBe(16 * 60);
      expect(k.paused_intervals).toEqual([{ from: '2026-03-10T10:00:00+09:00', to: '2026-03-12T10:00:00+09:00' }]);
    }
    expect(c.application.elapsed_working_minutes).toBe(4 * 480 - 16 * 60);
    expect(c.application.due_date).toBe('2026-04-07');
    expect(stage(c, 'review').due_date).toBe('2026-03-19');
  });

  it('leave other stages alone', () => {
    const parallel = filed(
      ['stage_completed', '2026-03-13T17:00:00+09:00', { stage: 'review' }],
      ['stage_started', '2026-03-16T09:00:00+09:00', { stage: 'consult' }],
      ['stage_started', '2026-03-16T09:00:00+09:00', { stage: 'site' }],
      ['supplement_requested', '2026-03-16T10:00:00+09:00', { stage: 'site' }],
    );
    const c = clock(parallel, '2026-03-17T10:00:00+09:00');
    expect(stage(c, 'site')).toMatchObject({ status: 'paused', due_provisional: true, paused_working_minutes: 480 });
    expect(stage(c, 'consult')).toMatchObject({ status: 'running', due_provisional: false, paused_working_minutes: 0 });
    expect(c.application.status).toBe('paused');
  });

  it('an open pause makes the due date provisional, as if the pause ended now', () => {
    const open = filed(['supplement_requested', '2026-03-10T10:00:00+09:00', { stage: 'review' }]);
    const c = clock(open, '2026-03-30T10:00:00+09:00');
    // Counted: 9 and 10 March, then from 31 March (30 March opened while still paused).
    expect(stage(c, 'review')).toMatchObject({ status: 'paused', state: 'on_time', due_provisional: true, due_date: '2026-04-06' });
  });

  it('a pause after the due date keeps the stage overdue and is not counted as lateness', () => {
    const open = filed(['supplement_requested', '2026-03-19T10:00:00+09:00', { stage: 'review' }]);
    const c = clock(open, '2026-04-10T10:00:00+09:00');
    expect(stage(c, 'review')).toMatchObject({ status: 'paused', state: 'overdue', due_date: '2026-03-17', late_working_minutes: 480 + 60 });
  });
});

describe('extensions, delay reasons and transfers', () => {
  it('moves a stage’s due date and publishes who approved it and why', () => {
    const events = filed([
      'deadline_extended',
      '2026-03-16T10:00:00+09:00',
      { stage: 'review', new_due: '2026-03-24', reason: 'Fire service consultation', approved_by: 'Park Ji-won' },
    ]);
    const c = clock(events, '2026-03-18T10:00:00+09:00');
    expect(stage(c, 'review')).toMatchObject({ due_date: '2026-03-24', state: 'on_time' });
    expect(stage(c, 'review').explanation.find((s) => s.step === 'extension')).toMatchObject({
      reason: 'Fire service consultation',
      approved_by: 'Park Ji-won',
      applied: true,
    });
    expect(c.application.due_date).toBe('2026-04-03');
  });

  it('extends the application when the stage is null', () => {
    const events = filed([
      'deadline_extended',
      '2026-03-20T10:00:00+09:00',
      { stage: null, new_due: '2026-04-10T18:00:00+09:00', reason: 'Large project', approved_by: 'Park Ji-won' },
    ]);
    expect(clock(events, '2026-03-20T11:00:00+09:00').application.due_date).toBe('2026-04-10');
  });

  it('rejects an extension without a readable date', () => {
    const events = filed(['deadline_extended', '2026-03-20T10:00:00+09:00', { stage: null, new_due: 'soon', reason: 'x', approved_by: 'y' }]);
    expect(() => clock(events, '2026-03-20T11:00:00+09:00')).toThrow(/new_due/);
  });

  it('attaches delay reasons and counts transfers without touching the clock', () => {
    const events = filed(
      ['transferred', '2026-03-10T10:00:00+09:00', { from_unit: 'BLD', to_unit: 'ENV', reason: 'Wrong unit' }],
      ['transferred', '2026-03-11T10:00:00+09:00', { from_unit: 'ENV', to_unit: 'BLD', reason: 'Back again' }],
      ['delay_reason_given', '2026-03-18T10:00:00+09:00', { stage: 'review', reason: 'Waiting for the fire service' }],
      ['delay_reason_given', '2026-03-18T10:30:00+09:00', { stage: 'review', category: 'site_inspection' }],
      ['delay_reason_given', '2026-03-18T10:40:00+09:00', { stage: 'review', category: 'no_such_category', reason: 'Typed elsewhere' }],
    );
    const c = clock(events, '2026-03-18T11:00:00+09:00');
    expect(c.transfer_count).toBe(2);
    expect(c.transfers[1]).toEqual({ seq: 4, at: '2026-03-11T10:00:00+09:00', from_unit: 'ENV', to_unit: 'BLD', reason: 'Back again' });
    // A reason from before categories is "not stated"; one with only a category has no text; an unknown one is not stated.
    expect(stage(c, 'review').delay_reasons).toEqual([
      { seq: 5, at: '2026-03-18T10:00:00+09:00', reason: 'Waiting for the fire service', category: 'not_stated' },
      { seq: 6, at: '2026-03-18T10:30:00+09:00', reason: '', category: 'site_inspection' },
      { seq: 7, at: '2026-03-18T10:40:00+09:00', reason: 'Typed elsewhere', category: 'not_stated' },
    ]);
    expect(stage(c, 'review').due_date).toBe('2026-03-17');
  });
});

describe('expected start of the next stages', () => {
  it('is the due date of the current stage while it runs', () => {
    const c = clock(filed(), '2026-03-10T10:00:00+09:00');
    expect(c.next_stage).toEqual({ stage: 'consult', expected_start_at: '2026-03-17T23:59:59+09:00' });
    // Parallel stages expect the same start; the stage after them waits for the later of the two.
    expect(stage(c, 'site').expected_start_at).toBe('2026-03-17T23:59:59+09:00');
    expect(stage(c, 'consult').due_at).toBe('2026-03-20T18:00:00+09:00');
    expect(stage(c, 'site').due_at).toBe('2026-03-19T18:00:00+09:00');
    expect(stage(c, 'decide').expected_start_at).toBe('2026-03-20T18:00:00+09:00');
    expect(stage(c, 'decide')).toMatchObject({ status: 'pending', state: null, due_provisional: true });
    expect(stage(c, 'decide').explanation[1]).toMatchObject({ step: 'start', source: 'projected' });
  });

  it('is the completion of the current stage once it has finished', () => {
    const c = clock(filed(['stage_completed', '2026-03-12T15:00:00+09:00', { stage: 'review' }]), '2026-03-12T16:00:00+09:00');
    expect(c.next_stage).toEqual({ stage: 'consult', expected_start_at: '2026-03-12T15:00:00+09:00' });
  });
});

describe('recomputation', () => {
  it('moves the due dates later when a holiday is added after filing', () => {
    const events = filed();
    const before = clock(events, '2026-03-10T10:00:00+09:00');
    const closed = createCalendar({
      timeZone: 'Asia/Seoul',
      country: 'KR',
      extraClosures: [{ date: '2026-03-12', reason: { ko: '임시공휴일', en: 'Temporary holiday' }, kind: 'holiday' }],
    });
    const after = clock(events, '2026-03-10T10:00:00+09:00', closed);
    expect([before.application.due_date, stage(before, 'review').due_date]).toEqual(['2026-04-03', '2026-03-17']);
    expect([after.application.due_date, stage(after, 'review').due_date]).toEqual(['2026-04-06', '2026-03-18']);
    expect(stage(after, 'review').explanation).toContainEqual(
      expect.objectContaining({ step: 'skipped_day', date: '2026-03-12', name: { ko: '임시공휴일', en: 'Temporary holiday' } }),
    );
  });

  it('is plain JSON: it survives a round trip unchanged', () => {
    const events = filed(
      ['supplement_requested', '2026-03-10T10:00:00+09:00', { stage: 'review' }],
      ['supplement_received', '2026-03-12T10:00:00+09:00', { stage: 'review' }],
      ['deadline_extended', '2026-03-16T10:00:00+09:00', { stage: 'review', new_due: '2026-03-24', reason: 'r', approved_by: 'a' }],
    );
    const c = clock(events, '2026-03-18T10:00:00+09:00');
    expect(JSON.parse(JSON.stringify(c))).toEqual(c);
    expect(Object.keys(c.application)).toEqual([
      'stage',
      'status',
      'period',
      'started_at',
      'expected_start_at',
      'finished_at',
      'due_at',
      'due_date',
      'due_provisional',
      'state',
      'finished_on_time',
      'elapsed_working_minutes',
      'paused_working_minutes',
      'late_working_minutes',
      'paused_intervals',
      'delay_reasons',
      'explanation',
    ]);
  });

  it('gives the same dates and states without explanations', () => {
    const events = filed(['supplement_requested', '2026-03-10T10:00:00+09:00', { stage: 'review' }]);
    const full = clock(events, '2026-03-18T10:00:00+09:00');
    const lean = computeClock({ events, procedure, calendar: seoul, now: new Date('2026-03-18T10:00:00+09:00'), options: { explain: false } });
    const strip = (c: typeof full) => [c.application, ...c.stages].map(({ explanation: _, ...rest }) => rest);
    expect(strip(lean)).toEqual(strip(full));
    expect([lean.application, ...lean.stages].every((k) => k.explanation.length === 0)).toBe(true);
  });

  it('publishes times in the jurisdiction’s offset across daylight saving', () => {
    const paris = createCalendar({ timeZone: 'Europe/Paris', country: 'FR' });
    seq = 0;
    const events = [ev('received', '2026-03-23T10:00:00+01:00'), ev('stage_started', '2026-03-23T10:00:00+01:00', { stage: 'review' })];
    const c = clock(events, '2026-03-30T10:00:00+02:00', paris);
    expect(c.computed_at).toBe('2026-03-30T10:00:00+02:00');
    expect(stage(c, 'review').due_at).toBe('2026-03-31T23:59:59+02:00');
    // Monday 10:00–18:00 less lunch, four full days, and Monday 09:00–10:00 after the clocks changed.
    expect(stage(c, 'review').elapsed_working_minutes).toBe(420 + 4 * 480 + 60);
  });
});

describe('invariants', () => {
  const zone = 'Asia/Seoul';
  const quarter = 15 * 60_000;
  const base = Date.parse('2026-01-05T00:00:00+09:00');

  /** Naive reference: walk quarter-hours and count those in working hours, on working days, outside pauses. */
  function naiveWorkingMinutes(from: number, to: number, pauses: { from: number; to: number }[]): number {
    let minutes = 0;
    for (let t = from; t < to; t += quarter) {
      const local = DateTime.fromMillis(t, { zone });
      const m = local.hour * 60 + local.minute;
      const inHours = (m >= 540 && m < 720) || (m >= 780 && m < 1080);
      if (inHours && seoul.isWorkingDay(local.toISODate()!) && !pauses.some((p) => p.from <= t && t < p.to)) minutes += 15;
    }
    return minutes;
  }

  const history = fc
    .record({
      received: fc.integer({ min: 0, max: 300 * 96 }),
      gaps: fc.array(fc.integer({ min: 1, max: 4 * 96 }), { maxLength: 6 }),
      tail: fc.integer({ min: 0, max: 6 * 96 }),
    })
    .map(({ received, gaps, tail }) => {
      const start = base + received * quarter;
      const marks: number[] = [];
      let t = start;
      for (const g of gaps) marks.push((t += g * quarter));
      return { start, marks, now: t + tail * quarter };
    });

  function eventsOf(start: number, marks: number[]): ClockEvent[] {
    seq = 0;
    const iso = (ms: number) => new Date(ms).toISOString();
    const events = [ev('received', iso(start)), ev('stage_started', iso(start), { stage: 'review' })];
    marks.forEach((m, i) => events.push(ev(i % 2 === 0 ? 'supplement_requested' : 'supplement_received', iso(m), { stage: 'review' })));
    return events;
  }

  it('never counts paused time: elapsed working time matches a naive count outside the pauses', () => {
    fc.assert(
      fc.property(history, ({ start, marks, now }) => {
        const pauses: { from: number; to: number }[] = [];
        for (let i = 0; i < marks.length; i += 2) pauses.push({ from: marks[i]!, to: marks[i + 1] ?? now });
        const c = clock(eventsOf(start, marks), new Date(now).toISOString());
        for (const k of [c.application, stage(c, 'review')]) {
          expect(k.elapsed_working_minutes).toBe(naiveWorkingMinutes(start, now, pauses));
          expect(k.elapsed_working_minutes + k.paused_working_minutes).toBe(naiveWorkingMinutes(start, now, []));
        }
      }),
      { numRuns: 60 },
    );
  });

  it('never moves a due date earlier when a pause is added', () => {
    fc.assert(
      fc.property(history, fc.integer({ min: 1, max: 3 * 96 }), ({ start, marks, now }, length) => {
        // Drop a trailing open request so the extra pause can follow the last one.
        const closed = marks.length % 2 === 0 ? marks : marks.slice(0, -1);
        const from = (closed.at(-1) ?? start) + quarter;
        const later = Math.max(now, from + length * quarter);
        const without = clock(eventsOf(start, closed), new Date(later).toISOString());
        const withPause = clock(eventsOf(start, [...closed, from, from + length * quarter]), new Date(later).toISOString());
        expect(Date.parse(withPause.application.due_at!)).toBeGreaterThanOrEqual(Date.parse(without.application.due_at!));
        expect(Date.parse(stage(withPause, 'review').due_at!)).toBeGreaterThanOrEqual(Date.parse(stage(without, 'review').due_at!));
      }),
      { numRuns: 60 },
    );
  });
});

describe('the running clocks alone', () => {
  const quarter = 15 * 60_000;
  const base = Date.parse('2026-01-05T09:00:00+09:00');
  /** Review in days, a consultation counted in working hours beside a site visit, then the decision. */
  const mixed: ClockProcedure = {
    statutory_days: 15,
    stages: [
      { key: 'review', days: 5 },
      { key: 'consult', days: 16, unit: 'working_hours', parallel: true },
      { key: 'site', days: 2, parallel: true },
      { key: 'decide', days: 1 },
      { key: 'note', days: 0 },
    ],
  };
  const keys = mixed.stages.map((s) => s.key);
  const step = fc.oneof(
    fc.record({ kind: fc.constantFrom('stage_started', 'stage_completed', 'supplement_requested', 'deadline_extended'), stage: fc.constantFrom(...keys) }),
    fc.record({ kind: fc.constantFrom('supplement_received', 'decision', 'withdrawn', 'delay_reason_given'), stage: fc.constant(null) }),
  );
  const history = fc.record({
    received: fc.integer({ min: 0, max: 300 * 96 }),
    steps: fc.array(fc.tuple(step, fc.integer({ min: 0, max: 5 * 96 }), fc.integer({ min: 1, max: 20 })), { maxLength: 14 }),
    tail: fc.integer({ min: 0, max: 30 * 96 }),
  });

  function build({ received, steps, tail }: { received: number; steps: [{ kind: string; stage: string | null }, number, number][]; tail: number }) {
    seq = 0;
    let t = base + received * quarter;
    const iso = (ms: number) => new Date(ms).toISOString();
    const events = [ev('received', iso(t))];
    for (const [{ kind, stage: key }, gap, days] of steps) {
      t += gap * quarter;
      const data: Record<string, unknown> = key ? { stage: key } : {};
      if (kind === 'deadline_extended') data.new_due = seoul.localDate(new Date(t + days * 86_400_000));
      events.push(ev(kind, iso(t), data));
    }
    return { events, now: new Date(t + tail * quarter) };
  }

  it('gives every running clock’s due date, and every overdue one, exactly as the whole clock does', () => {
    fc.assert(
      fc.property(history, (h) => {
        const { events, now } = build(h);
        const full = computeClock({ events, procedure: mixed, calendar: seoul, now, options: { explain: false } });
        const lean = computeClock({ events, procedure: mixed, calendar: seoul, now, options: { explain: false, runningOnly: true } });
        const running = (c: typeof full) =>
          [c.application, ...c.stages].map((k) => ({
            stage: k.stage,
            status: k.status,
            ...(k.status === 'running' || k.status === 'paused'
              ? { due_at: k.due_at, provisional: k.due_provisional, late: k.state === 'overdue' || k.state === 'long_overdue', long: k.state === 'long_overdue' }
              : {}),
          }));
        expect(running(lean)).toEqual(running(full));
        expect(nextDueAt(lean)).toBe(nextDueAt(full));
        expect(overdueSince(lean, now)).toBe(overdueSince(full, now));
        expect(overdueStages(lean)).toEqual(overdueStages(full));
        expect(queueDue(lean)).toEqual(queueDue(full));
      }),
      { numRuns: 400 },
    );
  });

  it('leaves out what only a reader of the whole clock needs', () => {
    const { events, now } = build({ received: 0, steps: [[{ kind: 'stage_started', stage: 'review' }, 4, 1]], tail: 8 });
    const lean = computeClock({ events, procedure: mixed, calendar: seoul, now, options: { runningOnly: true } });
    expect(lean.next_stage).toBeNull();
    expect(lean.stages.filter((s) => s.status === 'pending').every((s) => s.due_at === null && s.expected_start_at === null)).toBe(true);
    expect(lean.application.elapsed_working_minutes).toBe(0);
    const full = computeClock({ events, procedure: mixed, calendar: seoul, now });
    expect(full.next_stage?.stage).toBe('consult');
    expect(full.application.elapsed_working_minutes).toBeGreaterThan(0);
  });
});
