import { sql, type Kysely } from 'kysely';

/**
 * Applications not yet filed: what an applicant typed and uploaded, kept so they can check their answers before
 * submitting, or save a long form and come back to it through a link.
 *
 * - `application_draft`: found by the hash of a random token (the link holds the token, the database only its hash);
 *   the typed values as one JSON object; expires after `DRAFT_TTL_DAYS`. Filing empties it: the values and documents
 *   are deleted and only the public number stays (`submitted_number`) until it expires, so a second press of
 *   "Submit" finds the receipt instead of filing again.
 * - `application_draft_document`: one uploaded file per document of the procedure, deleted with its draft.
 *
 * Personal data of a draft lives only here: never in the log, never in an event, never in a shared cache.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE application_draft (
      id bigserial PRIMARY KEY,
      token_hash text NOT NULL UNIQUE,
      jurisdiction_code text NOT NULL,
      procedure_code text NOT NULL,
      answers jsonb NOT NULL DEFAULT '{}'::jsonb,
      locale text NOT NULL,
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL,
      expires_at timestamptz NOT NULL,
      submitted_number text,
      CHECK (submitted_number IS NULL OR answers = '{}'::jsonb)
    )`.execute(db);
  await sql`CREATE INDEX application_draft_expires ON application_draft (expires_at)`.execute(db);
  await sql`
    CREATE TABLE application_draft_document (
      draft_id bigint NOT NULL REFERENCES application_draft(id) ON DELETE CASCADE,
      kind text NOT NULL,
      filename text NOT NULL,
      content_type text NOT NULL,
      bytes bytea NOT NULL,
      PRIMARY KEY (draft_id, kind)
    )`.execute(db);
}
