/**
 * The register's total, counted exactly and counted up to the page's cap, for the same filters on a kept benchmark
 * world: `BENCH_SCHEMA=bench_<name> npx tsx bench/registerCount.ts`. Prints the median of three runs of each and the
 * load average before and after (other work on the machine inflates every figure).
 */
import os from 'node:os';
import { openDatabase } from '../src/db/pool.js';
import { countRegister, REGISTER_COUNT_CAP, type RegisterFilters } from '../src/db/repos/publicRead.js';

const schema = process.env.BENCH_SCHEMA;
if (!schema) throw new Error('BENCH_SCHEMA must name a kept benchmark world (see bench/README.md)');
const url = process.env.BENCH_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';
const { db, close } = await openDatabase({ url, searchPath: `${schema},public`, poolSize: 1 });

const cases: [string, Omit<RegisterFilters, 'limit'>][] = [
  ['no filter', {}],
  ['q=food', { q: 'food' }],
  ['unit=TS-FOOD', { unit: 'TS-FOOD' }],
  ['status=approved', { status: 'approved' }],
  ['q=2025-TS status=approved', { q: '2025-TS', status: 'approved' }],
  ['q=78679 (rare)', { q: '78679' }],
  ['q=현수막 unit=TS-ROAD (none)', { q: '현수막', unit: 'TS-ROAD' }],
];
const load = () => os.loadavg().map((v) => v.toFixed(1)).join(' / ');
console.log(`load average ${load()}`);
for (const [name, f] of cases) {
  const figures: string[] = [];
  for (const [label, atMost] of [['exact', Number.MAX_SAFE_INTEGER - 1], ['capped', REGISTER_COUNT_CAP]] as const) {
    const ms: number[] = [];
    let n = 0;
    for (let i = 0; i < 3; i++) {
      const start = performance.now();
      n = await countRegister(db, { ...f, limit: 1 }, atMost);
      ms.push(performance.now() - start);
    }
    ms.sort((a, b) => a - b);
    figures.push(`${label} ${n.toLocaleString('en')} in ${ms[1]!.toFixed(1)} ms`);
  }
  console.log(`${name.padEnd(30)} ${figures.join(' | ')}`);
}
console.log(`load average ${load()}`);
await close();
