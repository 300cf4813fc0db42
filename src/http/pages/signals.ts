import { yearSignals, type YearSignals } from '../../commands/fair/signals.js';
import { signalNames } from '../../db/repos/signals.js';
import type { Db } from '../../db/types.js';
import { jurisdictionZone } from '../../db/repos/fairRead.js';
import { signalYears } from '../../domain/signals.js';

export { signalYears };
import type { ViewContext } from '../../views/context.js';
import { IntegrityPage, SignalsPage, type SignalCountRow, type SignalsView } from '../../views/fair/signals.js';

/**
 * Signals of a year as the job last stored them (`jobs/refreshSignals`), shared by the auditors' page and the public
 * counts (which see only aggregates). A request reads rows; only a year never computed is computed on its first
 * request. Reviews are read with the rows, so an auditor sees theirs at once.
 */
export function storedSignalsReader(db: Db, lateEntryMinutes: number) {
  return { get: (year: number): Promise<YearSignals> => yearSignals(db, { year, lateEntryMinutes }) };
}

/** The auditors' page for a year. */
export async function signalsPage(db: Db, ctx: ViewContext, computed: YearSignals, extra: Pick<SignalsView, 'notice' | 'refused'> = {}) {
  const names = await signalNames(db);
  return SignalsPage({
    ctx,
    view: {
      year: computed.year, years: signalYears(), signals: computed.signals, truncated: computed.truncated, cases: computed.cases, computedAt: computed.computedAt, zone: ctx.official ? await jurisdictionZone(db, ctx.official.jurisdictionId) : 'Asia/Seoul',
      units: new Map(names.units.map((u) => [u.id, { ko: u.name_ko, en: u.name_en }])),
      officials: new Map(names.officials.map((o) => [o.id, { ko: `${o.name_ko} (${o.title_ko})`, en: `${o.name_en} (${o.title_en})` }])),
      ...extra,
    },
  });
}

/** The public counts per department: raised, reviewed (latest review of any kind), referred. No names, no cases. */
export async function signalCounts(db: Db, computed: YearSignals): Promise<(SignalCountRow & { code: string })[]> {
  const names = await signalNames(db);
  const units = new Map(names.units.map((u) => [u.id, u]));
  const rows = new Map<number, SignalCountRow & { code: string }>();
  for (const s of computed.signals) {
    const u = units.get(s.unitId);
    if (!u) continue;
    const row = rows.get(s.unitId) ?? { code: u.code, unit: { ko: u.name_ko, en: u.name_en }, raised: 0, reviewed: 0, referred: 0 };
    row.raised++;
    if (s.review) row.reviewed++;
    if (s.review?.decision === 'referred') row.referred++;
    rows.set(s.unitId, row);
  }
  return [...rows.values()].sort((a, b) => a.code.localeCompare(b.code));
}

/** The public page of counts. */
export async function integrityPage(db: Db, ctx: ViewContext, computed: YearSignals) {
  return IntegrityPage({ ctx, year: computed.year, years: signalYears(), rows: await signalCounts(db, computed) });
}
