import { HOLIDAY_RULES_REVISION } from './holidays.js';
import {
  normaliseSpans,
  plusDays,
  type ClosedKind,
  type DaySource,
  type LocalDate,
  type Span,
  type WorkingCalendar,
} from './calendar.js';
import type { Localized } from './types.js';

/**
 * One due date, computed from a start, a period, the pauses and the extensions, and explained step by step.
 *
 * The counting convention is Korea's for civil petitions (민원 처리에 관한 법률, Civil Petitions Act, art. 19):
 *  (1) a period of 5 days or less is counted in hours from the moment of receipt, leaving out Saturdays and public
 *      holidays, one day being 8 working hours;
 *  (2) a period of 6 days or more is counted in days, THE FIRST DAY INCLUDED, leaving out Saturdays and public
 *      holidays (this departs from the Civil Act's art. 157, under which the first day is not counted);
 *  (3) periods in weeks, months or years count the first day and follow the Civil Act arts. 159–161, so a period
 *      whose last day is a Saturday or a public holiday ends on the next working day.
 * Daylight applies (1) to `working_days` periods of up to 5 days and to `working_hours` periods, (2) to longer
 * `working_days` periods and (3)'s first-day and last-day rules to `calendar_days` periods. A day period ends at the
 * end of its last day (Civil Act art. 159), so `due_at` is 23:59:59 local time on `due_date`.
 *
 * Two choices the Act leaves open, made explicit here:
 *  - A start after working hours (an online filing at 22:00) counts its first day from the next working day, as an
 *    hour count from that moment would; a start before opening counts its own day.
 *  - A pause (supplement requested → received) stops the clock. Counted in hours, its working time is simply not
 *    counted. Counted in days, a day is not counted when the clock is stopped at the moment its working hours open
 *    (or at the start, for the first day): the day a supplement is requested still counts, the day it arrives
 *    counts if it arrives before opening, and a pause within one day moves nothing. So a pause from Tuesday 10:00 to
 *    Thursday 10:00 leaves out Wednesday and Thursday: two days for sixteen paused working hours.
 * An approved extension names a new due date; it adds the working time (or counted days) between the due date as it
 * stood when the extension was approved and the new date, so a pause after the extension still moves the due date.
 * An extension to an earlier date is recorded and changes nothing.
 */

export type PeriodUnit = 'working_days' | 'working_hours' | 'calendar_days';
export type CountingMode = 'working_hours' | 'working_days' | 'calendar_days';

/** A period as a procedure states it: `amount` in `unit`. */
export interface Period {
  amount: number;
  unit: PeriodUnit;
}

/** How periods are counted; the default is the Civil Petitions Act's. */
export interface CountingRule {
  id: string;
  /** Where the rule comes from, for the explanation. */
  source: string;
  /** `working_days` periods of at most this many days are counted in working hours. */
  hoursUpToDays: number;
  /** Working hours in one day when days are converted to hours. */
  hoursPerDay: number;
  firstDayCounts: boolean;
  /** A start after the close of working hours counts its first day from the next day. */
  afterHoursStartsNextDay: boolean;
  /** A `calendar_days` period whose last day is not a working day ends on the next working day. */
  calendarEndMovesToWorkingDay: boolean;
}

export const KOREAN_CIVIL_PETITIONS_RULE: CountingRule = {
  id: 'kr_civil_petitions_act_art19',
  source: '민원 처리에 관한 법률 제19조 (Civil Petitions Act, art. 19); 민법 제159조–제161조 (Civil Act, arts. 159–161)',
  hoursUpToDays: 5,
  hoursPerDay: 8,
  firstDayCounts: true,
  afterHoursStartsNextDay: true,
  calendarEndMovesToWorkingDay: true,
};

/** A stop of the clock, in epoch milliseconds; `to` is null while it lasts. */
export interface ClockPause {
  from: number;
  to: number | null;
  requestedSeq: number | null;
  receivedSeq: number | null;
}

/** The furthest an extension may set a due date, in days after the act that grants it. */
export const MAX_EXTENSION_DAYS = 366;

/**
 * Why a new due date cannot be granted, as a message key, or null when it can: it must be readable, not before the
 * application was received, and at most `MAX_EXTENSION_DAYS` after the extension is granted. Bounding it also bounds
 * the work every later reading of the case's clock does.
 */
export function extensionProblem(newDue: number | null, receivedAt: number, grantedAt: number): string | null {
  if (newDue === null || !Number.isFinite(newDue)) return 'error.invalid_date';
  if (newDue < receivedAt) return 'error.extension_before_receipt';
  if (newDue > grantedAt + MAX_EXTENSION_DAYS * 86_400_000) return 'error.extension_too_far';
  return null;
}

/** A supervisor's approved extension to `newDue`. */
export interface ClockExtension {
  seq: number;
  at: number;
  newDue: number;
  reason: string;
  approvedBy: string;
}

export type StartSource = 'received' | 'stage_started' | 'projected';

export interface DeadlineInput {
  start: number;
  startSource: StartSource;
  startSeq: number | null;
  period: Period;
  pauses: readonly ClockPause[];
  extensions: readonly ClockExtension[];
  /** A pause still open is taken to end now, which makes the due date provisional. */
  now: number;
  /** False to skip building the explanation (a background scan over every case needs only the dates). */
  explain?: boolean;
}

/** One step of a due date's calculation, as the JSON API and the public page show it (stable snake_case keys). */
export type ExplanationStep =
  | {
      step: 'period';
      amount: number;
      unit: PeriodUnit;
      counted_in: CountingMode;
      hours_per_day: number | null;
      rule: string;
      source: string;
    }
  | { step: 'start'; at: string; date: LocalDate; source: StartSource; seq: number | null }
  | {
      step: 'first_day';
      date: LocalDate;
      counted: boolean;
      why: 'first_day_counts' | 'after_working_hours' | 'first_day_excluded' | 'not_a_working_day';
    }
  | { step: 'skipped_day'; date: LocalDate; kind: ClosedKind; source: DaySource; name: Localized; substitute: boolean }
  | {
      step: 'pause';
      from: string;
      to: string | null;
      requested_seq: number | null;
      received_seq: number | null;
      working_minutes: number;
      days_not_counted: LocalDate[];
    }
  | {
      step: 'extension';
      seq: number;
      at: string;
      approved_by: string;
      reason: string;
      requested_due: string;
      previous_due: string;
      added: number;
      added_unit: 'working_minutes' | 'days';
      applied: boolean;
    }
  | { step: 'end_moved'; from: LocalDate; to: LocalDate; kind: ClosedKind; source: DaySource; name: Localized }
  /** Which calendar the calculation used: the jurisdiction's calendar version and the holiday rules' revision. */
  | { step: 'calendar'; version: number | null; holiday_rules: number }
  | {
      step: 'due';
      at: string;
      date: LocalDate;
      counted_days: number | null;
      working_minutes: number | null;
      provisional: boolean;
    };

export interface Deadline {
  mode: CountingMode;
  dueAt: number;
  dueDate: LocalDate;
  /** True while a pause is open (the date assumes it ends now) or when the start is itself projected. */
  provisional: boolean;
  /** The pauses as stops of the clock (an open one ends now). */
  stops: Span[];
  /** The period without extensions, in working minutes (days × hours per day), for thresholds. */
  periodMinutes: number;
  explanation: ExplanationStep[];
}

/** Which way a period is counted under the rule. */
export function countingMode(period: Period, rule: CountingRule): CountingMode {
  if (period.unit === 'working_hours') return 'working_hours';
  if (period.unit === 'calendar_days') return 'calendar_days';
  return period.amount <= rule.hoursUpToDays ? 'working_hours' : 'working_days';
}

/** A period's length in working minutes (one day = `hoursPerDay` hours). */
export function periodMinutes(period: Period, rule: CountingRule): number {
  return period.unit === 'working_hours' ? period.amount * 60 : period.amount * rule.hoursPerDay * 60;
}

interface DayCount {
  dueDate: LocalDate;
  countedDays: number;
  /** Days not counted because the clock was stopped at their opening, by index of the stop in `stops`. */
  notCounted: Map<number, LocalDate[]>;
}

/**
 * Computes the due date. Throws only on an impossible period (not positive) or a calendar without working days;
 * the due date never moves earlier when a pause, an extension or a closure is added.
 */
export function computeDeadline(calendar: WorkingCalendar, input: DeadlineInput, rule: CountingRule = KOREAN_CIVIL_PETITIONS_RULE): Deadline {
  const { start, period, now } = input;
  if (!(period.amount > 0)) throw new Error('a period must be positive');
  const mode = countingMode(period, rule);
  const rfc = (ms: number) => calendar.toRfc3339(ms);
  const pauses = [...input.pauses].sort((a, b) => a.from - b.from);
  const stopsAt = (at: number) =>
    pauses.filter((p) => p.from < at).map((p) => ({ from: p.from, to: Math.min(p.to ?? at, at) }));
  const stops = pauses.map((p) => ({ from: p.from, to: p.to ?? Math.max(now, p.from) }));
  const merged = normaliseSpans(stops);
  const stoppedAt = (spans: readonly Span[], at: number) => spans.findIndex((s) => s.from <= at && at < s.to);

  // Day modes: the first candidate day and the rule that chose it.
  const startDate = calendar.localDate(start);
  let firstCandidate = startDate;
  let firstWhy: Extract<ExplanationStep, { step: 'first_day' }>['why'] = 'first_day_counts';
  if (!rule.firstDayCounts) {
    firstCandidate = plusDays(startDate, 1);
    firstWhy = 'first_day_excluded';
  } else if (mode === 'working_days' && !calendar.isWorkingDay(startDate)) {
    firstWhy = 'not_a_working_day';
  } else if (rule.afterHoursStartsNextDay && start >= calendar.closing(startDate)) {
    firstCandidate = plusDays(startDate, 1);
    firstWhy = 'after_working_hours';
  }
  const isCandidate = (date: LocalDate) => mode === 'calendar_days' || calendar.isWorkingDay(date);
  const reference = (date: LocalDate) => Math.max(start, calendar.opening(date));

  function countDays(budget: number, spans: readonly Span[]): DayCount {
    const notCounted = new Map<number, LocalDate[]>();
    let counted = 0;
    for (let date = firstCandidate, i = 0; ; date = plusDays(date, 1), i++) {
      if (i > 7_305) throw new Error('no counted day within twenty years: check the calendar');
      if (!isCandidate(date)) continue;
      const stop = stoppedAt(spans, reference(date));
      if (stop >= 0) {
        notCounted.set(stop, [...(notCounted.get(stop) ?? []), date]);
        continue;
      }
      if (++counted >= budget) return { dueDate: date, countedDays: counted, notCounted };
    }
  }

  /** Days counted after `from` up to and including `to`, with the clock's stops as known then. */
  function daysBetween(from: LocalDate, to: LocalDate, spans: readonly Span[]): number {
    let n = 0;
    for (let date = plusDays(from, 1); date <= to; date = plusDays(date, 1)) {
      if (isCandidate(date) && stoppedAt(spans, reference(date)) < 0) n++;
    }
    return n;
  }

  const unrolledDue = (budget: number, spans: readonly Span[]) =>
    mode === 'working_hours'
      ? calendar.addWorkingMinutesMs(start, budget, spans)
      : calendar.endOfDay(countDays(budget, spans).dueDate);
  const rollForward = (date: LocalDate) => {
    if (mode !== 'calendar_days' || !rule.calendarEndMovesToWorkingDay) return date;
    let d = date;
    for (let i = 0; !calendar.isWorkingDay(d); i++, d = plusDays(d, 1)) {
      if (i > 7_305) throw new Error('no working day within twenty years: check the calendar');
    }
    return d;
  };

  // Extensions, in the order they were approved.
  let budget = mode === 'working_hours' ? periodMinutes(period, rule) : Math.ceil(period.amount);
  const extensionSteps: { key: number; step: ExplanationStep }[] = [];
  for (const ext of [...input.extensions].sort((a, b) => a.at - b.at || a.seq - b.seq)) {
    const known = normaliseSpans(stopsAt(ext.at));
    const previous = unrolledDue(budget, known);
    let added = 0;
    if (ext.newDue > previous) {
      added =
        mode === 'working_hours'
          ? calendar.workingMinutesBetweenMs(previous, ext.newDue, known)
          : daysBetween(calendar.localDate(previous), calendar.localDate(ext.newDue), known);
    }
    budget += added;
    const shownPrevious = mode === 'working_hours' ? previous : calendar.endOfDay(rollForward(calendar.localDate(previous)));
    extensionSteps.push({
      key: ext.at,
      step: {
        step: 'extension',
        seq: ext.seq,
        at: rfc(ext.at),
        approved_by: ext.approvedBy,
        reason: ext.reason,
        requested_due: rfc(ext.newDue),
        previous_due: rfc(shownPrevious),
        added,
        added_unit: mode === 'working_hours' ? 'working_minutes' : 'days',
        applied: added > 0,
      },
    });
  }

  // The due date with every pause.
  let dueAt: number;
  let dueDate: LocalDate;
  let dayCount: DayCount | null = null;
  let endMoved: ExplanationStep | null = null;
  if (mode === 'working_hours') {
    dueAt = calendar.addWorkingMinutesMs(start, budget, merged);
    dueDate = calendar.localDate(dueAt);
  } else {
    dayCount = countDays(budget, merged);
    dueDate = rollForward(dayCount.dueDate);
    if (dueDate !== dayCount.dueDate) {
      const why = calendar.whyClosed(dayCount.dueDate)!;
      endMoved = { step: 'end_moved', from: dayCount.dueDate, to: dueDate, kind: why.kind, source: why.source, name: why.name };
    }
    dueAt = calendar.endOfDay(dueDate);
  }
  const provisional = input.startSource === 'projected' || pauses.some((p) => p.to === null);

  const result = { mode, dueAt, dueDate, provisional, stops: merged, periodMinutes: periodMinutes(period, rule) };
  if (input.explain === false) return { ...result, explanation: [] };

  // The explanation.
  const head: ExplanationStep[] = [
    {
      step: 'period',
      amount: period.amount,
      unit: period.unit,
      counted_in: mode,
      hours_per_day: period.unit === 'working_days' && mode === 'working_hours' ? rule.hoursPerDay : null,
      rule: rule.id,
      source: rule.source,
    },
    { step: 'start', at: rfc(start), date: startDate, source: input.startSource, seq: input.startSeq },
  ];
  if (mode !== 'working_hours') {
    head.push({ step: 'first_day', date: startDate, counted: firstCandidate === startDate && firstWhy === 'first_day_counts', why: firstWhy });
  }
  const middle: { key: number; step: ExplanationStep }[] = [...extensionSteps];
  if (mode !== 'calendar_days') {
    for (const day of calendar.closedDaysBetween(startDate, dueDate)) {
      middle.push({
        key: calendar.startOfDay(day.date),
        step: { step: 'skipped_day', date: day.date, kind: day.kind, source: day.source, name: day.name, substitute: day.substitute },
      });
    }
  }
  pauses.forEach((p, i) => {
    const to = stops[i]!.to;
    const mergedIndex = merged.findIndex((m) => m.from <= p.from && p.from < m.to);
    const days = dayCount && mergedIndex >= 0 ? (dayCount.notCounted.get(mergedIndex) ?? []) : [];
    middle.push({
      key: p.from,
      step: {
        step: 'pause',
        from: rfc(p.from),
        to: p.to === null ? null : rfc(p.to),
        requested_seq: p.requestedSeq,
        received_seq: p.receivedSeq,
        working_minutes: calendar.workingMinutesBetweenMs(p.from, to),
        // A merged stop's days are listed under the first pause it contains.
        days_not_counted: mergedIndex >= 0 && merged[mergedIndex]!.from === p.from ? days : [],
      },
    });
  });
  middle.sort((a, b) => a.key - b.key);
  const tail: ExplanationStep[] = endMoved ? [endMoved] : [];
  tail.push({ step: 'calendar', version: calendar.version, holiday_rules: HOLIDAY_RULES_REVISION });
  tail.push({
    step: 'due',
    at: rfc(dueAt),
    date: dueDate,
    counted_days: dayCount ? dayCount.countedDays : null,
    working_minutes: mode === 'working_hours' ? budget : null,
    provisional,
  });

  return { ...result, explanation: [...head, ...middle.map((m) => m.step), ...tail] };
}
