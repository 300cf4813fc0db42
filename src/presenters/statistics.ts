import { DEFAULT_MIN_SAMPLE, rankByOnTime, wilson, type Proportion, type Summary } from '../domain/statistics.js';
import type { Localized } from '../domain/types.js';
import type { StatisticsInput } from '../db/repos/statistics.js';
import { toCsv } from './csv.js';

/** One group's published figures: volume, durations and shares, each share with its 95% Wilson interval. */
export interface GroupFigures {
  code: string;
  name: Localized;
  /** 1-based rank by the lower bound of the on-time interval; null when withheld. */
  rank: number | null;
  decided: Summary;
  open: number;
  overdue_now: Proportion | null;
  top_delay_reasons: { reason: string; count: number }[];
}

export interface JurisdictionFigures {
  code: string;
  name: Localized;
  overall: GroupFigures;
  /** The league table: units ranked by the lower bound of their on-time interval, withheld ones last. */
  units: GroupFigures[];
  procedures: GroupFigures[];
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
  const group = (code: string, name: Localized, filter: (x: { unit: string; procedure?: string }) => boolean, j: string): Omit<GroupFigures, 'rank' | 'decided'> & { cases: { duration: number; onTime: boolean }[] } => {
    const cases = input.decided.filter((d) => d.jurisdiction === j && filter(d)).map((d) => ({ duration: d.workingDays, onTime: d.onTime }));
    const open = input.open.filter((o) => o.jurisdiction === j && filter(o));
    const counts = new Map<string, number>();
    for (const r of input.delayReasons) if (r.jurisdiction === j && filter({ unit: r.unit })) counts.set(r.reason, (counts.get(r.reason) ?? 0) + 1);
    return {
      code,
      name,
      cases,
      open: open.length,
      overdue_now: open.length >= minSample ? wilson(open.filter((o) => o.overdue).length, open.length) : null,
      top_delay_reasons: [...counts].sort((a, b) => b[1] - a[1]).slice(0, 5).map(([reason, count]) => ({ reason, count })),
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
    const overall = rankByOnTime([{ key: all, cases: all.cases }], minSample)[0]!;
    return {
      code: j.code,
      name: j.name,
      overall: { ...finish(all, overall), rank: null },
      units: rankedUnits.filter((r) => r.summary.n > 0 || r.key.open > 0).map((r) => finish(r.key, r)),
      procedures: rankedProcs.filter((r) => r.summary.n > 0 || r.key.open > 0).map((r) => finish(r.key, r)),
    };
  });
  return { period, min_sample: minSample, jurisdictions };
}

/** The league tables as CSV (one row per unit and per procedure), escaped and guarded by `toCsv`. */
export function statisticsCsv(s: PublicStatistics): string {
  const rows = [['period', 'jurisdiction', 'level', 'code', 'name_ko', 'name_en', 'rank', 'decided', 'withheld', 'median_working_days', 'p90_working_days', 'on_time_share', 'on_time_lower', 'on_time_upper', 'open', 'overdue_now_share']];
  for (const j of s.jurisdictions) {
    for (const [level, list] of [['jurisdiction', [j.overall]], ['unit', j.units], ['procedure', j.procedures]] as const) {
      for (const g of list) {
        const o = g.decided.on_time;
        rows.push([s.period, j.code, level, g.code, g.name.ko, g.name.en, String(g.rank ?? ''), String(g.decided.n), String(g.decided.withheld), String(g.decided.median ?? ''), String(g.decided.p90 ?? ''), o ? o.share.toFixed(4) : '', o ? o.lower.toFixed(4) : '', o ? o.upper.toFixed(4) : '', String(g.open), g.overdue_now ? g.overdue_now.share.toFixed(4) : '']);
      }
    }
  }
  const [header, ...body] = rows;
  return toCsv(header!, body);
}
