/** Local dates (`YYYY-MM-DD`, a day in some time zone) as plain strings, and their arithmetic. */

/** A calendar day in the jurisdiction's time zone, `YYYY-MM-DD`. */
export type LocalDate = string;

/** ISO weekday: 1 is Monday, 7 is Sunday. */
export type IsoWeekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

const LOCAL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const dayNumbers = new Map<LocalDate, number>();

/** Days since 1970-01-01 of a valid local date; throws on anything else. */
export function dayNumber(date: LocalDate): number {
  const cached = dayNumbers.get(date);
  if (cached !== undefined) return cached;
  const m = LOCAL_DATE.exec(date);
  if (!m) throw new Error(`not a local date: ${date}`);
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const n = daysFromCivil(y, mo, d);
  if (mo < 1 || mo > 12 || d < 1 || fromDayNumber(n) !== date) throw new Error(`not a calendar date: ${date}`);
  if (dayNumbers.size < 100_000) dayNumbers.set(date, n);
  return n;
}

/** Whether a text is a real calendar date `YYYY-MM-DD` (so not `2026-02-30` nor `2026-13-01`). */
export function isCalendarDate(text: string): boolean {
  const m = LOCAL_DATE.exec(text);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return mo >= 1 && mo <= 12 && d >= 1 && fromDayNumber(daysFromCivil(y, mo, d)) === text;
}

// Proleptic Gregorian conversions between civil dates and day numbers (H. Hinnant, "chrono-compatible low-level
// date algorithms"): integer arithmetic, much faster than going through Date or Luxon for every day walked.
function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

/** The local date of a day number (days since 1970-01-01). */
export function fromDayNumber(n: number): LocalDate {
  const z = n + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return `${String(y).padStart(4, '0')}-${m < 10 ? '0' : ''}${m}-${d < 10 ? '0' : ''}${d}`;
}

/** The date `n` days after (before, if negative) a local date. */
export function plusDays(date: LocalDate, n: number): LocalDate {
  return fromDayNumber(dayNumber(date) + n);
}

/** ISO weekday of a local date. */
export function isoWeekday(date: LocalDate): IsoWeekday {
  // Day 0 (1970-01-01) was a Thursday.
  return ((((dayNumber(date) + 3) % 7) + 7) % 7 + 1) as IsoWeekday;
}

/** Days from `a` to `b` (positive when `b` is later). */
export function daysBetween(a: LocalDate, b: LocalDate): number {
  return dayNumber(b) - dayNumber(a);
}

