import { statisticsInput, type StatisticsInput } from '../db/repos/statistics.js';
import type { Db } from '../db/types.js';
import { parsePeriod, periodStart, type Period } from '../domain/statistics.js';
import { presentStatistics, type PublicStatistics } from '../presenters/statistics.js';

/** Public statistics with the input they were computed from, and when. */
export interface ComputedStatistics {
  stats: PublicStatistics;
  input: StatisticsInput;
  computedAt: Date;
}

/**
 * Public statistics shared by everyone who asks, per period. Computing them replays every decided case's clock, which
 * takes seconds at a city's size; so each period is computed at most once per `ttlMs` whatever the traffic, concurrent
 * requests share one computation, and once the figures are older than `ttlMs` the next request still gets them at
 * once while a fresh computation runs (stale while revalidating). `ttlMs` 0 computes on every request.
 */
export function statisticsCache(db: Db, ttlMs: number, clock: () => number = Date.now) {
  const entries = new Map<string, { value?: ComputedStatistics; pending?: Promise<ComputedStatistics> }>();

  const compute = async (period: Period): Promise<ComputedStatistics> => {
    const started = new Date(clock());
    const input = await statisticsInput(db, periodStart(period, started));
    return { stats: presentStatistics(input, period), input, computedAt: started };
  };

  return async function statisticsFor(requested: string | undefined): Promise<ComputedStatistics> {
    const period = parsePeriod(requested);
    if (ttlMs <= 0) return compute(period);
    let entry = entries.get(period);
    if (!entry) entries.set(period, (entry = {}));
    const fresh = entry.value && clock() - entry.value.computedAt.getTime() < ttlMs;
    if (fresh) return entry.value!;
    if (!entry.pending) {
      const current = entry;
      current.pending = compute(period)
        .then((value) => {
          current.value = value;
          return value;
        })
        .finally(() => {
          current.pending = undefined;
        });
      // A failed refresh is reported to whoever awaits it; a stale value keeps being served meanwhile.
      current.pending.catch(() => {});
    }
    return entry.value ?? entry.pending!;
  };
}
