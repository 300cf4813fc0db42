import type { CountedDelayCategory } from './delays.js';
import type { LocalDate, Span, WorkingCalendar } from './calendar.js';
import { foldClockEvents, type ClockEvent } from './clockEvents.js';
import {
  computeDeadline,
  countingMode,
  KOREAN_CIVIL_PETITIONS_RULE,
  type CountingMode,
  type CountingRule,
  type Deadline,
  type ExplanationStep,
  type Period,
  type PeriodUnit,
} from './deadline.js';

/**
 * The clock of one application: from its events, its procedure, the jurisdiction's calendar and `now`, the due
 * date, elapsed working time, pauses, extensions and state of the application and of each stage, each due date
 * with its calculation. Pure: the same inputs always give the same clock, so a holiday added after filing is
 * reflected by recomputing with the new calendar.
 *
 * The clock stops only by events: `supplement_requested` → `supplement_received` stops the application's clock and
 * the clock of the stage the supplement was requested for. `deadline_extended` moves a due date later (see
 * `deadline.ts` for both). Nothing else (a transfer, a reassignment, a delay reason) touches the clock.
 *
 * States of a running clock (thresholds in `ClockOptions`):
 *  - `overdue` from the first moment after the due date;
 *  - `long_overdue` once the working time past the due date reaches half the period, but at least one working day
 *    and at most ten (a 5-day stage is long overdue 2.5 working days late, a 60-day procedure 10 days late);
 *  - `due_soon` when, counted in days, the due date is today or the next working day; counted in hours, when the
 *    working time left is at most one working day and at most a quarter of the period (2 hours of an 8-hour stage);
 *  - `on_time` otherwise. A paused clock keeps its state; its due date is provisional (as if the pause ended now).
 */

// The shapes of the event kinds this issue adds live beside the fold that reads them.
export type { ClockEvent, ClockEventType, DeadlineExtendedData, DelayReasonGivenData, TransferredData } from './clockEvents.js';
export { CLOCK_EVENT_TYPES } from './clockEvents.js';

/** A stage as the clock needs it: `days` is the amount of the period in `unit` (default working days). */
export interface ClockStage {
  key: string;
  days: number;
  unit?: PeriodUnit;
  parallel?: boolean;
}

export interface ClockProcedure {
  stages: readonly ClockStage[];
  /** The statutory period of the whole application, in `statutory_unit` (default working days); null for none. */
  statutory_days: number | null;
  statutory_unit?: PeriodUnit;
}

export interface ClockOptions {
  rule?: CountingRule;
  /** Due soon when the due date is within this many working days (day counts); default 1. */
  dueSoonWorkingDays?: number;
  /** Hour counts: due soon also needs the time left to be at most this share of the period; default 0.25. */
  dueSoonMaxShare?: number;
  /** Long overdue when late by this share of the period…; default 0.5 */
  longOverdueShare?: number;
  /** …but never before this many working days late (default 1)… */
  longOverdueMinWorkingDays?: number;
  /** …and always from this many working days late (default 10). */
  longOverdueMaxWorkingDays?: number;
  /** False to leave every `explanation` empty, for scans that need only dates and states; default true. */
  explain?: boolean;
  /**
   * True for writers that need only the running clocks' due dates and whether each has passed (the projection's next
   * look, the overdue checks): a stage not started stays `pending` with no projected due date and no expected start
   * (so no `next_stage`), a finished or withdrawn clock keeps no due date, elapsed and paused minutes are not counted,
   * and a running clock not yet due is `on_time` (never `due_soon`). Every running or paused clock's due date, and
   * every status, `overdue` and `long_overdue`, is as in the full clock. Default false.
   */
  runningOnly?: boolean;
}

export type ClockState = 'on_time' | 'due_soon' | 'overdue' | 'long_overdue';
export type ClockStatus = 'pending' | 'running' | 'paused' | 'finished' | 'withdrawn' | 'skipped';

/** The clock of the application (`stage` null) or one stage, as published (JSON-ready, stable snake_case keys). */
export interface PeriodClock {
  stage: string | null;
  status: ClockStatus;
  period: (Period & { counted_in: CountingMode }) | null;
  started_at: string | null;
  /** When the stage was or is expected to start: the latest end (or due date) of the stages before it. */
  expected_start_at: string | null;
  finished_at: string | null;
  due_at: string | null;
  due_date: LocalDate | null;
  /** True for a projected stage and while paused (the due date then assumes the pause ends now). */
  due_provisional: boolean;
  /** Null unless the clock runs (or is paused) and has a period. */
  state: ClockState | null;
  finished_on_time: boolean | null;
  elapsed_working_minutes: number;
  paused_working_minutes: number;
  late_working_minutes: number;
  paused_intervals: { from: string; to: string | null }[];
  /** Each with its category (`not_stated` for one recorded before categories) and its text (empty when none was written). */
  delay_reasons: { seq: number; at: string; reason: string; category: CountedDelayCategory }[];
  explanation: ExplanationStep[];
}

export interface ApplicationClock {
  computed_at: string;
  time_zone: string;
  rule: string;
  application: PeriodClock;
  stages: PeriodClock[];
  /** The first stage not started yet and when it is expected to start; null when none is waiting. */
  next_stage: { stage: string; expected_start_at: string } | null;
  transfers: { seq: number; at: string; from_unit: string; to_unit: string; reason: string }[];
  transfer_count: number;
}

export interface ClockInput {
  events: readonly ClockEvent[];
  procedure: ClockProcedure;
  calendar: WorkingCalendar;
  now: Date;
  options?: ClockOptions;
}

/** Computes the clock; throws if the history does not start with `received` or an extension's date is unreadable. */
export function computeClock(input: ClockInput): ApplicationClock {
  const { calendar, procedure } = input;
  const now = input.now.getTime();
  const rule = input.options?.rule ?? KOREAN_CIVIL_PETITIONS_RULE;
  const explain = input.options?.explain ?? true;
  const runningOnly = input.options?.runningOnly ?? false;
  const rfc = (ms: number) => calendar.toRfc3339(ms);
  const events = [...input.events].sort((a, b) => a.seq - b.seq);
  const { receivedAt, receivedSeq, closedAt, withdrawn, stages, pauses, extensions, delayReasons, transfers } =
    foldClockEvents(
      events,
      procedure.stages.map((s) => s.key),
      calendar,
    );

  const clockOf = (args: {
    key: string | null;
    period: Period | null;
    startedAt: number | null;
    startSeq: number | null;
    startSource: 'received' | 'stage_started';
    finishedAt: number | null;
    withdrawn: boolean;
    expectedStart: number | null;
  }): { clock: PeriodClock; end: number | null } => {
    const own = (x: { stage: string | null }) => args.key === null || x.stage === args.key;
    const ownPauses = pauses.filter(own);
    const ownExtensions = extensions.filter((x) => x.stage === args.key);
    const reasons = delayReasons.filter((r) => r.stage === args.key).map(({ seq, at, reason, category }) => ({ seq, at, reason, category }));
    const base: PeriodClock = {
      stage: args.key,
      status: 'pending',
      period: args.period ? { ...args.period, counted_in: countingMode(args.period, rule) } : null,
      started_at: args.startedAt === null ? null : rfc(args.startedAt),
      expected_start_at: args.expectedStart === null ? null : rfc(args.expectedStart),
      finished_at: args.finishedAt === null ? null : rfc(args.finishedAt),
      due_at: null,
      due_date: null,
      due_provisional: false,
      state: null,
      finished_on_time: null,
      elapsed_working_minutes: 0,
      paused_working_minutes: 0,
      late_working_minutes: 0,
      paused_intervals: ownPauses.map((p) => ({ from: rfc(p.from), to: p.to === null ? null : rfc(p.to) })),
      delay_reasons: reasons,
      explanation: [],
    };

    if (args.startedAt === null) {
      // Not started: projected from the expected start (or now, if that has passed), unless the case is closed.
      if (closedAt !== null) return { clock: { ...base, status: 'skipped', expected_start_at: null }, end: null };
      if (runningOnly) return { clock: { ...base, expected_start_at: null }, end: null };
      if (!args.period || args.expectedStart === null) return { clock: base, end: args.expectedStart };
      const projected = computeDeadline(
        calendar,
        {
          start: Math.max(args.expectedStart, now),
          startSource: 'projected',
          startSeq: null,
          period: args.period,
          pauses: [],
          extensions: [],
          now,
          explain,
        },
        rule,
      );
      return { clock: withDeadline(base, projected), end: projected.dueAt };
    }

    const start = args.startedAt;
    const end = args.finishedAt ?? now;
    const status: ClockStatus =
      args.finishedAt !== null ? (args.withdrawn ? 'withdrawn' : 'finished') : ownPauses.some((p) => p.to === null) ? 'paused' : 'running';
    if (runningOnly && args.finishedAt !== null) return { clock: { ...base, status }, end: args.finishedAt };
    const stopsNoDeadline = ownPauses.map((p) => ({ from: p.from, to: p.to ?? Math.max(now, p.from) }));
    if (!args.period) {
      return { clock: { ...base, status, ...(runningOnly ? {} : elapsed(start, end, stopsNoDeadline)) }, end: args.finishedAt };
    }
    const deadline = computeDeadline(
      calendar,
      {
        start,
        startSource: args.startSource,
        startSeq: args.startSeq,
        period: args.period,
        pauses: ownPauses,
        extensions: ownExtensions,
        now,
        explain,
      },
      rule,
    );
    const late = end > deadline.dueAt ? calendar.workingMinutesBetweenMs(deadline.dueAt, end, deadline.stops) : 0;
    const clock: PeriodClock = {
      ...withDeadline(base, deadline),
      status,
      ...(runningOnly ? {} : elapsed(start, end, deadline.stops)),
      late_working_minutes: late,
    };
    if (status === 'running' || status === 'paused') clock.state = stateOf(deadline, late);
    if (status === 'finished') clock.finished_on_time = end <= deadline.dueAt;
    return { clock, end: args.finishedAt ?? deadline.dueAt };
  };

  function withDeadline(base: PeriodClock, d: Deadline): PeriodClock {
    return { ...base, due_at: rfc(d.dueAt), due_date: d.dueDate, due_provisional: d.provisional, explanation: d.explanation };
  }

  function elapsed(start: number, end: number, stops: readonly Span[]) {
    const to = Math.max(start, end);
    const running = calendar.workingMinutesBetweenMs(start, to, stops);
    return { elapsed_working_minutes: running, paused_working_minutes: calendar.workingMinutesBetweenMs(start, to) - running };
  }

  const opts = {
    dueSoonWorkingDays: input.options?.dueSoonWorkingDays ?? 1,
    dueSoonMaxShare: input.options?.dueSoonMaxShare ?? 0.25,
    longOverdueShare: input.options?.longOverdueShare ?? 0.5,
    longOverdueMinWorkingDays: input.options?.longOverdueMinWorkingDays ?? 1,
    longOverdueMaxWorkingDays: input.options?.longOverdueMaxWorkingDays ?? 10,
  };
  const dayMinutes = rule.hoursPerDay * 60;

  function stateOf(d: Deadline, lateMinutes: number): ClockState {
    if (runningOnly && now <= d.dueAt) return 'on_time';
    if (now > d.dueAt) {
      const threshold = Math.min(
        Math.max(opts.longOverdueShare * d.periodMinutes, opts.longOverdueMinWorkingDays * dayMinutes),
        opts.longOverdueMaxWorkingDays * dayMinutes,
      );
      return lateMinutes >= threshold ? 'long_overdue' : 'overdue';
    }
    if (d.mode === 'working_hours') {
      const left = calendar.workingMinutesBetweenMs(now, d.dueAt, d.stops);
      const soon = Math.min(opts.dueSoonWorkingDays * dayMinutes, opts.dueSoonMaxShare * d.periodMinutes);
      return left <= soon ? 'due_soon' : 'on_time';
    }
    const daysLeft = calendar.workingTimeBetween(new Date(now), new Date(d.dueAt)).workingDays;
    return daysLeft <= opts.dueSoonWorkingDays ? 'due_soon' : 'on_time';
  }

  // The application's own clock.
  const statutory: Period | null =
    procedure.statutory_days && procedure.statutory_days > 0
      ? { amount: procedure.statutory_days, unit: procedure.statutory_unit ?? 'working_days' }
      : null;
  const application = clockOf({
    key: null,
    period: statutory,
    startedAt: receivedAt,
    startSeq: receivedSeq,
    startSource: 'received',
    finishedAt: closedAt,
    withdrawn,
    expectedStart: receivedAt,
  }).clock;

  // The stages, in order; a stage is expected to start when every stage before its parallel group has ended.
  const ends: (number | null)[] = [];
  const stageClocks = procedure.stages.map((s, i) => {
    let group = i;
    while (s.parallel && group > 0 && procedure.stages[group - 1]?.parallel) group--;
    const before = ends.slice(0, group);
    const expectedStart =
      group === 0 ? receivedAt : before.every((e): e is number => e !== null) ? Math.max(...before) : null;
    const facts = stages.get(s.key)!;
    const period: Period | null = s.days > 0 ? { amount: s.days, unit: s.unit ?? 'working_days' } : null;
    const { clock, end } = clockOf({
      key: s.key,
      period,
      startedAt: facts.startedAt,
      startSeq: facts.startSeq,
      startSource: 'stage_started',
      finishedAt: facts.finishedAt,
      withdrawn: facts.withdrawn,
      expectedStart,
    });
    ends.push(end);
    return clock;
  });

  const next = stageClocks.find((c) => c.status === 'pending' && c.expected_start_at !== null);
  return {
    computed_at: rfc(now),
    time_zone: calendar.timeZone,
    rule: rule.id,
    application,
    stages: stageClocks,
    next_stage: next ? { stage: next.stage!, expected_start_at: next.expected_start_at! } : null,
    transfers,
    transfer_count: transfers.length,
  };
}
