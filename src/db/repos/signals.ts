import { sql } from 'kysely';
import type { Signal } from '../../domain/signals.js';
import type { StageState } from '../../domain/types.js';
import type { Db, Tx } from '../types.js';

type Q = Db | Tx;

/**
 * What the signals read, for applications received in one year (in each jurisdiction's own time zone), one range of
 * application ids at a time: the stage projection with the applicant's keyed hash, and per application what the
 * events say (supplement waits, delay reasons, late entries, assignments) folded in SQL, so a year of a large city
 * is read in bounded pieces and never as millions of event rows.
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

/** Received in `year` in the jurisdiction's own time zone (the calendar year a reader of that city means). */
const receivedIn = (year: number) => sql<boolean>`extract(year from a.received_at at time zone j.time_zone) = ${year}`;

/**
 * The lowest and highest id of the applications received in `year` (null when none). Time zones are within a day
 * of UTC, so a range on `received_at` a day wider than the year finds them on its index before the exact test.
 */
export async function signalIdRange(q: Q, year: number): Promise<{ first: number; last: number } | null> {
  const row = await q
    .selectFrom('application as a')
    .innerJoin('jurisdiction as j', 'j.id', 'a.jurisdiction_id')
    .select([sql<string | null>`min(a.id)`.as('first'), sql<string | null>`max(a.id)`.as('last')])
    .where('a.received_at', '>=', new Date(Date.UTC(year, 0, 1) - 86_400_000))
    .where('a.received_at', '<', new Date(Date.UTC(year + 1, 0, 1) + 86_400_000))
    .where(receivedIn(year))
    .executeTakeFirst();
  return row?.first == null || row.last == null ? null : { first: Number(row.first), last: Number(row.last) };
}

/** Applications received in `year` with ids in [`fromId`, `toId`), with what the signals need of each, by id. */
export async function signalCases(q: Q, year: number, fromId: number, toId: number): Promise<SignalCaseRow[]> {
  return q
    .selectFrom('application as a')
    .innerJoin('jurisdiction as j', 'j.id', 'a.jurisdiction_id')
    .leftJoin('application_party as p', 'p.application_id', 'a.id')
    .select([
      'a.id', 'a.number', 'a.jurisdiction_id', 'a.unit_id', 'a.procedure_code', 'a.status', 'a.received_at', 'a.closed_at', 'a.assigned_official_id',
      'a.transfer_count', 'a.stages', 'p.applicant_hash',
    ])
    .where('a.id', '>=', fromId)
    .where('a.id', '<', toId)
    .where(receivedIn(year))
    .orderBy('a.id')
    .execute();
}

/** The event types the signals read (not the notes, not the texts). */
const SIGNAL_EVENT_TYPES = [
  'assigned', 'reassigned', 'assigned_by_rotation', 'assignment_overridden', 'supplement_requested', 'supplement_received', 'delay_reason_given',
  'deadline_extended', 'stage_completed', 'decision', 'site_inspection', 'stage_started',
];

/** What the events of one application say, as the signals need it. */
export interface SignalEventFacts {
  application_id: number;
  /** When the last of its events (by sequence) occurred. */
  last_at: Date;
  /** Supplement requests and answers in order: [requested?, occurred at (ms)]. */
  supplements: [boolean, number][];
  /** Stages with a delay reason or an extension on the record ('' for one given for the whole case). */
  explained: string[];
  supplement_requested: boolean;
  /** The official holding the case entered one of its events more than the late-entry threshold after it occurred. */
  late_entry: boolean;
  /** It was assigned at all (by rotation, by hand, or reassigned). */
  assigned: boolean;
  /** Assignees chosen by a person, in order: [who chose, over a declared conflict?]. */
  chosen: [number | null, boolean][];
}

/**
 * Per application received in `year` with ids in [`fromId`, `toId`) that has events the signals read, those events
 * folded: one row per application instead of one per event. Times are compared at millisecond precision, as a
 * JavaScript `Date` holds them.
 */
export async function signalEventFacts(q: Q, year: number, fromId: number, toId: number, lateEntryMinutes: number): Promise<SignalEventFacts[]> {
  const rows = await q
    .selectFrom('event as e')
    .innerJoin('application as a', 'a.id', 'e.application_id')
    .innerJoin('jurisdiction as j', 'j.id', 'a.jurisdiction_id')
    .select([
      'e.application_id',
      sql<Date>`(array_agg(e.occurred_at ORDER BY e.seq DESC))[1]`.as('last_at'),
      sql<[boolean, number][] | null>`json_agg(json_build_array(e.type = 'supplement_requested', floor(extract(epoch from e.occurred_at) * 1000)) ORDER BY e.seq)
        FILTER (WHERE e.type IN ('supplement_requested', 'supplement_received'))`.as('supplements'),
      sql<string[] | null>`json_agg(coalesce(e.data->>'stage', '')) FILTER (WHERE e.type IN ('delay_reason_given', 'deadline_extended'))`.as('explained'),
      sql<boolean>`bool_or(e.type = 'supplement_requested')`.as('supplement_requested'),
      sql<boolean | null>`bool_or(e.actor_official_id = a.assigned_official_id
        AND date_trunc('milliseconds', e.recorded_at) - date_trunc('milliseconds', e.occurred_at) > make_interval(mins => ${lateEntryMinutes}))`.as('late_entry'),
      sql<boolean>`bool_or(e.type IN ('assigned', 'reassigned', 'assigned_by_rotation', 'assignment_overridden'))`.as('assigned'),
      sql<[number | null, boolean][] | null>`json_agg(json_build_array(e.actor_official_id, coalesce((e.private_data->>'over_conflict')::boolean, false)) ORDER BY e.seq)
        FILTER (WHERE e.type IN ('reassigned', 'assignment_overridden'))`.as('chosen'),
    ])
    .where('e.application_id', '>=', fromId)
    .where('e.application_id', '<', toId)
    .where('a.id', '>=', fromId)
    .where('a.id', '<', toId)
    .where('e.type', 'in', SIGNAL_EVENT_TYPES)
    .where(receivedIn(year))
    .groupBy('e.application_id')
    .execute();
  return rows.map((r) => ({
    application_id: Number(r.application_id), last_at: r.last_at, supplements: r.supplements ?? [], explained: r.explained ?? [],
    supplement_requested: r.supplement_requested, late_entry: r.late_entry === true, assigned: r.assigned, chosen: r.chosen ?? [],
  }));
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
