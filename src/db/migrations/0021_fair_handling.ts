import { sql, type Kysely } from 'kysely';

/**
 * Fair handling: conflicts of interest, rotating assignment, the gift register and the auditors' reviews of signals.
 *
 * - `conflict_declaration`: an official's declared conflict (a relative, a former employer, …), general or on one
 *   application. The party's name, registration number, address and parcel are kept only as HMAC keyed hashes of their
 *   normalised forms (the key derives from the server secret, never from the database) for matching, plus the clear
 *   text sealed with AES-GCM for the declaring official and auditors: a dump of the database lists nobody's relatives.
 * - `application_party`: the keyed hashes of an application's applicant (name, registration number), so assignment
 *   and the signals can tell "the same applicant" without a readable name.
 * - `assignment_rotation`: when each official last received a case by rotation; the rotation's tie-breaker.
 * - `gift`: gifts and hospitality offered to an official, accepted, refused or handed over. The giver is sealed and
 *   hashed like a conflict's party; the public register shows only the value band and the outcome.
 * - `signal_review`: an auditor's review of a signal (dismissed with a reason, or referred for investigation), keyed
 *   by the signal's stable key; append-only, the latest per key counts.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE conflict_declaration (
      id serial PRIMARY KEY,
      jurisdiction_id text NOT NULL REFERENCES jurisdiction(id),
      official_id integer NOT NULL REFERENCES official(id),
      kind text NOT NULL CHECK (kind IN ('relative', 'former_employer', 'business_interest', 'neighbour', 'other')),
      application_id integer REFERENCES application(id),
      name_hash text,
      registration_hash text,
      address_hash text,
      parcel_hash text,
      sealed text NOT NULL,
      declared_at timestamptz NOT NULL DEFAULT now(),
      withdrawn_at timestamptz
    )`.execute(db);
  await sql`CREATE INDEX conflict_declaration_official ON conflict_declaration (official_id) WHERE withdrawn_at IS NULL`.execute(db);
  await sql`CREATE INDEX conflict_declaration_application ON conflict_declaration (application_id) WHERE application_id IS NOT NULL`.execute(db);
  await sql`
    CREATE TABLE application_party (
      application_id integer PRIMARY KEY REFERENCES application(id),
      jurisdiction_id text NOT NULL,
      applicant_hash text NOT NULL,
      registration_hash text
    )`.execute(db);
  await sql`CREATE INDEX application_party_applicant ON application_party (jurisdiction_id, applicant_hash)`.execute(db);
  await sql`
    CREATE TABLE assignment_rotation (
      official_id integer PRIMARY KEY REFERENCES official(id),
      last_assigned_at timestamptz NOT NULL,
      assignments integer NOT NULL DEFAULT 0
    )`.execute(db);
  await sql`
    CREATE TABLE gift (
      id serial PRIMARY KEY,
      jurisdiction_id text NOT NULL REFERENCES jurisdiction(id),
      official_id integer NOT NULL REFERENCES official(id),
      unit_id integer NOT NULL REFERENCES unit(id),
      offered_on date NOT NULL,
      kind text NOT NULL CHECK (kind IN ('gift', 'hospitality', 'travel', 'other')),
      value_krw bigint NOT NULL CHECK (value_krw >= 0),
      outcome text NOT NULL CHECK (outcome IN ('refused', 'accepted', 'handed_over')),
      giver_hash text,
      sealed text NOT NULL,
      recorded_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE INDEX gift_official ON gift (official_id, offered_on)`.execute(db);
  await sql`CREATE INDEX gift_jurisdiction ON gift (jurisdiction_id, offered_on)`.execute(db);
  await sql`
    CREATE TABLE signal_review (
      id bigserial PRIMARY KEY,
      signal_key text NOT NULL,
      jurisdiction_id text NOT NULL REFERENCES jurisdiction(id),
      unit_id integer REFERENCES unit(id),
      year integer NOT NULL,
      kind text NOT NULL,
      decision text NOT NULL CHECK (decision IN ('dismissed', 'referred')),
      reason text NOT NULL,
      auditor_id integer NOT NULL REFERENCES official(id),
      reviewed_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE INDEX signal_review_key ON signal_review (signal_key, reviewed_at)`.execute(db);
  await sql`CREATE INDEX signal_review_year ON signal_review (jurisdiction_id, year)`.execute(db);
}
