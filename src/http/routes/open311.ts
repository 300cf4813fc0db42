import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { submitApplication } from '../../commands/submitApplication.js';
import { clockOfPublicCase } from '../../db/repos/clocks.js';
import { open311Jurisdictions, open311Requests, type Open311Jurisdiction } from '../../db/repos/open311.js';
import { findPublicCase, listProcedures, type PublicCaseRow } from '../../db/repos/publicRead.js';
import {
  OPEN311_FORMATS, readCreateRequest, readRequestListQuery, statusesFor, type Open311Format, type Open311Issue,
} from '../../domain/open311.js';
import type { ApplicationClock } from '../../domain/clock.js';
import { PROCUREMENT_CATEGORY } from '../../domain/contracts.js';
import { withoutInvisibleControls } from '../../domain/text.js';
import { NUMBER_PATTERN } from '../../domain/time.js';
import { AppError } from '../../errors.js';
import { open311Xml, presentRequest, presentService, presentServiceDefinition, type Open311Record } from '../../presenters/open311.js';
import { systemFromApiKey } from '../auth.js';
import type { RouteOptions } from '../context.js';
import { idempotentWrite } from '../idempotency.js';
import { parseQueryString } from '../querystring.js';
import { z } from 'zod';

/** Where GeoReport v2 is served, relative to the public address. */
export const OPEN311_BASE = '/open311/v2';

// The JSON forms, for the OpenAPI description (`/api/docs`); XML has the same members under the spec's elements.
const serviceBody = z.object({
  service_code: z.string(), service_name: z.string(), description: z.string(), metadata: z.boolean(), type: z.literal('realtime'),
  keywords: z.string(), group: z.string(),
});
const definitionBody = z.object({
  service_code: z.string(),
  attributes: z.array(z.object({
    variable: z.boolean(), code: z.string(), datatype: z.enum(['string', 'number', 'datetime', 'text', 'singlevaluelist', 'multivaluelist']),
    required: z.boolean(), datatype_description: z.string(), order: z.number().int(), description: z.string(),
  })),
});
const requestBody = z.object({
  service_request_id: z.string(), status: z.enum(['open', 'closed']), status_notes: z.string().optional(), service_name: z.string(), service_code: z.string(),
  description: z.string(), agency_responsible: z.string(), requested_datetime: z.string(), updated_datetime: z.string(),
  expected_datetime: z.string().optional().describe('The statutory due date computed from the working calendar, while open'),
  address: z.string(), address_id: z.string().optional(), lat: z.number().optional(), long: z.number().optional(),
});
const errorsBody = z.array(z.object({ code: z.number().int(), description: z.string() })).describe('The spec’s error list');
const errorResponses = { 400: errorsBody, 403: errorsBody, 404: errorsBody };
const FORMAT_NOTE = 'Served as XML (`.xml`, the base format) or JSON (`.json`); `jurisdiction_id` (a jurisdiction’s id, listed on /data) is required when the site serves several.';
const doc = (summary: string, description: string, response: Record<number, z.ZodType>) => ({
  schema: { summary, description: `${description} ${FORMAT_NOTE}`, tags: ['open311'], response },
});

/** The spec's problems as an error Daylight renders in the Open311 error format (`http/errors`). */
function open311Error(issues: Open311Issue[]): AppError {
  const first = issues[0]!;
  const id = first.status === 404 ? 'not_found' : first.status === 403 ? 'forbidden' : 'validation';
  return new AppError(id, 'error.validation', {}, issues.map((i) => ({ field: i.parameter, key: `opendata.open311.${i.code}`, ...(i.values ? { values: i.values } : {}) })));
}

function formatOf(params: unknown): Open311Format {
  const format = (params as { format?: string }).format;
  if (!OPEN311_FORMATS.includes(format as Open311Format)) throw new AppError('not_found', 'opendata.open311.unknown_format');
  return format as Open311Format;
}

/** Parameters the spec lets a client list several values of: comma-delimited, or the parameter repeated. */
const LIST_PARAMETERS = ['service_request_id', 'service_code', 'status'] as const;

function queryOf(request: FastifyRequest): Record<string, string> {
  const text = request.url.split('?')[1] ?? '';
  const q = parseQueryString(text);
  // A repeated list parameter counts with all its values, as if they had been written comma-delimited.
  const all = new URLSearchParams(text);
  for (const name of LIST_PARAMETERS) {
    const values = all.getAll(name);
    if (values.length > 1) q[name] = withoutInvisibleControls(values.join(','));
  }
  return q;
}

/** Sends an Open311 document in the chosen format: JSON as is, XML under the spec's root element. */
function send(reply: FastifyReply, format: Open311Format, root: string, body: Open311Record | Open311Record[], status = 200): FastifyReply {
  if (format === 'json') return reply.code(status).type('application/json; charset=utf-8').send(JSON.stringify(body));
  return reply.code(status).type('text/xml; charset=utf-8').send(open311Xml(root, body));
}

/**
 * The clock behind a request's `expected_datetime`, which only an open request has: a closed one's history is not
 * replayed (on the deepest page of 200 requests, most are closed and the clock was most of the cost).
 */
function expectedClock(db: RouteOptions['db'], row: PublicCaseRow): Promise<ApplicationClock | null> {
  return row.closed_at ? Promise.resolve(null) : clockOfPublicCase(db, row);
}

/**
 * Open311 GeoReport v2 (`/open311/v2/…`, discovery at `/open311/discovery.{xml,json}`): services (one per procedure),
 * service definitions (the procedure's form fields), requests (applications) with the spec's filters and pages, a
 * single request, tokens, and creating a request with a department's API key through `submitApplication`.
 */
export async function open311Routes(fastify: FastifyInstance, opts: RouteOptions): Promise<void> {
  const { db, config } = opts;

  /**
   * The jurisdiction a call names by `jurisdiction_id` (its id or code); required when several serve Open311. A
   * jurisdiction whose administrator turned Open311 off is unknown here.
   */
  const jurisdictionOf = async (value: string | undefined): Promise<Open311Jurisdiction> => {
    const all = (await open311Jurisdictions(db)).filter((j) => j.open311);
    // The ids a client may use, named in the error so a wrong or missing one can be corrected from the answer alone.
    const ids = { ids: all.map((j) => j.id).join(', ') };
    const wanted = value?.trim();
    if (!wanted) {
      if (all.length === 1) return all[0]!;
      if (!all.length) throw open311Error([{ status: 404, code: 'no_jurisdiction', parameter: 'jurisdiction_id' }]);
      throw open311Error([{ status: 400, code: 'missing_jurisdiction', parameter: 'jurisdiction_id', values: ids }]);
    }
    const found = all.find((j) => j.id === wanted || j.code.toLowerCase() === wanted.toLowerCase());
    if (!found) throw open311Error([{ status: 404, code: all.length ? 'unknown_jurisdiction' : 'no_jurisdiction', parameter: 'jurisdiction_id', values: ids }]);
    return found;
  };

  fastify.get('/open311/discovery.:format', doc('Open311 service discovery', 'The GeoReport v2 endpoint and its formats.', { 200: z.object({ changeset: z.string(), contact: z.string(), key_service: z.string(), endpoints: z.array(z.object({ specification: z.string(), url: z.string(), changeset: z.string(), type: z.string(), formats: z.array(z.string()) })) }) }), async (request, reply) => {
    const format = formatOf(request.params);
    return send(reply, format, 'discovery', {
      changeset: '2026-01-01T00:00:00Z',
      contact: `${config.publicUrl}/data`,
      key_service: `${config.publicUrl}/data#open311`,
      endpoints: [
        {
          specification: 'http://wiki.open311.org/GeoReport_v2',
          url: `${config.publicUrl}${OPEN311_BASE}`,
          changeset: '2026-01-01T00:00:00Z',
          type: 'production',
          formats: ['text/xml', 'application/json'] as unknown as Open311Record[],
        },
      ],
    });
  });

  fastify.get(`${OPEN311_BASE}/services.:format`, doc('Open311 service list', 'One service per procedure of the jurisdiction, grouped by category.', { 200: z.array(serviceBody), ...errorResponses }), async (request, reply) => {
    const format = formatOf(request.params);
    const j = await jurisdictionOf(queryOf(request).jurisdiction_id);
    const services = (await listProcedures(db)).filter((p) => p.jurisdiction.code === j.code);
    return send(reply, format, 'services', services.map((p) => presentService(p, request.locale, request.t)));
  });

  fastify.get(`${OPEN311_BASE}/services/:service_code.:format`, doc('Open311 service definition', 'The procedure’s own form fields as attributes.', { 200: definitionBody, ...errorResponses }), async (request, reply) => {
    const format = formatOf(request.params);
    const j = await jurisdictionOf(queryOf(request).jurisdiction_id);
    const code = (request.params as { service_code: string }).service_code;
    const [procedure] = await listProcedures(db, { jurisdiction: j.code, code });
    if (!procedure) throw open311Error([{ status: 404, code: 'unknown_service_code', parameter: 'service_code' }]);
    return send(reply, format, 'service_definition', presentServiceDefinition(procedure, request.locale, request.t));
  });

  fastify.get(`${OPEN311_BASE}/requests.:format`, doc('Open311 requests (applications)', 'Newest first. Filters: `service_request_id` (comma-separated, overrides the others), `service_code` (comma-separated for several), `start_date` and `end_date` (W3C date-times with a zone, at most 90 days apart; the 90 days to now by default), `status` (open, closed or both); a list parameter may also be repeated; pages: `page` (from 1) and `page_size` (1–200, 50 by default), up to the first 10,000 rows.', { 200: z.array(requestBody), ...errorResponses }), async (request, reply) => {
    const format = formatOf(request.params);
    const q = queryOf(request);
    const j = await jurisdictionOf(q.jurisdiction_id);
    const read = readRequestListQuery(q, new Date());
    if ('issues' in read) throw open311Error(read.issues);
    const { query } = read;
    if (query.serviceCodes) {
      const offered = new Set((await listProcedures(db)).filter((p) => p.jurisdiction.code === j.code).map((p) => p.code));
      if (query.serviceCodes.some((code) => !offered.has(code))) throw open311Error([{ status: 404, code: 'unknown_service_code', parameter: 'service_code' }]);
    }
    const rows = await open311Requests(db, {
      jurisdictionId: j.id,
      numbers: query.ids ? query.ids.filter((n) => NUMBER_PATTERN.test(n)) : null,
      procedureCodes: query.serviceCodes,
      from: query.start,
      to: query.end,
      statuses: query.statuses ? query.statuses.flatMap(statusesFor) : null,
      offset: (query.page - 1) * query.pageSize,
      limit: query.pageSize,
    });
    const records = [];
    for (const row of rows) records.push(presentRequest(row, await expectedClock(db, row), request.locale, request.t));
    return send(reply, format, 'service_requests', records);
  });

  fastify.get(`${OPEN311_BASE}/requests/:id.:format`, doc('Open311 request', 'One application, as a list of one request.', { 200: z.array(requestBody), ...errorResponses }), async (request, reply) => {
    const format = formatOf(request.params);
    const j = await jurisdictionOf(queryOf(request).jurisdiction_id);
    const id = (request.params as { id: string }).id;
    const found = NUMBER_PATTERN.test(id) ? await findPublicCase(db, id) : undefined;
    if (!found || found.jurisdiction.id !== j.id || found.procedure.category === PROCUREMENT_CATEGORY) throw open311Error([{ status: 404, code: 'unknown_request', parameter: 'service_request_id' }]);
    return send(reply, format, 'service_requests', [presentRequest(found, await expectedClock(db, found), request.locale, request.t)]);
  });

  // Every service is `realtime`: a request id is given at once, so a token is the request id itself.
  fastify.get(`${OPEN311_BASE}/tokens/:token.:format`, doc('Open311 request id from a token', 'Every service is realtime, so a token is the request id itself.', { 200: z.array(z.object({ service_request_id: z.string(), token: z.string() })), ...errorResponses }), async (request, reply) => {
    const format = formatOf(request.params);
    const j = await jurisdictionOf(queryOf(request).jurisdiction_id);
    const token = (request.params as { token: string }).token;
    const found = NUMBER_PATTERN.test(token) ? await findPublicCase(db, token) : undefined;
    if (!found || found.jurisdiction.id !== j.id || found.procedure.category === PROCUREMENT_CATEGORY) throw open311Error([{ status: 404, code: 'unknown_token', parameter: 'token' }]);
    return send(reply, format, 'service_requests', [{ service_request_id: found.number, token }]);
  });

  fastify.post(
    `${OPEN311_BASE}/requests.:format`,
    {
      bodyLimit: 64 * 1024,
      config: { rateLimit: { max: 600, timeWindow: '1 minute' } },
      schema: {
        ...doc(
          'Open311: file an application (API key of the procedure’s unit)',
          'Form-encoded: `api_key` (or `Authorization: Bearer`), `service_code`, `address_string` (required: a permit is filed for an address), `lat`/`long`, `address_id` (the parcel), `description` (the project’s title, at most 200 characters), `first_name`/`last_name`, `email`, `phone` (kept private), `attribute[code]` answers. It is filed through the same command as every channel and answers its receipt, the access code included.',
          { 200: z.array(z.object({ service_request_id: z.string(), service_notice: z.string(), access_code: z.string() })), ...errorResponses },
        ).schema,
        security: [{ apiKey: [] }],
      },
    },
    async (request, reply) => {
      const format = formatOf(request.params);
      const body = { ...queryOf(request), ...((request.body ?? {}) as Record<string, unknown>) };
      const key = typeof body.api_key === 'string' ? body.api_key.trim() : '';
      const system = request.system ?? (key ? await systemFromApiKey(db, `Bearer ${key}`) : undefined);
      if (system?.kind !== 'system') throw open311Error([{ status: 403, code: 'bad_api_key', parameter: 'api_key' }]);
      const j = await jurisdictionOf(typeof body.jurisdiction_id === 'string' ? body.jurisdiction_id : undefined);
      const read = readCreateRequest(body);
      if ('issues' in read) throw open311Error(read.issues);
      const { draft } = read;
      if (!(await listProcedures(db, { jurisdiction: j.code, code: draft.serviceCode })).length) {
        throw open311Error([{ status: 404, code: 'unknown_service_code', parameter: 'service_code' }]);
      }
      // Filed through the same command as every channel; with a bearer key and an Idempotency-Key header a retry gets
      // the first answer again and files nothing (ADR 0009), as on the JSON API.
      reply.type(format === 'json' ? 'application/json; charset=utf-8' : 'text/xml; charset=utf-8');
      return idempotentWrite(db, request, reply, async (tx) => {
        let receipt;
        try {
          receipt = await submitApplication(tx, {
            jurisdictionCode: j.code,
            procedureCode: draft.serviceCode,
            title: draft.title,
            location: { address: draft.address, parcelId: draft.parcelId, lat: draft.lat, lng: draft.lng },
            applicant: draft.applicant,
            fields: draft.fields,
            documents: [],
            channel: 'api',
            actor: system,
            assignment: { keys: opts.partyKeys },
          });
        } catch (error) {
          // The procedure's own checks name its fields; Open311 clients know them as attributes.
          if (error instanceof AppError && error.id === 'validation') {
            throw new AppError('validation', error.key, error.values, error.fields.map((f) => ({ ...f, field: f.field.replace(/^fields\.(.+)$/, 'attribute[$1]') })));
          }
          throw error;
        }
        const answer = [{
          service_request_id: receipt.number,
          service_notice: request.t('opendata.open311.created_notice', { url: `${config.publicUrl}/applications/${receipt.number}` }),
          access_code: receipt.accessCode,
        }];
        return { status: 200, body: format === 'json' ? JSON.stringify(answer) : open311Xml('service_requests', answer) };
      });
    },
  );
}
