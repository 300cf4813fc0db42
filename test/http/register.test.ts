import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { submitApplication } from '../../src/commands/submitApplication.js';
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
});
