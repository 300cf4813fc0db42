import { sql, type Kysely } from 'kysely';

/**
 * Open data an administrator sets without code (ADR 0016).
 *
 * - `open_data_setting`: one row, the licence the downloads are published under (until saved, `OPEN_DATA_LICENCE`).
 * - `open_data_jurisdiction`: the BLDS formats a jurisdiction publishes files of its own in (`csv`, `json`, both or
 *   none); a jurisdiction without a row publishes both.
 * - `blds_mapping`: how a procedure (by jurisdiction and code, so every version keeps it) maps onto BLDS's permit class
 *   and type; a procedure without a row is mapped by its catalogue category.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE open_data_setting (
      id boolean PRIMARY KEY DEFAULT true CHECK (id),
      licence text NOT NULL CHECK (licence IN ('kogl-1', 'cc-by-4.0', 'cc0-1.0')),
      updated_at timestamptz NOT NULL DEFAULT now(),
      updated_by integer REFERENCES official(id)
    )`.execute(db);
  await sql`
    CREATE TABLE open_data_jurisdiction (
      jurisdiction_id text PRIMARY KEY REFERENCES jurisdiction(id),
      blds_formats text[] NOT NULL CHECK (blds_formats <@ ARRAY['csv', 'json']::text[])
    )`.execute(db);
  await sql`
    CREATE TABLE blds_mapping (
      jurisdiction_id text NOT NULL REFERENCES jurisdiction(id),
      procedure_code text NOT NULL,
      permit_class text NOT NULL CHECK (permit_class IN ('Residential', 'Non-Residential')),
      permit_type text NOT NULL CHECK (permit_type IN ('Building', 'Demolition', 'Electrical', 'Mechanical', 'Plumbing', 'Grading', 'Sign', 'Fire', 'Right of Way', 'Environmental', 'Land Use', 'Business License', 'Other')),
      PRIMARY KEY (jurisdiction_id, procedure_code)
    )`.execute(db);
}
