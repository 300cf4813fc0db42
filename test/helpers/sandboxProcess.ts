/**
 * The server side of `sandbox.ts`, run in a child process: opens a surface (database, fixture, server, sessions) and
 * answers each request message with what `app.inject` returned and how long it took. It runs apart from the test so
 * that a request which blocks the event loop can be stopped by killing this process.
 */
import type { LightMyRequestResponse } from 'fastify';
import { openSurface, type Role } from './surface.js';
import type { SandboxAnswer, SandboxFilled, SandboxMessage, SandboxReady } from './sandbox.js';

const SESSION_COOKIES = ['dl_office', 'dl_applicant', 'dl_citizen'];
const NUMBER = /\b\d{4}-[A-Z]{2,4}-\d{7}\b/g;

const dialect = process.env.SANDBOX_DIALECT as 'pglite' | 'postgres';
const errors: string[] = [];
const surface = await openSurface(dialect, {
  schema: process.env.SANDBOX_SCHEMA,
  beforeReady: (app) =>
    app.addHook('onError', async (_request, _reply, error) => {
      errors.push(describeError(error));
    }),
});

/** An error's code, message and first frames in our code or a library, without the machine's paths. */
function describeError(error: Error & { code?: string }): string {
  const frames = (error.stack ?? '')
    .split('\n')
    .slice(1)
    .map((line) => line.trim().replaceAll('file://', '').replaceAll(`${process.cwd()}/`, '').replace(/^at /, ''))
    .filter((line) => !line.includes('node:internal'))
    .slice(0, 4);
  return [`${error.code ? `${error.code} ` : ''}${error.name}: ${error.message}`, ...frames.map((f) => `  at ${f}`)].join('\n');
}

/** A page as its title and the text of its main part (pages all start alike); any other body as it is. */
function readable(body: string): string {
  if (!/^<!doctype html>/i.test(body)) return body;
  const title = body.match(/<title>([^<]*)<\/title>/)?.[1] ?? '';
  const main = body.slice(Math.max(0, body.indexOf('<main'))).replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim();
  return `[${title}] ${main}`;
}

/** Whether the response ended the session the request was made with (a sign-out). */
function endedSession(res: LightMyRequestResponse): boolean {
  return (res.cookies as { name: string; value: string; maxAge?: number; expires?: Date }[]).some(
    (c) => SESSION_COOKIES.includes(c.name) && (c.value === '' || c.maxAge === 0 || (c.expires !== undefined && c.expires.getTime() < Date.now())),
  );
}

let previous = new Map<string, string>();

// Without the test that started it, there is nobody to answer: leave rather than linger.
process.on('disconnect', () => process.exit(0));

process.on('message', async (message: SandboxMessage) => {
  const { id, request } = message;
  let answer: SandboxAnswer;
  try {
    const made = request.reuse ? previous : new Map<string, string>();
    if (request.reuse && request.url.includes('{{fresh:created}}') && !made.has('created')) {
      answer = { id, skipped: 'the previous request created nothing' };
    } else {
      const url = await surface.fill(request.url, made);
      const payload = request.payload === undefined ? undefined : Buffer.from(await surface.fill(request.payload, made), 'latin1');
      const role = request.role;
      const headers = { ...(role === 'stranger' ? {} : surface.headers(role as Role)), ...request.headers };
      // Said before the request is made, so that a request that never returns can still be shown as it was sent.
      process.send!({ id, filled: url } satisfies SandboxFilled);
      errors.length = 0;
      const started = performance.now();
      const res = await surface.app.inject({ method: request.method as 'GET', url, headers, ...(payload ? { payload } : {}) });
      const ms = Math.round(performance.now() - started);
      if (role !== 'stranger' && endedSession(res)) await surface.renewSession(role as Role);
      // An application the request created, for reads that follow it.
      const created = res.statusCode < 400 ? [...res.body.matchAll(NUMBER)].map((m) => m[0]).find((n) => !Object.values(surface.values).includes(n)) : undefined;
      if (created) made.set('created', created);
      previous = made;
      answer = {
        id, url, status: res.statusCode, ms, location: res.headers.location ? String(res.headers.location) : undefined,
        body: readable(res.body).slice(0, 400), errors: [...errors],
      };
    }
  } catch (error) {
    answer = { id, failed: describeError(error as Error) };
  }
  process.send!(answer);
});

const ready: SandboxReady = { ready: true, routes: surface.app.routeTable, values: surface.values };
process.send!(ready);
