import { DateTime } from 'luxon';
import { zoneOffsetMs } from './time.js';
import { publicHolidays } from './holidays.js';
import { dayNumber, fromDayNumber, isoWeekday, plusDays, type IsoWeekday, type LocalDate } from './localDate.js';
import type { Localized } from './types.js';

/**
 * A jurisdiction's working-day calendar: its time zone, weekend, public holidays (from the `date-holidays` library
 * for its country, corrected in `holidays.ts`), holidays and closures an administrator adds, and working hours.
 *
 * The calendar is a value: everything it answers follows from the options it was created with, so a deadline
 * recomputed with a calendar that has gained a closure moves later, and one recomputed with the same calendar
 * never moves. Instants are `Date`s (or epoch milliseconds in the low-level methods); days are `LocalDate`s,
 * `YYYY-MM-DD` in the jurisdiction's time zone.
 *
 * The counting convention (which day is the first, when hours are used instead of days) is not the calendar's
 * business; it lives in `deadline.ts`.
 */

export { daysBetween, isoWeekday, plusDays, type IsoWeekday, type LocalDate } from './localDate.js';

/**
 * A day an administrator closes: a holiday the government designated (a temporary holiday, a by-election day) or an
 * office closure.
 */
export interface Closure {
  date: LocalDate;
  reason: string | Localized;
  /** `designated` (or its older name `holiday`) for a public holiday the rules do not know; `closure` (default) for anything else. */
  kind?: 'designated' | 'holiday' | 'closure';
}

/** A day an administrator declares open although the weekend or the holiday library says otherwise. */
export interface ExtraWorkingDay {
  date: LocalDate;
  reason: string | Localized;
}

/** Office hours on a working day, local wall-clock times `HH:mm`; breaks are not working time. */
export interface WorkingHours {
  start: string;
  end: string;
  breaks: readonly { start: string; end: string }[];
}

/** 09:00–18:00 with lunch 12:00–13:00: eight hours, the working day of Korean public offices. */
export const DEFAULT_WORKING_HOURS: WorkingHours = { start: '09:00', end: '18:00', breaks: [{ start: '12:00', end: '13:00' }] };

export interface CalendarOptions {
  /** The jurisdiction's calendar version these options were read at (its `calendar_version`), for explanations. */
  version?: number;
  /** IANA time zone, e.g. `Asia/Seoul`. */
  timeZone: string;
  /** ISO 3166-1 alpha-2 country whose public holidays apply (`KR`); null for none. */
  country: string | null;
  /** ISO 3166-2 subdivision code when a region has its own holidays. */
  state?: string;
  /** Weekend days, ISO weekdays; default Saturday and Sunday. */
  weekend?: readonly IsoWeekday[];
  extraClosures?: readonly Closure[];
  extraWorkingDays?: readonly ExtraWorkingDay[];
  workingHours?: WorkingHours;
}

export type ClosedKind = 'weekend' | 'holiday' | 'closure';

/**
 * Where a closed day comes from: the weekend; a public holiday of the holiday library (`library`) or computed from a
 * statute (`statute`: Korean election days); a holiday the government designated, recorded by an administrator
 * (`designated`); an office closure (`closure`).
 */
export type DaySource = 'weekend' | 'library' | 'statute' | 'designated' | 'closure';
export const DAY_SOURCES: readonly DaySource[] = ['weekend', 'library', 'statute', 'designated', 'closure'];

/** Why a day is not a working day; names in Korean and English so the output does not depend on a locale. */
export interface ClosedDay {
  kind: ClosedKind;
  source: DaySource;
  name: Localized;
  /** True for a substitute holiday (대체공휴일). */
  substitute: boolean;
}

/** A half-open span of time `[from, to)` in epoch milliseconds. */
export interface Span {
  from: number;
  to: number;
}

export interface WorkingCalendar {
  /** The version of the jurisdiction's calendar this value was built from; null when built without one. */
  readonly version: number | null;
  readonly timeZone: string;
  readonly weekend: readonly IsoWeekday[];
  readonly workingHours: WorkingHours;
  /** The jurisdiction-local date of an instant. */
  localDate(at: Date | number): LocalDate;
  /** RFC 3339 with the zone's offset, to the second: the text `toRfc3339` in `time.ts` gives, computed faster. */
  toRfc3339(at: Date | number): string;
  isWorkingDay(date: LocalDate): boolean;
  /** Null on a working day; otherwise the reason, preferring holiday over closure over weekend. */
  whyClosed(date: LocalDate): ClosedDay | null;
  /** Every non-working day from `from` to `to`, both included, with its reason. */
  closedDaysBetween(from: LocalDate, to: LocalDate): (ClosedDay & { date: LocalDate })[];
  /** Working spans of a date (empty on a non-working day). */
  workingSpans(date: LocalDate): readonly Span[];
  /** The instant working hours open and close on a date, whether or not it is a working day. */
  opening(date: LocalDate): number;
  closing(date: LocalDate): number;
  /** The first and last millisecond of a local date. */
  startOfDay(date: LocalDate): number;
  endOfDay(date: LocalDate): number;
  /** Same wall-clock time `n` working days later (earlier when negative), counted from the start's date. */
  addWorkingDays(start: Date, n: number): Date;
  /** The instant `hours` of working time after `start`, skipping nights, breaks, non-working days and `stops`. */
  addWorkingHours(start: Date, hours: number, stops?: readonly Span[]): Date;
  /** Same wall-clock time `n` calendar days later in the jurisdiction's zone (so across DST changes too). */
  addCalendarDays(start: Date, n: number): Date;
  /** Working time from `a` to `b`: minutes inside working hours (minus `stops`), and working days crossed. */
  workingTimeBetween(a: Date, b: Date, stops?: readonly Span[]): { minutes: number; workingDays: number };
  /** Low-level form of `addWorkingHours` in epoch milliseconds and minutes. */
  addWorkingMinutesMs(start: number, minutes: number, stops?: readonly Span[]): number;
  /** Low-level working minutes in `[a, b)` minus `stops`, in epoch milliseconds. */
  workingMinutesBetweenMs(a: number, b: number, stops?: readonly Span[]): number;
}

const DAY_MS = 86_400_000;
/** No deadline is searched further than this; a calendar with no working day in twenty years is a mistake. */
const MAX_DAYS = 7_305;

const WEEKDAY_NAMES: Record<IsoWeekday, Localized> = {
  1: { ko: '월요일', en: 'Monday', zh: '星期一', fr: 'lundi', es: 'lunes', ru: 'понедельник', ar: 'الاثنين' },
  2: { ko: '화요일', en: 'Tuesday', zh: '星期二', fr: 'mardi', es: 'martes', ru: 'вторник', ar: 'الثلاثاء' },
  3: { ko: '수요일', en: 'Wednesday', zh: '星期三', fr: 'mercredi', es: 'miércoles', ru: 'среда', ar: 'الأربعاء' },
  4: { ko: '목요일', en: 'Thursday', zh: '星期四', fr: 'jeudi', es: 'jueves', ru: 'четверг', ar: 'الخميس' },
  5: { ko: '금요일', en: 'Friday', zh: '星期五', fr: 'vendredi', es: 'viernes', ru: 'пятница', ar: 'الجمعة' },
  6: { ko: '토요일', en: 'Saturday', zh: '星期六', fr: 'samedi', es: 'sábado', ru: 'суббота', ar: 'السبت' },
  7: { ko: '일요일', en: 'Sunday', zh: '星期日', fr: 'dimanche', es: 'domingo', ru: 'воскресенье', ar: 'الأحد' },
};

function localized(reason: string | Localized): Localized {
  return typeof reason === 'string' ? { ko: reason, en: reason } : { ko: reason.ko, en: reason.en };
}

function parseClock(text: string): number {
  const m = /^(\d{2}):(\d{2})$/.exec(text);
  const minutes = m ? Number(m[1]) * 60 + Number(m[2]) : NaN;
  if (!m || Number(m[2]) > 59 || minutes > 24 * 60) throw new Error(`not a time of day (HH:mm): ${text}`);
  return minutes;
}

/** Minute-of-day spans of working time, breaks removed. */
function dailySpans(hours: WorkingHours): Span[] {
  const start = parseClock(hours.start);
  const end = parseClock(hours.end);
  if (end <= start) throw new Error('working hours must end after they start');
  let spans: Span[] = [{ from: start, to: end }];
  for (const b of hours.breaks) {
    const bs = parseClock(b.start);
    const be = parseClock(b.end);
    if (be <= bs) throw new Error('a break must end after it starts');
    spans = spans.flatMap((s) =>
      [
        { from: s.from, to: Math.min(s.to, bs) },
        { from: Math.max(s.from, be), to: s.to },
      ].filter((p) => p.to > p.from),
    );
  }
  return spans;
}

/** Builds a calendar; throws on an unknown country, a malformed date or malformed working hours. */
export function createCalendar(options: CalendarOptions): WorkingCalendar {
  const { timeZone, country } = options;
  if (!DateTime.local().setZone(timeZone).isValid) throw new Error(`unknown time zone: ${timeZone}`);
  const weekend = [...(options.weekend ?? [6, 7])] as IsoWeekday[];
  if (weekend.some((d) => !Number.isInteger(d) || d < 1 || d > 7) || new Set(weekend).size > 6) throw new Error(`not a weekend: ${weekend.join(',')}`);
  const workingHours = options.workingHours ?? DEFAULT_WORKING_HOURS;
  const spansOfDay = dailySpans(workingHours);
  const closures = new Map<LocalDate, ClosedDay>();
  for (const c of options.extraClosures ?? []) {
    dayNumber(c.date);
    const designated = c.kind === 'designated' || c.kind === 'holiday';
    const day: ClosedDay = { kind: designated ? 'holiday' : 'closure', source: designated ? 'designated' : 'closure', name: localized(c.reason), substitute: false };
    const prior = closures.get(c.date);
    closures.set(c.date, prior ? { ...(prior.kind === 'holiday' ? prior : day), name: joinNames(prior.name, day.name) } : day);
  }
  const opened = new Set<LocalDate>();
  for (const d of options.extraWorkingDays ?? []) {
    dayNumber(d.date);
    opened.add(d.date);
  }
  const holidaysOn = country ? publicHolidays(country, options.state, timeZone) : () => [];

  const closedCache = new Map<LocalDate, ClosedDay | null>();
  const spanCache = new Map<LocalDate, { hours: Span[]; working: Span[] }>();

  function holidayOn(date: LocalDate): ClosedDay | null {
    const list = holidaysOn(date);
    if (!list.length) return null;
    const name = list.map((h) => h.name).reduce(joinNames);
    return { kind: 'holiday', source: list.some((h) => h.source === 'library') ? 'library' : 'statute', name, substitute: list.every((h) => h.substitute) };
  }

  function whyClosed(date: LocalDate): ClosedDay | null {
    const cached = closedCache.get(date);
    if (cached !== undefined) return cached;
    let why: ClosedDay | null = null;
    if (!opened.has(date)) {
      const weekday = isoWeekday(date);
      const holiday = holidayOn(date);
      const closure = closures.get(date);
      const weekendDay: ClosedDay | null = weekend.includes(weekday)
        ? { kind: 'weekend', source: 'weekend', name: WEEKDAY_NAMES[weekday], substitute: false }
        : null;
      // An administrator's closure on a library holiday keeps the holiday first and adds its own reason.
      why = holiday && closure ? { ...holiday, name: joinNames(holiday.name, closure.name) } : (holiday ?? closure ?? weekendDay);
    }
    closedCache.set(date, why);
    return why;
  }

  function spansOn(date: LocalDate) {
    let cached = spanCache.get(date);
    if (!cached) {
      const midnight = DateTime.fromISO(date, { zone: timeZone }).startOf('day');
      const at = (minute: number) =>
        minute >= 24 * 60
          ? midnight.plus({ days: 1 }).startOf('day').toMillis()
          : midnight.set({ hour: Math.floor(minute / 60), minute: minute % 60 }).toMillis();
      const hours = spansOfDay.map((s) => ({ from: at(s.from), to: at(s.to) }));
      cached = { hours, working: whyClosed(date) ? [] : hours };
      spanCache.set(date, cached);
    }
    return cached;
  }

  const zone = DateTime.local().setZone(timeZone).zone;
  const offsetMs = (ms: number): number => zoneOffsetMs(timeZone, ms);
  const toMs = (at: Date | number) => {
    const ms = typeof at === 'number' ? at : at.getTime();
    if (!Number.isFinite(ms)) throw new Error(`invalid instant: ${String(at)}`);
    return ms;
  };
  /** The day number (days since 1970-01-01) of an instant's local date. */
  const localDay = (ms: number): number => Math.floor((ms + offsetMs(ms)) / DAY_MS);
  const localDate = (at: Date | number): LocalDate => fromDayNumber(localDay(toMs(at)));
  const utcZero = zone.isUniversal && zone.offset(0) === 0;
  const rfc3339 = (at: Date | number): string => {
    const ms = toMs(at);
    const offset = offsetMs(ms);
    const local = new Date(ms + offset);
    const two = (n: number) => (n < 10 ? '0' : '') + n;
    const time = `${two(local.getUTCHours())}:${two(local.getUTCMinutes())}:${two(local.getUTCSeconds())}`;
    const minutes = Math.abs(offset) / 60_000;
    const suffix = utcZero ? 'Z' : `${offset < 0 ? '-' : '+'}${two(Math.floor(minutes / 60))}:${two(minutes % 60)}`;
    return `${fromDayNumber(Math.floor((ms + offset) / DAY_MS))}T${time}${suffix}`;
  };
  const dayBounds = new Map<LocalDate, { start: number; end: number }>();
  const boundsOf = (date: LocalDate) => {
    let bounds = dayBounds.get(date);
    if (!bounds) {
      const day = DateTime.fromISO(date, { zone: timeZone });
      bounds = { start: day.startOf('day').toMillis(), end: day.endOf('day').toMillis() };
      dayBounds.set(date, bounds);
    }
    return bounds;
  };

  /** Walks the running working spans from `from` onwards (stops removed) until `visit` returns true. */
  function walkRunning(from: number, stops: readonly Span[], visit: (span: Span) => boolean): void {
    const sorted = normaliseSpans(stops);
    let date = localDate(from);
    for (let i = 0; i < MAX_DAYS; i++, date = plusDays(date, 1)) {
      for (const span of spansOn(date).working) {
        if (span.to <= from) continue;
        for (const piece of subtract({ from: Math.max(span.from, from), to: span.to }, sorted)) {
          if (visit(piece)) return;
        }
      }
    }
    throw new Error('no working time within twenty years: check the calendar');
  }

  function addWorkingMinutesMs(start: number, minutes: number, stops: readonly Span[] = []): number {
    if (minutes < 0) throw new Error('working time to add must not be negative');
    let remaining = Math.round(minutes * 60_000);
    if (remaining === 0) return start;
    let due = start;
    walkRunning(start, stops, (piece) => {
      const length = piece.to - piece.from;
      if (remaining <= length) {
        due = piece.from + remaining;
        return true;
      }
      remaining -= length;
      return false;
    });
    return due;
  }

  // Working time between two instants is asked for many times per clock, over spans of months: it is read from
  // running totals of working milliseconds per day, kept in blocks of days (a bounded number per calendar), so a span
  // costs its two edge days and one subtraction per block instead of a walk over every day in it.
  const BLOCK_DAYS = 256;
  const MAX_BLOCKS = 64;
  const blocks = new Map<number, Float64Array>();
  /** Running totals of block `k`: entry i is the working milliseconds of the block's first i days. */
  function blockTotals(k: number): Float64Array {
    let totals = blocks.get(k);
    if (!totals) {
      totals = new Float64Array(BLOCK_DAYS + 1);
      for (let i = 0; i < BLOCK_DAYS; i++) {
        let day = 0;
        for (const span of spansOn(fromDayNumber(k * BLOCK_DAYS + i)).working) day += span.to - span.from;
        totals[i + 1] = totals[i]! + day;
      }
      if (blocks.size < MAX_BLOCKS) blocks.set(k, totals);
    }
    return totals;
  }
  /** Working milliseconds of the whole days numbered `from` (included) to `to` (excluded). */
  function wholeDaysMs(from: number, to: number): number {
    if (to <= from) return 0;
    const k1 = Math.floor(from / BLOCK_DAYS);
    const k2 = Math.floor(to / BLOCK_DAYS);
    const first = blockTotals(k1);
    if (k1 === k2) return first[to - k2 * BLOCK_DAYS]! - first[from - k1 * BLOCK_DAYS]!;
    let total = first[BLOCK_DAYS]! - first[from - k1 * BLOCK_DAYS]!;
    for (let k = k1 + 1; k < k2; k++) total += blockTotals(k)[BLOCK_DAYS]!;
    return total + blockTotals(k2)[to - k2 * BLOCK_DAYS]!;
  }
  /** Working milliseconds of day number `day` that fall within [a, b). */
  function partOfDayMs(day: number, a: number, b: number): number {
    let total = 0;
    for (const span of spansOn(fromDayNumber(day)).working) {
      const from = Math.max(span.from, a);
      const to = Math.min(span.to, b);
      if (to > from) total += to - from;
    }
    return total;
  }
  /** Working milliseconds in [a, b), a <= b: the edge days' spans clipped, the days between from the running totals. */
  function workingMsBetween(a: number, b: number): number {
    const first = localDay(a);
    const last = localDay(b);
    if (first === last) return partOfDayMs(first, a, b);
    return partOfDayMs(first, a, Infinity) + wholeDaysMs(first + 1, last) + partOfDayMs(last, -Infinity, b);
  }

  function workingMinutesBetweenMs(a: number, b: number, stops: readonly Span[] = []): number {
    if (b < a) return -workingMinutesBetweenMs(b, a, stops);
    boundedSpan(localDate(a), localDate(b));
    let total = workingMsBetween(a, b);
    // Merged stops never overlap, so each one's working time within [a, b) is taken away once.
    for (const stop of normaliseSpans(stops)) {
      const from = Math.max(stop.from, a);
      const to = Math.min(stop.to, b);
      if (to > from) total -= workingMsBetween(from, to);
    }
    return total / 60_000;
  }

  function workingDaysAfter(a: LocalDate, b: LocalDate): number {
    if (b < a) return -workingDaysAfter(b, a);
    boundedSpan(a, b);
    let count = 0;
    for (let d = plusDays(a, 1); d <= b; d = plusDays(d, 1)) if (!whyClosed(d)) count++;
    return count;
  }

  return {
    version: options.version ?? null,
    timeZone,
    weekend,
    workingHours,
    localDate,
    isWorkingDay: (date) => whyClosed(date) === null,
    whyClosed,
    closedDaysBetween(from, to) {
      boundedSpan(from, to);
      const out: (ClosedDay & { date: LocalDate })[] = [];
      for (let d = from; d <= to; d = plusDays(d, 1)) {
        const why = whyClosed(d);
        if (why) out.push({ date: d, ...why });
      }
      return out;
    },
    workingSpans: (date) => spansOn(date).working,
    opening: (date) => spansOn(date).hours[0]!.from,
    closing: (date) => spansOn(date).hours[spansOn(date).hours.length - 1]!.to,
    startOfDay: (date) => boundsOf(date).start,
    endOfDay: (date) => boundsOf(date).end,
    toRfc3339: rfc3339,
    addWorkingDays(start, n) {
      if (!Number.isInteger(n)) throw new Error('working days to add must be a whole number');
      const step = n < 0 ? -1 : 1;
      let date = localDate(start);
      for (let left = Math.abs(n), i = 0; left > 0; i++) {
        if (i > MAX_DAYS) throw new Error('no working day within twenty years: check the calendar');
        date = plusDays(date, step);
        if (!whyClosed(date)) left--;
      }
      const [y, m, d] = date.split('-').map(Number) as [number, number, number];
      return DateTime.fromJSDate(start, { zone: timeZone }).set({ year: y, month: m, day: d }).toJSDate();
    },
    addWorkingHours: (start, hours, stops) => new Date(addWorkingMinutesMs(start.getTime(), hours * 60, stops)),
    addCalendarDays: (start, n) => DateTime.fromJSDate(start, { zone: timeZone }).plus({ days: n }).toJSDate(),
    workingTimeBetween: (a, b, stops) => ({
      minutes: workingMinutesBetweenMs(a.getTime(), b.getTime(), stops),
      workingDays: workingDaysAfter(localDate(a), localDate(b)),
    }),
    addWorkingMinutesMs,
    workingMinutesBetweenMs,
  };
}

/**
 * Refuses to walk more than `MAX_DAYS` days: every input that reaches the calendar is bounded well inside that (a
 * case's life, an extension), so a longer span is a bug, and walking it would hold the server for minutes.
 */
function boundedSpan(from: LocalDate, to: LocalDate): void {
  if (dayNumber(to) - dayNumber(from) > MAX_DAYS) throw new RangeError(`a span of more than twenty years (${from} to ${to}) is not a deadline`);
}

function joinNames(a: Localized, b: Localized): Localized {
  return { ko: `${a.ko}, ${b.ko}`, en: `${a.en}, ${b.en}` };
}

/** Sorts spans and merges the ones that overlap or touch. */
export function normaliseSpans(spans: readonly Span[]): Span[] {
  const sorted = spans.filter((s) => s.to > s.from).sort((x, y) => x.from - y.from);
  const out: Span[] = [];
  for (const s of sorted) {
    const last = out[out.length - 1];
    if (last && s.from <= last.to) last.to = Math.max(last.to, s.to);
    else out.push({ ...s });
  }
  return out;
}

/** The parts of `span` outside every one of the sorted, merged `stops`. */
function subtract(span: Span, stops: readonly Span[]): Span[] {
  const out: Span[] = [];
  let cursor = span.from;
  for (const stop of stops) {
    if (stop.to <= cursor) continue;
    if (stop.from >= span.to) break;
    if (stop.from > cursor) out.push({ from: cursor, to: stop.from });
    cursor = Math.max(cursor, stop.to);
    if (cursor >= span.to) break;
  }
  if (cursor < span.to) out.push({ from: cursor, to: span.to });
  return out;
}
