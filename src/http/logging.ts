/**
 * What the server logs, and what it never does. Logs are JSON lines (pino, under Fastify) for the operator's
 * collector, one per request start and end, each carrying the request's id; `LOG_FORMAT=pretty` prints the same
 * lines for people (the demo). A request is described by its method and its route's template
 * (`/follows/:token`), never by the URL it asked for: paths and query strings carry sign-in tokens, access codes and
 * search words. Headers are not logged (cookies and authorization are redacted should anything log them), nor are a
 * database error's details (they quote the values of a row). The client's address is logged for abuse
 * investigations, except on routes flagged `config: { anonymousLogging: true }` (the reporting channel's), whose
 * lines carry no address (request ids are random, never the client's).
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyRequest, FastifyServerOptions } from 'fastify';
import type { Config } from '../config.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Log nothing that could identify the client (no address, no port, no client-chosen request id). */
    anonymousLogging?: boolean;
  }
}

/** The response header that carries the request's id, as its log lines do. */
export const REQUEST_ID_HEADER = 'x-request-id';
/** Longest path logged for a request that matched no route. */
const UNMATCHED_PATH_MAX = 120;

/** Where log lines are written: one JSON object per `write`. */
export interface LogDestination {
  write(line: string): void;
}

/** Paths pino removes from every line, whatever logs them. */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-csrf-token"]',
  'res.headers["set-cookie"]',
  // PostgreSQL's error detail quotes the conflicting row ("Key (email)=(…) already exists").
  'err.detail',
  'err.where',
  'err.cause.detail',
];

/** Whether a request's route asked for anonymous log lines. */
export function isAnonymous(request: FastifyRequest): boolean {
  return request.routeOptions?.config?.anonymousLogging === true;
}

/** How a request appears in a log line: method, route template, and (outside anonymous routes) the client's address. */
export function describeRequest(request: FastifyRequest): Record<string, unknown> {
  const route = request.routeOptions?.url;
  const line: Record<string, unknown> = { method: request.method };
  if (route) line.route = route;
  // A 404's path is useful to find broken links; without its query, and cut short.
  else line.path = request.url.split('?')[0]!.slice(0, UNMATCHED_PATH_MAX);
  if (!isAnonymous(request)) line.remoteAddress = request.ip;
  return line;
}

/**
 * A random request id, never one a client or proxy sends: on an anonymous route a chosen id could be a tracking id,
 * and the route is not known when the id is made. A proxy that wants to correlate its log lines with ours logs the
 * id from the response's `X-Request-Id` instead (nginx: `$upstream_http_x_request_id`).
 */
const genReqId = (): string => randomUUID();

/** Fastify's logging options for the configuration (`stream` replaces standard output, for tests). */
export async function loggingOptions(
  config: Config,
  stream?: LogDestination,
): Promise<Pick<FastifyServerOptions, 'logger' | 'genReqId'>> {
  if (config.LOG_LEVEL === 'silent' && !stream) return { logger: false, genReqId };
  let destination: LogDestination | undefined = stream;
  if (!destination && config.LOG_FORMAT === 'pretty') {
    // Loaded only when asked for: production logs JSON and never needs it.
    const { default: pretty } = await import('pino-pretty');
    destination = pretty({ colorize: Boolean(process.stdout.isTTY), translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname', singleLine: true });
  }
  return {
    genReqId,
    logger: {
      level: config.LOG_LEVEL,
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      serializers: {
        req: (request: FastifyRequest) => describeRequest(request),
        res: (reply: { statusCode: number }) => ({ statusCode: reply.statusCode }),
      },
      ...(destination ? { stream: destination } : {}),
    },
  };
}

/** Echoes the request id on every response, so a person reporting a problem can quote it. */
export function installRequestIds(app: FastifyInstance): void {
  app.addHook('onRequest', async (request, reply) => {
    reply.header(REQUEST_ID_HEADER, request.id);
  });
}
