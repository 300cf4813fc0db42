import { inTransaction } from '../db/repos/cases.js';
import { lockApplicationForRating, saveRating } from '../db/repos/ratings.js';
import type { Db } from '../db/types.js';
import { RATING_COMMENT_MAX, parseSatisfaction, ratingWindow } from '../domain/satisfaction.js';
import { AppError, invalidTransition, notFound, validationError, type FieldIssue } from '../errors.js';

export interface RateServiceProps {
  /** The application the applicant's session or signed link proved access to. */
  applicationId: number;
  /** The score as submitted: a whole number from 1 to 5. */
  satisfaction: unknown;
  /** Optional free text for the unit; private to it and the auditors. */
  comment?: string;
  /** The applicant's language when rating, so the unit knows how to read the comment. */
  locale: string;
  /** How long after closure ratings stay open (`RATING_WINDOW_DAYS`). */
  windowDays: number;
  now?: Date;
}

/**
 * The applicant rates the service once their application is closed, or changes their rating while the window is
 * open. Refuses, writing nothing: an open application (`error.rating_not_closed`), a window that has passed
 * (`error.rating_window_over`), a missing or out-of-range score and an over-long comment (field errors). Writes no
 * event: a rating is a survey answer, not an act on the case, and stays out of the public log.
 */
export async function rateService(db: Db, props: RateServiceProps): Promise<{ first: boolean; until: Date }> {
  const now = props.now ?? new Date();
  const satisfaction = parseSatisfaction(props.satisfaction);
  const comment = props.comment?.trim() || null;
  const issues: FieldIssue[] = [];
  if (satisfaction === null) issues.push({ field: 'satisfaction', key: 'error.rating_satisfaction' });
  if (comment && [...comment].length > RATING_COMMENT_MAX) issues.push({ field: 'comment', key: 'error.rating_comment_too_long', values: { max: RATING_COMMENT_MAX } });
  return inTransaction(db, async (trx) => {
    // The row lock orders a rating after any act closing (or, in principle, reopening) the case.
    const app = await lockApplicationForRating(trx, props.applicationId);
    if (!app) throw notFound('error.application_not_found');
    const window = ratingWindow(app.closed_at, now, props.windowDays);
    if (window.state === 'not_closed') throw invalidTransition('error.rating_not_closed');
    if (window.state === 'over') throw new AppError('invalid_transition', 'error.rating_window_over', { days: props.windowDays });
    if (issues.length) throw validationError(issues);
    const first = await saveRating(trx, {
      applicationId: app.id,
      jurisdictionId: app.jurisdiction_id,
      unitId: app.unit_id,
      satisfaction: satisfaction!,
      comment,
      locale: props.locale,
      now,
    });
    return { first, until: window.until };
  });
}
