import { describe, expect, it } from 'vitest';
import { benjaminiHochberg, detectSignals, fisherUpperTail, rateScore, robustCentre, robustZ, type CaseSpan, type HandledCase, type SignalInput, type StageSpan } from './signals.js';

const span = (number: string, minutes: number, over: Partial<StageSpan> = {}): StageSpan => ({
  number, year: 2026, unitId: 1, procedure: 'p', stage: 'review', officialId: 1, workingMinutes: minutes, explained: false, applicant: null, ...over,
});
const handled = (number: string, officialId: number, over: Partial<HandledCase> = {}): HandledCase => ({
  number, year: 2026, unitId: 1, officialId, applicant: null, at: Date.UTC(2026, 2, 1), outcome: 'approved', supplementRequested: false, lateEntry: false, transferred: false, ...over,
});
const input = (over: Partial<SignalInput>): SignalInput => ({ year: 2026, cases: [], stages: [], handled: [], assignments: [], gifts: [], ...over });
const whole = (number: string, minutes: number, over: Partial<CaseSpan> = {}): CaseSpan => ({ number, year: 2026, unitId: 1, procedure: 'p', officialId: 1, workingMinutes: minutes, applicant: null, ...over });
/** Twelve honest decided cases taking 8–10 working days. */
const decided = Array.from({ length: 12 }, (_, i) => whole(`C${i}`, 3840 + i * 100));
/** Twelve honest peers taking 2–3 working days (960–1440 minutes). */
const peers = Array.from({ length: 12 }, (_, i) => span(`H${i}`, 960 + i * 40));
const kinds = (i: SignalInput) => detectSignals(i).map((s) => `${s.kind}:${s.cases.join(',')}`);

describe('robust statistics', () => {
  it.each([
    [[1, 2, 3, 4, 100], 3, 1],
    [[5, 5, 5, 5], 5, 0.1],
  ])('centre of %j is median %d, MAD %d', (values, m, mad) => {
    expect(robustCentre(values)).toEqual({ median: m, mad });
  });
  it('scores one extreme far out however extreme it is', () => {
    expect(robustZ(100, robustCentre([1, 2, 3, 4, 100]))).toBeGreaterThan(60);
  });
  it.each([
    [10, 20, 5, 100, true],
    [2, 20, 10, 100, false],
    [0, 20, 0, 100, false],
  ])('rate %d of %d against %d of %d is an outlier: %s', (hits, n, peerHits, peerN, outlier) => {
    expect(rateScore(hits, n, peerHits, peerN) >= 3).toBe(outlier);
  });
});

/** The hypergeometric upper tail summed term by term in exact integers: the reference the fast test is checked against. */
function naiveFisher(hits: number, n: number, totalHits: number, total: number): number {
  const choose = (a: number, b: number): bigint => {
    if (b < 0 || b > a) return 0n;
    let r = 1n;
    for (let i = 1; i <= b; i++) r = (r * BigInt(a - b + i)) / BigInt(i);
    return r;
  };
  let sum = 0n;
  for (let x = hits; x <= n; x++) sum += choose(totalHits, x) * choose(total - totalHits, n - x);
  return Number((sum * 10n ** 15n) / choose(total, n)) / 1e15;
}

describe('Fisher’s exact test and Benjamini–Hochberg', () => {
  it.each([
    [0, 10, 5, 30], [3, 10, 5, 30], [5, 10, 5, 30], [13, 27, 15, 48], [51, 86, 82, 179], [42, 52, 62, 140], [5, 17, 6, 35], [1, 1, 1, 2], [12, 12, 12, 24],
  ])('%d of %d against %d of %d agrees with the exact sum', (hits, n, totalHits, total) => {
    expect(fisherUpperTail(hits, n, totalHits, total)).toBeCloseTo(naiveFisher(hits, n, totalHits, total), 12);
  });
  it('is 1 for no hits and 0 for more hits than there are', () => {
    expect(fisherUpperTail(0, 10, 4, 30)).toBeCloseTo(1, 12);
    expect(fisherUpperTail(5, 10, 4, 30)).toBe(0);
  });
  it.each<[string, number[], number, boolean[]]>([
    ['the classic example', [0.01, 0.04, 0.03, 0.005], 0.05, [true, true, true, true]],
    ['a p-value below its own step carries the ones before it', [0.001, 0.02, 0.9, 0.03, 0.5], 0.05, [true, true, false, true, false]],
    ['one small p-value among many tests is not enough', [0.004, ...Array<number>(19).fill(0.5)], 0.05, [false, ...Array<boolean>(19).fill(false)]],
    ['nothing tested', [], 0.05, []],
  ])('%s', (_name, pValues, q, expected) => {
    expect(benjaminiHochberg(pValues, q)).toEqual(expected);
  });
});

describe('detectSignals', () => {
  it.each<[string, SignalInput, string[]]>([
    ['honest peers raise nothing', input({ stages: peers, cases: decided }), []],
    ['one case decided in 2 hours among peers taking days is not raised alone', input({ cases: [...decided, whole('F1', 120)] }), []],
    ['an official deciding two cases in hours where peers take days', input({ cases: [...decided, whole('F1', 120, { officialId: 7 }), whole('F2', 150, { officialId: 7 })] }), ['fast_case:F1', 'fast_case:F2']],
    ['two brisk cases of two officials and two applicants', input({ cases: [...decided, whole('F1', 120, { officialId: 7 }), whole('F2', 150, { officialId: 8 })] }), []],
    ['a case of another procedure is not a peer', input({ cases: [...decided, whole('F1', 120, { procedure: 'q' }), whole('F2', 150, { procedure: 'q' })] }), []],
    ['too few peers to judge', input({ cases: [...decided.slice(0, 5), whole('F1', 120), whole('F2', 150)] }), []],
    ['a stage done in 20 minutes is not a signal alone (short stages are noisy)', input({ stages: [...peers, span('F1', 20)] }), []],
    ['a stage taking 40 working days, unexplained', input({ stages: [...peers, span('S1', 40 * 480)] }), ['slow_stage:S1']],
    ['the same, with a delay reason on the record', input({ stages: [...peers, span('S1', 40 * 480, { explained: true })] }), []],
    ['a slow stage of another stage is not compared', input({ stages: [...peers.slice(0, 6), span('S1', 40 * 480, { stage: 'intake' })] }), []],
    [
      'one applicant fast-tracked twice',
      input({ cases: [...decided, whole('F1', 100, { applicant: 'x' }), whole('F2', 90, { applicant: 'x' })] }),
      ['same_applicant:F1,F2', 'fast_case:F1', 'fast_case:F2'],
    ],
  ])('%s', (_name, i, expected) => {
    expect(kinds(i)).toEqual(expected);
  });

  it('flags an official who approves everything where colleagues reject a third, given enough cases', () => {
    const cases = [
      ...Array.from({ length: 30 }, (_, i) => handled(`A${i}`, 1)),
      ...Array.from({ length: 30 }, (_, i) => handled(`B${i}`, 2, { outcome: i % 3 === 0 ? 'rejected' : 'approved' })),
      ...Array.from({ length: 30 }, (_, i) => handled(`C${i}`, 3, { outcome: i % 3 === 0 ? 'rejected' : 'approved' })),
    ];
    const signals = detectSignals(input({ handled: cases })).filter((s) => s.kind === 'official_rate');
    expect(signals.map((s) => [s.officialId, s.measure])).toEqual([[1, 'approval_rate']]);
    // With only 10 cases the same record says nothing; an official rejecting three in four is flagged the other way.
    expect(detectSignals(input({ handled: [...cases.slice(0, 10), ...cases.slice(30)] })).filter((s) => s.kind === 'official_rate')).toEqual([]);
    const harsh = [...cases.filter((c) => c.officialId !== 1), ...Array.from({ length: 30 }, (_, i) => handled(`D${i}`, 4, { outcome: i % 4 === 0 ? 'approved' : 'rejected' }))];
    expect(detectSignals(input({ handled: harsh })).filter((s) => s.kind === 'official_rate').map((s) => [s.officialId, s.measure])).toEqual([[4, 'rejection_rate']]);
  });

  it('does not flag a few late entries that only the normal approximation calls unusual', () => {
    // 5 of 17 against 1 of 18: a score above 3, but Fisher's exact test finds such a split in about one unit in twelve.
    const cases = [
      ...Array.from({ length: 17 }, (_, i) => handled(`A${i}`, 1, { lateEntry: i < 5 })),
      ...Array.from({ length: 18 }, (_, i) => handled(`B${i}`, 2, { lateEntry: i < 1 })),
    ];
    expect(rateScore(5, 17, 1, 18)).toBeGreaterThan(3);
    expect(detectSignals(input({ handled: cases })).filter((s) => s.kind === 'official_rate')).toEqual([]);
    // Ten of seventeen is clear (p under 0.001, a discovery among the ten rates tested here).
    const clear = cases.map((c, i) => (i < 10 ? { ...c, lateEntry: true } : c));
    expect(detectSignals(input({ handled: clear })).filter((s) => s.kind === 'official_rate').map((s) => [s.officialId, s.measure])).toEqual([[1, 'late_entry_rate']]);
  });

  it('flags a supervisor who overrides a third of the unit’s cases when others override few, and every override of a declared conflict', () => {
    const unit = (unitId: number, cases: number, overridden: number, by: number) =>
      Array.from({ length: cases }, (_, i) => [
        { number: `U${unitId}-${i}`, year: 2026, unitId, chosenBy: null, overConflict: false },
        ...(i < overridden ? [{ number: `U${unitId}-${i}`, year: 2026, unitId, chosenBy: by, overConflict: unitId === 3 && i === 0 }] : []),
      ]).flat();
    const signals = detectSignals(input({ assignments: [...unit(1, 30, 12, 101), ...unit(2, 40, 1, 102), ...unit(3, 40, 1, 103)] }));
    expect(signals.map((s) => `${s.kind}:${s.officialId}`)).toEqual(['override_rate:101', 'conflict_overridden:103']);
  });

  it('flags a gift from an applicant to the official who handled their case within 90 days, and not a stranger’s gift', () => {
    const cases = [handled('G1', 7, { applicant: 'h1', at: Date.UTC(2026, 2, 1) })];
    const gift = (id: number, giver: string, month: number) => ({ id, officialId: 7, unitId: 1, at: Date.UTC(2026, month, 1), year: 2026, giver, outcome: 'accepted' });
    const signals = detectSignals(input({ handled: cases, gifts: [gift(1, 'h1', 3), gift(2, 'h2', 3), gift(3, 'h1', 9)] }));
    expect(signals.map((s) => `${s.kind}:${s.key}`)).toEqual(['gift_near_case:gift_near_case:2026:1']);
  });
});
