/**
 * Serves public records that are not kept (every request a miss), to see where a cold read's CPU goes. Not part of
 * `npm run bench`:
 *
 *   PROFILE_SCHEMA=bench_0123456789 PROFILE_KIND=page PROFILE_READS=2000 PROFILE_CPU=/tmp/read.cpuprofile npx tsx bench/profileRead.ts
 *   npm run build && PROFILE_COMPILED=1 PROFILE_SCHEMA=bench_0123456789 PROFILE_KIND=api npx tsx bench/profileRead.ts
 *
 * Builds the real server (`buildServer`) on a kept bench schema with the rendered-records cache off, asks for
 * `PROFILE_READS` distinct applications' public page (`PROFILE_KIND=page`) or API record (`api`), eight at a time
 * through `inject` (no sockets), after a warm-up of 300, and prints the process's CPU time per read. With
 * `PROFILE_COMPILED=1` the server is the compiled one in `dist/` (what `npm start` runs), not the sources under tsx.
 */
import os from 'node:os';
import fs from 'node:fs';
import { Session } from 'node:inspector/promises';
import { performance } from 'node:perf_hooks';
import type * as ConfigModule from '../src/config.js';
import type * as PoolModule from '../src/db/pool.js';
import type * as ServerModule from '../src/http/server.js';

const root = process.env.PROFILE_COMPILED ? '../dist' : '../src';
const { loadConfig } = (await import(`${root}/config.js`)) as typeof ConfigModule;
const { openDatabase } = (await import(`${root}/db/pool.js`)) as typeof PoolModule;
const { buildServer } = (await import(`${root}/http/server.js`)) as typeof ServerModule;

const url = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const schema = process.env.PROFILE_SCHEMA;
if (!schema || !/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error('PROFILE_SCHEMA must name a kept bench schema');
const kind = process.env.PROFILE_KIND === 'api' ? 'api' : 'page';
const reads = Number(process.env.PROFILE_READS ?? 2000);
const warmUp = 300;

const database = await openDatabase({ url, searchPath: `${schema},public` });
const config = loadConfig({ LOG_LEVEL: 'silent', DATABASE_URL: url, DATA_DIR: os.tmpdir(), PORT: '0', RECORD_CACHE_MB: '0' });
const app = await buildServer({ db: database.db, config });
await app.ready();
const numbers = (await database.db.selectFrom('application').select('number').orderBy('id').limit(reads + warmUp).execute()).map((r) => r.number);
const path = (n: string) => (kind === 'api' ? `/api/v1/applications/${n}` : `/applications/${n}`);

async function serve(list: string[]): Promise<number> {
  let next = 0;
  let failed = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < list.length) {
        const response = await app.inject({ method: 'GET', url: path(list[next++]!), headers: { 'accept-encoding': 'gzip' } });
        if (response.statusCode !== 200) failed++;
      }
    }),
  );
  return failed;
}

await serve(numbers.slice(0, warmUp));
const measured = numbers.slice(warmUp);
const inspector = process.env.PROFILE_CPU ? new Session() : undefined;
if (inspector) {
  inspector.connect();
  await inspector.post('Profiler.enable');
  await inspector.post('Profiler.start');
}
const cpu = process.cpuUsage();
const started = performance.now();
const failed = await serve(measured);
const used = process.cpuUsage(cpu);
const wall = performance.now() - started;
if (inspector) {
  const { profile } = await inspector.post('Profiler.stop');
  fs.writeFileSync(process.env.PROFILE_CPU!, JSON.stringify(profile));
}
console.log(
  `${measured.length} ${kind} reads (${failed} not 200): ${((used.user + used.system) / 1000 / measured.length).toFixed(3)} ms CPU/read ` +
    `(user ${(used.user / 1000 / measured.length).toFixed(3)}), ${(wall / measured.length).toFixed(2)} ms wall/read`,
);
await app.close();
await database.close();
