import { sql, type Kysely } from 'kysely';

/**
 * Redaction of a published question or answer (ADR 0005): the projection shows the redacted text and its reason;
 * the text it replaced is kept in `inquiry_redaction` for auditors only. The log holds commitments, never texts.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE inquiry ADD COLUMN question_redaction_reason text`.execute(db);
  await sql`ALTER TABLE inquiry ADD COLUMN answer_redaction_reason text`.execute(db);
  await sql`
    CREATE TABLE inquiry_redaction (
      id bigserial PRIMARY KEY,
      inquiry_id bigint NOT NULL REFERENCES inquiry(id),
      field text NOT NULL CHECK (field IN ('question', 'answer')),
      original text NOT NULL,
      replacement text NOT NULL,
      reason text NOT NULL,
      official_id integer NOT NULL REFERENCES official(id),
      seq integer NOT NULL,
      redacted_at timestamptz NOT NULL
    )`.execute(db);
}
