import type { FastifyRequest } from 'fastify';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** A form posted without a CSRF cookie, checked by the browser's Origin and Sec-Fetch-Site headers instead. */
    cookielessForm?: boolean;
  }
}

/**
 * Whether a state-changing request came from one of our own pages, by the headers browsers set and pages cannot:
 * `Sec-Fetch-Site` must not be `cross-site` or `same-site`, and an `Origin` must name this host. A request with
 * neither header is no browser's, so it carries no ambient authority to forge (OWASP's "verifying origin with
 * standard headers").
 */
export function sameOrigin(request: FastifyRequest): boolean {
  const site = request.headers['sec-fetch-site'];
  if (site === 'cross-site' || site === 'same-site') return false;
  const origin = request.headers.origin;
  if (origin === undefined) return true;
  if (origin === 'null') return false;
  try {
    return new URL(origin).host === request.headers.host;
  } catch {
    return false;
  }
}
