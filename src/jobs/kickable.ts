/** A background job that runs on a timer and whenever something may have given it work. */
export interface KickableJob {
  /** Runs a pass soon (after a write that may have given it work). */
  kick(): void;
  /** Stops the timer and waits for a running pass to finish. */
  stop(): Promise<void>;
}

/** The longest pause after repeated failures. */
const MAX_BACKOFF_MS = 60_000;

/**
 * Runs `pass` every `intervalMs` (0: only when kicked) and on `kick()`. Passes never overlap within the process: a kick
 * during a pass makes one more pass afterwards, and a pass returning true (more work waiting) runs again at once.
 * Errors go to `onError` and the job goes on; after a failure (the database is down, say) kicks and ticks are
 * ignored for a pause that doubles with each failure in a row, up to a minute, so an outage is not a flood of
 * failing passes and error lines. The first pass that succeeds ends the pause.
 */
export function startKickable(
  pass: () => Promise<boolean>,
  options: { intervalMs: number; onError: (error: unknown) => void; /** The first pause after a failure; default the interval, at least 1 s. */ backoffMs?: number },
): KickableJob {
  let running: Promise<void> | undefined;
  let again = false;
  let stopped = false;
  let failures = 0;
  let retryAt = 0;
  const run = () => {
    if (stopped || Date.now() < retryAt) return;
    if (running) {
      again = true;
      return;
    }
    running = (async () => {
      try {
        do {
          again = false;
          if (await pass()) again = true;
        } while (again && !stopped);
        failures = 0;
      } catch (error) {
        failures++;
        retryAt = Date.now() + Math.min((options.backoffMs ?? Math.max(options.intervalMs, 1_000)) * 2 ** (failures - 1), MAX_BACKOFF_MS);
        options.onError(error);
      } finally {
        running = undefined;
      }
    })();
  };
  const timer = options.intervalMs > 0 ? setInterval(run, options.intervalMs) : undefined;
  timer?.unref();
  return {
    kick: run,
    async stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      await running;
    },
  };
}
