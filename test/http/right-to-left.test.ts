import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { submitApplication } from '../../src/commands/submitApplication.js';
import { PASSWORD, PDF, createFixture } from '../helpers/fixture.js';
import { DIALECTS, openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { Client, testServer } from '../helpers/server.js';

const ADDRESS = '하늘특별시 서부구 달빛길 279';
const PARCEL = '새벽동 8-27';

/** Escapes a literal for a regular expression. */
const literal = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe.each(DIALECTS)('Arabic pages keep numbers, codes and addresses in order on %s', (dialect) => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let number: string;

  beforeAll(async () => {
    database = await openTestDatabase(dialect);
    await createFixture(database.db);
    app = await testServer(database);
    ({ number } = await submitApplication(database.db, {
      jurisdictionCode: 'TS', procedureCode: 'building-permit', title: 'Moonlight house',
      location: { address: ADDRESS, parcelId: PARCEL, lat: 37.5, lng: 127.01 },
      applicant: { name: 'Applicant' }, fields: { floor_area: '5' }, documents: [{ kind: 'plan', filename: 'p.pdf', bytes: PDF }], channel: 'online',
    }));
  });
  afterAll(async () => {
    await app?.close();
    await database?.close();
  });

  // Each page, and the markup that isolates what must read left to right (or by its own first letter) in Arabic.
  const cases: { page: string; expect: (n: string) => RegExp[] }[] = [
    {
      page: '/',
      expect: (n) => [
        new RegExp(`<a href="/applications/${n}" dir="ltr">${n}</a>`),
        new RegExp(`<bdi>${literal(ADDRESS)}</bdi>`),
        // A search that takes a number or a title follows what is typed; its example number stays in order.
        /<input id="home-q" name="q" type="search" dir="auto" placeholder="\u20662026-DB-0000123\u2069"/,
      ],
    },
    {
      page: '/register',
      expect: (n) => [new RegExp(`dir="ltr">${n}</a>`), new RegExp(`<bdi>${literal(ADDRESS)}</bdi>`), /<input id="r-q" name="q" type="search" dir="auto"/],
    },
    {
      // The parcel belongs to the address: one isolate keeps it after the street, not before it.
      page: '/applications/{n}',
      expect: () => [new RegExp(`<dd><bdi>${literal(ADDRESS)} \\(<bdi dir="ltr">${literal(PARCEL)}</bdi>\\)</bdi></dd>`)],
    },
    {
      page: '/map?lat=37.5&lng=127.01&radius=800',
      expect: (n) => [new RegExp(`dir="ltr">${n}</a>`), new RegExp(`<div class="muted small"><bdi>${literal(ADDRESS)}</bdi></div>`)],
    },
    { page: '/track', expect: () => [/name="number"[^>]*dir="ltr"/, /name="code"[^>]*dir="ltr"/] },
    { page: '/verify', expect: () => [/name="code"[^>]*dir="ltr"/] },
  ];

  it.each(cases)('isolates on $page', async ({ page, expect: patterns }) => {
    const res = await new Client(app).get(`${page.replace('{n}', number)}${page.includes('?') ? '&' : '?'}lang=ar`);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<html lang="ar" dir="rtl">');
    for (const pattern of patterns(number)) expect(res.body).toMatch(pattern);
    // No address is left bare, where Arabic order would move its house number to the front.
    expect(res.body).not.toMatch(new RegExp(`(?<!<bdi)>${literal(ADDRESS)}`));
  });

  it('opens the open-data page with a contents list of its sections', async () => {
    const body = (await new Client(app).get('/data?lang=ar')).body;
    const nav = /<nav class="contents"[^]*?<\/nav>/.exec(body)?.[0] ?? '';
    for (const id of ['licence', 'files', 'verify', 'open311', 'dictionary', 'kind-applications', 'kind-events']) {
      expect(nav, id).toContain(`href="#${id}"`);
      expect(body, id).toContain(`id="${id}"`);
    }
  });

  it('opens the administration page with a contents list of its sections, in page order', async () => {
    const admin = new Client(app);
    await admin.login('admin', PASSWORD);
    const body = (await admin.get('/admin?lang=ar')).body;
    const nav = /<nav class="contents"[^]*?<\/nav>/.exec(body)?.[0] ?? '';
    const sections = ['jurisdictions', 'declarations', 'calendar', 'units', 'officials', 'keys', 'procedures'];
    expect([...nav.matchAll(/href="#([a-z]+)"/g)].map((m) => m[1])).toEqual(sections);
    const order = sections.map((id) => body.indexOf(`<section id="${id}"`));
    expect(order.every((at) => at > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(nav).toContain('href="/admin/open-data"');
  });
});
