import { sql, type Kysely } from 'kysely';

/**
 * The reporting channel's follow-up acts (ADR 0014, amended):
 *
 * - `report_assignment`: who was given a report to handle, by whom and when (the report's `assigned_to` holds the
 *   latest); the assignee must hold the report's key ring.
 * - `report_referral`: a referral to another body (police, prosecutor, audit board…): the body's key from the
 *   configured list, or `other`; the date it was sent; the other body's name and the reason encrypted under the
 *   report's key (`detail`, emptied with the rest of the content by retention). `report.referred_at` keeps the first
 *   referral's recording time, which counts as the feedback the reporter is owed and for the public figures.
 * - `report_finding`: a substantiated (or partly substantiated) finding against a department, under a random
 *   reference that says nothing of the report; an auditor may turn it into one Integrity Index deduction
 *   (`assessment_id`), which carries only that reference.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE report ADD COLUMN referred_at timestamptz`.execute(db);
  await sql`
    CREATE TABLE report_assignment (
      id bigserial PRIMARY KEY,
      report_id bigint NOT NULL REFERENCES report(id),
      assigned_to integer REFERENCES official(id),
      assigned_by integer NOT NULL REFERENCES official(id),
      at timestamptz NOT NULL
    )`.execute(db);
  await sql`CREATE INDEX report_assignment_report ON report_assignment (report_id, id)`.execute(db);
  await sql`
    CREATE TABLE report_referral (
      id bigserial PRIMARY KEY,
      report_id bigint NOT NULL REFERENCES report(id),
      body text NOT NULL CHECK (body ~ '^[a-z_]{1,40}$'),
      referred_on date NOT NULL,
      detail bytea,
      recorded_by integer NOT NULL REFERENCES official(id),
      recorded_at timestamptz NOT NULL
    )`.execute(db);
  await sql`CREATE INDEX report_referral_report ON report_referral (report_id, id)`.execute(db);
  await sql`
    CREATE TABLE report_finding (
      report_id bigint PRIMARY KEY REFERENCES report(id),
      reference text NOT NULL UNIQUE,
      unit_id integer NOT NULL REFERENCES unit(id),
      found_at timestamptz NOT NULL,
      severity text CHECK (severity IN ('minor', 'serious', 'grave')),
      assessment_id uuid UNIQUE REFERENCES integrity_assessment(id),
      deducted_by integer REFERENCES official(id),
      deducted_at timestamptz,
      CHECK ((assessment_id IS NULL) = (severity IS NULL) AND (assessment_id IS NULL) = (deducted_at IS NULL))
    )`.execute(db);
}
