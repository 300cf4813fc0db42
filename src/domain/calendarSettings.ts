import Holidays from 'date-holidays';
import { DEFAULT_WORKING_HOURS, type IsoWeekday, type WorkingHours } from './calendar.js';
import { isCalendarDate } from './localDate.js';

/**
 * What an administrator may set on a jurisdiction's calendar, and the checks each value passes before it is stored:
 * the weekend (one of the ways countries count it), the country and subdivision whose public holidays apply (as the
 * holiday library knows them), and office hours. Pure; every check returns message keys, never throws.
 */

/** Weekends as countries count them: Saturday–Sunday (most), Friday–Saturday (much of the Arab world), Sunday only, Friday only. */
export const WEEKENDS = {
  sat_sun: [6, 7],
  fri_sat: [5, 6],
  sun: [7],
  fri: [5],
} as const satisfies Record<string, readonly IsoWeekday[]>;
export type WeekendKey = keyof typeof WEEKENDS;

/** The preset a stored weekend is, or null for one set some other way. */
export function weekendKey(days: readonly number[]): WeekendKey | null {
  const sorted = [...days].sort().join(',');
  return (Object.keys(WEEKENDS) as WeekendKey[]).find((k) => [...WEEKENDS[k]].sort().join(',') === sorted) ?? null;
}

/** Days a calendar may hold: a date outside these years is a typing mistake, not a deadline. */
export const CALENDAR_YEARS = { min: 2000, max: 2099 } as const;

/** Why a date cannot be on a calendar (a message key), or null when it can. */
export function calendarDateProblem(text: string): string | null {
  if (!isCalendarDate(text)) return 'error.invalid_date';
  const year = Number(text.slice(0, 4));
  if (year < CALENDAR_YEARS.min || year > CALENDAR_YEARS.max) return 'error.calendar_date_out_of_range';
  return null;
}

/** A year of a calendar page or feed, or null when it is not one (or outside `CALENDAR_YEARS`). */
export function calendarYear(text: unknown, fallback: number): number | null {
  if (text === undefined || text === '') return fallback;
  if (typeof text !== 'string' || !/^[0-9]{4}$/.test(text)) return null;
  const year = Number(text);
  return year >= CALENDAR_YEARS.min && year <= CALENDAR_YEARS.max ? year : null;
}

const library = new Holidays();

/** ISO 3166-1 alpha-2 codes of the countries the holiday library has rules for, with their names. */
export function holidayCountries(): { code: string; name: string }[] {
  return Object.entries(library.getCountries('en')).map(([code, name]) => ({ code, name })).sort((a, b) => a.name.localeCompare(b.name));
}

/** The subdivisions of a country that have regional holidays in the library (`BY` → Bayern), or none. */
export function holidayRegions(country: string): { code: string; name: string }[] {
  if (!library.getCountries()[country]) return [];
  return Object.entries(library.getStates(country, 'en') ?? {}).map(([code, name]) => ({ code, name }));
}

export interface CalendarSettingsDraft {
  weekend: string;
  country: string;
  /** Empty for none. */
  region: string;
  hoursStart: string;
  hoursEnd: string;
  /** Both empty for no break. */
  breakStart: string;
  breakEnd: string;
}

export interface CalendarSettings {
  weekend: IsoWeekday[];
  country: string;
  region: string | null;
  hours: WorkingHours;
}

/** Checks a settings form; returns the settings, or the problems by field (message keys). */
export function parseCalendarSettings(d: CalendarSettingsDraft): { settings: CalendarSettings } | { issues: { field: string; key: string }[] } {
  const issues: { field: string; key: string }[] = [];
  const weekend = (WEEKENDS as Record<string, readonly IsoWeekday[]>)[d.weekend];
  if (!weekend) issues.push({ field: 'weekend', key: 'error.invalid_value' });
  const country = d.country.trim().toUpperCase();
  if (!/^[A-Z]{2}$/.test(country) || !library.getCountries()[country]) issues.push({ field: 'country', key: 'error.unknown_country' });
  const region = d.region.trim().toUpperCase() || null;
  if (region && !issues.some((i) => i.field === 'country') && !holidayRegions(country).some((r) => r.code === region)) {
    issues.push({ field: 'region', key: 'error.unknown_region' });
  }
  const clock = (t: string) => (/^([01][0-9]|2[0-3]):[0-5][0-9]$/.test(t.trim()) ? t.trim() : null);
  const start = clock(d.hoursStart);
  const end = clock(d.hoursEnd);
  if (!start) issues.push({ field: 'hours_start', key: 'error.time_of_day' });
  if (!end) issues.push({ field: 'hours_end', key: 'error.time_of_day' });
  if (start && end && end <= start) issues.push({ field: 'hours_end', key: 'error.hours_order' });
  const breaks: { start: string; end: string }[] = [];
  if (d.breakStart.trim() || d.breakEnd.trim()) {
    const bs = clock(d.breakStart);
    const be = clock(d.breakEnd);
    if (!bs) issues.push({ field: 'break_start', key: 'error.time_of_day' });
    if (!be) issues.push({ field: 'break_end', key: 'error.time_of_day' });
    if (bs && be && (be <= bs || (start && bs <= start) || (end && be >= end))) issues.push({ field: 'break_end', key: 'error.break_within_hours' });
    if (bs && be) breaks.push({ start: bs, end: be });
  }
  if (issues.length) return { issues };
  return { settings: { weekend: [...weekend!], country, region, hours: { start: start!, end: end!, breaks } } };
}

/** The settings a jurisdiction has before anyone changes them. */
export const DEFAULT_CALENDAR_SETTINGS: CalendarSettings = { weekend: [6, 7], country: 'KR', region: null, hours: DEFAULT_WORKING_HOURS as WorkingHours };

/** Whether two settings are the same calendar. */
export function sameSettings(a: CalendarSettings, b: CalendarSettings): boolean {
  return JSON.stringify(normal(a)) === JSON.stringify(normal(b));
}
const normal = (s: CalendarSettings) => ({
  w: [...s.weekend].sort(),
  c: s.country,
  r: s.region,
  h: [s.hours.start, s.hours.end, ...s.hours.breaks.flatMap((b) => [b.start, b.end])],
});
