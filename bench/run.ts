import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { benchHttp, benchRecord, benchRegister, type HttpResult, type LoadFigures, type RecordResult, type RegisterResult } from './core.js';
import { createWorld, dropWorld, fmtSec, type BenchWorld } from './data.js';
import { benchDeadlines, type DeadlinesResult } from './deadlines.js';
import { benchAlerts } from './alerts.js';
import { benchIntegrity } from './integrity.js';
import { benchSignals } from './signals.js';
import { benchOpenData, type BuildProcess } from './openData.js';
import { benchOpen311 } from './open311.js';
import { benchDocuments } from './documents.js';
import { benchDemoStart } from './demoStart.js';
import { benchPglite, type PgliteResult } from './pglite.js';

/**
 * `npm run bench`: measures the embedded database (PGlite) on a world of its own in a temporary folder, builds a
 * PostgreSQL world of BENCH_APPLICATIONS applications in a throwaway schema, runs the core benchmarks, then the transparency-log benchmark of bench/log.ts when that file exists, and prints every
 * figure beside its target from DESIGN.md. A miss is reported, never fatal: benchmarks inform, tests assert.
 * Only a benchmark that cannot run sets a non-zero exit code.
 */

const here = path.dirname(fileURLToPath(import.meta.url));
const env = process.env;
const num = (name: string, fallback: number) => {
  const v = Number(env[name] ?? fallback);
  if (!Number.isFinite(v) || v <= 0) throw new Error(`${name} must be a positive number`);
  return v;
};

const settings = {
  url: env.BENCH_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test',
  applications: Math.floor(num('BENCH_APPLICATIONS', 1_000_000)),
  eventsPerApplication: num('BENCH_EVENTS_PER_APPLICATION', 20),
  httpSeconds: num('BENCH_HTTP_SECONDS', 8),
  connections: Math.floor(num('BENCH_CONNECTIONS', 16)),
  rate: num('BENCH_RATE', 500),
  writeSeconds: num('BENCH_WRITE_SECONDS', 10),
  writeConcurrency: Math.floor(num('BENCH_WRITE_CONCURRENCY', 16)),
  reuseSchema: env.BENCH_SCHEMA || undefined,
  keepSchema: env.BENCH_KEEP_SCHEMA === '1',
  pgliteApplications: Math.floor(num('BENCH_PGLITE_APPLICATIONS', 100_000)),
  /** Fixed rates at which the embedded database's p99 is measured, one HTTP run each. */
  pgliteRates: (env.BENCH_PGLITE_RATES || '50,100').split(',').map((s) => Number(s.trim())).filter((n) => Number.isFinite(n) && n > 0),
  /** A PGlite data folder kept by an earlier run (BENCH_KEEP_SCHEMA=1), reused as it is. */
  pgliteDir: env.BENCH_PGLITE_DIR || undefined,
  /** Where the open-data build runs: `child` (as the server on PostgreSQL), `inline` (as before, in this process), or both in turn. */
  openDataProcesses: (env.BENCH_OPENDATA_PROCESS || 'child').split(',').map((s) => s.trim()).filter((s): s is BuildProcess => s === 'inline' || s === 'child'),
  only: new Set((env.BENCH_ONLY || 'demo,pglite,register,deadlines,alerts,integrity,signals,opendata,open311,documents,http,write,log').split(',').map((s) => s.trim())),
};

const TARGET_SIZE = 1_000_000;
const log = (line: string) => console.log(line);

interface Row {
  bench: string;
  figure: string;
  value: string;
  target: string;
  /** true PASS, false MISS, undefined for a figure without a target. */
  pass?: boolean;
  error?: boolean;
}

const rows: Row[] = [];
const errors: Record<string, string> = {};
const row = (bench: string, figure: string, value: string, target = '', pass?: boolean) => rows.push({ bench, figure, value, target, pass });
const ms = (v: number) => `${v.toFixed(1)} ms`;
const fixed0 = (v: number) => v.toLocaleString('en-US', { maximumFractionDigits: 0 });

async function attempt<T>(name: string, fn: () => Promise<T>): Promise<T | undefined> {
  try {
    return await fn();
  } catch (error) {
    const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
    errors[name] = message;
    console.error(`\n${name} failed:\n${message}\n`);
    rows.push({ bench: name, figure: 'did not complete', value: 'error', target: '', error: true });
    process.exitCode = 1;
    return undefined;
  }
}

/** bench/log.ts belongs to the transparency-log work; it is run when present. */
async function runLogBench(): Promise<Record<string, number | string> | null> {
  const specifier = './log.js';
  let mod: { benchLog?: () => Promise<Record<string, number | string>> };
  try {
    mod = (await import(specifier)) as typeof mod;
  } catch (error) {
    const absent = (error as { code?: string }).code === 'ERR_MODULE_NOT_FOUND' && !fs.existsSync(path.join(here, 'log.ts'));
    if (absent) return null;
    throw error;
  }
  if (typeof mod.benchLog !== 'function') throw new Error('bench/log.ts does not export benchLog()');
  return mod.benchLog();
}

async function postgresVersion(url: string): Promise<string> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const r = await c.query<{ v: string; sb: string }>(`SELECT current_setting('server_version') AS v, current_setting('shared_buffers') AS sb`);
    return `${r.rows[0]!.v} (shared_buffers ${r.rows[0]!.sb})`;
  } finally {
    await c.end();
  }
}

function addDataRows(w: BenchWorld): void {
  const t = w.timings;
  row('data', 'applications', fixed0(w.applications), `${fixed0(TARGET_SIZE)} for the targets`);
  row('data', 'events', `${fixed0(w.events)} (${(w.events / w.applications).toFixed(1)} per case)`);
  if (w.created) {
    row('data', 'generation (applications + private + events)', fmtSec(t.applicationsMs + t.privateMs + t.eventsMs));
    row('data', '  of which events', fmtSec(t.eventsMs));
    row('data', 'vacuum + analyze', fmtSec(t.vacuumAnalyzeMs));
  } else {
    row('data', 'generation', `reused schema ${w.schema}`);
  }
}

function addRegisterRows(r: RegisterResult): void {
  row('register', `searches (${r.queries}, 5 chains 20 pages deep)`, 'p50 ' + ms(r.latency.p50));
  row('register', 'p95 latency', ms(r.latency.p95), '< 100 ms', r.latency.p95 < 100);
  row('register', 'p99 latency', ms(r.latency.p99));
  const worst = Object.entries(r.byKind).sort((a, b) => b[1].p95 - a[1].p95)[0];
  if (worst) row('register', `slowest kind (p95): ${worst[0]}`, ms(worst[1].p95));
  const deep = r.byKind['deep:none'];
  if (deep) row('register', 'deep pages, no filter (p95)', ms(deep.p95));
}

function addDeadlineRows(d: DeadlinesResult, applications: number): void {
  const scale = TARGET_SIZE / applications;
  row('deadlines', `statistics, all periods (${fixed0(d.decided)} decided cases)`, fmtSec(d.statisticsMs), `est. ${fmtSec(d.statisticsMs * scale)} at 1M`);
  row('deadlines', 'statistics throughput, first computation', `${fixed0(d.statisticsCasesPerSecond)} decided cases/s`);
  row('deadlines', 'statistics again (stored outcomes)', fmtSec(d.statisticsAgainMs), `est. ${fmtSec(d.statisticsAgainMs * scale)} at 1M`);
  row('deadlines', `due dates of open cases, load + clock (${d.clocks})`, `p50 ${ms(d.clockLatency.p50)}, p99 ${ms(d.clockLatency.p99)}`);
  row('deadlines', 'clock computation alone', `${fixed0(d.clocksPerSecond)} cases/s`, `est. ${fmtSec((TARGET_SIZE / d.clocksPerSecond) * 1000)} for all 1M`);
}

function addHttpRows(h: HttpResult): void {
  const pct = (v: number) => `${(v * 100).toFixed(0)}%`;
  row('http', `raw limit: bare route, 1 SELECT (c=${h.connections})`, `${fixed0(h.raw.throughput.rps)} req/s`);
  row('http', 'API application, uniform (cold): throughput vs raw', `${fixed0(h.api.throughput.rps)} req/s = ${pct(h.api.ratio)}`, '>= 70%', h.api.ratio >= 0.7);
  row('http', 'public page, uniform (cold): throughput vs raw', `${fixed0(h.page.throughput.rps)} req/s = ${pct(h.page.ratio)}`, '>= 70%', h.page.ratio >= 0.7);
  row('http', `API application: p99 at c=${h.connections}`, `${h.api.throughput.p99} ms`);
  row('http', `public page: p99 at c=${h.connections}`, `${h.page.throughput.p99} ms`);
  row('http', `API application: p99 at ${h.rate}/s`, `${h.api.atRate.p99} ms (${fixed0(h.api.atRate.rps)}/s)`, '< 50 ms', h.api.atRate.p99 < 50);
  row('http', `public page: p99 at ${h.rate}/s`, `${h.page.atRate.p99} ms (${fixed0(h.page.atRate.rps)}/s)`, '< 50 ms', h.page.atRate.p99 < 50);
  row('http', `raw limit: p99 at ${h.rate}/s`, `${h.raw.atRate.p99} ms`);
  for (const [label, r] of [['API application', h.api], ['public page', h.page]] as const) {
    row('http', `${label}, warm (${h.warmSet} cases): throughput vs raw`, `${fixed0(r.warm.rps)} req/s = ${pct(r.warmRatio)}`, '>= 70%', r.warmRatio >= 0.7);
    row('http', `${label}, warm: p99 at c=${h.connections}`, `${r.warm.p99} ms`);
  }
  const mix = `popular (Zipf ${h.popular.exponent} over ${fixed0(h.popular.applications)}, top 10 = ${pct(h.popular.hottestShare)})`;
  for (const [label, r] of [['API application', h.api], ['public page', h.page]] as const) {
    row('http', `${label}, ${mix}: throughput vs raw`, `${fixed0(r.popular.rps)} req/s = ${pct(r.popularRatio)}`, '>= 70%', r.popularRatio >= 0.7);
    row('http', `${label}, popular: p99 at ${h.rate}/s`, `${r.popularAtRate.p99} ms (${fixed0(r.popularAtRate.rps)}/s)`, '< 50 ms', r.popularAtRate.p99 < 50);
    row('http', `${label}, popular: rendered-records hit rate at c=${h.connections} / at ${h.rate}/s`, `${pct(r.popular.hitRate ?? 0)} / ${pct(r.popularAtRate.hitRate ?? 0)}`);
  }
  const runs = [
    h.raw.throughput, h.raw.atRate, h.api.throughput, h.api.atRate, h.page.throughput, h.page.atRate,
    h.api.warm, h.page.warm, h.api.popular, h.page.popular, h.api.popularAtRate, h.page.popularAtRate,
  ];
  const bad = runs.reduce((a, r) => a + r.non2xx + r.errors + r.timeouts, 0);
  row('http', 'non-2xx, errors, timeouts', String(bad), '0', bad === 0);
  row('memory', 'server peak RSS under load', `${h.memory.peakRssMb.toFixed(0)} MB (VmHWM ${h.memory.hwmRssMb.toFixed(0)} MB)`, '< 300 MB', h.memory.peakRssMb < 300);
  row('memory', 'server RSS before / after load', `${h.memory.startRssMb.toFixed(0)} / ${h.memory.endRssMb.toFixed(0)} MB`);
}

function addPgliteRows(p: PgliteResult): void {
  const t = p.timings;
  row('pglite', 'applications', `${fixed0(p.applications)} (${fixed0(p.events)} events, ${p.diskMb.toFixed(0)} MB on disk)`, '100,000 for the target');
  if (t.eventsMs > 0) {
    row('pglite', 'generation (applications + private + events)', fmtSec(t.applicationsMs + t.privateMs + t.eventsMs));
    row('pglite', 'vacuum + analyze', fmtSec(t.vacuumAnalyzeMs));
  }
  row('pglite', 'folder ready (template, migrations, fixture, generation)', fmtSec(t.totalMs));
  const first = p.runs[0]?.http;
  if (first) {
    const c = first.connections;
    row('pglite', `raw limit: bare route, 1 SELECT (c=${c})`, `${fixed0(first.raw.throughput.rps)} req/s, p99 ${first.raw.throughput.p99} ms`);
    for (const [label, r] of [['API application', first.api], ['public page', first.page]] as const) {
      row('pglite', `${label}, uniform (cold), c=${c}`, `${fixed0(r.throughput.rps)} req/s, p99 ${r.throughput.p99} ms`);
      row('pglite', `${label}, popular, c=${c}`, `${fixed0(r.popular.rps)} req/s, p99 ${r.popular.p99} ms`);
    }
  }
  // A phase in which no response came back has a p99 of 0: a miss, not a pass.
  const atRate = (figure: string, f: LoadFigures) =>
    row('pglite', figure, f.requests ? `${f.p99} ms (${fixed0(f.rps)}/s)` : 'no response', '< 100 ms', f.requests > 0 && f.p99 < 100);
  for (const { rate, http } of p.runs) {
    for (const [label, r] of [['API application', http.api], ['public page', http.page]] as const) {
      atRate(`${label}, uniform: p99 at ${rate}/s`, r.atRate);
      atRate(`${label}, popular: p99 at ${rate}/s`, r.popularAtRate);
    }
  }
  if (p.runs.length) {
    const peak = Math.max(...p.runs.map((r) => r.http.memory.peakRssMb));
    const hwm = Math.max(...p.runs.map((r) => r.http.memory.hwmRssMb));
    row('pglite', 'server peak RSS under load', `${peak.toFixed(0)} MB (VmHWM ${hwm.toFixed(0)} MB)`);
    const bad = p.runs.reduce((a, { http: h }) => a + [h.raw.throughput, h.raw.atRate, h.api.throughput, h.api.atRate, h.page.throughput, h.page.atRate,
      h.api.warm, h.page.warm, h.api.popular, h.page.popular, h.api.popularAtRate, h.page.popularAtRate].reduce((b, r) => b + r.non2xx + r.errors + r.timeouts, 0), 0);
    row('pglite', 'non-2xx, errors, timeouts', String(bad), '0', bad === 0);
  }
}

function addRecordRows(r: RecordResult): void {
  row('write', `recordAct, ${r.concurrency} concurrent, ${r.seconds.toFixed(1)} s`, `${fixed0(r.eventsPerSecond)} events/s`, '>= 2,000/s', r.eventsPerSecond >= 2000);
  row('write', 'recordAct latency p50 / p99', `${ms(r.latency.p50)} / ${ms(r.latency.p99)}`);
  row('write', 'events recorded (cases worked)', `${fixed0(r.events)} (${fixed0(r.applications)})`);
  row('write', 'failed acts', String(r.errors) + (r.firstError ? `: ${r.firstError}` : ''), '0', r.errors === 0);
  row('write', 'log indexes gap-free, counter matches', r.logConsistent ? 'yes' : 'no', 'yes', r.logConsistent);
  if (r.floor) {
    // The machine's own limit for any act: how close recordAct comes to it, and whether the target lies beyond it.
    row('write', `floor: lock, append, move, commit, no domain work (${r.floor.concurrency} concurrent)`, `${fixed0(r.floor.transactionsPerSecond)} transactions/s`);
    row('write', 'recordAct vs floor', `${fixed0((100 * r.eventsPerSecond) / r.floor.transactionsPerSecond)}%`);
  }
}

function printTable(): void {
  const head = { bench: 'bench', figure: 'figure', value: 'value', target: 'target', result: 'result' };
  const resultOf = (r: Row) => (r.error ? 'ERROR' : r.pass === undefined ? '' : r.pass ? 'PASS' : 'MISS');
  const cells = [head, ...rows.map((r) => ({ bench: r.bench, figure: r.figure, value: r.value, target: r.target, result: resultOf(r) }))];
  const keys = ['bench', 'figure', 'value', 'target', 'result'] as const;
  const width = Object.fromEntries(keys.map((k) => [k, Math.max(...cells.map((c) => c[k].length))])) as Record<(typeof keys)[number], number>;
  const line = (c: (typeof cells)[number]) => keys.map((k) => c[k].padEnd(width[k])).join('  ').trimEnd();
  console.log('');
  console.log(line(head));
  console.log(keys.map((k) => '-'.repeat(width[k])).join('  '));
  let last = '';
  for (const c of cells.slice(1)) {
    if (last && c.bench !== last) console.log('');
    console.log(line(c));
    last = c.bench;
  }
  console.log('');
}

async function main(): Promise<void> {
  const startedAt = new Date();
  const t0 = performance.now();
  const pgVersion = await postgresVersion(settings.url);
  const machine = {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    memoryGb: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    postgres: pgVersion,
    loadAverageAtStart: os.loadavg().map((v) => +v.toFixed(2)),
  };
  log(`Daylight benchmarks: ${fixed0(settings.applications)} applications, ${machine.cpus} cores, Node ${machine.node}, PostgreSQL ${pgVersion}`);
  if (os.loadavg()[0]! > 0.5 * machine.cpus) {
    log(`warning: load average ${os.loadavg()[0]!.toFixed(1)} before starting; other processes share the cores and the figures will be low`);
  }
  if (settings.only.has('demo')) {
    // First, on a machine not yet busy with the generated world.
    log('demo first start...');
    const demo = await attempt('demo', () => benchDemoStart(log));
    if (demo) {
      row('demo', `first start to /healthz (migrated template ${demo.template ? 'present' : 'absent: run npm install'}, demo ${demo.prepared ? 'prepared at install' : 'seeded at start'})`, fmtSec(demo.healthzMs), '< 5 s', demo.healthzMs < 5000);
      row('demo', 'first start to the home page', fmtSec(demo.homeMs));
      if (demo.listeningMs !== null) row('demo', 'spawn to listening', fmtSec(demo.listeningMs));
      if (demo.beforeSeedingMs !== null) row('demo', 'spawn to seeding (npm, loading the code, opening the database)', fmtSec(demo.beforeSeedingMs));
      if (demo.seedingMs !== null) row('demo', 'seeding (as printed)', fmtSec(demo.seedingMs));
      if (demo.toListeningMs !== null) row('demo', 'seeded to listening (the server built)', fmtSec(demo.toListeningMs));
      if (demo.cpuMs !== null) row('demo', 'CPU time of the demo until /healthz', fmtSec(demo.cpuMs));
    }
  }
  let pglite: PgliteResult | undefined;
  if (settings.only.has('pglite')) {
    log(settings.pgliteDir ? `embedded database (PGlite): reusing ${settings.pgliteDir}...` : `embedded database (PGlite): ${fixed0(settings.pgliteApplications)} applications...`);
    pglite = await attempt('pglite', () =>
      benchPglite({
        applications: settings.pgliteApplications, eventsPerApplication: settings.eventsPerApplication, reuseDir: settings.pgliteDir, keep: settings.keepSchema,
        rates: settings.pgliteRates, connections: settings.connections, seconds: settings.httpSeconds, log,
      }),
    );
    if (pglite) addPgliteRows(pglite);
  }
  if (![...settings.only].some((name) => name !== 'demo' && name !== 'pglite')) {
    printTable();
    writeResults({ startedAt: startedAt.toISOString(), totalSeconds: (performance.now() - t0) / 1000, machine, settings: publicSettings(), pglite, errors, table: tableRows() });
    return;
  }
  log(settings.reuseSchema ? `reusing schema ${settings.reuseSchema}` : `generating data...`);

  const world = await createWorld({
    url: settings.url, applications: settings.applications, eventsPerApplication: settings.eventsPerApplication, reuseSchema: settings.reuseSchema, log,
  });
  // Ctrl-C: leave no generated schema behind (it can be gigabytes).
  process.once('SIGINT', () => {
    if (!world.created || settings.keepSchema) process.exit(130);
    console.error(`\ninterrupted: dropping schema ${world.schema}`);
    const c = new pg.Client({ connectionString: settings.url });
    c.connect()
      .then(() => c.query(`DROP SCHEMA ${world.schema} CASCADE`))
      .catch((error: unknown) => console.error(error))
      .finally(() => process.exit(130));
  });
  log(`schema ${world.schema}: ${fixed0(world.applications)} applications, ${fixed0(world.events)} events, ready in ${fmtSec(world.timings.totalMs)}`);
  addDataRows(world);
  let register: RegisterResult | undefined;
  let http: HttpResult | undefined;
  let record: RecordResult | undefined;
  try {
    if (settings.only.has('register')) {
      log('register search...');
      register = await attempt('register', () => benchRegister(world, log));
      if (register) addRegisterRows(register);
    }
    if (settings.only.has('deadlines')) {
      log('statistics and due dates...');
      const deadlines = await attempt('deadlines', () => benchDeadlines(world, log));
      if (deadlines) addDeadlineRows(deadlines, world.applications);
    }
    if (settings.only.has('alerts')) {
      log('alert dispatch...');
      const alerts = await attempt('alerts', () => benchAlerts(world, log));
      if (alerts) {
        row('alerts', `events matched against ${fixed0(alerts.follows)} follows`, `${fixed0(alerts.eventsPerSecond)} events/s`);
        row('alerts', 'alerts / instant e-mails written', `${fixed0(alerts.alerts)} / ${fixed0(alerts.mails)} in ${fmtSec(alerts.ms)}`);
      }
    }
    if (settings.only.has('integrity')) {
      log('integrity index...');
      // 200,000 answers per 1,000,000 applications, as in the target.
      const integrity = await attempt('integrity', () => benchIntegrity(world, Math.round(world.applications / 5), log));
      if (integrity) {
        const scale = TARGET_SIZE / world.applications;
        row('integrity', `a year's index over ${fixed0(integrity.answers)} answers (${fixed0(integrity.groups)} distinct)`, fmtSec(integrity.yearMs), `est. ${fmtSec(integrity.yearMs * scale)} at 1M / 200k`);
        row('integrity', '  of which reading the grouped answers', fmtSec(integrity.readMs));
        row('integrity', '  of which the pure computation', fmtSec(integrity.computeMs));
      }
    }
    if (settings.only.has('signals')) {
      log('auditors\' signals...');
      const signals = await attempt('signals', () => benchSignals(world, log));
      if (signals) {
        row('signals', `read a year's facts (${fixed0(signals.cases)} applications of ${signals.year})`, fmtSec(signals.readMs));
        row('signals', `detect (${fixed0(signals.signals)} signals)`, fmtSec(signals.detectMs));
      }
    }
    if (settings.only.has('opendata')) {
      log('open-data build...');
      for (const mode of settings.openDataProcesses) {
        const built = await attempt(`opendata-${mode}`, () => benchOpenData(world, log, mode));
        if (!built) continue;
        const scale = TARGET_SIZE / world.applications;
        const where = mode === 'child' ? 'in a child process' : 'in the server\'s process';
        row('opendata', `build ${where}: ${fixed0(built.applications)} applications, ${fixed0(built.events)} events, ${built.files} files`, fmtSec(built.ms), `est. ${fmtSec(built.ms * scale)} at 1M`);
        row('opendata', 'throughput', `${fixed0(built.events / (built.ms / 1000))} events/s, ${(built.bytes / 2 ** 20).toFixed(1)} MB gzip`);
        row('opendata', 'server RSS before / peak during / after', `${built.rssBeforeMb.toFixed(0)} / ${built.rssPeakMb.toFixed(0)} / ${built.rssAfterMb.toFixed(0)} MB`, 'flat: peak - before < 100 MB', built.rssPeakMb - built.rssBeforeMb < 100);
        if (built.child) row('opendata', 'job child RSS at start / peak / after', `${built.child.rssStartMb.toFixed(0)} / ${built.child.rssPeakMb.toFixed(0)} / ${built.child.rssAfterMb.toFixed(0)} MB`);
        row('opendata', `public read p50 / p99, idle`, `${ms(built.readsIdle.p50)} / ${ms(built.readsIdle.p99)}`);
        row('opendata', `public read p50 / p99, during the build (${built.readsDuring.count})`, `${ms(built.readsDuring.p50)} / ${ms(built.readsDuring.p99)}`, 'p99 < 50 ms', built.readsDuring.p99 < 50);
        row('opendata', 'server event loop delay during the build: p99 / longest', `${ms(built.loopDelay.p99)} / ${ms(built.loopDelay.max)}`);
        row('opendata', 'server CPU per 1,000 events (build and reads)', ms(built.cpuMs / (built.events / 1000)));
      }
    }
    if (settings.only.has('open311')) {
      log('Open311 request lists...');
      const open311 = await attempt('open311', () => benchOpen311(world, log));
      for (const k of open311 ?? []) {
        row('opendata', `Open311 requests, ${k.kind} (${k.rows} rows): p50 / p95`, `${ms(k.p50)} / ${ms(k.p95)}`, 'p95 < 100 ms', k.p95 < 100);
      }
    }
    if (settings.only.has('documents')) {
      log('printed documents...');
      const documents = await attempt('documents', () => benchDocuments(world, log));
      if (documents) {
        row('documents', 'first receipt PDF, fonts opened', ms(documents.coldMs));
        for (const r of documents.receipts) {
          row('documents', `receipt PDF (${r.locale}) p50 / p95 / max, ${(r.bytes / 1024).toFixed(0)} KB`, `${ms(r.p50)} / ${ms(r.p95)} / ${ms(r.max)}`, 'p95 < 200 ms', r.p95 < 200);
        }
        if (documents.decision) row('documents', `decision notice PDF (ko) p50 / p95, ${(documents.decision.bytes / 1024).toFixed(0)} KB`, `${ms(documents.decision.p50)} / ${ms(documents.decision.p95)}`);
      }
    }
    if (settings.only.has('http')) {
      log('HTTP reads...');
      http = await attempt('http', () =>
        benchHttp(world, { connections: settings.connections, seconds: settings.httpSeconds, rate: settings.rate, log }),
      );
      if (http) addHttpRows(http);
    }
    if (settings.only.has('write')) {
      log('recording acts...');
      record = await attempt('write', () => benchRecord(world, { concurrency: settings.writeConcurrency, seconds: settings.writeSeconds, log }));
      if (record) addRecordRows(record);
    }
  } finally {
    await dropWorld(world, settings.keepSchema);
    if (settings.keepSchema || !world.created) log(`schema ${world.schema} kept (BENCH_SCHEMA=${world.schema} reuses it)`);
  }

  let logResults: Record<string, number | string> | null | undefined = null;
  if (settings.only.has('log')) {
    log('transparency log (bench/log.ts)...');
    logResults = await attempt('log', runLogBench);
    if (logResults === null) {
      log('  bench/log.ts not present; skipped');
      row('log', 'bench/log.ts', 'not present');
    } else if (logResults) {
      for (const [key, value] of Object.entries(logResults)) row('log', key, typeof value === 'number' ? String(+value.toFixed(3)) : value);
    }
  }

  printTable();
  if (settings.applications !== TARGET_SIZE) {
    console.log(`Targets are stated for ${fixed0(TARGET_SIZE)} applications on the 2-core machines; this run had ${fixed0(world.applications)}.`);
    console.log('Run BENCH_APPLICATIONS=1000000 npm run bench for the target size.');
  }
  const totalSeconds = (performance.now() - t0) / 1000;
  console.log(`Load average at start ${machine.loadAverageAtStart.join(' / ')}, at end ${os.loadavg().map((v) => v.toFixed(2)).join(' / ')} (1/5/15 min; above ~0.5 other work is competing).`);
  console.log(`Total ${totalSeconds.toFixed(0)} s. A MISS is information, not a failure.`);

  const results = {
    startedAt: startedAt.toISOString(),
    totalSeconds,
    machine,
    settings: publicSettings(),
    data: { schema: world.schema, applications: world.applications, events: world.events, timings: world.timings, created: world.created },
    pglite,
    register,
    http,
    write: record,
    log: logResults,
    errors,
    table: tableRows(),
  };
  writeResults(results);
}

const publicSettings = () => ({ ...settings, url: settings.url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@'), only: [...settings.only] });
const tableRows = () => rows.map((r) => ({ ...r, result: r.error ? 'ERROR' : r.pass === undefined ? null : r.pass ? 'PASS' : 'MISS' }));

function writeResults(results: object): void {
  const file = path.join(here, 'results.json');
  fs.writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  console.log(`Results written to ${path.relative(process.cwd(), file) || file}`);
}

main()
  .then(() => process.exit(process.exitCode ?? 0))
  .catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
