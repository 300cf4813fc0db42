import { sql, type Kysely } from 'kysely';
import type { Config } from '../../config.js';
import type { DB } from '../../db/schema.js';
import { afterLoginFailure, afterSourceFailure, waitBeforeAttemptMs, type FailureCounter, type ThrottleRules } from '../../domain/signInThrottle.js';
import { AppError } from '../../errors.js';
import type { SignInKeys } from './keys.js';

/** The throttling rules from the configuration (ADR 0008). */
export function throttleRules(config: Config): ThrottleRules {
  return {
    freeFailures: config.LOGIN_MAX_FAILURES,
    baseWaitMs: 30_000,
    maxWaitMs: config.LOCKOUT_MINUTES * 60_000,
    sourceMemoryMs: 24 * 3_600_000,
    globalFailures: config.LOGIN_GLOBAL_FAILURES,
    globalWindowMs: 3_600_000,
    slowdownMs: config.LOGIN_SLOWDOWN_SECONDS * 1000,
  };
}

/** Who is trying: the login as typed (normalised), the client address, and whether the browser signed in to it before. */
export interface SignInSource {
  login: string;
  address: string;
  trustedBrowser: boolean;
}

/** The canonical form of a typed login. */
export const normaliseLogin = (typed: string) => typed.trim().toLowerCase().slice(0, 100);

type Reader = Pick<Kysely<DB>, 'selectFrom'>;

async function counters(db: Reader, keys: string[]): Promise<Map<string, FailureCounter>> {
  const rows = await db.selectFrom('sign_in_throttle').selectAll().where('key', 'in', keys).execute();
  return new Map(rows.map((r) => [r.key, { failures: r.failures, firstFailureAt: r.first_failure_at, lastFailureAt: r.last_failure_at, waitUntil: r.wait_until }]));
}

/**
 * Refuses an attempt that comes too soon after failures (a `rate_limited` error saying how long to wait), the same
 * way whether or not the login exists. Reads only; nothing is written.
 */
export async function refuseIfThrottled(db: Kysely<DB>, keys: SignInKeys, source: SignInSource, now: Date): Promise<void> {
  const sourceKey = keys.sourceKey(source.login, source.address);
  const loginKey = keys.loginKey(source.login);
  const found = await counters(db, [sourceKey, loginKey]);
  const waitMs = waitBeforeAttemptMs({ source: found.get(sourceKey), login: found.get(loginKey), trustedBrowser: source.trustedBrowser, now });
  if (waitMs > 0) throw new AppError('rate_limited', 'error.sign_in_wait', { minutes: Math.ceil(waitMs / 60_000) });
}

/** Counts a failed password or second factor against the source and the login, in one short transaction. */
export async function recordSignInFailure(db: Kysely<DB>, keys: SignInKeys, rules: ThrottleRules, source: SignInSource, now: Date): Promise<void> {
  const sourceKey = keys.sourceKey(source.login, source.address);
  const loginKey = keys.loginKey(source.login);
  await db.transaction().execute(async (trx) => {
    const seed = { failures: 0, first_failure_at: now, last_failure_at: now, wait_until: null };
    await trx.insertInto('sign_in_throttle').values([{ key: sourceKey, ...seed }, { key: loginKey, ...seed }]).onConflict((oc) => oc.column('key').doNothing()).execute();
    // Both rows locked in key order, so two failures at once count twice instead of deadlocking.
    const rows = await trx.selectFrom('sign_in_throttle').selectAll().where('key', 'in', [sourceKey, loginKey]).orderBy('key').forUpdate().execute();
    for (const row of rows) {
      const before = row.failures === 0 ? undefined : { failures: row.failures, firstFailureAt: row.first_failure_at, lastFailureAt: row.last_failure_at, waitUntil: row.wait_until };
      const after = row.key === sourceKey ? afterSourceFailure(before, now, rules) : afterLoginFailure(before, now, rules);
      await trx
        .updateTable('sign_in_throttle')
        .set({ failures: after.failures, first_failure_at: after.firstFailureAt, last_failure_at: after.lastFailureAt, wait_until: after.waitUntil })
        .where('key', '=', row.key)
        .execute();
    }
  });
  // Counters nobody touched for a day are forgotten; the index on last_failure_at keeps this cheap.
  await db.deleteFrom('sign_in_throttle').where('last_failure_at', '<', sql<Date>`${now}::timestamptz - interval '1 day'`).execute();
}

/** Forgets a source's failures once it signed in completely (the login's own count runs on, against distributed guessing). */
export async function clearSourceFailures(db: Kysely<DB>, keys: SignInKeys, source: SignInSource): Promise<void> {
  await db.deleteFrom('sign_in_throttle').where('key', '=', keys.sourceKey(source.login, source.address)).execute();
}
