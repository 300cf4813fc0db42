import { sql, type Kysely } from 'kysely';

/**
 * The events of one application that still wait for a log index, found without reading its other events: the
 * public record's version (`publicCaseVersion`), asked on every anonymous visit, counts them. Only events between
 * their commit and the log integrator's next pass are in it, so it stays a few pages however long the log grows.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE INDEX event_unsequenced_application ON event (application_id) WHERE log_index IS NULL`.execute(db);
}
