import type { ProcedureField, Status } from './types.js';
import { CLOSED_STATUSES } from './types.js';

/**
 * Open311 GeoReport v2's rules as Daylight applies them: pure functions from Daylight's vocabulary to the
 * spec's, and the checks of a request's parameters. No I/O.
 */

/** The formats a GeoReport resource is served in, chosen by its suffix (`/services.xml`). */
export const OPEN311_FORMATS = ['xml', 'json'] as const;
export type Open311Format = (typeof OPEN311_FORMATS)[number];

/** The spec's longest description, in characters. */
export const OPEN311_DESCRIPTION_MAX = 4000;
/** Requests a list answers by default and at most (the spec's default is 1,000; a page here computes every due date). */
export const OPEN311_PAGE_SIZE_DEFAULT = 50;
export const OPEN311_PAGE_SIZE_MAX = 200;
/** The deepest row a list reaches by page number; past it a client narrows the dates instead. */
export const OPEN311_DEEPEST_ROW = 10_000;
/** The spec's longest span between start_date and end_date, in days. */
export const OPEN311_MAX_SPAN_DAYS = 90;
/** Most request ids one list call may name. */
export const OPEN311_MAX_IDS = 100;

export type Open311Status = 'open' | 'closed';

/** A Daylight status as Open311 reads it: decided or withdrawn applications are closed, all others open. */
export function open311Status(status: Status): Open311Status {
  return CLOSED_STATUSES.includes(status) ? 'closed' : 'open';
}

/** The Daylight statuses behind an Open311 status. */
export function statusesFor(status: Open311Status): Status[] {
  const closed = new Set<Status>(CLOSED_STATUSES);
  return (['received', 'in_review', 'awaiting_applicant', 'approved', 'approved_with_conditions', 'rejected', 'withdrawn'] as Status[]).filter(
    (s) => closed.has(s) === (status === 'closed'),
  );
}

export type Open311Datatype = 'string' | 'number' | 'datetime' | 'text' | 'singlevaluelist' | 'multivaluelist';

/** The datatype a procedure field is offered as: a number stays a number, a long text is `text`, the rest `string`. */
export function open311Datatype(field: Pick<ProcedureField, 'type'>): Open311Datatype {
  if (field.type === 'number') return 'number';
  if (field.type === 'textarea') return 'text';
  return 'string';
}

/** The spec's problem with one parameter: the HTTP status, a stable code and the parameter it concerns. */
export interface Open311Issue {
  status: 400 | 403 | 404;
  /** A stable code clients may match on (the body's `code` need not equal the HTTP status, the spec says). */
  code: string;
  /** The parameter concerned, named in the message. */
  parameter: string;
  /** Values the message names (the ids a client may use instead). */
  values?: Record<string, string>;
}

/**
 * Parses an Open311 date-time: W3C/ISO 8601 with seconds optional and a zone (`Z` or `±HH:MM`) required. Null when
 * malformed or without a zone, so `2026-01-02` or `2026-01-02T10:00` are refused rather than guessed.
 */
export function parseOpen311Datetime(text: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/.exec(text.trim());
  if (!m) return null;
  const [, y, mo, d, h, mi, s] = m.map(Number) as number[];
  if (mo! < 1 || mo! > 12 || d! < 1 || d! > 31 || h! > 23 || mi! > 59 || (s ?? 0) > 59) return null;
  const at = new Date(text.trim());
  if (Number.isNaN(at.getTime())) return null;
  // Date accepts 2026-02-31 and rolls it over; the day must survive the round trip in its own offset.
  const zone = m[7]!;
  const offsetMin = zone === 'Z' ? 0 : (zone.startsWith('-') ? -1 : 1) * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6)));
  const local = new Date(at.getTime() + offsetMin * 60_000);
  if (local.getUTCFullYear() !== y || local.getUTCMonth() + 1 !== mo || local.getUTCDate() !== d) return null;
  return at;
}

export interface RequestListQuery {
  ids: string[] | null;
  /** The procedures asked for (`service_code`, comma-delimited as the spec allows), or null for every one. */
  serviceCodes: string[] | null;
  start: Date | null;
  end: Date | null;
  statuses: Open311Status[] | null;
  page: number;
  pageSize: number;
}

/**
 * Reads the request list's parameters (`service_request_id`, `service_code`, `start_date`, `end_date`, `status`,
 * `page`, `page_size`); `service_request_id`, `service_code` and `status` may list several values, comma-delimited.
 * Empty parameters count as absent, as the spec says. Without a start date the list covers the 90 days before the end
 * date (or now); a range may span at most 90 days. Returns the issues when anything is wrong.
 */
export function readRequestListQuery(q: Record<string, string | undefined>, now: Date): { query: RequestListQuery } | { issues: Open311Issue[] } {
  const issues: Open311Issue[] = [];
  const value = (name: string) => (q[name]?.trim() ? q[name]!.trim() : null);
  const idsText = value('service_request_id');
  const ids = idsText ? idsText.split(',').map((s) => s.trim()).filter(Boolean) : null;
  if (ids && ids.length > OPEN311_MAX_IDS) issues.push({ status: 400, code: 'too_many_ids', parameter: 'service_request_id' });
  const startText = value('start_date');
  const endText = value('end_date');
  const start = startText ? parseOpen311Datetime(startText) : null;
  const end = endText ? parseOpen311Datetime(endText) : null;
  if (startText && !start) issues.push({ status: 400, code: 'malformed_date', parameter: 'start_date' });
  if (endText && !end) issues.push({ status: 400, code: 'malformed_date', parameter: 'end_date' });
  const spanMs = OPEN311_MAX_SPAN_DAYS * 86_400_000;
  if (start && end) {
    if (end.getTime() < start.getTime()) issues.push({ status: 400, code: 'end_before_start', parameter: 'end_date' });
    else if (end.getTime() - start.getTime() > spanMs) issues.push({ status: 400, code: 'span_too_long', parameter: 'end_date' });
  }
  const statusText = value('status');
  let statuses: Open311Status[] | null = null;
  if (statusText) {
    const parts = [...new Set(statusText.split(',').map((s) => s.trim().toLowerCase()))];
    if (parts.some((s) => s !== 'open' && s !== 'closed')) issues.push({ status: 400, code: 'unknown_status', parameter: 'status' });
    else statuses = parts as Open311Status[];
  }
  const page = readPositive(value('page'), 1, Number.MAX_SAFE_INTEGER);
  const pageSize = readPositive(value('page_size'), OPEN311_PAGE_SIZE_DEFAULT, OPEN311_PAGE_SIZE_MAX);
  if (page === null) issues.push({ status: 400, code: 'bad_page', parameter: 'page' });
  if (pageSize === null) issues.push({ status: 400, code: 'bad_page_size', parameter: 'page_size' });
  if (page !== null && pageSize !== null && page * pageSize > OPEN311_DEEPEST_ROW) issues.push({ status: 400, code: 'page_too_deep', parameter: 'page' });
  if (issues.length) return { issues };
  // The spec's default window: the 90 days up to the end date (or now) when no start is given, unless ids are named.
  const windowEnd = end ?? (start ? new Date(start.getTime() + spanMs) : now);
  const windowStart = start ?? new Date(windowEnd.getTime() - spanMs);
  return {
    query: {
      ids,
      serviceCodes: listOf(value('service_code')),
      start: ids ? null : windowStart,
      end: ids ? null : windowEnd,
      statuses: ids ? null : statuses,
      page: ids ? 1 : page!,
      pageSize: ids ? OPEN311_MAX_IDS : pageSize!,
    },
  };
}

/** A comma-delimited parameter's distinct non-empty values, or null when it names none. */
function listOf(text: string | null): string[] | null {
  const values = [...new Set((text ?? '').split(',').map((s) => s.trim()).filter(Boolean))];
  return values.length ? values : null;
}

function readPositive(text: string | null, fallback: number, max: number): number | null {
  if (text === null) return fallback;
  if (!/^\d{1,9}$/.test(text)) return null;
  const n = Number(text);
  return n >= 1 && n <= max ? n : null;
}

/** A create request's parameters as Daylight files them. */
export interface CreateRequestDraft {
  serviceCode: string;
  title: string;
  address: string;
  parcelId?: string;
  lat?: number;
  lng?: number;
  applicant: { name: string; email?: string; phone?: string };
  fields: Record<string, string>;
}

const TITLE_MAX = 200;

/**
 * Reads a POST Service Request form: `service_code`, a location (`address_string` is required here, since a permit is
 * filed for an address; `lat`/`long` and `address_id` add to it), `description` (the project's one-line title, at
 * most 200 characters, and never more than the spec's 4,000), the applicant (`first_name`, `last_name`, `email`,
 * `phone`; kept private) and `attribute[code]` answers. Returns the issues when anything is wrong.
 */
export function readCreateRequest(body: Record<string, unknown>): { draft: CreateRequestDraft } | { issues: Open311Issue[] } {
  const issues: Open311Issue[] = [];
  const text = (name: string): string => {
    const v = body[name];
    const one = Array.isArray(v) ? v[0] : v;
    return typeof one === 'string' ? one.trim() : '';
  };
  const serviceCode = text('service_code');
  if (!serviceCode) issues.push({ status: 400, code: 'missing_service_code', parameter: 'service_code' });
  const description = text('description');
  if (description.length > OPEN311_DESCRIPTION_MAX) issues.push({ status: 400, code: 'description_too_long', parameter: 'description' });
  else if (!description) issues.push({ status: 400, code: 'missing_description', parameter: 'description' });
  else if (description.length > TITLE_MAX) issues.push({ status: 400, code: 'description_too_long_for_title', parameter: 'description' });
  const address = text('address_string');
  if (!address) issues.push({ status: 400, code: 'missing_location', parameter: 'address_string' });
  else if (address.length > 300) issues.push({ status: 400, code: 'address_too_long', parameter: 'address_string' });
  const latText = text('lat');
  const longText = text('long');
  let lat: number | undefined;
  let lng: number | undefined;
  if (latText || longText) {
    lat = Number(latText);
    lng = Number(longText);
    if (!latText || !/^-?\d{1,3}(\.\d+)?$/.test(latText) || !(lat >= -90 && lat <= 90)) issues.push({ status: 400, code: 'bad_lat', parameter: 'lat' });
    if (!longText || !/^-?\d{1,3}(\.\d+)?$/.test(longText) || !(lng >= -180 && lng <= 180)) issues.push({ status: 400, code: 'bad_long', parameter: 'long' });
  }
  const addressId = text('address_id');
  if (addressId.length > 60) issues.push({ status: 400, code: 'address_id_too_long', parameter: 'address_id' });
  const name = [text('first_name'), text('last_name')].filter(Boolean).join(' ');
  if (!name) issues.push({ status: 400, code: 'missing_name', parameter: 'first_name' });
  else if (name.length > 100) issues.push({ status: 400, code: 'name_too_long', parameter: 'first_name' });
  const email = text('email');
  if (email && (email.length > 200 || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email))) issues.push({ status: 400, code: 'bad_email', parameter: 'email' });
  const phone = text('phone');
  if (phone && !/^[+0-9 ()-]{6,40}$/.test(phone)) issues.push({ status: 400, code: 'bad_phone', parameter: 'phone' });
  const fields: Record<string, string> = {};
  let count = 0;
  for (const [key, raw] of Object.entries(body)) {
    const m = /^attribute\[([A-Za-z0-9_.-]{1,80})\](\[\])?$/.exec(key);
    if (!m) continue;
    if (++count > 100) break;
    const values = (Array.isArray(raw) ? raw : [raw]).filter((v): v is string => typeof v === 'string').slice(0, 50);
    const joined = values.map((v) => v.trim()).join(', ');
    if (joined.length > 2000) issues.push({ status: 400, code: 'attribute_too_long', parameter: `attribute[${m[1]}]` });
    else fields[m[1]!] = joined;
  }
  if (issues.length) return { issues };
  return {
    draft: {
      serviceCode, title: description, address,
      ...(addressId ? { parcelId: addressId } : {}),
      ...(lat !== undefined && lng !== undefined ? { lat, lng } : {}),
      applicant: { name, ...(email ? { email } : {}), ...(phone ? { phone } : {}) },
      fields,
    },
  };
}
