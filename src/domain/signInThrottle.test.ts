import { describe, expect, it } from 'vitest';
import { afterLoginFailure, afterSourceFailure, sourceWaitMs, waitBeforeAttemptMs, type FailureCounter, type ThrottleRules } from './signInThrottle.js';

const RULES: ThrottleRules = {
  freeFailures: 5, baseWaitMs: 30_000, maxWaitMs: 15 * 60_000, sourceMemoryMs: 24 * 3_600_000,
  globalFailures: 100, globalWindowMs: 3_600_000, slowdownMs: 30_000,
};
const T0 = new Date('2026-03-02T09:00:00Z');
const later = (ms: number) => new Date(T0.getTime() + ms);

describe('a source’s wait after failures', () => {
  it.each([
    [1, 0], [4, 0], [5, 30_000], [6, 60_000], [7, 120_000], [8, 240_000], [9, 480_000], [10, 900_000], [11, 900_000], [500, 900_000],
  ])('after %i failures: %i ms', (failures, wait) => {
    expect(sourceWaitMs(failures, RULES)).toBe(wait);
  });

  it('counts failures and sets the wait from the last one', () => {
    let counter: FailureCounter | undefined;
    for (let i = 0; i < 6; i++) counter = afterSourceFailure(counter, later(i * 1000), RULES);
    expect(counter).toEqual({ failures: 6, firstFailureAt: T0, lastFailureAt: later(5000), waitUntil: later(5000 + 60_000) });
  });

  it('forgets a counter a day after its last failure', () => {
    const old: FailureCounter = { failures: 9, firstFailureAt: T0, lastFailureAt: T0, waitUntil: later(480_000) };
    expect(afterSourceFailure(old, later(24 * 3_600_000 + 1), RULES)).toMatchObject({ failures: 1, waitUntil: null });
  });
});

describe('a login under distributed guessing', () => {
  it.each([
    [98, null],
    [99, 30_000],
    [150, 30_000],
  ])('after %i earlier failures in the hour the next one imposes %s ms', (earlier, wait) => {
    const counter: FailureCounter = { failures: earlier, firstFailureAt: T0, lastFailureAt: later(60_000), waitUntil: null };
    const after = afterLoginFailure(counter, later(120_000), RULES);
    expect(after.failures).toBe(earlier + 1);
    expect(after.waitUntil).toEqual(wait === null ? null : later(120_000 + wait));
  });

  it('starts a new window an hour after the first failure', () => {
    const counter: FailureCounter = { failures: 400, firstFailureAt: T0, lastFailureAt: later(3_500_000), waitUntil: later(3_530_000) };
    expect(afterLoginFailure(counter, later(3_600_001), RULES)).toMatchObject({ failures: 1, waitUntil: null });
  });
});

describe('when an attempt may be taken', () => {
  const source: FailureCounter = { failures: 6, firstFailureAt: T0, lastFailureAt: T0, waitUntil: later(60_000) };
  const login: FailureCounter = { failures: 120, firstFailureAt: T0, lastFailureAt: T0, waitUntil: later(30_000) };
  it.each([
    ['no failures', undefined, undefined, false, 0, 0],
    ['a waiting source', source, undefined, false, 10_000, 50_000],
    ['a waiting source, even in a trusted browser', source, undefined, true, 10_000, 50_000],
    ['a slowed-down login, in an unknown browser', undefined, login, false, 10_000, 20_000],
    ['a slowed-down login, in a browser that signed in before', undefined, login, true, 10_000, 0],
    ['after the wait', source, login, false, 60_000, 0],
  ])('%s', (_name, s, l, trusted, at, wait) => {
    expect(waitBeforeAttemptMs({ source: s, login: l, trustedBrowser: trusted, now: later(at) })).toBe(wait);
  });
});
