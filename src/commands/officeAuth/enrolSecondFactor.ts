import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { checkTotp, newTotpSecret } from '../../domain/totp.js';
import { AppError } from '../../errors.js';
import type { SignInKeys } from './keys.js';
import { replaceRecoveryCodes } from './recoveryCodes.js';

const sessionOwner = (sessionId: string) => `enrolment:${sessionId}`;

/**
 * The candidate TOTP secret shown on a session's enrolment page: made on first view and kept, encrypted, on the
 * session until confirmed, so reloading the page shows the same QR code.
 */
export async function enrolmentSecret(db: Kysely<DB>, keys: SignInKeys, sessionId: string): Promise<string> {
  const row = await db.selectFrom('session').select('enrolment_secret').where('id', '=', sessionId).executeTakeFirstOrThrow();
  if (row.enrolment_secret) return keys.open(sessionOwner(sessionId), row.enrolment_secret);
  const secret = newTotpSecret();
  await db.updateTable('session').set({ enrolment_secret: keys.seal(sessionOwner(sessionId), secret) }).where('id', '=', sessionId).execute();
  return secret;
}

/**
 * Confirms enrolment with a code from the new authenticator: stores the secret, encrypted for this official,
 * with the code's step as the last one used, and replaces the recovery codes. Returns the new recovery codes (to
 * show once). A wrong code changes nothing.
 */
export async function confirmEnrolment(
  db: Kysely<DB>,
  keys: SignInKeys,
  props: { sessionId: string; officialId: number; code: string; now?: Date },
): Promise<string[]> {
  const now = props.now ?? new Date();
  return db.transaction().execute(async (trx) => {
    const session = await trx.selectFrom('session').select(['enrolment_secret', 'official_id']).where('id', '=', props.sessionId).forUpdate().executeTakeFirst();
    if (!session?.enrolment_secret || session.official_id !== props.officialId) throw new AppError('conflict', 'error.enrolment_expired');
    const secret = keys.open(sessionOwner(props.sessionId), session.enrolment_secret);
    const check = checkTotp({ secret, typed: props.code, now, lastStep: null });
    if (!check.ok) throw new AppError('validation', 'error.validation', {}, [{ field: 'code', key: 'error.second_factor_wrong' }]);
    await trx
      .updateTable('official')
      .set({ totp_secret: keys.seal(`official:${props.officialId}`, secret), totp_enrolled_at: now, totp_last_step: check.step })
      .where('id', '=', props.officialId)
      .execute();
    await trx.updateTable('session').set({ enrolment_secret: null }).where('id', '=', props.sessionId).execute();
    return replaceRecoveryCodes(trx, keys, props.officialId);
  });
}
