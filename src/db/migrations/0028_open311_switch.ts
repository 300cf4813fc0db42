import { sql, type Kysely } from 'kysely';

/**
 * Whether a jurisdiction serves Open311 GeoReport v2 (ADR 0016): an administrator turns it off for a jurisdiction
 * that does not want its applications offered to 311 clients. A jurisdiction without a row serves it, as before.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE open_data_jurisdiction ADD COLUMN open311 boolean NOT NULL DEFAULT true`.execute(db);
}
