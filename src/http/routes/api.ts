import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { recordAct } from '../../commands/recordAct.js';
import { submitApplication } from '../../commands/submitApplication.js';
import { clockOfPublicCase } from '../../db/repos/clocks.js';
import { applicationZone, findPublicCase, listProcedures, searchRegister } from '../../db/repos/publicRead.js';
import { NUMBER_PATTERN, parseTimestamp, toRfc3339 } from '../../domain/time.js';
import { publicInquiries } from '../../db/repos/inquiries.js';
import { PERIOD_UNITS, STATUSES } from '../../domain/types.js';
import { AppError, notFound } from '../../errors.js';
import { encodeCursor, presentApplication, presentEvent, presentProcedure, presentRegisterRow } from '../../presenters/public.js';
import { ApiDocsPage } from '../../views/apiDocs.js';
import type { RouteOptions } from '../context.js';
import { actSchema, toAct } from '../acts.js';
import { apiActor, apiWriterGuard } from '../apiActor.js';
import { registerFiltersOrRefuse } from '../register.js';
import { publicRecordCaching } from '../caching.js';
import { JSON_TYPE, mayShareRecord, sharedPublicRecord } from '../renderedRecords.js';
import { idempotentWrite } from '../idempotency.js';

const localized = z.object({ ko: z.string(), en: z.string() });
// Every member a stored actor can have must be listed here: the response schema drops unknown members, and the
// API must serve an event exactly as the transparency log hashes it (the log verifier compares the two).
const actor = z
  .object({
    kind: z.enum(['official', 'system', 'applicant']),
    name: localized.optional(),
    title: localized.optional(),
    unit: z.object({ code: z.string(), name: localized }).optional(),
  })
  .nullable();
const publicEvent = z.object({
  application: z.string(),
  seq: z.number().int(),
  type: z.string(),
  occurred_at: z.string(),
  recorded_at: z.string(),
  actor,
  data: z.record(z.string(), z.unknown()),
  log: z.object({ index: z.number().int() }).nullable().describe('Where the event sits in the transparency log; null for the moment (normally under a second) between the act being recorded and the log integrator giving it its index'),
});
const errorBody = z.object({
  error: z.object({
    id: z.string(),
    message: z.string(),
    fields: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
  }),
});
const registerEntry = z.object({
  number: z.string(),
  title: z.string(),
  address: z.string(),
  status: z.string(),
  received_at: z.string(),
  closed_at: z.string().nullable(),
  procedure: z.object({ code: z.string(), name: localized }),
  unit: z.object({ code: z.string(), name: localized }),
});
const procedureBody = z.object({
  code: z.string(),
  version: z.number().int(),
  jurisdiction: z.object({ code: z.string(), name: localized }),
  name: localized,
  category: z.string(),
  purpose: localized,
  legal_basis: localized,
  fee_krw: z.number(),
  statutory_days: z.number().int(),
  unit: z.object({ code: z.string(), name: localized }),
  documents: z.array(z.object({ key: z.string(), name: localized, required: z.boolean() })),
  fields: z.array(z.object({ key: z.string(), label: localized, type: z.string(), required: z.boolean(), public: z.boolean() })),
  stages: z.array(z.object({ key: z.string(), name: localized, unit: z.string().nullable(), expected_days: z.number(), period_unit: z.enum(PERIOD_UNITS).optional(), parallel: z.boolean() })),
});
const clockState = z.enum(['on_time', 'due_soon', 'overdue', 'long_overdue']).nullable();
const periodClock = z.object({
  stage: z.string().nullable(),
  status: z.enum(['pending', 'running', 'paused', 'finished', 'withdrawn', 'skipped']),
  period: z.object({ amount: z.number(), unit: z.string(), counted_in: z.string() }).nullable(),
  started_at: z.string().nullable(),
  expected_start_at: z.string().nullable().describe('When the stage was or is expected to start'),
  finished_at: z.string().nullable(),
  due_at: z.string().nullable(),
  due_date: z.string().nullable(),
  due_provisional: z.boolean(),
  state: clockState.describe('on_time, due_soon, overdue or long_overdue while the clock runs'),
  finished_on_time: z.boolean().nullable(),
  elapsed_working_minutes: z.number(),
  paused_working_minutes: z.number(),
  late_working_minutes: z.number(),
  paused_intervals: z.array(z.object({ from: z.string(), to: z.string().nullable() })),
  delay_reasons: z.array(z.object({ seq: z.number().int(), at: z.string(), reason: z.string(), category: z.string().describe('A delay category, or `not_stated` for one recorded before categories') })),
  explanation: z.array(z.looseObject({ step: z.string() })).describe('The due date’s calculation, step by step'),
});
const clockBody = z
  .object({
    computed_at: z.string(),
    time_zone: z.string(),
    rule: z.string(),
    application: periodClock,
    stages: z.array(periodClock),
    next_stage: z.object({ stage: z.string(), expected_start_at: z.string() }).nullable(),
    transfers: z.array(z.object({ seq: z.number().int(), at: z.string(), from_unit: z.string(), to_unit: z.string(), reason: z.string() })),
    transfer_count: z.number().int(),
  })
  .nullable();
const applicationBody = z.object({
  number: z.string(),
  jurisdiction: z.object({ id: z.string(), code: z.string(), name: localized }),
  procedure: z.object({ code: z.string(), version: z.number().int(), name: localized, category: z.string(), statutory_days: z.number().int() }),
  unit: z.object({ code: z.string(), name: localized }),
  title: z.string(),
  location: z.object({ address: z.string(), parcel_id: z.string().nullable(), lat: z.number().nullable(), lng: z.number().nullable() }),
  channel: z.string(),
  status: z.string(),
  received_at: z.string(),
  closed_at: z.string().nullable(),
  details: z.array(z.object({ key: z.string(), label: localized, value: z.string() })),
  stages: z.array(
    z.object({
      key: z.string(), name: localized, unit: z.string().nullable(), expected_days: z.number(), period_unit: z.enum(PERIOD_UNITS).optional(), parallel: z.boolean(),
      status: z.string(), started_at: z.string().nullable(), completed_at: z.string().nullable(), actor,
    }),
  ),
  clock: clockBody.describe('Deadlines computed on read from the events and the calendar; not part of the log'),
  plan: z
    .object({
      starts: z.array(
        z.object({
          stage: z.string(),
          kind: z.enum(['expected', 'late', 'waiting']).describe('expected: still ahead; late: its turn came and it was not started; waiting: an earlier stage is late'),
          at: z.string().describe('When the stage was or is expected to start'),
          waiting_for: z.array(z.string()).describe('The late earlier stages it waits for (kind waiting)'),
        }),
      ),
      beyond_due: z.array(z.object({ stage: z.string(), due_at: z.string() })).describe('Open stages planned to end after the application’s statutory due date'),
    })
    .nullable()
    .describe('How the stages stand against their plan; computed on read like the clock'),
  events: z.array(publicEvent),
});
const numberParam = z.object({ number: z.string().regex(NUMBER_PATTERN) });

const createBody = z.object({
  jurisdiction: z.string().min(2).max(4),
  procedure: z.string().min(1).max(80),
  title: z.string().trim().min(1).max(200),
  location: z.object({
    address: z.string().trim().min(1).max(300),
    parcel_id: z.string().trim().max(60).optional(),
    lat: z.number().min(-90).max(90).optional(),
    lng: z.number().min(-180).max(180).optional(),
  }),
  applicant: z.object({
    name: z.string().trim().min(1).max(100),
    email: z.email().max(200).optional(),
    phone: z.string().regex(/^[+0-9 ()-]{6,40}$/).optional(),
  }),
  fields: z.record(z.string(), z.string().max(2000)).default({}),
  channel: z.enum(['api', 'counter', 'post']).default('api'),
  received_at: z.string().optional().describe('RFC 3339 with offset; when the application was really received'),
  acting_official: z.string().optional().describe('Login of the official of the key’s unit who performed the act'),
  documents: z
    .array(z.object({ kind: z.string().min(1).max(60), filename: z.string().min(1).max(200), content_base64: z.string().min(1) }))
    .max(10)
    .default([]),
});

/** A time sent as RFC 3339 with its offset, or undefined when absent; a validation error naming `field` otherwise. */
function rfc3339Field(text: string | undefined, field: string): Date | undefined {
  if (!text) return undefined;
  const at = parseTimestamp(text, 'UTC');
  if (!at || !/[zZ]|[+-]\d{2}:\d{2}$/.test(text)) throw new AppError('validation', 'error.validation', {}, [{ field, key: 'error.rfc3339' }]);
  return at;
}

/** The stable public JSON API (`/api/v1`), its OpenAPI description and docs page, and the office write endpoints. */
export async function apiRoutes(fastify: FastifyInstance, opts: RouteOptions): Promise<void> {
  const { db, config } = opts;
  const app = fastify.withTypeProvider<ZodTypeProvider>();

  app.get('/api/openapi.json', { schema: { hide: true } }, async () => fastify.swagger());
  app.get('/api/docs', { schema: { hide: true } }, async (request, reply) =>
    reply.page(ApiDocsPage({ ctx: opts.ctx(request, reply), spec: fastify.swagger() as never })),
  );

  app.get(
    '/api/v1/procedures',
    { schema: { summary: 'The procedure catalogue (current versions)', tags: ['public'], response: { 200: z.object({ procedures: z.array(procedureBody) }) } } },
    async () => ({ procedures: (await listProcedures(db)).map(presentProcedure) }),
  );

  app.get(
    '/api/v1/statistics',
    {
      schema: {
        summary: 'Performance statistics per jurisdiction, department and procedure (withheld below a minimum sample)',
        tags: ['public'],
        querystring: z.object({ period: z.enum(['90', '365', 'all']).default('365') }),
      },
    },
    async (request) => (await opts.statistics(request.query.period)).stats,
  );

  app.get(
    '/api/v1/applications',
    {
      schema: {
        summary: 'Search the public register (newest first, keyset pagination)',
        tags: ['public'],
        querystring: z.object({
          q: z.string().max(200).optional().describe('Text in the number, title, address or parcel'),
          jurisdiction: z.string().optional(),
          procedure: z.string().optional(),
          unit: z.string().optional(),
          status: z.enum(STATUSES).optional(),
          from: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional().describe('Received on or after this date'),
          to: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional().describe('Received on or before this date'),
          cursor: z.string().optional().describe('next_cursor of the previous page'),
          limit: z.coerce.number().int().min(1).max(200).default(50),
        }),
        response: { 200: z.object({ applications: z.array(registerEntry), next_cursor: z.string().nullable() }), 400: errorBody },
      },
    },
    async (request) => {
      const { limit, ...rest } = request.query;
      const filters = registerFiltersOrRefuse(rest, limit + 1);
      const rows = await searchRegister(db, filters);
      const page = rows.slice(0, request.query.limit);
      return {
        applications: page.map(presentRegisterRow),
        next_cursor: rows.length > request.query.limit ? encodeCursor(page[page.length - 1]!) : null,
      };
    },
  );

  app.get(
    '/api/v1/applications/:number',
    {
      schema: {
        summary: 'One application’s public record with every event in order',
        tags: ['public'],
        description: 'Anonymous requests get a weak ETag and `Cache-Control: public, max-age=60`; send `If-None-Match` to get 304 when nothing changed.',
        params: numberParam,
        response: { 200: applicationBody, 304: z.null().describe('Not modified: the copy named by If-None-Match is current'), 404: errorBody },
      },
    },
    async (request, reply) => {
      if (mayShareRecord(request)) {
        const json = await sharedPublicRecord(db, request, reply, opts.rendered, 'api', request.params.number, async (found) => ({
          bytes: String(reply.serialize(presentApplication(found, await clockOfPublicCase(db, found)))),
          keep: true,
        }));
        // A Buffer is sent as it is: the bytes the serializer produced when the copy was made.
        return json === null ? reply.code(304).send(null) : reply.type(JSON_TYPE).send(json as never);
      }
      const found = await findPublicCase(db, request.params.number);
      if (!found) throw notFound('error.application_not_found');
      if (publicRecordCaching(request, reply, ['api', found.number, found.events.length, found.jurisdiction.calendar_version])) return reply.code(304).send(null);
      return presentApplication(found, await clockOfPublicCase(db, found));
    },
  );

  app.get(
    '/api/v1/applications/:number/inquiries',
    {
      schema: {
        summary: 'Public questions and answers on an application, with the salts that let anyone check them against the log',
        description:
          'For a public text, SHA-256 of `salt + "\\n" + text` (hex) equals `text_sha256` in the matching inquiry_opened, inquiry_answered or inquiry_redacted event. Private texts and redacted originals are never served.',
        tags: ['public'],
        params: numberParam,
        response: {
          200: z.object({
            inquiries: z.array(
              z.object({
                no: z.number().int(),
                kind: z.string(),
                private: z.boolean(),
                question: z.string().nullable(),
                question_salt: z.string().nullable(),
                opened_at: z.string(),
                due_at: z.string(),
                answer: z.string().nullable(),
                answer_salt: z.string().nullable(),
                answered_at: z.string().nullable(),
                question_redaction_reason: z.string().nullable(),
                answer_redaction_reason: z.string().nullable(),
              }),
            ),
          }),
          404: errorBody,
        },
      },
    },
    async (request) => {
      const found = await applicationZone(db, request.params.number);
      if (!found) throw notFound('error.application_not_found');
      const rows = await publicInquiries(db, found.id);
      const at = (d: Date | null) => (d ? toRfc3339(d, found.time_zone) : null);
      return {
        inquiries: rows.map((r) => ({
          no: r.no, kind: r.kind, private: r.private, question: r.question, question_salt: r.question_salt,
          opened_at: at(r.opened_at)!, due_at: at(r.due_at)!, answer: r.answer, answer_salt: r.answer_salt, answered_at: at(r.answered_at),
          question_redaction_reason: r.question_redaction_reason, answer_redaction_reason: r.answer_redaction_reason,
        })),
      };
    },
  );

  app.post(
    '/api/v1/applications',
    {
      preValidation: apiWriterGuard,
      bodyLimit: config.UPLOAD_MAX_BYTES * config.UPLOAD_MAX_FILES * 1.4,
      config: { rateLimit: { max: 600, timeWindow: '1 minute' } },
      schema: {
        summary: 'Register an application (API key scoped to the procedure’s unit, or an office session)',
        description: 'The access code appears in this answer only (and in its replays, see below). Send an `Idempotency-Key` header (1–255 visible ASCII characters, new for each new request) to retry safely: a retry with the same key and request gets the first answer again with `Idempotent-Replayed: true` and records nothing; the same key with another request gets 422. Keys are kept for 24 hours.',
        tags: ['office'],
        security: [{ apiKey: [] }],
        body: createBody,
        response: {
          201: z.object({ number: z.string(), access_code: z.string(), received_at: z.string(), url: z.string() }),
          400: errorBody, 401: errorBody, 403: errorBody, 404: errorBody, 422: errorBody,
        },
      },
    },
    async (request, reply) => {
      const body = request.body;
      const actor = await apiActor(db, request, body.acting_official);
      const receivedAt = rfc3339Field(body.received_at, 'received_at');
      return idempotentWrite(db, request, reply, async (tx) => {
      const receipt = await submitApplication(tx, {
        jurisdictionCode: body.jurisdiction,
        procedureCode: body.procedure,
        title: body.title,
        location: { address: body.location.address, parcelId: body.location.parcel_id, lat: body.location.lat, lng: body.location.lng },
        applicant: body.applicant,
        fields: body.fields,
        documents: body.documents.map((d) => ({ kind: d.kind, filename: d.filename, bytes: Buffer.from(d.content_base64, 'base64') })),
        channel: body.channel,
        receivedAt,
        actor,
        assignment: { keys: opts.partyKeys },
      });
      return {
        status: 201,
        body: { number: receipt.number, access_code: receipt.accessCode, received_at: receipt.receivedAt.toISOString(), url: `${config.publicUrl}/applications/${receipt.number}` },
      };
      });
    },
  );

  app.post(
    '/api/v1/applications/:number/events',
    {
      preValidation: apiWriterGuard,
      config: { rateLimit: { max: 6000, timeWindow: '1 minute' } },
      schema: {
        summary: 'Record a stage event (API key scoped to a unit working the case, or an office session)',
        description: 'The answer carries the event exactly as the public record serves it. Send an `Idempotency-Key` header (1–255 visible ASCII characters, new for each new request) to retry safely: a retry with the same key and request gets the first answer again with `Idempotent-Replayed: true` and records nothing; the same key with another request gets 422. Keys are kept for 24 hours.',
        tags: ['office'],
        security: [{ apiKey: [] }],
        params: numberParam,
        body: z.intersection(
          actSchema,
          z.object({
            occurred_at: z.string().optional().describe('RFC 3339 with offset; when the act really happened'),
            internal_note: z.string().max(4000).optional(),
            acting_official: z.string().optional(),
          }),
        ),
        response: { 201: z.object({ number: z.string(), seq: z.number().int(), type: z.string(), event: publicEvent }), 400: errorBody, 401: errorBody, 403: errorBody, 404: errorBody, 409: errorBody, 422: errorBody },
      },
    },
    async (request, reply) => {
      const body = request.body;
      const actor = await apiActor(db, request, body.acting_official);
      const occurredAt = rfc3339Field(body.occurred_at, 'occurred_at');
      return idempotentWrite(db, request, reply, async (tx) => {
        const recorded = await recordAct(tx, { number: request.params.number, act: toAct(body), occurredAt, internalNote: body.internal_note, actor, assignment: { keys: opts.partyKeys } });
        // The answer is built from the row the insert returned, in the same transaction: a write that committed can
        // never answer an error (which a client would retry) because a read after it failed.
        return { status: 201, body: { number: recorded.number, seq: recorded.seq, type: recorded.type, event: presentEvent(recorded.number, recorded.row, recorded.timeZone) } };
      });
    },
  );
}
