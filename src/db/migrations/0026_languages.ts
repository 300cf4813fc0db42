import { sql, type Kysely } from 'kysely';

/**
 * Languages a jurisdiction offers, and the names and texts an administrator writes in them (ADR 0017).
 *
 * - `jurisdiction.main_locale`: the language its texts are written in first, shown (marked) when a reader's language
 *   has no translation; `offered_locales`: the languages it offers, the main one among them.
 * - `jurisdiction.names`, `unit.names`: the name in languages beyond Korean and English (`{"fr": "…"}`); Korean and
 *   English stay in `name_ko` and `name_en`, which every existing reader uses.
 * - `procedure.texts`: a version's name, purpose and legal basis beyond Korean and English
 *   (`{"name": {"fr": "…"}, "purpose": {…}, "legal_basis": {…}}`); stage names carry theirs inside `stages`.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const locales = sql.raw(`ARRAY['ko','en','zh','fr','es','ru','ar']::text[]`);
  await sql`
    ALTER TABLE jurisdiction
      ADD COLUMN main_locale text NOT NULL DEFAULT 'ko',
      ADD COLUMN offered_locales text[] NOT NULL DEFAULT '{ko,en}',
      ADD COLUMN names jsonb NOT NULL DEFAULT '{}',
      ADD CONSTRAINT jurisdiction_main_locale_check CHECK (main_locale = ANY (${locales})),
      ADD CONSTRAINT jurisdiction_offered_locales_check CHECK (offered_locales <@ ${locales} AND main_locale = ANY (offered_locales)),
      ADD CONSTRAINT jurisdiction_names_check CHECK (jsonb_typeof(names) = 'object')`.execute(db);
  await sql`
    ALTER TABLE unit
      ADD COLUMN names jsonb NOT NULL DEFAULT '{}',
      ADD CONSTRAINT unit_names_check CHECK (jsonb_typeof(names) = 'object')`.execute(db);
  await sql`
    ALTER TABLE procedure
      ADD COLUMN texts jsonb NOT NULL DEFAULT '{}',
      ADD CONSTRAINT procedure_texts_check CHECK (jsonb_typeof(texts) = 'object')`.execute(db);
}
