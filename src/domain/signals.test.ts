import { describe, expect, it } from 'vitest';
import { detectSignals, rateScore, robustCentre, robustZ, type CaseSpan, type HandledCase, type SignalInput, type StageSpan } from './signals.js';

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

describe('detectSignals', () => {
  it.each<[string, SignalInput, string[]]>([
    ['honest peers raise nothing', input({ stages: peers, cases: decided }), []],
    ['a case decided in 2 hours among peers taking days', input({ cases: [...decided, whole('F1', 120)] }), ['fast_case:F1']],
    ['a case of another procedure is not a peer', input({ cases: [...decided, whole('F1', 120, { procedure: 'q' })] }), []],
    ['too few peers to judge', input({ cases: [...decided.slice(0, 6), whole('F1', 120)] }), []],
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
