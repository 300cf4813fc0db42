/**
 * The Integrity Index of one year, computed from the year's anonymous answers, the other components' figures and the
 * year's frozen model. Pure: the same input always gives the same figures, so anyone holding the stored answers and
 * the model can reproduce a published year.
 *
 * Method (also stated on the methodology page):
 * - A respondent's survey score is the weighted mean of the scores of the items they answered (an item answered
 *   "prefer not to say", or with an option that carries no score, is left out and the weights of the rest rescaled).
 *   A respondent who answered no scored item is not counted.
 * - A group's survey score is the mean of its respondents' scores; its 95% interval is the normal interval of that
 *   mean (mean ± 1.96 · s / √n, s the sample standard deviation), clamped to the scale.
 * - The index is the weighted mean of the components present (external and internal surveys, timeliness: the share
 *   of cases decided on time; satisfaction: the mean rating mapped 1→0 … 5→1; effort: the auditors' score out of
 *   100), rescaled over the components present, times the scale, minus the unit's deductions, never below 0. Its
 *   interval treats the components as independent (variance Σ (wᵢ/W)² · varᵢ); deductions are exact.
 * - A figure resting on fewer than the minimum sample is withheld, and a unit without enough external answers gets
 *   no index at all.
 * - The share of respondents who report being asked for or offered something has a 95% Wilson score interval: these
 *   are rare events, for which the normal interval fails.
 */
import { DateTime } from 'luxon';
import type { ComponentSource, IntegrityModel } from './integrityModel.js';
import { PREFER_NOT_TO_SAY } from './integrityModel.js';
import { Z_95, wilson, type Proportion } from './statistics.js';

/** Answers as stored, grouped: `count` respondents gave exactly these answers. */
export interface AnswerGroup {
  survey: 'external' | 'internal';
  unit: string;
  procedure: string | null;
  answers: Readonly<Record<string, string>>;
  count: number;
}

/** Everything a year's index is computed from. */
export interface IndexInput {
  model: IntegrityModel;
  /** Unit codes to report, each with its peer group resolved by `peerGroupOf` when absent from the model. */
  units: readonly string[];
  procedures: readonly string[];
  answers: readonly AnswerGroup[];
  /** Cases decided in the year per unit, and how many on time. */
  timeliness: Readonly<Record<string, { onTime: number; n: number }>>;
  /** Satisfaction ratings per unit: count, sum and sum of squares of the 1–5 scores. */
  satisfaction: Readonly<Record<string, { n: number; sum: number; sumSquares: number }>>;
  assessments: readonly { unit: string; kind: 'deduction' | 'effort'; points: number; reference: string }[];
  /** Last year's published unit scores and scale, for the change; absent for the first year. */
  previous?: { scale: number; scores: Readonly<Record<string, number | null>> };
}

/** A mean with its 95% interval, on the model's scale. */
export interface Estimate {
  n: number;
  value: number;
  lower: number;
  upper: number;
}

/** One component of a unit's index as it entered the computation. */
export interface ComponentFigure {
  source: ComponentSource;
  weight: number;
  /** On the model's scale; null when missing or withheld. */
  value: number | null;
  n: number;
}

export interface UnitIndex {
  unit: string;
  peerGroup: string;
  /** Respondents to the external survey. */
  respondents: number;
  withheld: boolean;
  /** After deductions, rounded to two decimals on 0–10 and one on 0–100; null when withheld. */
  score: Estimate | null;
  components: ComponentFigure[];
  /** Components without enough data, whose weight was spread over the others. */
  missing: ComponentSource[];
  deductions: { points: number; reference: string }[];
  deducted: number;
  experience: Proportion | null;
  rank: number | null;
  grade: number | null;
  /** Change against last year's score on the same scale; null when either is missing. */
  change: number | null;
}

export interface ProcedureIndex {
  procedure: string;
  respondents: number;
  withheld: boolean;
  score: Estimate | null;
  experience: Proportion | null;
  rank: number | null;
}

export interface YearIndex {
  scale: number;
  minSample: number;
  units: UnitIndex[];
  procedures: ProcedureIndex[];
  overall: { respondents: number; internalRespondents: number; score: Estimate | null; experience: Proportion | null };
  /** Units whose score rose most against last year, best first (at most three, rises only). */
  mostImproved: { unit: string; change: number }[];
}

/** Statistics of respondents' scores (0–1) accumulated with counts. */
interface Moments {
  n: number;
  sum: number;
  sumSquares: number;
}

const empty = (): Moments => ({ n: 0, sum: 0, sumSquares: 0 });

function add(m: Moments, value: number, count: number): void {
  m.n += count;
  m.sum += value * count;
  m.sumSquares += value * value * count;
}

/** Sample variance of the mean (s² / n); 0 for a single respondent. */
function varianceOfMean(m: Moments): number {
  if (m.n < 2) return 0;
  const mean = m.sum / m.n;
  const s2 = Math.max(0, (m.sumSquares - m.n * mean * mean) / (m.n - 1));
  return s2 / m.n;
}

/** A model's items as the computation reads them, built once per model object. */
interface CompiledModel {
  scored: Record<'external' | 'internal', { key: string; weight: number; scores: Map<string, number | null> }[]>;
  experience: { key: string; reports: Map<string, boolean> }[];
}

const compiled = new WeakMap<IntegrityModel, CompiledModel>();

function compiledOf(model: IntegrityModel): CompiledModel {
  let c = compiled.get(model);
  if (c) return c;
  const scored = (survey: 'external' | 'internal') =>
    model.items.filter((i) => i.survey === survey && i.weight > 0).map((i) => ({ key: i.key, weight: i.weight, scores: new Map(i.choices.map((ch) => [ch.key, ch.score])) }));
  c = {
    scored: { external: scored('external'), internal: scored('internal') },
    experience: model.items
      .filter((i) => i.survey === 'external' && i.choices.some((ch) => ch.reports))
      .map((i) => ({ key: i.key, reports: new Map(i.choices.filter((ch) => ch.key !== PREFER_NOT_TO_SAY).map((ch) => [ch.key, ch.reports === true])) })),
  };
  compiled.set(model, c);
  return c;
}

/** A respondent's score (0–1) on one survey, or null when they answered no scored item of it. */
export function respondentScore(model: IntegrityModel, survey: 'external' | 'internal', answers: Readonly<Record<string, string>>): number | null {
  let weighted = 0;
  let weights = 0;
  for (const item of compiledOf(model).scored[survey]) {
    const chosen = answers[item.key];
    if (!chosen || chosen === PREFER_NOT_TO_SAY) continue;
    const score = item.scores.get(chosen);
    if (score === null || score === undefined) continue;
    weighted += item.weight * score;
    weights += item.weight;
  }
  return weights > 0 ? weighted / weights : null;
}

/** Whether a respondent reported an offer or a request (true), said there was none (false), or did not say (null). */
export function reportsExperience(model: IntegrityModel, answers: Readonly<Record<string, string>>): boolean | null {
  let said = false;
  for (const item of compiledOf(model).experience) {
    const chosen = answers[item.key];
    if (!chosen) continue;
    const reports = item.reports.get(chosen);
    if (reports === undefined) continue;
    if (reports) return true;
    said = true;
  }
  return said ? false : null;
}

const round = (value: number, scale: number) => (scale === 10 ? Math.round(value * 100) / 100 : Math.round(value * 10) / 10);

function estimate(m: Moments, scale: number): Estimate {
  const mean = m.sum / m.n;
  const margin = Z_95 * Math.sqrt(varianceOfMean(m));
  return {
    n: m.n,
    value: round(mean * scale, scale),
    lower: round(Math.max(0, mean - margin) * scale, scale),
    upper: round(Math.min(1, mean + margin) * scale, scale),
  };
}

/** Grade 1–5 of the unit at `rank` (1-based, ties share the best) in a peer group of `size`, by cumulative cuts in %. */
export function gradeOf(rank: number, size: number, cuts: readonly number[]): number {
  const place = ((rank - 1) / size) * 100;
  const i = cuts.findIndex((cut) => place < cut);
  return i === -1 ? cuts.length + 1 : i + 1;
}

/** Ranks by score, best first; equal scores share the better rank. */
function ranks<T>(rows: readonly T[], score: (row: T) => number): Map<T, number> {
  const sorted = [...rows].sort((a, b) => score(b) - score(a));
  const result = new Map<T, number>();
  sorted.forEach((row, i) => {
    const previous = sorted[i - 1];
    result.set(row, previous !== undefined && score(previous) === score(row) ? result.get(previous)! : i + 1);
  });
  return result;
}

/** Computes a year's index. Never throws for well-formed input; figures below the minimum sample are withheld. */
export function computeIndex(input: IndexInput): YearIndex {
  const { model } = input;
  const scale = model.scale;
  const unitSurvey = new Map<string, { external: Moments; internal: Moments; exp: { yes: number; n: number } }>();
  const procSurvey = new Map<string, { external: Moments; exp: { yes: number; n: number } }>();
  const overall = { external: empty(), internal: empty(), exp: { yes: 0, n: 0 } };
  const unitOf = (code: string) => {
    let u = unitSurvey.get(code);
    if (!u) unitSurvey.set(code, (u = { external: empty(), internal: empty(), exp: { yes: 0, n: 0 } }));
    return u;
  };
  for (const group of input.answers) {
    const score = respondentScore(model, group.survey, group.answers);
    const unit = unitOf(group.unit);
    if (group.survey === 'internal') {
      if (score !== null) {
        add(unit.internal, score, group.count);
        add(overall.internal, score, group.count);
      }
      continue;
    }
    const reported = reportsExperience(model, group.answers);
    let proc: { external: Moments; exp: { yes: number; n: number } } | undefined;
    if (group.procedure !== null) {
      proc = procSurvey.get(group.procedure);
      if (!proc) procSurvey.set(group.procedure, (proc = { external: empty(), exp: { yes: 0, n: 0 } }));
    }
    if (score !== null) {
      add(unit.external, score, group.count);
      if (proc) add(proc.external, score, group.count);
      add(overall.external, score, group.count);
    }
    if (reported !== null) {
      for (const exp of [unit.exp, proc?.exp, overall.exp]) {
        if (!exp) continue;
        exp.n += group.count;
        if (reported) exp.yes += group.count;
      }
    }
  }
  const shown = (exp: { yes: number; n: number }) => (exp.n >= model.minSample && exp.n > 0 ? wilson(exp.yes, exp.n) : null);

  const units: UnitIndex[] = input.units.map((code) => {
    const survey = unitOf(code);
    const deductions = input.assessments.filter((a) => a.unit === code && a.kind === 'deduction').map((a) => ({ points: a.points, reference: a.reference }));
    const deducted = deductions.reduce((sum, d) => sum + d.points, 0);
    const effort = input.assessments.filter((a) => a.unit === code && a.kind === 'effort').at(-1);
    const components: (ComponentFigure & { mean: number | null; variance: number })[] = model.components.map((c) => {
      let mean: number | null = null;
      let variance = 0;
      let n = 0;
      if (c.source === 'external' || c.source === 'internal') {
        const m = survey[c.source];
        n = m.n;
        if (n >= model.minSample && n > 0) {
          mean = m.sum / n;
          variance = varianceOfMean(m);
        }
      } else if (c.source === 'timeliness') {
        const t = input.timeliness[code];
        n = t?.n ?? 0;
        if (t && n >= model.minSample) {
          mean = t.onTime / n;
          variance = (mean * (1 - mean)) / n;
        }
      } else if (c.source === 'satisfaction') {
        const s = input.satisfaction[code];
        n = s?.n ?? 0;
        if (s && n >= model.minSample) {
          // Ratings 1–5 mapped to 0–1.
          const m: Moments = { n, sum: (s.sum - n) / 4, sumSquares: (s.sumSquares - 2 * s.sum + n) / 16 };
          mean = m.sum / n;
          variance = varianceOfMean(m);
        }
      } else if (effort) {
        n = 1;
        mean = effort.points / 100;
      }
      return { source: c.source, weight: c.weight, value: mean === null ? null : round(mean * scale, scale), n, mean, variance };
    });
    const present = components.filter((c) => c.mean !== null);
    const external = components.find((c) => c.source === 'external')!;
    const withheld = external.mean === null;
    let score: Estimate | null = null;
    if (!withheld) {
      const total = present.reduce((sum, c) => sum + c.weight, 0);
      const mean = present.reduce((sum, c) => sum + (c.weight / total) * c.mean!, 0);
      const variance = present.reduce((sum, c) => sum + (c.weight / total) ** 2 * c.variance, 0);
      const margin = Z_95 * Math.sqrt(variance);
      const at = (v: number) => round(Math.max(0, Math.min(1, v) * scale - deducted), scale);
      score = { n: external.n, value: at(mean), lower: at(Math.max(0, mean - margin)), upper: at(mean + margin) };
    }
    const before = input.previous && input.previous.scale === scale ? input.previous.scores[code] : null;
    return {
      unit: code,
      peerGroup: model.peerGroups[code] ?? model.defaultPeerGroup,
      respondents: survey.external.n,
      withheld,
      score,
      components: components.map(({ source, weight, value, n }) => ({ source, weight, value, n })),
      missing: components.filter((c) => c.mean === null).map((c) => c.source),
      deductions,
      deducted: Math.round(deducted * 1000) / 1000,
      experience: shown(survey.exp),
      rank: null,
      grade: null,
      change: score && before !== null && before !== undefined ? round(score.value - before, scale) : null,
    };
  });

  const groups = new Map<string, UnitIndex[]>();
  for (const u of units) if (u.score) groups.set(u.peerGroup, [...(groups.get(u.peerGroup) ?? []), u]);
  for (const members of groups.values()) {
    const ranked = ranks(members, (u) => u.score!.value);
    for (const u of members) {
      u.rank = ranked.get(u)!;
      u.grade = gradeOf(u.rank, members.length, model.gradeCuts);
    }
  }

  const procedures: ProcedureIndex[] = input.procedures.map((code) => {
    const p = procSurvey.get(code) ?? { external: empty(), exp: { yes: 0, n: 0 } };
    const withheld = p.external.n < model.minSample || p.external.n === 0;
    return { procedure: code, respondents: p.external.n, withheld, score: withheld ? null : estimate(p.external, scale), experience: shown(p.exp), rank: null };
  });
  const rankedProcedures = ranks(procedures.filter((p) => p.score), (p) => p.score!.value);
  for (const p of procedures) p.rank = rankedProcedures.get(p) ?? null;

  const mostImproved = units
    .filter((u) => u.change !== null && u.change > 0)
    .sort((a, b) => b.change! - a.change! || a.unit.localeCompare(b.unit))
    .slice(0, 3)
    .map((u) => ({ unit: u.unit, change: u.change! }));

  return {
    scale,
    minSample: model.minSample,
    units,
    procedures,
    overall: {
      respondents: overall.external.n,
      internalRespondents: overall.internal.n,
      score: overall.external.n >= model.minSample && overall.external.n > 0 ? estimate(overall.external, scale) : null,
      experience: shown(overall.exp),
    },
    mostImproved,
  };
}

/** Whether a closing case is invited: `draw` is a uniform random number in [0, 1) chosen by the caller. */
export function isSampled(rate: number, draw: number): boolean {
  return rate >= 1 || draw < rate;
}

/** The coarse outcome an answer keeps: granted, refused or withdrawn. */
export function coarseOutcome(status: string): 'granted' | 'refused' | 'withdrawn' {
  if (status === 'withdrawn') return 'withdrawn';
  if (status === 'rejected') return 'refused';
  return 'granted';
}

/** The calendar year of an instant in a time zone: the index year a case closing then belongs to. */
export function yearIn(at: Date, timeZone: string): number {
  return DateTime.fromJSDate(at, { zone: timeZone }).year;
}

/** Longest free-text comment, in characters. */
export const INTEGRITY_COMMENT_MAX = 2000;

/**
 * Checks a submitted survey form against a model's items of one survey: every item needs one of its options ("prefer
 * not to say" included); the comment is optional and bounded. Unknown fields are ignored. Returns the answers to
 * store, or one issue per field in error.
 */
export function checkAnswers(
  model: IntegrityModel,
  survey: 'external' | 'internal',
  values: Readonly<Record<string, string | undefined>>,
): { answers: Record<string, string>; comment: string | null } | { issues: { field: string; key: string; values?: Record<string, number> }[] } {
  const answers: Record<string, string> = {};
  const issues: { field: string; key: string; values?: Record<string, number> }[] = [];
  for (const item of model.items) {
    if (item.survey !== survey) continue;
    const chosen = values[`item_${item.key}`];
    if (!chosen) issues.push({ field: `item_${item.key}`, key: 'integrity.error.choose' });
    else if (!item.choices.some((c) => c.key === chosen)) issues.push({ field: `item_${item.key}`, key: 'integrity.error.choice_unknown' });
    else answers[item.key] = chosen;
  }
  const comment = values.comment?.trim() || null;
  if (comment && [...comment].length > INTEGRITY_COMMENT_MAX) issues.push({ field: 'comment', key: 'integrity.error.comment_too_long', values: { max: INTEGRITY_COMMENT_MAX } });
  return issues.length ? { issues } : { answers, comment };
}
