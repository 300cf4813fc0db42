import { sql, type Kysely } from 'kysely';
import type { DB, PersonalDataAccessTable } from '../schema.js';

/** Opening the same file again within this time counts once, so a reload does not bury the log in repeats. */
export const REPEAT_WITHIN_MS = 10 * 60_000;
/** How long a reason given to open a file covers further openings of it by the same official. */
export const REASON_COVERS_MS = 30 * 60_000;

export interface AccessRecord {
  officialId: number;
  applicationId: number;
  what: PersonalDataAccessTable['what'];
  documentId?: number;
  reason?: string;
}

/**
 * Records that staff opened an applicant's personal data (the office case page) or a document. A case opening is
 * skipped when the same official opened the same case within `REPEAT_WITHIN_MS` without a new reason; every
 * document download is recorded.
 */
export async function recordPersonalDataAccess(db: Kysely<DB>, access: AccessRecord, now = new Date()): Promise<void> {
  if (access.what === 'case' && !access.reason) {
    const recent = await db
      .selectFrom('personal_data_access')
      .select('id')
      .where('official_id', '=', access.officialId)
      .where('application_id', '=', access.applicationId)
      .where('what', '=', 'case')
      .where('at', '>', new Date(now.getTime() - REPEAT_WITHIN_MS))
      .limit(1)
      .executeTakeFirst();
    if (recent) return;
  }
  await db
    .insertInto('personal_data_access')
    .values({ at: now, official_id: access.officialId, application_id: access.applicationId, what: access.what, document_id: access.documentId ?? null, reason: access.reason ?? null })
    .execute();
}

/** Whether the official gave a reason to open this case within `REASON_COVERS_MS`. */
export async function hasRecentReason(db: Kysely<DB>, officialId: number, applicationId: number, now = new Date()): Promise<boolean> {
  const row = await db
    .selectFrom('personal_data_access')
    .select('id')
    .where('official_id', '=', officialId)
    .where('application_id', '=', applicationId)
    .where('reason', 'is not', null)
    .where('at', '>', new Date(now.getTime() - REASON_COVERS_MS))
    .limit(1)
    .executeTakeFirst();
  return Boolean(row);
}

/** Who in the office opened an application's file, newest first, as the applicant is told: the official's public face then. */
export async function accessesOfApplication(db: Kysely<DB>, applicationId: number, limit = 200) {
  return db
    .selectFrom('personal_data_access as x')
    .innerJoin('official as o', 'o.id', 'x.official_id')
    .innerJoin('unit as u', 'u.id', 'o.unit_id')
    .innerJoin('jurisdiction as j', 'j.id', 'o.jurisdiction_id')
    .select([
      'x.at', 'x.what', sql<string | null>`d.filename`.as('filename'),
      sql<string | null>`CASE WHEN j.show_official_names THEN o.name_ko END`.as('name_ko'),
      sql<string | null>`CASE WHEN j.show_official_names THEN o.name_en END`.as('name_en'),
      'o.title_ko', 'o.title_en', 'u.name_ko as unit_ko', 'u.name_en as unit_en',
    ])
    .leftJoin('document as d', 'd.id', 'x.document_id')
    .where('x.application_id', '=', applicationId)
    .orderBy('x.at', 'desc')
    .orderBy('x.id', 'desc')
    .limit(limit)
    .execute();
}
export type ApplicationAccess = Awaited<ReturnType<typeof accessesOfApplication>>[number];
