import { fork, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { sql } from 'kysely';
import { recordAct } from '../src/commands/recordAct.js';
import { PREPARED } from '../src/db/pool.js';
import { sequenceCommitted } from '../src/jobs/integrateLog.js';
import { searchRegister, type RegisterFilters } from '../src/db/repos/publicRead.js';
import { STATUSES, type Status } from '../src/domain/types.js';
import { actOf, freshApplications, WRITE_PATH, type BenchWorld } from './data.js';

/** The core benchmarks: register search, public reads over HTTP, recording acts, memory under load. */

export interface Percentiles {
  count: number;
  mean: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

/** Nearest-rank percentiles of a list of milliseconds. */
export function percentiles(samples: number[]): Percentiles {
  const s = [...samples].sort((a, b) => a - b);
  const at = (p: number) => (s.length ? s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]! : NaN);
  return {
    count: s.length,
    mean: s.length ? s.reduce((a, b) => a + b, 0) / s.length : NaN,
    p50: at(50),
    p95: at(95),
    p99: at(99),
    max: s.length ? s[s.length - 1]! : NaN,
  };
}

/** A small seeded generator, so that two runs ask the same questions. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Log = (line: string) => void;

/** Random existing application ids → their public numbers and searchable texts. */
async function sampleApplications(world: BenchWorld, count: number, rand: () => number) {
  const db = world.database.db;
  const range = await db
    .selectFrom('application')
    .select([sql<number>`min(id)`.as('lo'), sql<number>`max(id)`.as('hi'), sql<Date>`min(received_at)`.as('first'), sql<Date>`max(received_at)`.as('last')])
    .executeTakeFirstOrThrow();
  const ids = new Set<number>();
  while (ids.size < Math.min(count, range.hi - range.lo + 1)) ids.add(range.lo + Math.floor(rand() * (range.hi - range.lo + 1)));
  const rows: { number: string; title: string; address: string }[] = [];
  const all = [...ids];
  for (let i = 0; i < all.length; i += 5000) {
    rows.push(...(await db.selectFrom('application').select(['number', 'title', 'address']).where('id', 'in', all.slice(i, i + 5000)).execute()));
  }
  return { rows, first: range.first, last: range.last };
}

// ---------------------------------------------------------------------------------------------------------------
// 2. Register search

export interface RegisterResult {
  queries: number;
  latency: Percentiles;
  byKind: Record<string, Percentiles & { rowsMean: number }>;
  slowest: { kind: string; ms: number; rows: number; filters: string }[];
}

/** A search word of 3–10 characters taken from a real title, address or number. */
function wordFrom(text: string, rand: () => number): string {
  const tokens = text.toLowerCase().split(/[\s·,]+/).filter(Boolean);
  const i = Math.floor(rand() * tokens.length);
  let t = tokens[i]!;
  if (t.length < 3 && tokens[i + 1]) t = `${t} ${tokens[i + 1]}`;
  if (t.length < 3 && i > 0) t = `${tokens[i - 1]} ${t}`;
  if (t.length > 10) {
    const len = 3 + Math.floor(rand() * 8);
    const start = Math.floor(rand() * (t.length - len + 1));
    t = t.slice(start, start + len);
  }
  return t.trim().length >= 3 ? t : text.toLowerCase().slice(0, 6);
}

function describe(f: RegisterFilters): string {
  const parts: string[] = [];
  if (f.q) parts.push(`q=${JSON.stringify(f.q)}`);
  if (f.unit) parts.push(`unit=${f.unit}`);
  if (f.procedure) parts.push(`procedure=${f.procedure}`);
  if (f.status) parts.push(`status=${f.status}`);
  if (f.from) parts.push(`from=${f.from.toISOString().slice(0, 10)}`);
  if (f.to) parts.push(`to=${f.to.toISOString().slice(0, 10)}`);
  if (f.after) parts.push(`after=${f.after.receivedAt.toISOString()}|${f.after.id}`);
  return parts.join(' ') || '(no filter)';
}

/**
 * About 300 searches through `searchRegister`, one at a time: 200 single pages mixing text, unit, procedure,
 * status and date-range filters, and five chains that follow the keyset cursor 20 pages deep. Page size 50
 * (the API's default; it asks for 51 to know whether there is a next page).
 */
export async function benchRegister(world: BenchWorld, log: Log = () => {}): Promise<RegisterResult> {
  const db = world.database.db;
  const rand = prng(20260501);
  const { rows: sample, first, last } = await sampleApplications(world, 2000, rand);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const text = () => {
    const r = pick(sample);
    const source = rand();
    if (source < 0.6) return wordFrom(r.title, rand);
    if (source < 0.85) return wordFrom(r.address, rand);
    // A number as people type it: its start (search-as-you-type, 6–10 characters) or the serial's last digits.
    return rand() < 0.5 ? r.number.slice(0, 6 + Math.floor(rand() * 5)) : r.number.slice(-(4 + Math.floor(rand() * 4)));
  };
  const range = () => {
    const width = (7 + Math.floor(rand() * 84)) * 86_400_000;
    const from = new Date(first.getTime() + rand() * Math.max(0, last.getTime() - first.getTime() - width));
    return { from, to: new Date(from.getTime() + width) };
  };
  const status = () => pick(STATUSES) as Status;
  const unit = () => pick(world.procedures).unitCode;
  const procedure = () => pick(world.procedures).code;
  const LIMIT = 51;
  const makers: [string, number, () => RegisterFilters][] = [
    ['q', 60, () => ({ q: text(), limit: LIMIT })],
    ['q+status', 20, () => ({ q: text(), status: status(), limit: LIMIT })],
    ['q+unit', 10, () => ({ q: text(), unit: unit(), limit: LIMIT })],
    ['unit', 20, () => ({ unit: unit(), limit: LIMIT })],
    ['procedure', 15, () => ({ procedure: procedure(), limit: LIMIT })],
    ['procedure+status', 20, () => ({ procedure: procedure(), status: status(), limit: LIMIT })],
    ['status+range', 20, () => ({ status: status(), ...range(), limit: LIMIT })],
    ['range', 20, () => ({ ...range(), limit: LIMIT })],
    ['unit+range', 10, () => ({ unit: unit(), ...range(), limit: LIMIT })],
    ['none', 5, () => ({ limit: LIMIT })],
  ];
  const singles: { kind: string; f: RegisterFilters }[] = [];
  for (const [kind, count, make] of makers) for (let i = 0; i < count; i++) singles.push({ kind, f: make() });
  for (let i = singles.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [singles[i], singles[j]] = [singles[j]!, singles[i]!];
  }
  // Common words make long chains; the register's first pages are the most read.
  const chains: [string, RegisterFilters][] = [
    ['deep:none', { limit: LIMIT }],
    ['deep:status', { status: 'approved', limit: LIMIT }],
    ['deep:unit', { unit: 'TS-FOOD', limit: LIMIT }],
    ['deep:procedure+status', { procedure: 'building-permit', status: 'in_review', limit: LIMIT }],
    ['deep:q', { q: wordFrom(pick(sample).title.split(' · ')[1] ?? 'riverside', rand), limit: LIMIT }],
  ];

  const samples: { kind: string; ms: number; rows: number; f: RegisterFilters }[] = [];
  const run = async (kind: string, f: RegisterFilters, measure = true) => {
    const t = performance.now();
    const rows = await searchRegister(db, f);
    const ms = performance.now() - t;
    if (measure) samples.push({ kind, ms, rows: rows.length, f });
    return rows;
  };
  // Warm-up: plans cached in the pool's connections, the indexes' upper levels in shared buffers.
  for (let i = 0; i < 30; i++) await run('warm', makers[i % makers.length]![2](), false);

  for (const s of singles) await run(s.kind, s.f);
  for (const [kind, f0] of chains) {
    let f = f0;
    for (let page = 0; page < 20; page++) {
      const rows = await run(kind, f);
      if (rows.length < LIMIT) break;
      const lastRow = rows[LIMIT - 2]!;
      f = { ...f0, after: { receivedAt: lastRow.received_at, id: lastRow.id } };
    }
  }
  const kinds = new Map<string, typeof samples>();
  for (const s of samples) kinds.set(s.kind, [...(kinds.get(s.kind) ?? []), s]);
  const byKind: RegisterResult['byKind'] = {};
  for (const [kind, list] of kinds) {
    byKind[kind] = { ...percentiles(list.map((s) => s.ms)), rowsMean: list.reduce((a, s) => a + s.rows, 0) / list.length };
  }
  const slowest = [...samples].sort((a, b) => b.ms - a.ms).slice(0, 5).map((s) => ({ kind: s.kind, ms: s.ms, rows: s.rows, filters: describe(s.f) }));
  const latency = percentiles(samples.map((s) => s.ms));
  log(`  ${samples.length} searches: p50 ${latency.p50.toFixed(1)} ms, p95 ${latency.p95.toFixed(1)} ms, p99 ${latency.p99.toFixed(1)} ms`);
  return { queries: samples.length, latency, byKind, slowest };
}

// ---------------------------------------------------------------------------------------------------------------
// 3 and 5. Public reads over HTTP, and memory under load

export interface LoadFigures {
  /** Mean requests per second over the run. */
  rps: number;
  requests: number;
  p50: number;
  p99: number;
  max: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  /** The share of the phase's lookups in the rendered-records cache that found a copy (API and page only). */
  hitRate?: number;
}

/** One kind of read under the three mixes: uniform over many applications (cold), a few (warm), popular (Zipf). */
export interface ReadFigures {
  /** Uniform over 20,000 applications: nearly every request misses the rendered-records cache. */
  throughput: LoadFigures;
  atRate: LoadFigures;
  ratio: number;
  /** A small set of applications asked again and again, all held by the cache. */
  warm: LoadFigures;
  warmRatio: number;
  /** A few hot applications and a long tail (Zipf), as when a case is in the news. */
  popular: LoadFigures;
  popularAtRate: LoadFigures;
  popularRatio: number;
}

/**
 * A Zipf sampler over `n` ranks with exponent `s`: rank k (1-based) is drawn with probability proportional to
 * 1 / k^s. Returns the rank (0-based) for a uniform number in [0, 1).
 */
export function zipf(n: number, s: number): { draw: (u: number) => number; share: (ranks: number) => number } {
  const cumulative = new Float64Array(n);
  let total = 0;
  for (let k = 1; k <= n; k++) cumulative[k - 1] = total += 1 / k ** s;
  return {
    draw: (u) => {
      const x = u * total;
      let lo = 0;
      let hi = n - 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (cumulative[mid]! < x) lo = mid + 1;
        else hi = mid;
      }
      return lo;
    },
    share: (ranks) => cumulative[Math.min(n, ranks) - 1]! / total,
  };
}

export interface HttpResult {
  connections: number;
  seconds: number;
  rate: number;
  raw: { throughput: LoadFigures; atRate: LoadFigures };
  api: ReadFigures;
  page: ReadFigures;
  /** How many distinct applications the warm phase asks for, and the popular mix's Zipf exponent over how many. */
  warmSet: number;
  popular: { exponent: number; applications: number; hottestShare: number };
  memory: { peakRssMb: number; hwmRssMb: number; startRssMb: number; endRssMb: number };
}

export interface HttpOptions {
  connections?: number;
  seconds?: number;
  rate?: number;
  log?: Log;
}

const here = path.dirname(fileURLToPath(import.meta.url));

/** Reads VmRSS and VmHWM (peak) of a process, in MB. */
export function procMemory(pid: number): { rss: number; hwm: number } | null {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (key: string) => Number(status.match(new RegExp(`${key}:\\s+(\\d+) kB`))?.[1] ?? NaN);
    return { rss: kb('VmRSS') / 1024, hwm: kb('VmHWM') / 1024 };
  } catch {
    return null;
  }
}

/**
 * The Node flags and environment `npm start` gives the server, read from its script in package.json
 * (`NAME=value … node <flags> dist/cli/main.js start`), so the measured process is the one production runs.
 */
export function productionLaunch(startScript: string): { env: Record<string, string>; execArgv: string[] } {
  const words = startScript.trim().split(/\s+/);
  const node = words.indexOf('node');
  const main = words.indexOf('dist/cli/main.js');
  if (node < 0 || main < node) throw new Error(`npm start does not run dist/cli/main.js with node: ${startScript}`);
  const env = Object.fromEntries(words.slice(0, node).map((w) => [w.slice(0, w.indexOf('=')), w.slice(w.indexOf('=') + 1)]));
  return { env, execArgv: words.slice(node + 1, main) };
}

/** Compiles src/ into dist/ when the sources are newer, as `npm start` does; returns the repository's root. */
export function compileDist(): string {
  const root = path.resolve(here, '..');
  const built = spawnSync(process.execPath, [path.join(root, 'scripts', 'build.mjs'), '--if-stale'], { stdio: 'inherit', cwd: root });
  if (built.status !== 0) throw new Error('could not compile src/ into dist/ for the server process');
  return root;
}

/**
 * Starts the servers in a child process, so the load generator does not share their event loop: the compiled
 * JavaScript in dist/ (built first when older than the sources, as `npm start` does), with the Node flags and
 * environment of `npm start` and the container image's NODE_ENV.
 */
async function startServerProcess(world: BenchWorld): Promise<{ child: ChildProcess; port: number; rawPort: number }> {
  // An embedded database is held by one process: the parent lets go of the folder so that the server can open it.
  if (world.dataDir) await world.database.close();
  const root = compileDist();
  const packageJson = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts: { start: string } };
  const launch = productionLaunch(packageJson.scripts.start);
  const child = fork(path.join(here, 'httpServer.mjs'), [], {
    // BENCH_CPU_PROF=<folder> writes a V8 CPU profile of the server process (open it in Chrome DevTools).
    // BENCH_SERVER_HEAP_MB=<MB> caps the server's heap (`--max-old-space-size`), to measure it with and without a cap.
    execArgv: [...launch.execArgv, ...(process.env.BENCH_SERVER_HEAP_MB ? [`--max-old-space-size=${process.env.BENCH_SERVER_HEAP_MB}`] : []), ...(process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [])],
    env: {
      ...process.env,
      NODE_ENV: 'production',
      ...launch.env,
      BENCH_SERVER_URL: world.url,
      BENCH_SERVER_SEARCH_PATH: world.searchPath,
      BENCH_SERVER_DATA_DIR: world.dataDir ?? '',
    },
    cwd: root,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const ports = await new Promise<{ port: number; rawPort: number }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the server process did not start within 60 s')), 60_000);
    child.once('message', (m) => {
      clearTimeout(timer);
      resolve(m as { port: number; rawPort: number });
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the server process exited with ${code}`));
    });
  });
  return { child, ...ports };
}

/** The server process's rendered-records lookups so far (`bench/httpServer.mjs` answers the message 'records'). */
async function recordLookups(child: ChildProcess): Promise<{ hits: number; misses: number; joined: number; entries: number; bytes: number }> {
  return new Promise((resolve) => {
    const listen = (m: unknown) => {
      const records = (m as { records?: { hits: number; misses: number; joined: number; entries: number; bytes: number } }).records;
      if (!records) return;
      child.off('message', listen);
      resolve(records);
    };
    child.on('message', listen);
    child.send('records');
  });
}

async function stopServerProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.send('stop');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

function figures(r: autocannon.Result): LoadFigures {
  return {
    rps: r.requests.average,
    requests: r.requests.total,
    p50: r.latency.p50,
    p99: r.latency.p99,
    max: r.latency.max,
    non2xx: r.non2xx,
    errors: r.errors,
    timeouts: r.timeouts,
  };
}

/**
 * An open-loop load at a steady rate: one request every 1/rate seconds whatever the answers, each timed from the
 * moment it was due, so a server that falls behind cannot hide its queue (no coordinated omission). autocannon's
 * `overallRate` is not this: each connection sends its share of a second back to back when the second starts and
 * then waits, so its "p99 at 500/s" is the p99 of a burst of every connection at once.
 */
async function steadyRate(base: string, path: () => string, rate: number, seconds: number): Promise<LoadFigures> {
  const url = new URL(base);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  const interval = 1000 / rate;
  const total = Math.round(rate * seconds);
  const latencies: number[] = [];
  let non2xx = 0;
  let errors = 0;
  let timeouts = 0;
  const inFlight = new Set<Promise<void>>();
  const fire = (due: number) => {
    const done = new Promise<void>((resolve) => {
      const request = http.get(
        { agent, host: url.hostname, port: url.port, path: path(), headers: { 'accept-encoding': 'gzip, deflate, br' }, timeout: 10_000 },
        (response) => {
          if (response.statusCode === undefined || response.statusCode < 200 || response.statusCode >= 300) non2xx++;
          response.resume();
          response.once('end', () => {
            latencies.push(performance.now() - due);
            resolve();
          });
          response.once('error', () => {
            errors++;
            resolve();
          });
        },
      );
      request.once('timeout', () => {
        timeouts++;
        request.destroy();
      });
      request.once('error', () => {
        errors++;
        resolve();
      });
    });
    inFlight.add(done);
    void done.finally(() => inFlight.delete(done));
  };
  const started = performance.now();
  let sent = 0;
  while (sent < total) {
    // Every request already due goes now, timed from when it was due.
    while (sent < total && started + sent * interval <= performance.now()) fire(started + sent++ * interval);
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, started + sent * interval - performance.now())));
  }
  await Promise.all([...inFlight]);
  agent.destroy();
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (q: number) => (latencies.length ? latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]! : NaN);
  const round = (v: number) => Math.round(v * 10) / 10;
  return {
    rps: latencies.length / elapsed, requests: latencies.length, p50: round(at(0.5)), p99: round(at(0.99)), max: round(latencies.at(-1) ?? NaN),
    non2xx, errors, timeouts,
  };
}

/**
 * Throughput at fixed concurrency and p99 at a steady rate (`steadyRate`), for `GET /api/v1/applications/{number}`, the public
 * page `/applications/{number}` and the raw limit (a bare Fastify route, one indexed SELECT by number), each
 * request for a random existing application. The server process's RSS is sampled throughout.
 */
export async function benchHttp(world: BenchWorld, options: HttpOptions = {}): Promise<HttpResult> {
  const log = options.log ?? (() => {});
  const connections = options.connections ?? 16;
  const seconds = options.seconds ?? 8;
  const rate = options.rate ?? 500;
  const rand = prng(7);
  const numbers = (await sampleApplications(world, 20_000, rand)).rows.map((r) => r.number);
  const uniform = () => numbers[Math.floor(Math.random() * numbers.length)]!;
  // Warm: a set small enough that the rendered-records cache holds all of it (its default 32 MB keeps ~1,000).
  const warmSet = numbers.slice(0, Math.min(200, numbers.length));
  const warm = () => warmSet[Math.floor(Math.random() * warmSet.length)]!;
  // Popular: Zipf over the whole sample (s = 1.1: the ten hottest take about a third of the requests).
  const exponent = 1.1;
  const z = zipf(numbers.length, exponent);
  const popular = () => numbers[z.draw(Math.random())]!;

  const { child, port, rawPort } = await startServerProcess(world);
  const pid = child.pid!;
  const startRss = procMemory(pid)?.rss ?? NaN;
  let peakRss = startRss;
  const sampler = setInterval(() => {
    const m = procMemory(pid);
    if (m && m.rss > peakRss) peakRss = m.rss;
  }, 100);
  try {
    const target = (name: 'raw' | 'api' | 'page') =>
      name === 'raw'
        ? { base: `http://127.0.0.1:${rawPort}`, path: (n: string) => `/raw/${n}` }
        : name === 'api'
          ? { base: `http://127.0.0.1:${port}`, path: (n: string) => `/api/v1/applications/${n}` }
          : { base: `http://127.0.0.1:${port}`, path: (n: string) => `/applications/${n}` };
    const load = async (
      name: 'raw' | 'api' | 'page',
      opts: { duration: number; overallRate?: number; connections: number; pick?: () => string; mix?: string },
    ) => {
      const t = target(name);
      const pick = opts.pick ?? uniform;
      const before = name === 'raw' ? undefined : await recordLookups(child);
      const hitRate = async (): Promise<{ hitRate?: number; said: string }> => {
        if (!before) return { said: '' };
        const after = await recordLookups(child);
        const hits = after.hits - before.hits;
        const lookups = hits + after.misses - before.misses;
        const rate = lookups ? hits / lookups : 0;
        const joined = after.joined - before.joined;
        return { hitRate: rate, said: `, hits ${(rate * 100).toFixed(1)}%, ${joined} waited for another's render (cache ${after.entries} copies, ${(after.bytes / 1048576).toFixed(1)} MB)` };
      };
      if (opts.overallRate) {
        const f = await steadyRate(t.base, () => t.path(pick()), opts.overallRate, opts.duration);
        const h = await hitRate();
        log(`  ${name.padEnd(4)} ${(opts.mix ?? 'uniform').padEnd(7)} @${opts.overallRate}/s steady: ${f.rps.toFixed(0)} req/s, p50 ${f.p50} ms, p99 ${f.p99} ms${h.said}${f.non2xx || f.errors || f.timeouts ? `, non-2xx ${f.non2xx}, errors ${f.errors}, timeouts ${f.timeouts}` : ''}`);
        return { ...f, hitRate: h.hitRate };
      }
      const result = await autocannon({
        url: t.base,
        connections: opts.connections,
        duration: opts.duration,
        // What every browser and CDN sends: the server may answer with compressed bytes (the raw route never does).
        headers: { 'accept-encoding': 'gzip, deflate, br' },
        requests: [{ method: 'GET', setupRequest: (req) => ({ ...req, path: t.path(pick()) }) }],
      });
      const f = figures(result);
      const h = await hitRate();
      log(`  ${name.padEnd(4)} ${(opts.mix ?? 'uniform').padEnd(7)} c=${opts.connections}: ${f.rps.toFixed(0)} req/s, p50 ${f.p50} ms, p99 ${f.p99} ms${h.said}${f.non2xx || f.errors ? `, non-2xx ${f.non2xx}, errors ${f.errors}` : ''}`);
      return { ...f, hitRate: h.hitRate };
    };
    // Warm-up: JIT, the pool's connections, caches.
    for (const name of ['raw', 'api', 'page'] as const) await load(name, { duration: 3, connections });
    const rawT = await load('raw', { duration: seconds, connections });
    const apiT = await load('api', { duration: seconds, connections });
    const pageT = await load('page', { duration: seconds, connections });
    // A steady rate opens the connections it needs (`steadyRate`); the count is used only by a closed loop.
    const rateConnections = Math.max(connections, 32);
    const apiR = await load('api', { duration: seconds, connections: rateConnections, overallRate: rate });
    const pageR = await load('page', { duration: seconds, connections: rateConnections, overallRate: rate });
    const rawR = await load('raw', { duration: seconds, connections: rateConnections, overallRate: rate });
    // Warm cache: every page of the small set rendered once, then asked again and again.
    for (const name of ['api', 'page'] as const) await load(name, { duration: 2, connections, pick: warm, mix: 'warm' });
    const apiW = await load('api', { duration: seconds, connections, pick: warm, mix: 'warm' });
    const pageW = await load('page', { duration: seconds, connections, pick: warm, mix: 'warm' });
    // Popular mix: hot cases served from the cache, the long tail rendered.
    const apiP = await load('api', { duration: seconds, connections, pick: popular, mix: 'popular' });
    const pageP = await load('page', { duration: seconds, connections, pick: popular, mix: 'popular' });
    const apiPR = await load('api', { duration: seconds, connections: rateConnections, overallRate: rate, pick: popular, mix: 'popular' });
    const pagePR = await load('page', { duration: seconds, connections: rateConnections, overallRate: rate, pick: popular, mix: 'popular' });
    clearInterval(sampler);
    const end = procMemory(pid);
    return {
      connections,
      seconds,
      rate,
      raw: { throughput: rawT, atRate: rawR },
      api: {
        throughput: apiT, atRate: apiR, ratio: apiT.rps / rawT.rps,
        warm: apiW, warmRatio: apiW.rps / rawT.rps, popular: apiP, popularAtRate: apiPR, popularRatio: apiP.rps / rawT.rps,
      },
      page: {
        throughput: pageT, atRate: pageR, ratio: pageT.rps / rawT.rps,
        warm: pageW, warmRatio: pageW.rps / rawT.rps, popular: pageP, popularAtRate: pagePR, popularRatio: pageP.rps / rawT.rps,
      },
      warmSet: warmSet.length,
      popular: { exponent, applications: numbers.length, hottestShare: z.share(10) },
      memory: { peakRssMb: peakRss, hwmRssMb: end?.hwm ?? NaN, startRssMb: startRss, endRssMb: end?.rss ?? NaN },
    };
  } finally {
    clearInterval(sampler);
    await stopServerProcess(child);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// 4. Recording stage events

export interface RecordResult {
  concurrency: number;
  seconds: number;
  events: number;
  eventsPerSecond: number;
  applications: number;
  latency: Percentiles;
  errors: number;
  firstError?: string;
  /** The appended events' log indexes are gap-free and match the log counter. */
  logConsistent: boolean;
  /** The same workers doing only a write transaction's minimum (`benchWriteFloor`), measured right after. */
  floor?: FloorResult;
}

export interface FloorResult {
  concurrency: number;
  seconds: number;
  transactionsPerSecond: number;
  latency: Percentiles;
}

export interface RecordOptions {
  concurrency?: number;
  seconds?: number;
  log?: Log;
}

/**
 * `recordAct` driven as fast as it goes by `concurrency` workers for `seconds`: each worker takes a freshly
 * received application and records its whole path (assignment, stages started and completed, consultation
 * by the other unit's official, approval), then takes the next. Every call is the real command: row lock,
 * replay, policy, workflow, projection, event append with its log index.
 */
export async function benchRecord(world: BenchWorld, options: RecordOptions = {}): Promise<RecordResult> {
  const log = options.log ?? (() => {});
  const concurrency = options.concurrency ?? 16;
  const seconds = options.seconds ?? 10;
  const db = world.database.db;
  const procedures = new Map(world.procedures.map((p) => [p.id, p]));
  const fresh = await freshApplications(db, 50_000);
  if (fresh.length === 0) throw new Error('no freshly received application left to work on');
  const before = await db.selectFrom('log_sequence').select('next_index').executeTakeFirstOrThrow();

  let next = 0;
  let events = 0;
  let errors = 0;
  let firstError: string | undefined;
  let touched = 0;
  const latencies: number[] = [];
  const started = performance.now();
  const deadline = started + seconds * 1000;
  const worker = async () => {
    while (performance.now() < deadline && next < fresh.length) {
      const app = fresh[next++]!;
      const procedure = procedures.get(app.procedure_id)!;
      touched++;
      for (const step of WRITE_PATH) {
        if (performance.now() >= deadline) break;
        const actor = step.role === 'case' ? procedure.caseOfficial : procedure.consultOfficial;
        const t = performance.now();
        try {
          await recordAct(db, { number: app.number, act: actOf(step, procedure.stages, procedure.caseOfficial.id), actor });
          latencies.push(performance.now() - t);
          events++;
        } catch (error) {
          errors++;
          firstError ??= error instanceof Error ? `${error.message}` : String(error);
          break;
        }
      }
    }
  };
  // As in the app, committed events get their log indexes in batches beside the writers (the integrator's first step).
  let writing = true;
  const sequencer = (async () => {
    while (writing) {
      await sequenceCommitted(db);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  })();
  await Promise.all(Array.from({ length: concurrency }, worker));
  const elapsed = (performance.now() - started) / 1000;
  writing = false;
  await sequencer;
  while ((await sequenceCommitted(db)) > 0);
  const after = await db.selectFrom('log_sequence').select('next_index').executeTakeFirstOrThrow();
  const appended = await db
    .selectFrom('event')
    .select([sql<number>`count(*)::int`.as('n'), sql<number>`count(DISTINCT log_index)::int`.as('distinct'), sql<number>`coalesce(max(log_index), -1)`.as('max')])
    .where('log_index', '>=', before.next_index)
    .executeTakeFirstOrThrow();
  const logConsistent =
    appended.n === events && appended.distinct === events && after.next_index - before.next_index === events && (events === 0 || appended.max === after.next_index - 1);
  const result: RecordResult = {
    concurrency,
    seconds: elapsed,
    events,
    eventsPerSecond: events / elapsed,
    applications: touched,
    latency: percentiles(latencies),
    errors,
    ...(firstError ? { firstError } : {}),
    logConsistent,
  };
  log(`  ${events} events in ${elapsed.toFixed(1)} s: ${result.eventsPerSecond.toFixed(0)}/s, p50 ${result.latency.p50.toFixed(1)} ms, p99 ${result.latency.p99.toFixed(1)} ms, errors ${errors}`);
  result.floor = await benchWriteFloor(world, { concurrency, seconds });
  log(`  floor: ${result.floor.transactionsPerSecond.toFixed(0)} transactions/s, p50 ${result.floor.latency.p50.toFixed(1)} ms, p99 ${result.floor.latency.p99.toFixed(1)} ms`);
  return result;
}

/**
 * What this machine allows any act at most: the same number of workers on the same pool, each doing only the shape
 * every recorded act must have and nothing of its work — lock a case's row, append one event row and move the
 * case's row in one statement, commit (four round trips and a WAL flush, as `recordAct`'s fewest) — on tables of
 * their own, so the world is left as it was. No replay, policy, clock, projection or outbox: the gap between this and
 * `recordAct` is what the act's own work costs; the gap between this and the target is the machine's.
 */
export async function benchWriteFloor(world: BenchWorld, options: { concurrency?: number; seconds?: number } = {}): Promise<FloorResult> {
  const concurrency = options.concurrency ?? 16;
  const seconds = options.seconds ?? 10;
  const db = world.database.db;
  const cases = 200_000;
  await sql`DROP TABLE IF EXISTS floor_event, floor_case`.execute(db);
  await sql`CREATE TABLE floor_case (id integer PRIMARY KEY, last_seq integer NOT NULL, status text NOT NULL, updated_at timestamptz NOT NULL)`.execute(db);
  await sql`CREATE INDEX floor_case_status ON floor_case (status, id)`.execute(db);
  await sql`CREATE TABLE floor_event (case_id integer NOT NULL, seq integer NOT NULL, data jsonb NOT NULL, PRIMARY KEY (case_id, seq))`.execute(db);
  await sql`INSERT INTO floor_case SELECT g, 0, 'received', now() FROM generate_series(1, ${cases}) g`.execute(db);
  await sql`VACUUM ANALYZE floor_case`.execute(db);
  try {
    let next = 1;
    let done = 0;
    const latencies: number[] = [];
    const started = performance.now();
    const deadline = started + seconds * 1000;
    const worker = async () => {
      while (performance.now() < deadline && next <= cases) {
        const id = next++;
        const t = performance.now();
        await db.transaction().execute(async (trx) => {
          const { rows } = await sql<{ last_seq: number }>`${PREPARED} SELECT last_seq FROM floor_case WHERE id = ${id} FOR UPDATE`.execute(trx);
          const seq = rows[0]!.last_seq + 1;
          const data = JSON.stringify({ type: 'stage_started', stage: 'review', at: new Date().toISOString() });
          await sql`${PREPARED} WITH moved AS (UPDATE floor_case SET last_seq = ${seq}, status = 'in_review', updated_at = now() WHERE id = ${id})
            INSERT INTO floor_event (case_id, seq, data) VALUES (${id}, ${seq}, ${data}::jsonb)`.execute(trx);
        });
        latencies.push(performance.now() - t);
        done++;
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
    const elapsed = (performance.now() - started) / 1000;
    return { concurrency, seconds: elapsed, transactionsPerSecond: done / elapsed, latency: percentiles(latencies) };
  } finally {
    await sql`DROP TABLE IF EXISTS floor_event, floor_case`.execute(db);
  }
}
