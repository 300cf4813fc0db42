import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { sql } from 'kysely';
import { findPublicCase } from '../src/db/repos/publicRead.js';
import type { Manifest } from '../src/domain/openData.js';
import { buildOpenData, type BuildOptions } from '../src/jobs/buildOpenData.js';
import { compileDist, procMemory } from './core.js';
import type { BenchWorld } from './data.js';

/**
 * The open-data build at the world's size: every file streamed through gzip from one checkpoint's events, either in
 * this process (`inline`, as on the embedded database or with JOBS_PROCESS=inline) or in a child process as the server
 * runs it on PostgreSQL (`child`: the compiled `daylight job open-data`, forked by `jobs/jobProcess`). This process
 * plays the server: it serves the public reads. Measures the build's time, the resident memory of this process and of
 * the child before, at their peak during and after the build (sampled every 50 ms, and every second for the timeline),
 * and the latency of a public read (one application's record, as its page needs) made every 100 ms while the build
 * runs, against the same reads before it: the server's memory must stay flat and the public site responsive.
 */
export type BuildProcess = 'inline' | 'child';

export interface OpenDataResult {
  mode: BuildProcess;
  ms: number;
  events: number;
  applications: number;
  bytes: number;
  files: number;
  rssBeforeMb: number;
  rssPeakMb: number;
  rssAfterMb: number;
  readsIdle: { p50: number; p99: number };
  readsDuring: { p50: number; p99: number; count: number };
  /** How long the build held the event loop, in ms (every other request waits that long): p99 and the longest. */
  loopDelay: { p99: number; max: number };
  /** The process's CPU time (user + system) over the build, in ms: unlike wall time, barely moved by other work. */
  cpuMs: number;
  /** The child's resident memory (child mode): at its first sample, at its peak, and after the build (0: it exited). */
  child?: { rssStartMb: number; rssPeakMb: number; rssAfterMb: number };
  /** Every second: seconds since the build started, this process's RSS and the child's (0 before it starts and after it exits), in MB. */
  timeline: [number, number, number][];
}

const mb = (bytes: number) => bytes / 2 ** 20;
function percentiles(values: number[]): { p50: number; p99: number } {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
  return { p50: at(0.5), p99: at(0.99) };
}

/** Builds in a child process as the server does on PostgreSQL: the compiled code, `npm start`'s. */
async function childBuild(world: BenchWorld, options: Omit<BuildOptions, 'now'>, onChild: (pid: number) => void): Promise<Manifest | null> {
  const root = compileDist();
  const { jobProcesses } = (await import(pathToFileURL(path.join(root, 'dist', 'jobs', 'jobProcess.js')).href)) as typeof import('../src/jobs/jobProcess.js');
  const jobs = jobProcesses({ database: { url: world.url, searchPath: world.searchPath }, heapMb: 2048, log: (_level, line) => console.error(`  [job] ${line}`) });
  const job = jobs.run({ name: 'open-data', options });
  if (job.pid) onChild(job.pid);
  return job.done;
}

export async function benchOpenData(world: BenchWorld, log: (line: string) => void, mode: BuildProcess = 'inline'): Promise<OpenDataResult> {
  const db = world.database.db;
  const { rows } = await sql<{ size: string }>`SELECT coalesce(max(log_index) + 1, 0) AS size FROM event`.execute(db);
  const size = Number(rows[0]!.size);
  const numbers = (await sql<{ number: string }>`SELECT number FROM application ORDER BY random() LIMIT 200`.execute(db)).rows.map((r) => r.number);
  const read = async () => {
    const t = performance.now();
    await findPublicCase(db, numbers[Math.floor(Math.random() * numbers.length)]!);
    return performance.now() - t;
  };
  const idle: number[] = [];
  for (let i = 0; i < 50; i++) idle.push(await read());

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'daylight-bench-open-data-'));
  global.gc?.();
  const rssBefore = process.memoryUsage().rss;
  let peak = rssBefore;
  let childPid = 0;
  let childStart = 0;
  let childPeak = 0;
  // 0 before the child starts and once it has exited (an exiting process's status has no VmRSS line).
  const childRss = () => {
    const rss = childPid ? procMemory(childPid)?.rss : 0;
    return rss !== undefined && Number.isFinite(rss) ? rss : 0;
  };
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
    const c = childRss();
    if (c && !childStart) childStart = c;
    childPeak = Math.max(childPeak, c);
  }, 50);
  const timeline: [number, number, number][] = [];
  const second = setInterval(() => timeline.push([Math.round((performance.now() - started) / 1000), Math.round(mb(process.memoryUsage().rss)), Math.round(childRss())]), 1000);
  const during: number[] = [];
  let building = true;
  const reader = (async () => {
    while (building) {
      during.push(await read());
      await new Promise((r) => setTimeout(r, 100));
    }
  })();
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  try {
    const options = {
      dir, licence: 'kogl-1' as const, publicUrl: 'https://daylight.example.org',
      checkpoint: { size, rootHash: new Uint8Array(32), note: `benchmark checkpoint of ${size} entries (unsigned)\n` },
    };
    const manifest = (mode === 'child' ? await childBuild(world, options, (pid) => (childPid = pid)) : await buildOpenData(db, options))!;
    const ms = performance.now() - started;
    const cpu = process.cpuUsage(cpuBefore);
    building = false;
    loop.disable();
    await reader;
    clearInterval(sampler);
    clearInterval(second);
    peak = Math.max(peak, process.memoryUsage().rss);
    const events = manifest.files.find((f) => f.kind === 'events' && f.format === 'jsonl')!.rows;
    const applications = manifest.files.find((f) => f.kind === 'applications' && f.format === 'jsonl')!.rows;
    const bytes = manifest.files.reduce((sum, f) => sum + f.bytes, 0);
    log(`  ${mode}: ${applications} applications, ${events} events into ${manifest.files.length} files (${mb(bytes).toFixed(1)} MB) in ${(ms / 1000).toFixed(1)} s`);
    log(`  RSS every second [s, this process MB, child MB]: ${JSON.stringify(timeline)}`);
    return {
      mode, timeline, ...(mode === 'child' ? { child: { rssStartMb: childStart, rssPeakMb: childPeak, rssAfterMb: childRss() } } : {}),
      ms, events, applications, bytes, files: manifest.files.length,
      rssBeforeMb: mb(rssBefore), rssPeakMb: mb(peak), rssAfterMb: mb(process.memoryUsage().rss),
      readsIdle: percentiles(idle), readsDuring: { ...percentiles(during), count: during.length },
      loopDelay: { p99: loop.percentile(99) / 1e6, max: loop.max / 1e6 },
      cpuMs: (cpu.user + cpu.system) / 1000,
    };
  } finally {
    building = false;
    loop.disable();
    clearInterval(sampler);
    clearInterval(second);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
