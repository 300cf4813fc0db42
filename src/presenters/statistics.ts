import { DEFAULT_MIN_SAMPLE, rankByOnTime, weightedPercentile, wilson, type Proportion, type Summary } from '../domain/statistics.js';
import type { Localized } from '../domain/types.js';
import { summarizeSatisfaction, type SatisfactionSummary } from '../domain/satisfaction.js';
import type { StatisticsInput } from '../db/repos/statistics.js';
import { toCsv } from './csv.js';
import { DELAY_CATEGORIES, NOT_STATED, delayCategoryOf, type CountedDelayCategory } from '../domain/delays.js';

/** One group's published figures: volume, durations and shares, each share with its 95% Wilson interval. */
export interface GroupFigures {
  code: string;
  name: Localized;
  /** 1-based rank by the lower bound of the on-time interval; null when withheld. */
  rank: number | null;
  decided: Summary;
  open: number;
  overdue_now: Proportion | null;
  /** The most frequent delay categories, most first (`not_stated`: delays recorded before categories existed). */
  top_delay_reasons: { category: CountedDelayCategory; count: number }[];
  /**
   * Applicants' ratings of the service for cases closed in the period: mean score and share satisfied (4–5) with
   * their sample size, withheld below the minimum sample. Null for officials: ratings are of a unit's service.
   */
  satisfaction: SatisfactionSummary | null;
}

export interface JurisdictionFigures {
  code: string;
  name: Localized;
  overall: GroupFigures;
  /** The league table: units ranked by the lower bound of their on-time interval, withheld ones last. */
  units: GroupFigures[];
  procedures: GroupFigures[];
  /** Figures per official (the assignee when decided), only where the jurisdiction publishes names; not ranked. */
  officials: GroupFigures[];
  /** The jurisdiction's month-by-month trend over the period. */
  trend: TrendPoint[];
  /** Delays recorded in the period by category: every category in the list's order, then those not stated if any. */
  delays: { category: CountedDelayCategory; count: number }[];
}

/** One month of a trend: decisions that month, their on-time share and median duration, withheld below the minimum sample. */
export interface TrendPoint {
  /** `YYYY-MM` in the jurisdiction's time zone. */
  month: string;
  n: number;
  on_time: Proportion | null;
  /** Median working days from receipt to decision. */
  median: number | null;
}

export interface PublicStatistics {
  period: string;
  min_sample: number;
  /** Durations are in working days; shares are on-time decisions (the application's statutory due date met). */
  jurisdictions: JurisdictionFigures[];
}

/** Public statistics per jurisdiction, unit and procedure, withheld below `minSample`. */
export function presentStatistics(input: StatisticsInput, period: string, minSample = DEFAULT_MIN_SAMPLE): PublicStatistics {
  const round = (n: number | null) => (n === null ? null : Math.round(n * 10) / 10);
  const group = (code: string, name: Localized, filter: (x: { unit: string; procedure?: string; official?: { code: string } | null }) => boolean, j: string): Omit<GroupFigures, 'rank' | 'decided'> & { cases: { duration: number; onTime: boolean }[] } => {
    const cases = input.decided.filter((d) => d.jurisdiction === j && filter(d)).map((d) => ({ duration: d.workingDays, onTime: d.onTime, count: d.count }));
    let open = 0;
    let overdue = 0;
    for (const o of input.open) {
      if (o.jurisdiction !== j || !filter(o)) continue;
      open += o.count;
      if (o.overdue) overdue += o.count;
    }
    const counts = countDelays(input.delayReasons.filter((r) => r.jurisdiction === j && filter({ unit: r.unit })));
    return {
      code,
      name,
      cases,
      open,
      overdue_now: open >= minSample ? wilson(overdue, open) : null,
      top_delay_reasons: counts.filter((c) => c.count > 0).sort((a, b) => b.count - a.count).slice(0, 5),
      satisfaction: summarizeSatisfaction(input.ratings.filter((r) => r.jurisdiction === j && filter(r)).map((r) => r.satisfaction), minSample),
    };
  };
  const finish = (g: ReturnType<typeof group>, ranked: { summary: Summary; rank: number | null }): GroupFigures => {
    const { cases: _cases, ...rest } = g;
    return { ...rest, rank: ranked.rank, decided: { ...ranked.summary, median: round(ranked.summary.median), p90: round(ranked.summary.p90) } };
  };
  const jurisdictions = input.jurisdictions.map((j) => {
    const unitGroups = input.units.filter((u) => u.jurisdiction === j.code).map((u) => group(u.code, u.name, (x) => x.unit === u.code, j.code));
    const procGroups = input.procedures.filter((p) => p.jurisdiction === j.code).map((p) => group(p.code, p.name, (x) => x.procedure === p.code, j.code));
    const rankedUnits = rankByOnTime(unitGroups.map((g) => ({ key: g, cases: g.cases })), minSample);
    const rankedProcs = rankByOnTime(procGroups.map((g) => ({ key: g, cases: g.cases })), minSample);
    const all = group(j.code, j.name, () => true, j.code);
    const named = new Map<string, Localized>();
    for (const d of input.decided) if (d.jurisdiction === j.code && d.official) named.set(d.official.code, d.official.name);
    const officialGroups = [...named].map(([code, name]) => group(code, name, (x) => x.official?.code === code, j.code));
    const officials = rankByOnTime(officialGroups.map((g) => ({ key: g, cases: g.cases })), minSample)
      .filter((r) => r.summary.n > 0)
      .map((r) => ({ ...finish(r.key, r), rank: null, satisfaction: null }));
    const overall = rankByOnTime([{ key: all, cases: all.cases }], minSample)[0]!;
    return {
      code: j.code,
      name: j.name,
      overall: { ...finish(all, overall), rank: null },
      units: rankedUnits.filter((r) => r.summary.n > 0 || r.key.open > 0 || r.key.satisfaction!.n > 0).map((r) => finish(r.key, r)),
      procedures: rankedProcs.filter((r) => r.summary.n > 0 || r.key.open > 0 || r.key.satisfaction!.n > 0).map((r) => finish(r.key, r)),
      officials,
      trend: presentTrend(input, j.code, null, minSample),
      delays: countDelays(input.delayReasons.filter((r) => r.jurisdiction === j.code)),
    };
  });
  return { period, min_sample: minSample, jurisdictions };
}

/**
 * Groups in the order a satisfaction table shows them: highest mean first, then more ratings first; withheld groups
 * (too few ratings to publish a mean) last, most ratings first. Groups without any satisfaction figures are left out.
 */
export function bySatisfaction(groups: readonly GroupFigures[]): GroupFigures[] {
  const rated = groups.filter((g) => g.satisfaction);
  return rated.sort((a, b) => {
    const x = a.satisfaction!;
    const y = b.satisfaction!;
    if ((x.mean === null) !== (y.mean === null)) return x.mean === null ? 1 : -1;
    if (x.mean !== null && y.mean !== null && x.mean !== y.mean) return y.mean - x.mean;
    return y.n - x.n || a.code.localeCompare(b.code);
  });
}

/** The league tables as CSV (one row per unit and per procedure), escaped and guarded by `toCsv`. */
export function statisticsCsv(s: PublicStatistics): string {
  const rows = [['period', 'jurisdiction', 'level', 'code', 'name_ko', 'name_en', 'rank', 'decided', 'withheld', 'median_working_days', 'p90_working_days', 'on_time_share', 'on_time_lower', 'on_time_upper', 'open', 'overdue_now_share', 'rated', 'satisfaction_withheld', 'satisfaction_mean', 'satisfied_share', 'satisfied_lower', 'satisfied_upper']];
  for (const j of s.jurisdictions) {
    for (const [level, list] of [['jurisdiction', [j.overall]], ['unit', j.units], ['procedure', j.procedures]] as const) {
      for (const g of list) {
        const o = g.decided.on_time;
        const sat = g.satisfaction;
        const happy = sat?.satisfied;
        rows.push([s.period, j.code, level, g.code, g.name.ko, g.name.en, String(g.rank ?? ''), String(g.decided.n), String(g.decided.withheld), String(g.decided.median ?? ''), String(g.decided.p90 ?? ''), o ? o.share.toFixed(4) : '', o ? o.lower.toFixed(4) : '', o ? o.upper.toFixed(4) : '', String(g.open), g.overdue_now ? g.overdue_now.share.toFixed(4) : '',
          String(sat?.n ?? ''), String(sat?.withheld ?? ''), sat && sat.mean !== null ? sat.mean.toFixed(2) : '', happy ? happy.share.toFixed(4) : '', happy ? happy.lower.toFixed(4) : '', happy ? happy.upper.toFixed(4) : '']);
      }
    }
  }
  const [header, ...body] = rows;
  return toCsv(header!, body);
}

/**
 * Month by month, the decisions of a jurisdiction (or one of its units): count, on-time share with its interval and
 * median working days, both withheld (null) for a month with fewer than `minSample` decisions. Months without any
 * decision between the first and the last are included, so a chart shows the gap.
 */
export function presentTrend(input: Pick<StatisticsInput, 'decided'>, jurisdiction: string, unit: string | null, minSample = DEFAULT_MIN_SAMPLE): TrendPoint[] {
  const byMonth = new Map<string, { workingDays: number; onTime: boolean; count: number }[]>();
  for (const d of input.decided) {
    if (d.jurisdiction !== jurisdiction || (unit !== null && d.unit !== unit)) continue;
    let list = byMonth.get(d.month);
    if (!list) byMonth.set(d.month, (list = []));
    list.push(d);
  }
  const months = [...byMonth.keys()].sort();
  if (months.length === 0) return [];
  const points: TrendPoint[] = [];
  for (let m = months[0]!; m <= months.at(-1)!; m = nextMonth(m)) {
    const cases = byMonth.get(m) ?? [];
    let n = 0;
    let onTime = 0;
    for (const c of cases) {
      n += c.count;
      if (c.onTime) onTime += c.count;
    }
    const shown = n >= minSample;
    const mid = shown ? weightedPercentile(cases.map((c) => ({ value: c.workingDays, count: c.count })), 0.5) : null;
    points.push({
      month: m,
      n,
      on_time: shown ? wilson(onTime, n) : null,
      median: mid === null ? null : Math.round(mid * 10) / 10,
    });
  }
  return points;
}

function nextMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}

/** The trend the statistics page shows: a jurisdiction's or a unit's, chosen by code; the first jurisdiction by default. */
export interface SelectedTrend {
  code: string;
  name: Localized;
  /** Where the choice may go: each jurisdiction and its units. */
  options: { code: string; name: Localized; units: { code: string; name: Localized }[] }[];
  points: TrendPoint[];
}

/** Picks the trend for `code` (a jurisdiction or unit code); unknown or absent codes fall back to the first jurisdiction. */
export function selectTrend(stats: PublicStatistics, input: StatisticsInput, code: string | undefined): SelectedTrend | null {
  const options = input.jurisdictions.map((j) => ({ code: j.code, name: j.name, units: input.units.filter((u) => u.jurisdiction === j.code).map((u) => ({ code: u.code, name: u.name })) }));
  for (const j of options) {
    if (j.code === code) return { code: j.code, name: j.name, options, points: presentTrend(input, j.code, null, stats.min_sample) };
    const u = j.units.find((x) => x.code === code);
    if (u) return { code: u.code, name: u.name, options, points: presentTrend(input, j.code, u.code, stats.min_sample) };
  }
  const first = options[0];
  return first ? { code: first.code, name: first.name, options, points: presentTrend(input, first.code, null, stats.min_sample) } : null;
}

/**
 * Delay reasons counted by category (each reason once, or `count` times when given): every category in the list's order (zero included), then `not_stated` (events from
 * before categories, or naming none) when there are any. Counting by category, not wording, counts one reason once in
 * every language.
 */
export function countDelays(reasons: readonly { category: string | null; count?: number }[]): { category: CountedDelayCategory; count: number }[] {
  const counts = new Map<CountedDelayCategory, number>();
  for (const r of reasons) {
    const category = delayCategoryOf(r.category);
    counts.set(category, (counts.get(category) ?? 0) + (r.count ?? 1));
  }
  const listed = DELAY_CATEGORIES.map((category) => ({ category: category as CountedDelayCategory, count: counts.get(category) ?? 0 }));
  const notStated = counts.get(NOT_STATED) ?? 0;
  return notStated ? [...listed, { category: NOT_STATED, count: notStated }] : listed;
}
