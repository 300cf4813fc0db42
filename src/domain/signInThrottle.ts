/**
 * The arithmetic of sign-in throttling, without storage: how long a source must wait after failures, when a
 * counter is forgotten, and when a login is under distributed guessing. Counters are kept per (login, address)
 * ("source") and per login; neither ever locks an account: the worst any stranger can cause is a bounded wait.
 */

/** A stored failure counter. */
export interface FailureCounter {
  failures: number;
  firstFailureAt: Date;
  lastFailureAt: Date;
  /** No attempt is taken from this source (or, for a login counter, from an unknown browser) before then. */
  waitUntil: Date | null;
}

export interface ThrottleRules {
  /** Failures from one source that cost nothing; from the next one on, the source waits. */
  freeFailures: number;
  /** The first wait, doubled with each further failure. */
  baseWaitMs: number;
  /** The longest wait of one source. */
  maxWaitMs: number;
  /** A source's counter is forgotten this long after its last failure. */
  sourceMemoryMs: number;
  /** Failures of one login from everywhere, within `globalWindowMs`, past which the login slows down. */
  globalFailures: number;
  globalWindowMs: number;
  /** The wait between attempts on a slowed-down login. */
  slowdownMs: number;
}

/** Milliseconds a source waits after its `failures`-th failure: none for the free ones, then doubling, capped. */
export function sourceWaitMs(failures: number, rules: ThrottleRules): number {
  if (failures < rules.freeFailures) return 0;
  const doublings = Math.min(failures - rules.freeFailures, 30);
  return Math.min(rules.maxWaitMs, rules.baseWaitMs * 2 ** doublings);
}

/** A source's counter after one more failure at `now` (a stale counter starts again from one). */
export function afterSourceFailure(counter: FailureCounter | undefined, now: Date, rules: ThrottleRules): FailureCounter {
  const fresh = !counter || now.getTime() - counter.lastFailureAt.getTime() > rules.sourceMemoryMs;
  const failures = fresh ? 1 : counter.failures + 1;
  const wait = sourceWaitMs(failures, rules);
  return {
    failures,
    firstFailureAt: fresh ? now : counter.firstFailureAt,
    lastFailureAt: now,
    waitUntil: wait > 0 ? new Date(now.getTime() + wait) : null,
  };
}

/** A login's counter after one more failure at `now`: counted in fixed windows; past the threshold, each failure imposes the slowdown. */
export function afterLoginFailure(counter: FailureCounter | undefined, now: Date, rules: ThrottleRules): FailureCounter {
  const fresh = !counter || now.getTime() - counter.firstFailureAt.getTime() > rules.globalWindowMs;
  const failures = fresh ? 1 : counter.failures + 1;
  return {
    failures,
    firstFailureAt: fresh ? now : counter.firstFailureAt,
    lastFailureAt: now,
    waitUntil: failures >= rules.globalFailures ? new Date(now.getTime() + rules.slowdownMs) : null,
  };
}

/**
 * Milliseconds before an attempt may be taken (0: now). The source's own wait always applies; the login's
 * slowdown applies only to browsers that never signed in to it (`trustedBrowser` false), so its owner is not
 * held back by strangers guessing from elsewhere.
 */
export function waitBeforeAttemptMs(props: { source?: FailureCounter; login?: FailureCounter; trustedBrowser: boolean; now: Date }): number {
  const until = (c?: FailureCounter) => (c?.waitUntil ? c.waitUntil.getTime() - props.now.getTime() : 0);
  return Math.max(0, until(props.source), props.trustedBrowser ? 0 : until(props.login));
}
