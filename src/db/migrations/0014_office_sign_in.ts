import { sql, type Kysely } from 'kysely';

/**
 * Officials' sign-in: a TOTP second factor (its secret encrypted with a key derived from the server's sign-in
 * secret, never stored in clear; the last accepted time step, so no code is accepted twice), single-use recovery
 * codes kept only as keyed hashes, sessions that say when they were last used, on which device, and whether the
 * second factor is still pending, and failure counters per login and per (login, address) that replace the
 * account-wide lockout (keyed hashes only: no login typed by a stranger and no address is stored). ADR 0008.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE official DROP COLUMN failed_logins`.execute(db);
  await sql`ALTER TABLE official DROP COLUMN locked_until`.execute(db);
  await sql`ALTER TABLE official ADD COLUMN totp_secret text`.execute(db);
  await sql`ALTER TABLE official ADD COLUMN totp_enrolled_at timestamptz`.execute(db);
  await sql`ALTER TABLE official ADD COLUMN totp_last_step bigint`.execute(db);
  await sql`ALTER TABLE official ADD COLUMN password_changed_at timestamptz`.execute(db);
  await sql`
    CREATE TABLE official_recovery_code (
      official_id integer NOT NULL REFERENCES official(id),
      code_hash text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      used_at timestamptz,
      PRIMARY KEY (official_id, code_hash)
    )`.execute(db);
  await sql`ALTER TABLE session ADD COLUMN last_seen_at timestamptz NOT NULL DEFAULT now()`.execute(db);
  await sql`ALTER TABLE session ADD COLUMN device text`.execute(db);
  await sql`ALTER TABLE session ADD COLUMN pending text CHECK (pending IN ('second_factor', 'enrolment'))`.execute(db);
  await sql`ALTER TABLE session ADD COLUMN enrolment_secret text`.execute(db);
  await sql`ALTER TABLE session ADD CONSTRAINT session_pending_official CHECK (pending IS NULL OR official_id IS NOT NULL)`.execute(db);
  await sql`CREATE INDEX session_official ON session (official_id) WHERE official_id IS NOT NULL`.execute(db);
  await sql`
    CREATE TABLE sign_in_throttle (
      key text PRIMARY KEY,
      failures integer NOT NULL,
      first_failure_at timestamptz NOT NULL,
      last_failure_at timestamptz NOT NULL,
      wait_until timestamptz
    )`.execute(db);
  await sql`CREATE INDEX sign_in_throttle_last ON sign_in_throttle (last_failure_at)`.execute(db);
  await sql`
    ALTER TABLE jurisdiction ADD COLUMN second_factor_others text NOT NULL DEFAULT 'required'
      CHECK (second_factor_others IN ('required', 'optional'))`.execute(db);
}
