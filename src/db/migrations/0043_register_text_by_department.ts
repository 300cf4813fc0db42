import { sql, type Kysely } from 'kysely';

/**
 * The register's text search within a department finds its matches inside one index. The trigram index over the
 * search text becomes a two-column GIN index over the department and the search text (`btree_gin`), so a search for a
 * word and a department intersects both inside the index: a word common elsewhere but absent from the department
 * answers at once instead of walking the department's rows (ADR 0028). A text search alone uses the same index.
 *
 * At 1,000,000 applications the index takes a minute or two to build: a large deployment creates it beforehand with
 * `CREATE INDEX CONCURRENTLY` and the same definition, and this migration then only drops the old one.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE EXTENSION IF NOT EXISTS btree_gin WITH SCHEMA public`.execute(db);
  await sql`CREATE INDEX IF NOT EXISTS application_search_unit ON application USING gin (unit_id, search_text gin_trgm_ops)`.execute(db);
  await sql`DROP INDEX IF EXISTS application_search`.execute(db);
}
