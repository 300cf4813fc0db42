import { sql, type Kysely } from 'kysely';

/**
 * A GiST index on applications' points, so the map and area alerts find the applications inside an area's
 * bounding box without reading the whole table (the register's other indexes cannot narrow two ranges at once).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE INDEX application_location ON application USING gist (point(lng, lat)) WHERE lat IS NOT NULL AND lng IS NOT NULL`.execute(db);
}
