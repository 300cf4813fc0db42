import type { PartyKeys } from '../commands/fair/partyKeys.js';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../config.js';
import type { Db } from '../db/types.js';
import type { Locale } from '../domain/types.js';
import { formatters, translator } from '../i18n/index.js';
import type { ViewContext } from '../views/context.js';
import { safeLocalPath } from './redirects.js';
import type { ComputedStatistics } from './statisticsCache.js';
import type { RenderedRecords } from './renderedRecords.js';

/** Sets the language a request is answered in, with its translator and formatters. */
export function speakIn(request: FastifyRequest, locale: Locale): void {
  request.locale = locale;
  request.t = translator(locale);
  request.fmt = formatters(locale);
}

/** The cookie that remembers a visitor's language for a year. */
export const LANG_COOKIE = 'dl_lang';

/**
 * The address of the page a visitor is looking at. A page answering a form's POST (a form shown again with its errors)
 * has no address of its own to come back to: links that return to "this page", such as the language switcher, go to
 * the page the form was sent from, or the front page when the browser did not say.
 */
export function pagePath(request: Pick<FastifyRequest, 'method' | 'url' | 'headers'>): string {
  if (request.method === 'GET' || request.method === 'HEAD') return request.url;
  const referer = request.headers.referer;
  const host = request.headers.host;
  if (typeof referer !== 'string' || !host) return '/';
  try {
    const from = new URL(referer);
    return from.host === host ? safeLocalPath(`${from.pathname}${from.search}`, '/') : '/';
  } catch {
    return '/';
  }
}

/** The per-request context pages render with: language, formatters, CSRF token on demand, who is signed in. */
export function viewContext(request: FastifyRequest, reply: FastifyReply): ViewContext {
  let token: string | undefined;
  return {
    locale: request.locale,
    t: request.t,
    fmt: request.fmt,
    path: pagePath(request),
    csrf: () => (token ??= reply.generateCsrf()),
    official: request.official,
    applicantApplicationId: request.applicantApplicationId,
  };
}

/** What every route module is given: the database, the configuration, the page context, shared statistics. */
export interface RouteOptions {
  db: Db;
  config: Config;
  ctx: (request: FastifyRequest, reply: FastifyReply) => ViewContext;
  /** Public statistics for a period, shared across requests (`statisticsCache`). */
  statistics: (period: string | undefined) => Promise<ComputedStatistics>;
  /** Rendered public records shared by anonymous visitors (`renderedRecords`). */
  rendered: RenderedRecords;
  /** Keys matching conflicts of interest; routes that file cases pass them so new cases are assigned by rotation. */
  partyKeys: PartyKeys;
}
