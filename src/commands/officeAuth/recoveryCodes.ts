import type { Db } from '../../db/types.js';
import { inTransaction } from '../../db/repos/cases.js';
import { countUnusedRecoveryCodes, lockSecondFactor, replaceRecoveryCodeHashes, storeTotpStep } from '../../db/repos/officeAuth.js';
import { newAccessCode, normalizeAccessCode } from '../../domain/secrets.js';
import { checkTotp } from '../../domain/totp.js';
import { AppError } from '../../errors.js';
import type { SignInKeys } from './keys.js';

/** How many recovery codes an official gets at once. */
export const RECOVERY_CODES = 10;

/** The canonical form of a typed recovery code (the access codes' alphabet: no look-alikes, separators ignored). */
export const normaliseRecoveryCode = normalizeAccessCode;

/**
 * Replaces an official's recovery codes with ten new ones (60 bits each, in groups of four) and returns them in
 * clear: the only time they exist outside the person's hands. Only their keyed hashes are stored.
 */
export async function replaceRecoveryCodes(trx: Db, keys: SignInKeys, officialId: number): Promise<string[]> {
  const codes = Array.from({ length: RECOVERY_CODES }, () => newAccessCode());
  await replaceRecoveryCodeHashes(trx, officialId, codes.map((code) => keys.recoveryHash(normaliseRecoveryCode(code))));
  return codes;
}

/** How many unused recovery codes an official has left. */
export async function remainingRecoveryCodes(db: Db, officialId: number): Promise<number> {
  return countUnusedRecoveryCodes(db, officialId);
}

/**
 * Regenerates an enrolled official's recovery codes, which invalidates the old ones; asks a current authenticator
 * code first (accepted once, like at sign-in), so a session left open cannot be used to take over the account.
 */
export async function regenerateRecoveryCodes(db: Db, keys: SignInKeys, props: { officialId: number; code: string; now?: Date }): Promise<string[]> {
  const now = props.now ?? new Date();
  return inTransaction(db, async (trx) => {
    const row = await lockSecondFactor(trx, props.officialId);
    if (!row) throw new Error(`official ${props.officialId} not found`);
    if (!row.totpSecret) throw new AppError('conflict', 'error.second_factor_not_enrolled');
    const secret = keys.open(`official:${props.officialId}`, row.totpSecret);
    const check = checkTotp({ secret, typed: props.code, now, lastStep: row.lastStep });
    if (!check.ok) throw new AppError('validation', 'error.validation', {}, [{ field: 'code', key: 'error.second_factor_wrong' }]);
    await storeTotpStep(trx, props.officialId, check.step);
    return replaceRecoveryCodes(trx, keys, props.officialId);
  });
}
