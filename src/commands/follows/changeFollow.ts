import { FREQUENCIES, nextDigestAt, type Frequency } from '../../domain/alerts.js';
import type { Db } from '../../db/types.js';
import { findFollow, followFrequency, hasLiveTwin, restartFollow, setFollowFrequency, stopFollow } from '../../db/repos/follows.js';
import { AppError, notFound, validationError } from '../../errors.js';

export interface ChangeFollowProps {
  followId: number;
  /** `stop` ends the follow, `resume` starts it again; a frequency switches between instant alerts and a daily digest. */
  change: { stop: true } | { resume: true } | { frequency: string };
  digest: { hour: number; timeZone: string };
  now?: Date;
}

/**
 * Changes, stops or restarts a follow from its manage link (no sign-in: the signed link is the proof). Alerts waiting for a digest
 * when a follow switches to instant go out in the next digest pass, not lost; a stopped follow gets nothing more.
 * Throws `validation` for an unknown frequency and `conflict` when the follow was already stopped; each writes nothing.
 */
export async function changeFollow(db: Db, props: ChangeFollowProps): Promise<void> {
  const now = props.now ?? new Date();
  const row = await findFollow(db, props.followId);
  if (!row) throw notFound('error.link_invalid');
  if ('stop' in props.change) {
    if (row.stopped_at) return;
    await stopFollow(db, props.followId, now);
    return;
  }
  if ('resume' in props.change) {
    if (!row.stopped_at) return;
    // Restarting next to a newer live follow of the same thing would send every alert twice.
    if (await hasLiveTwin(db, props.followId)) throw new AppError('conflict', 'error.follow_duplicate');
    // Only news from now on: the confirmation moves to now, so events while it was stopped are not sent late.
    const frequency = await followFrequency(db, props.followId);
    await restartFollow(
      db,
      props.followId,
      row.confirmed_at ? { confirmedAt: now, nextDigestAt: frequency === 'daily' ? nextDigestAt(now, props.digest.hour, props.digest.timeZone) : null } : null,
    );
    return;
  }
  const frequency = props.change.frequency;
  if (!(FREQUENCIES as readonly string[]).includes(frequency)) throw validationError([{ field: 'frequency', key: 'error.follow_frequency' }]);
  if (row.stopped_at) throw new AppError('conflict', 'error.follow_stopped');
  // A switch to instant leaves any waiting alerts to one last digest, due now.
  const nextDigest = frequency === 'daily' ? nextDigestAt(now, props.digest.hour, props.digest.timeZone) : now;
  await setFollowFrequency(db, props.followId, frequency as Frequency, row.confirmed_at ? nextDigest : null);
}
