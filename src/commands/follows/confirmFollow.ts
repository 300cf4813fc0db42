import { nextDigestAt } from '../../domain/alerts.js';
import type { Db } from '../../db/types.js';
import { findFollow, followFrequency, markFollowConfirmed } from '../../db/repos/follows.js';
import { AppError, notFound } from '../../errors.js';

/** Days a confirmation link stays valid. */
export const FOLLOW_CONFIRM_DAYS = 7;

/** What a confirmation link would do now, for the page that asks the follower to press "Confirm". */
export type ConfirmState = 'valid' | 'confirmed' | 'expired' | 'stopped';

/** Where a follow's confirmation stands; throws `not_found` for an unknown follow. */
export async function inspectFollowConfirmation(db: Db, followId: number, now = new Date()): Promise<ConfirmState> {
  const row = await findFollow(db, followId);
  if (!row) throw notFound('error.link_invalid');
  if (row.stopped_at) return 'stopped';
  if (row.confirmed_at) return 'confirmed';
  return now.getTime() - row.created_at.getTime() > FOLLOW_CONFIRM_DAYS * 86_400_000 ? 'expired' : 'valid';
}

/**
 * Confirms a follow from the link in its confirmation e-mail (double opt-in), so alerts start. Confirming twice is
 * harmless. Throws `conflict` when the link is past FOLLOW_CONFIRM_DAYS or the follow was stopped, writing nothing.
 */
export async function confirmFollow(db: Db, props: { followId: number; digest: { hour: number; timeZone: string }; now?: Date }): Promise<void> {
  const now = props.now ?? new Date();
  const state = await inspectFollowConfirmation(db, props.followId, now);
  if (state === 'expired') throw new AppError('conflict', 'error.follow_link_expired');
  if (state === 'stopped') throw new AppError('conflict', 'error.follow_stopped');
  if (state === 'confirmed') return;
  const frequency = await followFrequency(db, props.followId);
  await markFollowConfirmed(db, props.followId, now, frequency === 'daily' ? nextDigestAt(now, props.digest.hour, props.digest.timeZone) : null);
}
