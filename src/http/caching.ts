import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { APPLICANT_COOKIE, CITIZEN_COOKIE, OFFICE_COOKIE } from './auth.js';

/** How long a shared cache (a CDN, a proxy) may serve a public record without asking again, in seconds. */
export const PUBLIC_MAX_AGE_S = 60;
/** A record's derived figures (due-date states) move with time: validators change at least this often. */
const TIME_BUCKET_MS = 5 * 60_000;

/**
 * Caching headers for a public record, from what it depends on (`parts`: e.g. the number of its events and its
 * calendar's version). A visitor without any session gets a weak ETag and `public, max-age=60`, so a CDN or proxy can
 * carry a city's traffic and a browser revalidates for free; anyone signed in gets `private, no-store` (their page
 * differs). Returns true when the client's copy is current: answer 304 without building the page.
 */
export function publicRecordCaching(request: FastifyRequest, reply: FastifyReply, parts: readonly (string | number)[], now = Date.now()): boolean {
  if (hasIdentity(request)) {
    reply.header('cache-control', 'private, no-store');
    return false;
  }
  const digest = createHash('sha256')
    .update([...parts, request.locale, Math.floor(now / TIME_BUCKET_MS)].join('\u0000'))
    .digest('base64url')
    .slice(0, 22);
  const etag = `W/"${digest}"`;
  reply.header('etag', etag).header('cache-control', `public, max-age=${PUBLIC_MAX_AGE_S}`).header('vary', 'Accept-Language, Cookie, Accept-Encoding');
  const given = request.headers['if-none-match'];
  return typeof given === 'string' && given.split(',').some((tag) => tag.trim() === etag);
}

/** Whether a request carries a session (an official's, an applicant's or a citizen's) or an API key. */
export function hasIdentity(request: FastifyRequest): boolean {
  const cookies = request.cookies ?? {};
  return Boolean(cookies[OFFICE_COOKIE] || cookies[APPLICANT_COOKIE] || cookies[CITIZEN_COOKIE] || request.headers.authorization);
}

/**
 * What is served to someone signed in, or with an API key, or in answer to a form, may carry their personal data
 * (an applicant's name, an official's queue, what they typed): no browser or proxy cache may keep it. Static files
 * are the same for everyone and keep their caching.
 */
export function keepPersonalResponsesPrivate(request: FastifyRequest, reply: FastifyReply): void {
  if (request.routeOptions?.url?.startsWith('/static/')) return;
  if (!hasIdentity(request) && (request.method === 'GET' || request.method === 'HEAD')) return;
  reply.header('cache-control', 'private, no-store');
  reply.removeHeader('etag');
}

/** A response that sets a cookie is never public: a shared cache would hand the cookie to everyone. */
export function keepCookiesPrivate(reply: FastifyReply): void {
  const cacheControl = reply.getHeader('cache-control');
  if (reply.getHeader('set-cookie') && typeof cacheControl === 'string' && cacheControl.includes('public')) {
    reply.header('cache-control', 'private, no-cache');
    reply.removeHeader('etag');
  }
}
