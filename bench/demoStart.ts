import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { templateFile } from '../src/db/pgliteTemplate.js';
import { makePreparedDemo, preparedFolder, readPrepared } from '../src/demo/prepared.js';

/**
 * A newcomer's first `npm run demo`: the same command (`npm run demo`, which runs the compiled `dist/` after
 * compiling it if it is stale) against a fresh, empty data folder, timed from the spawn to the first `200` of
 * `/healthz` (the server listening with the demo city seeded), then to the first `200` of the home page. Whether the
 * install's migrated template of the embedded database was there is reported beside it (`npm install` makes it;
 * without it the folder is created by `initdb`).
 *
 * The phases are read from when the demo's own lines arrive: seeding ends with "Demo data seeded in N ms" (so it
 * began N ms earlier; before it, loading the code and opening the database), listening with "Daylight is running".
 * The CPU time the demo's processes used until `/healthz` answered is read from `/proc`: on a shared machine it
 * moves far less with the load than the wall time.
 *
 * A first start takes over the demo `npm install` prepared (`src/demo/prepared.ts`) and uses it up; each run makes a
 * new one first, as the install would, untimed (BENCH_DEMO_PREPARED=0: none, so the demo is seeded at start).
 */

export interface DemoStartResult {
  healthzMs: number;
  homeMs: number;
  template: boolean;
  /** Whether the start took over a demo prepared at install instead of seeding. */
  prepared: boolean;
  /** Spawn to "Daylight is running". */
  listeningMs: number | null;
  seededLine: string | null;
  /** Spawn to the start of seeding: npm, loading the code, opening the database (null when no seeding was printed). */
  beforeSeedingMs: number | null;
  /** Seeding, as the demo printed it. */
  seedingMs: number | null;
  /** End of seeding to "Daylight is running": the server built and listening. */
  toListeningMs: number | null;
  /** CPU seconds (user and system) of the demo's processes from the spawn to `/healthz`, null without `/proc`. */
  cpuMs: number | null;
}

/** User and system CPU of every process in a process group, in milliseconds, from `/proc`; null where there is none. */
function groupCpuMs(group: number): number | null {
  let ticks = 0;
  try {
    for (const name of fs.readdirSync('/proc')) {
      if (!/^\d+$/.test(name)) continue;
      let stat: string;
      try {
        stat = fs.readFileSync(`/proc/${name}/stat`, 'utf8');
      } catch {
        continue;
      }
      // After the command's name in parentheses: state, ppid, pgrp, …, utime (14th field), stime (15th).
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[2]) === group) ticks += Number(fields[11]) + Number(fields[12]);
    }
  } catch {
    return null;
  }
  // Linux reports these in clock ticks of 1/100 s (USER_HZ) on every common architecture.
  return ticks * 10;
}

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

async function until(url: string, deadline: number): Promise<void> {
  while (performance.now() < deadline) {
    try {
      const response = await fetch(url);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`${url} did not answer in time`);
}

/** This process's environment as a newcomer's shell would have it: no database URL or seed size of the bench's. */
function demoEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env = { ...process.env, ...extra };
  for (const name of ['DATABASE_URL', 'SEED', 'LOG_LEVEL', 'LOG_FORMAT']) delete env[name];
  return env;
}

export async function benchDemoStart(log: (line: string) => void = () => {}): Promise<DemoStartResult> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'daylight-demo-start-'));
  const port = await freePort();
  const template = fs.existsSync(templateFile());
  if (process.env.BENCH_DEMO_PREPARED === '0') {
    fs.rmSync(preparedFolder(), { recursive: true, force: true });
  } else if (!readPrepared(preparedFolder())) {
    const making = performance.now();
    await makePreparedDemo();
    log(`  prepared the demo as npm install does, in ${((performance.now() - making) / 1000).toFixed(1)} s (untimed)`);
  }
  let output = '';
  const arrived = new Map<string, number>();
  const note = (d: Buffer) => {
    const now = performance.now();
    output += d.toString();
    for (const prefix of ['Demo data seeded', 'Daylight is running']) if (!arrived.has(prefix) && output.includes(prefix)) arrived.set(prefix, now);
  };
  const started = performance.now();
  // Its own process group, so that stopping it stops npm's and node's processes together.
  const child = spawn('npm', ['run', '--silent', 'demo'], {
    cwd: root,
    detached: true,
    env: demoEnv({ DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1' }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.on('data', note);
  child.stderr.on('data', note);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    const deadline = started + 180_000;
    await Promise.race([until(`http://127.0.0.1:${port}/healthz`, deadline), exited.then(() => Promise.reject(new Error(`the demo exited:\n${output}`)))]);
    const healthzMs = performance.now() - started;
    const cpuMs = groupCpuMs(child.pid!);
    await until(`http://127.0.0.1:${port}/`, deadline);
    const homeMs = performance.now() - started;
    const seededLine = output.split('\n').find((l) => l.startsWith('Demo data seeded')) ?? null;
    const prepared = seededLine?.startsWith('Demo data seeded at install') ?? false;
    const seedingMs = seededLine && !prepared ? Number(/seeded in (\d+) ms/.exec(seededLine)?.[1] ?? NaN) : NaN;
    const seededAt = arrived.get('Demo data seeded');
    const listeningAt = arrived.get('Daylight is running');
    const beforeSeedingMs = seededAt !== undefined && Number.isFinite(seedingMs) ? seededAt - seedingMs - started : null;
    const toListeningMs = seededAt !== undefined && listeningAt !== undefined ? listeningAt - seededAt : null;
    const listeningMs = listeningAt !== undefined ? listeningAt - started : null;
    const sec = (ms: number | null) => (ms === null ? '?' : `${(ms / 1000).toFixed(1)} s`);
    log(`  demo first start: /healthz after ${sec(healthzMs)}, home page after ${sec(homeMs)} (template ${template ? 'present' : 'absent'}, demo ${prepared ? 'prepared at install' : 'seeded at start'})`);
    log(`    before seeding ${sec(beforeSeedingMs)}, seeding ${sec(Number.isFinite(seedingMs) ? seedingMs : null)}, then listening after ${sec(toListeningMs)} (${sec(listeningMs)} from the spawn); CPU until /healthz ${sec(cpuMs)}`);
    return { healthzMs, homeMs, template, prepared, listeningMs, seededLine, beforeSeedingMs, seedingMs: Number.isFinite(seedingMs) ? seedingMs : null, toListeningMs, cpuMs };
  } finally {
    try {
      process.kill(-child.pid!, 'SIGTERM');
    } catch {
      // already gone
    }
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
