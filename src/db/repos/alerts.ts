import { sql } from 'kysely';
import type { ProcedureStage } from '../../domain/types.js';
import type { FollowRow } from './follows.js';
import type { Db, Tx } from '../types.js';

/*
 * The alert dispatcher's reads and writes (`jobs/dispatchAlerts`): its lock and cursor over the log, the events past
 * the cursor, the follows each may concern, the `alert` rows and the digests. Which follow matches, the hourly cap and
 * what an e-mail says are decided by the job.
 */

/** Advisory lock key of the dispatcher: "DLALERTS" in ASCII. */
const DISPATCH_LOCK = 0x444c414c45525453n;

/**
 * Runs `work` in one transaction holding the dispatcher's transaction-scoped advisory lock, so one instance dispatches
 * at a time; returns undefined, without running it, when another instance holds the lock.
 */
export async function asAlertDispatcher<T>(db: Db, work: (trx: Tx) => Promise<T>): Promise<T | undefined> {
  return db.transaction().execute(async (trx) => {
    const { locked } = (await sql<{ locked: boolean }>`SELECT pg_try_advisory_xact_lock(${DISPATCH_LOCK.toString()}::bigint) AS locked`.execute(trx)).rows[0]!;
    if (!locked) return undefined;
    return work(trx);
  });
}

/** Locks the dispatcher's cursor and returns the log index it has read up to. */
export async function lockAlertCursor(trx: Tx): Promise<number> {
  const cursor = await trx.selectFrom('alert_cursor').select('log_index').forUpdate().executeTakeFirstOrThrow();
  return Number(cursor.log_index);
}

/** Moves the dispatcher's cursor to a log index. */
export async function moveAlertCursor(trx: Tx, logIndex: number): Promise<void> {
  await trx.updateTable('alert_cursor').set({ log_index: logIndex }).execute();
}

/** Whether any follow is confirmed and not stopped. */
export async function anyLiveFollow(trx: Tx): Promise<boolean> {
  return Boolean(await trx.selectFrom('follow').select('id').where('stopped_at', 'is', null).where('confirmed_at', 'is not', null).limit(1).executeTakeFirst());
}

/** The highest log index given to an event, or null when there is none. */
export async function latestEventLogIndex(trx: Tx): Promise<number | null> {
  const { max } = await trx.selectFrom('event').select((eb) => eb.fn.max('log_index').as('max')).executeTakeFirstOrThrow();
  return max === null ? null : Number(max);
}

/** An event with the public facts of its application and procedure, as the dispatcher matches and describes it. */
export interface AlertEvent {
  id: number;
  log_index: number;
  type: string;
  data: Record<string, unknown>;
  occurred_at: Date;
  recorded_at: Date;
  application_id: number;
  number: string;
  title: string;
  address: string;
  unit_id: number;
  jurisdiction_id: string;
  procedure_code: string;
  lat: number | null;
  lng: number | null;
  p_ko: string;
  p_en: string;
  stages: ProcedureStage[];
}

/** Up to `limit` events after log index `from`, in log order. */
export async function eventsAfter(trx: Tx, from: number, limit: number): Promise<AlertEvent[]> {
  const result = await sql<AlertEvent>`
    SELECT e.id, e.log_index, e.type, e.data, e.occurred_at, e.recorded_at, e.application_id,
           a.number, a.title, a.address, a.unit_id, a.jurisdiction_id, a.procedure_code, a.lat, a.lng,
           p.name_ko AS p_ko, p.name_en AS p_en, p.stages
    FROM event e
    JOIN application a ON a.id = e.application_id
    JOIN procedure p ON p.id = a.procedure_id
    WHERE e.log_index > ${from}
    ORDER BY e.log_index
    LIMIT ${limit}`.execute(trx);
  return result.rows;
}

/**
 * Follows that may concern each of these events, by event id, found through each kind's index: live, and confirmed
 * by the time the event was recorded; a unit's, a procedure's or an area's only for events of `wideTypes` (what
 * their followers hear about). `followMatches` decides. One statement for the whole
 * batch, and one more for the follows it names, however many events there are: a round trip per event held the
 * dispatcher to a few hundred events a second. An area is found through the GiST index on its box, which serves
 * `box @> box` and not `box @> point`: the event's place is written as a box of no size, or every area would be read
 * for every event.
 */
export async function candidateFollows(trx: Tx, events: readonly AlertEvent[], wideTypes: readonly string[]): Promise<Map<number, FollowRow[]>> {
  const byEvent = new Map<number, FollowRow[]>();
  if (!events.length) return byEvent;
  const column = <T>(f: (e: AlertEvent) => T) => sql.val(events.map(f));
  const live = sql`f.stopped_at IS NULL AND f.confirmed_at IS NOT NULL AND f.confirmed_at <= e.recorded_at`;
  const pairs = await sql<{ event_id: string; follow_id: string }>`
    WITH e AS (
      SELECT * FROM unnest(${column((e) => e.id)}::bigint[], ${column((e) => wideTypes.includes(e.type))}::boolean[], ${column((e) => e.application_id)}::bigint[],
                           ${column((e) => e.unit_id)}::int[], ${column((e) => e.procedure_code)}::text[], ${column((e) => e.lat)}::float8[],
                           ${column((e) => e.lng)}::float8[], ${column((e) => e.recorded_at)}::timestamptz[])
        AS e(id, wide, application_id, unit_id, procedure_code, lat, lng, recorded_at)
    )
    SELECT e.id AS event_id, f.id AS follow_id FROM e JOIN follow f ON f.kind = 'application' AND f.application_id = e.application_id AND ${live}
    UNION ALL SELECT e.id, f.id FROM e JOIN follow f ON e.wide AND f.kind = 'unit' AND f.unit_id = e.unit_id AND ${live}
    UNION ALL SELECT e.id, f.id FROM e JOIN follow f ON e.wide AND f.kind = 'procedure' AND f.procedure_code = e.procedure_code AND ${live}
    UNION ALL SELECT e.id, f.id FROM e JOIN follow f ON e.wide AND f.kind = 'area' AND ${live} AND e.lat IS NOT NULL AND e.lng IS NOT NULL
                                                       AND box(point(f.min_lng, f.min_lat), point(f.max_lng, f.max_lat)) @> box(point(e.lng, e.lat), point(e.lng, e.lat))`.execute(trx);
  if (!pairs.rows.length) return byEvent;
  const ids = [...new Set(pairs.rows.map((p) => p.follow_id))];
  const follows = await sql<FollowRow>`SELECT * FROM follow WHERE id = ANY(${sql.val(ids)}::bigint[])`.execute(trx);
  const byId = new Map(follows.rows.map((f) => [String(f.id), { ...f, id: Number(f.id) }]));
  for (const p of pairs.rows) {
    const follow = byId.get(String(p.follow_id));
    if (!follow) continue;
    const eventId = Number(p.event_id);
    const list = byEvent.get(eventId);
    if (list) list.push(follow);
    else byEvent.set(eventId, [follow]);
  }
  return byEvent;
}

/** Records (follow, event) matches as alerts, skipping those already recorded; returns the ones it recorded. */
export async function recordAlerts(
  trx: Tx,
  matches: readonly { followId: number; eventId: number }[],
  now: Date,
): Promise<{ follow_id: number; event_id: number }[]> {
  return trx
    .insertInto('alert')
    .values(matches.map((m) => ({ follow_id: m.followId, event_id: m.eventId, created_at: now })))
    .onConflict((oc) => oc.doNothing())
    .returning(['follow_id', 'event_id'])
    .execute();
}

/** Instant alert e-mails each of these follows was sent after `since`, by follow id (follows with none are left out). */
export async function instantAlertsSentSince(trx: Tx, followIds: readonly number[], since: Date): Promise<Map<number, number>> {
  const counts = await trx
    .selectFrom('alert')
    .select(['follow_id', (eb) => eb.fn.countAll<string>().as('n')])
    .where('follow_id', 'in', [...followIds])
    // Written out, not a parameter, so the planner sees the partial index `alert_instant_sent` applies.
    .where(sql<boolean>`outbox_key LIKE 'alert-%'`)
    .where('created_at', '>', since)
    .groupBy('follow_id')
    .execute();
  return new Map(counts.map((c) => [Number(c.follow_id), Number(c.n)]));
}

/** Schedules a digest at `at` for each of these follows that has none scheduled. */
export async function scheduleDigestsIfNone(trx: Tx, followIds: readonly number[], at: Date): Promise<void> {
  await trx.updateTable('follow').set({ next_digest_at: at }).where('id', 'in', [...followIds]).where('next_digest_at', 'is', null).execute();
}

/** The outbox key of the instant e-mail carrying one alert. */
export function instantAlertKey(followId: number, eventId: number): string {
  return `alert-${followId}-${eventId}`;
}

/** Marks alerts as carried by their instant e-mails (keyed as `instantAlertKey` keys them). */
export async function markAlertsMailed(trx: Tx, alerts: readonly { followId: number; eventId: number }[]): Promise<void> {
  await sql`
    UPDATE alert SET outbox_key = 'alert-' || follow_id || '-' || event_id
    WHERE (follow_id, event_id) IN (SELECT * FROM unnest(${sql.val(alerts.map((a) => a.followId))}::bigint[], ${sql.val(alerts.map((a) => a.eventId))}::bigint[]))`.execute(trx);
}

/** Up to 100 live follows whose digest is due at `now`, the longest due first. */
export async function dueDigests(trx: Tx, now: Date): Promise<{ id: number; email: string; locale: string; frequency: 'instant' | 'daily' }[]> {
  return trx
    .selectFrom('follow')
    .select(['id', 'email', 'locale', 'frequency'])
    .where('next_digest_at', '<=', now)
    .where('stopped_at', 'is', null)
    .where('confirmed_at', 'is not', null)
    .orderBy('next_digest_at')
    .limit(100)
    .execute();
}

/** What a digest lists about one alert: the public facts of its event. */
export type DigestAlert = Pick<AlertEvent, 'number' | 'title' | 'address' | 'p_ko' | 'p_en' | 'type' | 'data' | 'stages' | 'occurred_at'> & { event_id: number };

/** A follow's alerts that no e-mail carried yet, in log order. */
export async function alertsAwaitingDigest(trx: Tx, followId: number): Promise<DigestAlert[]> {
  const result = await sql<DigestAlert>`
    SELECT al.event_id, e.type, e.data, e.occurred_at, a.number, a.title, a.address, p.name_ko AS p_ko, p.name_en AS p_en, p.stages
    FROM alert al
    JOIN event e ON e.id = al.event_id
    JOIN application a ON a.id = e.application_id
    JOIN procedure p ON p.id = a.procedure_id
    WHERE al.follow_id = ${followId} AND al.outbox_key IS NULL
    ORDER BY e.log_index`.execute(trx);
  return result.rows;
}

/** Marks a follow's waiting alerts as carried by the digest with this outbox key. */
export async function markDigestSent(trx: Tx, followId: number, outboxKey: string): Promise<void> {
  await trx.updateTable('alert').set({ outbox_key: outboxKey }).where('follow_id', '=', followId).where('outbox_key', 'is', null).execute();
}

/** Sets when a follow's next digest is due (null for none). */
export async function scheduleNextDigest(trx: Tx, followId: number, at: Date | null): Promise<void> {
  await trx.updateTable('follow').set({ next_digest_at: at }).where('id', '=', followId).execute();
}
