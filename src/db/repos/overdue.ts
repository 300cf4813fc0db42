import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../schema.js';

/** Advisory lock key of the overdue scan: "DLOVERDU" in ASCII. */
const SCAN_LOCK = 0x444c4f5645524455n;

/**
 * Takes the overdue scan's transaction-scoped lock, with its own limits (SET LOCAL): a case row or the log counter
 * held by a stalled writer makes the pass fail and the next one try again rather than wait, and a stalled scanner
 * frees its locks within a minute. False when another instance holds the scan.
 */
export async function takeScanLock(trx: Transaction<DB>): Promise<boolean> {
  const { rows } = await sql<{ locked: boolean }>`
    SELECT set_config('lock_timeout', '5s', true), set_config('idle_in_transaction_session_timeout', '30s', true),
           pg_try_advisory_xact_lock(${SCAN_LOCK.toString()}::bigint) AS locked`.execute(trx);
  return rows[0]!.locked;
}

/** Open cases whose next look is due (or unknown), earliest first, locked; cases another transaction holds are skipped. */
export function casesDueForScan(trx: Transaction<DB>, now: Date, batch: number) {
  return trx
    .selectFrom('application as a')
    .innerJoin('procedure as p', 'p.id', 'a.procedure_id')
    .innerJoin('jurisdiction as j', 'j.id', 'a.jurisdiction_id')
    .select(['a.id', 'a.jurisdiction_id', 'a.unit_id', 'a.last_seq', 'p.stages', 'p.statutory_days', 'j.time_zone', 'j.country', 'j.calendar_version'])
    .where('a.closed_at', 'is', null)
    .where((eb) => eb.or([eb('a.next_due_at', 'is', null), eb('a.next_due_at', '<=', now)]))
    .orderBy('a.next_due_at', 'asc')
    .limit(batch)
    .forUpdate('a')
    .skipLocked()
    .execute();
}
export type ScannedCase = Awaited<ReturnType<typeof casesDueForScan>>[number];

/** The events of the scanned cases as the clock reads them, in order. */
export function eventsOfCases(trx: Transaction<DB>, applicationIds: readonly number[]) {
  return trx
    .selectFrom('event')
    .select(['application_id', 'seq', 'type', 'occurred_at', 'data'])
    .where('application_id', 'in', applicationIds)
    .orderBy('application_id')
    .orderBy('seq')
    .execute();
}

/** When the scan should look at a case again, and since when it is overdue. */
export async function saveNextLook(trx: Transaction<DB>, applicationId: number, nextDueAt: Date, overdueSince: Date | null): Promise<void> {
  await trx.updateTable('application').set({ next_due_at: nextDueAt, overdue_since: overdueSince }).where('id', '=', applicationId).execute();
}

/** The case's last seq after the scan appended its observations. */
export async function saveLastSeq(trx: Transaction<DB>, applicationId: number, seq: number, now: Date): Promise<void> {
  await trx.updateTable('application').set({ last_seq: seq, updated_at: now }).where('id', '=', applicationId).execute();
}

/** Runs a scan pass in a transaction of its own. */
export function inScanTransaction<T>(db: Kysely<DB>, work: (trx: Transaction<DB>) => Promise<T>): Promise<T> {
  return db.transaction().execute(work);
}
