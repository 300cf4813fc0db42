import { sql, type Kysely } from 'kysely';

/**
 * Each decided case's outcome as statistics use it (working time from receipt to decision, due date met), computed
 * once from its events with its jurisdiction's calendar and kept with that calendar's key (its version, time zone and
 * the holiday rules' revision). Statistics read these
 * small rows instead of replaying every case's events on each computation; a case whose calendar changed since (a
 * holiday added later, another time zone, corrected holiday rules) is recomputed. A cache: it can be emptied at any time and is rebuilt on the next computation.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE case_outcome (
      application_id bigint PRIMARY KEY REFERENCES application(id),
      calendar_key text NOT NULL,
      working_minutes double precision NOT NULL,
      on_time boolean NOT NULL,
      computed_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
}
