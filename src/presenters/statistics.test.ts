import { describe, expect, it } from 'vitest';
import { summarizeSatisfaction } from '../domain/satisfaction.js';
import { bySatisfaction, type GroupFigures } from './statistics.js';

/** A group with only what ordering by satisfaction looks at: its code and its ratings (null for an official). */
function group(code: string, scores: number[] | null): GroupFigures {
  return {
    code,
    name: { ko: code, en: code },
    rank: null,
    decided: { n: 0, withheld: true, min_sample: 10, median: null, p90: null, on_time: null } as unknown as GroupFigures['decided'],
    open: 0,
    overdue_now: null,
    top_delay_reasons: [],
    satisfaction: scores === null ? null : summarizeSatisfaction(scores, 3),
  };
}

describe('bySatisfaction', () => {
  it('puts the highest mean first, breaks ties by more ratings, and withheld groups last', () => {
    const groups = [
      group('withheld-2', [5, 5]),
      group('mean-3', [3, 3, 3]),
      group('unrated', []),
      group('mean-4.5-few', [4, 5, 4, 5]),
      group('official', null),
      group('mean-4.5-many', [4, 5, 4, 5, 4, 5]),
      group('mean-5', [5, 5, 5]),
      group('withheld-1', [1]),
    ];
    expect(bySatisfaction(groups).map((g) => g.code)).toEqual(['mean-5', 'mean-4.5-many', 'mean-4.5-few', 'mean-3', 'withheld-2', 'withheld-1', 'unrated']);
    // The input keeps its own (league) order.
    expect(groups[0]!.code).toBe('withheld-2');
  });
});
