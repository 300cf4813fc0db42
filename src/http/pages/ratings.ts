import { linkSecret } from '../../db/repos/outbox.js';
import { ratedApplication, ratingOf, ratingScoresForOffice, ratingsForOffice } from '../../db/repos/ratings.js';
import type { Db } from '../../db/types.js';
import { ratingWindow, summarizeSatisfaction } from '../../domain/satisfaction.js';
import { DEFAULT_MIN_SAMPLE, parsePeriod, periodStart } from '../../domain/statistics.js';
import { notFound } from '../../errors.js';
import { verifyLink } from '../../mail/links.js';
import type { AuditScope } from '../../policies/index.js';
import type { ViewContext } from '../../views/context.js';
import { OfficeRatingsPage, RatePage } from '../../views/rating.js';

/** Most ratings the office's list shows at once, newest first; the summary counts them all. */
export const OFFICE_RATINGS_LISTED = 200;

/** The application a signed rating link names; a forged, altered or unknown token is a 404. */
export async function ratedByLink(db: Db, token: string) {
  const claim = verifyLink(await linkSecret(db), token, 'rate');
  const row = claim && (await ratedApplication(db, claim.a));
  if (!row) throw notFound('error.link_invalid');
  return row;
}

/**
 * The rating page a signed link opens, read once; the result renders it with the form's errors. `windowDays` is how
 * long after closing a case may be rated.
 */
export async function ratePage(db: Db, ctx: ViewContext, token: string, windowDays: number, state: { values?: Record<string, string>; saved?: boolean }) {
  const target = await ratedByLink(db, token);
  const rating = await ratingOf(db, target.id);
  return (errors: Record<string, string>) =>
    RatePage({
      ctx,
      app: target,
      action: `/rate/${token}`,
      number: target.number,
      window: ratingWindow(target.closed_at, new Date(), windowDays),
      rating,
      zone: target.time_zone,
      values: state.values ?? {},
      errors,
      saved: state.saved,
    });
}

/**
 * The office's ratings with their private comments, for the units `scope` covers, over a period of the public
 * statistics (closed in the last 90 days, 12 months or ever, so the counts agree).
 */
export async function officeRatingsPage(db: Db, ctx: ViewContext, scope: AuditScope, periodText: unknown) {
  const period = parsePeriod(periodText);
  const since = periodStart(period, new Date());
  const [rows, scores] = await Promise.all([ratingsForOffice(db, scope, since, OFFICE_RATINGS_LISTED), ratingScoresForOffice(db, scope, since)]);
  return OfficeRatingsPage({
    ctx, rows, summary: summarizeSatisfaction(scores, 1), listed: OFFICE_RATINGS_LISTED, period,
    allUnits: scope.unitId === null, minSample: DEFAULT_MIN_SAMPLE,
  });
}
