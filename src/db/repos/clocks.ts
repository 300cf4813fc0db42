import type { Kysely } from 'kysely';
import { caseClock } from '../../domain/caseClock.js';
import type { ApplicationClock } from '../../domain/clock.js';
import { queueDue, type QueueDue } from '../../domain/queue.js';
import type { ProcedureStage } from '../../domain/types.js';
import type { DB } from '../schema.js';
import { calendarFor } from './calendars.js';
import type { PublicCaseRow } from './publicRead.js';

/**
 * The clock of a case read for a public page or the API, computed on read from its published events and the
 * jurisdiction's current calendar: a holiday added after filing moves the due dates on the next read.
 */
export async function clockOfPublicCase(db: Kysely<DB>, c: PublicCaseRow, now: Date = new Date()): Promise<ApplicationClock> {
  const calendar = await calendarFor(db, c.jurisdiction);
  return caseClock({
    events: c.events.map((e) => ({ seq: e.seq, type: e.type, occurredAt: e.occurred_at.toISOString(), data: e.data })),
    stages: c.procedure.stages,
    statutoryDays: c.procedure.statutory_days,
    calendar,
    now,
  });
}

/** What computing an open case's due date needs besides its events. */
export interface CaseClockKey {
  id: number;
  jurisdiction_id: string;
  time_zone: string;
  country: string;
  calendar_version: number;
  p_stages: ProcedureStage[];
  statutory_days: number;
}

/**
 * Each case's queue clock now (`domain/queue.queueDue`: the nearest due date of the stages in progress and the
 * application, and whether it has passed), computed from its events in one read for the whole list. The caller
 * bounds the list (a queue reads at most a few hundred).
 */
export async function dueDatesOfCases(db: Kysely<DB>, cases: readonly CaseClockKey[], now: Date = new Date()): Promise<Map<number, QueueDue>> {
  const out = new Map<number, QueueDue>();
  if (!cases.length) return out;
  const events = await db
    .selectFrom('event')
    .select(['application_id', 'seq', 'type', 'occurred_at', 'data'])
    .where('application_id', 'in', cases.map((c) => c.id))
    .orderBy('application_id')
    .orderBy('seq')
    .execute();
  const byCase = new Map<number, typeof events>();
  for (const e of events) {
    const list = byCase.get(e.application_id);
    if (list) list.push(e);
    else byCase.set(e.application_id, [e]);
  }
  for (const c of cases) {
    const calendar = await calendarFor(db, { id: c.jurisdiction_id, time_zone: c.time_zone, country: c.country, calendar_version: c.calendar_version });
    const clock = caseClock({
      events: (byCase.get(c.id) ?? []).map((e) => ({ seq: e.seq, type: e.type, occurredAt: e.occurred_at.toISOString(), data: e.data })),
      stages: c.p_stages,
      statutoryDays: c.statutory_days,
      calendar,
      now,
      options: { explain: false, runningOnly: true },
    });
    out.set(c.id, queueDue(clock));
  }
  return out;
}
