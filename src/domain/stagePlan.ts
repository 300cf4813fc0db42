import type { ApplicationClock, PeriodClock } from './clock.js';

/**
 * How the stages of a case stand against their plan, for words a citizen can trust: a stage whose expected start has
 * passed is either late to start (its turn came and nobody started it) or waiting for an earlier stage that is
 * itself late; and a stage planned to end after the application's statutory due date is named, because the plan
 * then cannot keep the promise the law makes. The dates themselves are never changed here: a stage's provisional due
 * date stays what its own period gives (see `clock.ts`), and the statutory due date stays the law's.
 */

/** Where a stage not yet started stands, from its expected start and the stages before it. */
export type StageStart =
  | { kind: 'expected'; at: string }
  | { kind: 'late'; at: string }
  | { kind: 'waiting'; at: string; waitingFor: string[] };

export interface StagePlan {
  /** Each pending stage with an expected start, by key. */
  starts: Map<string, StageStart>;
  /** Open stages whose due date falls after the application's own, in procedure order. */
  beyondDue: { stage: string; due_at: string }[];
}

const OPEN: readonly PeriodClock['status'][] = ['pending', 'running', 'paused'];

/** Reads the plan from a computed clock and the procedure's stages (`parallel` as in the procedure); pure. */
export function stagePlan(clock: ApplicationClock, stages: readonly { key: string; parallel: boolean }[]): StagePlan {
  const now = Date.parse(clock.computed_at);
  const byKey = new Map(clock.stages.map((c) => [c.stage, c]));
  const starts = new Map<string, StageStart>();
  stages.forEach((s, i) => {
    const c = byKey.get(s.key);
    if (!c || c.status !== 'pending' || c.expected_start_at === null) return;
    const at = c.expected_start_at;
    if (Date.parse(at) >= now) {
      starts.set(s.key, { kind: 'expected', at });
      return;
    }
    // The stages before this one's parallel group, as in `computeClock`.
    let group = i;
    while (s.parallel && group > 0 && stages[group - 1]?.parallel) group--;
    const waitingFor = stages
      .slice(0, group)
      .filter((b) => OPEN.includes(byKey.get(b.key)?.status ?? 'finished'))
      .map((b) => b.key);
    starts.set(s.key, waitingFor.length ? { kind: 'waiting', at, waitingFor } : { kind: 'late', at });
  });

  const app = clock.application;
  const appDue = app.due_at !== null && (app.status === 'running' || app.status === 'paused') ? Date.parse(app.due_at) : null;
  const beyondDue =
    appDue === null
      ? []
      : clock.stages
          .filter((c) => c.stage !== null && OPEN.includes(c.status) && c.due_at !== null && Date.parse(c.due_at) > appDue)
          .map((c) => ({ stage: c.stage!, due_at: c.due_at! }));
  return { starts, beyondDue };
}
