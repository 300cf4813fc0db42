import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../schema.js';

/** A message to enqueue; `idempotencyKey` makes a repeated enqueue a no-op. */
export interface NewMail {
  idempotencyKey: string;
  kind: string;
  recipient: string;
  locale: string;
  applicationId?: number | null;
  eventSeq?: number | null;
  params: Record<string, unknown>;
}

/** A claimed outbox row, ready to render and send. */
export interface ClaimedMail {
  id: number;
  idempotency_key: string;
  kind: string;
  recipient: string;
  locale: string;
  application_id: number | null;
  params: Record<string, unknown>;
  attempts: number;
}

/** Writes one message to the outbox inside the caller's transaction; returns false when its key was already there. */
export async function enqueueMail(trx: Transaction<DB> | Kysely<DB>, mail: NewMail): Promise<boolean> {
  const result = await trx
    .insertInto('outbox')
    .values({
      idempotency_key: mail.idempotencyKey,
      kind: mail.kind,
      recipient: mail.recipient,
      locale: mail.locale,
      application_id: mail.applicationId ?? null,
      event_seq: mail.eventSeq ?? null,
      params: JSON.stringify(mail.params),
    })
    .onConflict((oc) => oc.column('idempotency_key').doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

/** A message to an application's applicant, addressed when it is written (`enqueueApplicantMail`). */
export type ApplicantMail = Omit<NewMail, 'recipient' | 'locale' | 'applicationId'>;

/**
 * Writes a message to an application's applicant into the outbox in one statement, addressed from their private row
 * in their language: nothing when they have no address (or an empty one) or unsubscribed, or when its key was already
 * there.
 */
export async function enqueueApplicantMail(trx: Transaction<DB> | Kysely<DB>, applicationId: number, mail: ApplicantMail): Promise<void> {
  await applicantMailInsert(trx, applicationId, mail).execute();
}

/** `enqueueApplicantMail`'s statement, not yet run, for a caller that sends it inside one of its own. */
export function applicantMailInsert(trx: Transaction<DB> | Kysely<DB>, applicationId: number, mail: ApplicantMail) {
  return trx
    .insertInto('outbox')
    .columns(['idempotency_key', 'kind', 'recipient', 'locale', 'application_id', 'event_seq', 'params'])
    .expression((eb) =>
      eb
        .selectFrom('application_private')
        .select([
          sql<string>`${mail.idempotencyKey}::text`.as('idempotency_key'),
          sql<string>`${mail.kind}::text`.as('kind'),
          'applicant_email',
          'locale',
          'application_id',
          sql<number | null>`${mail.eventSeq ?? null}::int`.as('event_seq'),
          sql<string>`${JSON.stringify(mail.params)}::jsonb`.as('params'),
        ])
        .where('application_id', '=', applicationId)
        .where('applicant_email', 'is not', null)
        .where('applicant_email', '<>', '')
        .where('unsubscribed_at', 'is', null),
    )
    .onConflict((oc) => oc.column('idempotency_key').doNothing());
}

/** Stops e-mails to the applicant of one application; true when this call changed something. */
export async function unsubscribeApplicant(db: Kysely<DB>, applicationId: number, now: Date): Promise<boolean> {
  const result = await db
    .updateTable('application_private')
    .set({ unsubscribed_at: now })
    .where('application_id', '=', applicationId)
    .where('unsubscribed_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** The key that signs links in e-mails (created by migration 0006, shared by every instance). */
export async function linkSecret(db: Kysely<DB> | Transaction<DB>): Promise<string> {
  const row = await db.selectFrom('site_secret').select('value').where('name', '=', 'links').executeTakeFirstOrThrow();
  return row.value;
}

/**
 * Claims up to `limit` due messages for `leaseMs`: one sender at a time (a transaction-scoped advisory lock), and a
 * claimed row is invisible to other senders until its lease runs out. Returns [] when another sender holds the lock.
 */
export async function claimDueMail(db: Kysely<DB>, now: Date, limit: number, leaseMs: number): Promise<ClaimedMail[]> {
  return db.transaction().execute(async (trx) => {
    const { locked } = (await sql<{ locked: boolean }>`SELECT pg_try_advisory_xact_lock(${SEND_LOCK.toString()}::bigint) AS locked`.execute(trx)).rows[0]!;
    if (!locked) return [];
    const rows = await trx
      .selectFrom('outbox')
      .select(['id', 'idempotency_key', 'kind', 'recipient', 'locale', 'application_id', 'params', 'attempts'])
      .where('sent_at', 'is', null)
      .where('failed_at', 'is', null)
      .where('next_attempt_at', '<=', now)
      .where((eb) => eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<', now)]))
      .orderBy('next_attempt_at')
      .orderBy('id')
      .limit(limit)
      .forUpdate()
      .skipLocked()
      .execute();
    if (!rows.length) return [];
    await trx
      .updateTable('outbox')
      .set({ claimed_until: new Date(now.getTime() + leaseMs), attempts: sql`attempts + 1` })
      .where('id', 'in', rows.map((r) => r.id))
      .execute();
    return rows.map((r) => ({ ...r, attempts: r.attempts + 1 }));
  });
}

/** Advisory lock key of the mail sender: "DLMAILSN" in ASCII. */
const SEND_LOCK = 0x444c4d41494c534en;

/**
 * Marks a claimed message sent, once: a row already marked stays as it was. A secret the message carried (a sign-in
 * link's token) is dropped from the row: only the recipient's mailbox keeps it.
 */
export async function markMailSent(db: Kysely<DB>, id: number, messageId: string, now: Date): Promise<void> {
  await db
    .updateTable('outbox')
    .set({ sent_at: now, message_id: messageId, claimed_until: null, last_error: null, params: sql`params - 'token'` })
    .where('id', '=', id)
    .where('sent_at', 'is', null)
    .execute();
}

/** Records a failed attempt: retried at `retryAt`, or given up (`failed_at`) when retryAt is null. */
export async function markMailFailed(db: Kysely<DB>, id: number, error: string, now: Date, retryAt: Date | null): Promise<void> {
  await db
    .updateTable('outbox')
    .set({
      claimed_until: null,
      last_error: error.slice(0, 1000),
      ...(retryAt ? { next_attempt_at: retryAt } : { failed_at: now, params: sql`params - 'token'` }),
    })
    .where('id', '=', id)
    .where('sent_at', 'is', null)
    .execute();
}

/** How many messages of these kinds were written for an address (compared case-insensitively) after `since`. */
export async function countMailSince(trx: Transaction<DB> | Kysely<DB>, m: { kinds: string[]; recipient: string; since: Date }): Promise<number> {
  const { count } = await trx
    .selectFrom('outbox')
    .select((eb) => eb.fn.countAll<string>().as('count'))
    .where('kind', 'in', m.kinds)
    .where(sql<string>`lower(recipient)`, '=', m.recipient.toLowerCase())
    .where('created_at', '>', m.since)
    .executeTakeFirstOrThrow();
  return Number(count);
}

/** Writes several messages to the outbox in one statement; those whose key was already there are skipped. */
export async function enqueueMails(trx: Transaction<DB> | Kysely<DB>, mails: readonly NewMail[]): Promise<void> {
  await trx
    .insertInto('outbox')
    .values(
      mails.map((mail) => ({
        idempotency_key: mail.idempotencyKey,
        kind: mail.kind,
        recipient: mail.recipient,
        locale: mail.locale,
        application_id: mail.applicationId ?? null,
        event_seq: mail.eventSeq ?? null,
        params: JSON.stringify(mail.params),
      })),
    )
    .onConflict((oc) => oc.column('idempotency_key').doNothing())
    .execute();
}
