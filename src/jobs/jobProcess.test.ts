import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorld, dropWorld, type BenchWorld } from '../../bench/data.js';
import { openTestDatabase, type TestDatabase } from '../../test/helpers/db.js';
import { createFixture, type Fixture } from '../../test/helpers/fixture.js';
import { fileApplication, testLogSigner, workApplication } from '../../test/helpers/log.js';
import { refreshSignals } from '../commands/fair/signals.js';
import type { Db } from '../db/types.js';
import type { Manifest } from '../domain/openData.js';
import { signalYears } from '../domain/signals.js';
import { buildOpenData, readManifest, startOpenDataBuilder } from './buildOpenData.js';
import { integrateAll } from './integrateLog.js';
import { jobProcesses, jobsRunIn, type JobProcesses } from './jobProcess.js';
import { startSignalRefresher } from './refreshSignals.js';

const until = async (done: () => boolean | Promise<boolean>, what: string, ms = 90_000) => {
  const end = Date.now() + ms;
  while (!(await done())) {
    if (Date.now() > end) throw new Error(`gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
};

describe('where the heavy jobs run', () => {
  it.each([
    { kind: 'postgres', setting: 'auto', runs: 'child' },
    { kind: 'postgres', setting: 'inline', runs: 'inline' },
    // The embedded database belongs to the server's process: a child could not open it.
    { kind: 'pglite', setting: 'auto', runs: 'inline' },
    { kind: 'pglite', setting: 'inline', runs: 'inline' },
  ] as const)('on $kind with JOBS_PROCESS=$setting: $runs', ({ kind, setting, runs }) => {
    expect(jobsRunIn(kind, setting)).toBe(runs);
  });
});

// A child opens its own pool, which only a database server allows (ADR 0025): these run on PostgreSQL.
describe.runIf(!!process.env.TEST_DATABASE_URL)('background jobs in a child process on postgres', () => {
  let database: TestDatabase;
  let fx: Fixture;
  let jobs: JobProcesses;
  const lines: { level: string; line: string; job: string }[] = [];
  const dirs: string[] = [];
  const tempDir = () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'daylight-jobs-'));
    dirs.push(dir);
    return dir;
  };
  const options = (dir: string) => ({ dir, licence: 'cc-by-4.0' as const, publicUrl: 'https://daylight.test' });
  const fileEntries = (m: Manifest) => m.files.map((f) => [f.name, f.rows, f.bytes, f.sha256]);

  beforeAll(async () => {
    database = await openTestDatabase('postgres');
    fx = await createFixture(database.db);
    const numbers = [await fileApplication(database.db, 'Workshop'), await fileApplication(database.db, 'Shop front')];
    await workApplication(database.db, fx, numbers[0]!, 2);
    await integrateAll(database.db, testLogSigner());
    jobs = jobProcesses({ database: { url: database.url, searchPath: database.searchPath }, heapMb: 256, log: (level, line, job) => lines.push({ level, line, job }) });
  }, 120_000);
  afterAll(async () => {
    await jobs?.stop();
    await database?.close();
    for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('builds, through the scheduler, the same files from the same checkpoint as a build in the server\'s process', async () => {
    const dir = tempDir();
    const errors: unknown[] = [];
    const builder = startOpenDataBuilder(database.db, {
      ...options(dir), hours: 24, firstDelayMs: 0, log: (error) => errors.push(error), build: () => jobs.run({ name: 'open-data', options: options(dir) }).done,
    });
    try {
      await until(() => readManifest(dir) !== null || errors.length > 0, 'the child\'s build');
    } finally {
      builder.stop();
    }
    expect(errors).toEqual([]);
    const child = readManifest(dir)!;
    const inline = (await buildOpenData(database.db, options(tempDir())))!;
    expect(child.checkpoint).toEqual(inline.checkpoint);
    expect(child.files.length).toBeGreaterThan(10);
    expect(fileEntries(child)).toEqual(fileEntries(inline));
    expect(child.files.find((f) => f.kind === 'events' && f.format === 'jsonl')!.rows).toBe(child.checkpoint.size);
  }, 120_000);

  it('reports a child that is killed or fails, and runs the next pass', async () => {
    const broken = jobProcesses({ database: { url: database.url, searchPath: 'no_such_schema' }, heapMb: 256, log: () => undefined });
    const errors: Error[] = [];
    const passes: (() => Promise<number[]>)[] = [
      async () => {
        const job = jobs.run({ name: 'signals', options: { lateEntryMinutes: 60 } });
        await job.started;
        process.kill(job.pid!, 'SIGKILL');
        return job.done;
      },
      () => broken.run({ name: 'signals', options: { lateEntryMinutes: 60 } }).done,
      () => jobs.run({ name: 'signals', options: { lateEntryMinutes: 60 } }).done,
    ];
    let stored: number[] | undefined;
    let pass = 0;
    const refresher = startSignalRefresher(database.db, {
      intervalMs: 10, lateEntryMinutes: 60, firstDelayMs: 0, onError: (error) => errors.push(error as Error),
      pass: async () => {
        const years = await passes[Math.min(pass++, passes.length - 1)]!();
        stored ??= years;
        return years;
      },
    });
    try {
      await until(() => stored !== undefined, 'a pass that succeeds');
    } finally {
      await refresher.stop();
      await broken.stop();
    }
    expect(errors.map((e) => e.message)).toEqual([
      'signals job ended by SIGKILL',
      expect.stringMatching(/^signals job failed: relation "[a-z_]+" does not exist$/),
    ]);
    // The failure's stack is the child's, so the server's log says where it failed.
    expect(errors[1]!.stack).toContain('jobChild');
    // The third pass stored this year and the last, and every older year the pages offer, as an inline pass does.
    expect(stored).toEqual(signalYears(new Date()));
  }, 120_000);

  it('ends a running child when the server stops, and starts none afterwards', async () => {
    const stopping = jobProcesses({ database: { url: database.url, searchPath: database.searchPath }, heapMb: 256, log: () => undefined });
    // The build waits on this lock, so it is still running when the server stops.
    const holder = new pg.Client({ connectionString: database.url, options: `-c search_path=${database.searchPath}` });
    await holder.connect();
    try {
      await holder.query('BEGIN');
      await holder.query('LOCK TABLE event IN ACCESS EXCLUSIVE MODE');
      const job = stopping.run({ name: 'open-data', options: options(tempDir()) });
      await job.started;
      await stopping.stop();
      await expect(job.done).rejects.toThrow('open-data job ended by SIGTERM (the server is stopping)');
      expect(() => process.kill(job.pid!, 0)).toThrow(/ESRCH/);
      await expect(stopping.run({ name: 'signals', options: { lateEntryMinutes: 60 } }).done).rejects.toThrow('the server is stopping');
    } finally {
      await holder.query('ROLLBACK');
      await holder.end();
    }
  }, 120_000);
});

describe.runIf(!!process.env.TEST_DATABASE_URL)('the auditors\' signals from a child process on postgres', () => {
  let world: BenchWorld;
  beforeAll(async () => {
    world = await createWorld({ url: process.env.TEST_DATABASE_URL!, applications: 3000, eventsPerApplication: 20, progress: false });
  }, 180_000);
  afterAll(async () => {
    if (world) await dropWorld(world);
  });

  const storedRows = async (db: Db) =>
    (await sql<Record<string, unknown>>`
      SELECT signal_key, jurisdiction_id, unit_id, year, kind, official_id, cases, figure, peer, threshold, peers, measure, rank, cleared_at IS NULL AS raised
      FROM detected_signal ORDER BY signal_key`.execute(db)).rows;

  it('stores the same signals as a pass in the server\'s process', async () => {
    const db = world.database.db;
    const jobs = jobProcesses({ database: { url: world.url, searchPath: world.searchPath }, heapMb: 512, log: () => undefined });
    const years = await jobs.run({ name: 'signals', options: { lateEntryMinutes: 60 } }).done;
    expect(years).toEqual(signalYears(new Date()));
    const fromChild = await storedRows(db);
    expect(fromChild.length).toBeGreaterThan(0);
    await sql`DELETE FROM detected_signal`.execute(db);
    for (const year of years) expect(await refreshSignals(db, { year, lateEntryMinutes: 60, force: true })).toBe(true);
    expect(await storedRows(db)).toEqual(fromChild);
  }, 240_000);
});
