import { isoWeekday, plusDays, type ClosedKind, type DaySource, type IsoWeekday, type LocalDate, type WorkingCalendar } from '../domain/calendar.js';
import { HOLIDAY_RULES_REVISION } from '../domain/holidays.js';
import { toRfc3339 } from '../domain/time.js';
import type { Localized } from '../domain/types.js';
import type { CalendarChangeRow } from '../db/repos/calendarChanges.js';
import type { CalendarRow, ClosureRow } from '../db/repos/calendars.js';
import type { PublicActor } from '../db/schema.js';

/**
 * A jurisdiction's working calendar as the public reads it (page, JSON, iCalendar): its settings, every day of a
 * year closed by something other than the weekend, the days declared open, and the calendar's history. Built from
 * the calendar value and the recorded days only; no personal data reaches it (a change's actor is the official's
 * public face, named only where the jurisdiction publishes names).
 */

export interface PublicCalendarDay {
  date: LocalDate;
  weekday: IsoWeekday;
  kind: ClosedKind;
  source: DaySource;
  name: Localized;
  substitute: boolean;
}

export interface PublicCalendarChange {
  version: number;
  kind: string;
  recorded_at: string;
  actor: PublicActor | null;
  reason: string;
  data: Record<string, unknown>;
}

export interface PublicCalendar {
  jurisdiction: { code: string; name: Localized };
  year: number;
  version: number;
  holiday_rules: number;
  time_zone: string;
  country: string;
  region: string | null;
  weekend: IsoWeekday[];
  office_hours: { start: string; end: string; breaks: { start: string; end: string }[] };
  days: PublicCalendarDay[];
  open_days: { date: LocalDate; reason: string }[];
  history: PublicCalendarChange[];
}

/** The closed days of a span, weekends left out (they are stated once as the weekend), holidays on a weekend kept. */
export function closedDays(calendar: WorkingCalendar, from: LocalDate, to: LocalDate): PublicCalendarDay[] {
  return calendar
    .closedDaysBetween(from, to)
    .filter((d) => d.kind !== 'weekend')
    .map((d) => ({ date: d.date, weekday: isoWeekday(d.date), kind: d.kind, source: d.source, name: d.name, substitute: d.substitute }));
}

/** One year of a jurisdiction's calendar with its history. */
export function presentCalendar(row: CalendarRow, calendar: WorkingCalendar, recorded: readonly ClosureRow[], changes: readonly CalendarChangeRow[], year: number): PublicCalendar {
  const from = `${year}-01-01`;
  const to = plusDays(`${year + 1}-01-01`, -1);
  return {
    jurisdiction: { code: row.code, name: { ko: row.name_ko, en: row.name_en } },
    year,
    version: row.calendar_version,
    holiday_rules: HOLIDAY_RULES_REVISION,
    time_zone: row.time_zone,
    country: row.country,
    region: row.holiday_region,
    weekend: [...calendar.weekend],
    office_hours: { start: calendar.workingHours.start, end: calendar.workingHours.end, breaks: calendar.workingHours.breaks.map((b) => ({ start: b.start, end: b.end })) },
    days: closedDays(calendar, from, to),
    open_days: recorded.filter((d) => d.kind === 'working' && d.date >= from && d.date <= to).map((d) => ({ date: d.date, reason: d.reason_en })),
    history: changes.map((c) => presentCalendarChange(c, row.time_zone)),
  };
}

export function presentCalendarChange(c: CalendarChangeRow, timeZone: string): PublicCalendarChange {
  return { version: c.version, kind: c.kind, recorded_at: toRfc3339(c.recorded_at, timeZone), actor: c.actor, reason: c.reason, data: c.data };
}
