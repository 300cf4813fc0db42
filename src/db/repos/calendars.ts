import type { Kysely, Transaction } from 'kysely';
import { createCalendar, type IsoWeekday, type WorkingCalendar } from '../../domain/calendar.js';
import type { CalendarSettings } from '../../domain/calendarSettings.js';
import type { DB } from '../schema.js';

/**
 * Each jurisdiction's working calendar: its time zone, weekend, office hours, its country's (and region's) public
 * holidays and the days its administrators recorded. Calendars are cached per process, keyed by the jurisdiction's
 * `calendar_version`, which every change to its calendar bumps in the same transaction; so a change made on one
 * instance is seen by the next read on every instance, and a read that already knows the version costs no query.
 */

export interface CalendarKey {
  id: string;
  time_zone: string;
  country: string;
  calendar_version: number;
}

type Q = Kysely<DB> | Transaction<DB>;

const cache = new Map<string, { version: number; timeZone: string; calendar: WorkingCalendar }>();

/** The calendar of a jurisdiction as of `key.calendar_version`; reads its settings and days only when the cache is stale. */
export async function calendarFor(db: Q, key: CalendarKey): Promise<WorkingCalendar> {
  const hit = cache.get(key.id);
  if (hit && hit.version === key.calendar_version && hit.timeZone === key.time_zone) return hit.calendar;
  const [row, days] = await Promise.all([calendarRow(db, key.id), listClosures(db, key.id)]);
  const calendar = buildCalendar(row, days);
  // Cached under the version read with the settings, which may be newer than the caller's.
  cache.set(key.id, { version: row.calendar_version, timeZone: row.time_zone, calendar });
  return calendar;
}

/** The calendar of a jurisdiction by id, reading its current version first. */
export async function calendarOfJurisdiction(db: Q, jurisdictionId: string): Promise<WorkingCalendar> {
  const key = await db
    .selectFrom('jurisdiction')
    .select(['id', 'time_zone', 'country', 'calendar_version'])
    .where('id', '=', jurisdictionId)
    .executeTakeFirstOrThrow();
  return calendarFor(db, key);
}

/** The calendar a jurisdiction would have with other settings and days (an import's preview, a command's check); never cached. */
export function buildCalendar(row: CalendarRow, days: readonly ClosureRow[], settings?: CalendarSettings): WorkingCalendar {
  return createCalendar({
    version: row.calendar_version,
    timeZone: row.time_zone,
    country: settings?.country ?? row.country,
    ...((settings ? settings.region : row.holiday_region) ? { state: (settings ? settings.region : row.holiday_region)! } : {}),
    weekend: (settings?.weekend ?? row.weekend) as IsoWeekday[],
    workingHours: settings?.hours ?? row.office_hours,
    extraClosures: days
      .filter((c) => c.kind !== 'working')
      .map((c) => ({ date: c.date, kind: c.kind === 'designated' ? 'designated' : 'closure', reason: { ko: c.reason_ko, en: c.reason_en } })),
    extraWorkingDays: days.filter((c) => c.kind === 'working').map((c) => ({ date: c.date, reason: { ko: c.reason_ko, en: c.reason_en } })),
  });
}

/** A jurisdiction's calendar settings and version. */
export async function calendarRow(db: Q, jurisdictionId: string) {
  return db
    .selectFrom('jurisdiction')
    .select(['id', 'code', 'name_ko', 'name_en', 'time_zone', 'country', 'holiday_region', 'weekend', 'office_hours', 'calendar_version', 'show_official_names', 'created_at'])
    .where('id', '=', jurisdictionId)
    .executeTakeFirstOrThrow();
}
export type CalendarRow = Awaited<ReturnType<typeof calendarRow>>;

/** A jurisdiction's id by its public code (`DB`), or undefined. */
export async function jurisdictionIdByCode(db: Q, code: string): Promise<string | undefined> {
  if (!/^[A-Z]{2,4}$/.test(code)) return undefined;
  return (await db.selectFrom('jurisdiction').select('id').where('code', '=', code).executeTakeFirst())?.id;
}

/** Every jurisdiction's code and name, for the calendars' index. */
export async function listJurisdictions(db: Q) {
  return db.selectFrom('jurisdiction').select(['id', 'code', 'name_ko', 'name_en', 'calendar_version']).orderBy('code').execute();
}

/** Forgets every cached calendar (tests that rewrite settings behind the version's back). */
export function clearCalendarCache(): void {
  cache.clear();
}

/** A jurisdiction's recorded days (designated holidays, closures, days declared open), by date. */
export async function listClosures(db: Q, jurisdictionId?: string) {
  let q = db.selectFrom('calendar_closure').selectAll();
  if (jurisdictionId) q = q.where('jurisdiction_id', '=', jurisdictionId);
  return q.orderBy('jurisdiction_id').orderBy('date').execute();
}
export type ClosureRow = Awaited<ReturnType<typeof listClosures>>[number];

/** Locks a jurisdiction's row, so changes to its calendar happen one after another; false for an unknown jurisdiction. */
export async function lockJurisdictionCalendar(trx: Transaction<DB>, jurisdictionId: string): Promise<boolean> {
  return Boolean(await trx.selectFrom('jurisdiction').select('id').where('id', '=', jurisdictionId).forUpdate().executeTakeFirst());
}

/** A day an administrator records on a jurisdiction's calendar. */
export interface NewCalendarDay {
  jurisdictionId: string;
  /** Local date `YYYY-MM-DD`. */
  date: string;
  kind: 'designated' | 'closure' | 'working';
  reasonKo: string;
  reasonEn: string;
  createdBy: number;
}

/** Records days on a jurisdiction's calendar (designated holidays, closures, days declared open). */
export async function insertCalendarDays(trx: Transaction<DB>, days: readonly NewCalendarDay[]): Promise<void> {
  await trx
    .insertInto('calendar_closure')
    .values(days.map((d) => ({ jurisdiction_id: d.jurisdictionId, date: d.date, kind: d.kind, reason_ko: d.reasonKo, reason_en: d.reasonEn, created_by: d.createdBy })))
    .execute();
}

/** Deletes a recorded day by its id. */
export async function deleteCalendarDay(trx: Transaction<DB>, id: number): Promise<void> {
  await trx.deleteFrom('calendar_closure').where('id', '=', id).execute();
}

/** Stores a jurisdiction's weekend, the country and region whose holidays apply, and its office hours. */
export async function updateCalendarSettings(trx: Transaction<DB>, jurisdictionId: string, s: CalendarSettings): Promise<void> {
  await trx
    .updateTable('jurisdiction')
    .set({ weekend: s.weekend, country: s.country, holiday_region: s.region, office_hours: JSON.stringify(s.hours) })
    .where('id', '=', jurisdictionId)
    .execute();
}
