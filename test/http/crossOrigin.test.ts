import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { submitApplication } from '../../src/commands/submitApplication.js';
import { isCrossOriginRoute } from '../../src/http/crossOrigin.js';
import { DIALECTS, openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { CANARY, PDF, createFixture } from '../helpers/fixture.js';
import { testServer } from '../helpers/server.js';

describe('isCrossOriginRoute', () => {
  it.each([
    { name: 'the public API', route: { schema: { tags: ['public'] } }, want: true },
    { name: 'the transparency log', route: { schema: { tags: ['log'] } }, want: true },
    { name: 'Open311', route: { schema: { tags: ['open311'] } }, want: true },
    { name: 'a route that says so itself', route: { config: { crossOrigin: true } }, want: true },
    { name: 'the office API', route: { schema: { tags: ['office'] } }, want: false },
    { name: 'an untagged page', route: {}, want: false },
    { name: 'a route that says no', route: { config: { crossOrigin: false }, schema: { tags: [] } }, want: false },
  ])('$name → $want', ({ route, want }) => expect(isCrossOriginRoute(route)).toBe(want));
});

describe.each(DIALECTS)('public data read by other sites on %s', (dialect) => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let number: string;

  beforeAll(async () => {
    database = await openTestDatabase(dialect);
    await createFixture(database.db);
    number = (await submitApplication(database.db, {
      jurisdictionCode: 'TS', procedureCode: 'building-permit', title: 'Corner bakery extension', location: { address: '12 Gazetteer-ro, Test-gu', lat: 37.5, lng: 127 },
      applicant: { name: CANARY.name, email: CANARY.email }, fields: { floor_area: '120' }, documents: [{ kind: 'plan', filename: 'p.pdf', bytes: PDF }], channel: 'online',
    })).number;
    app = await testServer(database);
  });
  afterAll(async () => {
    await app?.close();
    await database?.close();
  });
  const fromElsewhere = (url: string) => app.inject({ method: 'GET', url, headers: { origin: 'https://civic.example', 'sec-fetch-site': 'cross-site', 'sec-fetch-mode': 'cors' } });

  it.each([
    '/open311/discovery.json',
    '/open311/v2/services.xml',
    '/open311/v2/requests.json',
    '/open311/v2/requests.json?start_date=yesterday',
    '/api/v1/procedures',
    '/api/v1/applications',
    '/api/v1/applications.geojson',
    '/api/v1/data',
    '/log/key',
    '/data/files/daylight-events-1.csv.gz',
    '/register/feed.atom',
  ])('%s may be read by a script of any site, without credentials', async (url) => {
    const res = await fromElsewhere(url);
    expect(res.statusCode, res.body).toBeLessThan(500);
    expect(res.headers['access-control-allow-origin']).toBe('*');
    expect(res.headers['access-control-allow-credentials']).toBeUndefined();
    expect(res.headers['cross-origin-resource-policy']).toBe('cross-origin');
  });

  it('lets another site read a record, its errors too, but not a page', async () => {
    for (const url of [`/api/v1/applications/${number}`, '/api/v1/applications/2099-TS-0000001', `/applications/${number}/feed.atom`]) {
      expect((await fromElsewhere(url)).headers['access-control-allow-origin'], url).toBe('*');
    }
    for (const url of ['/', `/applications/${number}`, '/register', '/data', '/office', '/healthz', '/api/docs']) {
      const res = await fromElsewhere(url);
      expect(res.headers['access-control-allow-origin'], url).toBeUndefined();
      expect(res.headers['cross-origin-resource-policy'], url).toBe('same-origin');
    }
  });

  it('answers no preflight, so an API key never leaves a department server for a browser', async () => {
    const res = await app.inject({
      method: 'OPTIONS', url: `/api/v1/applications/${number}`,
      headers: { origin: 'https://civic.example', 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' },
    });
    expect(res.headers['access-control-allow-headers']).toBeUndefined();
    expect(res.headers['access-control-allow-methods']).toBeUndefined();
  });
});
