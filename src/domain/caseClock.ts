import type { WorkingCalendar } from './calendar.js';
import { computeClock, type ApplicationClock, type ClockEvent, type ClockOptions } from './clock.js';
import type { ProcedureStage } from './types.js';

/**
 * The clock of one application from what is stored about it: its events (public data is enough: stages, pauses and
 * extensions are all published), its procedure version's stages and statutory period, and the jurisdiction's
 * calendar. Pure; never throws on a history the workflow accepted.
 */
export function caseClock(args: {
  events: readonly ClockEvent[];
  stages: readonly ProcedureStage[];
  statutoryDays: number;
  calendar: WorkingCalendar;
  now: Date;
  options?: ClockOptions;
}): ApplicationClock {
  return computeClock({
    events: args.events,
    procedure: {
      stages: args.stages.map((s) => ({ key: s.key, days: s.days, parallel: s.parallel, ...(s.period_unit ? { unit: s.period_unit } : {}) })),
      statutory_days: args.statutoryDays > 0 ? args.statutoryDays : null,
    },
    calendar: args.calendar,
    now: args.now,
    options: args.options,
  });
}

/** Keys of the stages whose clock is overdue (or long overdue) now. */
export function overdueStages(clock: ApplicationClock): string[] {
  return clock.stages.filter((s) => s.state === 'overdue' || s.state === 'long_overdue').map((s) => s.stage!);
}

/** The earliest due date among the running clocks (application and stages), or null when none runs. */
export function nextDueAt(clock: ApplicationClock): string | null {
  const running = [clock.application, ...clock.stages].filter((c) => (c.status === 'running' || c.status === 'paused') && c.due_at);
  if (!running.length) return null;
  return running.map((c) => c.due_at!).sort((a, b) => Date.parse(a) - Date.parse(b))[0]!;
}

/** The earliest due date already passed at `now` among the running clocks, or null when every one is on time. */
export function overdueSince(clock: ApplicationClock, now: Date): string | null {
  const passed = [clock.application, ...clock.stages]
    .filter((c) => (c.status === 'running' || c.status === 'paused') && c.due_at && Date.parse(c.due_at) <= now.getTime())
    .map((c) => c.due_at!)
    .sort((a, b) => Date.parse(a) - Date.parse(b));
  return passed[0] ?? null;
}
