import { sql } from 'kysely';
import { readSignalInput } from '../src/commands/fair/signals.js';
import { detectSignals } from '../src/domain/signals.js';
import type { BenchWorld } from './data.js';

export interface SignalsResult {
  year: number;
  cases: number;
  readMs: number;
  detectMs: number;
  signals: number;
}

/**
 * The auditors' signals for the bench world's busiest year on PostgreSQL: reading the year's facts (cases, their
 * events, working time from the calendar) and running the pure detector, timed apart.
 */
export async function benchSignals(world: BenchWorld, log: (line: string) => void = () => {}): Promise<SignalsResult> {
  const db = world.database.db;
  const busiest = await db
    .selectFrom('application')
    .select([sql<number>`extract(year from received_at)::int`.as('year'), sql<number>`count(*)`.as('n')])
    .groupBy(sql`1`)
    .orderBy(sql`2`, 'desc')
    .limit(1)
    .executeTakeFirstOrThrow();
  const year = Number(busiest.year);
  log(`  reading ${year}'s facts...`);
  const t0 = performance.now();
  const { input, cases } = await readSignalInput(db, { year, lateEntryMinutes: 60 });
  const readMs = performance.now() - t0;
  log(`  detecting over ${cases} applications...`);
  const t1 = performance.now();
  const signals = detectSignals(input);
  const detectMs = performance.now() - t1;
  return { year, cases, readMs, detectMs, signals: signals.length };
}
