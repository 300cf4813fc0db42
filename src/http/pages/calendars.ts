import { listCalendarChanges } from '../../db/repos/calendarChanges.js';
import { calendarFor, calendarRow, jurisdictionIdByCode, listClosures, type CalendarRow } from '../../db/repos/calendars.js';
import type { Db } from '../../db/types.js';
import { CALENDAR_YEARS, calendarYear, holidayCountries, holidayRegions } from '../../domain/calendarSettings.js';
import { AppError, notFound } from '../../errors.js';
import { presentCalendar } from '../../presenters/calendar.js';
import type { CalendarAdminData } from '../../views/calendarAdmin.js';

/** The jurisdiction a path's code names, with its calendar settings and version; `not_found` otherwise. */
export async function calendarJurisdiction(db: Db, code: string): Promise<CalendarRow> {
  const id = await jurisdictionIdByCode(db, code);
  if (!id) throw notFound('error.jurisdiction_not_found');
  return calendarRow(db, id);
}

/** A year from the query (this year in the jurisdiction's zone when absent); a clear 400 otherwise. */
export function yearOf(text: unknown, timeZone: string): number {
  const thisYear = Number(new Intl.DateTimeFormat('en', { timeZone, year: 'numeric' }).format(new Date()));
  const year = calendarYear(text, thisYear);
  if (year === null) throw new AppError('validation', 'error.calendar_year', { ...CALENDAR_YEARS });
  return year;
}

/** A jurisdiction's calendar for a year of the query, as the page, the JSON API and the administrators' page show it. */
export async function calendarYearOf(db: Db, code: string, yearText: unknown) {
  const row = await calendarJurisdiction(db, code);
  const year = yearOf(yearText, row.time_zone);
  const [calendar, recorded, changes] = await Promise.all([calendarFor(db, row), listClosures(db, row.id), listCalendarChanges(db, row.id)]);
  return { row, year, calendar, cal: presentCalendar(row, calendar, recorded, changes, year) };
}

/** A country's name in the holiday library, or its code. */
export const countryName = (code: string) => holidayCountries().find((c) => c.code === code)?.name ?? code;

/** A region's name in the holiday library, its code when unknown, or null for none. */
export const regionName = (country: string, region: string | null) => (region ? (holidayRegions(country).find((r) => r.code === region)?.name ?? region) : null);

/** What the administrators' calendar page shows: the year's calendar and the countries and regions to choose from. */
export async function calendarAdminData(db: Db, code: string, yearText: unknown): Promise<CalendarAdminData> {
  const { cal } = await calendarYearOf(db, code, yearText);
  return { cal, countryName: countryName(cal.country), regionName: regionName(cal.country, cal.region), countries: holidayCountries(), regions: holidayRegions(cal.country) };
}
