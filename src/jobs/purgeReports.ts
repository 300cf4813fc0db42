import { purgeExpiredReports } from '../commands/reports/purgeReports.js';
import type { Db } from '../db/types.js';

/**
 * Retention of the reporting channel: every `intervalMs` (and a minute after start), deletes the content of reports
 * closed more than `retentionDays` ago (`commands/reports/purgeReports`). Safe on several instances at once: a report
 * is emptied under its row lock, once. Off when `retentionDays` is 0.
 */
export function startReportPurger(db: Db, options: { retentionDays: number; intervalMs?: number; onError: (error: unknown) => void }) {
  const intervalMs = options.intervalMs ?? 3_600_000;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> | undefined;
  let stopped = false;
  const run = () => {
    running = purgeExpiredReports(db, options.retentionDays)
      .catch(options.onError)
      .finally(() => {
        if (!stopped) timer = setTimeout(run, intervalMs);
      });
  };
  if (options.retentionDays > 0) timer = setTimeout(run, 60_000);
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
