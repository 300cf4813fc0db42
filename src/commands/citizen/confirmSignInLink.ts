import type { Db } from '../../db/types.js';
import { inTransaction } from '../../db/repos/cases.js';
import { citizenByEmail, findSignInLink, insertCitizen, spendSignInLink } from '../../db/repos/citizens.js';
import { hashSecret } from '../../domain/secrets.js';
import { AppError } from '../../errors.js';

/** What a sign-in link's token says before it is used; never consumes it (a mail scanner may GET the link). */
export async function inspectSignInLink(db: Db, token: string, now = new Date()): Promise<'valid' | 'used' | 'expired' | 'unknown'> {
  const row = await findSignInLink(db, hashSecret(token));
  if (!row) return 'unknown';
  if (row.used_at) return 'used';
  if (row.expires_at <= now) return 'expired';
  return 'valid';
}

/**
 * Uses a sign-in link once and returns the citizen it signs in, created on first use. A used, expired or unknown
 * token throws a `conflict` (or `not_found`) with a message saying which, and changes nothing.
 */
export async function confirmSignInLink(db: Db, token: string, now = new Date()): Promise<{ citizenId: number; email: string }> {
  return inTransaction(db, async (trx) => {
    const email = await spendSignInLink(trx, hashSecret(token), now);
    if (email === undefined) {
      const state = await inspectSignInLink(trx, token, now);
      if (state === 'used') throw new AppError('conflict', 'error.sign_in_link_used');
      if (state === 'expired') throw new AppError('conflict', 'error.sign_in_link_expired');
      throw new AppError('not_found', 'error.link_invalid');
    }
    const citizen = (await citizenByEmail(trx, email)) ?? (await insertCitizen(trx, email));
    return { citizenId: citizen.id, email: citizen.email };
  });
}
