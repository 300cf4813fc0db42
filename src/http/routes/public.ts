import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { OfficialActor } from '../../domain/actor.js';
import { submitApplication, type UploadedDocument } from '../../commands/submitApplication.js';
import { findPublicCase, listProcedures, searchRegister, type RegisterFilters } from '../../db/repos/publicRead.js';
import { STATUSES, type Status, isLocaleSafe } from '../../domain/types.js';
import { AppError, notFound, validationError } from '../../errors.js';
import { NUMBER_PATTERN } from '../../domain/time.js';
import { pick } from '../../i18n/index.js';
import { decodeCursor, encodeCursor } from '../../presenters/public.js';
import { ApplyPage } from '../../views/apply.js';
import { handOff } from '../../db/repos/handoffs.js';
import { StatisticsPage } from '../../views/statistics.js';
import { homeTimeZone } from '../../db/repos/citizens.js';
import { publicRecordCaching } from '../caching.js';
import { selectTrend, statisticsCsv } from '../../presenters/statistics.js';
import { CataloguePage, HomePage, ProcedurePage, RegisterPage, type RegisterQuery } from '../../views/public.js';
import { applicationPageWithInquiries } from './inquiries.js';
import { startSession } from '../auth.js';
import { applicationForm, formFields, formFiles, issueMessages, zodIssues } from '../forms.js';
import { checkAnswers } from '../../domain/answers.js';
import { LANG_COOKIE, type RouteOptions } from '../server.js';
import { safeLocalPath } from '../redirects.js';

const PAGE_SIZE = 25;
/** How long the receipt page can show the access code again (a reload, going back to it) in the browser that applied. */
export const RECEIPT_HANDOFF_MS = 2 * 3_600_000;

/** The public portal: catalogue, applying online, each application's timeline, the register. */
export async function publicRoutes(app: FastifyInstance, opts: RouteOptions): Promise<void> {
  const { db, config } = opts;

  app.get('/', async (request, reply) => {
    const recent = await searchRegister(db, { limit: 8 });
    return reply.page(HomePage({ ctx: opts.ctx(request, reply), recent }));
  });

  // The language choice is remembered in a cookie for a year; `back` must be a local path.
  app.get<{ Params: { locale: string }; Querystring: { back?: string } }>('/lang/:locale', async (request, reply) => {
    const { locale } = request.params;
    if (!isLocaleSafe(locale)) throw notFound();
    reply.setCookie(LANG_COOKIE, locale, { path: '/', maxAge: 365 * 86400, sameSite: 'lax', secure: config.cookieSecure });
    return reply.redirect(safeLocalPath(request.query.back, '/'), 303);
  });

  app.get('/procedures', async (request, reply) => {
    const procedures = await listProcedures(db);
    return reply.page(CataloguePage({ ctx: opts.ctx(request, reply), procedures }));
  });

  app.get<{ Params: { j: string; code: string } }>('/procedures/:j/:code', async (request, reply) => {
    const [p] = await listProcedures(db, { jurisdiction: request.params.j, code: request.params.code });
    if (!p) throw notFound('error.procedure_not_found');
    return reply.page(ProcedurePage({ ctx: opts.ctx(request, reply), p }));
  });

  app.get<{ Params: { j: string; code: string } }>('/procedures/:j/:code/apply', async (request, reply) => {
    const [p] = await listProcedures(db, { jurisdiction: request.params.j, code: request.params.code });
    if (!p) throw notFound('error.procedure_not_found');
    return reply.page(ApplyPage({ ctx: opts.ctx(request, reply), p, values: {}, errors: {}, maxBytes: config.UPLOAD_MAX_BYTES }));
  });

  app.post<{ Params: { j: string; code: string } }>(
    '/procedures/:j/:code/apply',
    { config: { rateLimit: { max: config.FORM_RATE_LIMIT, timeWindow: '1 minute' } } },
    async (request, reply) => {
      const [p] = await listProcedures(db, { jurisdiction: request.params.j, code: request.params.code });
      if (!p) throw notFound('error.procedure_not_found');
      const values = formFields(request.body);
      try {
        const receipt = await submitFromForm(db, request, values, p.jurisdiction.code, p.code, 'online');
        const created = await db.selectFrom('application').select('id').where('number', '=', receipt.number).executeTakeFirstOrThrow();
        const token = await startSession(db, reply, config, { applicationId: created.id });
        // Post/redirect/get: the receipt is a page of its own, so reloading it never files the application again.
        await handOff(db, { sessionToken: token, purpose: 'receipt', ref: receipt.number, secret: receipt.accessCode, ttlMs: RECEIPT_HANDOFF_MS });
        return reply.redirect(`/my/${receipt.number}/receipt`, 303);
      } catch (error) {
        return rerender(error, request, reply, (errors) =>
          ApplyPage({ ctx: opts.ctx(request, reply), p, values, errors, maxBytes: config.UPLOAD_MAX_BYTES }),
        );
      }
    },
  );

  app.get<{ Params: { number: string } }>('/applications/:number', async (request, reply) => {
    const found = await findPublicCase(db, request.params.number);
    if (!found) throw notFound('error.application_not_found');
    const q = request.query as { asked?: string; report?: string };
    if (!q.asked && publicRecordCaching(request, reply, ['page', found.number, found.events.length, found.jurisdiction.calendar_version])) return reply.code(304).send();
    const ctx = opts.ctx(request, reply);
    const asked = q.asked && /^\d{1,6}$/.test(q.asked) ? { no: Number(q.asked), corruption: q.report === '1' } : undefined;
    return reply.page(await applicationPageWithInquiries(db, request, ctx, found, { asked }));
  });

  app.get<{ Querystring: { period?: string; trend?: string } }>('/statistics', async (request, reply) => {
    const { stats, input, computedAt } = await opts.statistics(request.query.period);
    return reply.page(StatisticsPage({ ctx: opts.ctx(request, reply), stats, computedAt, zone: await homeTimeZone(db), trend: selectTrend(stats, input, request.query.trend) }));
  });

  app.get<{ Querystring: { period?: string } }>('/statistics.csv', async (request, reply) => {
    const { stats } = await opts.statistics(request.query.period);
    return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="daylight-statistics-${stats.period}.csv"`).send(statisticsCsv(stats));
  });

  app.get<{ Querystring: Record<string, string | undefined> }>('/register', async (request, reply) => {
    // A full application number goes straight to its page.
    const typed = request.query.q?.trim().toUpperCase();
    if (typed && NUMBER_PATTERN.test(typed) && !request.query.cursor) {
      const exists = await db.selectFrom('application').select('id').where('number', '=', typed).executeTakeFirst();
      if (exists) return reply.redirect(`/applications/${typed}`, 303);
    }
    const ctx = opts.ctx(request, reply);
    const query: RegisterQuery = {
      q: request.query.q, procedure: request.query.procedure, unit: request.query.unit,
      status: request.query.status, from: request.query.from, to: request.query.to,
    };
    let filters: RegisterFilters;
    let error: string | undefined;
    try {
      filters = registerFilters(request.query, PAGE_SIZE);
    } catch {
      error = request.t('error.bad_filters');
      filters = { limit: PAGE_SIZE };
    }
    const rows = await searchRegister(db, { ...filters, limit: PAGE_SIZE + 1 });
    const page = rows.slice(0, PAGE_SIZE);
    let nextHref: string | null = null;
    if (rows.length > PAGE_SIZE) {
      const params = new URLSearchParams(Object.entries(query).filter(([, v]) => v) as [string, string][]);
      params.set('cursor', encodeCursor(page[page.length - 1]!));
      nextHref = `/register?${params}`;
    }
    const procedures = await listProcedures(db);
    const units = await db.selectFrom('unit').select(['code', 'name_ko', 'name_en']).orderBy('code').execute();
    return reply.page(
      RegisterPage({
        ctx,
        query,
        rows: page,
        nextHref,
        error,
        procedures: uniqueBy(procedures.map((p) => ({ code: p.code, name: pick(p.name, ctx.locale) })), (p) => p.code),
        units: units.map((u) => ({ code: u.code, name: ctx.locale === 'ko' ? u.name_ko : u.name_en })),
      }),
    );
  });

}

/** Validates the shared application form and files it through the command. */
export async function submitFromForm(
db: Kysely<DB>,
request: FastifyRequest,
  values: Record<string, string>,
  jurisdictionCode: string,
  procedureCode: string,
  channel: 'online' | 'counter' | 'post',
  extra: { receivedAt?: Date; actor?: OfficialActor } = {},
) {
  const files = await formFiles(request.body);
  const documents: UploadedDocument[] = files.map((f) => ({ kind: f.field.replace(/^doc_/, ''), filename: f.filename, bytes: f.bytes }));
  const fields = Object.fromEntries(Object.entries(values).filter(([k]) => k.startsWith('field_')).map(([k, v]) => [k.slice(6), v]));
  // Report every problem in one round: the common form and the procedure's own fields and documents.
  const parsed = applicationForm.safeParse(values);
  const [procedure] = await listProcedures(db, { jurisdiction: jurisdictionCode, code: procedureCode });
  const answers = procedure ? checkAnswers(procedure, fields, documents.map((d) => d.kind), channel).issues : [];
  if (!parsed.success || answers.length) throw validationError([...(parsed.success ? [] : zodIssues(parsed.error)), ...answers]);
  const form = parsed.data;
  return submitApplication(db, {
    jurisdictionCode,
    procedureCode,
    title: form.title,
    location: { address: form.address, parcelId: form.parcel_id, lat: form.lat, lng: form.lng },
    applicant: { name: form.applicant_name, email: form.applicant_email, phone: form.applicant_phone },
    fields,
    documents,
    channel,
    // Online, the page's language is the applicant's; at a counter it is the clerk's, so it is not taken as theirs.
    ...(channel === 'online' ? { locale: request.locale } : {}),
    ...extra,
  });
}

/** Re-renders a form with its errors when the failure is the person's to fix; rethrows anything else. */
export function rerender(
  error: unknown,
  request: FastifyRequest,
  reply: FastifyReply,
  render: (errors: Record<string, string>) => import('preact').VNode,
): FastifyReply {
  if (error instanceof AppError && ['validation', 'invalid_transition', 'unsupported_media_type', 'conflict'].includes(error.id)) {
    const errors = error.fields.length
      ? issueMessages(error.fields.map((f) => ({ ...f, field: formFieldName(f.field) })), request.t)
      : { form: request.t(error.key, error.values) };
    return reply.page(render(errors), error.status);
  }
  throw error;
}

/** The form input a command's field path belongs to (`fields.area` → `field_area`, `documents.plan` → `doc_plan`). */
function formFieldName(path: string): string {
  if (path.startsWith('fields.')) return `field_${path.slice(7)}`;
  if (path.startsWith('documents.')) return `doc_${path.slice(10)}`;
  return path;
}

/** Parses the register's query string; throws on malformed dates, statuses or cursors. */
export function registerFilters(q: Record<string, string | undefined>, limit: number): RegisterFilters {
  const filters: RegisterFilters = { limit };
  if (q.q?.trim()) filters.q = q.q.trim().slice(0, 200);
  if (q.procedure) filters.procedure = q.procedure;
  if (q.unit) filters.unit = q.unit;
  if (q.jurisdiction) filters.jurisdiction = q.jurisdiction;
  if (q.status) {
    if (!(STATUSES as readonly string[]).includes(q.status)) throw new Error('status');
    filters.status = q.status as Status;
  }
  const day = (v: string) => {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(v)) throw new Error('date');
    const d = new Date(`${v}T00:00:00+09:00`);
    if (Number.isNaN(d.getTime())) throw new Error('date');
    return d;
  };
  if (q.from) filters.from = day(q.from);
  if (q.to) filters.to = new Date(day(q.to).getTime() + 86_400_000);
  if (q.cursor) {
    const after = decodeCursor(q.cursor);
    if (!after) throw new Error('cursor');
    filters.after = after;
  }
  return filters;
}

function uniqueBy<T>(items: T[], key: (t: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter((i) => (seen.has(key(i)) ? false : (seen.add(key(i)), true)));
}


/** Public statistics over a period: `90` or `365` days, or `all` (the default is the last 12 months). */
