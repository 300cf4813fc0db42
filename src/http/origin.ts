import type { FastifyRequest } from 'fastify';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** A form posted without a CSRF cookie, checked by the browser's Sec-Fetch-Site and Origin headers instead. */
    cookielessForm?: boolean;
  }
}

/**
 * Whether a state-changing request came from one of our own pages, by headers browsers set and pages cannot
 * (OWASP's "verifying origin with standard headers"). `Sec-Fetch-Site` decides when present: only `same-origin` (or
 * `none`, typed by the person) passes. Without it (older browsers), an `Origin` must name this host; the reporter's
 * pages send no referrer, which makes a browser send `Origin: null`, so such a browser is refused rather than trusted.
 * A request with neither header is no browser's, so it carries no ambient authority to forge.
 */
export function sameOrigin(request: FastifyRequest): boolean {
  const site = request.headers['sec-fetch-site'];
  if (site !== undefined) return site === 'same-origin' || site === 'none';
  const origin = request.headers.origin;
  if (origin === undefined) return true;
  try {
    return origin !== 'null' && new URL(origin).host === request.headers.host;
  } catch {
    return false;
  }
}
