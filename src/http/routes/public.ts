import type { FastifyInstance } from 'fastify';
import { applicationIdByNumber } from '../../db/repos/cases.js';
import { findPublicCase, listProcedures, searchRegister } from '../../db/repos/publicRead.js';
import { isLocaleSafe } from '../../domain/types.js';
import { notFound } from '../../errors.js';
import { NUMBER_PATTERN } from '../../domain/time.js';
import { StatisticsPage } from '../../views/statistics.js';
import { homeTimeZone } from '../../db/repos/citizens.js';
import { publicRecordCaching } from '../caching.js';
import { HTML, htmlDocument, mayShareRecord, sharedPublicRecord } from '../renderedRecords.js';
import { selectTrend, statisticsCsv } from '../../presenters/statistics.js';
import { CataloguePage } from '../../views/public/catalogue.js';
import { HomePage } from '../../views/public/home.js';
import { ProcedurePage } from '../../views/public/procedure.js';
import { applicationPageWithInquiries } from '../pages/inquiries.js';
import { LANG_COOKIE, type RouteOptions } from '../context.js';
import { registerPage } from '../pages/register.js';
import { safeLocalPath } from '../redirects.js';
import { sendCsv } from '../csv.js';

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

  app.get<{ Params: { number: string } }>('/applications/:number', async (request, reply) => {
    const q = request.query as { asked?: string; report?: string };
    if (mayShareRecord(request)) {
      const html = await sharedPublicRecord(db, request, reply, opts.rendered, 'page', request.params.number, async (found) => {
        // A page that carries a form token is the visitor's own and is never kept.
        let personal = false;
        const base = opts.ctx(request, reply);
        const ctx = { ...base, csrf: () => ((personal = true), base.csrf()) };
        return { bytes: htmlDocument(await applicationPageWithInquiries(db, request, ctx, found)), keep: !personal };
      });
      return html === null ? reply.code(304).send() : reply.type(HTML).send(html);
    }
    const found = await findPublicCase(db, request.params.number);
    if (!found) throw notFound('error.application_not_found');
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
    return sendCsv(reply, `daylight-statistics-${stats.period}.csv`, statisticsCsv(stats));
  });

  app.get<{ Querystring: Record<string, string | undefined> }>('/register', async (request, reply) => {
    // A full application number goes straight to its page.
    const typed = request.query.q?.trim().toUpperCase();
    if (typed && NUMBER_PATTERN.test(typed) && !request.query.cursor && (await applicationIdByNumber(db, typed)) !== undefined) {
      return reply.redirect(`/applications/${typed}`, 303);
    }
    return reply.page(await registerPage(db, opts.ctx(request, reply), request.query));
  });
}
