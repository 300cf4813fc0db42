import { sql, type Kysely } from 'kysely';

/**
 * The instant alert e-mails a follow was sent in the last hour, found without reading its older alerts: the alert
 * dispatcher counts them for every follow an event concerns, to hold each inbox to its hourly cap, and a follow's
 * alerts only grow.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE INDEX alert_instant_sent ON alert (follow_id, created_at) WHERE outbox_key LIKE 'alert-%'`.execute(db);
}
