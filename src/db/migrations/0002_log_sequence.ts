import { sql, type Kysely } from 'kysely';

/**
 * Log sequencing: every event gets its transparency-log index in the transaction that appends it. A single
 * counter row hands out indexes; its row lock, held until commit, makes indexes gap-free and committed in order,
 * so the integrator never waits on a hole and the log cannot fork. Events from before the log are sequenced
 * here in their original order.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE TABLE log_sequence (id boolean PRIMARY KEY DEFAULT true CHECK (id), next_index bigint NOT NULL)`.execute(db);
  // Existing events (demo data, earlier installs) in their original order: by when they were entered, then id.
  await sql`
    UPDATE event SET log_index = ordered.rn - 1
    FROM (SELECT id, row_number() OVER (ORDER BY recorded_at, id) AS rn FROM event WHERE log_index IS NULL) AS ordered
    WHERE event.id = ordered.id`.execute(db);
  await sql`INSERT INTO log_sequence (id, next_index) SELECT true, coalesce(max(log_index) + 1, 0) FROM event`.execute(db);
}
