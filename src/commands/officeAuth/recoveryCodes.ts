import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema.js';
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
export async function replaceRecoveryCodes(trx: Transaction<DB> | Kysely<DB>, keys: SignInKeys, officialId: number): Promise<string[]> {
  const codes = Array.from({ length: RECOVERY_CODES }, () => newAccessCode());
  await trx.deleteFrom('official_recovery_code').where('official_id', '=', officialId).execute();
  await trx
    .insertInto('official_recovery_code')
    .values(codes.map((code) => ({ official_id: officialId, code_hash: keys.recoveryHash(normaliseRecoveryCode(code)) })))
    .execute();
  return codes;
}

/** How many unused recovery codes an official has left. */
export async function remainingRecoveryCodes(db: Kysely<DB>, officialId: number): Promise<number> {
  const row = await db
    .selectFrom('official_recovery_code')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('official_id', '=', officialId)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/**
 * Regenerates an enrolled official's recovery codes, which invalidates the old ones; asks a current authenticator
 * code first (accepted once, like at sign-in), so a session left open cannot be used to take over the account.
 */
export async function regenerateRecoveryCodes(db: Kysely<DB>, keys: SignInKeys, props: { officialId: number; code: string; now?: Date }): Promise<string[]> {
  const now = props.now ?? new Date();
  return db.transaction().execute(async (trx) => {
    const row = await trx.selectFrom('official').select(['totp_secret', 'totp_last_step']).where('id', '=', props.officialId).forUpdate().executeTakeFirstOrThrow();
    if (!row.totp_secret) throw new AppError('conflict', 'error.second_factor_not_enrolled');
    const secret = keys.open(`official:${props.officialId}`, row.totp_secret);
    const check = checkTotp({ secret, typed: props.code, now, lastStep: row.totp_last_step === null ? null : Number(row.totp_last_step) });
    if (!check.ok) throw new AppError('validation', 'error.validation', {}, [{ field: 'code', key: 'error.second_factor_wrong' }]);
    await trx.updateTable('official').set({ totp_last_step: check.step }).where('id', '=', props.officialId).execute();
    return replaceRecoveryCodes(trx, keys, props.officialId);
  });
}
