import type { Rng } from './random.js';

/**
 * Working time in Asia/Seoul for the demo generator. Korea has kept UTC+09:00 without daylight saving since
 * 1988, so a fixed offset is exact and far faster than a time-zone library over tens of thousands of events.
 * The holiday list is the demo's approximation of the Korean public holidays (fixed dates plus the lunar and
 * substitute holidays of 2024–2027); the product's own calendar lives elsewhere.
 */

const OFFSET_MS = 9 * 3_600_000;
export const DAY_MS = 86_400_000;
export const MINUTE_MS = 60_000;

const FIXED_HOLIDAYS = ['01-01', '03-01', '05-05', '06-06', '08-15', '10-03', '10-09', '12-25'];
const MOVING_HOLIDAYS = new Set([
  '2024-02-09', '2024-02-10', '2024-02-11', '2024-02-12', '2024-04-10', '2024-05-06', '2024-05-15',
  '2024-09-16', '2024-09-17', '2024-09-18', '2024-10-01',
  '2025-01-27', '2025-01-28', '2025-01-29', '2025-01-30', '2025-03-03', '2025-05-06', '2025-06-03',
  '2025-10-06', '2025-10-07', '2025-10-08',
  '2026-02-16', '2026-02-17', '2026-02-18', '2026-03-02', '2026-05-25', '2026-06-03', '2026-08-17',
  '2026-09-24', '2026-09-25', '2026-09-26', '2026-10-05',
  '2027-02-08', '2027-02-09', '2027-05-13', '2027-09-14', '2027-09-15', '2027-09-16', '2027-10-04',
  '2027-10-11', '2027-12-27',
]);

/** Days since 1970-01-01 in Seoul's local calendar. */
export function localDay(t: number): number {
  return Math.floor((t + OFFSET_MS) / DAY_MS);
}

/** Minutes since local midnight. */
export function localMinute(t: number): number {
  return Math.floor(((t + OFFSET_MS) % DAY_MS) / MINUTE_MS);
}

/** The instant of a local day and minute. */
export function atLocal(day: number, minute: number, second = 0): number {
  return day * DAY_MS + minute * MINUTE_MS + second * 1000 - OFFSET_MS;
}

/** `YYYY-MM-DD` of a local day. */
export function dayIso(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

export function localYear(t: number): number {
  return new Date(t + OFFSET_MS).getUTCFullYear();
}

const workingCache = new Map<number, boolean>();

export function isWorkingDay(day: number): boolean {
  let working = workingCache.get(day);
  if (working === undefined) {
    const weekday = (day + 4) % 7; // 1970-01-01 was a Thursday; 0 is Sunday.
    const iso = dayIso(day);
    working = weekday !== 0 && weekday !== 6 && !FIXED_HOLIDAYS.includes(iso.slice(5)) && !MOVING_HOLIDAYS.has(iso);
    workingCache.set(day, working);
  }
  return working;
}

/** The `n`th working day after `day` (n >= 1), or `day` itself when n is 0 and it is a working day. */
export function addWorkingDays(day: number, n: number): number {
  let d = day;
  if (n <= 0) {
    while (!isWorkingDay(d)) d++;
    return d;
  }
  let left = n;
  while (left > 0) {
    d++;
    if (isWorkingDay(d)) left--;
  }
  return d;
}

const OPEN = 9 * 60;
const CLOSE = 17 * 60 + 50;

/** A moment in office hours on a working day 0..n days after `t`, strictly after `t`. */
export function officeMomentAfter(t: number, rng: Rng, minDays: number, maxDays: number): number {
  let days = rng.int(minDays, maxDays);
  const day = localDay(t);
  const minute = localMinute(t);
  if (days === 0) {
    if (isWorkingDay(day) && minute < CLOSE - 10) {
      const from = Math.max(minute + 5, OPEN);
      const to = Math.min(Math.max(from, minute + 180), CLOSE);
      return atLocal(day, rng.int(from, to), rng.int(0, 59));
    }
    days = 1;
  }
  return atLocal(addWorkingDays(day, days), rng.int(OPEN, CLOSE), rng.int(0, 59));
}

/** A moment a few minutes after `t`, for acts done one after another. */
export function minutesAfter(t: number, rng: Rng, min = 1, max = 15): number {
  return t + rng.int(min, max) * MINUTE_MS + rng.int(0, 59) * 1000;
}

/** A random moment in office hours on the working day on or before `day`. */
export function officeMomentOn(day: number, rng: Rng): number {
  let d = day;
  while (!isWorkingDay(d)) d--;
  return atLocal(d, rng.int(OPEN, CLOSE), rng.int(0, 59));
}
