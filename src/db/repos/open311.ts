import type { Kysely } from 'kysely';
import type { Status } from '../../domain/types.js';
import type { DB } from '../schema.js';
import type { PublicCaseRow } from './publicRead.js';

/**
 * Queries behind Open311 GeoReport v2. Like every public query they select public columns only: the applicant's
 * name and contacts live in `application_private` and `event.private_data`, which nothing here reads.
 */

export interface Open311Jurisdiction {
  id: string;
  code: string;
  name_ko: string;
  name_en: string;
  time_zone: string;
}

/** Every jurisdiction, by its Open311 `jurisdiction_id` (its id, e.g. `gangnam.go.kr`). */
export async function open311Jurisdictions(db: Kysely<DB>): Promise<Open311Jurisdiction[]> {
  return db.selectFrom('jurisdiction').select(['id', 'code', 'name_ko', 'name_en', 'time_zone']).orderBy('code').execute();
}

export interface RequestFilters {
  jurisdictionId: string;
  numbers: string[] | null;
  procedureCode: string | null;
  from: Date | null;
  to: Date | null;
  statuses: Status[] | null;
  offset: number;
  limit: number;
}

/**
 * One page of a jurisdiction's applications as full public records (newest first), each with its public events so
 * its clock can be computed: two queries whatever the page size.
 */
export async function open311Requests(db: Kysely<DB>, f: RequestFilters): Promise<PublicCaseRow[]> {
  let query = db
    .selectFrom('application as a')
    .innerJoin('procedure as p', 'p.id', 'a.procedure_id')
    .innerJoin('unit as u', 'u.id', 'a.unit_id')
    .innerJoin('jurisdiction as j', 'j.id', 'a.jurisdiction_id')
    .select([
      'a.id', 'a.number', 'a.title', 'a.address', 'a.parcel_id', 'a.lat', 'a.lng', 'a.channel', 'a.status',
      'a.received_at', 'a.closed_at', 'a.stages', 'a.transfer_count', 'a.escalated_at',
      'p.code as p_code', 'p.version as p_version', 'p.name_ko as p_ko', 'p.name_en as p_en', 'p.category', 'p.statutory_days', 'p.stages as p_stages', 'p.fields as p_fields',
      'u.code as u_code', 'u.name_ko as u_ko', 'u.name_en as u_en',
      'j.id as j_id', 'j.code as j_code', 'j.name_ko as j_ko', 'j.name_en as j_en', 'j.time_zone', 'j.country', 'j.calendar_version',
    ])
    .where('a.jurisdiction_id', '=', f.jurisdictionId);
  if (f.numbers) query = query.where('a.number', 'in', f.numbers.length ? f.numbers : ['']);
  if (f.procedureCode) query = query.where('a.procedure_code', '=', f.procedureCode);
  if (f.statuses) query = query.where('a.status', 'in', f.statuses);
  if (f.from) query = query.where('a.received_at', '>=', f.from);
  if (f.to) query = query.where('a.received_at', '<=', f.to);
  const rows = await query.orderBy('a.received_at', 'desc').orderBy('a.id', 'desc').offset(f.offset).limit(f.limit).execute();
  if (!rows.length) return [];
  const events = await db
    .selectFrom('event')
    .select(['application_id', 'seq', 'type', 'occurred_at', 'recorded_at', 'actor', 'data', 'log_index'])
    .where('application_id', 'in', rows.map((r) => r.id))
    .orderBy('application_id')
    .orderBy('seq')
    .execute();
  const byApplication = new Map<number, PublicCaseRow['events']>();
  for (const { application_id, ...e } of events) {
    const list = byApplication.get(application_id) ?? [];
    list.push(e);
    byApplication.set(application_id, list);
  }
  return rows.map((row) => ({
    id: row.id,
    number: row.number,
    jurisdiction: { id: row.j_id, code: row.j_code, name: { ko: row.j_ko, en: row.j_en }, time_zone: row.time_zone, country: row.country, calendar_version: row.calendar_version },
    procedure: { code: row.p_code, version: row.p_version, name: { ko: row.p_ko, en: row.p_en }, category: row.category, statutory_days: row.statutory_days, stages: row.p_stages, fields: row.p_fields },
    unit: { code: row.u_code, name: { ko: row.u_ko, en: row.u_en } },
    title: row.title,
    address: row.address,
    parcel_id: row.parcel_id,
    lat: row.lat,
    lng: row.lng,
    channel: row.channel,
    status: row.status as Status,
    received_at: row.received_at,
    closed_at: row.closed_at,
    stages: row.stages,
    transfer_count: row.transfer_count,
    escalated_at: row.escalated_at,
    events: byApplication.get(row.id) ?? [],
  }));
}
