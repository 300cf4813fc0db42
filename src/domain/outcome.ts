import { caseClock } from './caseClock.js';
import type { WorkingCalendar } from './calendar.js';

/** The events a decided case's outcome depends on; the rest (inspections, questions, notes) never move it. */
export const OUTCOME_EVENT_TYPES = [
  'received', 'stage_started', 'stage_completed', 'supplement_requested', 'supplement_received', 'deadline_extended', 'decision', 'withdrawn',
] as const;

/** A decided case as statistics count it: working time from receipt to decision, pauses left out, and whether it met its due date. */
export interface CaseOutcome {
  working_minutes: number;
  on_time: boolean;
}

/**
 * The outcome of a decided case from its history and its jurisdiction's calendar: the same calculation whether it
 * is made when the decision is recorded or replayed later because the calendar changed. Pure.
 */
export function caseOutcome(
  events: readonly { seq: number; type: string; occurredAt: string; data: Record<string, unknown> }[],
  statutoryDays: number,
  calendar: WorkingCalendar,
): CaseOutcome {
  const counted = new Set<string>(OUTCOME_EVENT_TYPES);
  const history = events.filter((e) => counted.has(e.type));
  const last = history.reduce((latest, e) => Math.max(latest, Date.parse(e.occurredAt)), 0);
  const clock = caseClock({
    events: history,
    stages: [],
    statutoryDays,
    calendar,
    // Once decided the clock has stopped: read it at the last act, so the same history always gives the same outcome.
    now: new Date(last),
    options: { explain: false },
  }).application;
  return { working_minutes: clock.elapsed_working_minutes, on_time: clock.finished_on_time !== false };
}
