import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import cookie from '@fastify/cookie';
import csrf from '@fastify/csrf-protection';
import formbody from '@fastify/formbody';
import helmet from '@fastify/helmet';
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { VNode } from 'preact';
import { tileOrigin, type Config } from '../config.js';
import type { Db } from '../db/types.js';
import type { Actor } from '../domain/actor.js';
import type { Locale } from '../domain/types.js';
import { isLocale, negotiateLocale, type Formatters, type Translate } from '../i18n/index.js';
import { APPLICANT_COOKIE, OFFICE_COOKIE, applicantFromSession, officeSession, systemFromApiKey, type OfficialSession } from './auth.js';
import { frameworkError, installErrorHandlers, routePattern } from './errors.js';
import type { ViewContext } from '../views/context.js';
import { publicRoutes } from './routes/public.js';
import { applyRoutes } from './routes/apply.js';
import { applicantRoutes } from './routes/applicant.js';
import { officeRoutes } from './routes/office.js';
import { adminRoutes } from './routes/admin.js';
import { apiRoutes } from './routes/api.js';
import { logRoutes } from './routes/log.js';
import { mailRoutes } from './routes/mail.js';
import { feedRoutes } from './routes/feeds.js';
import { auditRoutes } from './routes/audit.js';
import { citizenRoutes } from './routes/citizen.js';
import { inquiryRoutes } from './routes/inquiries.js';
import { followRoutes } from './routes/follows.js';
import { statisticsCache } from './statisticsCache.js';
import { renderedRecords, sendPage } from './renderedRecords.js';
import { LANG_COOKIE, speakIn, viewContext } from './context.js';

import { keepCookiesPrivate, keepPersonalResponsesPrivate } from './caching.js';
import { mapRoutes } from './routes/map.js';
import { ratingRoutes } from './routes/ratings.js';
import { integrityRoutes } from './routes/integrity.js';
import { wellKnownRoutes } from './routes/wellKnown.js';
import { calendarRoutes } from './routes/calendars.js';
import { open311Routes } from './routes/open311.js';
import { openDataRoutes } from './routes/openData.js';
import { documentRoutes } from './routes/documents.js';
import { contractRegisterRoutes } from './routes/contractRegister.js';
import { contractRoutes } from './routes/contracts.js';
import { bidderRoutes } from './routes/bidders.js';
import { parseQueryString } from './querystring.js';
import { cleanBody } from '../domain/text.js';
import { officeSignInRoutes } from './routes/officeSignIn.js';
import { loadSignInSecret, signInKeys, type SignInKeys } from '../commands/officeAuth/keys.js';
import { partyKeys, type PartyKeys } from '../commands/fair/partyKeys.js';
import { fairRoutes } from './routes/fair.js';
import { fairAuditRoutes } from './routes/fairAudit.js';
import { installRequestIds, loggingOptions, type LogDestination } from './logging.js';
import { allowCrossOriginReads } from './crossOrigin.js';
import { installMetrics, type PoolStats } from './metrics.js';
import { healthRoutes } from './routes/health.js';
import { AppError } from '../errors.js';
import { reportRoutes } from './routes/reports.js';
import { sameOrigin } from './origin.js';

declare module 'fastify' {
  interface FastifyRequest {
    locale: Locale;
    t: Translate;
    fmt: Formatters;
    official?: OfficialSession;
    /** Set when the request carries a valid API key. */
    system?: Actor & { kind: 'system' };
    /** Application id the applicant cookie grants. */
    applicantApplicationId?: number;
  }
  interface FastifyInstance {
    /** Every route registered on this server, in order, so tests can check that each one is covered. */
    routeTable: { method: string | string[]; url: string }[];
  }
  interface FastifyReply {
    /** Renders a page component as a complete HTML document. */
    page(node: VNode, status?: number): FastifyReply;
  }
}

export interface ServerDeps {
  db: Db;
  config: Config;
  /** Sign-in keys; derived from SIGN_IN_SECRET or DATA_DIR/sign-in.secret when not given. */
  signInKeys?: SignInKeys;
  /** Fair handling's keys; derived from the same server secret as sign-in's when not given. */
  partyKeys?: PartyKeys;
  /** The clock second-factor codes are checked against; tests move it on to sign one official in many times a minute. */
  secondFactorClock?: () => Date;
  /** The database pool's state, for /metrics. */
  poolStats?: () => PoolStats;
  /** Where log lines go instead of standard output (tests read them). */
  logStream?: LogDestination;
}

const here = path.dirname(fileURLToPath(import.meta.url));
export const PUBLIC_DIR = path.resolve(here, '../../public');
/** Powerful browser features no page of ours uses, refused for every page and anything it embeds. */
const PERMISSIONS_POLICY = 'camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=(), bluetooth=(), hid=(), display-capture=(), browsing-topics=()';

/** A content security policy's directives (helmet's camel-cased form) as the header's text, written as helmet writes it. */
function cspHeader(directives: Record<string, string[] | null>): string {
  return Object.entries(directives)
    .filter((entry): entry is [string, string[]] => entry[1] !== null)
    .map(([name, sources]) => [name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`), ...sources].join(' '))
    .join(';');
}

/** Builds the Fastify application: security plugins, locale and identity resolution, then the route modules. */
export async function buildServer(deps: ServerDeps): Promise<FastifyInstance> {
  const { config, db } = deps;
  // The content security policy of every page: helmet sends it, and the router's own refusals, which reach no hook.
  const cspDirectives: Record<string, string[] | null> = {
    defaultSrc: ["'self'"],
    scriptSrc: ["'self'"],
    scriptSrcAttr: ["'none'"],
    styleSrc: ["'self'"],
    // Map tiles are the one third-party request, and only when a tile server is configured.
    imgSrc: ["'self'", 'data:', ...(config.MAP_TILE_URL ? [tileOrigin(config.MAP_TILE_URL)] : [])],
    connectSrc: ["'self'"],
    fontSrc: ["'self'"],
    objectSrc: ["'none'"],
    frameAncestors: ["'none'"],
    formAction: ["'self'"],
    baseUri: ["'self'"],
    upgradeInsecureRequests: config.cookieSecure ? [] : null,
  };
  const app = Fastify({
    // JSON lines with request ids, no headers, no URLs (route templates only), no addresses on anonymous routes.
    ...(await loggingOptions(config, deps.logStream)),
    // Only the configured proxies' X-Forwarded-For is believed: otherwise anyone could pick their own address.
    trustProxy: typeof config.trustProxy === 'number' ? trustHops(config.trustProxy) : config.trustProxy,
    bodyLimit: 1024 * 1024,
    routerOptions: { querystringParser: parseQueryString },
    // The router's own refusals reach no hook, so the headers every page carries are set here.
    frameworkErrors: (error, request, reply) => {
      reply.headers({
        'content-security-policy': cspHeader(cspDirectives),
        ...(config.cookieSecure ? { 'strict-transport-security': 'max-age=31536000; includeSubDomains' } : {}),
        'x-content-type-options': 'nosniff',
        'x-frame-options': 'SAMEORIGIN',
        'referrer-policy': 'same-origin',
        'permissions-policy': PERMISSIONS_POLICY,
        'cache-control': 'no-store',
      });
      frameworkError(error, request, reply);
    },
  });
  app.decorate('routeTable', [] as FastifyInstance['routeTable']);
  app.addHook('onRoute', (route) => {
    app.routeTable.push({ method: route.method, url: route.url });
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installRequestIds(app);
  allowCrossOriginReads(app);
  await installMetrics(app, { db, config, poolStats: deps.poolStats });

  await app.register(helmet, {
    // Every directive is ours (none of helmet's defaults), so the refusals' copy of the header is the same policy.
    contentSecurityPolicy: { useDefaults: false, directives: cspDirectives },
    strictTransportSecurity: config.cookieSecure,
    referrerPolicy: { policy: 'same-origin' },
  });
  await app.register(rateLimit, { global: false });
  await app.register(cookie);
  await app.register(formbody);
  await app.register(multipart, {
    attachFieldsToBody: true,
    limits: { fileSize: config.UPLOAD_MAX_BYTES, files: config.UPLOAD_MAX_FILES, fields: 100, fieldSize: 100_000 },
    // A file past the limit is cut short and flagged rather than failing the whole request, so the form can be shown
    // again with what was typed and the file's field named (`forms.readFormFiles`).
    throwFileSizeLimit: false,
  });
  await app.register(csrf, {
    sessionPlugin: '@fastify/cookie',
    cookieOpts: { path: '/', httpOnly: true, sameSite: 'lax', secure: config.cookieSecure },
    getToken: (req: FastifyRequest) => {
      const body = req.body as Record<string, unknown> | undefined;
      const field = body?._csrf;
      if (typeof field === 'string') return field;
      if (field && typeof field === 'object' && 'value' in field) return String((field as { value: unknown }).value);
      const header = req.headers['x-csrf-token'];
      return typeof header === 'string' ? header : undefined;
    },
  });
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'Daylight public API',
        version: '1.0.0',
        description: 'Follow permit and licence applications stage by stage. Times are RFC 3339 with offsets.',
      },
      servers: [{ url: config.publicUrl }],
      components: {
        securitySchemes: { apiKey: { type: 'http', scheme: 'bearer', description: 'A unit-scoped API key (dlk_...)' } },
      },
    },
    transform: jsonSchemaTransform,
    // Only the JSON API (routes with tags) is described; the website's pages are not an API.
    hideUntagged: true,
  });
  await app.register(fastifyStatic, { root: PUBLIC_DIR, prefix: '/static/', maxAge: '1h' });

  app.decorateRequest('locale', 'ko');
  app.decorateRequest('t', null as unknown as Translate);
  app.decorateRequest('fmt', null as unknown as Formatters);
  app.decorateReply('page', function (this: FastifyReply, node: VNode, status = 200) {
    return sendPage(this, node, status);
  });

  // The language: a `lang` in the query (remembered in the cookie from then on), else the remembered choice, else the
  // browser's Accept-Language. The JSON API and Open311 answer their errors in the same language.
  app.addHook('onRequest', async (request, reply) => {
    const chosen = request.cookies[LANG_COOKIE];
    const query = (request.query as Record<string, unknown> | undefined)?.lang;
    if (isLocale(query) && query !== chosen && request.method === 'GET' && !routePattern(request).startsWith('/api/')) {
      reply.setCookie(LANG_COOKIE, query, { path: '/', maxAge: 365 * 86400, sameSite: 'lax', secure: config.cookieSecure });
    }
    speakIn(request, isLocale(query) ? query : isLocale(chosen) ? chosen : negotiateLocale(request.headers['accept-language']));
    const system = await systemFromApiKey(db, request.headers.authorization);
    if (system?.kind === 'system') request.system = system;
    const office = await officeSession(db, request.cookies[OFFICE_COOKIE], { idleMinutes: config.SESSION_IDLE_MINUTES });
    request.official = office.official;
    request.officeSessionId = office.sessionId;
    request.pendingSignIn = office.pending;
    request.applicantApplicationId = await applicantFromSession(db, request.cookies[APPLICANT_COOKIE]);
  });

  // What people type reaches every layer without invisible controls (`domain/text.ts`): a title on the public record
  // made to read backwards (U+202E) or carrying a control character is never anyone's honest intent, and removing them
  // changes nothing a person can see.
  app.addHook('preValidation', async (request) => {
    cleanBody(request.body);
  });

  // Every state-changing request from a browser carries a CSRF token. API-key clients are not browsers, and an
  // API call without any session carries no ambient authority to forge, so it goes on to be refused as anonymous.
  app.addHook('preHandler', (request, reply, done) => {
    // No route answers this method at this address: it is not found, whatever a form token would have said.
    if (['GET', 'HEAD', 'OPTIONS'].includes(request.method) || request.system || request.is404) return done();
    const pattern = routePattern(request);
    if ((pattern.startsWith('/api/') || pattern.startsWith('/open311/')) && !request.official && request.applicantApplicationId === undefined) return done();
    // The reporting channel's forms need no cookie (a reporter leaves none behind): a browser's own word on where the
    // form came from (Origin, Sec-Fetch-Site) stands in for the token, and a cross-site post is refused the same way.
    if (request.routeOptions.config?.cookielessForm) return done(sameOrigin(request) ? undefined : new AppError('csrf', 'error.csrf'));
    app.csrfProtection(request, reply, done);
  });

  app.addHook('onSend', async (request, reply, payload) => {
    reply.header('permissions-policy', PERMISSIONS_POLICY);
    keepPersonalResponsesPrivate(request, reply);
    keepCookiesPrivate(reply);
    return payload;
  });
  installErrorHandlers(app);
  const ctx = (request: FastifyRequest, reply: FastifyReply): ViewContext => ({
    ...viewContext(request, reply),
    lateEntryMinutes: config.LATE_ENTRY_MINUTES,
  });
  const statistics = statisticsCache(db, config.STATISTICS_CACHE_SECONDS * 1000);
  const fairKeys = deps.partyKeys ?? partyKeys(loadSignInSecret(config));
  const shared = { db, config, ctx, statistics, rendered: renderedRecords(config.RECORD_CACHE_MB * 1024 * 1024), partyKeys: fairKeys };
  app.decorate('renderedRecords', shared.rendered);
  await app.register(healthRoutes, { db, logLagSeconds: config.READY_LOG_LAG_SECONDS });
  await app.register(publicRoutes, shared);
  await app.register(applyRoutes, shared);
  await app.register(applicantRoutes, shared);
  await app.register(officeRoutes, shared);
  await app.register(adminRoutes, shared);
  await app.register(apiRoutes, shared);
  await app.register(logRoutes, shared);
  await app.register(mailRoutes, shared);
  await app.register(feedRoutes, shared);
  await app.register(auditRoutes, shared);
  await app.register(citizenRoutes, shared);
  await app.register(inquiryRoutes, shared);
  await app.register(followRoutes, shared);
  await app.register(mapRoutes, shared);
  await app.register(ratingRoutes, shared);
  await app.register(integrityRoutes, shared);
  await app.register(wellKnownRoutes, shared);
  await app.register(calendarRoutes, shared);
  await app.register(reportRoutes, shared);
  await app.register(fairRoutes, shared);
  await app.register(fairAuditRoutes, shared);
  await app.register(open311Routes, shared);
  await app.register(openDataRoutes, shared);
  await app.register(documentRoutes, shared);
  await app.register(contractRoutes, shared);
  await app.register(contractRegisterRoutes, shared);
  await app.register(bidderRoutes, shared);
  const keys = deps.signInKeys ?? signInKeys(loadSignInSecret(config));
  await app.register(officeSignInRoutes, { ...shared, keys, clock: deps.secondFactorClock ?? (() => new Date()) });
  return app;
}

/** Trusts the nearest `hops` proxies' X-Forwarded-For entries and nothing beyond them. */
function trustHops(hops: number) {
  return (_address: string, hop: number) => hop < hops;
}

