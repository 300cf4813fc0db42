import { sql, type Kysely } from 'kysely';

/**
 * Officials' names and titles in languages beyond Korean and English (ADR 0017): `official.names` and
 * `official.titles`, JSON objects by locale (`{"fr": "Chef de division"}`), as `unit.names` holds a department's.
 * Korean and English stay in `name_ko`/`name_en` and `title_ko`/`title_en`.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE official
      ADD COLUMN names jsonb NOT NULL DEFAULT '{}',
      ADD COLUMN titles jsonb NOT NULL DEFAULT '{}',
      ADD CONSTRAINT official_names_check CHECK (jsonb_typeof(names) = 'object'),
      ADD CONSTRAINT official_titles_check CHECK (jsonb_typeof(titles) = 'object')`.execute(db);
}
