import { sql, type Kysely, type Transaction } from 'kysely';
import { APPLICATION_ALERT_EVENTS, DIGEST_MAX_ITEMS, followMatches, nextDigestAt, type FollowRule } from '../domain/alerts.js';
import type { ProcedureStage } from '../domain/types.js';
import { describeFollows, type FollowRow } from '../db/repos/follows.js';
import { enqueueMail } from '../db/repos/outbox.js';
import type { DB } from '../db/schema.js';
import type { AlertItem, AlertMailParams } from '../mail/render.js';
import { startKickable, type KickableJob } from './kickable.js';

/**
 * The alert dispatcher: reads committed events in log order from `alert_cursor` (log indexes are gap-free and given in
 * commit order, so nothing committed later can slip in behind the cursor, and a rolled-back event is never seen),
 * matches each against the follows it concerns, and records one `alert` per (follow, event) — unique, so nothing is
 * alerted twice. Instant follows get an e-mail in the same transaction (the outbox, ADR 0004); daily ones wait for
 * their digest, which the same pass sends when due. One instance runs at a time (advisory lock).
 */

/** Advisory lock key of the dispatcher: "DLALERTS" in ASCII. */
const DISPATCH_LOCK = 0x444c414c45525453n;
/** Events read per pass. */
export const DISPATCH_BATCH = 500;
/** Alerts one pass writes at most (it finishes the event it is on), to keep each transaction short. */
export const MAX_ALERTS_PER_PASS = 10_000;
/** Instant alerts one follow may send per hour; more go into a digest an hour later, so a busy area cannot flood an inbox. */
export const INSTANT_ALERTS_PER_HOUR = 10;

export interface DispatchOptions {
  digest: { hour: number; timeZone: string };
  batch?: number;
  /** Alerts after which a pass stops (MAX_ALERTS_PER_PASS). */
  maxAlerts?: number;
  now?: () => Date;
}

export interface DispatchResult {
  /** False when another instance holds the dispatcher. */
  ran: boolean;
  events: number;
  alerts: number;
  mails: number;
  /** True when the pass stopped early (a full batch, or enough alerts for one transaction): run again at once. */
  more: boolean;
}

interface EventRow {
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

/** One pass: new events to alerts and instant e-mails, then the digests that are due. */
export async function dispatchAlerts(db: Kysely<DB>, options: DispatchOptions): Promise<DispatchResult> {
  const now = options.now ?? (() => new Date());
  return db.transaction().execute(async (trx) => {
    const { locked } = (await sql<{ locked: boolean }>`SELECT pg_try_advisory_xact_lock(${DISPATCH_LOCK.toString()}::bigint) AS locked`.execute(trx)).rows[0]!;
    if (!locked) return { ran: false, events: 0, alerts: 0, mails: 0, more: false };
    const matched = await matchNewEvents(trx, options.batch ?? DISPATCH_BATCH, options.maxAlerts ?? MAX_ALERTS_PER_PASS, now());
    const digests = await sendDueDigests(trx, now(), options.digest);
    return { ran: true, ...matched, mails: matched.mails + digests };
  });
}

async function matchNewEvents(trx: Transaction<DB>, batch: number, maxAlerts: number, now: Date) {
  const cursor = await trx.selectFrom('alert_cursor').select('log_index').forUpdate().executeTakeFirstOrThrow();
  const from = Number(cursor.log_index);
  const anyFollow = await trx.selectFrom('follow').select('id').where('stopped_at', 'is', null).where('confirmed_at', 'is not', null).limit(1).executeTakeFirst();
  if (!anyFollow) {
    // Nobody to tell: move past everything committed so far (e.g. the demo seed) without reading it.
    const { max } = await trx.selectFrom('event').select((eb) => eb.fn.max('log_index').as('max')).executeTakeFirstOrThrow();
    if (max !== null && Number(max) > from) await trx.updateTable('alert_cursor').set({ log_index: Number(max) }).execute();
    return { events: 0, alerts: 0, mails: 0, more: false };
  }
  const events = (
    await sql<EventRow>`
      SELECT e.id, e.log_index, e.type, e.data, e.occurred_at, e.recorded_at, e.application_id,
             a.number, a.title, a.address, a.unit_id, a.jurisdiction_id, a.procedure_code, a.lat, a.lng,
             p.name_ko AS p_ko, p.name_en AS p_en, p.stages
      FROM event e
      JOIN application a ON a.id = e.application_id
      JOIN procedure p ON p.id = a.procedure_id
      WHERE e.log_index > ${from}
      ORDER BY e.log_index
      LIMIT ${batch}`.execute(trx)
  ).rows;
  if (!events.length) return { events: 0, alerts: 0, mails: 0, more: false };

  // Match in memory, then write in a few set-based statements: a new application in a popular department can
  // concern thousands of follows, and a round trip per alert would hold the dispatcher for seconds.
  // A pass stops after the event that brings it past MAX_ALERTS_PER_PASS, so one transaction stays short even when
  // a popular area or department concerns thousands of follows; the next pass goes on from there.
  const matches: { follow: FollowRow; event: EventRow }[] = [];
  let read = 0;
  for (const e of events) {
    read++;
    if (!(APPLICATION_ALERT_EVENTS as readonly string[]).includes(e.type)) continue;
    for (const follow of await candidateFollows(trx, e)) {
      if (followMatches(ruleOf(follow), { ...e, applicationId: e.application_id, unitId: e.unit_id, jurisdictionId: e.jurisdiction_id, procedureCode: e.procedure_code })) {
        matches.push({ follow, event: e });
      }
    }
    if (matches.length >= maxAlerts) break;
  }
  let alerts = 0;
  let mails = 0;
  for (let i = 0; i < matches.length; i += WRITE_CHUNK) {
    const written = await writeAlerts(trx, matches.slice(i, i + WRITE_CHUNK), now);
    alerts += written.alerts;
    mails += written.mails;
  }
  await trx.updateTable('alert_cursor').set({ log_index: Number(events[read - 1]!.log_index) }).execute();
  return { events: read, alerts, mails, more: read < events.length || events.length >= batch };
}

/** Alerts written per statement. */
const WRITE_CHUNK = 1000;

/**
 * Records matches as alerts (skipping any already recorded), and for instant follows under their hourly cap writes
 * the e-mails and marks the alerts as sent by them; capped follows get a digest an hour from now.
 */
async function writeAlerts(trx: Transaction<DB>, matches: { follow: FollowRow; event: EventRow }[], now: Date): Promise<{ alerts: number; mails: number }> {
  if (!matches.length) return { alerts: 0, mails: 0 };
  const inserted = await trx
    .insertInto('alert')
    .values(matches.map((m) => ({ follow_id: m.follow.id, event_id: m.event.id, created_at: now })))
    .onConflict((oc) => oc.doNothing())
    .returning(['follow_id', 'event_id'])
    .execute();
  const fresh = new Set(inserted.map((r) => `${r.follow_id}:${r.event_id}`));
  const instant = matches.filter((m) => m.follow.frequency === 'instant' && fresh.has(`${m.follow.id}:${m.event.id}`));
  if (!instant.length) return { alerts: inserted.length, mails: 0 };

  const followIds = [...new Set(instant.map((m) => m.follow.id))];
  const sent = new Map<number, number>();
  const counts = await trx
    .selectFrom('alert')
    .select(['follow_id', (eb) => eb.fn.countAll<string>().as('n')])
    .where('follow_id', 'in', followIds)
    .where('outbox_key', 'like', 'alert-%')
    .where('created_at', '>', new Date(now.getTime() - 3_600_000))
    .groupBy('follow_id')
    .execute();
  for (const c of counts) sent.set(Number(c.follow_id), Number(c.n));
  const mailed: typeof instant = [];
  const capped = new Set<number>();
  for (const m of instant) {
    const n = sent.get(m.follow.id) ?? 0;
    if (n >= INSTANT_ALERTS_PER_HOUR) capped.add(m.follow.id);
    else {
      sent.set(m.follow.id, n + 1);
      mailed.push(m);
    }
  }
  if (capped.size) {
    // Too many for one inbox: the rest wait for a digest an hour from now.
    await trx.updateTable('follow').set({ next_digest_at: new Date(now.getTime() + 3_600_000) }).where('id', 'in', [...capped]).where('next_digest_at', 'is', null).execute();
  }
  if (!mailed.length) return { alerts: inserted.length, mails: 0 };
  const targets = new Map((await describeFollows(trx, [...new Set(mailed.map((m) => m.follow.id))])).map((f) => [f.id, f.target]));
  const keyOf = (m: (typeof mailed)[number]) => `alert-${m.follow.id}-${m.event.id}`;
  await trx
    .insertInto('outbox')
    .values(
      mailed.map((m) => {
        const params: AlertMailParams = { follow: m.follow.id, target: targets.get(m.follow.id)!, items: [itemOf(m.event)], more: 0 };
        return { idempotency_key: keyOf(m), kind: 'follow_alert', recipient: m.follow.email, locale: m.follow.locale, application_id: m.event.application_id, event_seq: null, params: JSON.stringify(params) };
      }),
    )
    .onConflict((oc) => oc.column('idempotency_key').doNothing())
    .execute();
  await sql`
    UPDATE alert SET outbox_key = 'alert-' || follow_id || '-' || event_id
    WHERE (follow_id, event_id) IN (SELECT * FROM unnest(${sql.val(mailed.map((m) => m.follow.id))}::bigint[], ${sql.val(mailed.map((m) => m.event.id))}::bigint[]))`.execute(trx);
  return { alerts: inserted.length, mails: mailed.length };
}

/** Follows that may concern an event, found through each kind's index; `followMatches` then decides. */
async function candidateFollows(trx: Transaction<DB>, e: EventRow): Promise<FollowRow[]> {
  const live = sql`stopped_at IS NULL AND confirmed_at IS NOT NULL AND confirmed_at <= ${e.recorded_at}`;
  const area =
    e.lat !== null && e.lng !== null
      ? sql`UNION ALL SELECT * FROM follow WHERE kind = 'area' AND ${live} AND box(point(min_lng, min_lat), point(max_lng, max_lat)) @> point(${e.lng}, ${e.lat})`
      : sql``;
  const result = await sql<FollowRow>`
    SELECT * FROM follow WHERE kind = 'application' AND application_id = ${e.application_id} AND ${live}
    UNION ALL SELECT * FROM follow WHERE kind = 'unit' AND unit_id = ${e.unit_id} AND ${live}
    UNION ALL SELECT * FROM follow WHERE kind = 'procedure' AND procedure_code = ${e.procedure_code} AND ${live}
    ${area}`.execute(trx);
  return result.rows.map((f) => ({ ...f, id: Number(f.id) }));
}

function ruleOf(f: FollowRow): FollowRule {
  return {
    kind: f.kind,
    applicationId: f.application_id === null ? null : Number(f.application_id),
    unitId: f.unit_id,
    jurisdictionId: f.jurisdiction_id,
    procedureCode: f.procedure_code,
    area: f.lat !== null && f.lng !== null && f.radius_m !== null ? { lat: f.lat, lng: f.lng, radiusM: f.radius_m } : null,
  };
}


/** An event as an alert lists it: public facts only. */
function itemOf(e: Pick<EventRow, 'number' | 'title' | 'address' | 'p_ko' | 'p_en' | 'type' | 'data' | 'stages' | 'occurred_at'>): AlertItem {
  const stageKey = typeof e.data.stage === 'string' ? e.data.stage : undefined;
  const stage = stageKey ? e.stages.find((s) => s.key === stageKey)?.name : undefined;
  return {
    number: e.number,
    title: e.title,
    address: e.address,
    procedure: { ko: e.p_ko, en: e.p_en },
    type: e.type,
    ...(stage ? { stage } : {}),
    ...(typeof e.data.outcome === 'string' ? { outcome: e.data.outcome } : {}),
    at: new Date(e.occurred_at).toISOString(),
  };
}

/** Sends each due digest that has alerts waiting and schedules the next; returns how many e-mails it wrote. */
async function sendDueDigests(trx: Transaction<DB>, now: Date, digest: { hour: number; timeZone: string }): Promise<number> {
  const due = await trx
    .selectFrom('follow')
    .select(['id', 'email', 'locale', 'frequency'])
    .where('next_digest_at', '<=', now)
    .where('stopped_at', 'is', null)
    .where('confirmed_at', 'is not', null)
    .orderBy('next_digest_at')
    .limit(100)
    .execute();
  let mails = 0;
  for (const follow of due) {
    const id = Number(follow.id);
    const waiting = (
      await sql<Parameters<typeof itemOf>[0] & { event_id: number }>`
        SELECT al.event_id, e.type, e.data, e.occurred_at, a.number, a.title, a.address, p.name_ko AS p_ko, p.name_en AS p_en, p.stages
        FROM alert al
        JOIN event e ON e.id = al.event_id
        JOIN application a ON a.id = e.application_id
        JOIN procedure p ON p.id = a.procedure_id
        WHERE al.follow_id = ${id} AND al.outbox_key IS NULL
        ORDER BY e.log_index`.execute(trx)
    ).rows;
    if (waiting.length) {
      const key = `digest-${id}-${now.getTime()}`;
      const [described] = await describeFollows(trx, [id]);
      const params: AlertMailParams = { follow: id, target: described!.target, items: waiting.slice(0, DIGEST_MAX_ITEMS).map(itemOf), more: Math.max(0, waiting.length - DIGEST_MAX_ITEMS) };
      await enqueueMail(trx, { idempotencyKey: key, kind: 'follow_digest', recipient: follow.email, locale: follow.locale, params: params as unknown as Record<string, unknown> });
      await trx.updateTable('alert').set({ outbox_key: key }).where('follow_id', '=', id).where('outbox_key', 'is', null).execute();
      mails++;
    }
    await trx
      .updateTable('follow')
      .set({ next_digest_at: follow.frequency === 'daily' ? nextDigestAt(now, digest.hour, digest.timeZone) : null })
      .where('id', '=', id)
      .execute();
  }
  return mails;
}

/** Starts dispatching on a timer and on demand; passes never overlap within the process. `onMail` runs when e-mail was written. */
export function startAlertDispatcher(
  db: Kysely<DB>,
  options: DispatchOptions & { intervalMs: number; onError: (error: unknown) => void; onMail?: () => void },
): KickableJob {
  return startKickable(async () => {
    const result = await dispatchAlerts(db, options);
    if (result.mails) options.onMail?.();
    return result.more;
  }, options);
}
