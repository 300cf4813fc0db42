import { yearSignals, type YearSignals } from '../../commands/fair/signals.js';
import { signalNames } from '../../db/repos/signals.js';
import type { Db } from '../../db/types.js';
import type { ViewContext } from '../../views/context.js';
import { IntegrityPage, SignalsPage, type SignalCountRow, type SignalsView } from '../../views/fair/signals.js';

/** The years a signals page offers: this one and the four before it. */
export function signalYears(now = new Date()): number[] {
  const year = now.getUTCFullYear();
  return [year, year - 1, year - 2, year - 3, year - 4];
}

/**
 * Signals of a year, computed at most once per `ttlMs` per year and shared by the auditors' page and the public
 * counts (which see only aggregates); a review clears the year so the auditor sees it at once. Once a year has been
 * computed, later requests get those figures at once while the next computation runs (reading a year at
 * 1,000,000 applications takes tens of seconds), so no visitor waits for it after the first. `ttlMs` 0 computes
 * on every request.
 */
export function signalsCache(db: Db, ttlMs: number, lateEntryMinutes: number) {
  const cache = new Map<number, { at: number; value: Promise<YearSignals>; refreshing?: boolean }>();
  const compute = (year: number) => {
    const value = yearSignals(db, { year, lateEntryMinutes });
    value.catch(() => undefined);
    return value;
  };
  return {
    get(year: number): Promise<YearSignals> {
      const hit = cache.get(year);
      if (hit && Date.now() - hit.at < ttlMs) return hit.value;
      if (hit && ttlMs > 0) {
        // Stale: answer with it, and refresh once in the background.
        if (!hit.refreshing) {
          hit.refreshing = true;
          compute(year).then(
            (fresh) => { if (cache.get(year) === hit) cache.set(year, { at: Date.now(), value: Promise.resolve(fresh) }); },
            () => { hit.refreshing = false; },
          );
        }
        return hit.value;
      }
      const value = compute(year);
      const entry = { at: Date.now(), value };
      cache.set(year, entry);
      value.catch(() => { if (cache.get(year) === entry) cache.delete(year); });
      return value;
    },
    forget(year: number) {
      cache.delete(year);
    },
  };
}

/** The auditors' page for a year. */
export async function signalsPage(db: Db, ctx: ViewContext, computed: YearSignals, extra: Pick<SignalsView, 'notice' | 'refused'> = {}) {
  const names = await signalNames(db);
  return SignalsPage({
    ctx,
    view: {
      year: computed.year, years: signalYears(), signals: computed.signals, truncated: computed.truncated, cases: computed.cases,
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
