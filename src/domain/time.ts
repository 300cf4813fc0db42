import { DateTime } from 'luxon';

/** A time zone's offset from UTC in milliseconds at an instant, cached per UTC day (see `zoneOffsetMs`). */
const zoneCaches = new Map<string, { offsetMinutes: (ms: number) => number; days: Map<number, number>; quarters: Map<number, number>; utc: boolean }>();

const DAY_MS = 86_400_000;
const QUARTER_MS = 900_000;

/**
 * The offset of `timeZone` at `ms`, in milliseconds. Asking Intl (through Luxon) is by far the slowest step of
 * formatting a time, and a public record formats dozens of instants spread over months, so offsets are cached per UTC
 * day: a day whose first and last millisecond have the same offset has it throughout (no zone changes its offset
 * twice in a day). A day in which the offset changes is cached per quarter hour instead, on which every change since
 * 1970 falls, and earlier ones are asked exactly. Throws for an unknown zone.
 */
export function zoneOffsetMs(timeZone: string, ms: number): number {
  let cache = zoneCaches.get(timeZone);
  if (!cache) {
    const zone = DateTime.local().setZone(timeZone).zone;
    if (!zone.isValid) throw new Error(`unknown time zone: ${timeZone}`);
    cache = { offsetMinutes: (at) => zone.offset(at), days: new Map(), quarters: new Map(), utc: zone.isUniversal && zone.offset(0) === 0 };
    zoneCaches.set(timeZone, cache);
  }
  const day = Math.floor(ms / DAY_MS);
  let offset = cache.days.get(day);
  if (offset !== undefined) return offset;
  const first = cache.offsetMinutes(day * DAY_MS) * 60_000;
  if (first === cache.offsetMinutes(day * DAY_MS + DAY_MS - 1) * 60_000) {
    if (cache.days.size > 100_000) cache.days.clear();
    cache.days.set(day, first);
    return first;
  }
  const quarter = Math.floor(ms / QUARTER_MS);
  offset = cache.quarters.get(quarter);
  if (offset === undefined) {
    const start = quarter * QUARTER_MS;
    offset = cache.offsetMinutes(start) * 60_000;
    // Before 1970 some changes fall between quarter hours: such a quarter is asked for the instant itself.
    if (offset !== cache.offsetMinutes(start + QUARTER_MS - 1) * 60_000) return cache.offsetMinutes(ms) * 60_000;
    if (cache.quarters.size > 100_000) cache.quarters.clear();
    cache.quarters.set(quarter, offset);
  }
  return offset;
}

const two = (n: number) => (n < 10 ? '0' : '') + n;

/** RFC 3339 with the jurisdiction's offset, to the second: the one form every API and log entry uses. */
export function toRfc3339(at: Date | string, timeZone: string): string {
  const ms = (typeof at === 'string' ? new Date(at) : at).getTime();
  if (!Number.isFinite(ms)) throw new Error(`cannot format ${String(at)} in ${timeZone}`);
  // Whole seconds, so the published form does not depend on the database's precision.
  const offset = zoneOffsetMs(timeZone, ms);
  const local = new Date(Math.floor(ms / 1000) * 1000 + offset);
  const year = local.getUTCFullYear();
  if (year < 0 || year > 9999) throw new Error(`cannot format ${String(at)} in ${timeZone}`);
  const minutes = Math.abs(offset) / 60_000;
  const suffix = zoneCaches.get(timeZone)!.utc ? 'Z' : `${offset < 0 ? '-' : '+'}${two(Math.floor(minutes / 60))}:${two(minutes % 60)}`;
  return (
    `${String(year).padStart(4, '0')}-${two(local.getUTCMonth() + 1)}-${two(local.getUTCDate())}` +
    `T${two(local.getUTCHours())}:${two(local.getUTCMinutes())}:${two(local.getUTCSeconds())}${suffix}`
  );
}

/** Parses an RFC 3339 timestamp with an offset, or a local `YYYY-MM-DDTHH:mm` in the given zone; null if invalid. */
export function parseTimestamp(text: string, timeZone: string): Date | null {
  const trimmed = text.trim();
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(trimmed)) {
    const dt = DateTime.fromISO(trimmed, { zone: timeZone });
    return dt.isValid ? dt.toJSDate() : null;
  }
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/i.test(trimmed)) return null;
  const dt = DateTime.fromISO(trimmed, { setZone: true });
  return dt.isValid ? dt.toJSDate() : null;
}

/** Formats an application number: year, jurisdiction code, seven-digit serial (`2026-GN-0001234`). */
export function formatNumber(year: number, code: string, serial: number): string {
  return `${year}-${code}-${String(serial).padStart(7, '0')}`;
}

export const NUMBER_PATTERN = /^\d{4}-[A-Z]{2,4}-\d{7}$/;
