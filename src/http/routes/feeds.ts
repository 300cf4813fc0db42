import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { findPublicCase } from '../../db/repos/publicRead.js';
import { findProcedureCode, findUnit } from '../../db/repos/register.js';
import { notFound } from '../../errors.js';
import type { RouteOptions } from '../context.js';
import { applicationFeed, registerFeed, type FeedReader } from '../pages/feeds.js';

/**
 * Atom feeds built only from the public presenters: an application's events, and the newest applications of a
 * unit, a procedure or any register search (the register's own filters).
 */
export async function feedRoutes(app: FastifyInstance, opts: RouteOptions): Promise<void> {
  const { db, config } = opts;
  const base = config.publicUrl;
  const send = (reply: FastifyReply, body: string) => reply.type('application/atom+xml; charset=utf-8').header('cache-control', 'public, max-age=60').send(body);
  const reader = (request: FastifyRequest): FeedReader => ({ t: request.t, locale: request.locale, base, url: request.url });

  app.get<{ Params: { number: string } }>('/applications/:number/feed.atom', { config: { crossOrigin: true } }, async (request, reply) => {
    const found = await findPublicCase(db, request.params.number);
    if (!found) throw notFound('error.application_not_found');
    return send(reply, applicationFeed(found, reader(request)));
  });

  app.get<{ Querystring: Record<string, string | undefined> }>('/register/feed.atom', { config: { crossOrigin: true } }, async (request, reply) =>
    send(reply, await registerFeed(db, request.query, reader(request), `${base}/register`)),
  );

  app.get<{ Params: { code: string } }>('/units/:code/feed.atom', { config: { crossOrigin: true } }, async (request, reply) => {
    const unit = await findUnit(db, request.params.code);
    if (!unit) throw notFound('error.not_found');
    return send(reply, await registerFeed(db, { unit: unit.code }, reader(request), `${base}/register?unit=${encodeURIComponent(unit.code)}`));
  });

  app.get<{ Params: { code: string } }>('/procedures/:code/feed.atom', { config: { crossOrigin: true } }, async (request, reply) => {
    const code = await findProcedureCode(db, request.params.code);
    if (!code) throw notFound('error.procedure_not_found');
    return send(reply, await registerFeed(db, { procedure: code }, reader(request), `${base}/register?procedure=${encodeURIComponent(code)}`));
  });
}
