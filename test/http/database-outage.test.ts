import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordAct } from '../../src/commands/recordAct.js';
import { openDatabase, type Database } from '../../src/db/pool.js';
import { isDatabaseUnavailable } from '../../src/http/errors.js';
import { startLogIntegrator, type RunningIntegrator } from '../../src/jobs/integrateLog.js';
import { latestCheckpoint } from '../../src/log/store.js';
import { openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { createFixture, type Fixture } from '../helpers/fixture.js';
import { fileApplication, testLogSigner } from '../helpers/log.js';
import { testServer } from '../helpers/server.js';
import { TcpProxy } from '../helpers/tcpProxy.js';

/**
 * The app process outlives its database: connections killed on the server, then the server unreachable for a while.
 * PostgreSQL only: PGlite lives inside the process and has no connection to lose.
 */
describe.skipIf(!process.env.TEST_DATABASE_URL)('the app when PostgreSQL goes away and comes back', () => {
  const applicationName = `daylight-outage-${process.pid}`;
  let base: TestDatabase;
  let proxy: TcpProxy;
  let database: Database;
  let app: FastifyInstance;
  let fx: Fixture;
  let number: string;
  let integrator: RunningIntegrator;
  const connectionErrors: Error[] = [];
  const jobErrors: unknown[] = [];
  const log = testLogSigner();

  /** Ends every server process of the app's pool, as a restart or `pg_terminate_backend` by an operator would. */
  async function terminateAppConnections(): Promise<number> {
    const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
    await admin.connect();
    try {
      // The pids first, then each one: in one WHERE clause the planner may call pg_terminate_backend before it
      // has filtered by name, ending other sessions on the shared server.
      const { rows } = await admin.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE application_name = $1', [applicationName]);
      for (const { pid } of rows) await admin.query('SELECT pg_terminate_backend($1)', [pid]);
      return rows.length;
    } finally {
      await admin.end();
    }
  }

  async function until(what: string, check: () => Promise<boolean> | boolean, ms = 20_000): Promise<void> {
    const deadline = Date.now() + ms;
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  beforeAll(async () => {
    base = await openTestDatabase('postgres');
    fx = await createFixture(base.db);
    number = await fileApplication(base.db);
    proxy = new TcpProxy('127.0.0.1', Number(new URL(process.env.TEST_DATABASE_URL!).port || 5432));
    await proxy.restore();
    database = await openDatabase({
      url: proxy.proxied(process.env.TEST_DATABASE_URL!),
      searchPath: base.searchPath,
      poolSize: 4,
      applicationName,
      connectTimeoutMs: 1_000,
      onConnectionError: (error) => connectionErrors.push(error),
    });
    app = await testServer({ ...base, db: database.db });
    integrator = startLogIntegrator(database.db, log, { intervalMs: 50, onError: (error) => jobErrors.push(error) });
  });

  afterAll(async () => {
    await integrator?.stop();
    await app?.close();
    await database?.close();
    await proxy?.cut();
    await base?.close();
  });

  const page = () => app.inject({ method: 'GET', url: `/applications/${number}` });
  const api = () => app.inject({ method: 'GET', url: `/api/v1/applications/${number}` });

  it('serves on after its idle connections are terminated, and a transaction cut short fails alone', async () => {
    expect((await page()).statusCode).toBe(200);
    expect((await api()).statusCode).toBe(200);
    // Every connection idle in the pool: one the integrator held at that moment would tell the integrator instead.
    await integrator.stop();
    await until('every connection to be idle', () => database.poolStats().idle === database.poolStats().total);
    const before = connectionErrors.length;
    const terminated = await terminateAppConnections();
    expect(terminated).toBeGreaterThan(0);
    // The pool hears of each (an idle connection's error, which without a listener would end the process) ...
    await until('the pool to report every lost connection', () => connectionErrors.length - before >= terminated);
    integrator = startLogIntegrator(database.db, log, { intervalMs: 50, onError: (error) => jobErrors.push(error) });
    // ... and opens fresh connections for the next requests.
    expect((await page()).statusCode).toBe(200);

    // A connection killed inside a transaction: that transaction fails, as a connection error; nothing else does.
    const cut = database.db.transaction().execute(async (trx) => {
      await sql`SELECT 1`.execute(trx);
      await terminateAppConnections();
      await new Promise((resolve) => setTimeout(resolve, 100));
      await sql`SELECT 1`.execute(trx);
    });
    const error = await cut.then(() => undefined, (e: unknown) => e);
    expect(isDatabaseUnavailable(error)).toBe(true);
    expect((await api()).statusCode).toBe(200);
    await recordAct(database.db, { number, act: { type: 'assigned', officialId: fx.officials.a1.id }, actor: fx.officials.boss });
  });

  it('answers 503 with a stable id while the database cannot be reached, without hanging, and serves again when it is back', async () => {
    await proxy.cut();
    await terminateAppConnections();

    const started = Date.now();
    const json = await app.inject({ method: 'GET', url: `/api/v1/applications/${number}`, headers: { 'accept-language': 'en' } });
    expect(json.statusCode).toBe(503);
    expect(json.headers['retry-after']).toBe('30');
    expect(json.json()).toMatchObject({ error: { id: 'unavailable', message: expect.stringContaining('database') } });
    const html = await app.inject({ method: 'GET', url: `/applications/${number}`, headers: { 'accept-language': 'ko' } });
    expect(html.statusCode).toBe(503);
    expect(html.body).toContain('데이터베이스에 연결할 수 없습니다');
    // Bounded by the connection timeout (1 s here), not an open-ended wait.
    expect(Date.now() - started).toBeLessThan(8_000);
    // A write is refused the same way, with nothing written.
    await expect(recordAct(database.db, { number, act: { type: 'stage_started', stage: 'intake' }, actor: fx.officials.a1 })).rejects.toSatisfy(isDatabaseUnavailable);
    // The integrator keeps trying (and failing) in the background rather than taking the process down.
    integrator.kick();
    await until('the integrator to meet the outage', () => jobErrors.length > 0);

    await proxy.restore();
    await until('the app to serve again', async () => (await api()).statusCode === 200);
    expect((await page()).statusCode).toBe(200);
    // Writes work again, and the integrator, after its pause, puts them in a signed checkpoint.
    await recordAct(database.db, { number, act: { type: 'stage_started', stage: 'intake' }, actor: fx.officials.a1 });
    const events = Number((await base.db.selectFrom('event').select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow()).n);
    await until('a checkpoint of every event', async () => ((await latestCheckpoint(base.db))?.size ?? 0) === events, 60_000);
    expect(jobErrors.every(isDatabaseUnavailable)).toBe(true);
  });
});
