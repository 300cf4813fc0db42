import Holidays from 'date-holidays';
import { DateTime } from 'luxon';
import { koreanElectionDays } from './elections.js';
import { isoWeekday, plusDays, type LocalDate } from './localDate.js';
import type { Localized } from './types.js';

/**
 * A country's public holidays from the `date-holidays` library, day by day, named in Korean and English, with the
 * library's known errors corrected and the days it cannot know added from the statutes themselves (Korean election
 * days, `elections.ts`; holidays newer than the library). Only holidays of type `public` count: `observance` days
 * (Constitution Day in Korea before 2026) are working days. Results are cached per country, subdivision and time zone
 * for the life of the process; they depend on nothing else.
 */

/** Where a public holiday comes from: the holiday library, or Daylight's own reading of a statute. */
export type HolidaySource = 'library' | 'statute';

export interface PublicHoliday {
  name: Localized;
  /** True for a substitute holiday (대체공휴일). */
  substitute: boolean;
  source: HolidaySource;
}

/**
 * Known errors in date-holidays 3.37.0, fixed here rather than by patching the package. Each is keyed by the
 * library's exact rule text, so a release that rewrites the rule (presumably to fix it) turns the correction off
 * instead of applying it twice; the calendar tests pin the right dates either way.
 *
 * - KR `korean 01-0-01 P3D`: Seollal (설날) is the day before, the day of and the day after lunar New Year's Day
 *   (Regulation on Holidays of Government Offices, 관공서의 공휴일에 관한 규정, art. 2(4)); the library starts the
 *   three days on New Year's Day itself (its own KR.yaml says so; its substitute days are already computed from the
 *   right dates). 2026: the law gives 16–18 February, the library 17–19 February.
 */
/**
 * Bump when the holiday rules change (a date-holidays upgrade or a correction below): stored results computed with
 * the old rules (statistics' case outcomes) are then recomputed.
 */
export const HOLIDAY_RULES_REVISION = 2;

export const HOLIDAY_CORRECTIONS: readonly { country: string; rule: string; shiftDays: number }[] = [
  { country: 'KR', rule: 'korean 01-0-01 P3D', shiftDays: -1 },
];

/**
 * Public holidays date-holidays 3.37.0 does not know yet, added as statutes fix them. Each is skipped in a year for which
 * the library already has a public holiday on its day, so a release that learns it does not count it twice.
 *
 * - KR Labour Day (노동절, 1 May): a public holiday with substitute days (공휴일에 관한 법률 as amended), on the
 *   government's published list of 2027 (1 May, a Saturday, and its substitute on Monday 3 May). Whether government
 *   offices closed on 1 May 2026 is not settled by the lists at hand (the 2026 list predates the amendment), so the
 *   addition starts in 2027; an administrator can record 2026 as a designated day.
 */
export const HOLIDAY_ADDITIONS: readonly { country: string; monthDay: string; since: number; name: Localized; substituteOnWeekend: boolean }[] = [
  { country: 'KR', monthDay: '05-01', since: 2027, name: { ko: '노동절', en: 'Labour Day' }, substituteOnWeekend: true },
];

interface Source {
  library: Holidays;
  years: Set<number>;
  byDate: Map<LocalDate, PublicHoliday[]>;
}

const sources = new Map<string, Source>();

/** A lookup of the public holidays on a local date; throws if the library has no calendar for the country. */
export function publicHolidays(country: string, state: string | undefined, timeZone: string): (date: LocalDate) => PublicHoliday[] {
  const key = `${country}|${state ?? ''}|${timeZone}`;
  let source = sources.get(key);
  if (!source) {
    const library = state ? new Holidays(country, state, { timezone: timeZone }) : new Holidays(country, { timezone: timeZone });
    if (!library.getCountries()[country]) throw new Error(`date-holidays has no calendar for country ${country}`);
    source = { library, years: new Set(), byDate: new Map() };
    sources.set(key, source);
  }
  const s = source;
  return (date) => {
    const year = Number(date.slice(0, 4));
    // A holiday of several days may begin in the year before.
    loadYear(country, s, year - 1, timeZone);
    loadYear(country, s, year, timeZone);
    return s.byDate.get(date) ?? [];
  };
}

/**
 * A holiday's own name: the library appends "(substitute day)" to a substitute's name in some languages, while pages
 * mark a substitute themselves in the reader's language, so the suffix is taken off to be said once.
 */
export function ownName(name: string, substitute: boolean): string {
  return substitute ? name.replace(/\s*\((?:substitute day|대체공휴일|대체 공휴일)\)\s*$/u, '') : name;
}

function loadYear(country: string, source: Source, year: number, timeZone: string): void {
  if (source.years.has(year)) return;
  source.years.add(year);
  const en = new Map(source.library.getHolidays(year, 'en').map((h) => [`${h.rule}|${h.date}`, h.name]));
  for (const h of source.library.getHolidays(year, 'ko')) {
    if (h.type !== 'public') continue;
    const shift = HOLIDAY_CORRECTIONS.find((c) => c.country === country && c.rule === h.rule)?.shiftDays ?? 0;
    const substitute = h.substitute === true;
    const holiday: PublicHoliday = { name: { ko: ownName(h.name, substitute), en: ownName(en.get(`${h.rule}|${h.date}`) ?? h.name, substitute) }, substitute, source: 'library' };
    const end = DateTime.fromJSDate(h.end, { zone: timeZone }).startOf('day').plus({ days: shift });
    for (let day = DateTime.fromJSDate(h.start, { zone: timeZone }).startOf('day').plus({ days: shift }); day < end; day = day.plus({ days: 1 })) {
      add(source, day.toISODate()!, holiday);
    }
  }
  addStatuteDays(country, source, year);
}

function add(source: Source, date: LocalDate, holiday: PublicHoliday): void {
  const list = source.byDate.get(date) ?? [];
  if (!list.some((x) => x.name.ko === holiday.name.ko && x.substitute === holiday.substitute)) list.push(holiday);
  source.byDate.set(date, list);
}

/** Adds the year's holidays the library lacks: `HOLIDAY_ADDITIONS`, then (in Korea) term-expiry election days. */
function addStatuteDays(country: string, source: Source, year: number): void {
  const holidayOn = (date: LocalDate) => (source.byDate.get(date) ?? []).length > 0;
  for (const a of HOLIDAY_ADDITIONS) {
    const date = `${year}-${a.monthDay}`;
    if (a.country !== country || year < a.since || source.byDate.get(date)?.some((h) => h.source === 'library' && !h.substitute)) continue;
    add(source, date, { name: a.name, substitute: false, source: 'statute' });
    if (!a.substituteOnWeekend || isoWeekday(date) < 6) continue;
    // The first day after it that is neither a weekend day nor a public holiday (관공서의 공휴일에 관한 규정, art. 3).
    let substitute = plusDays(date, 1);
    while (isoWeekday(substitute) >= 6 || holidayOn(substitute)) substitute = plusDays(substitute, 1);
    add(source, substitute, { name: a.name, substitute: true, source: 'statute' });
  }
  if (country === 'KR') {
    for (const e of koreanElectionDays(year, holidayOn)) add(source, e.date, { name: e.name, substitute: false, source: 'statute' });
  }
}
