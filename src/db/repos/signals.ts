import { sql } from 'kysely';
import type { Signal } from '../../domain/signals.js';
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

/** A signal as stored: the detector's answer with its jurisdiction, kept by its stable key. */
export type StoredSignalInput = Omit<Signal, 'kind'> & { jurisdictionId: string; kind: string };

/** Takes the transaction-scoped lock that lets one instance at a time store a computation. */
export async function takeSignalLock(trx: Tx): Promise<boolean> {
  const { rows } = await sql<{ locked: boolean }>`SELECT pg_try_advisory_xact_lock(hashtext('daylight signals')::bigint) AS locked`.execute(trx);
  return rows[0]!.locked;
}

/**
 * Stores one computation of a year: every raised signal upserted by its key (first detection kept, figures and rank
 * renewed, a cleared one raised again), those no longer raised marked cleared (never deleted: their reviews keep
 * their subject), and the computation's time and watermark.
 */
export async function storeSignals(
  trx: Tx, year: number, signals: readonly StoredSignalInput[], at: Date, computation: { cases: number; truncated: boolean; watermark: string },
): Promise<void> {
  for (let i = 0; i < signals.length; i += 500) {
    const chunk = signals.slice(i, i + 500).map((s, j) => ({
      signal_key: s.key, jurisdiction_id: s.jurisdictionId, unit_id: s.unitId, year: s.year, kind: s.kind, official_id: s.officialId, cases: s.cases,
      figure: s.figure, peer: s.peer, threshold: s.threshold, peers: s.peers, measure: s.measure, rank: i + j, first_detected_at: at, last_detected_at: at, cleared_at: null,
    }));
    await trx
      .insertInto('detected_signal')
      .values(chunk)
      .onConflict((oc) =>
        oc.column('signal_key').doUpdateSet((eb) => ({
          unit_id: eb.ref('excluded.unit_id'), official_id: eb.ref('excluded.official_id'), cases: eb.ref('excluded.cases'), figure: eb.ref('excluded.figure'),
          peer: eb.ref('excluded.peer'), threshold: eb.ref('excluded.threshold'), peers: eb.ref('excluded.peers'), measure: eb.ref('excluded.measure'),
          rank: eb.ref('excluded.rank'), last_detected_at: eb.ref('excluded.last_detected_at'), cleared_at: null,
        })),
      )
      .execute();
  }
  await trx.updateTable('detected_signal').set({ cleared_at: at }).where('year', '=', year).where('cleared_at', 'is', null).where('last_detected_at', '<', at).execute();
  await trx
    .insertInto('signal_computation')
    .values({ year, computed_at: at, ...computation })
    .onConflict((oc) => oc.column('year').doUpdateSet({ computed_at: at, ...computation }))
    .execute();
}

/** When a year was last computed, and from what. */
export function signalComputation(q: Q, year: number) {
  return q.selectFrom('signal_computation').select(['computed_at', 'cases', 'truncated', 'watermark']).where('year', '=', year).executeTakeFirst();
}

/**
 * What a computation reads up to: the newest event (every change to a case comes with one) and gift, and every
 * jurisdiction's calendar version (working time depends on it). Two equal watermarks mean nothing a signal reads
 * has changed. Each part is one index lookup.
 */
export async function signalWatermark(q: Q): Promise<string> {
  const { rows } = await sql<{ events: string | null; gifts: string | null; calendars: string | null }>`
    SELECT (SELECT max(id) FROM event) AS events, (SELECT max(id) FROM gift) AS gifts,
           (SELECT coalesce(sum(calendar_version), 0) FROM jurisdiction) AS calendars`.execute(q);
  const row = rows[0]!;
  return [row.events, row.gifts, row.calendars].map((v) => String(v ?? 0)).join('/');
}

/** The signals raised by a year's latest computation, in the detector's order (bounded). */
export function storedSignals(q: Q, year: number, limit: number) {
  return q
    .selectFrom('detected_signal')
    .select(['signal_key', 'jurisdiction_id', 'unit_id', 'year', 'kind', 'official_id', 'cases', 'figure', 'peer', 'threshold', 'peers', 'measure', 'first_detected_at'])
    .where('year', '=', year)
    .where('cleared_at', 'is', null)
    .orderBy('rank')
    .limit(limit)
    .execute();
}

/** One stored signal by its key, raised now or cleared. */
export function storedSignal(q: Q, key: string) {
  return q.selectFrom('detected_signal').select(['signal_key', 'jurisdiction_id', 'unit_id', 'year', 'kind', 'cleared_at']).where('signal_key', '=', key).executeTakeFirst();
}
