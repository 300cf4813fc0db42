import { sql, type Kysely } from 'kysely';

/** The core domain: jurisdictions, units, officials, procedures, applications and their append-only events. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public`.execute(db);
  await sql`
    CREATE TABLE jurisdiction (
      id text PRIMARY KEY,
      code text NOT NULL UNIQUE CHECK (code ~ '^[A-Z]{2,4}$'),
      name_ko text NOT NULL,
      name_en text NOT NULL,
      time_zone text NOT NULL DEFAULT 'Asia/Seoul',
      show_official_names boolean NOT NULL DEFAULT true,
      created_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`
    CREATE TABLE unit (
      id serial PRIMARY KEY,
      jurisdiction_id text NOT NULL REFERENCES jurisdiction(id),
      code text NOT NULL UNIQUE,
      name_ko text NOT NULL,
      name_en text NOT NULL,
      phone text,
      email text,
      created_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`
    CREATE TABLE official (
      id serial PRIMARY KEY,
      jurisdiction_id text NOT NULL REFERENCES jurisdiction(id),
      unit_id integer NOT NULL REFERENCES unit(id),
      login text NOT NULL UNIQUE,
      password_hash text NOT NULL,
      name_ko text NOT NULL,
      name_en text NOT NULL,
      title_ko text NOT NULL,
      title_en text NOT NULL,
      roles text[] NOT NULL,
      active boolean NOT NULL DEFAULT true,
      failed_logins integer NOT NULL DEFAULT 0,
      locked_until timestamptz,
      created_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE INDEX official_unit ON official (unit_id)`.execute(db);
  await sql`
    CREATE TABLE api_key (
      id serial PRIMARY KEY,
      unit_id integer NOT NULL REFERENCES unit(id),
      label text NOT NULL,
      prefix text NOT NULL,
      key_hash text NOT NULL UNIQUE,
      created_by integer REFERENCES official(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      revoked_at timestamptz
    )`.execute(db);
  await sql`
    CREATE TABLE procedure (
      id serial PRIMARY KEY,
      jurisdiction_id text NOT NULL REFERENCES jurisdiction(id),
      code text NOT NULL,
      version integer NOT NULL,
      is_current boolean NOT NULL,
      category text NOT NULL,
      unit_id integer NOT NULL REFERENCES unit(id),
      name_ko text NOT NULL,
      name_en text NOT NULL,
      purpose_ko text NOT NULL,
      purpose_en text NOT NULL,
      legal_basis_ko text NOT NULL,
      legal_basis_en text NOT NULL,
      fee_krw integer NOT NULL DEFAULT 0,
      statutory_days integer NOT NULL,
      documents jsonb NOT NULL,
      fields jsonb NOT NULL,
      stages jsonb NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      created_by integer REFERENCES official(id),
      UNIQUE (jurisdiction_id, code, version)
    )`.execute(db);
  await sql`CREATE UNIQUE INDEX procedure_current ON procedure (jurisdiction_id, code) WHERE is_current`.execute(db);
  await sql`
    CREATE TABLE number_counter (
      jurisdiction_id text NOT NULL REFERENCES jurisdiction(id),
      year integer NOT NULL,
      last integer NOT NULL,
      PRIMARY KEY (jurisdiction_id, year)
    )`.execute(db);
  await sql`
    CREATE TABLE application (
      id bigserial PRIMARY KEY,
      jurisdiction_id text NOT NULL REFERENCES jurisdiction(id),
      number text NOT NULL UNIQUE,
      procedure_id integer NOT NULL REFERENCES procedure(id),
      procedure_code text NOT NULL,
      unit_id integer NOT NULL REFERENCES unit(id),
      title text NOT NULL,
      address text NOT NULL,
      parcel_id text,
      lat double precision,
      lng double precision,
      channel text NOT NULL,
      status text NOT NULL,
      received_at timestamptz NOT NULL,
      closed_at timestamptz,
      assigned_official_id integer REFERENCES official(id),
      active_unit_ids integer[] NOT NULL DEFAULT '{}',
      stages jsonb NOT NULL,
      last_seq integer NOT NULL,
      access_code_hash text NOT NULL,
      search_text text GENERATED ALWAYS AS (lower(number || ' ' || title || ' ' || address || ' ' || coalesce(parcel_id, ''))) STORED,
      updated_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE INDEX application_received ON application (received_at DESC, id DESC)`.execute(db);
  await sql`CREATE INDEX application_unit ON application (unit_id, received_at DESC, id DESC)`.execute(db);
  await sql`CREATE INDEX application_procedure ON application (procedure_code, received_at DESC, id DESC)`.execute(db);
  await sql`CREATE INDEX application_status ON application (status, received_at DESC, id DESC)`.execute(db);
  await sql`CREATE INDEX application_assigned ON application (assigned_official_id) WHERE closed_at IS NULL`.execute(db);
  await sql`CREATE INDEX application_active_units ON application USING gin (active_unit_ids)`.execute(db);
  await sql`CREATE INDEX application_search ON application USING gin (search_text gin_trgm_ops)`.execute(db);
  // Personal data lives apart from the public read model, so a public query cannot select it by accident.
  await sql`
    CREATE TABLE application_private (
      application_id bigint PRIMARY KEY REFERENCES application(id),
      applicant_name text NOT NULL,
      applicant_email text,
      applicant_phone text,
      fields jsonb NOT NULL
    )`.execute(db);
  await sql`
    CREATE TABLE event (
      id bigserial PRIMARY KEY,
      jurisdiction_id text NOT NULL REFERENCES jurisdiction(id),
      application_id bigint NOT NULL REFERENCES application(id),
      seq integer NOT NULL,
      type text NOT NULL,
      occurred_at timestamptz NOT NULL,
      recorded_at timestamptz NOT NULL,
      actor_official_id integer REFERENCES official(id),
      actor jsonb,
      data jsonb NOT NULL,
      private_data jsonb NOT NULL DEFAULT '{}',
      log_index bigint UNIQUE,
      UNIQUE (application_id, seq)
    )`.execute(db);
  await sql`CREATE INDEX event_actor ON event (actor_official_id, occurred_at)`.execute(db);
  // Principle 2: events are appended, never rewritten. Only the log position may be filled in, once.
  await sql`
    CREATE FUNCTION event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'events are append-only';
      END IF;
      IF OLD.log_index IS NOT NULL OR (to_jsonb(NEW) - 'log_index') <> (to_jsonb(OLD) - 'log_index') THEN
        RAISE EXCEPTION 'events are append-only';
      END IF;
      RETURN NEW;
    END $$`.execute(db);
  await sql`
    CREATE TRIGGER event_append_only BEFORE UPDATE OR DELETE ON event
    FOR EACH ROW EXECUTE FUNCTION event_append_only()`.execute(db);
  await sql`
    CREATE TABLE document (
      id bigserial PRIMARY KEY,
      application_id bigint NOT NULL REFERENCES application(id),
      event_seq integer NOT NULL,
      kind text NOT NULL,
      filename text NOT NULL,
      content_type text NOT NULL,
      size_bytes integer NOT NULL,
      sha256 text NOT NULL,
      content bytea NOT NULL,
      uploaded_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE INDEX document_application ON document (application_id)`.execute(db);
  await sql`
    CREATE TABLE session (
      id text PRIMARY KEY,
      official_id integer REFERENCES official(id),
      application_id bigint REFERENCES application(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      expires_at timestamptz NOT NULL,
      CHECK ((official_id IS NULL) <> (application_id IS NULL))
    )`.execute(db);
  await sql`CREATE INDEX session_expires ON session (expires_at)`.execute(db);
}
