import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { open311Errors, open311Xml } from '../presenters/open311.js';
import { AppError } from '../errors.js';
import { negotiateLocale } from '../i18n/index.js';
import { ErrorPage } from '../views/ErrorPage.js';
import { speakIn, viewContext } from './context.js';
import { sendPage } from './renderedRecords.js';

/** Turns any thrown error into an `AppError`; unknown errors become a generic `internal` that leaks nothing. */
export function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  const e = error as FastifyError & { validation?: { instancePath?: string; message?: string }[] };
  const code = e?.code ?? '';
  if (code.startsWith('FST_CSRF')) return new AppError('csrf', 'error.csrf');
  if (code === 'FST_ERR_VALIDATION' || e?.validation) {
    const fields = (e.validation ?? []).map((v) => ({
      field: (v.instancePath ?? '').replace(/^\//, '').replace(/\//g, '.'),
      key: 'error.invalid_value',
    }));
    return new AppError('validation', 'error.validation', {}, fields);
  }
  if (code === 'FST_REQ_FILE_TOO_LARGE' || code === 'FST_ERR_CTP_BODY_TOO_LARGE' || code === 'FST_FILES_LIMIT' || code === 'FST_PARTS_LIMIT') {
    return new AppError('payload_too_large', 'error.too_large');
  }
  if (code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' || code === 'FST_INVALID_MULTIPART_CONTENT_TYPE') {
    return new AppError('unsupported_media_type', 'error.media_type');
  }
  if (code === 'FST_ERR_CTP_INVALID_JSON_BODY' || code === 'FST_ERR_CTP_EMPTY_JSON_BODY' || (e?.statusCode === 400 && e instanceof SyntaxError)) {
    return new AppError('validation', 'error.malformed');
  }
  if (e?.statusCode === 429) return new AppError('rate_limited', 'error.rate_limited');
  // PostgreSQL refuses text it cannot store (a NUL byte, invalid UTF-8): the person's input, not our fault.
  if ((e as { code?: string })?.code === '22021' || (e as { code?: string })?.code === '22P05') {
    return new AppError('validation', 'error.invalid_characters');
  }
  // Any other data exception (SQLSTATE class 22: a number out of range, an unreadable value) can only come from a
  // value someone sent that the edge let through; it is theirs to correct, and nothing was written.
  if (/^22[0-9A-Z]{3}$/.test(String((e as { code?: string })?.code ?? ''))) return new AppError('validation', 'error.malformed');
  // The multipart parser throws plain errors for a body that is not the multipart it claims to be (no boundary, cut short).
  if (!e?.statusCode && /\/(?:@fastify\/)?busboy\//.test(String(e?.stack ?? ''))) return new AppError('validation', 'error.malformed');
  if (isDatabaseUnavailable(error)) return new AppError('unavailable', 'error.unavailable');
  if (e?.statusCode === 404) return new AppError('not_found', 'error.not_found');
  if (e?.statusCode && e.statusCode >= 400 && e.statusCode < 500) return new AppError('validation', 'error.malformed');
  return new AppError('internal', 'error.internal');
}

/** Socket errors meaning the database server is unreachable or went away. */
const CONNECTION_ERRNOS = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EPIPE', 'EAI_AGAIN']);
/** What node-postgres says when a connection closes under a query, or none could be had in time. */
const CONNECTION_MESSAGES = /^(Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Connection ended)/;

/**
 * Whether an error means the database is unreachable for now rather than that the request was wrong: the server
 * refused or dropped the connection, shut down (57P01 admin_shutdown, 57P02, 57P03 cannot_connect_now), a class 08
 * connection exception, or the pool found no connection within its timeout. The request then gets a 503.
 */
export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== 'object' || depth > 3) return false;
  const e = error as { code?: unknown; message?: unknown; cause?: unknown; errors?: unknown };
  const code = typeof e.code === 'string' ? e.code : '';
  if (CONNECTION_ERRNOS.has(code) || code === '57P01' || code === '57P02' || code === '57P03' || /^08[0-9A-Z]{3}$/.test(code)) return true;
  if (typeof e.message === 'string' && CONNECTION_MESSAGES.test(e.message)) return true;
  // Node reports a refused connection to every address of a host as an AggregateError; pg wraps a timeout's cause.
  if (Array.isArray(e.errors) && e.errors.some((inner) => isDatabaseUnavailable(inner, depth + 1))) return true;
  return isDatabaseUnavailable(e.cause, depth + 1);
}

/**
 * The path of the route a request matched (its pattern, decoded by the router), or the decoded path when none
 * matched. Never the raw URL: `/%61pi/` is `/api/`.
 */
export function routePattern(request: FastifyRequest): string {
  const pattern = request.routeOptions?.url;
  if (pattern) return pattern;
  const path = request.url.split('?')[0] ?? '';
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

/** Whether a request wants JSON errors (the API and the log) rather than a page. */
export const wantsJson = (request: FastifyRequest) => {
  const path = routePattern(request);
  return path.startsWith('/api/') || path.startsWith('/log/');
};

/** Sends an error in the request's format and language. */
export function sendError(request: FastifyRequest, reply: FastifyReply, error: AppError): FastifyReply {
  const message = request.t(error.key, error.values);
  if (error.id === 'unavailable') reply.header('retry-after', '30');
  if (routePattern(request).startsWith('/open311/')) return sendOpen311Error(request, reply, error, message);
  if (wantsJson(request)) {
    return reply.code(error.status).send({
      error: {
        id: error.id,
        message,
        ...(error.fields.length ? { fields: error.fields.map((f) => ({ field: f.field, message: request.t(f.key, f.values) })) } : {}),
      },
    });
  }
  // Not `reply.page`: the router's own refusals (`frameworkError`) come with a reply no decorator has reached.
  return sendPage(reply, ErrorPage({ ctx: viewContext(request, reply), error, message }), error.status);
}

/**
 * The router's own refusals, before any hook has run: a path whose percent-encoding is not valid UTF-8 (400) and a
 * path segment longer than any route's parameter may be (`maxParamLength`: no application number, code or key is
 * anywhere near it, so nothing is there: 404). Answered like every other error, in the visitor's language (from
 * `Accept-Language`, since no other choice has been read yet) and format, instead of the framework's English JSON.
 */
export function frameworkError(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  speakIn(request, negotiateLocale(request.headers['accept-language']));
  const appError = error.code === 'FST_ERR_MAX_PARAM_LENGTH' ? new AppError('not_found', 'error.not_found') : toAppError(error);
  sendError(request, reply, appError);
}

export function installErrorHandlers(app: FastifyInstance): void {
  app.setErrorHandler((error, request, reply) => {
    const appError = toAppError(error);
    if (appError.id === 'internal') request.log.error({ err: error }, 'unhandled error');
    else if (appError.id === 'unavailable') request.log.warn({ err: error }, 'database unavailable');
    return sendError(request, reply, appError);
  });
  app.setNotFoundHandler((request, reply) => sendError(request, reply, new AppError('not_found', 'error.not_found')));
}

/**
 * An error as Open311 GeoReport v2 shapes it: a list of errors, each with a code and a description, in XML unless the
 * path asked for JSON. The spec's statuses: 404 for what does not exist, 403 for a missing or wrong API key, 400 for
 * anything else a client sent wrong; a field's problem is its own error naming the parameter.
 */
function sendOpen311Error(request: FastifyRequest, reply: FastifyReply, error: AppError, message: string): FastifyReply {
  const status = error.id === 'unauthenticated' || error.id === 'csrf' ? 403 : ['conflict', 'invalid_transition', 'idempotency_mismatch', 'unsupported_media_type'].includes(error.id) ? 400 : error.status;
  const errors = error.fields.length
    ? error.fields.map((f) => ({ code: status, description: `${f.field}: ${request.t(f.key, f.values)}` }))
    : [{ code: status, description: message }];
  if (error.id === 'unavailable') reply.header('retry-after', '30');
  const json = /\.json$/.test(request.url.split('?')[0] ?? '');
  if (json) return reply.code(status).type('application/json; charset=utf-8').send(JSON.stringify(open311Errors(errors)));
  return reply.code(status).type('text/xml; charset=utf-8').send(open311Xml('errors', open311Errors(errors)));
}
