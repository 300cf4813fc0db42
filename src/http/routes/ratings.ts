import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { rateService } from '../../commands/rateService.js';
import { linkSecret } from '../../db/repos/outbox.js';
import { ratedApplication, ratingOf, ratingScoresForOffice, ratingsForOffice } from '../../db/repos/ratings.js';
import { ratingWindow, summarizeSatisfaction } from '../../domain/satisfaction.js';
import { DEFAULT_MIN_SAMPLE, parsePeriod, periodStart } from '../../domain/statistics.js';
import { notFound } from '../../errors.js';
import { verifyLink } from '../../mail/links.js';
import { mayReadRatings } from '../../policies/index.js';
import { OfficeRatingsPage, RatePage } from '../../views/rating.js';
import { formFields, rerender } from '../forms.js';
import type { RouteOptions } from '../context.js';
import { officeGuard, officialOf } from '../guards.js';

/** Most ratings the office's list shows at once, newest first; the summary counts them all. */
export const OFFICE_RATINGS_LISTED = 200;

/**
 * Rating the service through the signed link in the closing e-mail (no sign-in), and the office's list of ratings with
 * their private comments. The applicant's own page posts to `/my/:number/rating` in `applicant.ts`.
 */
export async function ratingRoutes(app: FastifyInstance, opts: RouteOptions): Promise<void> {
  const { db, config } = opts;
  const windowDays = config.RATING_WINDOW_DAYS;
  const limited = { config: { rateLimit: { max: config.FORM_RATE_LIMIT, timeWindow: '1 minute' } } };

  /** The application a signed rating link names; a forged, altered or unknown token is a 404. */
  async function linkTarget(token: string) {
    const claim = verifyLink(await linkSecret(db), token, 'rate');
    const row = claim && (await ratedApplication(db, claim.a));
    if (!row) throw notFound('error.link_invalid');
    return row;
  }

  /** The signed link's page, rendered with the given form errors. */
  async function ratePage(request: FastifyRequest, reply: FastifyReply, token: string, state: { values?: Record<string, string>; saved?: boolean }) {
    const target = await linkTarget(token);
    const ctx = opts.ctx(request, reply);
    const rating = await ratingOf(db, target.id);
    // The page shows the applicant's own comment: keep it out of shared caches.
    reply.header('cache-control', 'private, no-store');
    return (errors: Record<string, string>) =>
      RatePage({
        ctx,
        app: target,
        action: `/rate/${token}`,
        window: ratingWindow(target.closed_at, new Date(), windowDays),
        rating,
        zone: target.time_zone,
        values: state.values ?? {},
        errors,
        saved: state.saved,
      });
  }

  app.get<{ Params: { token: string }; Querystring: { saved?: string } }>('/rate/:token', async (request, reply) =>
    reply.page((await ratePage(request, reply, request.params.token, { saved: request.query.saved === '1' }))({})),
  );

  app.post<{ Params: { token: string } }>('/rate/:token', limited, async (request, reply) => {
    const target = await linkTarget(request.params.token);
    const values = formFields(request.body);
    try {
      await rateService(db, { applicationId: target.id, satisfaction: values.satisfaction, comment: values.comment, locale: request.locale, windowDays });
      return reply.redirect(`/rate/${request.params.token}?saved=1`, 303);
    } catch (error) {
      return rerender(error, request, reply, await ratePage(request, reply, request.params.token, { values }));
    }
  });

  // The same periods as the public statistics (closed in the last 90 days, 12 months or ever), so the counts agree.
  app.get<{ Querystring: { period?: string } }>('/office/ratings', { preHandler: officeGuard(mayReadRatings) }, async (request, reply) => {
    const scope = mayReadRatings(officialOf(request));
    const period = parsePeriod(request.query.period);
    const since = periodStart(period, new Date());
    const [rows, scores] = await Promise.all([ratingsForOffice(db, scope, since, OFFICE_RATINGS_LISTED), ratingScoresForOffice(db, scope, since)]);
    reply.header('cache-control', 'private, no-store');
    return reply.page(
      OfficeRatingsPage({
        ctx: opts.ctx(request, reply), rows, summary: summarizeSatisfaction(scores, 1), listed: OFFICE_RATINGS_LISTED, period,
        allUnits: scope.unitId === null, minSample: DEFAULT_MIN_SAMPLE,
      }),
    );
  });
}
