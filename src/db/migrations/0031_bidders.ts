import { sql, type Kysely } from 'kysely';

/**
 * Bidders (ADR 0023): a company that bids for public contracts signs in as a citizen does, by e-mail, and keeps a
 * bidder profile on that sign-in.
 *
 * - `bidder`: the company a signed-in person bids for, one per citizen: its name and business registration number,
 *   each with the normal form the debarment and conflict checks match (`company_key`, `registration_key`). The e-mail
 *   address stays in `citizen`; neither it nor the company reaches a public output before the public opening.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE bidder (
      id serial PRIMARY KEY,
      citizen_id integer NOT NULL UNIQUE REFERENCES citizen(id),
      company_name text NOT NULL CHECK (length(company_name) BETWEEN 1 AND 200),
      company_key text NOT NULL CHECK (length(company_key) >= 1),
      registration_number text NOT NULL CHECK (length(registration_number) BETWEEN 1 AND 40),
      registration_key text NOT NULL CHECK (registration_key ~ '^[0-9A-Z]{4,30}$'),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
}
