import { sql, type Kysely } from 'kysely';

/**
 * Statutory deadlines: each jurisdiction's calendar settings (the country whose public holidays apply, and
 * a version bumped whenever its closures change, so every instance knows when its cached calendar is stale), the
 * holidays and closures administrators add, and on each application the read-model facts the deadline views need:
 * how often it was transferred, when it escalated, and the earliest due date still running (for the overdue scan).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE jurisdiction ADD COLUMN country text NOT NULL DEFAULT 'KR' CHECK (country ~ '^[A-Z]{2}$')`.execute(db);
  await sql`ALTER TABLE jurisdiction ADD COLUMN calendar_version integer NOT NULL DEFAULT 0`.execute(db);
  await sql`
    CREATE TABLE calendar_closure (
      id serial PRIMARY KEY,
      jurisdiction_id text NOT NULL REFERENCES jurisdiction(id),
      date text NOT NULL CHECK (date ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),
      kind text NOT NULL CHECK (kind IN ('holiday', 'closure')),
      reason_ko text NOT NULL,
      reason_en text NOT NULL,
      created_by integer REFERENCES official(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (jurisdiction_id, date)
    )`.execute(db);
  await sql`ALTER TABLE application ADD COLUMN transfer_count integer NOT NULL DEFAULT 0`.execute(db);
  await sql`ALTER TABLE application ADD COLUMN escalated_at timestamptz`.execute(db);
  // The earliest due date of a running clock (the application's or a stage's), as of the last write or scan;
  // null when unknown (bulk-loaded cases), which the overdue scan treats as "look at it".
  await sql`ALTER TABLE application ADD COLUMN next_due_at timestamptz`.execute(db);
  await sql`CREATE INDEX application_next_due ON application (next_due_at) WHERE closed_at IS NULL`.execute(db);
  await sql`CREATE INDEX event_type_recorded ON event (type, jurisdiction_id)`.execute(db);
}
