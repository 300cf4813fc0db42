import { describe, expect, it } from 'vitest';
import { parseSatisfaction, ratingWindow, summarizeSatisfaction } from './satisfaction.js';

const at = (iso: string) => new Date(iso);

describe('ratingWindow', () => {
  const closed = at('2026-03-01T09:00:00Z');
  it.each([
    ['not closed', null, '2026-03-01T09:00:00Z', 'not_closed'],
    ['the moment it closes', closed, '2026-03-01T09:00:00Z', 'open'],
    ['a day later', closed, '2026-03-02T09:00:00Z', 'open'],
    ['the last millisecond', closed, '2026-03-31T08:59:59.999Z', 'open'],
    ['exactly 30 days later', closed, '2026-03-31T09:00:00Z', 'over'],
    ['a year later', closed, '2027-03-01T09:00:00Z', 'over'],
  ] as const)('%s', (_label, closedAt, now, state) => {
    const w = ratingWindow(closedAt, at(now), 30);
    expect(w.state).toBe(state);
    if (w.state !== 'not_closed') expect(w.until.toISOString()).toBe('2026-03-31T09:00:00.000Z');
  });
});

describe('parseSatisfaction', () => {
  it.each([
    ['1', 1], ['5', 5], [' 3 ', 3], [4, 4],
    ['', null], ['0', null], ['6', null], ['4.5', null], ['-1', null], ['five', null], [undefined, null], ['１', null], ['33', null],
  ] as const)('%j → %j', (input, expected) => {
    expect(parseSatisfaction(input)).toBe(expected);
  });
});

describe('summarizeSatisfaction', () => {
  it.each([
    { label: 'no ratings', scores: [], min: 10, n: 0, withheld: true, mean: null, share: null },
    { label: 'one short of the minimum', scores: Array(9).fill(5), min: 10, n: 9, withheld: true, mean: null, share: null },
    { label: 'exactly the minimum, all very satisfied', scores: Array(10).fill(5), min: 10, n: 10, withheld: false, mean: 5, share: 1 },
    { label: 'all very dissatisfied', scores: Array(10).fill(1), min: 10, n: 10, withheld: false, mean: 1, share: 0 },
    { label: 'threes are not satisfied', scores: [3, 3, 3, 3, 4, 4, 5, 5, 2, 1], min: 10, n: 10, withheld: false, mean: 3.3, share: 0.4 },
    { label: 'mean rounded to two decimals', scores: [5, 4, 4], min: 1, n: 3, withheld: false, mean: 4.33, share: 1 },
  ])('$label', ({ scores, min, n, withheld, mean, share }) => {
    const s = summarizeSatisfaction(scores, min);
    expect(s.n).toBe(n);
    expect(s.withheld).toBe(withheld);
    expect(s.mean).toBe(mean);
    expect(s.satisfied?.share ?? null).toBe(share);
    if (!withheld) expect(s.distribution!.reduce((a, b) => a + b, 0)).toBe(n);
    else expect(s.distribution).toBeNull();
  });

  it('counts each score and gives the share satisfied a Wilson interval', () => {
    const s = summarizeSatisfaction([1, 2, 2, 3, 4, 4, 4, 5, 5, 5, 5, 5], 10);
    expect(s.distribution).toEqual([1, 2, 1, 3, 5]);
    expect(s.satisfied!.successes).toBe(8);
    expect(s.satisfied!.lower).toBeGreaterThan(0.35);
    expect(s.satisfied!.upper).toBeLessThan(0.9);
    expect(s.satisfied!.lower).toBeLessThan(8 / 12);
  });

  it('refuses impossible scores', () => {
    expect(() => summarizeSatisfaction([0], 1)).toThrow();
    expect(() => summarizeSatisfaction([6], 1)).toThrow();
    expect(() => summarizeSatisfaction([2.5], 1)).toThrow();
  });
});
