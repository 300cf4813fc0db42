import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { coarseOutcome, computeIndex, gradeOf, isSampled, reportsExperience, respondentScore, type AnswerGroup, type IndexInput } from './integrity.js';
import { DEFAULT_WINDOW_DAYS, invitationWindowDays, parseModel, presetModel, type IntegrityModel } from './integrityModel.js';

const l = (text: string) => ({ ko: text, en: text });
const na = { key: 'na', label: l('na'), score: null };

/** A small model whose figures are worked out by hand below. */
const model: IntegrityModel = {
  preset: 'custom',
  scale: 10,
  components: [{ source: 'external', weight: 0.763 }, { source: 'internal', weight: 0.237 }],
  items: [
    { key: 'a', survey: 'external', weight: 0.5, question: l('a'), choices: [{ key: 'yes', label: l('yes'), score: 1 }, { key: 'no', label: l('no'), score: 0 }, na] },
    { key: 'b', survey: 'external', weight: 0.5, question: l('b'), choices: [{ key: 'x', label: l('x'), score: 1 }, { key: 'y', label: l('y'), score: 0.5 }, na] },
    {
      key: 'offer', survey: 'external', weight: 0, question: l('offer'),
      choices: [{ key: 'none', label: l('none'), score: 1 }, { key: 'asked', label: l('asked'), score: 0, reports: true }, na],
    },
    { key: 'c', survey: 'internal', weight: 1, question: l('c'), choices: [{ key: 'good', label: l('good'), score: 1 }, { key: 'bad', label: l('bad'), score: 0 }, na] },
  ],
  minSample: 2,
  gradeCuts: [10, 30, 70, 90],
  peerGroups: {},
  defaultPeerGroup: 'district',
  windowDays: 30,
};

const ext = (unit: string, answers: Record<string, string>, count = 1, procedure = 'P'): AnswerGroup => ({ survey: 'external', unit, procedure, answers, count });
const int = (unit: string, answers: Record<string, string>): AnswerGroup => ({ survey: 'internal', unit, procedure: null, answers, count: 1 });

const handInput: IndexInput = {
  model,
  units: ['U', 'V'],
  procedures: ['P', 'Q'],
  answers: [
    ext('U', { a: 'yes', b: 'x', offer: 'none' }), // 1.0
    ext('U', { a: 'no', b: 'y', offer: 'asked' }), // (0 + 0.25) / 1 = 0.25
    ext('U', { a: 'yes', b: 'na' }), // only a: 1.0
    ext('V', { a: 'no', b: 'x' }, 1, 'Q'),
    int('U', { c: 'good' }),
    int('U', { c: 'bad' }),
  ],
  timeliness: {},
  satisfaction: {},
  assessments: [{ unit: 'U', kind: 'deduction', points: 0.2, reference: 'Case 2026-01' }],
  previous: { scale: 10, scores: { U: 6 } },
};

describe('computeIndex, by hand', () => {
  // External U: scores 1, 0.25, 1 → mean 0.75; s² = (0.0625 + 0.25 + 0.0625) / 2 = 0.1875; var of mean 0.0625.
  // Internal U: 1, 0 → mean 0.5; s² = 0.5; var of mean 0.25.
  // Index = 0.763 · 0.75 + 0.237 · 0.5 = 0.69075 → 6.9075 − 0.2 = 6.7075 → 6.71.
  // Var = 0.763² · 0.0625 + 0.237² · 0.25 = 0.05042781; margin = 1.959964 · 0.224561 = 0.440132.
  // Lower (0.69075 − 0.440132) · 10 − 0.2 = 2.306 → 2.31; upper clamps at 1 → 10 − 0.2 = 9.8.
  const result = computeIndex(handInput);
  const u = result.units.find((x) => x.unit === 'U')!;

  it('computes the unit index, its interval and the deduction', () => {
    expect(u.withheld).toBe(false);
    expect(u.score).toEqual({ n: 3, value: 6.71, lower: 2.31, upper: 9.8 });
    expect(u.deducted).toBe(0.2);
    expect(u.components).toEqual([
      { source: 'external', weight: 0.763, value: 7.5, n: 3 },
      { source: 'internal', weight: 0.237, value: 5, n: 2 },
    ]);
  });

  it('counts reported experiences among those who answered, with a Wilson interval', () => {
    expect(u.experience).toMatchObject({ successes: 1, n: 2, share: 0.5 });
    expect(u.experience!.lower).toBeCloseTo(0.0945, 3);
    expect(u.experience!.upper).toBeCloseTo(0.9055, 3);
  });

  it('withholds a unit below the minimum sample and ranks and grades the rest within the peer group', () => {
    const v = result.units.find((x) => x.unit === 'V')!;
    expect(v).toMatchObject({ withheld: true, score: null, rank: null, grade: null, respondents: 1 });
    expect(u).toMatchObject({ rank: 1, grade: 1, peerGroup: 'district' });
  });

  it('gives the change against last year and the most improved', () => {
    expect(u.change).toBe(0.71);
    expect(result.mostImproved).toEqual([{ unit: 'U', change: 0.71 }]);
  });

  it('scores procedures from the external survey alone', () => {
    // P: the three U answers, mean 0.75, margin 1.96 · 0.25 = 0.49 → 7.5 [2.6, 10] (0.75 + 0.49 clamps at 1).
    expect(result.procedures.find((p) => p.procedure === 'P')).toMatchObject({ respondents: 3, withheld: false, score: { n: 3, value: 7.5, lower: 2.6, upper: 10 }, rank: 1 });
    expect(result.procedures.find((p) => p.procedure === 'Q')).toMatchObject({ respondents: 1, withheld: true, score: null });
  });

  it('gives the same figures for grouped answers as for one row per respondent', () => {
    const grouped = computeIndex({ ...handInput, answers: [ext('U', { a: 'yes', b: 'x' }, 3), ext('U', { a: 'no', b: 'x' }, 2)] });
    const single = computeIndex({
      ...handInput,
      answers: [...Array(3).fill(ext('U', { a: 'yes', b: 'x' })), ...Array(2).fill(ext('U', { a: 'no', b: 'x' }))],
    });
    expect(grouped).toEqual(single);
  });

  it('is reproducible: the same input gives the same output', () => {
    expect(computeIndex(handInput)).toEqual(result);
  });
});

describe('components', () => {
  it('spreads the weight of a missing component over the others and says which is missing', () => {
    const r = computeIndex({ ...handInput, answers: handInput.answers.filter((a) => a.survey === 'external'), assessments: [], previous: undefined });
    const u = r.units.find((x) => x.unit === 'U')!;
    expect(u.missing).toEqual(['internal']);
    expect(u.score!.value).toBe(7.5);
    expect(u.change).toBeNull();
  });

  it('takes timeliness, satisfaction and effort when the model weighs them', () => {
    const m: IntegrityModel = {
      ...model,
      scale: 100,
      components: [
        { source: 'external', weight: 0.4 }, { source: 'timeliness', weight: 0.2 }, { source: 'satisfaction', weight: 0.2 }, { source: 'effort', weight: 0.2 },
      ],
    };
    // external 0.75; timeliness 3/4 = 0.75; satisfaction ratings 5, 3 → (4 + 2) / 8 = 0.75; effort 75/100.
    const r = computeIndex({
      ...handInput, model: m, previous: undefined, assessments: [{ unit: 'U', kind: 'effort', points: 75, reference: 'Plan' }],
      timeliness: { U: { onTime: 3, n: 4 } }, satisfaction: { U: { n: 2, sum: 8, sumSquares: 34 } },
    });
    const u = r.units.find((x) => x.unit === 'U')!;
    expect(u.components.map((c) => c.value)).toEqual([75, 75, 75, 75]);
    expect(u.score!.value).toBe(75);
    expect(u.missing).toEqual([]);
  });

  it('never goes below zero after deductions', () => {
    const r = computeIndex({ ...handInput, assessments: [{ unit: 'U', kind: 'deduction', points: 50, reference: 'X' }] });
    expect(r.units[0]!.score).toMatchObject({ value: 0, lower: 0, upper: 0 });
  });
});

describe('respondentScore', () => {
  it.each([
    [{ a: 'yes', b: 'x' }, 1],
    [{ a: 'no', b: 'y' }, 0.25],
    [{ a: 'na', b: 'y' }, 0.5],
    [{ a: 'na', b: 'na' }, null],
    [{ offer: 'asked' }, null],
    [{ a: 'unknown' }, null],
    [{}, null],
  ] as const)('%j scores %s', (answers, expected) => {
    expect(respondentScore(model, 'external', answers)).toBe(expected);
  });
});

describe('reportsExperience', () => {
  it.each([
    [{ offer: 'none' }, false],
    [{ offer: 'asked' }, true],
    [{ offer: 'na' }, null],
    [{}, null],
  ] as const)('%j → %s', (answers, expected) => {
    expect(reportsExperience(model, answers)).toBe(expected);
  });
});

describe('gradeOf', () => {
  it.each([
    [1, 1, 1], [1, 3, 1], [2, 3, 3], [3, 3, 3], [1, 10, 1], [2, 10, 2], [3, 10, 2], [4, 10, 3], [7, 10, 3], [8, 10, 4], [9, 10, 4], [10, 10, 5],
  ])('rank %i of %i is grade %i', (rank, size, grade) => {
    expect(gradeOf(rank, size, [10, 30, 70, 90])).toBe(grade);
  });
});

describe('sampling and outcome', () => {
  it.each([[1, 0.99, true], [0.5, 0.49, true], [0.5, 0.5, false], [0, 0, false]])('rate %f draw %f → %s', (rate, draw, sampled) => {
    expect(isSampled(rate, draw)).toBe(sampled);
  });
  it.each([['approved', 'granted'], ['approved_with_conditions', 'granted'], ['rejected', 'refused'], ['withdrawn', 'withdrawn']])('%s → %s', (status, outcome) => {
    expect(coarseOutcome(status)).toBe(outcome);
  });
});

describe('models', () => {
  it('ships presets that pass their own schema', () => {
    for (const preset of ['acrc_classic', 'acrc_2022'] as const) expect(parseModel(presetModel(preset, 'district'))).toHaveProperty('model');
  });

  it('reproduces the published weights', () => {
    expect(presetModel('acrc_classic', 'd')).toMatchObject({ scale: 10, components: [{ source: 'external', weight: 0.763 }, { source: 'internal', weight: 0.237 }] });
    const m2022 = presetModel('acrc_2022', 'd');
    expect(m2022.scale).toBe(100);
    expect(m2022.components.filter((c) => c.source !== 'effort').reduce((s, c) => s + c.weight, 0)).toBeCloseTo(0.6, 10);
    expect(m2022.components.find((c) => c.source === 'effort')!.weight).toBe(0.4);
  });

  it('offers "prefer not to say" on every default item', () => {
    for (const item of presetModel('acrc_classic', 'd').items) expect(item.choices.map((c) => c.key)).toContain('na');
  });

  it.each([
    ['weights that do not add up', (m: IntegrityModel) => ({ ...m, components: [{ source: 'external', weight: 0.5 }] }), 'components'],
    ['no external survey', (m: IntegrityModel) => ({ ...m, components: [{ source: 'internal', weight: 1 }] }), 'components'],
    ['an item without "prefer not to say"', (m: IntegrityModel) => ({ ...m, items: [{ ...m.items[0]!, choices: m.items[0]!.choices.filter((c) => c.key !== 'na') }, ...m.items.slice(1)] }), 'items.0.choices'],
    ['grade cuts out of order', (m: IntegrityModel) => ({ ...m, gradeCuts: [50, 30, 70, 90] }), 'gradeCuts'],
    ['a scale of 7', (m: IntegrityModel) => ({ ...m, scale: 7 }), 'scale'],
  ])('refuses %s', (_, change, path) => {
    const parsed = parseModel(change(presetModel('acrc_classic', 'd')));
    expect('issues' in parsed && parsed.issues.map((i) => i.path)).toContain(path);
  });
});

describe('invitationWindowDays', () => {
  const preset = presetModel('acrc_classic', 'd');
  it.each([
    ['a preset', preset, preset.windowDays],
    ['a window of one day', { ...preset, windowDays: 1 }, 1],
    ['the longest window', { ...preset, windowDays: 120 }, 120],
    ['a window too long', { ...preset, windowDays: 121 }, DEFAULT_WINDOW_DAYS],
    ['no window', { ...preset, windowDays: 0 }, DEFAULT_WINDOW_DAYS],
    ['a fraction of a day', { ...preset, windowDays: 7.5 }, DEFAULT_WINDOW_DAYS],
    ['a window written as text', { ...preset, windowDays: '45' }, DEFAULT_WINDOW_DAYS],
    ['a model without one', { scale: 10 }, DEFAULT_WINDOW_DAYS],
    ['no model', null, DEFAULT_WINDOW_DAYS],
    ['a list', [45], DEFAULT_WINDOW_DAYS],
  ])('reads %s', (_, model, days) => {
    expect(invitationWindowDays(model)).toBe(days);
  });

  it('agrees with the whole model’s check wherever that passes', () => {
    for (const windowDays of [1, 14, 30, 60, 120]) {
      const parsed = parseModel({ ...preset, windowDays });
      expect('model' in parsed && parsed.model.windowDays).toBe(invitationWindowDays({ ...preset, windowDays }));
    }
  });
});

describe('computeIndex, properties', () => {
  const choice = (keys: string[]) => fc.constantFrom(...keys);
  const respondent = fc.record({ unit: fc.constantFrom('U', 'V'), a: choice(['yes', 'no', 'na']), b: choice(['x', 'y', 'na']), offer: choice(['none', 'asked', 'na']) });
  const toGroup = (r: { unit: string; a: string; b: string; offer: string }, count = 1): AnswerGroup => ext(r.unit, { a: r.a, b: r.b, offer: r.offer }, count);

  it('puts every score inside its interval, inside the scale', () => {
    fc.assert(fc.property(fc.array(respondent, { maxLength: 60 }), (rs) => {
      const r = computeIndex({ ...handInput, answers: rs.map((x) => toGroup(x)), assessments: [], previous: undefined });
      for (const s of [...r.units.map((u) => u.score), ...r.procedures.map((p) => p.score)]) {
        if (!s) continue;
        expect(s.lower).toBeLessThanOrEqual(s.value);
        expect(s.value).toBeLessThanOrEqual(s.upper);
        expect(s.lower).toBeGreaterThanOrEqual(0);
        expect(s.upper).toBeLessThanOrEqual(10);
      }
    }));
  });

  it('does not depend on the order of the answers, nor on how identical answers are grouped', () => {
    fc.assert(fc.property(fc.array(respondent, { maxLength: 40 }), (rs) => {
      const input = { ...handInput, assessments: [], previous: undefined };
      const one = computeIndex({ ...input, answers: rs.map((x) => toGroup(x)) });
      const reversed = computeIndex({ ...input, answers: [...rs].reverse().map((x) => toGroup(x)) });
      const grouped = new Map<string, { r: (typeof rs)[number]; n: number }>();
      for (const x of rs) {
        const k = JSON.stringify(x);
        grouped.set(k, { r: x, n: (grouped.get(k)?.n ?? 0) + 1 });
      }
      const counted = computeIndex({ ...input, answers: [...grouped.values()].map((g) => toGroup(g.r, g.n)) });
      const strip = (y: typeof one) => JSON.stringify(y, (_, v: unknown) => (typeof v === 'number' ? Math.round(v * 1e9) / 1e9 : v));
      expect(strip(reversed)).toBe(strip(one));
      expect(strip(counted)).toBe(strip(one));
    }));
  });
});
