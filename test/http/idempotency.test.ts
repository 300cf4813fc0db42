import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../src/commands/admin/createApiKey.js';
import { recordAct } from '../../src/commands/recordAct.js';
import { submitApplication } from '../../src/commands/submitApplication.js';
import { CANARY, PDF, createFixture, type Fixture } from '../helpers/fixture.js';
import { DIALECTS, openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { testServer } from '../helpers/server.js';

describe.each(DIALECTS)('retrying JSON API writes on %s', (dialect) => {
  let database: TestDatabase;
  let fx: Fixture;
  let app: FastifyInstance;
  let key: string;
  let number: string;

  beforeAll(async () => {
    database = await openTestDatabase(dialect);
    fx = await createFixture(database.db);
    app = await testServer(database);
    key = await createApiKey(database.db, fx.officials.admin, fx.units.build, 'Retrying system');
    ({ number } = await submitApplication(database.db, {
      jurisdictionCode: 'TS', procedureCode: 'building-permit', title: 'Retry case', location: { address: '1 Again-ro' }, applicant: { name: 'n' },
      fields: { floor_area: '2' }, documents: [{ kind: 'plan', filename: 'p.pdf', bytes: PDF }], channel: 'online',
    }));
    await recordAct(database.db, { number, act: { type: 'stage_started', stage: 'intake' }, actor: fx.officials.a1 });
  });
  afterAll(async () => {
    await app?.close();
    await database?.close();
  });

  const events = async (n: string) =>
    (await database.db.selectFrom('event as e').innerJoin('application as a', 'a.id', 'e.application_id').select('e.seq').where('a.number', '=', n).execute()).length;
  const post = (url: string, payload: object, headers: Record<string, string> = {}) =>
    app.inject({ method: 'POST', url, headers: { authorization: `Bearer ${key}`, ...headers }, payload });

  it('records an event once however often, and however concurrently, it is retried with the same key', async () => {
    const before = await events(number);
    const payload = { type: 'site_inspection', stage: 'intake', note: 'Visited once' };
    const answers = await Promise.all(Array.from({ length: 6 }, () => post(`/api/v1/applications/${number}/events`, payload, { 'idempotency-key': 'visit-1' })));
    for (const a of answers) expect(a.statusCode, a.body).toBe(201);
    expect(new Set(answers.map((a) => a.json().seq)).size).toBe(1);
    expect(answers.filter((a) => a.headers['idempotent-replayed'] === 'true')).toHaveLength(5);
    expect(answers[0]!.json().event).toEqual(answers[5]!.json().event);
    expect(await events(number)).toBe(before + 1);
    // The event in the answer is the public record's.
    const record = (await app.inject({ method: 'GET', url: `/api/v1/applications/${number}` })).json();
    expect(record.events.find((e: { seq: number }) => e.seq === answers[0]!.json().seq)).toEqual(answers[0]!.json().event);
  });

  it('refuses the same key with another request, and a malformed key, writing nothing', async () => {
    const before = await events(number);
    expect((await post(`/api/v1/applications/${number}/events`, { type: 'site_inspection', stage: 'intake', note: 'First' }, { 'idempotency-key': 'visit-2' })).statusCode).toBe(201);
    const other = await post(`/api/v1/applications/${number}/events`, { type: 'site_inspection', stage: 'intake', note: 'Second' }, { 'idempotency-key': 'visit-2' });
    expect(other.statusCode).toBe(422);
    expect(other.json().error.id).toBe('idempotency_mismatch');
    for (const bad of ['', 'x'.repeat(256), 'has space', '한글']) {
      const res = await post(`/api/v1/applications/${number}/events`, { type: 'site_inspection', stage: 'intake' }, { 'idempotency-key': bad });
      expect(res.statusCode, bad).toBe(400);
    }
    expect(await events(number)).toBe(before + 1);
  });

  it('files an application once on retry, gives the same receipt again, and stores no readable copy of it', async () => {
    const payload = { jurisdiction: 'TS', procedure: 'building-permit', title: 'Retried filing', location: { address: '2 Again-ro' }, applicant: { name: CANARY.name }, fields: { floor_area: '3' }, channel: 'counter' };
    const first = await post('/api/v1/applications', payload, { 'idempotency-key': 'file-1' });
    expect(first.statusCode, first.body).toBe(201);
    const again = await post('/api/v1/applications', payload, { 'idempotency-key': 'file-1' });
    expect(again.statusCode).toBe(201);
    expect(again.json()).toEqual(first.json());
    const filed = await database.db.selectFrom('application').select('number').where('title', '=', 'Retried filing').execute();
    expect(filed).toHaveLength(1);
    const stored = await database.db.selectFrom('idempotent_request').select('sealed_response').execute();
    for (const row of stored) {
      expect(row.sealed_response).not.toContain(first.json().access_code);
      expect(row.sealed_response).not.toContain(first.json().number);
    }
    // Another system's key cannot replay it.
    const otherKey = await createApiKey(database.db, fx.officials.admin, fx.units.build, 'Other system');
    const stranger = await app.inject({ method: 'POST', url: '/api/v1/applications', headers: { authorization: `Bearer ${otherKey}`, 'idempotency-key': 'file-1' }, payload });
    expect(stranger.statusCode).toBe(201);
    expect(stranger.json().number).not.toBe(first.json().number);
  });

  it('does not keep a key whose write was refused, so a corrected retry goes through', async () => {
    const bad = await post(`/api/v1/applications/${number}/events`, { type: 'stage_completed', stage: 'nonexistent' }, { 'idempotency-key': 'fix-1' });
    expect(bad.statusCode).toBeGreaterThanOrEqual(400);
    expect(await database.db.selectFrom('idempotent_request').select('key').where('key', '=', 'fix-1').executeTakeFirst()).toBeUndefined();
  });
});
