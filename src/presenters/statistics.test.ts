import { describe, expect, it } from 'vitest';
import { summarizeSatisfaction } from '../domain/satisfaction.js';
import { bySatisfaction, countDelays, type GroupFigures } from './statistics.js';

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

describe('countDelays', () => {
  const counted = (categories: (string | null)[]) => Object.fromEntries(countDelays(categories.map((category) => ({ category }))).map((d) => [d.category, d.count]));
  it.each<[string, (string | null)[], Record<string, number>]>([
    ['nothing recorded: every category, at zero', [], { waiting_other_body: 0, incomplete_documents: 0, site_inspection: 0, workload: 0, legal_question: 0, applicant_request: 0, other: 0 }],
    ['one reason once, whatever language its text was in', ['workload', 'workload', 'site_inspection'], { waiting_other_body: 0, incomplete_documents: 0, site_inspection: 1, workload: 2, legal_question: 0, applicant_request: 0, other: 0 }],
    ['reasons from before categories (and unknown ones) count as not stated, last', [null, 'other', 'no_such_thing'], { waiting_other_body: 0, incomplete_documents: 0, site_inspection: 0, workload: 0, legal_question: 0, applicant_request: 0, other: 1, not_stated: 2 }],
  ])('%s', (_name, categories, want) => {
    expect(counted(categories)).toEqual(want);
  });

  it('lists the categories in the fixed order, not stated last', () => {
    expect(countDelays([{ category: null }, { category: 'applicant_request' }]).map((d) => d.category)).toEqual([
      'waiting_other_body', 'incomplete_documents', 'site_inspection', 'workload', 'legal_question', 'applicant_request', 'other', 'not_stated',
    ]);
  });
});
