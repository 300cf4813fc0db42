import { sql, type Kysely } from 'kysely';

/**
 * Yearly declarations' rules as an administrator sets them per jurisdiction, with their history.
 *
 * - `jurisdiction.declaration_required`: whether the jurisdiction requires yearly declarations at all (the grades are
 *   kept when it is switched off, so switching it on again restores them).
 * - `jurisdiction.declaration_due_day`: the day of `declaration_due_month` by whose end a declaration is due; null for
 *   the month's last day (the Act's "end of February").
 * - `jurisdiction.declaration_categories`: the categories offered, in order, each with the value from which an item
 *   must be declared (`[{"category": "deposits", "thresholdKrw": 10000000}, …]`); null for the code's defaults.
 * - `jurisdiction.declaration_bands`: the public register's band bounds in won, ascending; null for the defaults.
 *   Each filing keeps the bounds it was banded with (`asset_declaration.bands.bounds`), so a changed boundary applies
 *   to new filings while published bands stay true for old ones.
 * - `declaration_rules_change`: every saved version of a jurisdiction's rules, whole, with the rules it replaced (so
 *   the first version says what it changed from the defaults), who saved it and when.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE jurisdiction
      ADD COLUMN declaration_required boolean NOT NULL DEFAULT true,
      ADD COLUMN declaration_due_day smallint CHECK (declaration_due_day BETWEEN 1 AND 31),
      ADD COLUMN declaration_categories jsonb,
      ADD COLUMN declaration_bands jsonb`.execute(db);
  await sql`
    CREATE TABLE declaration_rules_change (
      id bigserial PRIMARY KEY,
      jurisdiction_id text NOT NULL REFERENCES jurisdiction(id),
      version integer NOT NULL CHECK (version >= 1),
      rules jsonb NOT NULL,
      previous jsonb NOT NULL,
      changed_by integer NOT NULL REFERENCES official(id),
      changed_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (jurisdiction_id, version)
    )`.execute(db);
}
