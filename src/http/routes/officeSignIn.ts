import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { changePassword } from '../../commands/officeAuth/changePassword.js';
import { confirmEnrolment } from '../../commands/officeAuth/enrolSecondFactor.js';
import type { SignInKeys } from '../../commands/officeAuth/keys.js';
import { regenerateRecoveryCodes } from '../../commands/officeAuth/recoveryCodes.js';
import { endAllSessionsOf, endOtherSessions, endOwnSession, forgetEndedSessions, listOfficeSessions, openOfficeSession, resetSecondFactor } from '../../commands/officeAuth/sessions.js';
import { signInWithPassword } from '../../commands/officeAuth/signInWithPassword.js';
import { clearSourceFailures, normaliseLogin, recordSignInFailure, refuseIfThrottled, throttleRules, type SignInSource } from '../../commands/officeAuth/throttle.js';
import { verifySecondFactor } from '../../commands/officeAuth/verifySecondFactor.js';
import { describeDevice } from '../../domain/device.js';
import { hasSecondFactor, jurisdictionTimeZone, managedOfficial } from '../../db/repos/administration.js';
import { AppError, notFound } from '../../errors.js';
import { mayAdminister } from '../../policies/index.js';
import { AdminSignInPage, EnrolPage, LoginPage, PasswordPage, RecoveryCodesPage, SecondFactorPage, SessionsPage } from '../../views/officeSignIn.js';
import { OFFICE_COOKIE, endSession, setSessionCookie } from '../auth.js';
import { formFields, rerender } from '../forms.js';
import { safeLocalPath } from '../redirects.js';
import { officeGuard, officialOf } from '../guards.js';
import { accountPage, enrolmentView } from '../pages/officeAccount.js';
import { idOrNotFound } from '../params.js';
import type { RouteOptions } from '../context.js';

export interface SignInRouteOptions extends RouteOptions {
  keys: SignInKeys;
  /** The time second-factor codes are checked against. */
  clock: () => Date;
}

/** The cookie that marks a browser as having signed in to a login before: it is spared the login's slowdown (ADR 0008). */
const BROWSER_COOKIE = 'dl_browser';

/**
 * Signing officials in and keeping their sign-in safe: password, second factor (TOTP or a recovery code),
 * enrolment, sign-out; their own account security (recovery codes, password, sessions); administrators' resets.
 * Every page here is `private, no-store`.
 */
export async function officeSignInRoutes(app: FastifyInstance, opts: SignInRouteOptions): Promise<void> {
  const { db, config, keys } = opts;
  const rules = throttleRules(config);
  const formLimit = { config: { rateLimit: { max: config.FORM_RATE_LIMIT, timeWindow: '1 minute' } } };

  app.addHook('onRequest', async (_request, reply) => {
    reply.header('cache-control', 'private, no-store');
  });

  const sourceOf = (request: FastifyRequest, typedLogin: string): SignInSource => {
    const login = normaliseLogin(typedLogin);
    return { login, address: request.ip, trustedBrowser: keys.isBrowserMark(login, request.cookies[BROWSER_COOKIE]) };
  };
  const nextOf = (value: unknown) => safeLocalPath(value, '/office');
  const withNext = (path: string, next: string) => (next === '/office' ? path : `${path}?next=${encodeURIComponent(next)}`);
  const device = (request: FastifyRequest) => describeDevice(request.headers['user-agent']);

  /** Opens the full session (replacing the pending one), marks the browser, and forgets this source's failures. */
  async function finishSignIn(request: FastifyRequest, reply: FastifyReply, officialId: number, login: string): Promise<void> {
    await endSession(db, request, reply, OFFICE_COOKIE);
    const { token, maxAgeS } = await openOfficeSession(db, { officialId, pending: null, device: device(request), hours: config.SESSION_HOURS });
    setSessionCookie(reply, config, OFFICE_COOKIE, token, maxAgeS);
    reply.setCookie(BROWSER_COOKIE, keys.browserMark(login), { path: '/office', httpOnly: true, sameSite: 'lax', secure: config.cookieSecure, maxAge: 365 * 86_400 });
    await clearSourceFailures(db, keys, sourceOf(request, login));
    await forgetEndedSessions(db);
  }

  const signedIn = { preHandler: officeGuard() };
  const administrators = { preHandler: officeGuard(mayAdminister) };

  /** Where a pending sign-in goes on: the code or the enrolment page. */
  const pendingPage = (step: 'second_factor' | 'enrolment') => (step === 'enrolment' ? '/office/sign-in/enrol' : '/office/sign-in/code');

  app.get<{ Querystring: { next?: string } }>('/office/login', async (request, reply) => {
    const next = nextOf(request.query.next);
    if (request.pendingSignIn) return reply.redirect(withNext(pendingPage(request.pendingSignIn.step), next), 303);
    return reply.page(LoginPage({ ctx: opts.ctx(request, reply), next: request.query.next ? next : undefined }));
  });

  app.post('/office/login', formLimit, async (request, reply) => {
    const values = formFields(request.body);
    const next = nextOf(values.next);
    try {
      const source = sourceOf(request, values.login ?? '');
      const accepted = await signInWithPassword(db, { source, password: values.password ?? '', keys, rules, mode: config.SECOND_FACTOR });
      if (!accepted.pending) {
        await finishSignIn(request, reply, accepted.officialId, source.login);
        return reply.redirect(next, 303);
      }
      await endSession(db, request, reply, OFFICE_COOKIE);
      const { token, maxAgeS } = await openOfficeSession(db, { officialId: accepted.officialId, pending: accepted.pending, device: device(request), hours: config.SESSION_HOURS });
      setSessionCookie(reply, config, OFFICE_COOKIE, token, maxAgeS);
      return reply.redirect(withNext(pendingPage(accepted.pending), next), 303);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      return reply.page(
        LoginPage({ ctx: opts.ctx(request, reply), login: values.login, error: request.t(error.key, error.values), next: values.next ? next : undefined }),
        error.status,
      );
    }
  });

  app.get<{ Querystring: { next?: string } }>('/office/sign-in/code', async (request, reply) => {
    const next = nextOf(request.query.next);
    const pending = request.pendingSignIn;
    if (pending?.step !== 'second_factor') return reply.redirect(withNext('/office/login', next), 303);
    return reply.page(SecondFactorPage({ ctx: opts.ctx(request, reply), next }));
  });

  app.post('/office/sign-in/code', formLimit, async (request, reply) => {
    const values = formFields(request.body);
    const next = nextOf(values.next);
    const pending = request.pendingSignIn;
    if (pending?.step !== 'second_factor') return reply.redirect(withNext('/office/login', next), 303);
    try {
      await verifySecondFactor(db, { officialId: pending.officialId, typed: values.code ?? '', source: sourceOf(request, pending.login), keys, rules, codeTime: opts.clock() });
      await finishSignIn(request, reply, pending.officialId, pending.login);
      return reply.redirect(next, 303);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      return reply.page(SecondFactorPage({ ctx: opts.ctx(request, reply), next, error: request.t(error.key, error.values) }), error.status);
    }
  });

  /** The enrolment page's view for a session and login, posting to `action`. */
  const enrolment = (sessionId: string, login: string, action: string, required: boolean) =>
    enrolmentView(db, keys, { sessionId, login, issuer: `Daylight ${new URL(config.publicUrl).host}`, action, required });

  app.get<{ Querystring: { next?: string } }>('/office/sign-in/enrol', async (request, reply) => {
    const next = nextOf(request.query.next);
    const pending = request.pendingSignIn;
    if (pending?.step !== 'enrolment') return reply.redirect(withNext('/office/login', next), 303);
    const view = await enrolment(pending.sessionId, pending.login, '/office/sign-in/enrol', true);
    return reply.page(EnrolPage({ ctx: opts.ctx(request, reply), view, next, errors: {} }));
  });

  app.post('/office/sign-in/enrol', formLimit, async (request, reply) => {
    const values = formFields(request.body);
    const next = nextOf(values.next);
    const pending = request.pendingSignIn;
    if (pending?.step !== 'enrolment') return reply.redirect(withNext('/office/login', next), 303);
    try {
      const codes = await confirmEnrolment(db, keys, { sessionId: pending.sessionId, officialId: pending.officialId, code: values.code ?? '', now: opts.clock() });
      await finishSignIn(request, reply, pending.officialId, pending.login);
      return reply.page(RecoveryCodesPage({ ctx: opts.ctx(request, reply), codes, next }));
    } catch (error) {
      const view = await enrolment(pending.sessionId, pending.login, '/office/sign-in/enrol', true);
      return rerender(error, request, reply, (errors) => EnrolPage({ ctx: opts.ctx(request, reply), view, next, errors }));
    }
  });

  app.post('/office/logout', async (request, reply) => {
    await endSession(db, request, reply, OFFICE_COOKIE);
    return reply.redirect('/office/login', 303);
  });

  const ACCOUNT_NOTICES: Record<string, string> = { password: 'password.changed', enrolled: 'account.enrolled' };

  app.get<{ Querystring: { done?: string } }>('/office/account', signedIn, async (request, reply) => {
    const official = officialOf(request);
    const notice = ACCOUNT_NOTICES[request.query.done ?? ''];
    return reply.page(await accountPage(db, opts.ctx(request, reply), official, { mode: config.SECOND_FACTOR, notice: notice ? request.t(notice) : undefined }));
  });

  app.get('/office/account/second-factor', signedIn, async (request, reply) => {
    const official = officialOf(request);
    if (await hasSecondFactor(db, official.id)) return reply.redirect('/office/account', 303);
    const view = await enrolment(request.officeSessionId!, official.login, '/office/account/second-factor', false);
    return reply.page(EnrolPage({ ctx: opts.ctx(request, reply), view, errors: {} }));
  });

  app.post('/office/account/second-factor', { ...formLimit, ...signedIn }, async (request, reply) => {
    const official = officialOf(request);
    const values = formFields(request.body);
    if (await hasSecondFactor(db, official.id)) return reply.redirect('/office/account', 303);
    try {
      const codes = await confirmEnrolment(db, keys, { sessionId: request.officeSessionId!, officialId: official.id, code: values.code ?? '', now: opts.clock() });
      return reply.page(RecoveryCodesPage({ ctx: opts.ctx(request, reply), codes, next: '/office/account?done=enrolled' }));
    } catch (error) {
      const view = await enrolment(request.officeSessionId!, official.login, '/office/account/second-factor', false);
      return rerender(error, request, reply, (errors) => EnrolPage({ ctx: opts.ctx(request, reply), view, errors }));
    }
  });

  app.post('/office/account/recovery-codes', { ...formLimit, ...signedIn }, async (request, reply) => {
    const official = officialOf(request);
    const values = formFields(request.body);
    // A session left open must not become a way to guess codes: failures here count like failed sign-ins.
    const source = sourceOf(request, official.login);
    try {
      await refuseIfThrottled(db, keys, source, new Date());
      const codes = await regenerateRecoveryCodes(db, keys, { officialId: official.id, code: values.code ?? '', now: opts.clock() });
      return reply.page(RecoveryCodesPage({ ctx: opts.ctx(request, reply), codes, next: '/office/account' }));
    } catch (error) {
      if (!(error instanceof AppError) || !['validation', 'rate_limited', 'conflict'].includes(error.id)) throw error;
      if (error.id === 'validation') await recordSignInFailure(db, keys, rules, source, new Date());
      const message = request.t(error.fields[0]?.key ?? error.key, error.values);
      return reply.page(await accountPage(db, opts.ctx(request, reply), official, { mode: config.SECOND_FACTOR, errors: { code: message } }), error.status);
    }
  });

  app.get('/office/account/password', signedIn, async (request, reply) => {
    return reply.page(PasswordPage({ ctx: opts.ctx(request, reply), errors: {} }));
  });

  app.post('/office/account/password', { ...formLimit, ...signedIn }, async (request, reply) => {
    const official = officialOf(request);
    const values = formFields(request.body);
    try {
      await changePassword(db, {
        officialId: official.id, sessionId: request.officeSessionId!,
        current: values.current_password ?? '', next: values.new_password ?? '', confirm: values.confirm_password ?? '',
      });
      return reply.redirect('/office/account?done=password', 303);
    } catch (error) {
      return rerender(error, request, reply, (errors) => PasswordPage({ ctx: opts.ctx(request, reply), errors }));
    }
  });

  app.get<{ Querystring: { done?: string; count?: string } }>('/office/account/sessions', signedIn, async (request, reply) => {
    const official = officialOf(request);
    const sessions = await listOfficeSessions(db, official.id, config.SESSION_IDLE_MINUTES);
    const count = Math.max(0, Number(request.query.count) || 0);
    const notice = request.query.done === 'ended' ? request.t('sessions.ended') : request.query.done === 'others' ? request.t('sessions.ended_others', { count }) : undefined;
    return reply.page(SessionsPage({ ctx: opts.ctx(request, reply), sessions, currentId: request.officeSessionId!, zone: await jurisdictionTimeZone(db, official.jurisdictionId), idleMinutes: config.SESSION_IDLE_MINUTES, notice }));
  });

  app.post('/office/account/sessions/end', signedIn, async (request, reply) => {
    const official = officialOf(request);
    const id = formFields(request.body).session ?? '';
    if (id === request.officeSessionId) {
      await endSession(db, request, reply, OFFICE_COOKIE);
      return reply.redirect('/office/login', 303);
    }
    await endOwnSession(db, official.id, id);
    return reply.redirect('/office/account/sessions?done=ended', 303);
  });

  app.post('/office/account/sessions/end-others', signedIn, async (request, reply) => {
    const official = officialOf(request);
    const count = await endOtherSessions(db, official.id, request.officeSessionId!);
    return reply.redirect(`/office/account/sessions?done=others&count=${count}`, 303);
  });

  /** The official an administrator manages, or not found. */
  async function managed(id: string) {
    const row = await managedOfficial(db, idOrNotFound(id));
    if (!row) throw notFound();
    return row;
  }

  const ADMIN_NOTICES: Record<string, string> = { ended: 'admin_sign_in.sessions_ended', reset: 'admin_sign_in.reset_done' };

  app.get<{ Params: { id: string }; Querystring: { done?: string; count?: string } }>('/admin/officials/:id/sign-in', administrators, async (request, reply) => {
    const row = await managed(request.params.id);
    const sessions = await listOfficeSessions(db, row.id, config.SESSION_IDLE_MINUTES);
    const key = ADMIN_NOTICES[request.query.done ?? ''];
    return reply.page(AdminSignInPage({
      ctx: opts.ctx(request, reply),
      official: { id: row.id, login: row.login, name: request.locale === 'ko' ? row.name_ko : row.name_en, enrolledAt: row.totp_enrolled_at },
      sessions: sessions.length,
      zone: await jurisdictionTimeZone(db, row.jurisdiction_id),
      notice: key ? request.t(key, { count: Math.max(0, Number(request.query.count) || 0) }) : undefined,
    }));
  });

  app.post<{ Params: { id: string } }>('/admin/officials/:id/sessions/end', administrators, async (request, reply) => {
    const actor = officialOf(request);
    const row = await managed(request.params.id);
    const count = await endAllSessionsOf(db, actor, row.id);
    return reply.redirect(`/admin/officials/${row.id}/sign-in?done=ended&count=${count}`, 303);
  });

  app.post<{ Params: { id: string } }>('/admin/officials/:id/second-factor/reset', administrators, async (request, reply) => {
    const actor = officialOf(request);
    const row = await managed(request.params.id);
    await resetSecondFactor(db, actor, row.id);
    return reply.redirect(`/admin/officials/${row.id}/sign-in?done=reset`, 303);
  });
}
