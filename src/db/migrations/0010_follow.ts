import { sql, type Kysely } from 'kysely';

/**
 * Follows and alerts. Anyone can follow an application, a unit, a procedure or an area (a circle around a point,
 * optionally narrowed to one procedure) by e-mail, instantly or as a daily digest. A follow made without signing in
 * waits for its address to be confirmed (double opt-in); a signed-in citizen's address is already confirmed.
 *
 * `alert` holds one row per (follow, event) that matched; the dispatcher reads committed events in log order from
 * `alert_cursor`, so an event that was rolled back is never seen and none is matched twice. An area's bounding box
 * is stored so a GiST index finds the areas containing a point without scanning every follow.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE follow (
      id bigserial PRIMARY KEY,
      email text NOT NULL,
      citizen_id bigint REFERENCES citizen(id),
      locale text NOT NULL DEFAULT 'ko',
      kind text NOT NULL CHECK (kind IN ('application', 'unit', 'procedure', 'area')),
      application_id bigint REFERENCES application(id),
      unit_id integer REFERENCES unit(id),
      jurisdiction_id text REFERENCES jurisdiction(id),
      procedure_code text,
      lat double precision,
      lng double precision,
      radius_m integer CHECK (radius_m BETWEEN 50 AND 5000),
      min_lat double precision,
      max_lat double precision,
      min_lng double precision,
      max_lng double precision,
      place text,
      frequency text NOT NULL CHECK (frequency IN ('instant', 'daily')),
      created_at timestamptz NOT NULL DEFAULT now(),
      confirmed_at timestamptz,
      stopped_at timestamptz,
      next_digest_at timestamptz,
      CHECK (
        (kind = 'application' AND application_id IS NOT NULL) OR
        (kind = 'unit' AND unit_id IS NOT NULL) OR
        (kind = 'procedure' AND jurisdiction_id IS NOT NULL AND procedure_code IS NOT NULL) OR
        (kind = 'area' AND lat IS NOT NULL AND lng IS NOT NULL AND radius_m IS NOT NULL AND min_lat IS NOT NULL)
      )
    )`.execute(db);
  await sql`CREATE INDEX follow_email ON follow (lower(email), created_at DESC)`.execute(db);
  await sql`CREATE INDEX follow_application ON follow (application_id) WHERE kind = 'application' AND stopped_at IS NULL`.execute(db);
  await sql`CREATE INDEX follow_unit ON follow (unit_id) WHERE kind = 'unit' AND stopped_at IS NULL`.execute(db);
  await sql`CREATE INDEX follow_procedure ON follow (procedure_code) WHERE kind = 'procedure' AND stopped_at IS NULL`.execute(db);
  await sql`
    CREATE INDEX follow_area ON follow USING gist (box(point(min_lng, min_lat), point(max_lng, max_lat)))
    WHERE kind = 'area' AND stopped_at IS NULL`.execute(db);
  await sql`CREATE INDEX follow_digest ON follow (next_digest_at) WHERE stopped_at IS NULL AND confirmed_at IS NOT NULL`.execute(db);

  await sql`
    CREATE TABLE alert (
      follow_id bigint NOT NULL REFERENCES follow(id),
      event_id bigint NOT NULL REFERENCES event(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      outbox_key text,
      PRIMARY KEY (follow_id, event_id)
    )`.execute(db);
  await sql`CREATE INDEX alert_pending ON alert (follow_id) WHERE outbox_key IS NULL`.execute(db);

  // Where the dispatcher has read the log up to; events already there when alerts arrived are history, not news.
  await sql`CREATE TABLE alert_cursor (id boolean PRIMARY KEY DEFAULT true CHECK (id), log_index bigint NOT NULL)`.execute(db);
  await sql`INSERT INTO alert_cursor (log_index) SELECT COALESCE(max(log_index), -1) FROM event`.execute(db);
}
