import { sql, type Kysely } from 'kysely';

/**
 * Working calendars an administrator keeps without code, with a public history.
 *
 * - `jurisdiction`: the weekend (ISO weekdays), the subdivision whose regional holidays apply (`holiday_region`, an
 *   ISO 3166-2 suffix such as `BY`), and the office hours used for periods counted in working hours.
 * - `calendar_closure`: a day is `designated` (a holiday the government designated: a temporary holiday, a by-election
 *   day; formerly `holiday`), a `closure` of the office, or `working`: open although the weekend or the holiday rules
 *   say otherwise.
 * - `calendar_change`: every change to a jurisdiction's calendar, in order, with the version it produced, who made it
 *   and why. Append-only, like `event`. A time zone changed on the jurisdiction form records itself here too, so no
 *   path changes the calendar without a trace.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE jurisdiction ADD COLUMN weekend integer[] NOT NULL DEFAULT '{6,7}'
    CHECK (weekend <@ ARRAY[1, 2, 3, 4, 5, 6, 7] AND cardinality(weekend) <= 6)`.execute(db);
  await sql`ALTER TABLE jurisdiction ADD COLUMN holiday_region text CHECK (holiday_region ~ '^[A-Za-z0-9]{1,10}$')`.execute(db);
  await sql`ALTER TABLE jurisdiction ADD COLUMN office_hours jsonb NOT NULL
    DEFAULT '{"start": "09:00", "end": "18:00", "breaks": [{"start": "12:00", "end": "13:00"}]}'`.execute(db);

  await sql`ALTER TABLE calendar_closure DROP CONSTRAINT calendar_closure_kind_check`.execute(db);
  await sql`UPDATE calendar_closure SET kind = 'designated' WHERE kind = 'holiday'`.execute(db);
  await sql`ALTER TABLE calendar_closure ADD CONSTRAINT calendar_closure_kind_check CHECK (kind IN ('designated', 'closure', 'working'))`.execute(db);

  await sql`
    CREATE TABLE calendar_change (
      id bigserial PRIMARY KEY,
      jurisdiction_id text NOT NULL REFERENCES jurisdiction(id),
      version integer NOT NULL,
      kind text NOT NULL CHECK (kind IN ('day_added', 'day_removed', 'day_opened', 'imported', 'settings_changed', 'time_zone_changed')),
      data jsonb NOT NULL,
      reason text NOT NULL,
      actor jsonb,
      recorded_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE INDEX calendar_change_jurisdiction ON calendar_change (jurisdiction_id, version)`.execute(db);
  await sql`
    CREATE FUNCTION calendar_change_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'calendar changes are append-only';
    END $$`.execute(db);
  await sql`
    CREATE TRIGGER calendar_change_append_only BEFORE UPDATE OR DELETE ON calendar_change
    FOR EACH ROW EXECUTE FUNCTION calendar_change_append_only()`.execute(db);
  await sql`
    CREATE FUNCTION jurisdiction_time_zone_change() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      INSERT INTO calendar_change (jurisdiction_id, version, kind, data, reason)
      VALUES (NEW.id, NEW.calendar_version, 'time_zone_changed', jsonb_build_object('from', OLD.time_zone, 'to', NEW.time_zone), '');
      RETURN NULL;
    END $$`.execute(db);
  await sql`
    CREATE TRIGGER jurisdiction_time_zone_change AFTER UPDATE OF time_zone ON jurisdiction
    FOR EACH ROW WHEN (OLD.time_zone IS DISTINCT FROM NEW.time_zone) EXECUTE FUNCTION jurisdiction_time_zone_change()`.execute(db);
}
