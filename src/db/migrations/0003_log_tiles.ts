import { sql, type Kysely } from 'kysely';

/**
 * Transparency-log storage (ADR 0002): the Merkle tree as C2SP tiles, one row per tile holding its hashes at the
 * latest integrated size, and every signed checkpoint. Entries are not stored twice: entry bundles are rebuilt
 * from the events, so a row edited behind the application's back no longer hashes to its leaf. Triggers keep
 * both tables append-only in the way a log is: tiles only grow by appending hashes, checkpoints are never
 * changed, never shrink, and never give two roots for one size.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE log_tile (
      level smallint NOT NULL CHECK (level BETWEEN 0 AND 63),
      tile_index bigint NOT NULL CHECK (tile_index >= 0),
      width smallint NOT NULL CHECK (width BETWEEN 1 AND 256),
      hashes bytea NOT NULL CHECK (length(hashes) = 32 * width),
      PRIMARY KEY (level, tile_index)
    )`.execute(db);
  await sql`
    CREATE FUNCTION log_tile_grows() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'DELETE' OR NEW.level <> OLD.level OR NEW.tile_index <> OLD.tile_index OR NEW.width < OLD.width
         OR substring(NEW.hashes FROM 1 FOR length(OLD.hashes)) <> OLD.hashes THEN
        RAISE EXCEPTION 'log tiles only grow';
      END IF;
      RETURN NEW;
    END $$`.execute(db);
  await sql`
    CREATE TRIGGER log_tile_grows BEFORE UPDATE OR DELETE ON log_tile
    FOR EACH ROW EXECUTE FUNCTION log_tile_grows()`.execute(db);

  await sql`
    CREATE TABLE log_checkpoint (
      id bigserial PRIMARY KEY,
      size bigint NOT NULL CHECK (size >= 0),
      root_hash bytea NOT NULL CHECK (length(root_hash) = 32),
      note text NOT NULL,
      verifier_key text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`
    CREATE FUNCTION log_checkpoint_grows() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE latest record;
    BEGIN
      IF TG_OP <> 'INSERT' THEN
        RAISE EXCEPTION 'log checkpoints are append-only';
      END IF;
      SELECT size, root_hash INTO latest FROM log_checkpoint ORDER BY id DESC LIMIT 1;
      IF FOUND AND (NEW.size < latest.size OR (NEW.size = latest.size AND NEW.root_hash <> latest.root_hash)) THEN
        RAISE EXCEPTION 'a log checkpoint may not shrink or fork the log';
      END IF;
      RETURN NEW;
    END $$`.execute(db);
  await sql`
    CREATE TRIGGER log_checkpoint_grows BEFORE INSERT OR UPDATE OR DELETE ON log_checkpoint
    FOR EACH ROW EXECUTE FUNCTION log_checkpoint_grows()`.execute(db);

  // Bulk loaders (the demo seed, imports) may insert events without a log index; the integrator sequences them
  // in the order they were entered. This partial index keeps "is anything waiting?" a cheap question.
  await sql`CREATE INDEX event_unsequenced ON event (recorded_at, id) WHERE log_index IS NULL`.execute(db);
}
