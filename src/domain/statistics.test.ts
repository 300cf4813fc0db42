import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { median, percentile, rankByOnTime, summarize, weightedPercentile, wilson, type CaseOutcome } from './statistics.js';

describe('wilson', () => {
  // Reference values: Wilson (1927) score interval at z = 1.96, as tabulated by Newcombe (1998, method 3) and
  // reproduced by R's `prop.test(x, n, correct = FALSE)`.
  it.each([
    [8, 10, 0.4902, 0.9433],
    [0, 10, 0, 0.2775],
    [10, 10, 0.7225, 1],
    [50, 100, 0.4038, 0.5962],
    [1, 2, 0.0945, 0.9055],
    [81, 263, 0.2553, 0.3662],
    [15, 148, 0.0624, 0.1605],
  ])('%i of %i: [%f, %f]', (x, n, lower, upper) => {
    const w = wilson(x, n);
    expect(w.share).toBeCloseTo(x / n, 10);
    expect(w.lower).toBeCloseTo(lower, 4);
    expect(w.upper).toBeCloseTo(upper, 4);
  });

  it('always contains the observed share and stays within [0, 1]', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000 }).chain((n) => fc.tuple(fc.integer({ min: 0, max: n }), fc.constant(n))), ([x, n]) => {
        const w = wilson(x, n);
        expect(w.lower).toBeGreaterThanOrEqual(0);
        expect(w.upper).toBeLessThanOrEqual(1);
        expect(w.lower).toBeLessThanOrEqual(w.share + 1e-12);
        expect(w.upper).toBeGreaterThanOrEqual(w.share - 1e-12);
      }),
    );
  });

  it('narrows as the sample grows at the same share', () => {
    const small = wilson(9, 10);
    const large = wilson(900, 1000);
    expect(large.upper - large.lower).toBeLessThan(small.upper - small.lower);
  });

  it.each([
    [3, 2],
    [-1, 5],
    [1, 0],
    [1.5, 4],
  ])('refuses %f of %f', (x, n) => {
    expect(() => wilson(x, n)).toThrow();
  });
});

describe('percentiles', () => {
  it.each([
    [[1, 2, 3, 4], 0.5, 2.5],
    [[5, 1, 3], 0.5, 3],
    [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9, 9.1],
    [[10], 0.9, 10],
    [[1, 2], 0, 1],
    [[1, 2], 1, 2],
  ])('%j at %f is %f (linear interpolation, like percentile_cont)', (values, p, want) => {
    expect(percentile(values, p)).toBeCloseTo(want, 10);
  });

  it('has no median of nothing', () => {
    expect(median([])).toBeNull();
  });

  it('does not reorder its input', () => {
    const values = [3, 1, 2];
    median(values);
    expect(values).toEqual([3, 1, 2]);
  });
});

describe('weighted percentiles', () => {
  it.each([
    [[{ value: 3, count: 2 }, { value: 1, count: 1 }], 0.5, 3],
    [[{ value: 1, count: 2 }, { value: 2, count: 2 }], 0.5, 1.5],
    [[{ value: 4, count: 1 }, { value: 1, count: 9 }], 0.9, 1.3],
    [[{ value: 7, count: 0 }, { value: 2, count: 3 }], 1, 2],
    [[{ value: 7, count: 0 }], 0.5, null],
    [[], 0.5, null],
  ])('%j at %f is %s', (values, p, want) => {
    const got = weightedPercentile(values, p);
    if (want === null) expect(got).toBeNull();
    else expect(got).toBeCloseTo(want, 10);
  });

  it('equals the percentile of the values written out, exactly', () => {
    const grouped = fc.array(fc.record({ value: fc.double({ min: 0, max: 400, noNaN: true }), count: fc.integer({ min: 0, max: 6 }) }), { maxLength: 30 });
    fc.assert(
      fc.property(grouped, fc.constantFrom(0, 0.1, 0.5, 0.9, 1), (values, p) => {
        expect(weightedPercentile(values, p)).toBe(percentile(values.flatMap((v) => Array<number>(v.count).fill(v.value)), p));
      }),
    );
  });
});

describe('summarize with counts', () => {
  it('gives the same summary for counted cases as for the cases one by one', () => {
    const one = cases(23, 17);
    const counted = new Map<string, CaseOutcome & { count: number }>();
    for (const c of one) {
      const key = `${c.duration}/${c.onTime}`;
      const found = counted.get(key);
      if (found) found.count++;
      else counted.set(key, { ...c, count: 1 });
    }
    expect(summarize([...counted.values()])).toEqual(summarize(one));
  });
});

const cases = (n: number, onTime: number, duration = 5): CaseOutcome[] =>
  Array.from({ length: n }, (_, i) => ({ duration: duration + (i % 3), onTime: i < onTime }));

describe('summarize', () => {
  it('withholds every figure below the minimum sample', () => {
    expect(summarize(cases(9, 9))).toEqual({ n: 9, withheld: true, min_sample: 10, median: null, p90: null, on_time: null });
  });

  it('gives the median, the 90th percentile and the on-time share with its interval', () => {
    const s = summarize(cases(10, 8));
    expect(s).toMatchObject({ n: 10, withheld: false, median: 6, p90: 7 });
    expect(s.on_time?.share).toBe(0.8);
    expect(s.on_time?.lower).toBeCloseTo(0.4902, 4);
  });

  it('takes another minimum sample', () => {
    expect(summarize(cases(3, 3), 3).withheld).toBe(false);
    expect(summarize([], 0).withheld).toBe(true);
  });
});

describe('rankByOnTime', () => {
  it('never ranks a unit with two cases first', () => {
    const table = rankByOnTime([
      { key: 'two-cases', cases: cases(2, 2) },
      { key: 'large', cases: cases(200, 180) },
      { key: 'small', cases: cases(12, 12) },
    ]);
    expect(table.map((r) => [r.key, r.rank])).toEqual([
      ['large', 1], // 90% of 200: lower bound 0.85
      ['small', 2], // 100% of 12: lower bound 0.76
      ['two-cases', null],
    ]);
  });

  it('ranks by the lower bound even when every sample is large enough', () => {
    const table = rankByOnTime(
      [
        { key: 'perfect-but-tiny', cases: cases(2, 2) },
        { key: 'solid', cases: cases(100, 95) },
      ],
      1,
    );
    expect(table[0]?.key).toBe('solid');
  });

  it('gives equal lower bounds the same rank, the larger sample first', () => {
    const table = rankByOnTime([
      { key: 'a', cases: cases(20, 10) },
      { key: 'b', cases: cases(20, 10) },
      { key: 'c', cases: cases(20, 5) },
    ]);
    expect(table.map((r) => r.rank)).toEqual([1, 1, 3]);
  });
});
