import { sql, type Kysely } from 'kysely';

/**
 * The planner sees how common a searched word is. For `search_text LIKE '%word%'` PostgreSQL matches the pattern
 * against the column's histogram; with the default hundred entries a word in 2% of applications usually matches none
 * of them and is guessed at a hundred rows, so the register fetched and sorted every match of a common word (24,000 at
 * 1,000,000 applications, 150–225 ms) instead of walking the newest rows until its page was full (2 ms). A thousand
 * entries tell a word in one application in a thousand from a rare one, and cost ANALYZE a sample of 300,000 rows
 * (3 s at 1,000,000 applications) and each plan a thousand pattern matches (ADR 0028). A register that holds
 * applications has the column analysed at once, so one that changes slowly does not wait for autovacuum's next pass to
 * be planned well (ANALYZE blocks neither reads nor writes); an empty one is left to autovacuum, as before, so a new
 * database is not planned as if it were known to stay empty.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE application ALTER COLUMN search_text SET STATISTICS 1000`.execute(db);
  const { rows } = await sql<{ some: boolean }>`SELECT EXISTS (SELECT 1 FROM application) AS some`.execute(db);
  if (rows[0]?.some) await sql`ANALYZE application (search_text)`.execute(db);
}
