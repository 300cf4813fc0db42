import { sql, type Kysely } from 'kysely';

/**
 * E-mail: the outbox (one row per message to send, written in the transaction of the event that causes it), the
 * applicant's language and unsubscription, and secrets the application keeps for signing links.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  // The language the applicant filed in, so every e-mail about their case speaks it; and their opt-out.
  await sql`ALTER TABLE application_private ADD COLUMN locale text NOT NULL DEFAULT 'ko'`.execute(db);
  await sql`ALTER TABLE application_private ADD COLUMN unsubscribed_at timestamptz`.execute(db);
  await sql`
    CREATE TABLE outbox (
      id bigserial PRIMARY KEY,
      idempotency_key text NOT NULL UNIQUE,
      kind text NOT NULL,
      recipient text NOT NULL,
      locale text NOT NULL,
      application_id bigint REFERENCES application(id),
      event_seq integer,
      params jsonb NOT NULL DEFAULT '{}',
      created_at timestamptz NOT NULL DEFAULT now(),
      attempts integer NOT NULL DEFAULT 0,
      next_attempt_at timestamptz NOT NULL DEFAULT now(),
      claimed_until timestamptz,
      sent_at timestamptz,
      failed_at timestamptz,
      last_error text,
      message_id text
    )`.execute(db);
  await sql`CREATE INDEX outbox_due ON outbox (next_attempt_at) WHERE sent_at IS NULL AND failed_at IS NULL`.execute(db);
  await sql`CREATE INDEX outbox_recipient ON outbox (recipient, created_at DESC)`.execute(db);
  await sql`CREATE INDEX outbox_application ON outbox (application_id) WHERE application_id IS NOT NULL`.execute(db);
  await sql`
    CREATE TABLE site_secret (
      name text PRIMARY KEY,
      value text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  // gen_random_uuid() draws from the server's strong random source: two of them give 244 random bits.
  await sql`INSERT INTO site_secret (name, value) VALUES ('links', replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', ''))`.execute(db);
}
