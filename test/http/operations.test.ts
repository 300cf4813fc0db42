import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { openDatabase } from '../../src/db/pool.js';
import { buildServer } from '../../src/http/server.js';
import { checkReadiness } from '../../src/http/readiness.js';
import { integrateAll } from '../../src/jobs/integrateLog.js';
import { DIALECTS, openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { CANARY, TEST_SIGN_IN_SECRET, createFixture } from '../helpers/fixture.js';
import { fileApplication, testLogSigner } from '../helpers/log.js';
import { testServer } from '../helpers/server.js';

const TOKEN = 'metrics-token-for-tests-0123456789abcdef';

for (const dialect of DIALECTS) {
  describe(`operations endpoints (${dialect})`, () => {
    let database: TestDatabase;
    let app: FastifyInstance;
    let number: string;

    beforeAll(async () => {
      database = await openTestDatabase(dialect);
      await createFixture(database.db);
      number = await fileApplication(database.db);
      app = await testServer(database);
    });
    afterAll(async () => {
      await app?.close();
      await database?.close();
    });

    it('answers /healthz without the database, with a request id a person can quote', async () => {
      const res = await app.inject({ method: 'GET', url: '/healthz' });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({ ok: true });
      expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
      expect(res.headers['cache-control']).toBe('no-store');
    });

    it('is ready when the schema is current and the log keeps up, and says why when it is not', async () => {
      const ready = await app.inject({ method: 'GET', url: '/readyz' });
      expect(ready.statusCode).toBe(200);
      expect(ready.json()).toMatchObject({ ready: true, database: { ok: true }, migrations: { ok: true, pending: [] }, log: { ok: true, waiting: 1 } });

      // The event filed above has waited for a checkpoint longer than the limit when seen two minutes from now.
      const later = new Date(Date.now() + 120_000);
      const stalled = await checkReadiness(database.db, { logLagSeconds: 60, now: later });
      expect(stalled).toMatchObject({ ready: false, log: { ok: false, waiting: 1 } });
      expect(stalled.log.oldest_waiting_seconds).toBeGreaterThanOrEqual(119);
      await integrateAll(database.db, testLogSigner());
      expect(await checkReadiness(database.db, { logLagSeconds: 60, now: later })).toMatchObject({ ready: true, log: { ok: true, waiting: 0, size: 1 } });

      // A migration this code expects is missing: not ready. One it does not know (a newer release's): still ready.
      await sql`DELETE FROM kysely_migration WHERE name = '0016_safe_writes'`.execute(database.db);
      const behind = await app.inject({ method: 'GET', url: '/readyz' });
      expect(behind.statusCode).toBe(503);
      expect(behind.json()).toMatchObject({ ready: false, migrations: { ok: false, pending: ['0016_safe_writes'] } });
      await sql`INSERT INTO kysely_migration (name, timestamp) VALUES ('0016_safe_writes', now()), ('9999_from_a_newer_release', now())`.execute(database.db);
      const newer = await app.inject({ method: 'GET', url: '/readyz' });
      expect(newer.statusCode).toBe(200);
      expect(newer.json()).toMatchObject({ migrations: { ok: true, newer: ['9999_from_a_newer_release'] } });
      await sql`DELETE FROM kysely_migration WHERE name = '9999_from_a_newer_release'`.execute(database.db);
    });

    it('serves no /metrics unless access to it is restricted', async () => {
      const res = await app.inject({ method: 'GET', url: '/metrics' });
      expect(res.statusCode).toBe(404);
    });

    it('serves Prometheus metrics to a scraper with the token: requests by route template, backlogs, the log, nothing personal', async () => {
      const scraped = await testServer(database, { METRICS_TOKEN: TOKEN });
      try {
        await scraped.inject({ method: 'GET', url: `/applications/${number}` });
        await scraped.inject({ method: 'GET', url: '/follows/secret-token-in-a-path-0123' });
        expect((await scraped.inject({ method: 'GET', url: '/metrics' })).statusCode).toBe(401);
        expect((await scraped.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${TOKEN}x` } })).statusCode).toBe(401);
        const res = await scraped.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${TOKEN}` } });
        expect(res.statusCode).toBe(200);
        expect(res.headers['content-type']).toContain('text/plain');
        const body = res.body;
        expect(body).toMatch(/daylight_http_requests_total\{method="GET",route="\/applications\/:number",status="200"\} 1/);
        expect(body).toMatch(/daylight_http_request_duration_seconds_bucket\{le="0.005",method="GET",route="\/applications\/:number"\}/);
        expect(body).toMatch(/daylight_http_requests_total\{method="GET",route="\/follows\/:token",status="\d+"\} 1/);
        expect(body).toMatch(/^daylight_database_up 1$/m);
        expect(body).toMatch(/^daylight_log_size 1$/m);
        expect(body).toMatch(/^daylight_log_waiting 0$/m);
        expect(body).toMatch(/^daylight_outbox_pending \d+$/m);
        expect(body).toMatch(/^daylight_alert_events_behind \d+$/m);
        expect(body).toMatch(/^daylight_overdue_applications 0$/m);
        expect(body).toMatch(/^process_resident_memory_bytes \d+/m);
        for (const secret of [number, 'secret-token-in-a-path', ...Object.values(CANARY)]) expect(body).not.toContain(secret);
      } finally {
        await scraped.close();
      }
    });

    it('refuses /metrics to addresses outside METRICS_ALLOW, and asks for both when both are set', async () => {
      const scraped = await testServer(database, { METRICS_ALLOW: '10.0.0.0/8, 192.0.2.1', METRICS_TOKEN: TOKEN });
      try {
        const auth = { authorization: `Bearer ${TOKEN}` };
        expect((await scraped.inject({ method: 'GET', url: '/metrics', headers: auth, remoteAddress: '127.0.0.1' })).statusCode).toBe(403);
        expect((await scraped.inject({ method: 'GET', url: '/metrics', headers: auth, remoteAddress: '10.20.30.40' })).statusCode).toBe(200);
        expect((await scraped.inject({ method: 'GET', url: '/metrics', headers: auth, remoteAddress: '192.0.2.1' })).statusCode).toBe(200);
        expect((await scraped.inject({ method: 'GET', url: '/metrics', remoteAddress: '10.20.30.40' })).statusCode).toBe(401);
      } finally {
        await scraped.close();
      }
    });

    it('reads /readyz and /metrics without a word about any person', async () => {
      const ready = await app.inject({ method: 'GET', url: '/readyz' });
      for (const secret of [number, ...Object.values(CANARY)]) expect(ready.body).not.toContain(secret);
    });
  });
}

describe('operations endpoints when the database is unreachable', () => {
  it('stays alive on /healthz, answers 503 on /readyz and says the database is down in /metrics', async () => {
    const database = await openDatabase({ url: 'postgres://daylight@127.0.0.1:1/nowhere', connectTimeoutMs: 300, onConnectionError: () => undefined });
    const config = loadConfig({ LOG_LEVEL: 'silent', DATA_DIR: 'memory://', SIGN_IN_SECRET: TEST_SIGN_IN_SECRET, METRICS_TOKEN: TOKEN });
    const app = await buildServer({ db: database.db, config, poolStats: database.poolStats });
    try {
      expect((await app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
      const ready = await app.inject({ method: 'GET', url: '/readyz' });
      expect(ready.statusCode).toBe(503);
      expect(ready.json()).toMatchObject({ ready: false, database: { ok: false } });
      expect(ready.body).not.toContain('nowhere');
      const metrics = await app.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${TOKEN}` } });
      expect(metrics.statusCode).toBe(200);
      expect(metrics.body).toMatch(/^daylight_database_up 0$/m);
      expect(metrics.body).toMatch(/^daylight_db_pool_connections\{state="waiting"\} 0$/m);
    } finally {
      await app.close();
      await database.close();
    }
  });
});

describe('log lines', () => {
  it('carry a request id and the route template, never cookies, tokens in paths or, on anonymous routes, the address', async () => {
    const lines: Record<string, unknown>[] = [];
    const database = await openTestDatabase('pglite');
    const config = loadConfig({ LOG_LEVEL: 'info', DATA_DIR: 'memory://', SIGN_IN_SECRET: TEST_SIGN_IN_SECRET });
    const app = await buildServer({ db: database.db, config, logStream: { write: (line) => void lines.push(JSON.parse(line)) } });
    // The reporting channel's routes will set this flag; this one stands in for them.
    app.get('/test/report', { config: { anonymousLogging: true } }, async () => ({ received: true }));
    app.get('/test/fails', async () => {
      throw Object.assign(new Error('duplicate key value'), { detail: `Key (email)=(${CANARY.email}) already exists.` });
    });
    try {
      const headers = { cookie: 'dl_office=session-cookie-value-42', authorization: 'Bearer dlk_api-key-value-42', 'x-forwarded-for': '203.0.113.50' };
      const seen = await app.inject({ method: 'GET', url: '/follows/token-in-the-path-777?lang=en', headers, remoteAddress: '198.51.100.7' });
      const anonymous = await app.inject({ method: 'GET', url: '/test/report?text=x', headers, remoteAddress: '198.51.100.8' });
      expect(anonymous.statusCode).toBe(200);
      await app.inject({ method: 'GET', url: '/no/such/page?code=ACCESS-CODE-1', remoteAddress: '198.51.100.7' });
      expect((await app.inject({ method: 'GET', url: '/test/fails', remoteAddress: '198.51.100.7' })).statusCode).toBe(500);

      const text = lines.map((l) => JSON.stringify(l)).join('\n');
      for (const secret of ['session-cookie-value-42', 'api-key-value-42', 'token-in-the-path-777', 'ACCESS-CODE-1', CANARY.email, '198.51.100.8', '203.0.113.50']) {
        expect(text).not.toContain(secret);
      }
      const byId = (id: unknown) => lines.filter((l) => l.reqId === id);
      const seenLines = byId(seen.headers['x-request-id']);
      expect(seenLines.map((l) => l.msg)).toEqual(['incoming request', 'request completed']);
      expect(seenLines[0]!.req).toEqual({ method: 'GET', route: '/follows/:token', remoteAddress: '198.51.100.7' });
      const anonymousLines = byId(anonymous.headers['x-request-id']);
      expect(anonymousLines.map((l) => l.msg)).toEqual(['incoming request', 'request completed']);
      expect(anonymousLines[0]!.req).toEqual({ method: 'GET', route: '/test/report' });
      expect(lines.find((l) => (l.req as { path?: string } | undefined)?.path === '/no/such/page')).toBeDefined();
      expect(text).toContain('[redacted]');
    } finally {
      await app.close();
      await database.close();
    }
  });
});
