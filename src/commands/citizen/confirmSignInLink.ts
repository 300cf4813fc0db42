import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { hashSecret } from '../../domain/secrets.js';
import { AppError } from '../../errors.js';

/** What a sign-in link's token says before it is used; never consumes it (a mail scanner may GET the link). */
export async function inspectSignInLink(db: Kysely<DB>, token: string, now = new Date()): Promise<'valid' | 'used' | 'expired' | 'unknown'> {
  const row = await db.selectFrom('citizen_login').select(['expires_at', 'used_at']).where('token_hash', '=', hashSecret(token)).executeTakeFirst();
  if (!row) return 'unknown';
  if (row.used_at) return 'used';
  if (row.expires_at <= now) return 'expired';
  return 'valid';
}

/**
 * Uses a sign-in link once and returns the citizen it signs in, created on first use. A used, expired or unknown
 * token throws a `conflict` (or `not_found`) with a message saying which, and changes nothing.
 */
export async function confirmSignInLink(db: Kysely<DB>, token: string, now = new Date()): Promise<{ citizenId: number; email: string }> {
  return db.transaction().execute(async (trx) => {
    const used = await trx
      .updateTable('citizen_login')
      .set({ used_at: now })
      .where('token_hash', '=', hashSecret(token))
      .where('used_at', 'is', null)
      .where('expires_at', '>', now)
      .returning('email')
      .executeTakeFirst();
    if (!used) {
      const state = await inspectSignInLink(trx, token, now);
      if (state === 'used') throw new AppError('conflict', 'error.sign_in_link_used');
      if (state === 'expired') throw new AppError('conflict', 'error.sign_in_link_expired');
      throw new AppError('not_found', 'error.link_invalid');
    }
    const existing = await trx
      .selectFrom('citizen')
      .select(['id', 'email'])
      .where(sql<string>`lower(email)`, '=', used.email.toLowerCase())
      .executeTakeFirst();
    if (existing) return { citizenId: Number(existing.id), email: existing.email };
    const created = await trx.insertInto('citizen').values({ email: used.email }).returning(['id', 'email']).executeTakeFirstOrThrow();
    return { citizenId: Number(created.id), email: created.email };
  });
}
