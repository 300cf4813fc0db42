import { APPLICATION_ALERT_EVENTS, AREA_ALERT_EVENTS, DIGEST_MAX_ITEMS, followMatches, nextDigestAt, type FollowRule } from '../domain/alerts.js';
import {
  alertsAwaitingDigest, anyLiveFollow, asAlertDispatcher, candidateFollows, dueDigests, eventsAfter, instantAlertKey, instantAlertsSentSince,
  latestEventLogIndex, lockAlertCursor, markAlertsMailed, markDigestSent, moveAlertCursor, recordAlerts, scheduleDigestsIfNone, scheduleNextDigest,
  type AlertEvent, type DigestAlert,
} from '../db/repos/alerts.js';
import { describeFollows, type FollowRow } from '../db/repos/follows.js';
import { enqueueMail, enqueueMails } from '../db/repos/outbox.js';
import type { Db, Tx } from '../db/types.js';
import type { AlertItem, AlertMailParams } from '../mail/render.js';
import { sequenceCommitted } from './integrateLog.js';
import { startKickable, type KickableJob } from './kickable.js';

/**
 * The alert dispatcher: sequences committed events (`sequenceCommitted`), then reads them in log order from
 * `alert_cursor` (log indexes are gap-free and committed as a prefix, so nothing can slip in behind the cursor, and
 * a rolled-back event is never seen),
 * matches each against the follows it concerns, and records one `alert` per (follow, event) — unique, so nothing is
 * alerted twice. Instant follows get an e-mail in the same transaction (the outbox, ADR 0004); daily ones wait for
 * their digest, which the same pass sends when due. One instance runs at a time (advisory lock).
 */

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

/** One pass: new events to alerts and instant e-mails, then the digests that are due. */
export async function dispatchAlerts(db: Db, options: DispatchOptions): Promise<DispatchResult> {
  const now = options.now ?? (() => new Date());
  await sequenceCommitted(db);
  const result = await asAlertDispatcher(db, async (trx) => {
    const matched = await matchNewEvents(trx, options.batch ?? DISPATCH_BATCH, options.maxAlerts ?? MAX_ALERTS_PER_PASS, now());
    const digests = await sendDueDigests(trx, now(), options.digest);
    return { ran: true, ...matched, mails: matched.mails + digests };
  });
  return result ?? { ran: false, events: 0, alerts: 0, mails: 0, more: false };
}

async function matchNewEvents(trx: Tx, batch: number, maxAlerts: number, now: Date) {
  const from = await lockAlertCursor(trx);
  if (!(await anyLiveFollow(trx))) {
    // Nobody to tell: move past everything committed so far (e.g. the demo seed) without reading it.
    const max = await latestEventLogIndex(trx);
    if (max !== null && max > from) await moveAlertCursor(trx, max);
    return { events: 0, alerts: 0, mails: 0, more: false };
  }
  const events = await eventsAfter(trx, from, batch);
  if (!events.length) return { events: 0, alerts: 0, mails: 0, more: false };

  // Match in memory, then write in a few set-based statements: a new application in a popular department can
  // concern thousands of follows, and a round trip per alert would hold the dispatcher for seconds.
  // A pass stops after the event that brings it past MAX_ALERTS_PER_PASS, so one transaction stays short even when
  // a popular area or department concerns thousands of follows; the next pass goes on from there.
  const matches: { follow: FollowRow; event: AlertEvent }[] = [];
  const candidates = await candidateFollows(trx, events.filter((e) => (APPLICATION_ALERT_EVENTS as readonly string[]).includes(e.type)), AREA_ALERT_EVENTS);
  const rules = new Map<number, FollowRule>();
  let read = 0;
  for (const e of events) {
    read++;
    const found = candidates.get(Number(e.id));
    if (!found) continue;
    const event = { type: e.type, applicationId: e.application_id, unitId: e.unit_id, jurisdictionId: e.jurisdiction_id, procedureCode: e.procedure_code, lat: e.lat, lng: e.lng };
    for (const follow of found) {
      let rule = rules.get(follow.id);
      if (!rule) rules.set(follow.id, (rule = ruleOf(follow)));
      if (followMatches(rule, event)) matches.push({ follow, event: e });
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
  await moveAlertCursor(trx, Number(events[read - 1]!.log_index));
  return { events: read, alerts, mails, more: read < events.length || events.length >= batch };
}

/** Alerts written per statement. */
const WRITE_CHUNK = 1000;

/**
 * Records matches as alerts (skipping any already recorded), and for instant follows under their hourly cap writes
 * the e-mails and marks the alerts as sent by them; capped follows get a digest an hour from now.
 */
async function writeAlerts(trx: Tx, matches: { follow: FollowRow; event: AlertEvent }[], now: Date): Promise<{ alerts: number; mails: number }> {
  if (!matches.length) return { alerts: 0, mails: 0 };
  const inserted = await recordAlerts(trx, matches.map((m) => ({ followId: m.follow.id, eventId: m.event.id })), now);
  const fresh = new Set(inserted.map((r) => `${r.follow_id}:${r.event_id}`));
  const instant = matches.filter((m) => m.follow.frequency === 'instant' && fresh.has(`${m.follow.id}:${m.event.id}`));
  if (!instant.length) return { alerts: inserted.length, mails: 0 };

  const followIds = [...new Set(instant.map((m) => m.follow.id))];
  const sent = await instantAlertsSentSince(trx, followIds, new Date(now.getTime() - 3_600_000));
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
    await scheduleDigestsIfNone(trx, [...capped], new Date(now.getTime() + 3_600_000));
  }
  if (!mailed.length) return { alerts: inserted.length, mails: 0 };
  const targets = new Map((await describeFollows(trx, [...new Set(mailed.map((m) => m.follow.id))])).map((f) => [f.id, f.target]));
  await enqueueMails(
    trx,
    mailed.map((m) => {
      const params: AlertMailParams = { follow: m.follow.id, target: targets.get(m.follow.id)!, items: [itemOf(m.event)], more: 0 };
      return {
        idempotencyKey: instantAlertKey(m.follow.id, m.event.id),
        kind: 'follow_alert',
        recipient: m.follow.email,
        locale: m.follow.locale,
        applicationId: m.event.application_id,
        eventSeq: null,
        params: params as unknown as Record<string, unknown>,
      };
    }),
  );
  await markAlertsMailed(trx, mailed.map((m) => ({ followId: m.follow.id, eventId: m.event.id })));
  return { alerts: inserted.length, mails: mailed.length };
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
function itemOf(e: Omit<DigestAlert, 'event_id'>): AlertItem {
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
async function sendDueDigests(trx: Tx, now: Date, digest: { hour: number; timeZone: string }): Promise<number> {
  let mails = 0;
  for (const follow of await dueDigests(trx, now)) {
    const id = Number(follow.id);
    const waiting = await alertsAwaitingDigest(trx, id);
    if (waiting.length) {
      const key = `digest-${id}-${now.getTime()}`;
      const [described] = await describeFollows(trx, [id]);
      const params: AlertMailParams = { follow: id, target: described!.target, items: waiting.slice(0, DIGEST_MAX_ITEMS).map(itemOf), more: Math.max(0, waiting.length - DIGEST_MAX_ITEMS) };
      await enqueueMail(trx, { idempotencyKey: key, kind: 'follow_digest', recipient: follow.email, locale: follow.locale, params: params as unknown as Record<string, unknown> });
      await markDigestSent(trx, id, key);
      mails++;
    }
    await scheduleNextDigest(trx, id, follow.frequency === 'daily' ? nextDigestAt(now, digest.hour, digest.timeZone) : null);
  }
  return mails;
}

/** Starts dispatching on a timer and on demand; passes never overlap within the process. `onMail` runs when e-mail was written. */
export function startAlertDispatcher(
  db: Db,
  options: DispatchOptions & { intervalMs: number; onError: (error: unknown) => void; onMail?: () => void },
): KickableJob {
  return startKickable(async () => {
    const result = await dispatchAlerts(db, options);
    if (result.mails) options.onMail?.();
    return result.more;
  }, options);
}
