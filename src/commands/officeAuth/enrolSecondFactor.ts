import type { Db } from '../../db/types.js';
import { inTransaction } from '../../db/repos/cases.js';
import { clearEnrolmentSecret, enrolmentSecretOf, lockEnrolment, saveEnrolmentSecret, storeSecondFactor } from '../../db/repos/officeAuth.js';
import { checkTotp, newTotpSecret } from '../../domain/totp.js';
import { AppError } from '../../errors.js';
import type { SignInKeys } from './keys.js';
import { replaceRecoveryCodes } from './recoveryCodes.js';

const sessionOwner = (sessionId: string) => `enrolment:${sessionId}`;

/**
 * The candidate TOTP secret shown on a session's enrolment page: made on first view and kept, encrypted, on the
 * session until confirmed, so reloading the page shows the same QR code.
 */
export async function enrolmentSecret(db: Db, keys: SignInKeys, sessionId: string): Promise<string> {
  const sealed = await enrolmentSecretOf(db, sessionId);
  if (sealed) return keys.open(sessionOwner(sessionId), sealed);
  const secret = newTotpSecret();
  await saveEnrolmentSecret(db, sessionId, keys.seal(sessionOwner(sessionId), secret));
  return secret;
}

/**
 * Confirms enrolment with a code from the new authenticator: stores the secret, encrypted for this official,
 * with the code's step as the last one used, and replaces the recovery codes. Returns the new recovery codes (to
 * show once). A wrong code changes nothing.
 */
export async function confirmEnrolment(
  db: Db,
  keys: SignInKeys,
  props: { sessionId: string; officialId: number; code: string; now?: Date },
): Promise<string[]> {
  const now = props.now ?? new Date();
  return inTransaction(db, async (trx) => {
    const session = await lockEnrolment(trx, props.sessionId);
    if (!session?.enrolment_secret || session.official_id !== props.officialId) throw new AppError('conflict', 'error.enrolment_expired');
    const secret = keys.open(sessionOwner(props.sessionId), session.enrolment_secret);
    const check = checkTotp({ secret, typed: props.code, now, lastStep: null });
    if (!check.ok) throw new AppError('validation', 'error.validation', {}, [{ field: 'code', key: 'error.second_factor_wrong' }]);
    await storeSecondFactor(trx, props.officialId, { sealedSecret: keys.seal(`official:${props.officialId}`, secret), enrolledAt: now, lastStep: check.step });
    await clearEnrolmentSecret(trx, props.sessionId);
    return replaceRecoveryCodes(trx, keys, props.officialId);
  });
}
