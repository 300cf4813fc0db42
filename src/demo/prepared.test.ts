import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testLogSigner } from '../../test/helpers/log.js';
import { auditLog, auditPassed } from '../cli/audit.js';
import { partyKeys } from '../commands/fair/partyKeys.js';
import { loadSignInSecret, signInKeys } from '../commands/officeAuth/keys.js';
import { signInWithPassword } from '../commands/officeAuth/signInWithPassword.js';
import { throttleRules } from '../commands/officeAuth/throttle.js';
import { verifySecondFactor } from '../commands/officeAuth/verifySecondFactor.js';
import { loadConfig } from '../config.js';
import { migrateToLatest } from '../db/migrate.js';
import { templateFile } from '../db/pgliteTemplate.js';
import { openDatabase } from '../db/pool.js';
import type { DB } from '../db/schema.js';
import { totpCode } from '../domain/totp.js';
import { detectOverdue } from '../jobs/detectOverdue.js';
import { integrateAll, signBuiltTree } from '../jobs/integrateLog.js';
import { latestCheckpoint } from '../log/store.js';
import { claimPrepared, judgePrepared, makePreparedDemo, PREPARED_MAX_AGE_MS, preparedFolder, readPrepared, type PreparedDemo, type PreparedWanted } from './prepared.js';
import { DEMO_PASSWORD, DEMO_TOTP_SECRET, seedDemo } from './seed.js';

const NOW = new Date('2026-11-24T10:30:00+09:00');
const HOUR = 3_600_000;

describe('whether a first start takes the demo prepared at install', () => {
  const prepared = { key: 'k1', size: 'full', seededAt: NOW.toISOString() } as PreparedDemo;
  const wanted: PreparedWanted = { key: 'k1', size: 'full', now: NOW.getTime() + HOUR, newFolder: true, signInSecretGiven: false };
  const cases: [string, PreparedDemo | undefined, Partial<PreparedWanted>, boolean, string | null][] = [
    ['an hour old, same code and size, new folder', prepared, {}, true, null],
    ['seeded a moment ago', prepared, { now: NOW.getTime() }, true, null],
    ['a minute short of a day', prepared, { now: NOW.getTime() + PREPARED_MAX_AGE_MS - 60_000 }, true, null],
    ['exactly a day old', prepared, { now: NOW.getTime() + PREPARED_MAX_AGE_MS }, false, 'older than a day'],
    ['a week old', prepared, { now: NOW.getTime() + 7 * PREPARED_MAX_AGE_MS }, false, 'older than a day'],
    ['dated after now (the clock went back)', prepared, { now: NOW.getTime() - 60_000 }, false, 'in the future'],
    ['an unreadable date', { ...prepared, seededAt: 'yesterday' }, {}, false, 'in the future'],
    ['made by other code', prepared, { key: 'k2' }, false, 'code changed'],
    ['the small demo asked for', prepared, { size: 'small' }, false, 'the full one'],
    ['SIGN_IN_SECRET configured', prepared, { signInSecretGiven: true }, false, 'SIGN_IN_SECRET'],
    ['a folder already started (quietly)', prepared, { newFolder: false }, false, null],
    ['none prepared (quietly)', undefined, {}, false, null],
  ];
  it.each(cases)('%s', (_, given, change, take, reason) => {
    const verdict = judgePrepared(given, { ...wanted, ...change });
    expect(verdict.take).toBe(take);
    if (!verdict.take) {
      expect(verdict.notable).toBe(reason !== null);
      if (reason) expect(verdict.reason).toContain(reason);
    }
  });
});

/** What a visitor and an official see of the city: applications and their events, without the rows' clocks of entry. */
async function content(db: Kysely<DB>) {
  const applications = await db.selectFrom('application').select(['number', 'status', 'stages', 'received_at', 'closed_at', 'title']).orderBy('number').execute();
  const events = await db
    .selectFrom('event as e')
    .innerJoin('application as a', 'a.id', 'e.application_id')
    .select(['a.number', 'e.seq', 'e.type', 'e.occurred_at', 'e.data', 'e.private_data'])
    .orderBy('a.number')
    .orderBy('e.seq')
    .execute();
  const counts = await sql<{ name: string; n: number }>`
    SELECT 'official' AS name, count(*)::int AS n FROM official UNION ALL SELECT 'unit', count(*)::int FROM unit
    UNION ALL SELECT 'procedure', count(*)::int FROM procedure UNION ALL SELECT 'party', count(*)::int FROM application_party`.execute(db);
  return { applications, events, counts: counts.rows };
}

describe('a demo prepared at install and taken over by the first start', () => {
  let folder: string;
  let cache: string;
  const template = () => (fs.existsSync(templateFile()) ? templateFile() : false);

  beforeAll(async () => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'daylight-prepared-'));
    cache = path.join(folder, 'cache');
    fs.mkdirSync(cache);
    expect(await makePreparedDemo({ cache, size: 'small', now: NOW, template: template() })).toBe(preparedFolder(cache));
  }, 300_000);

  afterAll(() => fs.rmSync(folder, { recursive: true, force: true }));

  it('is kept at the next install when younger than an hour, and not when it is older', async () => {
    expect(await makePreparedDemo({ cache, size: 'small', now: new Date(NOW.getTime() + HOUR / 2), template: template() })).toBeNull();
    expect(readPrepared(preparedFolder(cache))?.seededAt).toBe(NOW.toISOString());
  });

  it('is left where it is when stale, and the data folder untouched, so the demo is seeded at start', () => {
    const config = { dataDir: path.join(folder, 'stale'), SIGN_IN_SECRET: undefined };
    const claim = claimPrepared(config, 'small', { cache, now: NOW.getTime() + PREPARED_MAX_AGE_MS + HOUR });
    expect(claim).toMatchObject({ taken: null, notable: true });
    expect(!claim.taken && claim.reason).toContain('older than a day');
    expect(fs.existsSync(config.dataDir)).toBe(false);
    expect(readPrepared(preparedFolder(cache))).toBeDefined();
  });

  it('holds what seeding now gives, a log that verifies under the folder’s own key, and officials who sign in', async () => {
    const config = { dataDir: path.join(folder, 'data'), SIGN_IN_SECRET: undefined };
    const claim = claimPrepared(config, 'small', { cache, now: NOW.getTime() + HOUR });
    expect(claim.taken?.summary.logins.map((l) => l.login)).toContain('admin');
    // Used up: the next new folder is seeded at its start, and never shares this one's secret.
    expect(readPrepared(preparedFolder(cache))).toBeUndefined();
    expect(claimPrepared({ ...config, dataDir: path.join(folder, 'second') }, 'small', { cache })).toMatchObject({ taken: null, notable: false });
    expect(fs.statSync(path.join(config.dataDir, 'sign-in.secret')).mode & 0o777).toBe(0o600);

    const secret = loadSignInSecret(config);
    const keys = signInKeys(secret);
    const taken = await openDatabase({ dataDir: config.dataDir });
    const seeded = await openDatabase({ dataDir: 'memory://', template: template() });
    try {
      expect(await migrateToLatest(taken.db)).toEqual([]);
      await migrateToLatest(seeded.db);
      await seedDemo(seeded.db, { size: 'small', now: NOW, sealTotpSecret: (id, plain) => keys.seal(`official:${id}`, plain), partyKeys: partyKeys(secret) });
      while ((await detectOverdue(seeded.db, NOW)).scanned > 0) {
        // as the first start's scanner would, at the same moment
      }
      const [a, b] = [await content(taken.db), await content(seeded.db)];
      expect(a.applications.length).toBeGreaterThan(10);
      expect(a).toEqual(b);

      const log = testLogSigner('127.0.0.1:3000/log');
      expect(await latestCheckpoint(taken.db)).toBeUndefined();
      const events = a.events.length;
      expect(await signBuiltTree(taken.db, log)).toBe(events);
      expect(await signBuiltTree(taken.db, log)).toBeNull();
      expect(await integrateAll(taken.db, log)).toBe(events);
      const audit = await auditLog(taken.db);
      expect(audit.size).toBe(events);
      expect(auditPassed(audit)).toBe(true);

      const rules = throttleRules(loadConfig({}));
      const source = { login: 'admin', address: '127.0.0.1', trustedBrowser: false };
      const step = await signInWithPassword(taken.db, { source, password: DEMO_PASSWORD, keys, rules, mode: 'required' });
      expect(step.pending).toBe('second_factor');
      const now = new Date();
      expect(await verifySecondFactor(taken.db, { officialId: step.officialId, typed: totpCode(DEMO_TOTP_SECRET, now), source, keys, rules, now })).toEqual({ by: 'totp' });
    } finally {
      await taken.close();
      await seeded.close();
    }
  }, 300_000);
});
