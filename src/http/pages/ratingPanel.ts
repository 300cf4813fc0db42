import type { PublicCaseRow } from '../../db/repos/publicRead.js';
import { ratingOf } from '../../db/repos/ratings.js';
import type { Db } from '../../db/types.js';
import { ratingWindow } from '../../domain/satisfaction.js';
import type { ViewContext } from '../../views/context.js';
import { RatingPanel } from '../../views/rating.js';

/** What a rating form needs of its application. */
interface RatedApplication {
  id: number;
  number: string;
  closed_at: Date | null;
  time_zone: string;
}

/** A public case as its rating form needs it. */
export function ratedCase(found: PublicCaseRow): RatedApplication {
  return { id: found.id, number: found.number, closed_at: found.closed_at, time_zone: found.jurisdiction.time_zone };
}

/** The rating panel of an application for its applicant: the invitation, the form, or the rating as given. */
export async function applicantRatingPanel(
  db: Db,
  windowDays: number,
  ctx: ViewContext,
  app: RatedApplication,
  state: { values?: Record<string, string>; saved?: boolean } = {},
) {
  const rating = await ratingOf(db, app.id);
  return (errors: Record<string, string>) =>
    RatingPanel({
      ctx,
      action: `/my/${app.number}/rating`,
      number: app.number,
      window: ratingWindow(app.closed_at, new Date(), windowDays),
      rating,
      zone: app.time_zone,
      values: state.values ?? {},
      errors,
      saved: state.saved,
    });
}
