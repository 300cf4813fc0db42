/**
 * What operators watch: how far the transparency log, the mail outbox and the alert dispatcher are behind, and how
 * many applications are overdue. Counts and ages only, never a row's content, so `/readyz` and `/metrics` can
 * publish them without exposing anyone. Every query here is answered from an index or a one-row table, because a
 * scraper asks every few seconds on a database of millions of events.
 */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../schema.js';

/** Where the transparency log stands. */
export interface LogProgress {
  /** Entries in the latest signed checkpoint (0 before the first). */
  size: number;
  /** Log indexes handed out (committed events with an index). */
  sequenced: number;
  /** When the latest checkpoint was signed; null before the first. */
  lastCheckpointAt: Date | null;
  /** When the oldest event not yet in a signed checkpoint was entered; null when none waits. */
  oldestWaitingAt: Date | null;
  /** Committed events not yet in a signed checkpoint: sequenced beyond it, or waiting for their index (counted up to UNSEQUENCED_COUNT_LIMIT). */
  waiting: number;
}

/** Events without a log index are counted up to this, so a scraper's question stays cheap after a bulk load. */
const UNSEQUENCED_COUNT_LIMIT = 100_000;

/** The log's progress, in one round trip. */
export async function logProgress(db: Kysely<DB>): Promise<LogProgress> {
  const row = (
    await sql<{ size: number | null; sequenced: number | null; last_at: Date | null; oldest_sequenced: Date | null; oldest_unsequenced: Date | null; unsequenced: number }>`
      WITH latest AS (SELECT size, created_at FROM log_checkpoint ORDER BY id DESC LIMIT 1)
      SELECT (SELECT size FROM latest) AS size,
             (SELECT next_index FROM log_sequence) AS sequenced,
             (SELECT created_at FROM latest) AS last_at,
             (SELECT recorded_at FROM event WHERE log_index = COALESCE((SELECT size FROM latest), 0)) AS oldest_sequenced,
             (SELECT min(recorded_at) FROM event WHERE log_index IS NULL) AS oldest_unsequenced,
             (SELECT count(*) FROM (SELECT 1 FROM event WHERE log_index IS NULL LIMIT ${UNSEQUENCED_COUNT_LIMIT}) AS pending) AS unsequenced`.execute(db)
  ).rows[0]!;
  const waiting = [row.oldest_sequenced, row.oldest_unsequenced].filter((d): d is Date => d !== null).map((d) => new Date(d));
  return {
    size: Number(row.size ?? 0),
    sequenced: Number(row.sequenced ?? 0),
    lastCheckpointAt: row.last_at ? new Date(row.last_at) : null,
    oldestWaitingAt: waiting.length ? new Date(Math.min(...waiting.map((d) => d.getTime()))) : null,
    waiting: Math.max(0, Number(row.sequenced ?? 0) - Number(row.size ?? 0)) + Number(row.unsequenced),
  };
}

/** Work waiting in the background jobs' queues. */
export interface Backlogs {
  /** E-mails neither sent nor given up. */
  outboxPending: number;
  /** When the oldest of them became due (null when none is due). */
  outboxOldestDueAt: Date | null;
  /** Committed events the alert dispatcher has not matched yet. */
  alertEventsBehind: number;
  /** Alerts recorded for daily digests that have not been sent yet. */
  alertsAwaitingDigest: number;
  /** Open applications with a stage or the whole application past its due date. */
  overdueApplications: number;
}

/** The backlogs, in one round trip. */
export async function backlogs(db: Kysely<DB>, now: Date = new Date()): Promise<Backlogs> {
  const row = (
    await sql<{ outbox: number; oldest_due: Date | null; cursor: number | null; sequenced: number | null; digest: number; overdue: number }>`
      SELECT (SELECT count(*) FROM outbox WHERE sent_at IS NULL AND failed_at IS NULL) AS outbox,
             (SELECT min(next_attempt_at) FROM outbox WHERE sent_at IS NULL AND failed_at IS NULL AND next_attempt_at <= ${now}) AS oldest_due,
             (SELECT log_index FROM alert_cursor) AS cursor,
             (SELECT next_index FROM log_sequence) AS sequenced,
             (SELECT count(*) FROM alert WHERE outbox_key IS NULL) AS digest,
             (SELECT count(*) FROM application WHERE closed_at IS NULL AND overdue_since IS NOT NULL) AS overdue`.execute(db)
  ).rows[0]!;
  return {
    outboxPending: Number(row.outbox),
    outboxOldestDueAt: row.oldest_due ? new Date(row.oldest_due) : null,
    // The cursor is the last log index matched (-1 before any); indexes below `sequenced` are committed.
    alertEventsBehind: Math.max(0, Number(row.sequenced ?? 0) - 1 - Number(row.cursor ?? -1)),
    alertsAwaitingDigest: Number(row.digest),
    overdueApplications: Number(row.overdue),
  };
}

/** What a backup records about the database it copied, so that a restore can be checked against it. */
export interface BackupFacts {
  migrations: string[];
  applications: number;
  /** Log indexes handed out (every committed event with an index). */
  sequenced: number;
  checkpoints: number;
  /** The latest signed checkpoint; null before the first. */
  latest: { size: number; rootHash: string; verifierKey: string; note: string } | null;
}

/** Reads the facts a backup manifest records; run it in the snapshot the dump is taken from. */
export async function backupFacts(db: Kysely<DB>): Promise<BackupFacts> {
  const migrations = (await sql<{ name: string }>`SELECT name FROM kysely_migration ORDER BY name`.execute(db)).rows.map((r) => r.name);
  const counts = (
    await sql<{ applications: number; sequenced: number | null; checkpoints: number }>`
      SELECT (SELECT count(*) FROM application) AS applications, (SELECT next_index FROM log_sequence) AS sequenced,
             (SELECT count(*) FROM log_checkpoint) AS checkpoints`.execute(db)
  ).rows[0]!;
  const latest = await db.selectFrom('log_checkpoint').select(['size', 'root_hash', 'verifier_key', 'note']).orderBy('id', 'desc').limit(1).executeTakeFirst();
  return {
    migrations,
    applications: Number(counts.applications),
    sequenced: Number(counts.sequenced ?? 0),
    checkpoints: Number(counts.checkpoints),
    latest: latest ? { size: Number(latest.size), rootHash: Buffer.from(latest.root_hash).toString('base64'), verifierKey: latest.verifier_key, note: latest.note } : null,
  };
}

/** One official's sealed second-factor secret, to prove a sign-in secret still opens them; undefined when nobody enrolled. */
export async function anySealedTotpSecret(db: Kysely<DB>): Promise<{ officialId: number; sealed: string } | undefined> {
  const row = await db.selectFrom('official').select(['id', 'totp_secret']).where('totp_secret', 'is not', null).orderBy('id').limit(1).executeTakeFirst();
  return row?.totp_secret ? { officialId: row.id, sealed: row.totp_secret } : undefined;
}
