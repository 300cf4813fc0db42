import { describe, expect, it } from 'vitest';
import { reportThrottle } from './reportThrottle.js';

describe('reportThrottle', () => {
  it.each([
    ['allows up to the limit from one address', ['a', 'a', 'a'], 3, [true, true, true]],
    ['refuses past the limit', ['a', 'a', 'a', 'a'], 3, [true, true, true, false]],
    ['counts addresses apart', ['a', 'a', 'b', 'a', 'b'], 2, [true, true, true, false, true]],
  ])('%s', (_name, addresses, limit, expected) => {
    const throttle = reportThrottle(limit);
    expect(addresses.map((a) => throttle.allow(a, 1_000))).toEqual(expected);
  });
  it('forgets every count when the window turns', () => {
    const throttle = reportThrottle(1, 60_000);
    expect(throttle.allow('a', 1_000)).toBe(true);
    expect(throttle.allow('a', 2_000)).toBe(false);
    expect(throttle.allow('a', 61_001)).toBe(true);
  });
  it('refuses new addresses past its bound, still counting known ones', () => {
    const throttle = reportThrottle(5, 60_000, 2);
    expect(throttle.allow('a', 1)).toBe(true);
    expect(throttle.allow('b', 1)).toBe(true);
    expect(throttle.allow('c', 1)).toBe(false);
    expect(throttle.allow('a', 1)).toBe(true);
  });
});
