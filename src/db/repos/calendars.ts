import type { Kysely, Transaction } from 'kysely';
import { createCalendar, type WorkingCalendar } from '../../domain/calendar.js';
import type { DB } from '../schema.js';

/**
 * Each jurisdiction's working calendar: its time zone, its country's public holidays and the holidays and closures
 * its administrators added. Calendars are cached per process, keyed by the jurisdiction's `calendar_version`, which
 * every change to its closures bumps in the same transaction; so a closure added on one instance is seen by the
 * next read on every instance, and a read that already knows the version costs no query.
 */

export interface CalendarKey {
  id: string;
  time_zone: string;
  country: string;
  calendar_version: number;
}

const cache = new Map<string, { version: number; timeZone: string; calendar: WorkingCalendar }>();

/** The calendar of a jurisdiction as of `key.calendar_version`; reads its closures only when the cache is stale. */
export async function calendarFor(db: Kysely<DB> | Transaction<DB>, key: CalendarKey): Promise<WorkingCalendar> {
  const hit = cache.get(key.id);
  if (hit && hit.version === key.calendar_version && hit.timeZone === key.time_zone) return hit.calendar;
  const closures = await listClosures(db, key.id);
  const calendar = createCalendar({
    timeZone: key.time_zone,
    country: key.country,
    extraClosures: closures.map((c) => ({ date: c.date, kind: c.kind, reason: { ko: c.reason_ko, en: c.reason_en } })),
  });
  cache.set(key.id, { version: key.calendar_version, timeZone: key.time_zone, calendar });
  return calendar;
}

/** The calendar of a jurisdiction by id, reading its current version first. */
export async function calendarOfJurisdiction(db: Kysely<DB> | Transaction<DB>, jurisdictionId: string): Promise<WorkingCalendar> {
  const key = await db
    .selectFrom('jurisdiction')
    .select(['id', 'time_zone', 'country', 'calendar_version'])
    .where('id', '=', jurisdictionId)
    .executeTakeFirstOrThrow();
  return calendarFor(db, key);
}

/** Forgets every cached calendar (tests that rewrite settings behind the version's back). */
export function clearCalendarCache(): void {
  cache.clear();
}

/** A jurisdiction's added holidays and closures, by date. */
export async function listClosures(db: Kysely<DB> | Transaction<DB>, jurisdictionId?: string) {
  let q = db.selectFrom('calendar_closure').selectAll();
  if (jurisdictionId) q = q.where('jurisdiction_id', '=', jurisdictionId);
  return q.orderBy('jurisdiction_id').orderBy('date').execute();
}
export type ClosureRow = Awaited<ReturnType<typeof listClosures>>[number];
