import { sql, type Kysely } from 'kysely';

/**
 * The Integrity Index: applicants' integrity survey, officials' internal survey and the yearly index (ADR 0013).
 *
 * - `integrity_year`: a jurisdiction's index year, with its model (components, weights, items, scale, grading,
 *   minimum sample) as JSON. Publishing closes the year: a trigger refuses any change to a published year's model, so
 *   last year's figures never change when this year's model does.
 * - `integrity_sampling`: the share of closing applications of a procedure invited to the survey (1 when absent).
 * - `integrity_invitation`: one per sampled application, with the SHA-256 of its single-use token (kept after use, so
 *   a second use is told it was answered) and the strata its answer will carry. Random ids: no sequence that orders invitations against answers.
 * - `integrity_ballot`: the ballot box. An answer lands here in the same transaction that marks its invitation used;
 *   it holds only the strata and the answers. Once enough ballots wait, they are moved together, in a random order,
 *   to `integrity_answer` in one transaction (`INTEGRITY_MIX_BATCH`), so neither the row order nor the transaction
 *   that wrote an answer can tie it to the invitation used at the same moment.
 * - `integrity_answer`: the counted answers: jurisdiction, year, survey, unit, procedure, coarse outcome and the
 *   chosen options. No application, no applicant, no token, no invitation, no time of day, no order.
 * - `integrity_participation`: which official answered the internal survey of which year (to allow one answer each);
 *   the answer itself goes through the same ballot box and carries only the unit.
 * - `integrity_assessment`: what auditors enter per unit and year: deductions for substantiated corruption cases (a
 *   reference and points) and the anti-corruption effort score of the 2022 model.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE integrity_year (
      jurisdiction_id text NOT NULL REFERENCES jurisdiction(id),
      year integer NOT NULL CHECK (year BETWEEN 2000 AND 2200),
      model jsonb NOT NULL,
      published_at timestamptz,
      published_by integer REFERENCES official(id),
      PRIMARY KEY (jurisdiction_id, year)
    )`.execute(db);
  await sql`
    CREATE FUNCTION integrity_year_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF OLD.published_at IS NOT NULL THEN
        RAISE EXCEPTION 'integrity year % is published and frozen', OLD.year USING ERRCODE = 'check_violation';
      END IF;
      RETURN NEW;
    END $$`.execute(db);
  await sql`CREATE TRIGGER integrity_year_frozen BEFORE UPDATE OR DELETE ON integrity_year FOR EACH ROW EXECUTE FUNCTION integrity_year_frozen()`.execute(db);

  await sql`
    CREATE TABLE integrity_sampling (
      jurisdiction_id text NOT NULL REFERENCES jurisdiction(id),
      procedure_code text NOT NULL,
      rate double precision NOT NULL CHECK (rate >= 0 AND rate <= 1),
      PRIMARY KEY (jurisdiction_id, procedure_code)
    )`.execute(db);

  await sql`
    CREATE TABLE integrity_invitation (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      application_id bigint NOT NULL UNIQUE REFERENCES application(id),
      token_hash text UNIQUE,
      jurisdiction_id text NOT NULL REFERENCES jurisdiction(id),
      year integer NOT NULL,
      unit_id integer NOT NULL REFERENCES unit(id),
      procedure_code text NOT NULL,
      outcome text NOT NULL CHECK (outcome IN ('granted', 'refused', 'withdrawn')),
      expires_at timestamptz NOT NULL,
      answered boolean NOT NULL DEFAULT false
    )`.execute(db);
  await sql`CREATE INDEX integrity_invitation_year ON integrity_invitation (jurisdiction_id, year)`.execute(db);

  for (const table of ['integrity_ballot', 'integrity_answer']) {
    await sql`
      CREATE TABLE ${sql.table(table)} (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        jurisdiction_id text NOT NULL REFERENCES jurisdiction(id),
        year integer NOT NULL,
        survey text NOT NULL CHECK (survey IN ('external', 'internal')),
        unit_id integer NOT NULL REFERENCES unit(id),
        procedure_code text,
        outcome text CHECK (outcome IN ('granted', 'refused', 'withdrawn')),
        answers jsonb NOT NULL,
        comment text CHECK (char_length(comment) BETWEEN 1 AND 2000)
      )`.execute(db);
  }
  await sql`CREATE INDEX integrity_answer_year ON integrity_answer (jurisdiction_id, year, survey)`.execute(db);

  await sql`
    CREATE TABLE integrity_participation (
      official_id integer NOT NULL REFERENCES official(id),
      year integer NOT NULL,
      PRIMARY KEY (official_id, year)
    )`.execute(db);

  await sql`
    CREATE TABLE integrity_assessment (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      jurisdiction_id text NOT NULL REFERENCES jurisdiction(id),
      year integer NOT NULL,
      unit_id integer NOT NULL REFERENCES unit(id),
      kind text NOT NULL CHECK (kind IN ('deduction', 'effort')),
      points double precision NOT NULL CHECK (points >= 0 AND points <= 100),
      reference text NOT NULL CHECK (char_length(reference) BETWEEN 1 AND 200),
      entered_by integer NOT NULL REFERENCES official(id),
      entered_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE INDEX integrity_assessment_year ON integrity_assessment (jurisdiction_id, year)`.execute(db);
}
