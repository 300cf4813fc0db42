import { sql } from 'kysely';
import { dispatchAlerts } from '../src/jobs/dispatchAlerts.js';
import type { BenchWorld } from './data.js';

export interface AlertsResult {
  follows: number;
  events: number;
  alerts: number;
  mails: number;
  ms: number;
  eventsPerSecond: number;
}

/**
 * The alert dispatcher over the bench world on PostgreSQL: F confirmed follows (70% areas of 200 m to 2 km around
 * random points of the world's map, 10% each of units, procedures and applications), then the dispatcher reads the
 * last E events of the log as if they had just been recorded, until it has caught up. Follows and alerts are removed
 * afterwards; the outbox rows it wrote are too.
 */
export async function benchAlerts(world: BenchWorld, log: (line: string) => void = () => {}, follows = 20_000, events = 5_000): Promise<AlertsResult> {
  const db = world.database.db;
  log(`  ${follows.toLocaleString('en-US')} follows...`);
  const since = new Date(Date.now() - 3 * 365 * 86_400_000);
  // The same follows in every run (a number in [0, 1) from a hash of the row and the field), so runs compare.
  const unit = (field: string) => sql.raw(`(('x' || substr(md5(g::text || '${field}'), 1, 8))::bit(32)::bigint / 4294967296.0)`);
  await sql`
    INSERT INTO follow (email, locale, kind, application_id, unit_id, jurisdiction_id, procedure_code, lat, lng, radius_m,
                        min_lat, max_lat, min_lng, max_lng, frequency, created_at, confirmed_at)
    SELECT 'bench-' || g || '@example.org', 'ko',
           CASE WHEN g % 100 < 97 THEN 'area' WHEN g % 100 = 97 THEN 'unit' WHEN g % 100 = 98 THEN 'procedure' ELSE 'application' END,
           CASE WHEN g % 100 = 99 THEN (SELECT id FROM application WHERE id >= (SELECT min(id) FROM application) + (g * 7919) % ${world.applications} ORDER BY id LIMIT 1) END,
           CASE WHEN g % 100 = 97 THEN (SELECT id FROM unit ORDER BY id OFFSET g % ${world.units.length} LIMIT 1) END,
           CASE WHEN g % 100 = 98 THEN (SELECT id FROM jurisdiction WHERE code = ${world.jurisdictionCode}) END,
           CASE WHEN g % 100 = 98 THEN (SELECT code FROM procedure ORDER BY id OFFSET g % ${world.procedures.length} LIMIT 1) END,
           p.lat, p.lng, p.r,
           p.lat - p.r / 111195.0, p.lat + p.r / 111195.0,
           p.lng - p.r / (111195.0 * cos(radians(p.lat))), p.lng + p.r / (111195.0 * cos(radians(p.lat))),
           CASE WHEN g % 3 = 0 THEN 'daily' ELSE 'instant' END, ${since}, ${since}
    FROM generate_series(1, ${follows}) g
    CROSS JOIN LATERAL (SELECT 37.45 + ${unit('lat')} * 0.2 AS lat, 126.85 + ${unit('lng')} * 0.3 AS lng, (200 + floor(${unit('r')} * 1800))::int AS r) p`.execute(db);
  // Only areas keep coordinates; other kinds do not need them (the CHECK allows them anyway).
  await sql`UPDATE follow SET lat = NULL, lng = NULL, radius_m = NULL, min_lat = NULL, max_lat = NULL, min_lng = NULL, max_lng = NULL WHERE kind <> 'area'`.execute(db);
  await sql`ANALYZE follow`.execute(db);
  const { max } = await db.selectFrom('event').select((eb) => eb.fn.max('log_index').as('max')).executeTakeFirstOrThrow();
  const from = Math.max(-1, Number(max) - events);
  await db.updateTable('alert_cursor').set({ log_index: from }).execute();
  log(`  dispatching the last ${events.toLocaleString('en-US')} events...`);
  const t0 = performance.now();
  let seen = 0;
  let alerts = 0;
  let mails = 0;
  for (;;) {
    const r = await dispatchAlerts(db, { digest: { hour: 8, timeZone: 'Asia/Seoul' }, now: () => new Date() });
    seen += r.events;
    alerts += r.alerts;
    mails += r.mails;
    if (!r.more) break;
  }
  const ms = performance.now() - t0;
  await sql`DELETE FROM outbox WHERE kind IN ('follow_alert', 'follow_digest')`.execute(db);
  await sql`DELETE FROM alert`.execute(db);
  await sql`DELETE FROM follow WHERE email LIKE 'bench-%'`.execute(db);
  return { follows, events: seen, alerts, mails, ms, eventsPerSecond: seen / (ms / 1000) };
}
