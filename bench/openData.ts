import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import { findPublicCase } from '../src/db/repos/publicRead.js';
import { buildOpenData } from '../src/jobs/buildOpenData.js';
import type { BenchWorld } from './data.js';

/**
 * The open-data build at the world's size: every file streamed through gzip from one checkpoint's events. Measures
 * its time, the process's resident memory before, at its peak during and after the build (sampled every 50 ms), and
 * the latency of a public read (one application's record, as its page needs) made every 100 ms while the build runs,
 * against the same reads before it: memory must stay flat and the public site responsive.
 */
export interface OpenDataResult {
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
}

const mb = (bytes: number) => bytes / 2 ** 20;
function percentiles(values: number[]): { p50: number; p99: number } {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
  return { p50: at(0.5), p99: at(0.99) };
}

export async function benchOpenData(world: BenchWorld, log: (line: string) => void): Promise<OpenDataResult> {
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
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
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
    const manifest = (await buildOpenData(db, {
      dir, licence: 'kogl-1', publicUrl: 'https://daylight.example.org',
      checkpoint: { size, rootHash: new Uint8Array(32), note: `benchmark checkpoint of ${size} entries (unsigned)\n` },
    }))!;
    const ms = performance.now() - started;
    const cpu = process.cpuUsage(cpuBefore);
    building = false;
    loop.disable();
    await reader;
    clearInterval(sampler);
    peak = Math.max(peak, process.memoryUsage().rss);
    const events = manifest.files.find((f) => f.kind === 'events' && f.format === 'jsonl')!.rows;
    const applications = manifest.files.find((f) => f.kind === 'applications' && f.format === 'jsonl')!.rows;
    const bytes = manifest.files.reduce((sum, f) => sum + f.bytes, 0);
    log(`  ${applications} applications, ${events} events into ${manifest.files.length} files (${mb(bytes).toFixed(1)} MB) in ${(ms / 1000).toFixed(1)} s`);
    return {
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
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
