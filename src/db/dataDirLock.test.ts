import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { DataDirInUse, lockDataDir, type LockHolder } from './dataDirLock.js';
import { openDatabase } from './pool.js';

const HOLDER = fileURLToPath(new URL('../../test/helpers/holdDataDir.ts', import.meta.url));
const children: ChildProcess[] = [];
const dirs: string[] = [];

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'daylight-lock-'));
  dirs.push(dir);
  return dir;
}

/** Starts another process holding `dir`; resolves with its first line ("ready <pid>" or "in-use") once printed. */
function startHolder(dir: string, mode: 'database' | 'lock', holdMs?: number): { child: ChildProcess; line: Promise<string> } {
  const child = spawn(process.execPath, ['--import', 'tsx', HOLDER, dir, mode, ...(holdMs ? [String(holdMs)] : [])], { stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(child);
  const line = new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('\n')) resolve(out.split('\n')[0]!);
    });
    child.once('exit', (code) => reject(new Error(`holder exited with ${code} before saying anything`)));
  });
  return { child, line };
}

function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((resolve) => child.once('exit', () => resolve()));
}

/** A PID that belonged to a process which has ended. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '0']);
  await exited(child);
  return child.pid!;
}

function writeLock(dir: string, holder: Partial<LockHolder>, ageMs = 0): string {
  const file = path.join(dir, 'daylight.lock');
  fs.writeFileSync(file, JSON.stringify({ pid: 1, host: os.hostname(), token: 'feedface', acquiredAt: new Date().toISOString(), ...holder }));
  const at = new Date(Date.now() - ageMs);
  fs.utimesSync(file, at, at);
  return file;
}

afterEach(async () => {
  for (const child of children.splice(0)) {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await exited(child);
    }
  }
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

describe('the embedded database after a crash', () => {
  it('opens at once after the process holding it was killed with SIGKILL, with what it wrote', async () => {
    const dir = tempDir();
    const holder = startHolder(dir, 'database');
    expect(await holder.line).toBe(`ready ${holder.child.pid}`);
    // While it runs, it blocks: two processes must never open the same PGlite folder.
    await expect(openDatabase({ dataDir: dir })).rejects.toThrow(new RegExp(`in use by another Daylight process \\(PID ${holder.child.pid} on `));

    holder.child.kill('SIGKILL');
    await exited(holder.child);
    const started = Date.now();
    const database = await openDatabase({ dataDir: dir });
    try {
      expect(Date.now() - started).toBeLessThan(10_000);
      const rows = await sql<{ id: number }>`SELECT id FROM survived`.execute(database.db);
      expect(rows.rows).toEqual([{ id: 1 }]);
      const lock = JSON.parse(fs.readFileSync(path.join(dir, 'daylight.lock'), 'utf8')) as LockHolder;
      expect(lock.pid).toBe(process.pid);
    } finally {
      await database.close();
    }
    expect(fs.existsSync(path.join(dir, 'daylight.lock'))).toBe(false);
  });

  it('is refused to a second process while the first lives, and given to it once the first has stopped', async () => {
    const dir = tempDir();
    const first = startHolder(dir, 'lock', 6_000);
    expect(await first.line).toMatch(/^ready /);
    const second = startHolder(dir, 'lock');
    expect(await second.line).toBe('in-use');
    await exited(first.child);
    // The first ended without releasing (process.exit): its lock is stale and taken over.
    const third = startHolder(dir, 'lock');
    expect(await third.line).toBe(`ready ${third.child.pid}`);
  });

  it('lets exactly one of several processes starting at once take over a dead holder’s lock', async () => {
    const dir = tempDir();
    writeLock(dir, { pid: await deadPid(), token: 'dead' });
    const racers = Array.from({ length: 4 }, () => startHolder(dir, 'lock'));
    const lines = await Promise.all(racers.map((r) => r.line));
    expect(lines.filter((l) => l.startsWith('ready'))).toHaveLength(1);
    expect(lines.filter((l) => l === 'in-use')).toHaveLength(3);
    expect(fs.readdirSync(dir).filter((f) => f.includes('takeover'))).toEqual([]);
  });
});

describe('judging a lock file left behind', () => {
  it('takes over a lock whose process is gone, and refuses one whose process lives', async () => {
    const dir = tempDir();
    writeLock(dir, { pid: await deadPid() });
    const lock = await lockDataDir(dir);
    await lock.release();

    const live = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)']);
    children.push(live);
    writeLock(dir, { pid: live.pid!, acquiredAt: '2026-01-01T00:00:00.000Z' });
    const refused = await lockDataDir(dir).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(DataDirInUse);
    expect((refused as Error).message).toContain(`PID ${live.pid} on ${os.hostname()}, since 2026-01-01T00:00:00.000Z`);
  });

  it('takes over a lock from before a reboot, and one whose PID now belongs to a process started later', async () => {
    const dir = tempDir();
    const live = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)']);
    children.push(live);
    writeLock(dir, { pid: live.pid!, bootId: '00000000-0000-0000-0000-000000000000' });
    if (fs.existsSync('/proc/sys/kernel/random/boot_id')) await (await lockDataDir(dir)).release();

    writeLock(dir, { pid: live.pid!, startTicks: '1' });
    if (fs.existsSync(`/proc/${live.pid}/stat`)) await (await lockDataDir(dir)).release();
    // Our own PID in a lock this process does not hold: a previous process had the same PID (PID 1 in a container).
    writeLock(dir, { pid: process.pid });
    await (await lockDataDir(dir)).release();
  });

  it('refuses a second lock in the same process until the first is released', async () => {
    const dir = tempDir();
    const lock = await lockDataDir(dir);
    await expect(lockDataDir(dir)).rejects.toBeInstanceOf(DataDirInUse);
    await lock.release();
    await (await lockDataDir(dir)).release();
  });

  it('judges a holder on another host by the age of its heartbeat', async () => {
    const dir = tempDir();
    writeLock(dir, { host: 'elsewhere.example', pid: process.pid });
    await expect(lockDataDir(dir, { foreignStaleMs: 30_000 })).rejects.toThrow(/PID \d+ on elsewhere\.example/);
    writeLock(dir, { host: 'elsewhere.example' }, 60_000);
    await (await lockDataDir(dir, { foreignStaleMs: 30_000 })).release();
  });

  it('keeps its heartbeat while held', async () => {
    const dir = tempDir();
    const lock = await lockDataDir(dir, { heartbeatMs: 50 });
    const past = new Date(Date.now() - 60_000);
    fs.utimesSync(lock.path, past, past);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(Date.now() - fs.statSync(lock.path).mtimeMs).toBeLessThan(5_000);
    await lock.release();
  });

  it('honours the lock directory of the previous version while it is fresh, and removes it once stale', async () => {
    const dir = tempDir();
    const legacy = path.join(dir, 'daylight.lock');
    fs.mkdirSync(legacy);
    await expect(lockDataDir(dir)).rejects.toBeInstanceOf(DataDirInUse);
    const old = new Date(Date.now() - 60_000);
    fs.utimesSync(legacy, old, old);
    const lock = await lockDataDir(dir);
    expect(fs.statSync(legacy).isFile()).toBe(true);
    await lock.release();
  });

  it('takes over an empty lock file left by a crash between creating and writing it, but not a fresh one', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'daylight.lock');
    fs.writeFileSync(file, '');
    await expect(lockDataDir(dir)).rejects.toBeInstanceOf(DataDirInUse);
    const old = new Date(Date.now() - 60_000);
    fs.utimesSync(file, old, old);
    await (await lockDataDir(dir)).release();
  });
});
