import { sql, type Kysely } from 'kysely';

/**
 * Citizens who sign in by an e-mail link: the citizen (one per address, compared case-insensitively), the links
 * (stored as SHA-256 of their random token, single-use, short-lived), sessions of a third kind, and applications
 * filed at a counter that a citizen linked to their account with the number and access code.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE citizen (
      id bigserial PRIMARY KEY,
      email text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE UNIQUE INDEX citizen_email ON citizen (lower(email))`.execute(db);
  await sql`
    CREATE TABLE citizen_login (
      token_hash text PRIMARY KEY,
      email text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      expires_at timestamptz NOT NULL,
      used_at timestamptz
    )`.execute(db);
  await sql`CREATE INDEX citizen_login_email ON citizen_login (lower(email), created_at DESC)`.execute(db);
  await sql`
    CREATE TABLE citizen_application (
      citizen_id bigint NOT NULL REFERENCES citizen(id),
      application_id bigint NOT NULL REFERENCES application(id),
      linked_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (citizen_id, application_id)
    )`.execute(db);
  await sql`ALTER TABLE session ADD COLUMN citizen_id bigint REFERENCES citizen(id)`.execute(db);
  await sql`ALTER TABLE session DROP CONSTRAINT session_check`.execute(db);
  await sql`
    ALTER TABLE session ADD CONSTRAINT session_one_kind CHECK (
      (official_id IS NOT NULL)::int + (application_id IS NOT NULL)::int + (citizen_id IS NOT NULL)::int = 1
    )`.execute(db);
}
