import fs from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { XMLParser } from 'fast-xml-parser';
import { parse as parseYaml } from 'yaml';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../src/commands/admin/createApiKey.js';
import { saveOpenDataSettings } from '../../src/commands/admin/saveOpenDataSettings.js';
import { recordAct } from '../../src/commands/recordAct.js';
import { submitApplication } from '../../src/commands/submitApplication.js';
import { DIALECTS, openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { CANARY, PDF, createFixture, type Fixture } from '../helpers/fixture.js';
import { testServer } from '../helpers/server.js';

/** The spec's OpenAPI (Swagger 2.0) description, its definitions compiled as JSON Schemas. */
const spec = parseYaml(fs.readFileSync('/work/shared/specs/open311-georeport-v2.yaml', 'utf8')) as { definitions: Record<string, object> };
const ajv = new Ajv({ strict: false, allErrors: true });
addFormats.default(ajv);
for (const format of ['uid', 'uint', 'double']) ajv.addFormat(format, true);
ajv.addSchema({ definitions: spec.definitions }, 'open311');
const schema = (name: string): ValidateFunction => ajv.compile({ $ref: `open311#/definitions/${name}` });
const listOf = (name: string): ValidateFunction => ajv.compile({ type: 'array', items: { $ref: `open311#/definitions/${name}` } });
const errorList = ajv.compile({
  type: 'array', minItems: 1,
  items: { type: 'object', required: ['code', 'description'], properties: { code: { type: 'integer' }, description: { type: 'string', minLength: 1 } }, additionalProperties: false },
});
const valid = (validate: ValidateFunction, body: unknown) => {
  const ok = validate(body);
  if (!ok) throw new Error(`${JSON.stringify(validate.errors)} in ${JSON.stringify(body)}`);
};

/**
 * XML parsed back with a maintained parser, every element kept as an array, so a list of one is still a list;
 * then read in the Spark convention (a list element of records becomes a JSON array) and checked against the same
 * schemas as the JSON.
 */
const xmlParser = new XMLParser({ isArray: () => true, parseTagValue: false, ignoreDeclaration: true });
const LISTS: Record<string, string> = { services: 'service', service_requests: 'request', attributes: 'attribute', values: 'value', errors: 'error' };
const TYPED: Record<string, 'number' | 'boolean' | 'integer'> = { metadata: 'boolean', variable: 'boolean', required: 'boolean', order: 'integer', lat: 'number', long: 'number', code: 'integer' };
function spark(name: string, node: unknown): unknown {
  const item = LISTS[name];
  const [only] = node as unknown[];
  if (item) {
    if (typeof only !== 'object' || only === null) return [];
    return ((only as Record<string, unknown[]>)[item] ?? []).map((r) => spark(item, [r]));
  }
  if (typeof only === 'object' && only !== null) {
    return Object.fromEntries(Object.entries(only as Record<string, unknown>).map(([k, v]) => [k, spark(k, v)]));
  }
  const text = String(only ?? '');
  const type = TYPED[name];
  if (type === 'boolean') return text === 'true' ? true : text === 'false' ? false : text;
  if (type === 'number' || type === 'integer') return /^-?\d+(\.\d+)?$/.test(text) ? Number(text) : text;
  return text;
}
function fromXml(body: string, root: string): unknown {
  expect(body.startsWith('<?xml version="1.0" encoding="utf-8"?>')).toBe(true);
  const doc = xmlParser.parse(body) as Record<string, unknown>;
  expect(Object.keys(doc)).toEqual([root]);
  return spark(root, doc[root]);
}

describe.each(DIALECTS)('Open311 GeoReport v2 on %s', (dialect) => {
  let database: TestDatabase;
  let fx: Fixture;
  let app: FastifyInstance;
  let key: string;
  let roadKey: string;
  const numbers: string[] = [];
  const J = 'jurisdiction_id=test.example';

  beforeAll(async () => {
    database = await openTestDatabase(dialect);
    fx = await createFixture(database.db);
    // A second jurisdiction makes jurisdiction_id required.
    await database.db.insertInto('jurisdiction').values({ id: 'other.example', code: 'OT', name_ko: '다른시', name_en: 'Other City', time_zone: 'Asia/Seoul', show_official_names: true }).execute();
    key = await createApiKey(database.db, fx.officials.admin, fx.units.build, 'Building system');
    roadKey = await createApiKey(database.db, fx.officials.admin, fx.units.road, 'Roads system');
    for (const title of ['Corner bakery extension', 'Library annex']) {
      const r = await submitApplication(database.db, {
        jurisdictionCode: 'TS', procedureCode: 'building-permit', title, location: { address: '12 Gazetteer-ro, Test-gu', lat: 37.5, lng: 127 },
        applicant: { name: CANARY.name, email: CANARY.email, phone: CANARY.phone }, fields: { floor_area: '120', business_no: CANARY.business_no },
        documents: [{ kind: 'plan', filename: 'p.pdf', bytes: PDF }], channel: 'online',
      });
      numbers.push(r.number);
    }
    // The first one is decided, so one request is closed and has a decision as its latest event.
    const act = (a: Parameters<typeof recordAct>[1]['act'], internalNote?: string) => recordAct(database.db, { number: numbers[0]!, act: a, actor: fx.officials.boss, internalNote });
    await act({ type: 'assigned', officialId: fx.officials.a1.id });
    await recordAct(database.db, { number: numbers[0]!, act: { type: 'withdrawn' }, actor: fx.officials.a1, internalNote: CANARY.internal });
    app = await testServer(database);
  });
  afterAll(async () => {
    await app?.close();
    await database?.close();
  });
  const get = (url: string) => app.inject({ method: 'GET', url });
  const post = (url: string, fields: Record<string, string | string[]>) => {
    const body = new URLSearchParams();
    for (const [k, v] of Object.entries(fields)) for (const item of Array.isArray(v) ? v : [v]) body.append(k, item);
    return app.inject({ method: 'POST', url, headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' }, payload: body.toString() });
  };
  const noPersonalData = (body: string) => {
    for (const value of Object.values(CANARY)) expect(body).not.toContain(value);
  };
  const both = async (path: string, root: string, validate: ValidateFunction, status = 200) => {
    const json = await get(`/open311/v2/${path.replace('{f}', 'json')}`);
    const xml = await get(`/open311/v2/${path.replace('{f}', 'xml')}`);
    expect(json.statusCode, json.body).toBe(status);
    expect(xml.statusCode, xml.body).toBe(status);
    expect(json.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(xml.headers['content-type']).toBe('text/xml; charset=utf-8');
    const fromJson = json.json();
    valid(validate, fromJson);
    const parsed = fromXml(xml.body, root);
    valid(validate, parsed);
    noPersonalData(json.body);
    noPersonalData(xml.body);
    return { json: fromJson, xml: parsed };
  };

  it('is described in the OpenAPI document with the data manifest', async () => {
    const paths = Object.keys((await get('/api/openapi.json')).json().paths);
    for (const p of ['/open311/discovery.{format}', '/open311/v2/services.{format}', '/open311/v2/services/{service_code}.{format}', '/open311/v2/requests.{format}', '/open311/v2/requests/{id}.{format}', '/open311/v2/tokens/{token}.{format}', '/api/v1/data']) {
      expect(paths, p).toContain(p);
    }
  });

  it('serves discovery with both formats and the GeoReport endpoint', async () => {
    const res = await get('/open311/discovery.json');
    expect(res.statusCode).toBe(200);
    const d = res.json();
    expect(d.endpoints[0]).toMatchObject({ specification: 'http://wiki.open311.org/GeoReport_v2', type: 'production', formats: ['text/xml', 'application/json'] });
    expect(d.endpoints[0].url).toMatch(/\/open311\/v2$/);
    const xml = xmlParser.parse((await get('/open311/discovery.xml')).body) as { discovery: [{ endpoints: [{ endpoint: [{ formats: [{ format: string[] }] }] }] }] };
    expect(xml.discovery[0].endpoints[0].endpoint[0].formats[0].format).toEqual(['text/xml', 'application/json']);
  });

  it('lists one service per procedure, grouped by category, with keywords, in JSON and XML alike', async () => {
    const { json, xml } = await both(`services.{f}?${J}`, 'services', listOf('Service'));
    expect(json).toEqual(xml);
    expect(json).toEqual([
      expect.objectContaining({ service_code: 'building-permit', type: 'realtime', metadata: true, group: expect.any(String), keywords: expect.stringContaining('building-permit') }),
    ]);
    const english = (await get(`/open311/v2/services.json?${J}&lang=en`)).json();
    expect(english[0]).toMatchObject({ service_name: 'Building permit', group: 'Building' });
  });

  it('defines a service by its procedure’s own fields with their datatypes', async () => {
    const { json, xml } = await both(`services/building-permit.{f}?${J}&lang=en`, 'service_definition', schema('ServiceDefinition'));
    expect(json).toEqual(xml);
    expect((json as { attributes: unknown[] }).attributes).toEqual([
      expect.objectContaining({ code: 'floor_area', datatype: 'number', required: true, order: 1, description: 'Floor area (m²)' }),
      expect.objectContaining({ code: 'business_no', datatype: 'string', required: false, order: 2 }),
    ]);
    // Every text of a definition is in the language asked, the number's description too.
    const korean = (await get(`/open311/v2/services/building-permit.json?${J}&lang=ko`)).json() as { attributes: Record<string, unknown>[] };
    expect(korean.attributes[0]).toMatchObject({ description: '연면적(㎡)', datatype_description: '숫자, 예: 120 또는 84.5' });
    expect((json as { attributes: Record<string, unknown>[] }).attributes[0]!.datatype_description).toBe('A number, e.g. 120 or 84.5');
  });

  it('lists requests newest first with status, notes, agency, due date and location, nothing personal', async () => {
    const { json, xml } = await both(`requests.{f}?${J}&lang=en`, 'service_requests', listOf('Request'));
    expect(json).toEqual(xml);
    const list = json as Record<string, unknown>[];
    expect(list.map((r) => r.service_request_id)).toEqual([numbers[1], numbers[0]]);
    expect(list[1]).toMatchObject({ status: 'closed', status_notes: 'Application withdrawn', agency_responsible: 'Building Division', service_code: 'building-permit', description: 'Corner bakery extension', lat: 37.5, long: 127 });
    expect(list[1]!.expected_datetime).toBeUndefined();
    expect(list[0]).toMatchObject({ status: 'open', status_notes: 'Application received' });
    expect(list[0]!.expected_datetime).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+09:00$/);
    expect(Date.parse(list[0]!.expected_datetime as string)).toBeGreaterThan(Date.parse(list[0]!.requested_datetime as string));
  });

  it('filters by id, service code, status and dates, and pages', async () => {
    const ids = async (query: string) => ((await get(`/open311/v2/requests.json?${J}&${query}`)).json() as { service_request_id: string }[]).map((r) => r.service_request_id);
    expect(await ids(`service_request_id=${numbers[0]},2099-TS-0000001`)).toEqual([numbers[0]]);
    expect(await ids('status=open')).toEqual([numbers[1]]);
    expect(await ids('status=closed')).toEqual([numbers[0]]);
    expect(await ids('status=open,closed')).toEqual([numbers[1], numbers[0]]);
    expect(await ids('service_code=building-permit&page_size=1')).toEqual([numbers[1]]);
    expect(await ids('page_size=1&page=2')).toEqual([numbers[0]]);
    expect(await ids('page_size=1&page=3')).toEqual([]);
    expect(await ids('start_date=2001-01-01T00:00:00Z&end_date=2001-02-01T00:00:00%2B09:00')).toEqual([]);
    const now = Date.now();
    const around = `start_date=${new Date(now - 86_400_000).toISOString()}&end_date=${new Date(now + 86_400_000).toISOString()}`;
    expect(await ids(around)).toEqual([numbers[1], numbers[0]]);
    expect(await ids('status=')).toEqual([numbers[1], numbers[0]]);
  });

  it('gives each request in a list exactly as it serves it alone, open or closed, in every language asked', async () => {
    for (const lang of ['en', 'ko']) {
      const list = (await get(`/open311/v2/requests.json?${J}&lang=${lang}&status=open,closed`)).json() as { service_request_id: string }[];
      expect(list.map((r) => r.service_request_id).sort()).toEqual([...numbers].sort());
      for (const record of list) {
        const alone = (await get(`/open311/v2/requests/${record.service_request_id}.json?${J}&lang=${lang}`)).json() as unknown[];
        expect(alone).toEqual([record]);
      }
    }
  });

  it('serves one request, and a token (every service is realtime) resolves to its id', async () => {
    const { json } = await both(`requests/${numbers[1]}.{f}?${J}`, 'service_requests', listOf('Request'));
    expect((json as { service_request_id: string }[])[0]!.service_request_id).toBe(numbers[1]);
    const { json: token } = await both(`tokens/${numbers[1]}.{f}?${J}`, 'service_requests', listOf('TokenResponse'));
    expect(token).toEqual([{ service_request_id: numbers[1], token: numbers[1] }]);
  });

  it('answers the spec’s errors in its error format, 404 for what does not exist and 400 for bad input', async () => {
    const cases: [string, number, string][] = [
      ['services.{f}', 400, 'jurisdiction_id'],
      ['services.{f}?jurisdiction_id=nowhere.example', 404, 'jurisdiction_id'],
      [`services/no-such.{f}?${J}`, 404, 'service_code'],
      ['services/building-permit.{f}', 400, 'jurisdiction_id'],
      ['requests.{f}', 400, 'jurisdiction_id'],
      ['requests.{f}?jurisdiction_id=nowhere.example', 404, 'jurisdiction_id'],
      [`requests.{f}?${J}&start_date=yesterday`, 400, 'start_date'],
      [`requests.{f}?${J}&end_date=2026-02-31T00:00:00Z`, 400, 'end_date'],
      [`requests.{f}?${J}&start_date=2026-01-01T00:00:00`, 400, 'start_date'],
      [`requests.{f}?${J}&start_date=2026-01-01T00:00:00Z&end_date=2026-06-01T00:00:00Z`, 400, 'end_date'],
      [`requests.{f}?${J}&status=pending`, 400, 'status'],
      [`requests.{f}?${J}&service_code=no-such`, 404, 'service_code'],
      [`requests.{f}?${J}&page=1000&page_size=200`, 400, 'page'],
      [`requests.{f}?${J}&page_size=0`, 400, 'page_size'],
      [`requests/2099-TS-0000001.{f}?${J}`, 404, 'service_request_id'],
      [`requests/${numbers[0]}.{f}?jurisdiction_id=other.example`, 404, 'service_request_id'],
      [`requests/not-a-number.{f}?${J}`, 404, 'service_request_id'],
      [`tokens/nothing.{f}?${J}`, 404, 'token'],
      ['tokens/x.{f}', 400, 'jurisdiction_id'],
    ];
    for (const [path, status, parameter] of cases) {
      for (const f of ['json', 'xml']) {
        const res = await get(`/open311/v2/${path.replace('{f}', f)}`);
        expect(res.statusCode, `${path} ${f}`).toBe(status);
        const body = f === 'json' ? res.json() : fromXml(res.body, 'errors');
        valid(errorList, body);
        expect((body as { code: number; description: string }[])[0]!.description, path).toContain(parameter);
        expect((body as { code: number }[])[0]!.code).toBe(status);
      }
    }
    // A missing or unknown jurisdiction is answered with the ids a client may use instead.
    for (const path of ['requests.json', 'requests.json?jurisdiction_id=nowhere.example']) {
      const description = (await get(`/open311/v2/${path}`)).json()[0].description as string;
      expect(description, path).toContain('test.example');
      expect(description, path).toContain('other.example');
    }
    // An unknown format is a resource that does not exist.
    expect((await get(`/open311/v2/services.csv?${J}`)).statusCode).toBe(404);
  });

  describe('creating a request', () => {
    const form = (extra: Record<string, string | string[]> = {}) => ({
      api_key: key, jurisdiction_id: 'test.example', service_code: 'building-permit', address_string: '7 River-daero, Test-gu', lat: '37.51', long: '127.01',
      first_name: 'Canaryname', last_name: 'Xq7Zlw', email: CANARY.email, phone: CANARY.phone, description: 'Rooftop garden', 'attribute[floor_area]': '84.5', 'attribute[business_no]': CANARY.business_no,
      ...extra,
    });
    const count = async () => Number((await database.db.selectFrom('application').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);

    it('files an application through the same command as any channel, and it is then a request like any other', async () => {
      for (const f of ['json', 'xml'] as const) {
        const res = await post(`/open311/v2/requests.${f}`, form({ description: `Rooftop garden ${f}` }));
        expect(res.statusCode, res.body).toBe(200);
        noPersonalData(res.body);
        const body = f === 'json' ? res.json() : fromXml(res.body, 'service_requests');
        valid(listOf('RequestResponse'), body);
        const [created] = body as { service_request_id: string; access_code: string; service_notice: string }[];
        expect(created!.service_request_id).toMatch(/^\d{4}-TS-\d{7}$/);
        expect(created!.access_code).toBeTruthy();
        const record = (await get(`/api/v1/applications/${created!.service_request_id}`)).json();
        expect(record).toMatchObject({ channel: 'api', title: `Rooftop garden ${f}`, location: { address: '7 River-daero, Test-gu', lat: 37.51, lng: 127.01 } });
        expect(record.details).toEqual([expect.objectContaining({ key: 'floor_area', value: '84.5' })]);
        expect(record.events[0].actor).toMatchObject({ unit: { code: 'TS-BUILD' } });
        const privateRow = await database.db.selectFrom('application_private as p').innerJoin('application as a', 'a.id', 'p.application_id').select(['p.applicant_name', 'p.applicant_email']).where('a.number', '=', created!.service_request_id).executeTakeFirstOrThrow();
        expect(privateRow).toEqual({ applicant_name: CANARY.name, applicant_email: CANARY.email });
        const listed = (await get(`/open311/v2/requests/${created!.service_request_id}.json?${J}`)).json();
        valid(listOf('Request'), listed);
        noPersonalData(JSON.stringify(listed));
      }
    });

    it('files once when a client retries with the same Idempotency-Key and a bearer key', async () => {
      const before = await count();
      const { api_key: _key, ...fields } = form({ description: 'Retried garden' });
      const body = new URLSearchParams(fields as Record<string, string>).toString();
      const send = () => app.inject({
        method: 'POST', url: '/open311/v2/requests.xml', payload: body,
        headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Bearer ${key}`, 'idempotency-key': 'retry-open311-1' },
      });
      const first = await send();
      const again = await send();
      expect(first.statusCode, first.body).toBe(200);
      expect(again.statusCode).toBe(200);
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect(again.headers['content-type']).toBe('text/xml; charset=utf-8');
      expect(again.body).toBe(first.body);
      expect(await count()).toBe(before + 1);
    });

    it('refuses bad input with the spec’s error and files nothing', async () => {
      const before = await count();
      const cases: [Record<string, string | string[]>, number, string][] = [
        [{ api_key: '' }, 403, 'api_key'],
        [{ api_key: 'dlk_wrong' }, 403, 'api_key'],
        [{ api_key: roadKey }, 403, ''],
        [{ jurisdiction_id: 'nowhere.example' }, 404, 'jurisdiction_id'],
        [{ jurisdiction_id: '' }, 400, 'jurisdiction_id'],
        [{ service_code: 'no-such' }, 404, 'service_code'],
        [{ service_code: '' }, 400, 'service_code'],
        [{ description: 'x'.repeat(4001) }, 400, 'description'],
        [{ description: 'x'.repeat(201) }, 400, 'description'],
        [{ address_string: '' }, 400, 'address_string'],
        [{ lat: '91' }, 400, 'lat'],
        [{ long: 'east' }, 400, 'long'],
        [{ first_name: '', last_name: '' }, 400, 'first_name'],
        [{ email: 'not-an-address' }, 400, 'email'],
        [{ 'attribute[floor_area]': '' }, 400, 'attribute[floor_area]'],
        [{ 'attribute[floor_area]': 'large' }, 400, 'attribute[floor_area]'],
      ];
      for (const [extra, status, parameter] of cases) {
        for (const f of ['json', 'xml']) {
          const res = await post(`/open311/v2/requests.${f}`, form(extra));
          expect(res.statusCode, `${JSON.stringify(extra).slice(0, 80)} ${res.body}`).toBe(status);
          const body = f === 'json' ? res.json() : fromXml(res.body, 'errors');
          valid(errorList, body);
          expect((body as { description: string }[]).map((e) => e.description).join(' ')).toContain(parameter);
          noPersonalData(res.body);
        }
      }
      expect(await count()).toBe(before);
    });
  });

  it('serves only the jurisdictions an administrator left Open311 on, and says so on the data page', async () => {
    // Test City turns Open311 off; Other City alone serves it, so jurisdiction_id may be left out.
    await saveOpenDataSettings(database.db, fx.officials.admin, { licence: 'kogl-1', open311_OT: 'yes' });
    for (const f of ['json', 'xml']) {
      for (const path of [`services.${f}?${J}`, `requests.${f}?${J}`, `requests/${numbers[1]}.${f}?${J}`, `tokens/${numbers[1]}.${f}?${J}`]) {
        const res = await get(`/open311/v2/${path}`);
        expect(res.statusCode, path).toBe(404);
        const body = f === 'json' ? res.json() : fromXml(res.body, 'errors');
        valid(errorList, body);
        expect((body as { description: string }[])[0]!.description).toContain('jurisdiction_id');
      }
      expect((await get(`/open311/v2/services.${f}`)).statusCode).toBe(200);
    }
    const page = (await get('/data?lang=en')).body;
    expect(page).toContain('<code>other.example</code>');
    expect(page).not.toContain('<code>test.example</code>');
    // Nobody serves it: every call is a jurisdiction that does not exist, and the data page says none does.
    await saveOpenDataSettings(database.db, fx.officials.admin, { licence: 'kogl-1' });
    expect((await get('/open311/v2/services.json')).statusCode).toBe(404);
    expect((await get('/data?lang=en')).body).toContain('No jurisdiction serves Open311 at present.');
    await saveOpenDataSettings(database.db, fx.officials.admin, { licence: 'kogl-1', open311_TS: 'yes', open311_OT: 'yes' });
    expect((await get(`/open311/v2/services.json?${J}`)).statusCode).toBe(200);
    expect((await get('/open311/v2/services.json')).statusCode).toBe(400);
  });

  it('lists the requests of several services, comma-delimited or repeated, and refuses a list naming one it lacks', async () => {
    // A second service of Test City, with one request.
    await sql`
      INSERT INTO procedure (jurisdiction_id, code, version, is_current, category, unit_id, name_ko, name_en, purpose_ko, purpose_en,
        legal_basis_ko, legal_basis_en, fee_krw, statutory_days, documents, fields, stages, created_by)
      SELECT jurisdiction_id, 'sign-permit', version, is_current, category, unit_id, '광고물 허가', 'Sign permit', purpose_ko, purpose_en,
        legal_basis_ko, legal_basis_en, fee_krw, statutory_days, documents, fields, stages, created_by
      FROM procedure WHERE code = 'building-permit' AND is_current`.execute(database.db);
    const sign = await submitApplication(database.db, {
      jurisdictionCode: 'TS', procedureCode: 'sign-permit', title: 'Shop sign', location: { address: '3 Gazetteer-ro, Test-gu' },
      applicant: { name: CANARY.name, email: CANARY.email }, fields: { floor_area: '2' }, documents: [{ kind: 'plan', filename: 'p.pdf', bytes: PDF }], channel: 'online',
    });
    const codes = async (query: string) => {
      const res = await get(`/open311/v2/requests.json?${J}&status=open,closed&page_size=200&${query}`);
      expect(res.statusCode, res.body).toBe(200);
      return new Set((res.json() as { service_code: string; service_request_id: string }[]).map((r) => r.service_code));
    };
    const both = new Set(['building-permit', 'sign-permit']);
    expect(await codes('service_code=sign-permit')).toEqual(new Set(['sign-permit']));
    expect(await codes('service_code=building-permit,sign-permit')).toEqual(both);
    expect(await codes('service_code=building-permit&service_code=sign-permit')).toEqual(both);
    expect(await codes('service_code=sign-permit,%20sign-permit,')).toEqual(new Set(['sign-permit']));
    const ids = (await get(`/open311/v2/requests.json?${J}&service_code=sign-permit`)).json() as { service_request_id: string }[];
    expect(ids.map((r) => r.service_request_id)).toEqual([sign.number]);
    for (const query of ['service_code=building-permit,no-such', 'service_code=building-permit&service_code=no-such', 'service_code=no-such&service_code=sign-permit']) {
      for (const f of ['json', 'xml']) {
        const res = await get(`/open311/v2/requests.${f}?${J}&${query}`);
        expect(res.statusCode, query).toBe(404);
        valid(errorList, f === 'json' ? res.json() : fromXml(res.body, 'errors'));
      }
    }
  });
});
