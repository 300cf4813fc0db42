import { demoCalendar } from './designatedDays.js';
import type { Rng } from './random.js';

/**
 * Working time in Asia/Seoul for the demo generator. Korea has kept UTC+09:00 without daylight saving since
 * 1988, so a fixed offset is exact and far faster than a time-zone library over tens of thousands of events.
 * Which days are working days is the product's own calendar's answer (`demoCalendar`: the holiday rules, election days
 * and the designated days the demo records), asked once per day, so a history never has an official at work on a
 * day the public page says the office was closed.
 */

const OFFSET_MS = 9 * 3_600_000;
export const DAY_MS = 86_400_000;
export const MINUTE_MS = 60_000;

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
    working = demoCalendar().isWorkingDay(dayIso(day));
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
