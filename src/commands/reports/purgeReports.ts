import type { Db } from '../../db/types.js';
import { inTransaction } from '../../db/repos/cases.js';
import { purgeReportsClosedBefore } from '../../db/repos/reports.js';

/**
 * Retention: deletes the content, identity, keys, messages and files of reports closed more than `retentionDays`
 * ago, keeping the dates, category and outcome the public figures count. A batch of at most 500 per transaction, at
 * most 20 batches a call; returns how many reports were emptied.
 */
export async function purgeExpiredReports(db: Db, retentionDays: number, now = new Date()): Promise<number> {
  const cutoff = new Date(now.getTime() - retentionDays * 86_400_000);
  let total = 0;
  for (let i = 0; i < 20; i++) {
    const n = await inTransaction(db, (trx) => purgeReportsClosedBefore(trx, cutoff, now));
    total += n;
    if (n < 500) break;
  }
  return total;
}
