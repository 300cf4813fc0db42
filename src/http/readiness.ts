/**
 * Whether this instance can do its work, as `/readyz` answers it: the database answers, its schema has every
 * migration this code expects, and the transparency log is not stalled (no event has waited longer than
 * READY_LOG_LAG_SECONDS for a signed checkpoint). Counts and ages only, never anything about a person.
 */
import { migrationState } from '../db/migrate.js';
import { logProgress } from '../db/repos/operations.js';
import type { Db } from '../db/types.js';

/** How long `/readyz` waits for the database before calling it unreachable. */
export const READY_DATABASE_TIMEOUT_MS = 2_000;

export interface Readiness {
  ready: boolean;
  database: { ok: boolean; error?: string };
  migrations: { ok: boolean; pending: string[]; newer: string[] };
  log: { ok: boolean; size: number; waiting: number; oldest_waiting_seconds: number | null; seconds_since_checkpoint: number | null };
}

/** Whether this instance is ready to serve, with the reason when it is not; never throws. */
export async function checkReadiness(db: Db, options: { logLagSeconds: number; now?: Date; timeoutMs?: number }): Promise<Readiness> {
  const now = options.now ?? new Date();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('timeout')), options.timeoutMs ?? READY_DATABASE_TIMEOUT_MS);
  });
  try {
    const [migrations, log] = await Promise.race([Promise.all([migrationState(db), logProgress(db)]), timeout]);
    const seconds = (at: Date | null) => (at ? Math.max(0, Math.round((now.getTime() - at.getTime()) / 1000)) : null);
    const oldestWaiting = seconds(log.oldestWaitingAt);
    const logOk = oldestWaiting === null || oldestWaiting <= options.logLagSeconds;
    const migrationsOk = migrations.pending.length === 0;
    return {
      ready: migrationsOk && logOk,
      database: { ok: true },
      migrations: { ok: migrationsOk, pending: migrations.pending, newer: migrations.unknown },
      log: {
        ok: logOk,
        size: log.size,
        waiting: log.waiting,
        oldest_waiting_seconds: oldestWaiting,
        seconds_since_checkpoint: seconds(log.lastCheckpointAt),
      },
    };
  } catch (error) {
    // The error's class only: a connection error's message can name hosts and users.
    const reason = (error as Error).message === 'timeout' ? 'timeout' : ((error as { code?: string }).code ?? 'unreachable');
    return {
      ready: false,
      database: { ok: false, error: reason },
      migrations: { ok: false, pending: [], newer: [] },
      log: { ok: false, size: 0, waiting: 0, oldest_waiting_seconds: null, seconds_since_checkpoint: null },
    };
  } finally {
    clearTimeout(timer);
  }
}
