import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Public data other sites' scripts may read (`Access-Control-Allow-Origin: *`), for a route without an OpenAPI tag. */
    crossOrigin?: boolean;
  }
}

/**
 * The OpenAPI tags of the routes that serve public data for reuse: the public API, the transparency log and Open311.
 * A civic developer's web page, a newsroom's chart or a browser-based 311 client on another site reads them directly.
 */
export const CROSS_ORIGIN_TAGS: ReadonlySet<string> = new Set(['public', 'log', 'open311']);

/** Whether a route serves public data other sites may read: by its OpenAPI tags, or its own `crossOrigin` setting. */
export function isCrossOriginRoute(route: { schema?: { tags?: readonly string[] }; config?: { crossOrigin?: boolean } }): boolean {
  return route.config?.crossOrigin === true || (route.schema?.tags ?? []).some((tag) => CROSS_ORIGIN_TAGS.has(tag));
}

/**
 * Lets other sites' scripts read the routes that serve public data. The answer is `*` and never names an origin nor
 * allows credentials, so a browser never sends cookies with such a request nor hands a response made for a signed-in
 * person to another site; a call with an API key in its `Authorization` header needs a preflight, which is not
 * answered, so keys stay with the departments' servers. `Cross-Origin-Resource-Policy` is relaxed on the same routes
 * only. Every other route keeps helmet's same-origin headers.
 */
export function allowCrossOriginReads(app: FastifyInstance): void {
  app.addHook('onRoute', (route) => {
    if (!isCrossOriginRoute(route as Parameters<typeof isCrossOriginRoute>[0])) return;
    const existing = route.onSend ? (Array.isArray(route.onSend) ? route.onSend : [route.onSend]) : [];
    route.onSend = [...existing, crossOriginHeaders];
  });
}

async function crossOriginHeaders(_request: FastifyRequest, reply: FastifyReply, payload: unknown): Promise<unknown> {
  reply.header('access-control-allow-origin', '*');
  reply.header('access-control-expose-headers', 'ETag, Content-Disposition');
  reply.header('cross-origin-resource-policy', 'cross-origin');
  return payload;
}
