import type { Db } from '../../db/types.js';
import { inTransaction } from '../../db/repos/cases.js';
import { lockSecondFactor, spendRecoveryCode, storeTotpStep } from '../../db/repos/officeAuth.js';
import type { ThrottleRules } from '../../domain/signInThrottle.js';
import { checkTotp, looksLikeTotp } from '../../domain/totp.js';
import { AppError } from '../../errors.js';
import type { SignInKeys } from './keys.js';
import { normaliseRecoveryCode } from './recoveryCodes.js';
import { recordSignInFailure, refuseIfThrottled, type SignInSource } from './throttle.js';

export interface SecondFactorProps {
  officialId: number;
  /** Six digits from the authenticator app, or one of the official's recovery codes. */
  typed: string;
  source: SignInSource;
  keys: SignInKeys;
  rules: ThrottleRules;
  now?: Date;
  /** The time codes are checked against, when not `now` (tests move it on). */
  codeTime?: Date;
}

/**
 * The second step of sign-in: an authenticator code of the previous, current or next 30-second step not used
 * before (the accepted step is stored under the official's row lock, so a code opens one session only), or an
 * unused recovery code, spent in the same statement that finds it. A wrong, replayed or spent code counts as a
 * failed sign-in of the login, like a wrong password, and is throttled the same way. Returns how it was proven.
 */
export async function verifySecondFactor(db: Db, props: SecondFactorProps): Promise<{ by: 'totp' | 'recovery_code' }> {
  const now = props.now ?? new Date();
  await refuseIfThrottled(db, props.keys, props.source, now);
  const typed = props.typed.trim().slice(0, 40);
  const accepted = looksLikeTotp(typed)
    ? await inTransaction(db, async (trx) => {
        const row = await lockSecondFactor(trx, props.officialId);
        if (!row?.totpSecret) return false;
        const secret = props.keys.open(`official:${props.officialId}`, row.totpSecret);
        const check = checkTotp({ secret, typed, now: props.codeTime ?? now, lastStep: row.lastStep });
        if (!check.ok) return false;
        await storeTotpStep(trx, props.officialId, check.step);
        return true;
      })
    : typed.length > 0 && (await spendRecoveryCode(db, props.officialId, props.keys.recoveryHash(normaliseRecoveryCode(typed)), now));
  if (!accepted) {
    await recordSignInFailure(db, props.keys, props.rules, props.source, now);
    throw new AppError('unauthenticated', 'error.second_factor_wrong');
  }
  return { by: looksLikeTotp(typed) ? 'totp' : 'recovery_code' };
}
