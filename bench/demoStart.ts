import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { templateFile } from '../src/db/pgliteTemplate.js';

/**
 * A newcomer's first `npm run demo`: the same command (`tsx src/cli/main.ts start --demo`) against a fresh, empty
 * data folder, timed from the spawn to the first `200` of `/healthz` (the server listening with the demo city
 * seeded), then to the first `200` of the home page. Whether the install's migrated template of the embedded
 * database was there is reported beside it (`npm install` makes it; without it the folder is created by `initdb`).
 */

export interface DemoStartResult {
  healthzMs: number;
  homeMs: number;
  template: boolean;
  seededLine: string | null;
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
  const tsx = path.join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs');
  let output = '';
  const started = performance.now();
  // Its own process group, so that stopping it stops tsx's child too.
  const child = spawn(process.execPath, [tsx, 'src/cli/main.ts', 'start', '--demo'], {
    cwd: root,
    detached: true,
    env: demoEnv({ DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1' }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    const deadline = started + 180_000;
    await Promise.race([until(`http://127.0.0.1:${port}/healthz`, deadline), exited.then(() => Promise.reject(new Error(`the demo exited:\n${output}`)))]);
    const healthzMs = performance.now() - started;
    await until(`http://127.0.0.1:${port}/`, deadline);
    const homeMs = performance.now() - started;
    const seededLine = output.split('\n').find((l) => l.startsWith('Demo data seeded')) ?? null;
    log(`  demo first start: /healthz after ${(healthzMs / 1000).toFixed(1)} s, home page after ${(homeMs / 1000).toFixed(1)} s (template ${template ? 'present' : 'absent'})`);
    return { healthzMs, homeMs, template, seededLine };
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
