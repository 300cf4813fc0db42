import type { FastifyInstance, FastifyReply } from 'fastify';
import { rateService } from '../../commands/rateService.js';
import { mayReadRatings } from '../../policies/index.js';
import type { RouteOptions } from '../context.js';
import { formFields, rerender } from '../forms.js';
import { officeGuard, officialOf } from '../guards.js';
import { officeRatingsPage, ratedByLink, ratePage } from '../pages/ratings.js';

/**
 * Rating the service through the signed link in the closing e-mail (no sign-in), and the office's list of ratings with
 * their private comments. The applicant's own page posts to `/my/:number/rating` in `applicant.ts`.
 */
export async function ratingRoutes(app: FastifyInstance, opts: RouteOptions): Promise<void> {
  const { db, config } = opts;
  const windowDays = config.RATING_WINDOW_DAYS;
  const limited = { config: { rateLimit: { max: config.FORM_RATE_LIMIT, timeWindow: '1 minute' } } };

  // These pages show applicants' own comments: keep them out of shared caches.
  const privately = (reply: FastifyReply) => reply.header('cache-control', 'private, no-store');

  app.get<{ Params: { token: string }; Querystring: { saved?: string } }>('/rate/:token', async (request, reply) => {
    const page = await ratePage(db, opts.ctx(request, reply), request.params.token, windowDays, { saved: request.query.saved === '1' });
    return privately(reply).page(page({}));
  });

  app.post<{ Params: { token: string } }>('/rate/:token', limited, async (request, reply) => {
    const target = await ratedByLink(db, request.params.token);
    const values = formFields(request.body);
    try {
      await rateService(db, { applicationId: target.id, satisfaction: values.satisfaction, comment: values.comment, locale: request.locale, windowDays });
      return reply.redirect(`/rate/${request.params.token}?saved=1`, 303);
    } catch (error) {
      const page = await ratePage(db, opts.ctx(request, reply), request.params.token, windowDays, { values });
      return rerender(error, request, privately(reply), page);
    }
  });

  app.get<{ Querystring: { period?: string } }>('/office/ratings', { preHandler: officeGuard(mayReadRatings) }, async (request, reply) => {
    const page = await officeRatingsPage(db, opts.ctx(request, reply), mayReadRatings(officialOf(request)), request.query.period);
    return privately(reply).page(page);
  });
}
