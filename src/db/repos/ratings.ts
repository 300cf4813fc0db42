import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../schema.js';

/** The applicant's own rating, as their private page shows it. */
export interface OwnRating {
  satisfaction: number;
  comment: string | null;
  created_at: Date;
  updated_at: Date;
}

/** The rating of one application, or undefined when there is none. */
export async function ratingOf(db: Kysely<DB> | Transaction<DB>, applicationId: number): Promise<OwnRating | undefined> {
  return db
    .selectFrom('service_rating')
    .select(['satisfaction', 'comment', 'created_at', 'updated_at'])
    .where('application_id', '=', applicationId)
    .executeTakeFirst();
}

/** Writes or replaces an application's rating; returns true when it was the first one. */
export async function saveRating(
  trx: Transaction<DB>,
  row: { applicationId: number; jurisdictionId: string; unitId: number; satisfaction: number; comment: string | null; locale: string; now: Date },
): Promise<boolean> {
  const result = await trx
    .insertInto('service_rating')
    .values({
      application_id: row.applicationId,
      jurisdiction_id: row.jurisdictionId,
      unit_id: row.unitId,
      satisfaction: row.satisfaction,
      comment: row.comment,
      locale: row.locale,
      created_at: row.now,
      updated_at: row.now,
    })
    .onConflict((oc) => oc.column('application_id').doUpdateSet({ satisfaction: row.satisfaction, comment: row.comment, locale: row.locale, updated_at: row.now }))
    // xmax is 0 on a freshly inserted row version and set on one an upsert updated.
    .returning(sql<boolean>`(xmax = 0)`.as('inserted'))
    .executeTakeFirstOrThrow();
  return result.inserted;
}

/** One rating as the office reads it: the case, the score and the private comment; never the applicant's identity. */
export interface OfficeRating {
  number: string;
  title: string;
  procedure_ko: string;
  procedure_en: string;
  unit_code: string;
  unit_ko: string;
  unit_en: string;
  status: string;
  satisfaction: number;
  comment: string | null;
  updated_at: Date;
  time_zone: string;
}

/**
 * Ratings with their comments for the office, newest first: one unit's (`unitId`), or every unit's (null, for
 * auditors), of applications closed since `since` (all time when null) like the public statistics. The caller must
 * have asked `policies.mayReadRatings` for the scope.
 */
export async function ratingsForOffice(db: Kysely<DB>, scope: { unitId: number | null }, since: Date | null = null, limit = 200): Promise<OfficeRating[]> {
  let query = db
    .selectFrom('service_rating as r')
    .innerJoin('application as a', 'a.id', 'r.application_id')
    .innerJoin('procedure as p', 'p.id', 'a.procedure_id')
    .innerJoin('unit as u', 'u.id', 'r.unit_id')
    .innerJoin('jurisdiction as j', 'j.id', 'r.jurisdiction_id')
    .select([
      'a.number', 'a.title', 'a.status', 'p.name_ko as procedure_ko', 'p.name_en as procedure_en', 'u.code as unit_code', 'u.name_ko as unit_ko',
      'u.name_en as unit_en', 'r.satisfaction', 'r.comment', 'r.updated_at', 'j.time_zone',
    ])
    .orderBy('r.updated_at', 'desc')
    .orderBy('r.application_id', 'desc')
    .limit(limit);
  if (scope.unitId !== null) query = query.where('r.unit_id', '=', scope.unitId);
  if (since) query = query.where('a.closed_at', '>=', since);
  return query.execute();
}

/** Every score in the office's scope and period (not only the listed newest), for its summary; never comments. */
export async function ratingScoresForOffice(db: Kysely<DB>, scope: { unitId: number | null }, since: Date | null): Promise<number[]> {
  let query = db
    .selectFrom('service_rating as r')
    .innerJoin('application as a', 'a.id', 'r.application_id')
    .select(['r.satisfaction', sql<string>`count(*)`.as('n')])
    .groupBy('r.satisfaction');
  if (scope.unitId !== null) query = query.where('r.unit_id', '=', scope.unitId);
  if (since) query = query.where('a.closed_at', '>=', since);
  const counts = await query.execute();
  return counts.flatMap((c) => Array.from({ length: Number(c.n) }, () => c.satisfaction));
}

/** One rating as public statistics see it: its group and its score, nothing else. */
export interface RatedCase {
  jurisdiction: string;
  unit: string;
  procedure: string;
  satisfaction: number;
}

/** Scores of applications closed since `since` (all time when null), with their unit and procedure codes; never comments. */
export async function ratedCases(db: Kysely<DB>, since: Date | null): Promise<RatedCase[]> {
  let query = db
    .selectFrom('service_rating as r')
    .innerJoin('application as a', 'a.id', 'r.application_id')
    .innerJoin('jurisdiction as j', 'j.id', 'r.jurisdiction_id')
    .innerJoin('unit as u', 'u.id', 'r.unit_id')
    .select(['j.code as jurisdiction', 'u.code as unit', 'a.procedure_code as procedure', 'r.satisfaction']);
  if (since) query = query.where('a.closed_at', '>=', since);
  return query.execute();
}

/**
 * Locks an application's row, which orders a rating after any act closing (or reopening) the case, and returns what
 * a rating records and checks; undefined for an unknown application.
 */
export async function lockApplicationForRating(
  trx: Transaction<DB>,
  applicationId: number,
): Promise<{ id: number; jurisdiction_id: string; unit_id: number; closed_at: Date | null } | undefined> {
  return trx.selectFrom('application').select(['id', 'jurisdiction_id', 'unit_id', 'closed_at']).where('id', '=', applicationId).forUpdate().executeTakeFirst();
}

/** A rating written as it is, with when it was given (the demo's planned ratings). */
export interface NewRating {
  applicationId: number;
  jurisdictionId: string;
  unitId: number;
  satisfaction: number;
  comment: string | null;
  locale: string;
  at: Date;
}

/** Inserts ratings in one statement. */
export async function insertRatings(trx: Transaction<DB>, ratings: readonly NewRating[]): Promise<void> {
  await trx
    .insertInto('service_rating')
    .values(ratings.map((r) => ({
      application_id: r.applicationId,
      jurisdiction_id: r.jurisdictionId,
      unit_id: r.unitId,
      satisfaction: r.satisfaction,
      comment: r.comment,
      locale: r.locale,
      created_at: r.at,
      updated_at: r.at,
    })))
    .execute();
}

/** What the rating page shows of the application a rating link names, by id, or undefined. */
export async function ratedApplication(
  db: Kysely<DB>,
  applicationId: number,
): Promise<{ id: number; number: string; title: string; status: string; closed_at: Date | null; time_zone: string } | undefined> {
  return db
    .selectFrom('application as a')
    .innerJoin('jurisdiction as j', 'j.id', 'a.jurisdiction_id')
    .select(['a.id', 'a.number', 'a.title', 'a.status', 'a.closed_at', 'j.time_zone'])
    .where('a.id', '=', applicationId)
    .executeTakeFirst();
}
