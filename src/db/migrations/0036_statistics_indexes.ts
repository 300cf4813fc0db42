import { sql, type Kysely } from 'kysely';

/**
 * Public statistics count what they need from small covering indexes instead of reading the register's tables, whose
 * rows are wide (texts, stages, search text) and grow with every application and event (ADR 0024):
 *
 * - `application_decided_statistics`: decided cases (withdrawals are not decisions) with every column the figures
 *   are grouped by, from the decision time, so a period is a range and its cases an index-only scan;
 * - `application_open_statistics`: open cases by jurisdiction, unit and procedure, with whether they are overdue;
 * - `event_delay_reason`: delay reasons by when they were given, with their data (the category); a few hundred bytes
 *   each, against the whole event table;
 * - `application_unit_of`: each application's jurisdiction and current unit, for the delay reasons' groups.
 *
 * Index-only scans need the visibility map that (auto)vacuum keeps; until then they read the rows, as before.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE INDEX application_decided_statistics ON application (closed_at, jurisdiction_id, unit_id, procedure_code, assigned_official_id, id)
    WHERE closed_at IS NOT NULL AND status <> 'withdrawn'`.execute(db);
  await sql`
    CREATE INDEX application_open_statistics ON application (jurisdiction_id, unit_id, procedure_code) INCLUDE (overdue_since)
    WHERE closed_at IS NULL`.execute(db);
  await sql`CREATE INDEX event_delay_reason ON event (occurred_at) INCLUDE (application_id, data) WHERE type = 'delay_reason_given'`.execute(db);
  await sql`CREATE INDEX application_unit_of ON application (id) INCLUDE (jurisdiction_id, unit_id)`.execute(db);
}

