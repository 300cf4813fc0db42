import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../src/commands/admin/createApiKey.js';
import { auditLog, auditPassed } from '../../src/cli/audit.js';
import { verifyDeployment } from '../../src/cli/verify.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { openDatabase, type Database } from '../../src/db/pool.js';
import { AREA_ALERT_EVENTS } from '../../src/domain/alerts.js';
import { totpCode } from '../../src/domain/totp.js';
import { allCheckpoints } from '../../src/log/store.js';
import { generateKey, parseSignerKey } from '../../src/log/note.js';
import { createFixture, PASSWORD, TEST_SIGN_IN_SECRET, totpSecretOf, type Fixture } from '../helpers/fixture.js';
import { RoundRobinProxy } from '../helpers/roundRobinProxy.js';
import { startTestSmtp, type TestSmtp } from '../helpers/smtp.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const ORIGIN = 'three.example/log';

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function until<T>(what: string, probe: () => Promise<T | undefined | false>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** A browser's cookie jar over fetch, enough for the office's session and CSRF cookies. */
class Browser {
  cookies = new Map<string, string>();
  constructor(readonly base: string) {}
  async request(url: string, init: { method?: string; form?: Record<string, string> } = {}) {
    const response = await fetch(`${this.base}${url}`, {
      method: init.method ?? 'GET',
      redirect: 'manual',
      headers: {
        cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
        ...(init.form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      body: init.form ? new URLSearchParams(init.form).toString() : undefined,
    });
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const [name, value] = pair!.split('=') as [string, string];
      if (value === '' || /max-age=0/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return { status: response.status, location: response.headers.get('location'), body: await response.text() };
  }
  async csrf(url: string): Promise<string> {
    const page = await this.request(url);
    const token = page.body.match(/name="_csrf" value="([^"]+)"/)?.[1];
    if (!token) throw new Error(`no form on ${url} (${page.status})`);
    return token;
  }
}

/**
 * Three real app processes on one PostgreSQL database behind a round-robin proxy: writes through the API and an
 * office session go to any instance, one instance is stopped in the middle, and afterwards the log is one linear,
 * gap-free tree whose every checkpoint verifies, every e-mail was sent once, every alert matched once and every
 * passed deadline recorded once.
 */
describe.skipIf(!process.env.TEST_DATABASE_URL)('three instances on one PostgreSQL database', () => {
  const name = `daylight_three_${randomBytes(4).toString('hex')}`;
  // The body runs to collect the tests even when they are skipped: nothing here may need the database.
  const url = process.env.TEST_DATABASE_URL ? Object.assign(new URL(process.env.TEST_DATABASE_URL), { pathname: `/${name}` }).toString() : '';
  const signingKey = generateKey(ORIGIN).privateKey;
  let work = '';
  const instances: { port: number; child: ChildProcess; output: string[]; exit: Promise<number | null> }[] = [];
  let database: Database;
  let smtp: TestSmtp;
  let proxy: RoundRobinProxy;
  let fx: Fixture;
  let apiKey: string;

  const admin = async (statement: string) => {
    const client = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
    await client.connect();
    await client.query(statement).finally(() => client.end());
  };

  beforeAll(async () => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'daylight-three-'));
    await admin(`CREATE DATABASE ${name}`);
    database = await openDatabase({ url, poolSize: 4 });
    await migrateToLatest(database.db);
    fx = await createFixture(database.db);
    apiKey = await createApiKey(database.db, fx.officials.admin, fx.units.build, 'Building division system');
    // Someone follows the building division: each new case and decision there is an alert, e-mailed at once.
    await database.db
      .insertInto('follow')
      .values({ email: 'watcher@example.test', locale: 'en', kind: 'unit', unit_id: fx.units.build, frequency: 'instant', confirmed_at: new Date() })
      .execute();
    smtp = await startTestSmtp();
    const ports = [await freePort(), await freePort(), await freePort()];
    proxy = new RoundRobinProxy(ports);
    await proxy.start();
    for (const [i, port] of ports.entries()) {
      const output: string[] = [];
      const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'start'], {
        cwd: ROOT,
        stdio: ['ignore', 'pipe', 'pipe'],
        env: {
          ...process.env,
          DATABASE_URL: url,
          PORT: String(port),
          HOST: '127.0.0.1',
          PUBLIC_URL: proxy.url,
          DATA_DIR: path.join(work, `instance-${i}`),
          LOG_SIGNING_KEY: signingKey,
          SIGN_IN_SECRET: TEST_SIGN_IN_SECRET,
          SMTP_URL: smtp.url,
          MAIL_SEND_INTERVAL_MS: '200',
          ALERT_INTERVAL_MS: '200',
          OVERDUE_SCAN_INTERVAL_MS: '300',
          LOG_INTEGRATE_INTERVAL_MS: '100',
          LOG_LEVEL: 'warn',
          FORM_RATE_LIMIT: '10000',
          TRUST_PROXY: '127.0.0.1',
        },
      });
      child.stdout!.on('data', (chunk: Buffer) => output.push(chunk.toString()));
      child.stderr!.on('data', (chunk: Buffer) => output.push(chunk.toString()));
      const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      instances.push({ port, child, output, exit });
    }
    for (const instance of instances) {
      await until(`instance on ${instance.port} to be ready`, async () => (await fetch(`http://127.0.0.1:${instance.port}/readyz`)).ok, 60_000).catch((error) => {
        throw new Error(`${(error as Error).message}\n${instance.output.join('')}`);
      });
    }
  }, 90_000);

  afterAll(async () => {
    for (const instance of instances) if (instance.child.exitCode === null) instance.child.kill('SIGTERM');
    await Promise.all(instances.map((i) => i.exit));
    await proxy?.stop();
    await smtp?.close();
    await database?.close();
    await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    fs.rmSync(work, { recursive: true, force: true });
  });

  /** An API write through the proxy, with an idempotency key so a retry can never record twice. */
  async function api(pathname: string, body: unknown): Promise<Record<string, unknown>> {
    const response = await fetch(`${proxy.url}${pathname}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json', 'idempotency-key': randomUUID() },
      body: JSON.stringify(body),
    });
    const answer = (await response.json()) as Record<string, unknown>;
    if (response.status !== 201) throw new Error(`${pathname}: ${response.status} ${JSON.stringify(answer)}`);
    return answer;
  }

  const file = (i: number, receivedDaysAgo = 0) =>
    api('/api/v1/applications', {
      jurisdiction: 'TS',
      procedure: 'building-permit',
      title: `Warehouse ${i}`,
      location: { address: `${i} Haneul-ro` },
      applicant: { name: `Applicant ${i}`, email: `applicant${i}@example.test` },
      fields: { floor_area: String(100 + i) },
      ...(receivedDaysAgo ? { received_at: new Date(Date.now() - receivedDaysAgo * 86_400_000).toISOString() } : {}),
    }).then((a) => a.number as string);

  /** A case's first steps (filing assigned it by rotation): intake started and inspected. */
  const work1 = async (number: string) => {
    await api(`/api/v1/applications/${number}/events`, { type: 'stage_started', stage: 'intake' });
    await api(`/api/v1/applications/${number}/events`, { type: 'site_inspection', stage: 'intake', note: 'Visited' });
  };

  it('serves sessions, jobs, mail and one linear log across instances, one of them stopped mid-run', async () => {
    const started = Date.now();
    // Cases past their statutory period (received a month ago), for the overdue scans of all three instances.
    const late = await Promise.all([1, 2, 3].map((i) => file(i, 30)));
    const fresh = await Promise.all([4, 5, 6].map((i) => file(i)));
    await Promise.all(fresh.map(work1));

    // An official signs in through the proxy; every request may land on another instance.
    const browser = new Browser(proxy.url);
    const login = await browser.request('/office/login', { method: 'POST', form: { login: 'a1', password: PASSWORD, _csrf: await browser.csrf('/office/login') } });
    expect(login.location).toContain('/office/sign-in/code');
    const code = await browser.request('/office/sign-in/code', {
      method: 'POST',
      form: { code: totpCode(totpSecretOf('a1'), new Date()), _csrf: await browser.csrf('/office/sign-in/code') },
    });
    expect(code.status).toBe(303);
    for (let i = 0; i < 6; i++) expect((await browser.request('/office')).status).toBe(200);

    // Writes in flight while the second instance is stopped.
    const more = Promise.all([7, 8, 9, 10, 11, 12].map(async (i) => work1(await file(i))));
    await new Promise((resolve) => setTimeout(resolve, 150));
    const stopping = Date.now();
    instances[1]!.child.kill('SIGTERM');
    const numbers = [...fresh, ...(await more.then(() => [] as string[]))];
    expect(await instances[1]!.exit).toBe(0);
    expect(Date.now() - stopping).toBeLessThan(15_000);

    // The session goes on, and writes through it, on the instances left.
    const act = await browser.request(`/office/applications/${fresh[0]}/acts`, {
      method: 'POST',
      form: { type: 'site_inspection', stage: 'intake', note: 'Second visit', _csrf: await browser.csrf(`/office/applications/${fresh[0]}`) },
    });
    expect(act.status).toBe(303);
    for (const number of numbers.slice(1)) await api(`/api/v1/applications/${number}/events`, { type: 'stage_completed', stage: 'intake' });
    expect(proxy.answered.every((n) => n > 0)).toBe(true);

    // Everything settles: the log signed up to the last event, the outbox sent, the alerts matched, deadlines passed.
    const { db } = database;
    await until('the background work to settle', async () => {
      const { rows } = await sql<{ settled: boolean }>`
        SELECT (SELECT next_index FROM log_sequence) = (SELECT size FROM log_checkpoint ORDER BY id DESC LIMIT 1)
           AND (SELECT log_index FROM alert_cursor) = (SELECT next_index - 1 FROM log_sequence)
           AND NOT EXISTS (SELECT 1 FROM outbox WHERE sent_at IS NULL AND failed_at IS NULL)
           AND (SELECT count(DISTINCT application_id) FROM event WHERE type = 'deadline_passed') = ${late.length} AS settled`.execute(db);
      return rows[0]!.settled;
    }, 30_000);
    // One more round of every job, to see that none of them repeats work already done.
    await new Promise((resolve) => setTimeout(resolve, 1_500));

    // One linear log: indexes 0..n-1, each once, in one chain of checkpoints that all verify, consistent each with the last.
    const { rows: indexes } = await sql<{ n: number; distinct: number; max: number; nulls: number }>`
      SELECT count(*)::int AS n, count(DISTINCT log_index)::int AS distinct, max(log_index)::int AS max, count(*) FILTER (WHERE log_index IS NULL)::int AS nulls FROM event`.execute(db);
    expect(indexes[0]).toEqual({ n: indexes[0]!.n, distinct: indexes[0]!.n, max: indexes[0]!.n - 1, nulls: 0 });
    const checkpoints = await allCheckpoints(db);
    expect(checkpoints.length).toBeGreaterThan(1);
    expect(checkpoints.every((c, i) => i === 0 || c.size >= checkpoints[i - 1]!.size)).toBe(true);
    expect(new Set(checkpoints.map((c) => c.verifierKey))).toEqual(new Set([parseSignerKey(signingKey).verifierKey]));
    const audit = await auditLog(db);
    expect(audit.treeProblems).toEqual([]);
    expect(auditPassed(audit)).toBe(true);
    const verified = await verifyDeployment({ url: proxy.url, key: parseSignerKey(signingKey).verifierKey, sample: 'all' });
    expect(verified.size).toBe(indexes[0]!.n);

    // Each overdue stage and application recorded once, though three scanners ran.
    const { rows: passed } = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM event WHERE type = 'deadline_passed' GROUP BY application_id, data->>'stage' HAVING count(*) > 1`.execute(db);
    expect(passed).toEqual([]);

    // Each event the follow concerns alerted once, each e-mail sent once.
    const { rows: alertable } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM event WHERE type = ANY(${[...AREA_ALERT_EVENTS]})`.execute(db);
    const { rows: alerts } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM alert`.execute(db);
    expect(alerts[0]!.n).toBe(alertable[0]!.n);
    const { rows: sent } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM outbox WHERE sent_at IS NOT NULL`.execute(db);
    const ids = smtp.received.map((m) => m.messageId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBe(sent[0]!.n);
    expect(smtp.received.filter((m) => m.envelopeTo.includes('watcher@example.test')).length).toBeGreaterThan(0);
    expect(smtp.received.filter((m) => m.envelopeTo.includes('applicant7@example.test')).length).toBeGreaterThan(0);

    // No instance logged an error: no failed pass, no lost connection, no refused key.
    for (const instance of instances) expect(instance.output.join('')).not.toMatch(/"level":(50|60)/);
    // The instances left are ready and serve.
    for (const instance of [instances[0]!, instances[2]!]) expect((await fetch(`http://127.0.0.1:${instance.port}/readyz`)).status).toBe(200);
    expect(Date.now() - started).toBeLessThan(60_000);
  }, 90_000);
});
