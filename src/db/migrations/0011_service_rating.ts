import { sql, type Kysely } from 'kysely';

/**
 * The applicant's rating of the service once their application is closed: one per application, changeable for a
 * while after closure (`RATING_WINDOW_DAYS`), then fixed. Ratings are survey answers, not acts on the case, so they
 * are not events and never enter the public transparency log; only aggregates with their sample size are published.
 * The free-text comment is private to the application's unit and the auditors. `unit_id` is the unit that held the
 * case when it closed (a closed case is never transferred again), kept here so the office list needs no join.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE service_rating (
      application_id bigint PRIMARY KEY REFERENCES application(id),
      jurisdiction_id text NOT NULL REFERENCES jurisdiction(id),
      unit_id integer NOT NULL REFERENCES unit(id),
      satisfaction smallint NOT NULL CHECK (satisfaction BETWEEN 1 AND 5),
      comment text CHECK (char_length(comment) BETWEEN 1 AND 2000),
      locale text NOT NULL DEFAULT 'ko',
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE INDEX service_rating_unit ON service_rating (unit_id, updated_at DESC)`.execute(db);
}
