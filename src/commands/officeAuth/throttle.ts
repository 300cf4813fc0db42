import type { Config } from '../../config.js';
import type { Db } from '../../db/types.js';
import { inTransaction } from '../../db/repos/cases.js';
import {
  forgetIdleThrottleCounters, forgetThrottleCounter, lockThrottleCounters, saveThrottleCounter, seedThrottleCounters, throttleCounters,
} from '../../db/repos/officeAuth.js';
import { afterLoginFailure, afterSourceFailure, waitBeforeAttemptMs, type ThrottleRules } from '../../domain/signInThrottle.js';
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

/**
 * Refuses an attempt that comes too soon after failures (a `rate_limited` error saying how long to wait), the same
 * way whether or not the login exists. Reads only; nothing is written.
 */
export async function refuseIfThrottled(db: Db, keys: SignInKeys, source: SignInSource, now: Date): Promise<void> {
  const sourceKey = keys.sourceKey(source.login, source.address);
  const loginKey = keys.loginKey(source.login);
  const found = await throttleCounters(db, [sourceKey, loginKey]);
  const waitMs = waitBeforeAttemptMs({ source: found.get(sourceKey), login: found.get(loginKey), trustedBrowser: source.trustedBrowser, now });
  if (waitMs > 0) throw new AppError('rate_limited', 'error.sign_in_wait', { minutes: Math.ceil(waitMs / 60_000) });
}

/** Counts a failed password or second factor against the source and the login, in one short transaction. */
export async function recordSignInFailure(db: Db, keys: SignInKeys, rules: ThrottleRules, source: SignInSource, now: Date): Promise<void> {
  const sourceKey = keys.sourceKey(source.login, source.address);
  const loginKey = keys.loginKey(source.login);
  await inTransaction(db, async (trx) => {
    await seedThrottleCounters(trx, [sourceKey, loginKey], now);
    // Both rows locked in key order, so two failures at once count twice instead of deadlocking.
    for (const { key, counter } of await lockThrottleCounters(trx, [sourceKey, loginKey])) {
      const before = counter.failures === 0 ? undefined : counter;
      const after = key === sourceKey ? afterSourceFailure(before, now, rules) : afterLoginFailure(before, now, rules);
      await saveThrottleCounter(trx, key, after);
    }
  });
  // Counters nobody touched for a day are forgotten; the index on last_failure_at keeps this cheap.
  await forgetIdleThrottleCounters(db, now);
}

/** Forgets a source's failures once it signed in completely (the login's own count runs on, against distributed guessing). */
export async function clearSourceFailures(db: Db, keys: SignInKeys, source: SignInSource): Promise<void> {
  await forgetThrottleCounter(db, keys.sourceKey(source.login, source.address));
}
