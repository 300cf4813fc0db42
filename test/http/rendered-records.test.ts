import { gunzipSync } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordAct } from '../../src/commands/recordAct.js';
import { submitApplication } from '../../src/commands/submitApplication.js';
import { detectOverdue } from '../../src/jobs/detectOverdue.js';
import { integrateAll } from '../../src/jobs/integrateLog.js';
import { DIALECTS, openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { CANARY, createFixture, type Fixture } from '../helpers/fixture.js';
import { testLogSigner } from '../helpers/log.js';
import { Client, testServer } from '../helpers/server.js';

const PDF = Buffer.from('%PDF-1.4\n%%EOF\n');

describe.each(DIALECTS)('rendered public records kept in memory (%s)', (dialect) => {
  let database: TestDatabase;
  let fx: Fixture;
  let app: FastifyInstance;
  let uncached: FastifyInstance;
  let number: string;
  let accessCode: string;

  beforeAll(async () => {
    database = await openTestDatabase(dialect);
    fx = await createFixture(database.db);
    app = await testServer(database);
    uncached = await testServer(database, { RECORD_CACHE_MB: '0' });
    const receipt = await submitApplication(database.db, {
      jurisdictionCode: 'TS', procedureCode: 'building-permit', title: 'Bakery oven flue',
      location: { address: '9 Sunrise-gil' }, applicant: { name: CANARY.name, email: CANARY.email, phone: CANARY.phone },
      fields: { floor_area: '80', business_no: CANARY.business_no }, documents: [{ kind: 'plan', filename: 'plan.pdf', bytes: PDF }], channel: 'online',
    });
    number = receipt.number;
    accessCode = receipt.accessCode;
    await recordAct(database.db, { number, act: { type: 'stage_started', stage: 'intake', note: 'Checking drawings' }, actor: fx.officials.a1 });
  });
  afterAll(async () => {
    await app?.close();
    await uncached?.close();
    await database?.close();
  });

  const page = (number: string) => `/applications/${number}`;
  /**
   * A record with the moment its clock was computed left out: a kept copy says when it was computed, and counts the
   * working minutes elapsed (paused, late) up to then, which during office hours move on by the second.
   */
  const computedAt = (body: string) =>
    body.replace(/"computed_at":"[^"]*"/g, '"computed_at":"…"').replace(/"(elapsed|paused|late)_working_minutes":[-0-9.e+]+/g, '"$1_working_minutes":"…"');
  const api = (number: string) => `/api/v1/applications/${number}`;

  it('serves a kept copy the same bytes as a fresh render, and keeps one per address and language', async () => {
    for (const url of [page(number), api(number), `${page(number)}?lang=en`, `${api(number)}?lang=en`]) {
      // A visitor who chose English before carries the remembered choice; only a new choice sets a cookie.
      const headers = url.includes('lang=en') ? { cookie: 'dl_lang=en' } : {};
      const first = await app.inject({ method: 'GET', url, headers });
      const kept = await app.inject({ method: 'GET', url, headers });
      const fresh = await uncached.inject({ method: 'GET', url, headers });
      expect(first.statusCode, url).toBe(200);
      expect(kept.body, url).toBe(first.body);
      // A fresh render differs only in when its clock was computed: the kept copy says when it was.
      expect(computedAt(kept.body), url).toBe(computedAt(fresh.body));
      expect(kept.headers['content-type'], url).toBe(fresh.headers['content-type']);
      expect(kept.headers.etag, url).toBe(fresh.headers.etag);
      expect(kept.headers['cache-control'], url).toBe('public, max-age=60');
    }
    expect(app.renderedRecords.size().entries).toBe(4);
    // Choosing a language remembers it in a cookie, and a response that sets a cookie is never public.
    const choosing = await app.inject({ method: 'GET', url: `${page(number)}?lang=en` });
    expect(choosing.headers['set-cookie']).toContain('dl_lang=en');
    expect(choosing.headers['cache-control']).toBe('private, no-cache');
    expect(uncached.renderedRecords.size().entries).toBe(0);
    expect((await app.inject({ method: 'GET', url: `${page(number)}?lang=en` })).body).toContain('Bakery oven flue');
  });

  it('sends a kept copy compressed to a client that accepts gzip, and the same bytes decompressed to one that does not', async () => {
    for (const url of [page(number), api(number)]) {
      const plain = await app.inject({ method: 'GET', url });
      for (const acceptEncoding of ['gzip, deflate, br', 'br;q=1, gzip;q=0.5', '*']) {
        for (let i = 0; i < 2; i++) {
          const res = await app.inject({ method: 'GET', url, headers: { 'accept-encoding': acceptEncoding } });
          expect(res.statusCode, url).toBe(200);
          expect(res.headers['content-encoding'], `${url} ${acceptEncoding}`).toBe('gzip');
          expect(computedAt(gunzipSync(res.rawPayload).toString('utf8')), url).toBe(computedAt(plain.body));
          expect(res.headers.vary, url).toBe('Accept-Language, Cookie, Accept-Encoding');
          expect(res.headers.etag, url).toBe(plain.headers.etag);
        }
      }
      for (const acceptEncoding of ['gzip;q=0', 'identity', 'br', '*;q=0']) {
        const res = await app.inject({ method: 'GET', url, headers: { 'accept-encoding': acceptEncoding } });
        expect(res.headers['content-encoding'], `${url} ${acceptEncoding}`).toBeUndefined();
        expect(computedAt(res.body), url).toBe(computedAt(plain.body));
      }
      const head = await app.inject({ method: 'HEAD', url, headers: { 'accept-encoding': 'gzip' } });
      expect(head.statusCode, url).toBe(200);
      expect(head.body, url).toBe('');
      // Someone signed in gets their own page, never a kept copy, compressed or not.
      const own = await app.inject({ method: 'GET', url, headers: { 'accept-encoding': 'gzip', cookie: `dl_applicant=${accessCode}` } });
      expect(own.headers['content-encoding'], url).toBeUndefined();
      expect(own.headers['cache-control'], url).toBe('private, no-store');
    }
  });

  it('never serves a copy once an event was recorded, nor after the log moved on', async () => {
    for (let round = 0; round < 3; round++) {
      for (const url of [page(number), api(number)]) await app.inject({ method: 'GET', url });
      const note = `Inspection round ${round}`;
      await recordAct(database.db, { number, act: { type: 'site_inspection', stage: 'intake', note }, actor: fx.officials.a1 });
      for (const url of [page(number), api(number)]) {
        const res = await app.inject({ method: 'GET', url });
        expect(res.body, url).toContain(note);
        expect(computedAt(res.body), url).toBe(computedAt((await uncached.inject({ method: 'GET', url })).body));
      }
    }
    await integrateAll(database.db, testLogSigner());
    const after = JSON.parse((await app.inject({ method: 'GET', url: api(number) })).body) as { events: { log: unknown }[] };
    expect(after.events.every((event) => event.log !== null)).toBe(true);
    expect((await app.inject({ method: 'GET', url: page(number) })).body).toBe((await uncached.inject({ method: 'GET', url: page(number) })).body);
  });

  it('never serves a copy once the overdue scanner recorded a passed deadline beside the commands', async () => {
    for (const url of [page(number), api(number)]) await app.inject({ method: 'GET', url });
    const events = async () => (JSON.parse((await app.inject({ method: 'GET', url: api(number) })).body) as { events: { type: string }[] }).events;
    const before = (await events()).length;
    // The scanner appends its events in its own statements, not through a command: a year on, every deadline passed.
    const scan = await detectOverdue(database.db, new Date(Date.now() + 400 * 86_400_000));
    expect(scan.recorded).toBeGreaterThan(0);
    // Once in the log, the only thing that moved is the number of events.
    await integrateAll(database.db, testLogSigner());
    const after = await events();
    expect(after.length).toBeGreaterThan(before);
    expect(after.at(-1)?.type).toBe('deadline_passed');
    for (const url of [page(number), api(number)]) {
      expect(computedAt((await app.inject({ method: 'GET', url })).body), url).toBe(computedAt((await uncached.inject({ method: 'GET', url })).body));
    }
  });

  it('never serves a signed-in visitor a kept copy, and never keeps what a signed-in visitor sees', async () => {
    await app.inject({ method: 'GET', url: page(number) });
    const entries = app.renderedRecords.size().entries;
    const applicant = new Client(app);
    await applicant.postForm('/track', { number, code: accessCode });
    const mine = await applicant.get(page(number));
    expect(mine.statusCode).toBe(200);
    expect(mine.headers['cache-control']).toBe('private, no-store');
    const anonymous = await app.inject({ method: 'GET', url: page(number) });
    // The applicant's own page differs from the public copy (it links to their private view), and neither leaked.
    expect(mine.body).not.toBe(anonymous.body);
    expect(anonymous.body).not.toContain(`/my/${number}`);
    const official = await app.inject({ method: 'GET', url: api(number), headers: { authorization: 'Bearer dlk_not_a_key' } });
    expect(official.headers['cache-control']).toBe('private, no-store');
    expect(app.renderedRecords.size().entries).toBe(entries);
    for (const url of [page(number), api(number)]) expect((await app.inject({ method: 'GET', url })).body).not.toContain(CANARY.name);
  });

  it('keeps no copy for an address with other query parameters, an unknown number or a form token', async () => {
    const entries = app.renderedRecords.size().entries;
    expect((await app.inject({ method: 'GET', url: `${page(number)}?asked=1` })).statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: `${page(number)}?x=${'y'.repeat(500)}` })).statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: `${page(number)}?lang=en&lang=en` })).statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: `${api(number)}?lang=ko&lang=ko` })).statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: page('2026-TS-9999999') })).statusCode).toBe(404);
    expect((await app.inject({ method: 'GET', url: api('2026-TS-9999999') })).statusCode).toBe(404);
    expect(app.renderedRecords.size().entries).toBe(entries);
  });

  it('renders a record once when many visitors ask for it at the same moment, and gives each the same bytes', async () => {
    const fresh = await testServer(database);
    try {
      for (const url of [page(number), api(number)]) {
        const before = fresh.renderedRecords.lookups();
        const answers = await Promise.all(Array.from({ length: 8 }, () => fresh.inject({ method: 'GET', url, headers: { 'accept-encoding': 'gzip' } })));
        const after = fresh.renderedRecords.lookups();
        // Every lookup that missed and did not wait for another's copy rendered the record.
        expect(after.misses - before.misses - (after.joined - before.joined), url).toBe(1);
        expect(after.hits - before.hits + after.misses - before.misses, url).toBe(8);
        for (const answer of answers) {
          expect(answer.statusCode, url).toBe(200);
          expect(answer.rawPayload.equals(answers[0]!.rawPayload), url).toBe(true);
        }
        const plain = await uncached.inject({ method: 'GET', url });
        expect(computedAt(gunzipSync(answers[0]!.rawPayload).toString('utf8')), url).toBe(computedAt(plain.body));
      }
    } finally {
      await fresh.close();
    }
  });

  it('stays within its size bound however many records are asked for', async () => {
    const small = await testServer(database, { RECORD_CACHE_MB: '1' });
    try {
      const numbers: string[] = [];
      for (let i = 0; i < 12; i++) {
        const receipt = await submitApplication(database.db, {
          jurisdictionCode: 'TS', procedureCode: 'building-permit', title: `Shop front ${i} ${'x'.repeat(150)}`,
          location: { address: `${i} Sunrise-gil` }, applicant: { name: 'A. Person', email: 'a@example.test' },
          fields: { floor_area: '10' }, documents: [{ kind: 'plan', filename: 'plan.pdf', bytes: PDF }], channel: 'online',
        });
        numbers.push(receipt.number);
      }
      for (let lap = 0; lap < 20; lap++) for (const n of numbers) for (const url of [page(n), `${page(n)}?lang=en`, api(n)]) await small.inject({ method: 'GET', url });
      expect(small.renderedRecords.size().bytes).toBeLessThanOrEqual(1024 * 1024);
      expect(small.renderedRecords.size().entries).toBeGreaterThan(0);
    } finally {
      await small.close();
    }
  });
});
