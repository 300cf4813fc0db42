/**
 * Register searches that start like an application number, one by one on a kept benchmark world:
 * `BENCH_SCHEMA=bench_<name> npx tsx bench/registerNumbers.ts`. Prints two rounds after a warm-up round, with the
 * load average before and after (other work on the machine inflates every figure). The world must be migrated, as any
 * `BENCH_SCHEMA=… npm run bench` leaves it.
 */
import os from 'node:os';
import { openDatabase } from '../src/db/pool.js';
import { searchRegister } from '../src/db/repos/publicRead.js';
import type { Status } from '../src/domain/types.js';

const schema = process.env.BENCH_SCHEMA;
if (!schema) throw new Error('BENCH_SCHEMA must name a kept benchmark world (see bench/README.md)');
const url = process.env.BENCH_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';
const { db, close } = await openDatabase({ url, searchPath: `${schema},public`, poolSize: 1 });

const cases: [string, Status | undefined][] = [
  ['2025-ts', 'approved'], ['2025-ts-00', 'in_review'], ['2026-ts-02', 'approved'], ['2026-ts-04', undefined], ['2025-t', undefined],
  ['2025-ts-0012345', undefined],
];
const load = () => os.loadavg().map((v) => v.toFixed(1)).join(' / ');
console.log(`load average ${load()}`);
for (let round = 0; round < 3; round++) {
  const out: string[] = [];
  for (const [q, status] of cases) {
    const t = performance.now();
    const rows = await searchRegister(db, { q, status, limit: 51 });
    out.push(`${q}${status ? ` + ${status}` : ''}: ${(performance.now() - t).toFixed(1)} ms (${rows.length} rows)`);
  }
  if (round > 0) console.log(out.join(' | '));
}
console.log(`load average ${load()}`);
await close();
