import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { confirmSignInLink, inspectSignInLink } from '../../commands/citizen/confirmSignInLink.js';
import { linkApplication } from '../../commands/citizen/linkApplication.js';
import { requestSignInLink } from '../../commands/citizen/requestSignInLink.js';
import { AppError } from '../../errors.js';
import { SignInConfirmPage, SignInPage } from '../../views/citizen.js';
import { CITIZEN_COOKIE, citizenFromSession, endSession, startSession, type CitizenSession } from '../auth.js';
import { formFields, rerender } from '../forms.js';
import type { RouteOptions } from '../context.js';
import { mePage } from '../pages/citizen.js';
import { safeLocalPath } from '../redirects.js';

/** Citizens' side: sign in by e-mail link, "my applications" with their notifications, linking a counter-filed case. */
export async function citizenRoutes(app: FastifyInstance, opts: RouteOptions): Promise<void> {
  const { db, config } = opts;
  const limited = { config: { rateLimit: { max: config.FORM_RATE_LIMIT, timeWindow: '1 minute' } } };

  // Where to go after signing in (e.g. back to a follow form), kept in a short-lived cookie between the form and the
  // link, in the browser that asked. Only a path on this site is accepted.
  const NEXT_COOKIE = 'dl_next';
  const safeNext = (value: unknown) => (typeof value === 'string' && value.length <= 500 && safeLocalPath(value, '') === value ? value : undefined);

  app.get<{ Querystring: { next?: string } }>('/signin', async (request, reply) => {
    const next = safeNext(request.query.next);
    if (next) reply.setCookie(NEXT_COOKIE, next, { path: '/', httpOnly: true, sameSite: 'lax', secure: config.cookieSecure, maxAge: 30 * 60 });
    return reply.page(SignInPage({ ctx: opts.ctx(request, reply), values: {}, errors: {} }));
  });

  // Per network address by the rate limiter, per e-mail address by the command (which then writes nothing).
  app.post('/signin', limited, async (request, reply) => {
    const values = formFields(request.body);
    const email = (values.email ?? '').trim().slice(0, 300);
    try {
      await requestSignInLink(db, { email, locale: request.locale });
    } catch (error) {
      if (error instanceof AppError && error.id === 'rate_limited') {
        return reply.page(SignInPage({ ctx: opts.ctx(request, reply), values: { email }, errors: { email: request.t(error.key) } }), 429);
      }
      return rerender(error, request, reply, (errors) => SignInPage({ ctx: opts.ctx(request, reply), values: { email }, errors }));
    }
    return reply.page(SignInPage({ ctx: opts.ctx(request, reply), values: { email }, errors: {}, sent: true, devMail: config.mailFolderPage }));
  });

  app.get<{ Params: { token: string } }>('/signin/:token', async (request, reply) => {
    reply.header('cache-control', 'no-store').header('referrer-policy', 'no-referrer');
    const state = await inspectSignInLink(db, request.params.token);
    return reply.page(SignInConfirmPage({ ctx: opts.ctx(request, reply), token: request.params.token, state }), state === 'valid' ? 200 : state === 'unknown' ? 404 : 410);
  });

  app.post<{ Params: { token: string } }>('/signin/:token', limited, async (request, reply) => {
    try {
      const { citizenId } = await confirmSignInLink(db, request.params.token);
      await startSession(db, reply, config, { citizenId });
      const next = safeNext(request.cookies[NEXT_COOKIE]);
      if (next) reply.clearCookie(NEXT_COOKIE, { path: '/' });
      return reply.redirect(next ?? '/me', 303);
    } catch (error) {
      if (!(error instanceof AppError) || !['conflict', 'not_found'].includes(error.id)) throw error;
      const state = error.key === 'error.sign_in_link_used' ? 'used' : error.key === 'error.sign_in_link_expired' ? 'expired' : 'unknown';
      return reply.page(SignInConfirmPage({ ctx: opts.ctx(request, reply), token: request.params.token, state }), state === 'unknown' ? 404 : 410);
    }
  });

  /** The signed-in citizen, or undefined (the page then sends them to sign in). */
  const citizen = (request: FastifyRequest) => citizenFromSession(db, request.cookies[CITIZEN_COOKIE]);

  async function renderMe(request: FastifyRequest, reply: FastifyReply, who: CitizenSession, extra: { values?: Record<string, string>; errors?: Record<string, string>; notice?: string } = {}, status = 200) {
    reply.header('cache-control', 'private, no-store');
    return reply.page(await mePage(db, opts.ctx(request, reply), who, extra), status);
  }

  app.get<{ Querystring: { linked?: string } }>('/me', async (request, reply) => {
    const who = await citizen(request);
    if (!who) return reply.redirect('/signin', 303);
    return renderMe(request, reply, who, { notice: request.query.linked ? request.t('me.linked', { number: request.query.linked }) : undefined });
  });

  app.post('/me/link', limited, async (request, reply) => {
    const who = await citizen(request);
    if (!who) throw new AppError('unauthenticated', 'error.citizen_sign_in');
    const values = formFields(request.body);
    try {
      const number = await linkApplication(db, { citizenId: who.id, number: values.number ?? '', code: values.code ?? '' });
      return reply.redirect(`/me?linked=${encodeURIComponent(number)}`, 303);
    } catch (error) {
      if (!(error instanceof AppError) || error.id !== 'validation') throw error;
      const errors = Object.fromEntries(error.fields.map((f) => [f.field, request.t(f.key)]));
      return renderMe(request, reply, who, { values: { number: values.number ?? '' }, errors }, 400);
    }
  });

  app.post('/me/signout', async (request, reply) => {
    await endSession(db, request, reply, CITIZEN_COOKIE);
    return reply.redirect('/', 303);
  });
}
