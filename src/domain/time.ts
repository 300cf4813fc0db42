import { DateTime } from 'luxon';

/** RFC 3339 with the jurisdiction's offset, to the second: the one form every API and log entry uses. */
export function toRfc3339(at: Date | string, timeZone: string): string {
  const date = typeof at === 'string' ? new Date(at) : at;
  const iso = DateTime.fromJSDate(date, { zone: timeZone }).toISO({ suppressMilliseconds: true, includeOffset: true });
  if (!iso) throw new Error(`cannot format ${String(at)} in ${timeZone}`);
  // Drop fractional seconds so the published form does not depend on the database's precision.
  return iso.replace(/\.\d+(?=[+-Z])/, '');
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
