import { z } from 'zod';
import type { Db } from '../../db/types.js';
import { inTransaction } from '../../db/repos/cases.js';
import { countSignInLinksSince, insertSignInLink, lockSignInAddress } from '../../db/repos/citizens.js';
import { enqueueMail } from '../../db/repos/outbox.js';
import { hashSecret, newToken } from '../../domain/secrets.js';
import { AppError, validationError } from '../../errors.js';

/** Minutes a sign-in link stays valid. */
export const SIGN_IN_LINK_MINUTES = 15;
/** Links one address may be sent per hour; beyond it the form refuses and writes nothing (no mail-bombing). */
export const SIGN_IN_LINKS_PER_HOUR = 3;

export interface RequestSignInLinkProps {
  /** The address as typed; trimmed and checked here. */
  email: string;
  /** The language the e-mail is written in. */
  locale: string;
  now?: Date;
}

const emailSchema = z.email().max(254);

/**
 * Creates a single-use sign-in link for an address and puts its e-mail into the outbox, in one transaction. Only the
 * SHA-256 of the link's token is kept in `citizen_login`. Throws `validation` for an invalid address and
 * `rate_limited` past SIGN_IN_LINKS_PER_HOUR for that address (compared case-insensitively); either writes nothing.
 */
export async function requestSignInLink(db: Db, props: RequestSignInLinkProps): Promise<void> {
  const email = props.email.trim();
  if (!emailSchema.safeParse(email).success) throw validationError([{ field: 'email', key: 'error.email' }]);
  const now = props.now ?? new Date();
  await inTransaction(db, async (trx) => {
    // Serialise requests for one address so two parallel requests cannot both pass the limit.
    await lockSignInAddress(trx, email);
    if ((await countSignInLinksSince(trx, email, new Date(now.getTime() - 3_600_000))) >= SIGN_IN_LINKS_PER_HOUR) {
      throw new AppError('rate_limited', 'error.sign_in_rate_limited');
    }
    const token = newToken();
    const tokenHash = hashSecret(token);
    await insertSignInLink(trx, { tokenHash, email, createdAt: now, expiresAt: new Date(now.getTime() + SIGN_IN_LINK_MINUTES * 60_000) });
    await enqueueMail(trx, {
      idempotencyKey: `signin-${tokenHash.slice(0, 32)}`,
      kind: 'citizen_sign_in',
      recipient: email,
      locale: props.locale,
      params: { token, minutes: SIGN_IN_LINK_MINUTES },
    });
  });
}
