import type { FastifyInstance } from 'fastify';
import { linkSecret, unsubscribeApplicant } from '../../db/repos/outbox.js';
import { applicationNumberById } from '../../db/repos/publicRead.js';
import { notFound } from '../../errors.js';
import { verifyLink } from '../../mail/links.js';
import { readMailFolder } from '../../mail/transport.js';
import { DevMailPage, UnsubscribePage } from '../../views/mail.js';
import type { RouteOptions } from '../context.js';

/** Links in e-mails that work without signing in (unsubscribe), and the developer's mail folder. */
export async function mailRoutes(app: FastifyInstance, opts: RouteOptions): Promise<void> {
  const { db, config } = opts;

  /** The application a signed unsubscribe token names; a forged, altered or unknown token is a 404. */
  async function unsubscribeTarget(token: string) {
    const claim = verifyLink(await linkSecret(db), token, 'unsubscribe_applicant');
    const row = claim && (await applicationNumberById(db, claim.a));
    if (!row) throw notFound('error.link_invalid');
    return row;
  }

  app.get<{ Params: { token: string } }>('/mail/unsubscribe/:token', async (request, reply) => {
    const target = await unsubscribeTarget(request.params.token);
    return reply.page(UnsubscribePage({ ctx: opts.ctx(request, reply), token: request.params.token, number: target.number, done: false }));
  });

  app.post<{ Params: { token: string } }>(
    '/mail/unsubscribe/:token',
    { config: { rateLimit: { max: config.FORM_RATE_LIMIT, timeWindow: '1 minute' } } },
    async (request, reply) => {
      const target = await unsubscribeTarget(request.params.token);
      await unsubscribeApplicant(db, target.id, new Date());
      return reply.page(UnsubscribePage({ ctx: opts.ctx(request, reply), token: request.params.token, number: target.number, done: true }));
    },
  );

  // Only when asked for (MAIL_FOLDER_PAGE=on, as `npm run demo` does) and no SMTP server is configured: the folder
  // then holds what would have been sent, sign-in links included, so it is for a demo on a private address.
  if (config.mailFolderPage) {
    app.get('/dev/mail', async (request, reply) => {
      reply.header('cache-control', 'no-store');
      return reply.page(DevMailPage({ ctx: opts.ctx(request, reply), mails: await readMailFolder(config.mailDir), dir: config.mailDir, zone: config.DIGEST_TIME_ZONE }));
    });
  }
}
