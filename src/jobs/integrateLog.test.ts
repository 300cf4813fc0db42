import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../db/pool.js';
import { findPublicCase } from '../db/repos/publicRead.js';
import type { DB } from '../db/schema.js';
import { consistencyProof, entryForEvent, hashReaderFromTiles, openCheckpoint, rootFromTiles, tilesForTreeSize, verifyConsistency } from '../log/index.js';
import { mth } from '../log/testing/reference.js';
import { allCheckpoints, latestCheckpoint, logBacklog, tileReader, tryIntegratorLock } from '../log/store.js';
import { presentApplication } from '../presenters/public.js';
import { createFixture, type Fixture } from '../../test/helpers/fixture.js';
import { DIALECTS, openTestDatabase, type TestDatabase } from '../../test/helpers/db.js';
import { bulkInsertEvents, fileApplication, testLogSigner, workApplication } from '../../test/helpers/log.js';
import { buildTreeUnsigned, integrateAll, integrateLog, sequenceCommitted, signBuiltTree, startLogIntegrator, type RunningIntegrator } from './integrateLog.js';
import { checkLogSigner } from './logSigner.js';
import { recordAct } from '../commands/recordAct.js';

/** Every entry as the public API presents it, in log order: what anyone can recompute. */
async function entriesFromApi(db: Kysely<DB>): Promise<Uint8Array[]> {
  const apps = await db.selectFrom('application').select('number').execute();
  const events = [];
  for (const { number } of apps) events.push(...presentApplication((await findPublicCase(db, number))!).events);
  events.sort((a, b) => a.log!.index - b.log!.index);
  expect(events.map((e) => e.log!.index)).toEqual(events.map((_, i) => i));
  return events.map(entryForEvent);
}

/** Checks that the stored checkpoints only grow and each is consistent with the one before, using the tiles. */
async function expectLinearHistory(db: Kysely<DB>): Promise<number> {
  const checkpoints = await allCheckpoints(db);
  const latest = checkpoints[checkpoints.length - 1]!;
  const getHash = hashReaderFromTiles(await tileReader(db, tilesForTreeSize(latest.size)));
  for (let i = 1; i < checkpoints.length; i++) {
    const [before, after] = [checkpoints[i - 1]!, checkpoints[i]!];
    expect(after.size).toBeGreaterThanOrEqual(before.size);
    if (before.size > 0) {
      verifyConsistency(before.size, after.size, consistencyProof(before.size, after.size, getHash), before.rootHash, after.rootHash);
    }
  }
  return checkpoints.length;
}

describe.each(DIALECTS)('log integration on %s', (dialect) => {
  let database: TestDatabase;
  let fx: Fixture;
  const log = testLogSigner();
  beforeAll(async () => {
    database = await openTestDatabase(dialect);
    fx = await createFixture(database.db);
  });
  afterAll(async () => database?.close());
  const db = () => database.db;

  it('signs a checkpoint of the empty log first, and nothing more while no event waits', async () => {
    expect(await integrateLog(db(), log)).toMatchObject({ busy: false, added: 0, size: 0, signed: true });
    expect(await integrateLog(db(), log)).toMatchObject({ added: 0, size: 0, signed: false });
    const { checkpoint } = openCheckpoint((await latestCheckpoint(db()))!.note, log.verifierKey);
    expect(checkpoint).toMatchObject({ origin: 'daylight.test/log', size: 0 });
  });

  it('integrates every committed event: the checkpoint covers them all and its root is the API’s events’ root', async () => {
    for (let i = 0; i < 3; i++) await workApplication(db(), fx, await fileApplication(db()), 2);
    const events = Number((await db().selectFrom('event').select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow()).n);
    expect(await integrateAll(db(), log)).toBe(events);
    const latest = (await latestCheckpoint(db()))!;
    expect(latest.size).toBe(events);
    // The naive recursive reference over entries recomputed from the public API, sharing no code with the store.
    expect(Buffer.from(latest.rootHash)).toEqual(Buffer.from(mth(await entriesFromApi(db()))));
    expect(await logBacklog(db())).toMatchObject({ sequenced: events, integrated: events, unsequenced: false });
  });

  it('sequences bulk-loaded events in the order they were entered, across tile boundaries, in small batches', async () => {
    const number = await fileApplication(db(), 'Imported history');
    const base = Date.parse('2025-01-01T00:00:00Z');
    // Entered in reverse order of insertion: the log must follow recorded_at, not the row ids.
    await bulkInsertEvents(db(), number, 600, (i) => new Date(base + (600 - i) * 60_000));
    await integrateAll(db(), log, 97);
    const rows = await db()
      .selectFrom('event as e')
      .innerJoin('application as a', 'a.id', 'e.application_id')
      .select(['e.log_index', 'e.recorded_at'])
      .where('a.number', '=', number)
      .where('e.type', '=', 'site_inspection')
      .orderBy('e.log_index')
      .execute();
    expect(rows).toHaveLength(600);
    const times = rows.map((r) => r.recorded_at.getTime());
    expect(times).toEqual([...times].sort((a, b) => a - b));
    const latest = (await latestCheckpoint(db()))!;
    expect(Buffer.from(latest.rootHash)).toEqual(Buffer.from(mth(await entriesFromApi(db()))));
    const getTile = await tileReader(db(), tilesForTreeSize(latest.size));
    expect(Buffer.from(rootFromTiles(latest.size, getTile))).toEqual(Buffer.from(latest.rootHash));
    expect(await expectLinearHistory(db())).toBeGreaterThan(6);
  });

  it('the database refuses a checkpoint that shrinks or forks the log, and any change to a tile but growth', async () => {
    const latest = (await latestCheckpoint(db()))!;
    const insert = (size: number, root: Uint8Array) =>
      db().insertInto('log_checkpoint').values({ size, root_hash: Buffer.from(root), note: 'x', verifier_key: 'x' }).execute();
    await expect(insert(latest.size - 1, latest.rootHash)).rejects.toThrow(/shrink or fork/);
    await expect(insert(latest.size, new Uint8Array(32))).rejects.toThrow(/shrink or fork/);
    await expect(db().updateTable('log_tile').set({ hashes: Buffer.alloc(32 * 256) }).where('level', '=', 0).where('tile_index', '=', 0).execute()).rejects.toThrow(/only grow/);
    await expect(db().deleteFrom('log_tile').execute()).rejects.toThrow(/only grow/);
    await expect(db().deleteFrom('log_checkpoint').execute()).rejects.toThrow(/append-only/);
  });

  it('two app instances appending and integrating at once make one linear log', async () => {
    // On PostgreSQL the second instance is a second pool on the same schema; PGlite has one connection to share.
    const other: Database =
      dialect === 'postgres'
        ? await openDatabase({ url: database.url, searchPath: database.searchPath, poolSize: 5 })
        : { ...database, close: async () => undefined };
    const signed: number[] = [];
    const errors: unknown[] = [];
    const numbers: string[] = [];
    const options = { intervalMs: 20, onError: (e: unknown) => errors.push(e), onCheckpoint: (size: number) => signed.push(size) };
    const integrators = [startLogIntegrator(db(), log, options), startLogIntegrator(other.db, log, options)];
    try {
      const work = async (instance: Kysely<DB>, n: number) => {
        const number = await fileApplication(instance, `Instance application ${n}`);
        await workApplication(instance, fx, number, 3);
        for (const integrator of integrators) integrator.kick();
        return number;
      };
      numbers.push(...(await Promise.all(Array.from({ length: 12 }, (_, n) => work(n % 2 === 0 ? db() : other.db, n)))));
      // Both instances then act on the same two cases at once: every act waits for the case's lock and none is lost.
      const inspect = (instance: Kysely<DB>, number: string, n: number) =>
        recordAct(instance, { number, act: { type: 'site_inspection', stage: 'intake', note: `Shared visit ${n}` }, actor: fx.officials.a1 });
      await Promise.all(numbers.slice(0, 2).flatMap((number) => Array.from({ length: 8 }, (_, n) => inspect(n % 2 === 0 ? db() : other.db, number, n))));
      for (const integrator of integrators) integrator.kick();
      const events = Number((await db().selectFrom('event').select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow()).n);
      for (let tries = 0; (await latestCheckpoint(db()))!.size < events; tries++) {
        if (tries > 500) throw new Error('the integrators did not catch up');
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    } finally {
      await Promise.all(integrators.map((i) => i.stop()));
      await other.close();
    }
    expect(errors).toEqual([]);
    expect(signed.length).toBeGreaterThan(0);
    await expectLinearHistory(db());
    const latest = (await latestCheckpoint(db()))!;
    expect(Buffer.from(latest.rootHash)).toEqual(Buffer.from(mth(await entriesFromApi(db()))));
    // Each case's own sequence has no gap or repeat either, and its projection counts every event.
    const perCase = await db()
      .selectFrom('event as e')
      .innerJoin('application as a', 'a.id', 'e.application_id')
      .select(['a.number', 'a.last_seq', sql<number>`count(*)::int`.as('n'), sql<number>`max(e.seq)`.as('max')])
      .where('a.number', 'in', numbers)
      .groupBy(['a.id', 'a.number', 'a.last_seq'])
      .execute();
    expect(perCase).toHaveLength(12);
    for (const c of perCase) expect([c.n, c.max]).toEqual([c.last_seq, c.last_seq]);
    // Filed, assigned, started and three inspections each; the two shared cases have the 8 shared visits besides.
    expect(perCase.filter((c) => numbers.slice(0, 2).includes(c.number)).map((c) => c.last_seq)).toEqual([14, 14]);
  });

  // On PGlite every transaction shares the one session, which advisory locks do not exclude from itself.
  it.skipIf(dialect === 'pglite')('skips at once while another connection holds its lock, integrates when it is released, and outlasts a stalled holder', async () => {
    const other = await openDatabase({ url: database.url, searchPath: database.searchPath, poolSize: 2, onConnectionError: () => undefined });
    const size = async () => (await latestCheckpoint(db()))?.size ?? 0;
    const eventCount = async () => Number((await db().selectFrom('event').select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow()).n);
    /** Another instance's pass that takes the lock and then keeps its transaction open until `release` settles. */
    const holdLock = (release: Promise<unknown>) =>
      other.db.transaction().execute(async (trx) => {
        expect(await tryIntegratorLock(trx)).toBe(true);
        await release;
      });
    let integrator: RunningIntegrator | undefined;
    try {
      await integrateAll(db(), log);
      // Released: the holder commits, and the next pass integrates.
      let letGo!: () => void;
      const held = holdLock(new Promise<void>((resolve) => (letGo = resolve)));
      await new Promise((resolve) => setTimeout(resolve, 50));
      await workApplication(db(), fx, await fileApplication(db(), 'Filed while the lock is held'), 1);
      const started = Date.now();
      expect(await integrateLog(db(), log)).toMatchObject({ busy: true, added: 0 });
      expect(Date.now() - started).toBeLessThan(2_000);
      expect(await size()).toBeLessThan(await eventCount());
      letGo();
      await held;
      expect(await integrateLog(db(), log)).toMatchObject({ busy: false, signed: true });
      expect(await size()).toBe(await eventCount());

      // Stalled: the holder's process stops answering with its transaction open. The integrator's own limit
      // (idle in transaction, 10 s) makes the server end that session, and the running integrator goes on.
      let wakeUp!: () => void;
      const stalled = holdLock(new Promise<void>((resolve) => (wakeUp = resolve))).then(() => undefined, (error: unknown) => error);
      await new Promise((resolve) => setTimeout(resolve, 50));
      await workApplication(db(), fx, await fileApplication(db(), 'Filed while an instance stalls'), 1);
      integrator = startLogIntegrator(db(), log, { intervalMs: 100, onError: () => undefined });
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(await size()).toBeLessThan(await eventCount());
      const events = await eventCount();
      for (let tries = 0; (await size()) < events; tries++) {
        if (tries > 400) throw new Error('the integrator waited on the stalled holder');
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      // When the stalled process wakes up, its transaction is gone: the server ended the session, nothing committed.
      wakeUp();
      expect(String(await stalled)).toMatch(/connection error/);
    } finally {
      await integrator?.stop();
      await other.close().catch(() => undefined);
    }
  });

  it('accepts a new key only from configuration, re-signs the same tree with it, and never a new origin', async () => {
    const before = (await latestCheckpoint(db()))!;
    await expect(checkLogSigner(db(), testLogSigner('elsewhere.test/log'))).rejects.toThrow(/named daylight.test\/log/);
    const rotated = testLogSigner();
    await expect(checkLogSigner(db(), { ...rotated, source: 'file' })).rejects.toThrow(/must share one key: set LOG_SIGNING_KEY/);
    // Also when the stray key got past the start-up check (two instances started on an empty log).
    await expect(integrateLog(db(), { ...rotated, source: 'file' })).rejects.toThrow(/must share one key/);
    expect(await checkLogSigner(db(), rotated)).toBe(true);
    expect(await integrateLog(db(), rotated)).toMatchObject({ added: 0, signed: true, size: before.size });
    const after = (await latestCheckpoint(db()))!;
    expect(after.verifierKey).toBe(rotated.verifierKey);
    expect(Buffer.from(after.rootHash)).toEqual(Buffer.from(before.rootHash));
    expect(await checkLogSigner(db(), rotated)).toBe(false);
  });

  it('refuses to extend a tree whose stored tiles were changed behind its back', async () => {
    // The right edge of the tree, which integration reads, lies in the last tile of each level.
    await workApplication(db(), fx, await fileApplication(db()), 1);
    const last = sql`level = 0 AND tile_index = (SELECT max(tile_index) FROM log_tile WHERE level = 0)`;
    const { hashes } = (await sql<{ hashes: Buffer }>`SELECT hashes FROM log_tile WHERE ${last}`.execute(db())).rows[0]!;
    const setHashes = async (bytes: Buffer) => {
      await sql`ALTER TABLE log_tile DISABLE TRIGGER log_tile_grows`.execute(db());
      await sql`UPDATE log_tile SET hashes = ${bytes} WHERE ${last}`.execute(db());
      await sql`ALTER TABLE log_tile ENABLE TRIGGER log_tile_grows`.execute(db());
    };
    await setHashes(Buffer.concat([Buffer.from([hashes[0]! ^ 0xff]), hashes.subarray(1)]));
    await expect(integrateLog(db(), log)).rejects.toThrow(/refusing to extend a tree that was changed/);
    await setHashes(hashes);
    await integrateAll(db(), log);
  });

  it('stops with a clear error, rather than waiting forever, when a sequenced event was deleted', async () => {
    await fileApplication(db(), 'Deleted before integration');
    await sequenceCommitted(db());
    await sql`ALTER TABLE event DISABLE TRIGGER event_append_only`.execute(db());
    await sql`DELETE FROM event WHERE log_index = (SELECT max(log_index) FROM event)`.execute(db());
    await sql`ALTER TABLE event ENABLE TRIGGER event_append_only`.execute(db());
    await fileApplication(db(), 'Filed after the deletion');
    await expect(integrateLog(db(), log)).rejects.toThrow(/has no event although it was sequenced: a row was deleted/);
  });
});

describe.each(DIALECTS)('a tree built ahead of its signing key on %s', (dialect) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase(dialect);
    await createFixture(database.db);
  });
  afterAll(async () => database?.close());
  const db = () => database.db;

  it('is built unsigned, signed later by the key that arrives, and then extended as any other tree', async () => {
    const log = testLogSigner();
    expect(await signBuiltTree(db(), log)).toBeNull();
    const number = await fileApplication(db(), 'Prepared history');
    await bulkInsertEvents(db(), number, 600, (i) => new Date(Date.parse('2025-01-01T00:00:00Z') + i * 60_000));
    // Across tile boundaries in small batches, and not a checkpoint signed meanwhile.
    expect(await buildTreeUnsigned(db(), 97)).toBe(601);
    expect(await latestCheckpoint(db())).toBeUndefined();
    expect(await signBuiltTree(db(), log)).toBe(601);
    const signed = (await latestCheckpoint(db()))!;
    expect(openCheckpoint(signed.note, log.verifierKey).checkpoint).toMatchObject({ origin: 'daylight.test/log', size: 601 });
    expect(Buffer.from(signed.rootHash)).toEqual(Buffer.from(mth(await entriesFromApi(db()))));
    // Signed once only; a signed log is extended by integrating, never rebuilt.
    expect(await signBuiltTree(db(), log)).toBeNull();
    await expect(buildTreeUnsigned(db())).rejects.toThrow(/already has a signed checkpoint/);
    await fileApplication(db(), 'Filed after the start');
    expect(await integrateAll(db(), log)).toBe(602);
    expect(Buffer.from((await latestCheckpoint(db()))!.rootHash)).toEqual(Buffer.from(mth(await entriesFromApi(db()))));
    expect(await expectLinearHistory(db())).toBe(2);
  });
});
