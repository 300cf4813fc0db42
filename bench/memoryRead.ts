/**
 * What a running server holds after serving many distinct public records. Not part of `npm run bench`:
 *
 *   PROFILE_SCHEMA=bench_0123456789 node --expose-gc --import tsx bench/memoryRead.ts
 *
 * Builds the real server (`buildServer`, production pool size) on a kept bench schema, asks for every application's
 * public page in both languages and its API record (`MEMORY_RECORDS`, default all), and prints the heap after a full
 * collection, the RSS and the rendered-records cache's size at each step. `MEMORY_SNAPSHOT=<file>` also writes a heap
 * snapshot at the end (open it in Chrome DevTools' Memory tab); `MEMORY_STATISTICS=1` then asks for the statistics of
 * each period.
 */
import fs from 'node:fs';
import os from 'node:os';
import v8 from 'node:v8';
import { loadConfig } from '../src/config.js';
import { openDatabase } from '../src/db/pool.js';
import { buildServer } from '../src/http/server.js';

const url = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const schema = process.env.PROFILE_SCHEMA;
if (!schema || !/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error('PROFILE_SCHEMA must name a kept bench schema');
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc');

const database = await openDatabase({ url, searchPath: `${schema},public` });
const config = loadConfig({ LOG_LEVEL: 'silent', DATABASE_URL: url, DATA_DIR: os.tmpdir(), PORT: '0', RECORD_CACHE_MB: process.env.RECORD_CACHE_MB });
const app = await buildServer({ db: database.db, config });
await app.ready();

const mb = (n: number) => `${(n / 1048576).toFixed(1)} MB`;
let peakRss = 0;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);
function report(step: string) {
  gc!();
  const m = process.memoryUsage();
  peakRss = Math.max(peakRss, m.rss);
  const cache = app.renderedRecords.size();
  const status = fs.readFileSync('/proc/self/status', 'utf8');
  const kb = (key: string) => Number(status.match(new RegExp(`${key}:\\s+(\\d+) kB`))?.[1] ?? NaN) * 1024;
  console.log(
    `${step}: heap used ${mb(m.heapUsed)} of ${mb(m.heapTotal)}, external ${mb(m.external)} (array buffers ${mb(m.arrayBuffers)}), ` +
      `RSS ${mb(m.rss)} (anonymous ${mb(kb('RssAnon'))}, files ${mb(kb('RssFile'))}), peak RSS ${mb(peakRss)}; rendered records ${cache.entries} (${mb(cache.bytes)})`,
  );
}

report('started');
const limit = Number(process.env.MEMORY_RECORDS ?? 1e9);
const numbers = (await database.db.selectFrom('application').select('number').orderBy('id').limit(limit).execute()).map((r) => r.number);
report(`${numbers.length} numbers read`);
const paths = (n: string) => [`/applications/${n}`, `/applications/${n}?lang=en`, `/api/v1/applications/${n}`];
let served = 0;
let failed = 0;
const concurrency = 8;
let next = 0;
await Promise.all(
  Array.from({ length: concurrency }, async () => {
    while (next < numbers.length) {
      const n = numbers[next++]!;
      for (const p of paths(n)) {
        const response = await app.inject({ method: 'GET', url: p });
        if (response.statusCode !== 200) failed++;
        served++;
      }
      if (served % 15_000 < 3) report(`${served} served`);
    }
  }),
);
report(`${served} served (${failed} not 200)`);
// MEMORY_STATISTICS=1: then the public statistics of each period, which the server keeps with their input.
if (process.env.MEMORY_STATISTICS) {
  for (const period of ['90', '365', 'all']) {
    const response = await app.inject({ method: 'GET', url: `/statistics?period=${period}` });
    report(`statistics ${period} (${response.statusCode})`);
  }
}
if (process.env.MEMORY_SNAPSHOT) console.log(`heap snapshot: ${v8.writeHeapSnapshot(process.env.MEMORY_SNAPSHOT)}`);
clearInterval(sampler);
await app.close();
await database.close();
