import { Migrator, sql } from 'kysely';
import type { Kysely, Migration, MigrationProvider } from 'kysely';
import * as m0001 from './migrations/0001_core.js';
import * as m0002 from './migrations/0002_log_sequence.js';
import * as m0003 from './migrations/0003_log_tiles.js';
import * as m0004 from './migrations/0004_deadlines.js';
import * as m0005 from './migrations/0005_overdue_since.js';
import * as m0006 from './migrations/0006_outbox.js';
import * as m0007 from './migrations/0007_citizen.js';
import * as m0008 from './migrations/0008_inquiry.js';
import * as m0009 from './migrations/0009_inquiry_redaction.js';
import * as m0010 from './migrations/0010_follow.js';
import * as m0011 from './migrations/0011_service_rating.js';
import * as m0012 from './migrations/0012_map_index.js';
import * as m0013 from './migrations/0013_case_outcome.js';
import * as m0014 from './migrations/0014_office_sign_in.js';
import * as m0016 from './migrations/0016_safe_writes.js';
import * as m0017 from './migrations/0017_working_calendars.js';
import * as m0019 from './migrations/0019_integrity_index.js';
import * as m0020 from './migrations/0020_reporting.js';
import * as m0021 from './migrations/0021_fair_handling.js';
import * as m0022 from './migrations/0022_open_data.js';
import * as m0024 from './migrations/0024_report_follow_up.js';
import * as m0025 from './migrations/0025_declarations_and_stored_signals.js';
import * as m0026 from './migrations/0026_languages.js';
import * as m0028 from './migrations/0028_open311_switch.js';
import * as m0029 from './migrations/0029_contracts.js';
import * as m0031 from './migrations/0031_bidders.js';
import * as m0032 from './migrations/0032_official_languages.js';
import * as m0034 from './migrations/0034_declaration_rules.js';
import * as m0035 from './migrations/0035_application_drafts.js';
import * as m0036 from './migrations/0036_statistics_indexes.js';
import * as m0038 from './migrations/0038_unsequenced_by_application.js';
import * as m0040 from './migrations/0040_number_start_search.js';
import * as m0042 from './migrations/0042_alert_instant_sent.js';
import * as m0043 from './migrations/0043_register_text_by_department.js';
import * as m0044 from './migrations/0044_register_text_statistics.js';

/** Ordered, forward-only migrations; add new ones at the end, never edit a released one. */
const migrations: Record<string, Migration> = {
  '0001_core': m0001,
  '0002_log_sequence': m0002,
  '0003_log_tiles': m0003,
  '0004_deadlines': m0004,
  '0005_overdue_since': m0005,
  '0006_outbox': m0006,
  '0007_citizen': m0007,
  '0008_inquiry': m0008,
  '0009_inquiry_redaction': m0009,
  '0010_follow': m0010,
  '0011_service_rating': m0011,
  '0012_map_index': m0012,
  '0013_case_outcome': m0013,
  '0014_office_sign_in': m0014,
  '0016_safe_writes': m0016,
  '0017_working_calendars': m0017,
  '0019_integrity_index': m0019,
  '0020_reporting': m0020,
  '0021_fair_handling': m0021,
  '0022_open_data': m0022,
  '0024_report_follow_up': m0024,
  '0025_declarations_and_stored_signals': m0025,
  '0026_languages': m0026,
  '0028_open311_switch': m0028,
  '0029_contracts': m0029,
  '0031_bidders': m0031,
  '0032_official_languages': m0032,
  '0034_declaration_rules': m0034,
  '0035_application_drafts': m0035,
  '0036_statistics_indexes': m0036,
  '0038_unsequenced_by_application': m0038,
  '0040_number_start_search': m0040,
  '0042_alert_instant_sent': m0042,
  '0043_register_text_by_department': m0043,
  '0044_register_text_statistics': m0044,
};

/** Advisory lock key held while migrating: "DLMIGRAT" in ASCII. */
const MIGRATION_LOCK = 0x444c4d4947524154n;

const provider: MigrationProvider = { getMigrations: async () => migrations };

/**
 * Brings the schema up to date; throws with the failing migration's name. `schema` names where Kysely keeps its
 * bookkeeping tables: its existence check looks across every schema, so a database holding several Daylight
 * schemas (tests do) must say which one is meant.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations take any schema, as Kysely's own Migrator does
export async function migrateToLatest(db: Kysely<any>, schema?: string): Promise<string[]> {
  // Every start asks; nearly always nothing is pending. Two cheap reads answer that, where Kysely's Migrator first
  // introspects every table and column of the database, several times (seconds on the embedded database).
  const state = await migrationState(db, schema);
  if (state.pending.length === 0 && state.unknown.length === 0) return [];
  // On one connection without the pool's statement and idle-in-transaction timeouts: building an index over a large
  // table may take minutes, and must not be cancelled halfway through an upgrade.
  const { error, results } = await db.connection().execute(async (connection) => {
    await sql`SET statement_timeout = 0`.execute(connection);
    await sql`SET idle_in_transaction_session_timeout = 0`.execute(connection);
    // Instances starting together (a rolling upgrade, replicas started at once) queue here: the first applies the
    // migrations, the others wait, then find nothing to do. Taken before Kysely creates its bookkeeping tables, so
    // those are never created twice at once either; a session lock, released below or when the connection ends.
    await sql`SELECT pg_advisory_lock(${MIGRATION_LOCK.toString()}::bigint)`.execute(connection);
    try {
      return await new Migrator({ db: connection, provider, ...(schema ? { migrationTableSchema: schema } : {}) }).migrateToLatest();
    } finally {
      await sql`SELECT pg_advisory_unlock(${MIGRATION_LOCK.toString()}::bigint)`.execute(connection);
      await sql`RESET statement_timeout`.execute(connection);
      await sql`RESET idle_in_transaction_session_timeout`.execute(connection);
    }
  });
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new Error(`Migration ${failed} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/** Where the schema stands against this code's migrations. */
export interface MigrationState {
  /** This code's migrations not yet applied: the schema is behind, run `migrate`. */
  pending: string[];
  /** Applied migrations this code does not know: a newer release migrated the database (a rolling upgrade). */
  unknown: string[];
}

/**
 * Compares the applied migrations with this code's; a database never migrated has every migration pending. `schema`
 * as for `migrateToLatest`: where the bookkeeping table is, when not found through the search path.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- as migrateToLatest
export async function migrationState(db: Kysely<any>, schema?: string): Promise<MigrationState> {
  const table = schema ? `${schema}.kysely_migration` : 'kysely_migration';
  const exists = await sql<{ found: string | null }>`SELECT to_regclass(${table})::text AS found`.execute(db);
  const applied = exists.rows[0]?.found ? (await sql<{ name: string }>`SELECT name FROM ${sql.table(table)}`.execute(db)).rows.map((r) => r.name) : [];
  const known = Object.keys(migrations);
  return { pending: known.filter((name) => !applied.includes(name)), unknown: applied.filter((name) => !known.includes(name)) };
}
