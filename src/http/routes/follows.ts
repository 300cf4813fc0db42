import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { changeFollow } from '../../commands/follows/changeFollow.js';
import { confirmFollow, inspectFollowConfirmation } from '../../commands/follows/confirmFollow.js';
import { createFollow, type FollowTargetInput } from '../../commands/follows/createFollow.js';
import { alertCounts, describeFollows, followIdsForEmail, type FollowTarget } from '../../db/repos/follows.js';
import { linkSecret } from '../../db/repos/outbox.js';
import { listProcedures } from '../../db/repos/publicRead.js';
import { AppError, notFound } from '../../errors.js';
import { signLink, verifyLink } from '../../mail/links.js';
import { FollowConfirmPage, FollowDonePage, FollowManagePage, FollowPage, type FollowFormValues, type ProcedureOption } from '../../views/follows.js';
import { CITIZEN_COOKIE, citizenFromSession } from '../auth.js';
import { formFields } from '../forms.js';
import type { RouteOptions } from '../context.js';

/** Fields a follow form carries; anything else is ignored. */
const FIELDS = ['kind', 'number', 'unit', 'j', 'procedure', 'lat', 'lng', 'radius', 'place', 'email', 'frequency'] as const;

/** The form's values, trimmed and cut to a sane length. */
function followValues(source: Record<string, unknown>): FollowFormValues {
  const values: FollowFormValues = {};
  for (const f of FIELDS) {
    const v = source[f];
    if (typeof v === 'string' && v.trim()) values[f] = v.trim().slice(0, 300);
  }
  return values;
}

/** A number typed in a form, or undefined when blank; NaN when it is not a number (the command then names the field). */
const numberOf = (text: string | undefined) => (text === undefined ? undefined : Number(text.replace(',', '.')));

/** What the form asks to follow; throws `not_found` for an unknown kind. */
function targetInput(v: FollowFormValues): FollowTargetInput {
  switch (v.kind) {
    case 'application':
      return { kind: 'application', number: v.number ?? '' };
    case 'unit':
      return { kind: 'unit', unit: v.unit ?? '' };
    case 'procedure':
      return { kind: 'procedure', jurisdiction: v.j ?? '', procedure: v.procedure ?? '' };
    case 'area':
    case undefined:
      return { kind: 'area', lat: numberOf(v.lat), lng: numberOf(v.lng), radiusM: numberOf(v.radius ?? '500'), place: v.place, procedure: v.procedure };
    default:
      throw notFound('error.not_found');
  }
}

/**
 * Following by e-mail: the form (for an application, a unit, a procedure or an area), the confirmation link (double
 * opt-in) and the manage link every alert carries, which works without signing in.
 */
export async function followRoutes(app: FastifyInstance, opts: RouteOptions): Promise<void> {
  const { db, config } = opts;
  const limited = { config: { rateLimit: { max: config.FORM_RATE_LIMIT, timeWindow: '1 minute' } } };
  const digest = { hour: config.DIGEST_HOUR, timeZone: config.DIGEST_TIME_ZONE };

  /** The target as the page describes it before anything is saved; throws `not_found` when it does not exist. */
  async function previewTarget(input: FollowTargetInput): Promise<FollowTarget | undefined> {
    switch (input.kind) {
      case 'application': {
        const row = await db.selectFrom('application').select(['number', 'title']).where('number', '=', input.number.trim().toUpperCase()).executeTakeFirst();
        if (!row) throw notFound('error.application_not_found');
        return { kind: 'application', application: row };
      }
      case 'unit': {
        const row = await db.selectFrom('unit').select(['code', 'name_ko', 'name_en']).where('code', '=', input.unit).executeTakeFirst();
        if (!row) throw notFound('error.not_found');
        return { kind: 'unit', unit: { code: row.code, name: { ko: row.name_ko, en: row.name_en } } };
      }
      case 'procedure': {
        const [p] = await listProcedures(db, { jurisdiction: input.jurisdiction, code: input.procedure });
        if (!p) throw notFound('error.procedure_not_found');
        return { kind: 'procedure', procedure: { code: p.code, jurisdictionCode: p.jurisdiction.code, name: p.name } };
      }
      case 'area':
        return undefined;
    }
  }

  async function procedureOptions(request: FastifyRequest): Promise<ProcedureOption[]> {
    const seen = new Map<string, string>();
    for (const p of await listProcedures(db)) if (!seen.has(p.code)) seen.set(p.code, p.name[request.locale]);
    return [...seen].map(([code, name]) => ({ code, name })).sort((a, b) => a.name.localeCompare(b.name, request.locale));
  }

  async function renderForm(request: FastifyRequest, reply: FastifyReply, values: FollowFormValues, errors: Record<string, string>, status = 200) {
    const citizen = await citizenFromSession(db, request.cookies[CITIZEN_COOKIE]);
    const target = await previewTarget(targetInput(values));
    return reply.page(
      FollowPage({
        ctx: opts.ctx(request, reply),
        target,
        values,
        errors,
        procedures: await procedureOptions(request),
        citizenEmail: citizen?.email,
        digestHour: config.DIGEST_HOUR,
        returnTo: `/follow?${new URLSearchParams(Object.entries(values).filter(([k]) => k !== 'email'))}`,
      }),
      status,
    );
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

  /** The follow a signed link names, for the purpose given; a forged, altered or unknown link is a 404. */
  async function followOf(token: string, purpose: 'follow' | 'follow_confirm') {
    const claim = verifyLink(await linkSecret(db), token, purpose);
    const [follow] = claim ? await describeFollows(db, [claim.f]) : [];
    if (!follow) throw notFound('error.link_invalid');
    return follow;
  }

  const sensitive = (reply: FastifyReply) => reply.header('cache-control', 'private, no-store').header('referrer-policy', 'no-referrer');

  app.get<{ Params: { token: string } }>('/follows/confirm/:token', async (request, reply) => {
    sensitive(reply);
    const follow = await followOf(request.params.token, 'follow_confirm');
    const state = await inspectFollowConfirmation(db, follow.id);
    return reply.page(FollowConfirmPage({ ctx: opts.ctx(request, reply), token: request.params.token, state, target: follow.target }), state === 'expired' || state === 'stopped' ? 410 : 200);
  });

  app.post<{ Params: { token: string } }>('/follows/confirm/:token', limited, async (request, reply) => {
    sensitive(reply);
    const follow = await followOf(request.params.token, 'follow_confirm');
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
    const follow = await followOf(token, 'follow');
    const secret = await linkSecret(db);
    const otherIds = (await followIdsForEmail(db, follow.email)).filter((id) => id !== follow.id);
    const others = (await describeFollows(db, otherIds)).map((f) => ({ follow: f, token: signLink(secret, { p: 'follow', f: f.id }) }));
    const counts = await alertCounts(db, [follow.id]);
    return reply.page(
      FollowManagePage({
        ctx: opts.ctx(request, reply),
        token,
        follow,
        alerts: counts.get(follow.id) ?? { total: 0, waiting: 0 },
        others,
        notice: extra.notice,
        errors: extra.errors ?? {},
        digestHour: config.DIGEST_HOUR,
        zone: config.DIGEST_TIME_ZONE,
      }),
      status,
    );
  }

  /** What the manage page says after a change (post, then redirect, so a reload changes nothing). */
  const NOTICES: Record<string, string> = { saved: 'follow.saved', stopped: 'follow.stopped_now', resumed: 'follow.resumed' };

  app.get<{ Params: { token: string }; Querystring: { done?: string } }>('/follows/:token', async (request, reply) => {
    const key = request.query.done ? NOTICES[request.query.done] : undefined;
    return renderManage(request, reply, request.params.token, { notice: key ? request.t(key) : undefined });
  });

  app.post<{ Params: { token: string } }>('/follows/:token', limited, async (request, reply) => {
    const follow = await followOf(request.params.token, 'follow');
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
      const follow = await followOf(request.params.token, 'follow');
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
