import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { submitApplication } from '../../src/commands/submitApplication.js';
import { countRegister } from '../../src/db/repos/publicRead.js';
import { translator } from '../../src/i18n/index.js';
import { createFixture, type Fixture } from '../helpers/fixture.js';
import { DIALECTS, openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { Client, testServer } from '../helpers/server.js';

const DAY = 86_400_000;

/** The application numbers a register page lists, in order. */
const numbersOn = (html: string) => [...html.matchAll(/href="\/applications\/([0-9A-Z-]+)"/g)].map((m) => m[1]!);
/** A link's address on a page, by its rel or its text. */
const link = (html: string, pattern: RegExp) => html.match(pattern)?.[1]?.replace(/&amp;/g, '&');

describe.each(DIALECTS)('the public register on %s', (dialect) => {
  let database: TestDatabase;
  let fx: Fixture;
  let app: FastifyInstance;
  /** Thirty cases, oldest first. */
  const numbers: string[] = [];

  beforeAll(async () => {
    database = await openTestDatabase(dialect);
    fx = await createFixture(database.db);
    app = await testServer(database);
    const start = Date.now() - 40 * DAY;
    for (let i = 0; i < 30; i++) {
      const { number } = await submitApplication(database.db, {
        jurisdictionCode: 'TS', procedureCode: 'building-permit', title: `Register case ${i}`, location: { address: 'x' },
        applicant: { name: 'n' }, fields: { floor_area: '1' }, documents: [], channel: 'counter', actor: fx.officials.clerk,
        receivedAt: new Date(start + i * DAY),
      });
      numbers.push(number);
    }
  });
  afterAll(async () => {
    await app?.close();
    await database?.close();
  });

  it('counts the matches and pages both ways, with a way back to the first page', async () => {
    const client = new Client(app);
    const first = (await client.get('/register?q=register+case', { 'accept-language': 'en' })).body;
    expect(first).toContain('30 applications match.');
    const newest = [...numbers].reverse();
    expect(numbersOn(first)).toEqual(newest.slice(0, 25));
    expect(first).not.toContain('rel="prev"');
    const next = link(first, /href="([^"]+)" rel="next"/)!;
    const second = (await client.get(next, { 'accept-language': 'en' })).body;
    expect(numbersOn(second)).toEqual(newest.slice(25));
    expect(second).not.toContain('rel="next"');
    expect(link(second, /href="([^"]+)">First page</)).toBe('/register?q=register+case');
    const back = (await client.get(link(second, /href="([^"]+)" rel="prev"/)!, { 'accept-language': 'en' })).body;
    expect(numbersOn(back)).toEqual(newest.slice(0, 25));
    // Back on the first page's rows, there is nothing newer to go back to.
    expect(back).not.toContain('rel="prev"');
    expect(back).toContain('rel="next"');
  });

  it('sorts oldest first when asked', async () => {
    const body = (await new Client(app).get('/register?q=register+case&sort=oldest', { 'accept-language': 'en' })).body;
    expect(numbersOn(body)).toEqual(numbers.slice(0, 25));
    expect(body).toMatch(/<option value="oldest" selected/);
  });

  it('names a period that ends before it starts, keeping what was typed', async () => {
    const res = await new Client(app).get('/register?q=register+case&from=2026-02-01&to=2026-01-01', { 'accept-language': 'en' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('id="r-to-error"');
    expect(res.body).toContain('“Received until” is before “Received from”');
    expect(res.body).toContain('value="2026-02-01"');
    expect(res.body).toContain('value="2026-01-01"');
    expect(res.body).toContain('No application matches.');
    expect(numbersOn(res.body)).toEqual([]);
  });

  it('leaves out only a malformed parameter and names it, so the other filters still narrow the search', async () => {
    const client = new Client(app);
    const unknownOrder = (await client.get('/register?q=register+case+29&sort=due', { 'accept-language': 'en' })).body;
    expect(unknownOrder).toContain('Some search filters are not valid and were ignored.');
    expect(numbersOn(unknownOrder)).toEqual([numbers[29]]);
    for (const day of ['2026-02-30', '2025-13-45', '31/12/2025']) {
      const body = (await client.get(`/register?q=register+case+29&from=${encodeURIComponent(day)}`, { 'accept-language': 'en' })).body;
      expect(body, day).toContain('id="r-from-error"');
      expect(body, day).toContain('Enter the date as YYYY-MM-DD.');
      expect(numbersOn(body), day).toEqual([numbers[29]]);
    }
  });

  it('leaves out a department or procedure no one has, says so, and offers nothing to follow for it', async () => {
    const client = new Client(app);
    for (const query of ['unit=..%2F..%2Fetc', 'procedure=nope', 'unit=NOPE&procedure=nope']) {
      const body = (await client.get(`/register?q=register+case+29&${query}`, { 'accept-language': 'en' })).body;
      expect(body, query).toContain('Some search filters are not valid and were ignored.');
      expect(numbersOn(body), query).toEqual([numbers[29]]);
      expect(body, query).not.toContain('/follow?kind=unit');
    }
  });

  it('refuses the API and a feed a filter it cannot use, naming it, and says nothing was searched', async () => {
    const client = new Client(app);
    for (const [query, field] of [['from=2026-13-45', 'from'], ['cursor=abc', 'cursor'], ['from=2026-02-01&to=2026-01-01', 'to']] as const) {
      const res = await client.get(`/api/v1/applications?${query}`, { 'accept-language': 'en' });
      expect(res.statusCode, query).toBe(400);
      const error = res.json().error;
      expect(error.message, query).toBe('Some search filters are not valid, so nothing was searched: correct them and ask again.');
      expect(error.fields.map((f: { field: string }) => f.field), query).toContain(field);
    }
    const feed = await client.get('/register/feed.atom?status=bogus', { 'accept-language': 'fr' });
    expect(feed.statusCode).toBe(400);
    expect(feed.body).toContain('la recherche n’a donc pas été faite');
    expect(feed.body).not.toContain('ont été ignorés');
  });

  // The register counts up to a cap and one past it: a number above the cap means "more than the cap".
  it.each<[string, number, number]>([
    ['stops one past a cap below the matches', 10, 11],
    ['stops one past a cap one below the matches', 29, 30],
    ['counts exactly at a cap equal to the matches', 30, 30],
    ['counts exactly under a cap above the matches', 1_000, 30],
  ])('counts the matches: %s', async (_name, atMost, expected) => {
    expect(await countRegister(database.db, { q: 'register case', limit: 25 }, atMost)).toBe(expected);
  });

  it('counts no match, and the same with and without a cap, for filters that narrow', async () => {
    expect(await countRegister(database.db, { q: 'no such words here', limit: 25 }, 5)).toBe(0);
    const filters = { q: 'register case 2', limit: 25 };
    // "Register case 2" and "Register case 20" to "29".
    expect(await countRegister(database.db, filters)).toBe(11);
    expect(await countRegister(database.db, filters, 11)).toBe(11);
  });
});

describe('the register\'s count past its cap', () => {
  it.each<[string, 'en' | 'ko', string]>([
    ['in English', 'en', 'More than 1,000 applications match.'],
    ['in Korean', 'ko', '조건에 맞는 신청: 1,000건 초과'],
  ])('reads as "more than" the cap %s', (_name, locale, expected) => {
    expect(translator(locale)('journey.register_count_more', { total: 1_000 })).toBe(expected);
  });
});
