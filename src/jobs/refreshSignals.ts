import { refreshSignals } from '../commands/fair/signals.js';
import { signalComputation } from '../db/repos/signals.js';
import type { Db } from '../db/types.js';
import { signalYears } from '../domain/signals.js';

/**
 * Keeps the stored signals current (ADR 0015): each pass recomputes this year and the last when anything they read
 * changed (a watermark), and the older years the pages offer at most once a day. The auditors' page and the public
 * counts read the stored rows, so no request waits for a computation.
 */

const DAY_MS = 86_400_000;

/** One pass at `now`; returns the years it stored. */
export async function refreshSignalsPass(db: Db, options: { lateEntryMinutes: number; now?: Date }): Promise<number[]> {
  const now = options.now ?? new Date();
  const stored: number[] = [];
  for (const [i, year] of signalYears(now).entries()) {
    if (i >= 2) {
      const last = await signalComputation(db, year);
      if (last && now.getTime() - last.computed_at.getTime() < DAY_MS) continue;
    }
    if (await refreshSignals(db, { year, lateEntryMinutes: options.lateEntryMinutes, now })) stored.push(year);
  }
  return stored;
}

export interface RunningSignalRefresher {
  stop(): Promise<void>;
}

/** Runs a pass soon after start and then every `intervalMs`; errors are reported and the next pass still comes. */
export function startSignalRefresher(
  db: Db,
  options: {
    intervalMs: number;
    lateEntryMinutes: number;
    onError: (error: unknown) => void;
    /** Runs one pass; by default in this process (`refreshSignalsPass`), on PostgreSQL in a child process (`jobProcess`). */
    pass?: () => Promise<number[]>;
    /** Milliseconds from start to the first pass (default 5 s). */
    firstDelayMs?: number;
  },
): RunningSignalRefresher {
  const pass = options.pass ?? (() => refreshSignalsPass(db, { lateEntryMinutes: options.lateEntryMinutes }));
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  const run = () => {
    running = (async () => {
      try {
        await pass();
      } catch (error) {
        options.onError(error);
      }
      if (!stopped) timer = setTimeout(run, options.intervalMs);
    })();
  };
  if (options.intervalMs > 0) timer = setTimeout(run, options.firstDelayMs ?? 5_000);
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
