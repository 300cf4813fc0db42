import { sql, type Kysely } from 'kysely';

/**
 * Public procurement (ADR 0022). A contracting process is a case of a procurement procedure, so its stages, events,
 * log entries and clocks are the applications' own; the one thing events cannot hold is the debarment list, a decision
 * about a supplier rather than a step of a process.
 *
 * - `debarment`: a supplier excluded from public contracts for a period, with the reason and the decision that
 *   excluded it. Dates are local `YYYY-MM-DD`, compared as text. Suppliers are companies, named publicly; `supplier_key` is the normal form of the name the award
 *   check matches. Rows are never deleted: a debarment lifted early gets `lifted_on`.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE debarment (
      id serial PRIMARY KEY,
      jurisdiction_id text NOT NULL REFERENCES jurisdiction(id),
      supplier_name text NOT NULL CHECK (length(supplier_name) BETWEEN 1 AND 200),
      supplier_key text NOT NULL,
      registration_number text CHECK (length(registration_number) <= 40),
      reason text NOT NULL CHECK (length(reason) BETWEEN 1 AND 2000),
      decision text NOT NULL CHECK (length(decision) BETWEEN 1 AND 500),
      starts_on text NOT NULL CHECK (starts_on ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),
      ends_on text NOT NULL CHECK (ends_on ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),
      lifted_on text CHECK (lifted_on ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),
      created_by integer REFERENCES official(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      CHECK (ends_on >= starts_on)
    )`.execute(db);
  await sql`CREATE INDEX debarment_supplier ON debarment (jurisdiction_id, supplier_key)`.execute(db);
}
