import { sql, type Kysely } from 'kysely';

/**
 * The register finds a search that starts like an application number (`2025-ts`, `2026-ts-004`) without reading all
 * of its matches (ADR 0028). Such a needle matches hundreds of thousands of applications that lie together far back
 * in the register, so neither walking the register from its newest row nor the trigram index's bitmap is cheap.
 *
 * - `application_number_start`: a GiST index on the search text's first 24 characters (the number comes first) and
 *   the receipt time (`btree_gist`), which hands out the rows whose text starts with the needle nearest to a point
 *   in time first: newest or oldest first without sorting them all;
 * - `application_number_inside`: a trigram index on the rest of the search text (all but its first character) of the
 *   few rows whose text holds a year, a hyphen and a letter after its start — a title naming another application's
 *   number. It finds the needle anywhere but at the start, so both together find exactly what `LIKE '%needle%'` does.
 *
 * At 1,000,000 applications the first takes minutes to build: a large deployment creates both beforehand with
 * `CREATE INDEX CONCURRENTLY` and the same definitions, and this migration then skips them.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE EXTENSION IF NOT EXISTS btree_gist WITH SCHEMA public`.execute(db);
  await sql`
    CREATE INDEX IF NOT EXISTS application_number_start ON application
    USING gist ((left(search_text, 24) COLLATE "C"), received_at)`.execute(db);
  await sql`
    CREATE INDEX IF NOT EXISTS application_number_inside ON application
    USING gin ((substr(search_text, 2)) gin_trgm_ops) WHERE substr(search_text, 2) ~ '[0-9]{4}-[a-z]'`.execute(db);
}
