import { sql, type Kysely } from 'kysely';
import { z } from 'zod';
import type { DB } from '../../db/schema.js';
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
export async function requestSignInLink(db: Kysely<DB>, props: RequestSignInLinkProps): Promise<void> {
  const email = props.email.trim();
  if (!emailSchema.safeParse(email).success) throw validationError([{ field: 'email', key: 'error.email' }]);
  const now = props.now ?? new Date();
  await db.transaction().execute(async (trx) => {
    // Serialise requests for one address so two parallel requests cannot both pass the limit.
    await sql`SELECT pg_advisory_xact_lock(hashtext(${'signin:' + email.toLowerCase()}))`.execute(trx);
    const { count } = await trx
      .selectFrom('citizen_login')
      .select((eb) => eb.fn.countAll<string>().as('count'))
      .where(sql<string>`lower(email)`, '=', email.toLowerCase())
      .where('created_at', '>', new Date(now.getTime() - 3_600_000))
      .executeTakeFirstOrThrow();
    if (Number(count) >= SIGN_IN_LINKS_PER_HOUR) throw new AppError('rate_limited', 'error.sign_in_rate_limited');
    const token = newToken();
    const tokenHash = hashSecret(token);
    await trx
      .insertInto('citizen_login')
      .values({ token_hash: tokenHash, email, created_at: now, expires_at: new Date(now.getTime() + SIGN_IN_LINK_MINUTES * 60_000) } as never)
      .execute();
    await enqueueMail(trx, {
      idempotencyKey: `signin-${tokenHash.slice(0, 32)}`,
      kind: 'citizen_sign_in',
      recipient: email,
      locale: props.locale,
      params: { token, minutes: SIGN_IN_LINK_MINUTES },
    });
  });
}
