import { sql, type Kysely } from 'kysely';

/**
 * Writes a client may retry, and who in the office read whose file.
 *
 * - `idempotent_request`: the answer to a JSON API write sent with an `Idempotency-Key`, stored in the write's own
 *   transaction, so a retry gets the same answer and records nothing twice. The answer is sealed with a key derived
 *   from the caller's credential (ADR 0009), so the database alone cannot read it.
 * - `handoff`: a secret shown once after a form (an application's access code, a new API key), sealed with a key
 *   derived from the person's session token, so the page that shows it comes after a redirect and survives a reload
 *   without the form being sent twice.
 * - `personal_data_access`: every time staff open an applicant's personal data or documents.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE idempotent_request (
      principal text NOT NULL,
      key text NOT NULL,
      request_sha256 text NOT NULL,
      status integer NOT NULL,
      sealed_response text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (principal, key)
    )`.execute(db);
  await sql`CREATE INDEX idempotent_request_created_at ON idempotent_request (created_at)`.execute(db);
  await sql`
    CREATE TABLE handoff (
      session_id text NOT NULL REFERENCES session(id) ON DELETE CASCADE,
      purpose text NOT NULL CHECK (purpose IN ('receipt', 'api_key')),
      ref text NOT NULL,
      sealed text NOT NULL,
      expires_at timestamptz NOT NULL,
      PRIMARY KEY (session_id, purpose, ref)
    )`.execute(db);
  await sql`CREATE INDEX handoff_expires_at ON handoff (expires_at)`.execute(db);
  await sql`
    CREATE TABLE personal_data_access (
      id bigserial PRIMARY KEY,
      at timestamptz NOT NULL DEFAULT now(),
      official_id integer NOT NULL REFERENCES official(id),
      application_id integer NOT NULL REFERENCES application(id),
      what text NOT NULL CHECK (what IN ('case', 'document')),
      document_id integer,
      reason text
    )`.execute(db);
  await sql`CREATE INDEX personal_data_access_application ON personal_data_access (application_id, at)`.execute(db);
  await sql`CREATE INDEX personal_data_access_official ON personal_data_access (official_id, at)`.execute(db);
}
