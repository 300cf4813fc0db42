import { sql } from 'kysely';
import type { StageState } from '../../domain/types.js';
import type { Db, Tx } from '../types.js';

type Q = Db | Tx;

/**
 * What the signals read, for applications received in one year (in each jurisdiction's own time zone): the stage
 * projection with the applicant's keyed hash, the events that matter (assignments, supplements, delay reasons,
 * late entries), and the gift register. Rows are bounded by `limit` so a request can never read without end.
 */
export interface SignalCaseRow {
  id: number;
  number: string;
  jurisdiction_id: string;
  unit_id: number;
  procedure_code: string;
  status: string;
  received_at: Date;
  closed_at: Date | null;
  assigned_official_id: number | null;
  transfer_count: number;
  stages: StageState[];
  applicant_hash: string | null;
}

/** Applications received in `year`, with what the signals need of each. */
export async function signalCases(q: Q, year: number, limit: number): Promise<SignalCaseRow[]> {
  return q
    .selectFrom('application as a')
    .innerJoin('jurisdiction as j', 'j.id', 'a.jurisdiction_id')
    .leftJoin('application_party as p', 'p.application_id', 'a.id')
    .select([
      'a.id', 'a.number', 'a.jurisdiction_id', 'a.unit_id', 'a.procedure_code', 'a.status', 'a.received_at', 'a.closed_at', 'a.assigned_official_id',
      'a.transfer_count', 'a.stages', 'p.applicant_hash',
    ])
    .where(sql<boolean>`extract(year from a.received_at at time zone j.time_zone) = ${year}`)
    .orderBy('a.id')
    .limit(limit)
    .execute();
}

export interface SignalEventRow {
  application_id: number;
  type: string;
  occurred_at: Date;
  recorded_at: Date;
  actor_official_id: number | null;
  stage: string | null;
  over_conflict: boolean | null;
}

/** The events of those applications that the signals read (not the notes, not the texts). */
export async function signalEvents(q: Q, year: number, limit: number): Promise<SignalEventRow[]> {
  const rows = await q
    .selectFrom('event as e')
    .innerJoin('application as a', 'a.id', 'e.application_id')
    .innerJoin('jurisdiction as j', 'j.id', 'a.jurisdiction_id')
    .select([
      'e.application_id', 'e.type', 'e.occurred_at', 'e.recorded_at', 'e.actor_official_id',
      sql<string | null>`e.data->>'stage'`.as('stage'),
      sql<boolean | null>`(e.private_data->>'over_conflict')::boolean`.as('over_conflict'),
    ])
    .where(sql<boolean>`extract(year from a.received_at at time zone j.time_zone) = ${year}`)
    .where('e.type', 'in', ['assigned', 'reassigned', 'assigned_by_rotation', 'assignment_overridden', 'supplement_requested', 'supplement_received', 'delay_reason_given', 'deadline_extended', 'stage_completed', 'decision', 'site_inspection', 'stage_started'])
    .orderBy('e.application_id')
    .orderBy('e.seq')
    .limit(limit)
    .execute();
  return rows;
}

/** Gifts offered in `year` (by the offering date). */
export function signalGifts(q: Q, year: number, limit: number) {
  return q
    .selectFrom('gift')
    .select(['id', 'official_id', 'unit_id', sql<string>`to_char(offered_on, 'YYYY-MM-DD')`.as('offered_on'), 'giver_hash', 'outcome'])
    .where(sql<boolean>`extract(year from offered_on) = ${year}`)
    .orderBy('id')
    .limit(limit)
    .execute();
}

/** Each jurisdiction's calendar key, for working time. */
export function jurisdictionCalendarKeys(q: Q) {
  return q.selectFrom('jurisdiction').select(['id', 'calendar_version', 'time_zone', 'country']).execute();
}

/** The latest review of each signal key among `keys`. */
export async function latestReviews(q: Q, keys: string[]): Promise<Map<string, { decision: string; reason: string; auditor_id: number; reviewed_at: Date }>> {
  const out = new Map<string, { decision: string; reason: string; auditor_id: number; reviewed_at: Date }>();
  for (let i = 0; i < keys.length; i += 1000) {
    const rows = await q
      .selectFrom('signal_review')
      .select(['signal_key', 'decision', 'reason', 'auditor_id', 'reviewed_at'])
      .where('signal_key', 'in', keys.slice(i, i + 1000))
      .orderBy('reviewed_at')
      .orderBy('id')
      .execute();
    for (const r of rows) out.set(r.signal_key, r);
  }
  return out;
}

/** Records an auditor's review of a signal. */
export async function insertReview(
  q: Q,
  row: { key: string; jurisdictionId: string; unitId: number | null; year: number; kind: string; decision: 'dismissed' | 'referred'; reason: string; auditorId: number; at: Date },
): Promise<void> {
  await q
    .insertInto('signal_review')
    .values({
      signal_key: row.key, jurisdiction_id: row.jurisdictionId, unit_id: row.unitId, year: row.year, kind: row.kind, decision: row.decision, reason: row.reason,
      auditor_id: row.auditorId, reviewed_at: row.at,
    })
    .execute();
}

/** Names of units and officials, for the auditors' page. */
export async function signalNames(q: Q) {
  const [units, officials] = await Promise.all([
    q.selectFrom('unit').select(['id', 'code', 'name_ko', 'name_en', 'jurisdiction_id']).execute(),
    q.selectFrom('official').select(['id', 'name_ko', 'name_en', 'title_ko', 'title_en']).execute(),
  ]);
  return { units, officials };
}
