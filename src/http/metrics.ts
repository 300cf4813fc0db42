/**
 * Prometheus metrics at `/metrics` (prom-client), for the operator's scraper only: the route exists when
 * METRICS_TOKEN or METRICS_ALLOW is set, and then answers 401 without the token and 403 from an address outside the
 * allow-list (both apply when both are set). Every figure is a count, an age or a duration, labelled by route
 * template (`/applications/:number`), never by a URL or anything a person typed, so nothing here names anyone.
 *
 * Request rates and latencies are counted in an `onResponse` hook; the backlogs (outbox, alerts, the log, overdue
 * cases) are read from the database at each scrape, a handful of indexed counts (`db/repos/operations.ts`).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import net from 'node:net';
import type { FastifyInstance } from 'fastify';
import type { Config } from '../config.js';
import { backlogs, logProgress } from '../db/repos/operations.js';
import type { Db } from '../db/types.js';

/** A connection pool's state: connections open, idle among them, and requests waiting for one. */
export interface PoolStats {
  total: number;
  idle: number;
  waiting: number;
}

export interface MetricsOptions {
  db: Db;
  config: Pick<Config, 'METRICS_TOKEN' | 'METRICS_ALLOW'>;
  /** The database pool's state, when the caller has the pool. */
  poolStats?: () => PoolStats;
}

/** Whether /metrics is served at all: only when access to it is restricted. */
export function metricsEnabled(config: Pick<Config, 'METRICS_TOKEN' | 'METRICS_ALLOW'>): boolean {
  return Boolean(config.METRICS_TOKEN || config.METRICS_ALLOW);
}

/** An allow-list of addresses and CIDR ranges; IPv4 addresses seen as IPv4-mapped IPv6 match their IPv4 entries. */
export function addressAllowList(spec: string): (address: string) => boolean {
  const list = new net.BlockList();
  for (const entry of spec.split(',').map((e) => e.trim()).filter(Boolean)) {
    const [address, prefix] = entry.split('/');
    const family = net.isIPv6(address!) ? 'ipv6' : 'ipv4';
    if (!net.isIP(address!)) throw new Error(`METRICS_ALLOW: ${entry} is not an address or CIDR range`);
    if (prefix === undefined) list.addAddress(address!, family);
    else list.addSubnet(address!, Number(prefix), family);
  }
  return (raw) => {
    const address = raw.startsWith('::ffff:') && net.isIPv4(raw.slice(7)) ? raw.slice(7) : raw;
    const family = net.isIPv6(address) ? 'ipv6' : 'ipv4';
    return net.isIP(address) !== 0 && list.check(address, family);
  };
}

const digest = (text: string) => createHash('sha256').update(text).digest();

/** Counts requests and serves `/metrics` when the configuration restricts it; does nothing otherwise. */
export async function installMetrics(app: FastifyInstance, options: MetricsOptions): Promise<void> {
  const { config, db } = options;
  if (!metricsEnabled(config)) return;
  // prom-client is loaded only where metrics are on, so a start without them (the demo's) does not pay for it.
  const { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } = await import('prom-client');
  const allowed = config.METRICS_ALLOW ? addressAllowList(config.METRICS_ALLOW) : () => true;
  const expected = config.METRICS_TOKEN ? digest(config.METRICS_TOKEN) : undefined;

  const register = new Registry();
  collectDefaultMetrics({ register });
  const requests = new Counter({
    name: 'daylight_http_requests_total',
    help: 'HTTP requests answered, by method, route template and status code.',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [register],
  });
  const durations = new Histogram({
    name: 'daylight_http_request_duration_seconds',
    help: 'Time from a request’s arrival to its answer, by method and route template.',
    labelNames: ['method', 'route'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [register],
  });
  const gauge = (name: string, help: string, labelNames: string[] = []) => new Gauge({ name, help, labelNames, registers: [register] });
  const pool = gauge('daylight_db_pool_connections', 'Database pool connections by state: total open, idle, and requests waiting for one.', ['state']);
  const databaseUp = gauge('daylight_database_up', '1 when the database answered this scrape’s queries, 0 when it did not.');
  const outboxPending = gauge('daylight_outbox_pending', 'E-mails in the outbox neither sent nor given up.');
  const outboxOldestDue = gauge('daylight_outbox_oldest_due_seconds', 'Seconds the oldest due e-mail has waited to be sent (0 when none is due).');
  const alertEvents = gauge('daylight_alert_events_behind', 'Committed events the alert dispatcher has not matched to follows yet.');
  const alertDigest = gauge('daylight_alerts_awaiting_digest', 'Alerts recorded for daily digests not sent yet.');
  const logSize = gauge('daylight_log_size', 'Entries in the transparency log’s latest signed checkpoint.');
  const logWaiting = gauge('daylight_log_waiting', 'Events given a log index but not yet in a signed checkpoint.');
  const logOldestWaiting = gauge('daylight_log_oldest_waiting_seconds', 'Seconds the oldest event not yet in a signed checkpoint has waited (0 when none waits).');
  const sinceCheckpoint = gauge('daylight_log_seconds_since_checkpoint', 'Seconds since the latest checkpoint was signed (a quiet log signs none: alert on the oldest waiting event instead).');
  const overdue = gauge('daylight_overdue_applications', 'Open applications with a stage or the whole application past its due date.');

  app.addHook('onResponse', async (request, reply) => {
    // The route template, never the URL: URLs carry tokens, codes and search words, and would explode the label set.
    const route = request.routeOptions?.url ?? 'unmatched';
    requests.inc({ method: request.method, route, status: String(reply.statusCode) });
    durations.observe({ method: request.method, route }, reply.elapsedTime / 1000);
  });

  app.get('/metrics', async (request, reply) => {
    reply.header('cache-control', 'no-store');
    if (!allowed(request.ip)) return reply.code(403).type('text/plain').send('forbidden\n');
    if (expected) {
      const given = request.headers.authorization?.match(/^Bearer\s+(\S+)$/)?.[1];
      if (!given || !timingSafeEqual(digest(given), expected)) {
        return reply.code(401).header('www-authenticate', 'Bearer realm="metrics"').type('text/plain').send('unauthorized\n');
      }
    }
    if (options.poolStats) {
      const stats = options.poolStats();
      for (const state of ['total', 'idle', 'waiting'] as const) pool.set({ state }, stats[state]);
    }
    const now = new Date();
    const age = (at: Date | null) => (at ? Math.max(0, (now.getTime() - at.getTime()) / 1000) : 0);
    try {
      const [log, queues] = await Promise.all([logProgress(db), backlogs(db, now)]);
      databaseUp.set(1);
      outboxPending.set(queues.outboxPending);
      outboxOldestDue.set(age(queues.outboxOldestDueAt));
      alertEvents.set(queues.alertEventsBehind);
      alertDigest.set(queues.alertsAwaitingDigest);
      overdue.set(queues.overdueApplications);
      logSize.set(log.size);
      logWaiting.set(log.waiting);
      logOldestWaiting.set(age(log.oldestWaitingAt));
      if (log.lastCheckpointAt) sinceCheckpoint.set(age(log.lastCheckpointAt));
    } catch (error) {
      // The scrape still answers (process and request figures), saying the database did not.
      databaseUp.set(0);
      request.log.warn({ err: error }, 'metrics: the database did not answer');
    }
    return reply.type(register.contentType).send(await register.metrics());
  });
}
