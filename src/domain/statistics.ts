/**
 * Honest figures for public statistics: percentiles of durations, shares with a Wilson score interval, and league
 * tables that withhold small samples and rank by the interval's lower bound, so a unit with two cases decided on
 * time never outranks one with two hundred at 95%.
 *
 * Percentiles interpolate linearly between order statistics (Hyndman & Fan type 7: numpy's and R's default, Excel's
 * PERCENTILE.INC and PostgreSQL's `percentile_cont`), so figures computed here and in SQL agree.
 */

/** Below this many cases a figure is withheld; ACRC-style statistics publish nothing on a handful of cases. */
export const DEFAULT_MIN_SAMPLE = 10;

/** The periods public statistics (and the office's list of ratings) cover: the last 90 days, 12 months, or all time. */
export const PERIODS = ['90', '365', 'all'] as const;
export type Period = (typeof PERIODS)[number];

/** The period a query names; anything else is the default, the last 12 months. */
export function parsePeriod(text: unknown): Period {
  return text === '90' || text === 'all' ? text : '365';
}

/** When `period` starts, counted back from `now` in days of 24 hours; null for all time. */
export function periodStart(period: Period, now: Date): Date | null {
  return period === 'all' ? null : new Date(now.getTime() - Number(period) * 86_400_000);
}

/** z for a two-sided 95% interval. */
export const Z_95 = 1.959963984540054;

/** The `p`-quantile (0 ≤ p ≤ 1) of the values by linear interpolation (type 7); null for no values. */
export function percentile(values: readonly number[], p: number): number | null {
  if (!(p >= 0 && p <= 1)) throw new Error('a percentile is between 0 and 1');
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.ceil(h);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}

/**
 * The `p`-quantile of values given with their counts (`{ value: 3, count: 2 }` is 3 twice), exactly as `percentile`
 * of the values written out; null when the counts add up to none.
 */
export function weightedPercentile(values: readonly { value: number; count: number }[], p: number): number | null {
  if (!(p >= 0 && p <= 1)) throw new Error('a percentile is between 0 and 1');
  const sorted = values.filter((v) => v.count > 0).sort((a, b) => a.value - b.value);
  let total = 0;
  for (const v of sorted) total += v.count;
  if (total === 0) return null;
  const h = (total - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.ceil(h);
  // The values at 0-based positions lo and hi of the written-out order.
  let low: number | undefined;
  let high: number | undefined;
  let seen = 0;
  for (const v of sorted) {
    seen += v.count;
    if (low === undefined && lo < seen) low = v.value;
    if (hi < seen) {
      high = v.value;
      break;
    }
  }
  return low! + (h - lo) * (high! - low!);
}

/** The median (the mean of the two middle values for an even count); null for no values. */
export function median(values: readonly number[]): number | null {
  return percentile(values, 0.5);
}

export interface Proportion {
  successes: number;
  n: number;
  /** successes / n. */
  share: number;
  lower: number;
  upper: number;
}

/** Wilson score interval for `successes` out of `n` (95% by default); throws on impossible counts. */
export function wilson(successes: number, n: number, z: number = Z_95): Proportion {
  if (!Number.isInteger(successes) || !Number.isInteger(n) || n <= 0 || successes < 0 || successes > n) {
    throw new Error('wilson needs whole counts with 0 ≤ successes ≤ n and n > 0');
  }
  const p = successes / n;
  const z2 = z * z;
  const denominator = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denominator;
  const margin = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denominator;
  // Clamp the rounding noise at the ends (0/n and n/n give exactly 0 and 1 in exact arithmetic).
  return {
    successes,
    n,
    share: p,
    lower: successes === 0 ? 0 : Math.max(0, centre - margin),
    upper: successes === n ? 1 : Math.min(1, centre + margin),
  };
}

/** One case as statistics see it: how long it took (any unit, e.g. working days) and whether it met its due date. */
export interface CaseOutcome {
  duration: number;
  onTime: boolean;
  /** How many cases share this duration and on-time flag; 1 when absent. */
  count?: number;
}

export interface Summary {
  n: number;
  /** True when `n` is below the minimum sample: every figure below is then null. */
  withheld: boolean;
  min_sample: number;
  median: number | null;
  p90: number | null;
  on_time: Proportion | null;
}

/** Volume, median and 90th percentile duration and the on-time share with its interval, withheld below `minSample`. */
export function summarize(cases: readonly CaseOutcome[], minSample: number = DEFAULT_MIN_SAMPLE): Summary {
  let n = 0;
  let onTime = 0;
  for (const c of cases) {
    const count = c.count ?? 1;
    n += count;
    if (c.onTime) onTime += count;
  }
  if (n < minSample || n === 0) {
    return { n, withheld: true, min_sample: minSample, median: null, p90: null, on_time: null };
  }
  const durations = cases.map((c) => ({ value: c.duration, count: c.count ?? 1 }));
  return {
    n,
    withheld: false,
    min_sample: minSample,
    median: weightedPercentile(durations, 0.5),
    p90: weightedPercentile(durations, 0.9),
    on_time: wilson(onTime, n),
  };
}

export interface Ranked<K> {
  key: K;
  summary: Summary;
  /** 1-based rank by the lower bound of the on-time interval; null when withheld. Equal lower bounds share a rank. */
  rank: number | null;
}

/**
 * A league table: groups with enough cases ranked by the lower bound of their on-time interval (ties broken by the
 * larger sample, then the shorter median), then the withheld groups, unranked, largest first.
 */
export function rankByOnTime<K>(
  groups: readonly { key: K; cases: readonly CaseOutcome[] }[],
  minSample: number = DEFAULT_MIN_SAMPLE,
): Ranked<K>[] {
  const summaries = groups.map((g) => ({ key: g.key, summary: summarize(g.cases, minSample) }));
  const shown = summaries
    .filter((s) => !s.summary.withheld)
    .sort(
      (a, b) =>
        b.summary.on_time!.lower - a.summary.on_time!.lower ||
        b.summary.n - a.summary.n ||
        a.summary.median! - b.summary.median!,
    );
  const ranked: Ranked<K>[] = [];
  shown.forEach((s, i) => {
    const previous = ranked[i - 1];
    const tied = previous && previous.summary.on_time!.lower === s.summary.on_time!.lower;
    ranked.push({ ...s, rank: tied ? previous.rank : i + 1 });
  });
  const withheld = summaries.filter((s) => s.summary.withheld).sort((a, b) => b.summary.n - a.summary.n);
  return [...ranked, ...withheld.map((s) => ({ ...s, rank: null }))];
}
