/** A background job that runs on a timer and whenever something may have given it work. */
export interface KickableJob {
  /** Runs a pass soon (after a write that may have given it work). */
  kick(): void;
  /** Stops the timer and waits for a running pass to finish. */
  stop(): Promise<void>;
}

/**
 * Runs `pass` every `intervalMs` (0: only when kicked) and on `kick()`. Passes never overlap within the process: a kick
 * during a pass makes one more pass afterwards, and a pass returning true (more work waiting) runs again at once.
 * Errors go to `onError` and the job goes on.
 */
export function startKickable(pass: () => Promise<boolean>, options: { intervalMs: number; onError: (error: unknown) => void }): KickableJob {
  let running: Promise<void> | undefined;
  let again = false;
  let stopped = false;
  const run = () => {
    if (stopped) return;
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
      } catch (error) {
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
