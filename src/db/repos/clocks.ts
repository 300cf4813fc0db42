import type { Kysely } from 'kysely';
import { caseClock } from '../../domain/caseClock.js';
import type { ApplicationClock } from '../../domain/clock.js';
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
