import type { FastifyReply, FastifyRequest } from 'fastify';
import { unauthenticated } from '../errors.js';
import type { OfficialSession } from './auth.js';

/** The sign-in form, coming back to this page afterwards. */
export const signInRedirect = (request: FastifyRequest): string => `/office/login?next=${encodeURIComponent(request.url)}`;

/**
 * The guard of an office route, attached to the route itself (its `preHandler`, or a hook of the plugin that holds
 * only guarded routes), never to a URL prefix: the router decodes paths, so `/%61dmin` is `/admin`. An anonymous
 * page view is sent to sign in, an anonymous write is refused, and a signed-in official must pass `policy`, a
 * function of `policies/` that throws `forbidden` naming the missing right.
 */
export function officeGuard(policy?: (actor: OfficialSession) => unknown) {
  return async function guard(request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> {
    if (!request.official) {
      // Returning the reply ends the request here (Fastify's rule for async hooks that answer early).
      if (request.method === 'GET' || request.method === 'HEAD') return reply.redirect(signInRedirect(request), 303);
      throw unauthenticated();
    }
    policy?.(request.official);
    return undefined;
  };
}

/** The official a route behind `officeGuard` serves. */
export function officialOf(request: FastifyRequest): OfficialSession {
  if (!request.official) throw unauthenticated();
  return request.official;
}
