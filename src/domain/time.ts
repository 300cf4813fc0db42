import { DateTime } from 'luxon';

/** A time zone's offset from UTC in milliseconds at an instant, cached per quarter hour (see `zoneOffsetMs`). */
const zoneCaches = new Map<string, { offsetMinutes: (ms: number) => number; offsets: Map<number, number>; utc: boolean }>();

/**
 * The offset of `timeZone` at `ms`, in milliseconds. Every offset change in the time zone database since 1970 falls
 * on a quarter hour, so offsets are cached per quarter hour of UTC: asking Intl (through Luxon) is by far the slowest
 * step of formatting a time. Throws for an unknown zone.
 */
export function zoneOffsetMs(timeZone: string, ms: number): number {
  let cache = zoneCaches.get(timeZone);
  if (!cache) {
    const zone = DateTime.local().setZone(timeZone).zone;
    if (!zone.isValid) throw new Error(`unknown time zone: ${timeZone}`);
    cache = { offsetMinutes: (at) => zone.offset(at), offsets: new Map(), utc: zone.isUniversal && zone.offset(0) === 0 };
    zoneCaches.set(timeZone, cache);
  }
  const bucket = Math.floor(ms / 900_000);
  let offset = cache.offsets.get(bucket);
  if (offset === undefined) {
    offset = cache.offsetMinutes(ms) * 60_000;
    if (cache.offsets.size > 100_000) cache.offsets.clear();
    cache.offsets.set(bucket, offset);
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
