import { sql } from 'kysely';
import { clockOfPublicCase } from '../src/db/repos/clocks.js';
import { findPublicCase } from '../src/db/repos/publicRead.js';
import { statisticsInput } from '../src/db/repos/statistics.js';
import { presentStatistics } from '../src/presenters/statistics.js';
import { percentiles, type Percentiles } from './core.js';
import type { BenchWorld } from './data.js';

export interface DeadlinesResult {
  /** Decided cases the statistics covered. */
  decided: number;
  /** Wall time of one full statistics computation (all periods' input, all groups). */
  statisticsMs: number;
  /** Decided cases per second through the statistics path (clock recomputed for each). */
  statisticsCasesPerSecond: number;
  /** Wall time of a later computation, reading stored outcomes. */
  statisticsAgainMs: number;
  /** Due dates of open cases, computed as the public page does (load + clock with explanation). */
  clocks: number;
  clockLatency: Percentiles;
  /** Clocks alone per second, excluding the database read. */
  clocksPerSecond: number;
}

/**
 * Statistics and due dates over the bench world on PostgreSQL: one full statistics computation (every decided
 * case's clock recomputed with its jurisdiction's calendar, then grouped), and the clocks of a sample of open
 * cases as the public page computes them.
 */
export async function benchDeadlines(world: BenchWorld, log: (line: string) => void = () => {}, sample = 1000): Promise<DeadlinesResult> {
  const db = world.database.db;
  log('  statistics over every decided case...');
  const t0 = performance.now();
  const input = await statisticsInput(db, null);
  presentStatistics(input, 'all');
  const statisticsMs = performance.now() - t0;
  // Again, as every later computation runs: each decided case's outcome is stored by then (case_outcome).
  log('  statistics again, from stored outcomes...');
  const t1 = performance.now();
  presentStatistics(await statisticsInput(db, null), 'all');
  const statisticsAgainMs = performance.now() - t1;

  const open = await db
    .selectFrom('application')
    .select('number')
    .where('closed_at', 'is', null)
    .orderBy(sql`md5(number)`)
    .limit(sample)
    .execute();
  log(`  clocks of ${open.length} open cases...`);
  const latencies: number[] = [];
  let clockOnlyMs = 0;
  for (const { number } of open) {
    const started = performance.now();
    const found = await findPublicCase(db, number);
    const loaded = performance.now();
    await clockOfPublicCase(db, found!);
    const done = performance.now();
    clockOnlyMs += done - loaded;
    latencies.push(done - started);
  }
  const decided = input.decided.reduce((n, d) => n + d.count, 0);
  return {
    decided,
    statisticsMs,
    statisticsCasesPerSecond: decided / (statisticsMs / 1000),
    statisticsAgainMs,
    clocks: open.length,
    clockLatency: percentiles(latencies),
    clocksPerSecond: open.length / (clockOnlyMs / 1000),
  };
}
