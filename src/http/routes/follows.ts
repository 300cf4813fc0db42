import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { changeFollow } from '../../commands/follows/changeFollow.js';
import { confirmFollow, inspectFollowConfirmation } from '../../commands/follows/confirmFollow.js';
import { createFollow } from '../../commands/follows/createFollow.js';
import { describeFollows } from '../../db/repos/follows.js';
import { AppError } from '../../errors.js';
import { FollowConfirmPage, FollowDonePage, type FollowFormValues } from '../../views/follows.js';
import { CITIZEN_COOKIE, citizenFromSession } from '../auth.js';
import type { RouteOptions } from '../context.js';
import { followValues, targetInput } from '../followForm.js';
import { formFields } from '../forms.js';
import { followManagePage, followOfLink, followPage } from '../pages/follows.js';

/**
 * Following by e-mail: the form (for an application, a unit, a procedure or an area), the confirmation link (double
 * opt-in) and the manage link every alert carries, which works without signing in.
 */
export async function followRoutes(app: FastifyInstance, opts: RouteOptions): Promise<void> {
  const { db, config } = opts;
  const limited = { config: { rateLimit: { max: config.FORM_RATE_LIMIT, timeWindow: '1 minute' } } };
  const digest = { hour: config.DIGEST_HOUR, timeZone: config.DIGEST_TIME_ZONE };

  async function renderForm(request: FastifyRequest, reply: FastifyReply, values: FollowFormValues, errors: Record<string, string>, status = 200) {
    const citizen = await citizenFromSession(db, request.cookies[CITIZEN_COOKIE]);
    return reply.page(await followPage(db, opts.ctx(request, reply), { values, errors, citizenEmail: citizen?.email, digestHour: config.DIGEST_HOUR }), status);
  }

  app.get<{ Querystring: Record<string, string | undefined> }>('/follow', async (request, reply) => renderForm(request, reply, followValues(request.query), {}));

  app.post('/follow', limited, async (request, reply) => {
    const values = followValues(formFields(request.body));
    const citizen = await citizenFromSession(db, request.cookies[CITIZEN_COOKIE]);
    try {
      const created = await createFollow(db, {
        email: values.email,
        citizen,
        locale: request.locale,
        frequency: values.frequency ?? '',
        target: targetInput(values),
        digest,
      });
      const [described] = await describeFollows(db, [created.id]);
      return reply.page(FollowDonePage({ ctx: opts.ctx(request, reply), state: created.state, email: described!.email, target: described!.target, devMail: config.mailFolderPage }));
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      if (error.id === 'validation') {
        const errors = Object.fromEntries(error.fields.map((f) => [f.field, request.t(f.key, f.values)]));
        return renderForm(request, reply, values, errors, 400);
      }
      if (error.id === 'rate_limited') return renderForm(request, reply, values, { email: request.t(error.key) }, 429);
      throw error;
    }
  });

  const sensitive = (reply: FastifyReply) => reply.header('cache-control', 'private, no-store').header('referrer-policy', 'no-referrer');

  app.get<{ Params: { token: string } }>('/follows/confirm/:token', async (request, reply) => {
    sensitive(reply);
    const follow = await followOfLink(db, request.params.token, 'follow_confirm');
    const state = await inspectFollowConfirmation(db, follow.id);
    return reply.page(FollowConfirmPage({ ctx: opts.ctx(request, reply), token: request.params.token, state, target: follow.target }), state === 'expired' || state === 'stopped' ? 410 : 200);
  });

  app.post<{ Params: { token: string } }>('/follows/confirm/:token', limited, async (request, reply) => {
    sensitive(reply);
    const follow = await followOfLink(db, request.params.token, 'follow_confirm');
    try {
      await confirmFollow(db, { followId: follow.id, digest });
    } catch (error) {
      if (!(error instanceof AppError) || error.id !== 'conflict') throw error;
      const state = error.key === 'error.follow_stopped' ? 'stopped' : 'expired';
      return reply.page(FollowConfirmPage({ ctx: opts.ctx(request, reply), token: request.params.token, state, target: follow.target }), 410);
    }
    return reply.page(FollowConfirmPage({ ctx: opts.ctx(request, reply), token: request.params.token, state: 'confirmed', target: follow.target, done: true }));
  });

  async function renderManage(request: FastifyRequest, reply: FastifyReply, token: string, extra: { notice?: string; errors?: Record<string, string> } = {}, status = 200) {
    sensitive(reply);
    const page = { ...extra, digestHour: config.DIGEST_HOUR, zone: config.DIGEST_TIME_ZONE };
    return reply.page(await followManagePage(db, opts.ctx(request, reply), token, page), status);
  }

  /** What the manage page says after a change (post, then redirect, so a reload changes nothing). */
  const NOTICES: Record<string, string> = { saved: 'follow.saved', stopped: 'follow.stopped_now', resumed: 'follow.resumed' };

  app.get<{ Params: { token: string }; Querystring: { done?: string } }>('/follows/:token', async (request, reply) => {
    const key = request.query.done ? NOTICES[request.query.done] : undefined;
    return renderManage(request, reply, request.params.token, { notice: key ? request.t(key) : undefined });
  });

  app.post<{ Params: { token: string } }>('/follows/:token', limited, async (request, reply) => {
    const follow = await followOfLink(db, request.params.token, 'follow');
    const values = formFields(request.body);
    try {
      await changeFollow(db, { followId: follow.id, change: { frequency: values.frequency ?? '' }, digest });
    } catch (error) {
      if (!(error instanceof AppError) || !['validation', 'conflict'].includes(error.id)) throw error;
      const errors = error.fields.length ? Object.fromEntries(error.fields.map((f) => [f.field, request.t(f.key)])) : { frequency: request.t(error.key) };
      return renderManage(request, reply, request.params.token, { errors }, error.status);
    }
    return reply.redirect(`/follows/${request.params.token}?done=saved`, 303);
  });

  for (const action of ['stop', 'resume'] as const) {
    app.post<{ Params: { token: string } }>(`/follows/:token/${action}`, limited, async (request, reply) => {
      const follow = await followOfLink(db, request.params.token, 'follow');
      try {
        await changeFollow(db, { followId: follow.id, change: action === 'stop' ? { stop: true } : { resume: true }, digest });
      } catch (error) {
        if (!(error instanceof AppError) || error.id !== 'conflict') throw error;
        return renderManage(request, reply, request.params.token, { errors: { frequency: request.t(error.key) } }, error.status);
      }
      return reply.redirect(`/follows/${request.params.token}?done=${action === 'stop' ? 'stopped' : 'resumed'}`, 303);
    });
  }
}
