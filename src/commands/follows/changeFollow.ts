import { sql, type Kysely } from 'kysely';
import { FREQUENCIES, nextDigestAt, type Frequency } from '../../domain/alerts.js';
import type { DB } from '../../db/schema.js';
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
export async function changeFollow(db: Kysely<DB>, props: ChangeFollowProps): Promise<void> {
  const now = props.now ?? new Date();
  const row = await db.selectFrom('follow').select(['id', 'stopped_at', 'confirmed_at']).where('id', '=', props.followId).executeTakeFirst();
  if (!row) throw notFound('error.link_invalid');
  if ('stop' in props.change) {
    if (row.stopped_at) return;
    await db.updateTable('follow').set({ stopped_at: now }).where('id', '=', props.followId).execute();
    return;
  }
  if ('resume' in props.change) {
    if (!row.stopped_at) return;
    // Restarting next to a newer live follow of the same thing would send every alert twice.
    const twin = await db
      .selectFrom('follow as f')
      .innerJoin('follow as me', (join) =>
        join
          .on('me.id', '=', props.followId)
          .on(sql<boolean>`lower(f.email) = lower(me.email)`)
          .onRef('f.kind', '=', 'me.kind')
          .on(sql<boolean>`f.application_id IS NOT DISTINCT FROM me.application_id AND f.unit_id IS NOT DISTINCT FROM me.unit_id
            AND f.jurisdiction_id IS NOT DISTINCT FROM me.jurisdiction_id AND f.procedure_code IS NOT DISTINCT FROM me.procedure_code
            AND f.lat IS NOT DISTINCT FROM me.lat AND f.lng IS NOT DISTINCT FROM me.lng AND f.radius_m IS NOT DISTINCT FROM me.radius_m`),
      )
      .select('f.id')
      .where('f.id', '<>', props.followId)
      .where('f.stopped_at', 'is', null)
      .executeTakeFirst();
    if (twin) throw new AppError('conflict', 'error.follow_duplicate');
    // Only news from now on: the confirmation moves to now, so events while it was stopped are not sent late.
    const follow = await db.selectFrom('follow').select('frequency').where('id', '=', props.followId).executeTakeFirstOrThrow();
    await db
      .updateTable('follow')
      .set({
        stopped_at: null,
        ...(row.confirmed_at ? { confirmed_at: now, next_digest_at: follow.frequency === 'daily' ? nextDigestAt(now, props.digest.hour, props.digest.timeZone) : null } : {}),
      })
      .where('id', '=', props.followId)
      .execute();
    return;
  }
  const frequency = props.change.frequency;
  if (!(FREQUENCIES as readonly string[]).includes(frequency)) throw validationError([{ field: 'frequency', key: 'error.follow_frequency' }]);
  if (row.stopped_at) throw new AppError('conflict', 'error.follow_stopped');
  // A switch to instant leaves any waiting alerts to one last digest, due now.
  const nextDigest = frequency === 'daily' ? nextDigestAt(now, props.digest.hour, props.digest.timeZone) : now;
  await db
    .updateTable('follow')
    .set({ frequency: frequency as Frequency, next_digest_at: row.confirmed_at ? nextDigest : null })
    .where('id', '=', props.followId)
    .execute();
}
