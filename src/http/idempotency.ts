import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../db/types.js';
import { inTransaction } from '../db/repos/cases.js';
import {
  claimIdempotencyKey, findIdempotentAnswer, forgetOldIdempotentAnswers, IDEMPOTENCY_TTL_MS, isKeyTaken, storeIdempotentAnswer, type IdempotencyClaim,
} from '../db/repos/idempotency.js';
import { seal, unseal } from '../domain/seal.js';
import { AppError } from '../errors.js';
import { OFFICE_COOKIE } from './auth.js';

/** An answer a JSON API write gives: its status and body. */
export interface WriteAnswer {
  status: number;
  body: unknown;
}

const SEAL_PURPOSE = 'idempotency';
let lastSweep = 0;

/** The caller behind a write and the credential only they hold (an API key, a session token), or null when anonymous. */
function caller(request: FastifyRequest): { principal: string; credential: string } | null {
  const bearer = request.headers.authorization?.match(/^Bearer\s+(\S+)$/)?.[1];
  if (request.system && bearer) return { principal: `key:${request.system.keyId}`, credential: bearer };
  const session = request.cookies[OFFICE_COOKIE];
  if (request.official && session) return { principal: `official:${request.official.id}`, credential: session };
  return null;
}

/** The header's key: 1–255 visible ASCII characters, optionally quoted (an RFC 8941 string); null when absent. */
export function idempotencyKeyOf(header: unknown): string | null {
  if (header === undefined) return null;
  const text = typeof header === 'string' ? header.trim().replace(/^"(.*)"$/, '$1') : '';
  if (!/^[\x21-\x7e]{1,255}$/.test(text)) throw new AppError('validation', 'error.idempotency_key_invalid');
  return text;
}

/**
 * Runs a JSON API write so that a client may retry it. With an `Idempotency-Key` header, the answer is stored in the
 * write's own transaction (sealed with the caller's credential), so the key and the write commit or vanish together;
 * a retry with the same key and request gets the stored answer (`Idempotent-Replayed: true`) and records nothing, the
 * same key with another request is refused with 422. `write` receives the transaction as its database: commands run
 * inside it. Without the header, the write runs as usual.
 */
export async function idempotentWrite(db: Db, request: FastifyRequest, reply: FastifyReply, write: (db: Db) => Promise<WriteAnswer>): Promise<FastifyReply> {
  const key = idempotencyKeyOf(request.headers['idempotency-key']);
  const who = caller(request);
  if (key === null || who === null) {
    const answer = await write(db);
    return reply.code(answer.status).send(answer.body);
  }
  const claim: IdempotencyClaim = {
    principal: who.principal,
    key,
    requestSha256: createHash('sha256').update(`${request.method}\n${request.routeOptions.url}\n${JSON.stringify(request.params)}\n${JSON.stringify(request.body ?? null)}`).digest('hex'),
  };
  if (Date.now() - lastSweep > 60_000) {
    lastSweep = Date.now();
    await forgetOldIdempotentAnswers(db);
  }
  try {
    const answer = await inTransaction(db, async (trx) => {
      await claimIdempotencyKey(trx, claim);
      const result = await write(trx);
      await storeIdempotentAnswer(trx, claim, result.status, seal(JSON.stringify(result.body), who.credential, SEAL_PURPOSE));
      return result;
    });
    return reply.code(answer.status).send(answer.body);
  } catch (error) {
    if (!isKeyTaken(error)) throw error;
  }
  const stored = await findIdempotentAnswer(db, claim.principal, claim.key);
  if (!stored || stored.created_at.getTime() < Date.now() - IDEMPOTENCY_TTL_MS) throw new AppError('conflict', 'error.idempotency_mismatch');
  if (stored.request_sha256 !== claim.requestSha256) throw new AppError('idempotency_mismatch', 'error.idempotency_mismatch');
  const body = unseal(stored.sealed_response, who.credential, SEAL_PURPOSE);
  if (body === null) throw new AppError('idempotency_mismatch', 'error.idempotency_mismatch');
  return reply.code(stored.status).header('idempotent-replayed', 'true').send(JSON.parse(body));
}
