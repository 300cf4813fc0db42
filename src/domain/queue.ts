import type { ApplicationClock, PeriodClock } from './clock.js';

/**
 * How an office queue is ordered and narrowed. Pure: the rows carry their due date (computed from the clock) and
 * whether they are overdue; the page's query names the order and the filters.
 */

/** The orders a queue offers. `due`: overdue first, then the nearest due date; `oldest` and `newest` by receipt. */
export const QUEUE_SORTS = ['due', 'oldest', 'newest'] as const;
export type QueueSort = (typeof QUEUE_SORTS)[number];

/**
 * The one clock a queue row shows: the nearest due date among the stages in progress and the whole application, and
 * whether it has passed. The overdue mark and the due date column read the same clock, so they can never disagree
 * (a stage past its own date while the application is in time shows that stage's date, marked overdue; an
 * extension moves both together).
 */
export interface QueueDue {
  /** ISO instant, or null when no clock runs (e.g. waiting for the applicant). */
  due_at: string | null;
  /** The stage whose date this is, or null for the whole application. */
  stage: string | null;
  overdue: boolean;
  /** The clock is paused: the date assumes the pause ends now. */
  provisional: boolean;
}

/** What a queue row must say for ordering and filtering. */
export interface QueueFacts {
  number: string;
  title: string;
  received_at: Date;
  overdue: boolean;
  /** The row's due date now (ISO, `QueueDue.due_at`), or null when no clock runs. */
  due_at: string | null;
}

/** Picks a row's clock from its application clock. Pure; never throws. */
export function queueDue(clock: Pick<ApplicationClock, 'application' | 'stages'>): QueueDue {
  const running = [clock.application, ...clock.stages].filter((c) => (c.status === 'running' || c.status === 'paused') && c.due_at);
  const late = (c: PeriodClock) => c.state === 'overdue' || c.state === 'long_overdue';
  // An overdue clock wins over one still in time; among equals, the earliest date; the application's on a tie.
  const pool = running.some(late) ? running.filter(late) : running;
  const pick = pool.reduce<PeriodClock | null>((best, c) => (!best || Date.parse(c.due_at!) < Date.parse(best.due_at!) ? c : best), null);
  if (!pick) return { due_at: null, stage: null, overdue: false, provisional: false };
  return { due_at: pick.due_at, stage: pick.stage, overdue: late(pick), provisional: pick.due_provisional };
}

/** A queue's view as its address states it: an order, overdue cases only, and words to find in the number or title. */
export interface QueueQuery {
  sort: QueueSort;
  overdueOnly: boolean;
  text: string;
}

/** Reads a queue's query string; anything unknown falls back to the default (due date order, everything). */
export function readQueueQuery(query: Record<string, unknown>): QueueQuery {
  const sort = QUEUE_SORTS.find((s) => s === query.sort) ?? 'due';
  const text = typeof query.q === 'string' ? query.q.trim().slice(0, 100) : '';
  return { sort, overdueOnly: query.overdue === '1', text };
}

/** The rows the query keeps, in its order; ties fall back to the older receipt, then the number. Never mutates `rows`. */
export function arrangeQueue<T extends QueueFacts>(rows: readonly T[], query: QueueQuery): T[] {
  const needle = query.text.toLowerCase();
  const kept = rows.filter((r) => (!query.overdueOnly || r.overdue) && (!needle || r.number.toLowerCase().includes(needle) || r.title.toLowerCase().includes(needle)));
  const byReceipt = (a: T, b: T) => a.received_at.getTime() - b.received_at.getTime() || a.number.localeCompare(b.number);
  const due = (r: T) => (r.due_at ? Date.parse(r.due_at) : Number.POSITIVE_INFINITY);
  const order: Record<QueueSort, (a: T, b: T) => number> = {
    due: (a, b) => Number(b.overdue) - Number(a.overdue) || due(a) - due(b) || byReceipt(a, b),
    oldest: byReceipt,
    newest: (a, b) => -byReceipt(a, b),
  };
  return [...kept].sort(order[query.sort]);
}
