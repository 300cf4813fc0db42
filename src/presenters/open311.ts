import type { ApplicationClock } from '../domain/clock.js';
import { open311Datatype, open311Status } from '../domain/open311.js';
import type { Locale } from '../domain/types.js';
import type { CatalogueRow, PublicCaseRow } from '../db/repos/publicRead.js';
import { pick, type Translate } from '../i18n/index.js';
import { presentApplication } from './public.js';
import { xml } from '../feeds/atom.js';

/**
 * The Open311 GeoReport v2 presenter: services, service definitions and requests shaped as the spec's records, in
 * JSON and in XML (the spec's Spark convention: a JSON array of records is an XML list element of record elements).
 * It builds a request only from the public presentation of an application, so nothing personal can reach it.
 */

/** A value an Open311 record may hold; absent members are left out of both formats. */
export type Open311Value = string | number | boolean | Open311Record | Open311Record[];
export interface Open311Record {
  [member: string]: Open311Value | undefined;
}

export interface Open311Service extends Open311Record {
  service_code: string;
  service_name: string;
  description: string;
  metadata: boolean;
  type: 'realtime';
  keywords: string;
  group: string;
}

/** One procedure as an Open311 service: grouped by its category, with its stages and unit as keywords. */
export function presentService(p: CatalogueRow, locale: Locale, t: Translate): Open311Service {
  const keywords = [p.name.ko, p.name.en, t(`category.${p.category}`), p.unit.name.ko, p.unit.name.en, p.code];
  return {
    service_code: p.code,
    service_name: pick(p.name, locale),
    description: pick(p.purpose, locale),
    metadata: p.fields.length > 0,
    type: 'realtime',
    keywords: [...new Set(keywords.filter(Boolean))].join(', '),
    group: t(`category.${p.category}`),
  };
}

/** A procedure's own form fields as the service definition's attributes, in the order the form shows them. */
export function presentServiceDefinition(p: CatalogueRow, locale: Locale, t: Translate): Open311Record {
  return {
    service_code: p.code,
    attributes: p.fields.map((f, i) => ({
      variable: true,
      code: f.key,
      datatype: open311Datatype(f),
      required: f.required,
      datatype_description: f.type === 'number' ? t('opendata.open311.number_description') : '',
      order: i + 1,
      description: pick(f.label, locale),
    })),
  };
}

/**
 * One application as an Open311 request: its status (open or closed), the latest public event as `status_notes`, the
 * department as `agency_responsible` and the computed statutory due date as `expected_datetime`.
 */
export function presentRequest(c: PublicCaseRow, clock: ApplicationClock | null, locale: Locale, t: Translate): Open311Record {
  const a = presentApplication(c);
  const last = a.events[a.events.length - 1];
  const notes = last ? eventNote(a, last, locale, t) : undefined;
  const updated = a.closed_at ?? last?.recorded_at ?? a.received_at;
  const due = clock?.application.due_at ?? undefined;
  return {
    service_request_id: a.number,
    status: open311Status(c.status),
    ...(notes ? { status_notes: notes } : {}),
    service_name: pick(a.procedure.name, locale),
    service_code: a.procedure.code,
    description: a.title,
    agency_responsible: pick(a.unit.name, locale),
    requested_datetime: a.received_at,
    updated_datetime: updated,
    ...(due && !a.closed_at ? { expected_datetime: due } : {}),
    address: a.location.address,
    ...(a.location.parcel_id ? { address_id: a.location.parcel_id } : {}),
    ...(a.location.lat !== null && a.location.lng !== null ? { lat: a.location.lat, long: a.location.lng } : {}),
  };
}

/** What the latest public event says, in the reader's language: its title and any published note or reason. */
function eventNote(a: ReturnType<typeof presentApplication>, e: ReturnType<typeof presentApplication>['events'][number], locale: Locale, t: Translate): string {
  const stage = a.stages.find((s) => s.key === e.data.stage);
  const unit = e.data.unit as { name?: { ko: string; en: string } } | undefined;
  const title = t(`event.${e.type}`, { stage: stage ? pick(stage.name, locale) : t('event.whole_application'), unit: unit?.name ? pick(unit.name, locale) : '' });
  const outcome = e.type === 'decision' && typeof e.data.outcome === 'string' ? t(`status.${e.data.outcome}`) : undefined;
  const texts = ['note', 'reason', 'reasons', 'conditions'].map((k) => e.data[k]).filter((v): v is string => typeof v === 'string' && v.length > 0);
  return [outcome ? `${title}: ${outcome}` : title, ...texts].join(' — ');
}

/** The list element and the record element of each Open311 list, per the spec's XML. */
const ITEM_OF: Record<string, string> = {
  services: 'service',
  service_requests: 'request',
  attributes: 'attribute',
  values: 'value',
  errors: 'error',
  endpoints: 'endpoint',
  formats: 'format',
};

/** An Open311 XML document: the declaration, then `root` holding `body` (a record, or a list of records). */
export function open311Xml(root: string, body: Open311Record | Open311Record[]): string {
  const inner = Array.isArray(body) ? body.map((r) => element(ITEM_OF[root] ?? 'item', r)).join('') : members(body);
  return `<?xml version="1.0" encoding="utf-8"?>\n<${root}>${inner}</${root}>\n`;
}

function members(record: Open311Record): string {
  return Object.entries(record)
    .filter(([, v]) => v !== undefined)
    .map(([name, v]) => element(name, v!))
    .join('');
}

function element(name: string, value: Open311Value | string[]): string {
  if (Array.isArray(value)) {
    const item = ITEM_OF[name] ?? 'item';
    return `<${name}>${(value as (Open311Record | string)[]).map((v) => (typeof v === 'string' ? `<${item}>${xml(v)}</${item}>` : element(item, v))).join('')}</${name}>`;
  }
  if (typeof value === 'object') return `<${name}>${members(value)}</${name}>`;
  return `<${name}>${xml(String(value))}</${name}>`;
}

/** The spec's error list: each error with a code and a description a person reads. */
export function open311Errors(errors: { code: number | string; description: string }[]): Open311Record[] {
  return errors.map((e) => ({ code: e.code, description: e.description }));
}
