import { sql, type Kysely } from 'kysely';

/**
 * Yearly declarations of assets and interests, and the auditors' signals stored rather than recomputed per request.
 *
 * - `official.grade`: the civil-service grade (1 most senior … 9), which decides who must file and whose register is
 *   public; null for an official outside the grade system.
 * - `jurisdiction.declaration_*`: who files (grade at or above `declaration_filing_grade`), whose banded register is
 *   public (`declaration_public_grade`), and the month by whose end the yearly declaration is due (Korea's Public
 *   Service Ethics Act: end of February).
 * - `asset_declaration`: one version of an official's declaration for a year. The items (assets by category with
 *   their holder and value, outside positions, business interests) are sealed with AES-GCM for the official and
 *   auditors; only value bands are kept in clear, for the public register, so a dump lists no amounts, addresses or
 *   relatives. An amendment is a new version; versions are never changed.
 * - `conflict_declaration.declaration_id`: a business interest or outside position from a yearly declaration becomes a
 *   conflict party the rotation avoids; the next version withdraws it and declares its own.
 * - `detected_signal`: the signals the detector raised, upserted by their stable key at each computation; a signal no
 *   longer raised keeps its row with `cleared_at`, so its reviews keep their subject. `signal_computation`: when each
 *   year was last computed and what it read.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE official ADD COLUMN grade smallint CHECK (grade BETWEEN 1 AND 9)`.execute(db);
  await sql`
    ALTER TABLE jurisdiction
      ADD COLUMN declaration_filing_grade smallint NOT NULL DEFAULT 7 CHECK (declaration_filing_grade BETWEEN 0 AND 9),
      ADD COLUMN declaration_public_grade smallint NOT NULL DEFAULT 5 CHECK (declaration_public_grade BETWEEN 0 AND 9),
      ADD COLUMN declaration_due_month smallint NOT NULL DEFAULT 2 CHECK (declaration_due_month BETWEEN 1 AND 12)`.execute(db);
  await sql`
    CREATE TABLE asset_declaration (
      id bigserial PRIMARY KEY,
      jurisdiction_id text NOT NULL REFERENCES jurisdiction(id),
      official_id integer NOT NULL REFERENCES official(id),
      year integer NOT NULL,
      version integer NOT NULL CHECK (version >= 1),
      filed_at timestamptz NOT NULL DEFAULT now(),
      on_time boolean NOT NULL,
      sealed text NOT NULL,
      bands jsonb NOT NULL,
      UNIQUE (official_id, year, version)
    )`.execute(db);
  await sql`CREATE INDEX asset_declaration_year ON asset_declaration (jurisdiction_id, year)`.execute(db);
  await sql`ALTER TABLE conflict_declaration ADD COLUMN declaration_id bigint REFERENCES asset_declaration(id)`.execute(db);
  await sql`
    CREATE TABLE detected_signal (
      signal_key text PRIMARY KEY,
      jurisdiction_id text NOT NULL REFERENCES jurisdiction(id),
      unit_id integer NOT NULL REFERENCES unit(id),
      year integer NOT NULL,
      kind text NOT NULL,
      official_id integer REFERENCES official(id),
      cases text[] NOT NULL,
      figure double precision NOT NULL,
      peer double precision NOT NULL,
      threshold double precision NOT NULL,
      peers integer NOT NULL,
      measure text NOT NULL,
      rank integer NOT NULL,
      first_detected_at timestamptz NOT NULL,
      last_detected_at timestamptz NOT NULL,
      cleared_at timestamptz
    )`.execute(db);
  await sql`CREATE INDEX detected_signal_year ON detected_signal (year, rank) WHERE cleared_at IS NULL`.execute(db);
  await sql`
    CREATE TABLE signal_computation (
      year integer PRIMARY KEY,
      computed_at timestamptz NOT NULL,
      cases integer NOT NULL,
      truncated boolean NOT NULL,
      watermark text NOT NULL
    )`.execute(db);
}
