import { sql, type Kysely } from 'kysely';

/**
 * Questions and objections about an application (ADR 0005). The public event carries only a salted SHA-256
 * commitment of each text; the texts live here, so an official can redact one with a recorded reason without
 * rewriting the log. The asker's identity is kept here only, never in an event.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE jurisdiction ADD COLUMN inquiry_response_days integer NOT NULL DEFAULT 7 CHECK (inquiry_response_days BETWEEN 1 AND 60)`.execute(db);
  await sql`
    CREATE TABLE inquiry (
      id bigserial PRIMARY KEY,
      application_id bigint NOT NULL REFERENCES application(id),
      no integer NOT NULL,
      jurisdiction_id text NOT NULL REFERENCES jurisdiction(id),
      unit_id integer NOT NULL REFERENCES unit(id),
      kind text NOT NULL CHECK (kind IN ('question', 'objection')),
      private boolean NOT NULL,
      question text NOT NULL,
      question_salt text NOT NULL,
      asked_by text NOT NULL CHECK (asked_by IN ('applicant', 'citizen')),
      citizen_id bigint REFERENCES citizen(id),
      asker_email text,
      asker_locale text NOT NULL DEFAULT 'ko',
      opened_seq integer NOT NULL,
      opened_at timestamptz NOT NULL,
      due_at timestamptz NOT NULL,
      answer text,
      answer_salt text,
      answered_at timestamptz,
      answered_by integer REFERENCES official(id),
      answered_seq integer,
      escalated_at timestamptz,
      UNIQUE (application_id, no)
    )`.execute(db);
  await sql`CREATE INDEX inquiry_open ON inquiry (unit_id, due_at) WHERE answered_at IS NULL`.execute(db);
  await sql`CREATE INDEX inquiry_citizen ON inquiry (citizen_id) WHERE citizen_id IS NOT NULL`.execute(db);
}
