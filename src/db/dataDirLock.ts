import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * The embedded database's lock file. PGlite takes no lock of its own and two processes opening one data folder
 * would corrupt it, so Daylight holds `daylight.lock` in the folder while it runs. The file records who holds it
 * (PID, host, and on Linux the boot and the process's start time), so that after a crash (kill -9, power loss) the
 * next start takes it over at once when that process is provably gone, instead of waiting for the file to age.
 *
 * - Creation is exclusive (`open(…, 'wx')`): of several processes starting at once, one wins.
 * - A holder on this host is gone when `kill(pid, 0)` says ESRCH, when the machine rebooted since (another boot
 *   id), or when the PID now belongs to a process that started at another time (a reused PID, as with PID 1 in a
 *   container). A live holder always blocks.
 * - A holder on another host (a shared folder, or a container that came back with a new hostname) cannot be asked;
 *   it is judged by the age of the file, which the holder touches every few seconds.
 * - Takeover is atomic: a taker first creates, exclusively, a marker named after the stale lock's token; only the
 *   marker's creator removes that lock, after reading it again. Everyone then races for the exclusive creation.
 */

/** Who holds the lock, as written in the file. */
export interface LockHolder {
  pid: number;
  host: string;
  /** Random per acquisition: names this holding, so a takeover removes exactly the lock it judged. */
  token: string;
  /** The kernel's boot id (Linux), so a lock from before a reboot is known to be dead. */
  bootId?: string;
  /** The process's start time in clock ticks since boot (Linux), so a reused PID is not taken for the holder. */
  startTicks?: string;
  acquiredAt: string;
}

export interface DataDirLock {
  /** The lock file's path. */
  readonly path: string;
  /** Releases the lock (removes the file if it is still ours); safe to call twice. */
  release(): Promise<void>;
}

export interface LockOptions {
  /** Milliseconds without a heartbeat after which a holder on another host is presumed dead (default 30 s). */
  foreignStaleMs?: number;
  /** Milliseconds between heartbeats (default 5 s). */
  heartbeatMs?: number;
}

/** Thrown when a live process holds the lock. */
export class DataDirInUse extends Error {
  constructor(
    readonly lockPath: string,
    readonly holder: LockHolder | null,
  ) {
    super(
      holder
        ? `The data folder ${path.dirname(lockPath)} is in use by another Daylight process (PID ${holder.pid} on ${holder.host}, since ${holder.acquiredAt}; lock file ${path.basename(lockPath)}).`
        : `The data folder ${path.dirname(lockPath)} is in use by another Daylight process (lock file ${path.basename(lockPath)}).`,
    );
  }
}

/** Lock files this process holds, so a second open in the same process is refused rather than taken over. */
const heldHere = new Set<string>();
/** A file being written (created, content not yet there) is given this long before it is presumed abandoned. */
const HALF_WRITTEN_MS = 5_000;
/** How long an acquisition keeps retrying transient states (a takeover or a creation in progress elsewhere). */
const RETRY_FOR_MS = 3_000;

/**
 * Takes the data folder's lock, taking over one left by a process that is gone; throws `DataDirInUse` while a
 * live process holds it. Never waits for a live holder.
 */
export async function lockDataDir(dir: string, options: LockOptions = {}): Promise<DataDirLock> {
  const lockPath = path.resolve(dir, 'daylight.lock');
  const foreignStaleMs = options.foreignStaleMs ?? 30_000;
  const me = holderOfThisProcess();
  const deadline = Date.now() + RETRY_FOR_MS;
  for (;;) {
    if (tryCreate(lockPath, me)) break;
    const found = readLock(lockPath);
    if (found === 'absent') continue;
    if (found === 'legacy') {
      // A lock directory from an earlier version (proper-lockfile), refreshed every 15 s while its holder lives.
      if (ageMs(lockPath) > foreignStaleMs) removeLegacy(lockPath);
      else throw new DataDirInUse(lockPath, null);
      continue;
    }
    const verdict = judge(lockPath, found, foreignStaleMs);
    if (verdict === 'alive') throw new DataDirInUse(lockPath, found === 'unreadable' ? null : found);
    if (verdict === 'dead' && takeOver(lockPath, found)) continue;
    // Someone else is taking over or still writing the file: look again shortly.
    if (Date.now() > deadline) throw new DataDirInUse(lockPath, found === 'unreadable' ? null : found);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  heldHere.add(lockPath);
  const heartbeat = setInterval(() => {
    const now = new Date();
    try {
      fs.utimesSync(lockPath, now, now);
    } catch {
      // The file was removed by hand; nothing to refresh. The next start will create it afresh.
    }
  }, options.heartbeatMs ?? 5_000);
  heartbeat.unref();
  let released = false;
  return {
    path: lockPath,
    async release() {
      if (released) return;
      released = true;
      clearInterval(heartbeat);
      heldHere.delete(lockPath);
      const current = readLock(lockPath);
      if (typeof current === 'object' && current.token === me.token) fs.rmSync(lockPath, { force: true });
    },
  };
}

/** Creates the lock file exclusively with our record; false when it exists. */
function tryCreate(lockPath: string, me: LockHolder): boolean {
  return createExclusive(lockPath, JSON.stringify(me));
}

/** Creates `file` with `content` only if it does not exist (O_EXCL); false when it does. */
function createExclusive(file: string, content: string): boolean {
  let fd: number;
  try {
    fd = fs.openSync(file, 'wx', 0o644);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  let written = false;
  try {
    fs.writeSync(fd, content);
    fs.fsyncSync(fd);
    written = true;
  } finally {
    fs.closeSync(fd);
    // A full disk, say: leave no empty file behind for the next start to puzzle over.
    if (!written) fs.rmSync(file, { force: true });
  }
  return true;
}

type Found = LockHolder | 'absent' | 'legacy' | 'unreadable';

function readLock(lockPath: string): Found {
  let text: string;
  try {
    text = fs.readFileSync(lockPath, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return 'absent';
    if (code === 'EISDIR') return 'legacy';
    throw error;
  }
  try {
    const parsed = JSON.parse(text) as LockHolder;
    if (Number.isInteger(parsed.pid) && typeof parsed.host === 'string' && typeof parsed.token === 'string') return parsed;
  } catch {
    // Half written (its writer is between creating and writing it) or damaged: judged by age below.
  }
  return 'unreadable';
}

/** Whether the recorded holder still runs: 'dead' only when that is certain (or, for another host, its heartbeat stopped). */
function judge(lockPath: string, holder: LockHolder | 'unreadable', foreignStaleMs: number): 'alive' | 'dead' | 'unsure' {
  if (holder === 'unreadable') return ageMs(lockPath) > HALF_WRITTEN_MS ? 'dead' : 'unsure';
  if (holder.host !== os.hostname()) return ageMs(lockPath) > foreignStaleMs ? 'dead' : 'alive';
  const bootId = readBootId();
  if (holder.bootId && bootId && holder.bootId !== bootId) return 'dead';
  if (holder.pid === process.pid) return heldHere.has(lockPath) ? 'alive' : 'dead';
  try {
    process.kill(holder.pid, 0);
  } catch (error) {
    // ESRCH: no such process. EPERM: it exists but belongs to another user, so it is alive.
    if ((error as NodeJS.ErrnoException).code === 'ESRCH') return 'dead';
  }
  if (holder.startTicks) {
    const ticks = startTicksOf(holder.pid);
    if (ticks && ticks !== holder.startTicks) return 'dead';
  }
  return 'alive';
}

/**
 * Removes the lock judged dead, unless another process is doing that or has done it. A marker named after that very
 * lock (its token, or for a file without a readable record its inode and time) is created exclusively, so at most one
 * live process removes it; that process checks again under the marker that the lock is still the one judged, since a
 * new holder may have replaced it meanwhile. Returns false when another taker is at work. A marker left by a taker
 * that died is itself judged, and the next marker in line is used.
 */
function takeOver(lockPath: string, judged: LockHolder | 'unreadable'): boolean {
  const identity = judged === 'unreadable' ? fileIdentity(lockPath) : judged.token;
  if (!identity) return true; // Gone already: look again.
  const stillJudged = () => {
    const current = readLock(lockPath);
    if (judged === 'unreadable') return current === 'unreadable' && fileIdentity(lockPath) === identity && ageMs(lockPath) > HALF_WRITTEN_MS;
    return typeof current === 'object' && current.token === judged.token;
  };
  const me = holderOfThisProcess();
  const markerOf = (n: number) => `${lockPath}.takeover-${identity}-${n}`;
  for (let n = 0; n < 8; n++) {
    if (!createExclusive(markerOf(n), JSON.stringify(me))) {
      const other = readLock(markerOf(n));
      if (other === 'absent') return true; // That taker has finished: look at the lock again.
      if (other !== 'legacy' && judge(markerOf(n), other, HALF_WRITTEN_MS) === 'dead') continue;
      return false;
    }
    try {
      if (stillJudged()) fs.rmSync(lockPath, { force: true });
    } finally {
      for (let k = 0; k <= n; k++) fs.rmSync(markerOf(k), { force: true });
    }
    return true;
  }
  return false;
}

/** An unreadable lock file's identity: its inode and modification time. */
function fileIdentity(file: string): string | undefined {
  try {
    const stat = fs.statSync(file);
    return `i${stat.ino}-${Math.round(stat.mtimeMs)}`;
  } catch {
    return undefined;
  }
}

function removeLegacy(lockPath: string): void {
  try {
    // rmdir, not a recursive removal: if another process has meanwhile replaced it with its lock file, this fails.
    fs.rmdirSync(lockPath);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT' && code !== 'ENOTDIR') throw error;
  }
}

function ageMs(file: string): number {
  try {
    return Date.now() - fs.statSync(file).mtimeMs;
  } catch {
    return 0;
  }
}

function holderOfThisProcess(): LockHolder {
  const bootId = readBootId();
  const startTicks = startTicksOf(process.pid);
  return {
    pid: process.pid,
    host: os.hostname(),
    token: randomBytes(12).toString('hex'),
    ...(bootId ? { bootId } : {}),
    ...(startTicks ? { startTicks } : {}),
    acquiredAt: new Date().toISOString(),
  };
}

function readBootId(): string | undefined {
  try {
    return fs.readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim() || undefined;
  } catch {
    return undefined;
  }
}

/** Field 22 of /proc/<pid>/stat (start time after boot, in clock ticks); undefined off Linux or for a gone process. */
function startTicksOf(pid: number): string | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) is in parentheses and may contain spaces: count fields after its closing one.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return fields[19];
  } catch {
    return undefined;
  }
}
