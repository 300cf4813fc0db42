import { sql, type Kysely } from 'kysely';

/**
 * The reporting channel (ADR 0014). Nothing here ever holds a reporter's address, browser or any text in the clear:
 * every report's content, identity, messages and files are AES-256-GCM ciphertext under the report's own key, and
 * that key is stored only wrapped (for the jurisdiction's investigators' key ring and for the receipt).
 *
 * - `report_official_key`: an investigator's or custodian's X25519 key pair, the private half encrypted under a key
 *   stretched (argon2id) from their password.
 * - `report_keyring`: per jurisdiction, the investigators' (`investigation`), custodians' (`custody`) and the head of
 *   office's (`head`, for report cards addressed to them) public keys;
 *   `report_keyring_grant` holds the ring's private key wrapped for each member's own public key.
 * - `report_unlock`: a ring member's private key for one office session, sealed with the session's token (which the
 *   database does not hold); it ends with the session.
 * - `report_secret`: the deployment's salt for stretching receipts.
 * - `report`: dates, category, disclosure, triage and outcome in the clear (the public figures need them); the rest
 *   encrypted. Only a key derived from the receipt finds it (`receipt_lookup`); `submission_key` makes a re-sent
 *   form a no-op. `key_for_investigators` is the report's key wrapped for its recipient's ring (`recipient`).
 * - `report_message`, `report_file`: the two-way mailbox and the investigators' private notes, encrypted.
 * - `report_access`: every staff access (who, when, what); append-only, read by auditors.
 * - `report_identity_request`: an investigator's motivated request to see a confidential reporter's identity, and
 *   the custodian's motivated decision; an approval carries the identity key wrapped for the requester.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE report_official_key (
      official_id integer PRIMARY KEY REFERENCES official(id),
      public_key bytea NOT NULL CHECK (length(public_key) = 32),
      kdf_salt bytea NOT NULL,
      sealed_private_key bytea NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`
    CREATE TABLE report_keyring (
      jurisdiction_id text NOT NULL REFERENCES jurisdiction(id),
      purpose text NOT NULL CHECK (purpose IN ('investigation', 'custody', 'head')),
      public_key bytea NOT NULL CHECK (length(public_key) = 32),
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (jurisdiction_id, purpose)
    )`.execute(db);
  await sql`
    CREATE TABLE report_keyring_grant (
      jurisdiction_id text NOT NULL,
      purpose text NOT NULL,
      official_id integer NOT NULL REFERENCES official(id),
      member_public_key bytea NOT NULL,
      wrapped_private_key bytea NOT NULL,
      granted_by integer REFERENCES official(id),
      granted_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (jurisdiction_id, purpose, official_id),
      FOREIGN KEY (jurisdiction_id, purpose) REFERENCES report_keyring(jurisdiction_id, purpose)
    )`.execute(db);
  await sql`
    CREATE TABLE report_unlock (
      session_id text PRIMARY KEY REFERENCES session(id) ON DELETE CASCADE,
      sealed_private_key text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`
    CREATE TABLE report_secret (
      id boolean PRIMARY KEY DEFAULT true CHECK (id),
      receipt_salt bytea NOT NULL
    )`.execute(db);
  await sql`
    CREATE TABLE report (
      id bigserial PRIMARY KEY,
      jurisdiction_id text NOT NULL REFERENCES jurisdiction(id),
      category text NOT NULL,
      disclosure text NOT NULL CHECK (disclosure IN ('anonymous', 'confidential', 'open')),
      recipient text NOT NULL DEFAULT 'investigators' CHECK (recipient IN ('investigators', 'head')),
      status text NOT NULL DEFAULT 'received' CHECK (status IN ('received', 'acknowledged', 'closed')),
      received_at timestamptz NOT NULL,
      acknowledged_at timestamptz,
      closed_at timestamptz,
      outcome text CHECK (outcome IN ('substantiated', 'partly_substantiated', 'not_substantiated', 'referred')),
      extended_months integer CHECK (extended_months BETWEEN 4 AND 6),
      priority text NOT NULL DEFAULT 'normal' CHECK (priority IN ('low', 'normal', 'high', 'urgent')),
      assigned_to integer REFERENCES official(id),
      labels text[] NOT NULL DEFAULT '{}',
      receipt_lookup bytea NOT NULL UNIQUE,
      submission_key bytea NOT NULL UNIQUE,
      key_for_receipt bytea,
      key_for_investigators bytea,
      content bytea,
      identity bytea,
      identity_key_for_custody bytea,
      purged_at timestamptz,
      CHECK ((status = 'closed') = (closed_at IS NOT NULL)),
      CHECK ((status = 'closed') = (outcome IS NOT NULL)),
      CHECK (purged_at IS NULL OR (content IS NULL AND identity IS NULL AND key_for_receipt IS NULL AND key_for_investigators IS NULL))
    )`.execute(db);
  await sql`CREATE INDEX report_queue ON report (jurisdiction_id, status, received_at)`.execute(db);
  await sql`
    CREATE TABLE report_message (
      id bigserial PRIMARY KEY,
      report_id bigint NOT NULL REFERENCES report(id) ON DELETE CASCADE,
      author text NOT NULL CHECK (author IN ('reporter', 'investigator')),
      official_id integer REFERENCES official(id),
      kind text NOT NULL CHECK (kind IN ('message', 'note')),
      body bytea NOT NULL,
      created_at timestamptz NOT NULL,
      CHECK ((author = 'investigator') = (official_id IS NOT NULL)),
      CHECK (kind = 'message' OR author = 'investigator')
    )`.execute(db);
  await sql`CREATE INDEX report_message_report ON report_message (report_id, id)`.execute(db);
  await sql`
    CREATE TABLE report_file (
      id bigserial PRIMARY KEY,
      report_id bigint NOT NULL REFERENCES report(id) ON DELETE CASCADE,
      message_id bigint REFERENCES report_message(id) ON DELETE CASCADE,
      meta bytea NOT NULL,
      body bytea NOT NULL,
      size integer NOT NULL,
      created_at timestamptz NOT NULL
    )`.execute(db);
  await sql`CREATE INDEX report_file_report ON report_file (report_id, id)`.execute(db);
  await sql`
    CREATE TABLE report_access (
      id bigserial PRIMARY KEY,
      report_id bigint NOT NULL REFERENCES report(id),
      official_id integer NOT NULL REFERENCES official(id),
      action text NOT NULL,
      at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE INDEX report_access_report ON report_access (report_id, at)`.execute(db);
  await sql`
    CREATE FUNCTION report_access_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'report access records are append-only';
    END $$`.execute(db);
  await sql`
    CREATE TRIGGER report_access_append_only BEFORE UPDATE OR DELETE ON report_access
    FOR EACH ROW EXECUTE FUNCTION report_access_append_only()`.execute(db);
  await sql`
    CREATE TABLE report_identity_request (
      id bigserial PRIMARY KEY,
      report_id bigint NOT NULL REFERENCES report(id),
      requested_by integer NOT NULL REFERENCES official(id),
      motivation text NOT NULL,
      requested_at timestamptz NOT NULL,
      decision text CHECK (decision IN ('approved', 'refused')),
      decided_by integer REFERENCES official(id),
      decision_motivation text,
      decided_at timestamptz,
      identity_key_for_requester bytea,
      CHECK ((decision IS NULL) = (decided_at IS NULL)),
      CHECK (decision IS DISTINCT FROM 'approved' OR identity_key_for_requester IS NOT NULL)
    )`.execute(db);
  await sql`CREATE UNIQUE INDEX report_identity_request_pending ON report_identity_request (report_id, requested_by) WHERE decision IS NULL`.execute(db);
}
