import type { FastifyInstance } from 'fastify';
import type { RouteOptions } from '../context.js';

const DAY_MS = 86_400_000;

/** The text of /.well-known/security.txt (RFC 9116): whom to tell about a vulnerability, valid for a year from today. */
export function securityTxt(contact: string, publicUrl: string, now = new Date()): string {
  const expires = new Date(Math.floor(now.getTime() / DAY_MS) * DAY_MS + 365 * DAY_MS);
  return [
    `Contact: ${contact}`,
    `Expires: ${expires.toISOString().replace(/\.\d{3}Z$/, 'Z')}`,
    'Preferred-Languages: ko, en',
    `Canonical: ${publicUrl}/.well-known/security.txt`,
    '',
  ].join('\n');
}

/** Well-known files for machines: security.txt. */
export async function wellKnownRoutes(app: FastifyInstance, opts: RouteOptions): Promise<void> {
  const { config } = opts;
  app.get('/.well-known/security.txt', async (_request, reply) =>
    reply.type('text/plain; charset=utf-8').header('cache-control', 'public, max-age=86400').send(securityTxt(config.securityContact, config.publicUrl)),
  );
}
