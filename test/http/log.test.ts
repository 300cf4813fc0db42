import { gunzipSync } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, auditPassed } from '../../src/cli/audit.js';
import { verifyDeployment } from '../../src/cli/verify.js';
import { integrateAll } from '../../src/jobs/integrateLog.js';
import {
  decodeEntryBundle,
  entriesPath,
  entryForEvent,
  LogError,
  leafHash,
  openCheckpoint,
  rootFromTiles,
  tilePath,
  tilesForTreeSize,
  verifyTlogProof,
} from '../../src/log/index.js';
import { latestCheckpoint } from '../../src/log/store.js';
import { MonitorError } from '../../src/log/monitor.js';
import type { PublicApplication } from '../../src/presenters/public.js';
import { DIALECTS, openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { CANARY, createFixture, type Fixture } from '../helpers/fixture.js';
import { bulkInsertEvents, fileApplication, testLogSigner, workApplication } from '../helpers/log.js';
import { testServer } from '../helpers/server.js';

async function rejection(promise: Promise<unknown>): Promise<MonitorError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof MonitorError) return error;
    throw error;
  }
  throw new Error('expected the verifier to fail');
}

describe.each(DIALECTS)('transparency log over HTTP on %s', (dialect) => {
  let database: TestDatabase;
  let fx: Fixture;
  let app: FastifyInstance;
  let url: string;
  const log = testLogSigner();
  const numbers: string[] = [];
  beforeAll(async () => {
    database = await openTestDatabase(dialect);
    fx = await createFixture(database.db);
    for (let i = 0; i < 3; i++) {
      numbers.push(await fileApplication(database.db, `Application ${i}`));
      await workApplication(database.db, fx, numbers[i]!, 2);
    }
    // Enough events for a full level-0 tile and a partial one after it.
    await bulkInsertEvents(database.db, numbers[0]!, 300, (i) => new Date(Date.parse('2025-03-01T00:00:00Z') + i * 1000));
    await integrateAll(database.db, log);
    app = await testServer(database);
    await app.listen({ port: 0, host: '127.0.0.1' });
    url = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
  });
  afterAll(async () => {
    await app?.close();
    await database?.close();
  });
  const db = () => database.db;
  const get = (path: string, headers: Record<string, string> = {}) => app.inject({ method: 'GET', url: path, headers });
  const record = async (number: string) => (await get(`/api/v1/applications/${number}`)).json() as PublicApplication;

  it('serves the checkpoint signed by the key at /log/key, briefly cacheable', async () => {
    const key = await get('/log/key');
    expect(key.statusCode).toBe(200);
    expect(key.body).toBe(`${log.verifierKey}\n`);
    const res = await get('/log/checkpoint');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(res.headers['cache-control']).toMatch(/max-age=[0-9]\b/);
    const { checkpoint } = openCheckpoint(res.body, key.body.trim());
    expect(checkpoint.origin).toBe('daylight.test/log');
    expect(checkpoint.size).toBe((await latestCheckpoint(db()))!.size);
    expect(checkpoint.size).toBeGreaterThan(256);
  });

  it('serves every tile of the tree, and the tiles give the checkpoint’s root', async () => {
    const { checkpoint } = openCheckpoint((await get('/log/checkpoint')).body, log.verifierKey);
    const fetched = new Map<string, Uint8Array>();
    for (const tile of tilesForTreeSize(checkpoint.size)) {
      const res = await get(`/log/${tilePath(tile.level, tile.index, tile.width)}`);
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe('application/octet-stream');
      expect(res.headers['cache-control']).toBe(tile.width === 256 ? 'public, max-age=31536000, immutable' : 'public, max-age=86400');
      expect(res.rawPayload).toHaveLength(tile.width * 32);
      fetched.set(`${tile.level}/${tile.index}`, res.rawPayload);
    }
    const root = rootFromTiles(checkpoint.size, (level, index) => fetched.get(`${level}/${index}`)!);
    expect(Buffer.from(root)).toEqual(Buffer.from(checkpoint.rootHash));
    // A narrower partial tile is a prefix of the wider one.
    const narrow = await get(`/log/${tilePath(0, 0, 5)}`);
    expect(narrow.rawPayload).toEqual(Buffer.from(fetched.get('0/0')!.subarray(0, 5 * 32)));
  });

  it('answers 404 for tiles and bundles the tree does not have, and for non-canonical paths', async () => {
    const size = (await latestCheckpoint(db()))!.size;
    const partial = size % 256;
    for (const path of [
      'tile/0/001', // only partial so far
      `tile/0/001.p/${partial + 1}`, // wider than the tree
      'tile/0/002.p/1', // beyond the tree
      'tile/2/000.p/1',
      'tile/entries/001',
      `tile/entries/001.p/${partial + 1}`,
      'tile/0/1', // not zero-padded
      'tile/0/x000/001', // leading zero group
      'tile/0/000.p/256',
      'tile/00/000',
      'tile/0/000.p/0',
    ]) {
      const res = await get(`/log/${path}`);
      expect(res.statusCode, path).toBe(404);
      expect(res.json().error.id, path).toBe('not_found');
    }
  });

  it('serves entry bundles whose entries hash to the level-0 tile, gzipped when asked, free of personal data', async () => {
    const size = (await latestCheckpoint(db()))!.size;
    for (const [index, width] of [[0, 256], [1, size - 256]] as const) {
      const tile = (await get(`/log/${tilePath(0, index, width)}`)).rawPayload;
      const plain = await get(`/log/${entriesPath(index, width)}`);
      expect(plain.headers['content-type']).toBe('application/octet-stream');
      expect(plain.headers.vary).toBe('accept-encoding');
      const zipped = await get(`/log/${entriesPath(index, width)}`, { 'accept-encoding': 'gzip' });
      expect(zipped.headers['content-encoding']).toBe('gzip');
      expect(gunzipSync(zipped.rawPayload)).toEqual(plain.rawPayload);
      const entries = decodeEntryBundle(plain.rawPayload, width);
      entries.forEach((entry, i) => expect(Buffer.from(leafHash(entry))).toEqual(tile.subarray(i * 32, (i + 1) * 32)));
      const text = plain.rawPayload.toString('utf8');
      for (const canary of Object.values(CANARY)) expect(text).not.toContain(canary);
    }
  });

  it('gives each event a tlog-proof that verifies against its entry as the public API serves it', async () => {
    for (const number of numbers) {
      for (const event of (await record(number)).events.slice(0, 6)) {
        const res = await get(`/api/v1/applications/${number}/events/${event.seq}/proof`);
        expect(res.statusCode).toBe(200);
        expect(res.headers['content-type']).toBe('text/plain; charset=utf-8');
        expect(res.headers['content-disposition']).toBe(`attachment; filename="${number}-${event.seq}.tlog-proof"`);
        const verified = verifyTlogProof(res.body, entryForEvent(event), log.verifierKey);
        expect(verified.index).toBe(event.log!.index);
        // The proof is for this event only: another event's entry does not verify with it.
        const other = (await record(number)).events.find((e) => e.seq !== event.seq)!;
        expect(() => verifyTlogProof(res.body, entryForEvent(other), log.verifierKey)).toThrow(LogError);
      }
    }
  });

  it('says clearly when an event is not yet in a checkpoint, or does not exist', async () => {
    const number = await fileApplication(db(), 'Not yet integrated');
    const waiting = await get(`/api/v1/applications/${number}/events/1/proof`, { 'accept-language': 'en' });
    expect(waiting.statusCode).toBe(404);
    expect(waiting.json().error.message).toMatch(/not yet in a signed checkpoint/);
    expect((await get(`/api/v1/applications/${number}/events/99/proof`)).json().error.message).not.toMatch(/not yet/);
    await integrateAll(db(), log);
    expect((await get(`/api/v1/applications/${number}/events/1/proof`)).statusCode).toBe(200);
  });

  it('passes the external verifier and the audit, and remembers the tree it saw', async () => {
    const first = await verifyDeployment({ url, key: log.verifierKey, sample: 'all' });
    expect(first.compared).toBe(first.size);
    expect(auditPassed(await auditLog(db()))).toBe(true);
    await workApplication(db(), fx, await fileApplication(db(), 'Later application'), 1);
    await integrateAll(db(), log);
    const second = await verifyDeployment({ url, key: log.verifierKey, previous: first, sample: 5 });
    expect(second.size).toBeGreaterThan(first.size);
    expect(second.compared).toBe(5);
  });

  it('the verifier refuses a wrong key, a log that shrank and a log that rewrote what it showed before', async () => {
    const current = await verifyDeployment({ url, key: log.verifierKey, sample: 0 });
    expect((await rejection(verifyDeployment({ url, key: testLogSigner().verifierKey }))).check).toBe('signature');
    const bigger = { ...current, size: current.size + 1 };
    expect((await rejection(verifyDeployment({ url, key: log.verifierKey, previous: bigger }))).check).toBe('rollback');
    const rewritten = { ...current, size: 300, rootHash: new Uint8Array(32) };
    const error = await rejection(verifyDeployment({ url, key: log.verifierKey, previous: rewritten }));
    expect(error.check).toBe('consistency');
    expect(error.message).toMatch(/first 300 entries no longer give the root/);
  });

  it('detects an event edited directly in the database, in the audit and in the external verifier', async () => {
    const number = numbers[1]!;
    const target = (await record(number)).events[2]!;
    const where = sql`application_id = (SELECT id FROM application WHERE number = ${number}) AND seq = ${target.seq}`;
    await sql`ALTER TABLE event DISABLE TRIGGER event_append_only`.execute(db());
    await sql`UPDATE event SET data = data || '{"note": "Nothing to see here"}' WHERE ${where}`.execute(db());
    await sql`ALTER TABLE event ENABLE TRIGGER event_append_only`.execute(db());
    try {
      const report = await auditLog(db());
      expect(auditPassed(report)).toBe(false);
      expect(report.findings).toEqual([{ index: target.log!.index, application: number, seq: target.seq, problem: 'changed' }]);
      expect(report.treeProblems).toEqual([]);
      const error = await rejection(verifyDeployment({ url, key: log.verifierKey, sample: 0 }));
      expect(error.check).toBe('entry');
      expect(error.message).toContain(`entry ${target.log!.index} does not hash`);
    } finally {
      await sql`ALTER TABLE event DISABLE TRIGGER event_append_only`.execute(db());
      await sql`UPDATE event SET data = data - 'note' WHERE ${where}`.execute(db());
      await sql`ALTER TABLE event ENABLE TRIGGER event_append_only`.execute(db());
    }
    expect(auditPassed(await auditLog(db()))).toBe(true);
  });

  it('detects a deleted event and a changed tile', async () => {
    const target = (await record(numbers[2]!)).events.at(-1)!;
    await sql`ALTER TABLE event DISABLE TRIGGER event_append_only`.execute(db());
    await sql`ALTER TABLE log_tile DISABLE TRIGGER log_tile_grows`.execute(db());
    await sql`DELETE FROM event WHERE log_index = ${target.log!.index}`.execute(db());
    // Flip every bit of the first byte, so the tile changes whatever it held (setting a fixed value did nothing
    // when the byte already had it, about one run in 256).
    await sql`UPDATE log_tile SET hashes = set_byte(hashes, 0, get_byte(hashes, 0) # 255) WHERE level = 1 AND tile_index = 0`.execute(db());
    await sql`ALTER TABLE event ENABLE TRIGGER event_append_only`.execute(db());
    await sql`ALTER TABLE log_tile ENABLE TRIGGER log_tile_grows`.execute(db());
    const report = await auditLog(db());
    expect(report.findings).toEqual([{ index: target.log!.index, problem: 'missing' }]);
    expect(report.treeProblems.join('\n')).toMatch(/tile 1\/0 is not the recomputed subtree hash/);
    expect((await rejection(verifyDeployment({ url, key: log.verifierKey, sample: 0 }))).check).toMatch(/unavailable|tile/);
  });
});
