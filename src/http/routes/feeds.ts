import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { findPublicCase, searchRegister, type RegisterFilters } from '../../db/repos/publicRead.js';
import { findProcedureCode, findUnit } from '../../db/repos/register.js';
import { AppError, notFound } from '../../errors.js';
import { renderAtom, type AtomEntry } from '../../feeds/atom.js';
import { pick } from '../../i18n/index.js';
import { presentApplication, presentRegisterRow } from '../../presenters/public.js';
import type { RouteOptions } from '../context.js';
import { registerFilters } from '../register.js';

/** Entries per register feed: the newest applications matching its filters. */
const FEED_SIZE = 50;

/**
 * Atom feeds built only from the public presenters: an application's events, and the newest applications of a
 * unit, a procedure or any register search (the register's own filters).
 */
export async function feedRoutes(app: FastifyInstance, opts: RouteOptions): Promise<void> {
  const { db, config } = opts;
  const base = config.publicUrl;
  const send = (reply: FastifyReply, body: string) => reply.type('application/atom+xml; charset=utf-8').header('cache-control', 'public, max-age=60').send(body);

  app.get<{ Params: { number: string } }>('/applications/:number/feed.atom', async (request, reply) => {
    const found = await findPublicCase(db, request.params.number);
    if (!found) throw notFound('error.application_not_found');
    const a = presentApplication(found);
    const t = request.t;
    const entries: AtomEntry[] = [...a.events].reverse().map((e) => {
      const stage = a.stages.find((s) => s.key === e.data.stage);
      const unit = e.data.unit as { name?: { ko: string; en: string } } | undefined;
      const title = t(`event.${e.type}`, { stage: stage ? pick(stage.name, request.locale) : t('event.whole_application'), unit: unit?.name ? pick(unit.name, request.locale) : '' });
      const note = ['note', 'reason', 'reasons', 'conditions'].map((k) => e.data[k]).filter((v): v is string => typeof v === 'string');
      return {
        id: `${base}/applications/${a.number}#event-${e.seq}`,
        title,
        updated: e.recorded_at,
        url: `${base}/applications/${a.number}#event-${e.seq}`,
        summary: [title, ...note].join('\n'),
      };
    });
    return send(
      reply,
      renderAtom({
        id: `${base}/applications/${a.number}/feed.atom`,
        title: `${a.number} ${a.title}`,
        updated: a.received_at,
        selfUrl: `${base}${request.url}`,
        alternateUrl: `${base}/applications/${a.number}`,
        lang: request.locale,
        entries,
      }),
    );
  });

  app.get<{ Querystring: Record<string, string | undefined> }>('/register/feed.atom', async (request, reply) =>
    registerFeed(request, reply, request.query, `${base}/register`),
  );
  app.get<{ Params: { code: string } }>('/units/:code/feed.atom', async (request, reply) => {
    const unit = await findUnit(db, request.params.code);
    if (!unit) throw notFound('error.not_found');
    return registerFeed(request, reply, { unit: unit.code }, `${base}/register?unit=${encodeURIComponent(unit.code)}`);
  });
  app.get<{ Params: { code: string } }>('/procedures/:code/feed.atom', async (request, reply) => {
    const code = await findProcedureCode(db, request.params.code);
    if (!code) throw notFound('error.procedure_not_found');
    return registerFeed(request, reply, { procedure: code }, `${base}/register?procedure=${encodeURIComponent(code)}`);
  });

  async function registerFeed(request: FastifyRequest, reply: FastifyReply, query: Record<string, string | undefined>, alternateUrl: string) {
    let filters: RegisterFilters;
    try {
      filters = registerFilters({ ...query, cursor: undefined }, FEED_SIZE);
    } catch {
      throw new AppError('validation', 'error.bad_filters');
    }
    const t = request.t;
    const rows = (await searchRegister(db, filters)).map(presentRegisterRow);
    const described = [query.q, query.procedure, query.unit, query.status ? t(`status.${query.status}`) : undefined, query.from, query.to].filter(Boolean).join(' · ');
    return send(
      reply,
      renderAtom({
        id: `${base}${request.url.replace(/([?&])lang=[^&]*&?/, '$1').replace(/[?&]$/, '')}`,
        title: described ? `${t('feed.register_title')}: ${described}` : t('feed.register_title'),
        updated: new Date(0).toISOString(),
        selfUrl: `${base}${request.url}`,
        alternateUrl,
        lang: request.locale,
        entries: rows.map((r) => ({
          id: `${base}/applications/${r.number}`,
          title: `${r.number} ${r.title}`,
          updated: r.closed_at ?? r.received_at,
          url: `${base}/applications/${r.number}`,
          summary: [pick(r.procedure.name, request.locale), pick(r.unit.name, request.locale), r.address, t(`status.${r.status}`)].join(' · '),
        })),
      }),
    );
  }
}
