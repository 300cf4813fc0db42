import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { submitApplication } from '../../src/commands/submitApplication.js';
import { findKnownPlaces, nearestMapped, searchMap } from '../../src/db/repos/map.js';
import { EARTH_RADIUS_M, distanceM, type Point } from '../../src/domain/geo.js';
import { CANARY, PDF, createFixture } from '../helpers/fixture.js';
import { DIALECTS, openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { Client, testServer } from '../helpers/server.js';

const CENTRE: Point = { lat: 37.5, lng: 127.0 };
/** A point `metres` due north of the centre (exact on the sphere: a meridian arc). */
const north = (metres: number): Point => ({ lat: CENTRE.lat + (metres / EARTH_RADIUS_M) * (180 / Math.PI), lng: CENTRE.lng });
/** A point `metres` due east of the centre along its parallel, by haversine's own formula. */
const east = (metres: number): Point => ({
  lat: CENTRE.lat,
  lng: CENTRE.lng + (2 * Math.asin(Math.sin(metres / (2 * EARTH_RADIUS_M)) / Math.cos((CENTRE.lat * Math.PI) / 180)) * 180) / Math.PI,
});

describe.each(DIALECTS)('the map on %s', (dialect) => {
  let database: TestDatabase;
  let plain: FastifyInstance;
  let tiled: FastifyInstance;
  const numbers: Record<string, string> = {};

  beforeAll(async () => {
    database = await openTestDatabase(dialect);
    await createFixture(database.db);
    const file = async (key: string, title: string, address: string, at: Point | null) => {
      const receipt = await submitApplication(database.db, {
        jurisdictionCode: 'TS', procedureCode: 'building-permit', title, location: { address, ...(at ?? {}) },
        applicant: { name: CANARY.name, email: CANARY.email, phone: CANARY.phone }, fields: { floor_area: '10', business_no: CANARY.business_no },
        documents: [{ kind: 'plan', filename: 'p.pdf', bytes: PDF }], channel: 'online',
      });
      numbers[key] = receipt.number;
    };
    await file('near', 'Corner bakery', '12 Gazetteer-ro, Test-gu', north(100));
    await file('edgeNorth', 'Library annex', '40 Maple-gil, Test-gu', north(499));
    await file('outside', 'Warehouse', '41 Maple-gil, Test-gu', north(501));
    await file('edgeEast', 'Clinic </script><b>bold</b>', '7 River-daero, Test-gu', east(499.5));
    await file('far', 'Farm shed', '1 Far-ro, Other-gu', north(10_000));
    await file('unmapped', 'Unmapped kiosk', '12 Gazetteer-ro, Test-gu', null);
    await file('korean', '주민센터 증축', '시험시 중구 하늘대로 77', east(200));
    plain = await testServer(database);
    tiled = await testServer(database, { MAP_TILE_URL: 'https://tiles.example.net/osm/{z}/{x}/{y}.png', MAP_TILE_ATTRIBUTION: '© Example <contributors>' });
  });
  afterAll(async () => {
    await plain?.close();
    await tiled?.close();
    await database?.close();
  });

  const noPersonalData = (body: string) => {
    for (const value of Object.values(CANARY)) expect(body).not.toContain(value);
  };

  it('finds the applications within an area, nearest first, counting the edge as inside', async () => {
    const { rows, capped } = await searchMap(database.db, { area: { ...CENTRE, radiusM: 500 }, order: 'distance', cap: 50 });
    expect(rows.map((r) => r.number)).toEqual([numbers.near, numbers.korean, numbers.edgeNorth, numbers.edgeEast]);
    expect(capped).toBe(false);
    expect(rows[0]!.distance_m).toBeCloseTo(100, 3);
    // A radius exactly the distance to a point includes it; a millimetre less leaves it out.
    const edge = distanceM(CENTRE, north(499));
    const on = await searchMap(database.db, { area: { ...CENTRE, radiusM: edge }, order: 'distance', cap: 50 });
    expect(on.rows.map((r) => r.number)).toContain(numbers.edgeNorth);
    const off = await searchMap(database.db, { area: { ...CENTRE, radiusM: edge - 0.001 }, order: 'distance', cap: 50 });
    expect(off.rows.map((r) => r.number)).not.toContain(numbers.edgeNorth);
  });

  it('lists newest first without an area, skips applications without coordinates and says when it capped', async () => {
    const all = await searchMap(database.db, { order: 'distance', cap: 50 });
    expect(all.rows.map((r) => r.number)).toEqual(['korean', 'far', 'edgeEast', 'outside', 'edgeNorth', 'near'].map((k) => numbers[k]));
    const few = await searchMap(database.db, { order: 'newest', cap: 2 });
    expect(few.rows).toHaveLength(2);
    expect(few.capped).toBe(true);
    const nearest = await searchMap(database.db, { area: { ...CENTRE, radiusM: 500 }, order: 'distance', cap: 4 });
    expect(nearest.capped).toBe(false);
    expect((await searchMap(database.db, { procedure: 'no-such', order: 'newest', cap: 50 })).rows).toEqual([]);
    expect((await searchMap(database.db, { status: 'approved', order: 'newest', cap: 50 })).rows).toEqual([]);
  });

  it('looks addresses up among known application addresses: exact, contained, similar, or nothing', async () => {
    const exact = await findKnownPlaces(database.db, '  12   gazetteer-RO, test-gu ');
    expect(exact[0]).toMatchObject({ address: '12 Gazetteer-ro, Test-gu', match: 'exact' });
    // The unmapped application at the same address adds no point: the place is the mapped one.
    expect(exact[0]!.lat).toBeCloseTo(north(100).lat, 9);
    expect((await findKnownPlaces(database.db, 'Maple-gil'))[0]).toMatchObject({ match: 'contains' });
    expect((await findKnownPlaces(database.db, '12 Gazeteer-ro'))[0]).toMatchObject({ address: '12 Gazetteer-ro, Test-gu', match: 'similar' });
    expect((await findKnownPlaces(database.db, '하늘대로 77'))[0]).toMatchObject({ address: '시험시 중구 하늘대로 77', match: 'contains' });
    expect(await findKnownPlaces(database.db, 'Nowhere Street 999')).toEqual([]);
    expect(await findKnownPlaces(database.db, '100%_\\')).toEqual([]);
  });

  it('shows the list with distances and a follow link, and no personal data', async () => {
    const res = await plain.inject({ url: `/map?lat=37.5&lng=127&radius=500&procedure=building-permit&lang=en` });
    expect(res.statusCode).toBe(200);
    for (const key of ['near', 'edgeNorth', 'edgeEast', 'korean']) expect(res.body).toContain(`/applications/${numbers[key]}`);
    for (const key of ['outside', 'far', 'unmapped']) expect(res.body).not.toContain(numbers[key]);
    expect(res.body).toContain('100 m');
    expect(res.body).toContain('href="/follow?kind=area&amp;lat=37.500000&amp;lng=127.000000&amp;radius=500&amp;procedure=building-permit"');
    // Without tiles the notice says so, and no map script or tile origin is involved.
    expect(res.body).toContain('This site shows no map tiles');
    expect(res.body).not.toContain('map.js');
    expect(res.headers['content-security-policy']).toContain("img-src 'self' data:;");
    noPersonalData(res.body);
  });

  it('refuses bad coordinates and radii with clear messages in both languages', async () => {
    const cases: [string, string, string][] = [
      ['lat=91&lng=127', 'Latitude must be a number between -90 and 90', '위도는 -90에서 90 사이의 숫자여야 합니다'],
      ['lat=37.5&lng=east', 'Longitude must be a number between -180 and 180', '경도는 -180에서 180 사이의 숫자여야 합니다'],
      ['lat=37.5', 'Enter both latitude and longitude, or neither.', '위도와 경도를 모두 입력하거나 모두 비워 두세요.'],
      ['lat=37.5&lng=127&radius=10', 'The radius must be a whole number of metres from 50 to 5000.', '반경은 50미터에서 5000미터 사이의 정수여야 합니다.'],
      ['lat=37.5&lng=127&radius=1e3', 'The radius must be a whole number of metres from 50 to 5000.', '반경은 50미터에서 5000미터 사이의 정수여야 합니다.'],
      ['from=yesterday', 'Enter the date as YYYY-MM-DD.', '날짜는 YYYY-MM-DD 형식으로 입력하세요.'],
      ['from=2026-02-01&to=2026-01-01', '“Received until” is before “Received from”', '‘접수일(까지)’는 ‘접수일(부터)’와 같은 날이거나 그 뒤여야 합니다.'],
    ];
    for (const [query, en, ko] of cases) {
      const english = await plain.inject({ url: `/map?${query}&lang=en` });
      expect(english.statusCode, query).toBe(400);
      expect(english.body, query).toContain(en);
      expect(english.body, query).not.toContain('data-testid="map-list"');
      const korean = await plain.inject({ url: `/map?${query}&lang=ko` });
      expect(korean.statusCode, query).toBe(400);
      expect(korean.body, query).toContain(ko);
    }
  });

  it('centres the area on a known address, and says when an address is unknown', async () => {
    const hit = await plain.inject({ url: `/map?address=${encodeURIComponent('12 Gazetteer-ro, Test-gu')}&radius=250&lang=en` });
    expect(hit.statusCode).toBe(200);
    expect(hit.body).toContain('Centred on 12 Gazetteer-ro, Test-gu.');
    expect(hit.body).toContain(`/applications/${numbers.near}`);
    expect(hit.body).toContain(`/applications/${numbers.korean}`); // 200 m east of the centre: about 224 m from the bakery
    expect(hit.body).not.toContain(`/applications/${numbers.edgeNorth}`);
    const miss = await plain.inject({ url: `/map?address=Nowhere+Street+999&lang=en` });
    expect(miss.statusCode).toBe(400);
    // Without tiles there is no map to pick a point on, so the message does not suggest it.
    expect(miss.body).toContain('No application address matches “Nowhere Street 999”. Enter the centre’s latitude and longitude instead.');
    expect(miss.body).not.toContain('pick a point on the map');
    const missKo = await plain.inject({ url: `/map?address=Nowhere+Street+999&lang=ko` });
    expect(missKo.body).toContain('대신 중심의 위도와 경도를 입력하세요.');
    const missTiled = await tiled.inject({ url: `/map?address=Nowhere+Street+999&lang=en` });
    expect(missTiled.body).toContain('No application address matches “Nowhere Street 999”. Enter coordinates or pick a point on the map.');
  });

  it('names the tile server in the CSP and hands the map its data only when tiles are configured', async () => {
    const res = await tiled.inject({ url: '/map?lat=37.5&lng=127&radius=500&lang=en' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-security-policy']).toContain("img-src 'self' data: https://tiles.example.net;");
    expect(res.headers['content-security-policy']).toContain("script-src 'self';");
    expect(res.body).toContain('<script src="/static/map.js" defer></script>');
    expect(res.body).toContain('href="/static/vendor/leaflet/leaflet.css"');
    const json = res.body.match(/<script type="application\/json" id="map-data">([^<]*)<\/script>/)?.[1];
    expect(json).toBeDefined();
    const data = JSON.parse(json!);
    expect(data.tiles).toEqual({ url: 'https://tiles.example.net/osm/{z}/{x}/{y}.png', attribution: '© Example <contributors>' });
    expect(data.area).toEqual({ lat: 37.5, lng: 127, radiusM: 500 });
    expect(data.markers.map((m: { number: string }) => m.number)).toEqual([numbers.near, numbers.korean, numbers.edgeNorth, numbers.edgeEast]);
    expect(data.markers.find((m: { number: string }) => m.number === numbers.edgeEast).title).toBe('Clinic </script><b>bold</b>');
    noPersonalData(res.body);
    // Every other page keeps to itself, and the plain server never names a tile origin.
    expect((await plain.inject({ url: '/' })).headers['content-security-policy']).not.toContain('tiles.example.net');
    for (const asset of ['leaflet.js', 'leaflet.css', 'images/marker-icon.png']) {
      expect((await tiled.inject({ url: `/static/vendor/leaflet/${asset}` })).statusCode, asset).toBe(200);
    }
    expect((await tiled.inject({ url: '/static/map.js' })).statusCode).toBe(200);
  });

  it('serves the same applications as GeoJSON, documented in the OpenAPI description', async () => {
    const res = await plain.inject({ url: '/api/v1/applications.geojson?lat=37.5&lng=127&radius=500' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('application/geo+json');
    const body = res.json();
    expect(body.type).toBe('FeatureCollection');
    expect(body.capped).toBe(false);
    expect(body.features.map((f: { id: string }) => f.id)).toEqual([numbers.near, numbers.korean, numbers.edgeNorth, numbers.edgeEast]);
    expect(body.features[0].geometry).toEqual({ type: 'Point', coordinates: [north(100).lng, north(100).lat] });
    expect(body.features[0].properties).toMatchObject({ number: numbers.near, title: 'Corner bakery', distance_m: 100 });
    noPersonalData(res.body);
    const bad = await plain.inject({ url: '/api/v1/applications.geojson?lat=37.5&lng=127&radius=9000', headers: { 'accept-language': 'ko' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields).toEqual([{ field: 'radius', message: '반경은 50미터에서 5000미터 사이의 정수여야 합니다.' }]);
    const spec = (await plain.inject({ url: '/api/openapi.json' })).json();
    expect(spec.paths['/api/v1/applications.geojson']).toBeDefined();
  });

  it('offers clicking the map and the nearest-first order only when there is a map and an area', async () => {
    const bare = await plain.inject({ url: '/map?lang=en' });
    expect(bare.body).toContain('or enter the centre’s latitude and longitude. Coordinates take precedence');
    expect(bare.body).not.toContain('click the map');
    expect(bare.body).not.toContain('name="order"');
    const bareKo = await plain.inject({ url: '/map?lang=ko' });
    expect(bareKo.body).not.toContain('지도를 눌러도 됩니다');
    const withTiles = await tiled.inject({ url: '/map?lang=en' });
    expect(withTiles.body).toContain('(or click the map)');
    expect(withTiles.body).not.toContain('name="order"');
    const withArea = await plain.inject({ url: '/map?lat=37.5&lng=127&order=newest&lang=en' });
    expect(withArea.body).toContain('name="order"');
    expect(withArea.body).toContain('<option value="newest" selected>Newest first</option>');
  });

  it('carries the address an area was centred on to the follow form, which keeps it as the area’s name', async () => {
    const page = await plain.inject({ url: `/map?address=${encodeURIComponent('12 gazetteer-ro')}&radius=300&lang=en` });
    const href = page.body.match(/href="(\/follow\?[^"]*)" class="button" data-testid="follow-area"/)?.[1]?.replace(/&amp;/g, '&');
    expect(href).toBeDefined();
    const params = new URL(href!, 'http://x').searchParams;
    expect(params.get('place')).toBe('12 Gazetteer-ro, Test-gu');
    expect(Number(params.get('lat'))).toBeCloseTo(north(100).lat, 5);
    expect(params.get('radius')).toBe('300');
    // Typed coordinates name no place.
    const typed = await plain.inject({ url: '/map?lat=37.5&lng=127&lang=en' });
    expect(typed.body).toMatch(/href="\/follow\?kind=area&amp;lat=37\.500000&amp;lng=127\.000000&amp;radius=500" class="button"/);

    const client = new Client(plain);
    const form = await client.get(`${href}&lang=en`);
    expect(form.body).toContain('value="12 Gazetteer-ro, Test-gu"');
    const email = 'map-follower@example.org';
    const res = await client.postForm('/follow?lang=en', { ...Object.fromEntries(params), frequency: 'instant', email }, { csrf: await client.csrf(href!) });
    expect(res.statusCode).toBeLessThan(400);
    const follow = await database.db.selectFrom('follow').select(['place', 'lat', 'lng', 'radius_m']).where('email', '=', email).executeTakeFirstOrThrow();
    expect(follow.place).toBe('12 Gazetteer-ro, Test-gu');
    expect(follow.lat).toBeCloseTo(north(100).lat, 5);
    expect(follow.radius_m).toBe(300);
  });

  it('says how far the nearest match is when an area holds none, and offers a radius that reaches it', async () => {
    // 50 m around the centre holds nothing; the bakery is 100 m north.
    const small = await plain.inject({ url: '/map?lat=37.5&lng=127&radius=50&lang=en' });
    expect(small.statusCode).toBe(200);
    expect(small.body).toContain('No application with a location matching the filters lies within 50 m.');
    expect(small.body).toContain('The nearest is 100 m away.');
    expect(small.body).toContain('<a href="/map?radius=500&amp;lat=37.500000&amp;lng=127.000000">Search within 500 m</a>');
    // 3 km east of the centre, the clinic (499.5 m east) is the nearest: 2.5 km away, reached by a 3 km radius.
    const away = east(3000);
    const far = await plain.inject({ url: `/map?lat=${away.lat}&lng=${away.lng.toFixed(6)}&radius=500&lang=en` });
    expect(far.body).toContain('The nearest is 2.5 km away.');
    expect(far.body).toContain('Search within 3.0 km');
    expect(far.body).toContain('radius=3000');
    const ko = await plain.inject({ url: `/map?lat=${away.lat}&lng=${away.lng.toFixed(6)}&radius=500&lang=ko` });
    expect(ko.body).toContain('가장 가까운 신청은 2.5km 떨어져 있습니다.');
    // Beyond the largest radius there is nothing to widen to; with filters nothing matches, nothing is far.
    const beyond = north(30_000);
    const remote = await plain.inject({ url: `/map?lat=${beyond.lat.toFixed(6)}&lng=127&radius=500&lang=en` });
    expect(remote.body).toContain('The nearest is 20.0 km away. That is beyond the largest radius (5.0 km)');
    expect(remote.body).not.toContain('Search within');
    const none = await plain.inject({ url: '/map?lat=37.5&lng=127&radius=50&status=approved&lang=en' });
    expect(none.body).toContain('No application with a location matches these filters anywhere.');
    expect(none.body).not.toContain('The nearest is');
  });

  it('finds the nearest in metres, not in degrees of longitude', async () => {
    // Away from the equator a degree of longitude is shorter: 1,200 m north is nearer in degrees than 1,100 m east.
    const base = { lat: 36.0, lng: 129.0 };
    const at = (dNorth: number, dEast: number): Point => ({
      lat: base.lat + (dNorth / EARTH_RADIUS_M) * (180 / Math.PI),
      lng: base.lng + (dEast / (EARTH_RADIUS_M * Math.cos((base.lat * Math.PI) / 180))) * (180 / Math.PI),
    });
    for (const [title, p] of [['North shed', at(1200, 0)], ['East shed', at(0, 1100)]] as const) {
      await submitApplication(database.db, {
        jurisdictionCode: 'TS', procedureCode: 'building-permit', title, location: { address: `${title} road`, ...p },
        applicant: { name: CANARY.name }, fields: { floor_area: '10' }, documents: [{ kind: 'plan', filename: 'p.pdf', bytes: PDF }], channel: 'online',
      });
    }
    const nearest = await nearestMapped(database.db, {}, base);
    expect(nearest?.title).toBe('East shed');
    expect(nearest!.distance_m).toBeCloseTo(1100, -1);
  });

  it('lists only the newest hundred when nothing narrows the map, and says how to narrow it', async () => {
    const far = await database.db.selectFrom('application').selectAll().where('number', '=', numbers.far!).executeTakeFirstOrThrow();
    const { id: _id, search_text: _s, ...row } = far;
    const old = new Date('2020-01-01T00:00:00Z');
    await database.db
      .insertInto('application')
      .values(Array.from({ length: 110 }, (_, i) => ({ ...row, number: `${far.number}-${i}`, title: `Old shed ${i}`, received_at: old, stages: JSON.stringify(row.stages) })))
      .execute();
    const page = await plain.inject({ url: '/map?lang=en' });
    expect(page.statusCode).toBe(200);
    expect(page.body.match(/<tr>/g)?.length).toBe(100 + 1); // a header row and the hundred newest
    expect(page.body).toContain('Showing the 100 newest applications with a location. To see others, choose an area');
    expect(page.body).toContain(`/applications/${numbers.korean}`);
    const ko = await plain.inject({ url: '/map?lang=ko' });
    expect(ko.body).toContain('최신 100건만 표시합니다');
    // Any filter lifts the short list back to the full cap.
    const filtered = await plain.inject({ url: '/map?procedure=building-permit&lang=en' });
    expect(filtered.body.match(/<tr>/g)?.length).toBe(118 + 1);
    expect(filtered.body).toContain('118 applications with a location match.');
  });

  it('is linked from the navigation and from the register with its filters', async () => {
    const register = await plain.inject({ url: '/register?procedure=building-permit&lang=en' });
    expect(register.body).toContain('<a href="/map?procedure=building-permit">See these applications on the map</a>');
    expect(register.body).toContain('<a href="/map">Map</a>');
  });
});
