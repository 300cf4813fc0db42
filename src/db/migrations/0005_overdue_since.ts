import { sql, type Kysely } from 'kysely';

/** When the earliest running due date of an open application passed (null when none has): the queues' overdue flag. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE application ADD COLUMN overdue_since timestamptz`.execute(db);
  await sql`CREATE INDEX application_overdue ON application (overdue_since) WHERE closed_at IS NULL AND overdue_since IS NOT NULL`.execute(db);
}
