import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../schema.js';

/** How long an Idempotency-Key's answer is kept: a client retries within minutes, a day is generous. */
export const IDEMPOTENCY_TTL_MS = 24 * 3_600_000;

export interface IdempotencyClaim {
  principal: string;
  key: string;
  requestSha256: string;
}

/**
 * Claims a key in the write's own transaction. A concurrent request with the same key waits here until the first
 * commits (then fails with a unique violation, see `isKeyTaken`) or rolls back (then goes on as the first).
 */
export async function claimIdempotencyKey(trx: Transaction<DB>, claim: IdempotencyClaim): Promise<void> {
  await trx
    .insertInto('idempotent_request')
    .values({ principal: claim.principal, key: claim.key, request_sha256: claim.requestSha256, status: 0, sealed_response: '' })
    .execute();
}

/** Stores the answer with the claim, still inside the write's transaction. */
export async function storeIdempotentAnswer(trx: Transaction<DB>, claim: IdempotencyClaim, status: number, sealed: string): Promise<void> {
  await trx
    .updateTable('idempotent_request')
    .set({ status, sealed_response: sealed })
    .where('principal', '=', claim.principal)
    .where('key', '=', claim.key)
    .execute();
}

/** The stored answer for a key, if any. */
export async function findIdempotentAnswer(db: Kysely<DB>, principal: string, key: string) {
  return db
    .selectFrom('idempotent_request')
    .select(['request_sha256', 'status', 'sealed_response', 'created_at'])
    .where('principal', '=', principal)
    .where('key', '=', key)
    .executeTakeFirst();
}

/** Whether an error is the unique violation of a key already claimed by a committed request. */
export function isKeyTaken(error: unknown): boolean {
  const e = error as { code?: string; constraint?: string };
  return e?.code === '23505' && e.constraint === 'idempotent_request_pkey';
}

/** Forgets answers older than `IDEMPOTENCY_TTL_MS`. */
export async function forgetOldIdempotentAnswers(db: Kysely<DB>, now = new Date()): Promise<void> {
  await db.deleteFrom('idempotent_request').where('created_at', '<', new Date(now.getTime() - IDEMPOTENCY_TTL_MS)).execute();
}
