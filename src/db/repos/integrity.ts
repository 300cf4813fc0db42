import { sql } from 'kysely';
import type { AnswerGroup } from '../../domain/integrity.js';
import type { Localized } from '../../domain/types.js';
import type { Db, Tx } from '../types.js';

/** A jurisdiction as the integrity pages name it. */
export interface IntegrityJurisdiction {
  id: string;
  code: string;
  name: Localized;
  time_zone: string;
}

/** The jurisdiction with this public code, or undefined. */
export async function integrityJurisdiction(db: Db | Tx, code: string): Promise<IntegrityJurisdiction | undefined> {
  const row = await db.selectFrom('jurisdiction').select(['id', 'code', 'name_ko', 'name_en', 'time_zone']).where('code', '=', code).executeTakeFirst();
  return row && { id: row.id, code: row.code, name: { ko: row.name_ko, en: row.name_en }, time_zone: row.time_zone };
}

/** Every jurisdiction with its years, newest first, and whether each is published. */
export async function integrityYearsByJurisdiction(db: Db): Promise<{ jurisdiction: IntegrityJurisdiction; years: { year: number; published: boolean }[] }[]> {
  const [jurisdictions, years] = await Promise.all([
    db.selectFrom('jurisdiction').select(['id', 'code', 'name_ko', 'name_en', 'time_zone']).orderBy('code').execute(),
    db.selectFrom('integrity_year').select(['jurisdiction_id', 'year', 'published_at']).orderBy('year', 'desc').execute(),
  ]);
  return jurisdictions.map((j) => ({
    jurisdiction: { id: j.id, code: j.code, name: { ko: j.name_ko, en: j.name_en }, time_zone: j.time_zone },
    years: years.filter((y) => y.jurisdiction_id === j.id).map((y) => ({ year: y.year, published: y.published_at !== null })),
  }));
}

/** A stored index year: its model as stored (parse it before use) and when it was published. */
export interface StoredYear {
  year: number;
  model: unknown;
  published_at: Date | null;
}

/** One year of a jurisdiction, or undefined; `lock` takes its row lock for a change. */
export async function integrityYear(db: Db | Tx, jurisdictionId: string, year: number, lock = false): Promise<StoredYear | undefined> {
  let query = db.selectFrom('integrity_year').select(['year', 'model', 'published_at']).where('jurisdiction_id', '=', jurisdictionId).where('year', '=', year);
  if (lock) query = query.forUpdate();
  return query.executeTakeFirst();
}

/** The latest published year before `year`, or undefined. */
export async function previousPublishedYear(db: Db | Tx, jurisdictionId: string, year: number): Promise<StoredYear | undefined> {
  return db
    .selectFrom('integrity_year')
    .select(['year', 'model', 'published_at'])
    .where('jurisdiction_id', '=', jurisdictionId)
    .where('year', '<', year)
    .where('published_at', 'is not', null)
    .orderBy('year', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** Creates a year with a model unless it exists; returns the stored year either way. */
export async function ensureIntegrityYear(trx: Tx, jurisdictionId: string, year: number, model: unknown): Promise<StoredYear> {
  await trx
    .insertInto('integrity_year')
    .values({ jurisdiction_id: jurisdictionId, year, model: JSON.stringify(model) })
    .onConflict((oc) => oc.columns(['jurisdiction_id', 'year']).doNothing())
    .execute();
  return (await integrityYear(trx, jurisdictionId, year))!;
}

/** Replaces an open year's model (a trigger refuses it for a published year). */
export async function saveIntegrityModel(trx: Tx, jurisdictionId: string, year: number, model: unknown): Promise<void> {
  await trx.updateTable('integrity_year').set({ model: JSON.stringify(model) }).where('jurisdiction_id', '=', jurisdictionId).where('year', '=', year).execute();
}

/** Closes a year: from now on its model and figures never change. */
export async function markYearPublished(trx: Tx, jurisdictionId: string, year: number, officialId: number, now: Date): Promise<void> {
  await trx
    .updateTable('integrity_year')
    .set({ published_at: now, published_by: officialId })
    .where('jurisdiction_id', '=', jurisdictionId)
    .where('year', '=', year)
    .execute();
}

/** Share of a procedure's closing applications invited (1 when no rate was set). */
export async function samplingRate(db: Db | Tx, jurisdictionId: string, procedureCode: string): Promise<number> {
  const row = await db
    .selectFrom('integrity_sampling')
    .select('rate')
    .where('jurisdiction_id', '=', jurisdictionId)
    .where('procedure_code', '=', procedureCode)
    .executeTakeFirst();
  return row?.rate ?? 1;
}

/** Every procedure of a jurisdiction with its sampling rate, for the administration page. */
export async function samplingRates(db: Db, jurisdictionId: string): Promise<{ code: string; name: Localized; rate: number }[]> {
  const rows = await db
    .selectFrom('procedure as p')
    .leftJoin('integrity_sampling as s', (join) => join.onRef('s.procedure_code', '=', 'p.code').onRef('s.jurisdiction_id', '=', 'p.jurisdiction_id'))
    .select(['p.code', 'p.name_ko', 'p.name_en', 's.rate'])
    .where('p.jurisdiction_id', '=', jurisdictionId)
    .distinctOn('p.code')
    .orderBy('p.code')
    .execute();
  return rows.map((r) => ({ code: r.code, name: { ko: r.name_ko, en: r.name_en }, rate: r.rate ?? 1 }));
}

/** Sets a procedure's sampling rate. */
export async function saveSamplingRate(trx: Tx, jurisdictionId: string, procedureCode: string, rate: number): Promise<void> {
  await trx
    .insertInto('integrity_sampling')
    .values({ jurisdiction_id: jurisdictionId, procedure_code: procedureCode, rate })
    .onConflict((oc) => oc.columns(['jurisdiction_id', 'procedure_code']).doUpdateSet({ rate }))
    .execute();
}

/** What an invitation records: the hashed token and the strata its answer will carry. */
export interface NewInvitation {
  applicationId: number;
  tokenHash: string;
  jurisdictionId: string;
  year: number;
  unitId: number;
  procedureCode: string;
  outcome: 'granted' | 'refused' | 'withdrawn';
  expiresAt: Date;
}

/** Stores an invitation unless the application already has one; true when this call created it. */
export async function insertInvitation(trx: Tx, i: NewInvitation): Promise<boolean> {
  const result = await trx
    .insertInto('integrity_invitation')
    .values({
      application_id: i.applicationId, token_hash: i.tokenHash, jurisdiction_id: i.jurisdictionId, year: i.year, unit_id: i.unitId,
      procedure_code: i.procedureCode, outcome: i.outcome, expires_at: i.expiresAt,
    })
    .onConflict((oc) => oc.column('application_id').doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

/** An invitation as the survey needs it: its strata and state; never its application. */
export interface OpenInvitation {
  id: string;
  jurisdiction_id: string;
  year: number;
  unit_id: number;
  procedure_code: string;
  outcome: 'granted' | 'refused' | 'withdrawn';
  expires_at: Date;
  answered: boolean;
  unit: Localized;
  procedure: Localized;
  jurisdiction: Localized;
  time_zone: string;
}

/** The invitation a token's hash names (used or not), optionally locked; undefined for none. */
export async function invitationByToken(db: Db | Tx, tokenHash: string, lock = false): Promise<OpenInvitation | undefined> {
  let query = db
    .selectFrom('integrity_invitation as i')
    .innerJoin('unit as u', 'u.id', 'i.unit_id')
    .innerJoin('jurisdiction as j', 'j.id', 'i.jurisdiction_id')
    .select([
      'i.id', 'i.jurisdiction_id', 'i.year', 'i.unit_id', 'i.procedure_code', 'i.outcome', 'i.expires_at', 'i.answered',
      'u.name_ko as unit_ko', 'u.name_en as unit_en', 'j.name_ko as j_ko', 'j.name_en as j_en', 'j.time_zone',
      (eb) => eb.selectFrom('procedure as p').select('p.name_ko').whereRef('p.code', '=', 'i.procedure_code').whereRef('p.jurisdiction_id', '=', 'i.jurisdiction_id').limit(1).as('procedure_ko'),
      (eb) => eb.selectFrom('procedure as p').select('p.name_en').whereRef('p.code', '=', 'i.procedure_code').whereRef('p.jurisdiction_id', '=', 'i.jurisdiction_id').limit(1).as('procedure_en'),
    ])
    .where('i.token_hash', '=', tokenHash);
  if (lock) query = query.forUpdate('i');
  const row = await query.executeTakeFirst();
  if (!row) return undefined;
  return {
    id: row.id, jurisdiction_id: row.jurisdiction_id, year: row.year, unit_id: row.unit_id, procedure_code: row.procedure_code, outcome: row.outcome,
    expires_at: row.expires_at, answered: row.answered,
    unit: { ko: row.unit_ko, en: row.unit_en },
    procedure: { ko: row.procedure_ko ?? row.procedure_code, en: row.procedure_en ?? row.procedure_code },
    jurisdiction: { ko: row.j_ko, en: row.j_en },
    time_zone: row.time_zone,
  };
}

/** An application's invitation as its applicant's private page shows it, or undefined when it was not sampled. */
export async function invitationOfApplication(db: Db | Tx, applicationId: number, lock = false): Promise<{ id: string; answered: boolean; expires_at: Date } | undefined> {
  let query = db.selectFrom('integrity_invitation').select(['id', 'answered', 'expires_at']).where('application_id', '=', applicationId);
  if (lock) query = query.forUpdate();
  return query.executeTakeFirst();
}

/** Gives an unanswered invitation a new token (the applicant's private page opens the survey with it). */
export async function renewInvitationToken(trx: Tx, id: string, tokenHash: string): Promise<void> {
  await trx.updateTable('integrity_invitation').set({ token_hash: tokenHash }).where('id', '=', id).where('answered', '=', false).execute();
}

/**
 * Marks an invitation used; its answer goes to the ballot box in the same transaction. The token's hash stays, so a
 * second use is told "already answered"; the answer itself holds nothing of the token.
 */
export async function consumeInvitation(trx: Tx, id: string): Promise<void> {
  await trx.updateTable('integrity_invitation').set({ answered: true }).where('id', '=', id).execute();
}

/** An answer as it is cast: strata and options only. */
export interface Ballot {
  jurisdictionId: string;
  year: number;
  survey: 'external' | 'internal';
  unitId: number;
  procedureCode: string | null;
  outcome: 'granted' | 'refused' | 'withdrawn' | null;
  answers: Record<string, string>;
  comment: string | null;
}

/** Puts an answer into the ballot box. */
export async function castBallot(trx: Tx, b: Ballot): Promise<void> {
  await trx
    .insertInto('integrity_ballot')
    .values({
      jurisdiction_id: b.jurisdictionId, year: b.year, survey: b.survey, unit_id: b.unitId, procedure_code: b.procedureCode, outcome: b.outcome,
      answers: JSON.stringify(b.answers), comment: b.comment,
    })
    .execute();
}

/** Inserts counted answers directly (the demo's planned answers, already anonymous and shuffled by their planner). */
export async function insertAnswers(trx: Tx, answers: readonly Ballot[]): Promise<void> {
  for (let i = 0; i < answers.length; i += 1000) {
    await trx
      .insertInto('integrity_answer')
      .values(answers.slice(i, i + 1000).map((b) => ({
        jurisdiction_id: b.jurisdictionId, year: b.year, survey: b.survey, unit_id: b.unitId, procedure_code: b.procedureCode, outcome: b.outcome,
        answers: JSON.stringify(b.answers), comment: b.comment,
      })))
      .execute();
  }
}

/**
 * Moves a jurisdiction's waiting ballots into the counted answers, in a random order and with new random ids, when
 * at least `batch` wait (or always with `force`); returns how many moved. The move is one statement in the caller's
 * transaction, so every answer of a batch carries the same transaction and none can be told from the others.
 */
export async function mixBallots(trx: Tx, jurisdictionId: string, batch: number, force = false): Promise<number> {
  // One mixer per jurisdiction at a time, so two answers arriving together never split a batch.
  await sql`SELECT pg_advisory_xact_lock(hashtext('integrity-mix'), hashtext(${jurisdictionId}))`.execute(trx);
  const waiting = await trx.selectFrom('integrity_ballot').select(sql<string>`count(*)`.as('n')).where('jurisdiction_id', '=', jurisdictionId).executeTakeFirstOrThrow();
  const n = Number(waiting.n);
  if (n === 0 || (!force && n < batch)) return 0;
  await sql`
    WITH moved AS (DELETE FROM integrity_ballot WHERE jurisdiction_id = ${jurisdictionId}
                   RETURNING jurisdiction_id, year, survey, unit_id, procedure_code, outcome, answers, comment)
    INSERT INTO integrity_answer (jurisdiction_id, year, survey, unit_id, procedure_code, outcome, answers, comment)
    SELECT jurisdiction_id, year, survey, unit_id, procedure_code, outcome, answers, comment FROM moved ORDER BY random()`.execute(trx);
  return n;
}

/** How many answers of a year wait in the ballot box, not yet counted. */
export async function waitingBallots(db: Db, jurisdictionId: string, year: number): Promise<number> {
  const row = await db
    .selectFrom('integrity_ballot')
    .select(sql<string>`count(*)`.as('n'))
    .where('jurisdiction_id', '=', jurisdictionId)
    .where('year', '=', year)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** A year's counted answers, grouped by identical answers (the computation takes counts). */
export async function answerGroups(db: Db, jurisdictionId: string, year: number): Promise<AnswerGroup[]> {
  const rows = await db
    .selectFrom('integrity_answer as a')
    .innerJoin('unit as u', 'u.id', 'a.unit_id')
    .select(['a.survey', 'u.code as unit', 'a.procedure_code as procedure', 'a.answers', sql<string>`count(*)`.as('n')])
    .where('a.jurisdiction_id', '=', jurisdictionId)
    .where('a.year', '=', year)
    .groupBy(['a.survey', 'u.code', 'a.procedure_code', 'a.answers'])
    .execute();
  return rows.map((r) => ({ survey: r.survey, unit: r.unit, procedure: r.procedure, answers: r.answers, count: Number(r.n) }));
}

/** The units and procedures a jurisdiction's index reports, with their names. */
export async function integrityCatalogue(db: Db, jurisdictionId: string): Promise<{ units: { code: string; name: Localized }[]; procedures: { code: string; name: Localized }[] }> {
  const [units, procedures] = await Promise.all([
    db.selectFrom('unit').select(['code', 'name_ko', 'name_en']).where('jurisdiction_id', '=', jurisdictionId).orderBy('code').execute(),
    db.selectFrom('procedure').select(['code', 'name_ko', 'name_en']).where('jurisdiction_id', '=', jurisdictionId).distinctOn('code').orderBy('code').execute(),
  ]);
  return {
    units: units.map((u) => ({ code: u.code, name: { ko: u.name_ko, en: u.name_en } })),
    procedures: procedures.map((p) => ({ code: p.code, name: { ko: p.name_ko, en: p.name_en } })),
  };
}

const closedInYear = (year: number) => sql<boolean>`extract(year from a.closed_at at time zone j.time_zone) = ${year}`;

/** Cases decided in the year per unit with a stored outcome, and how many were on time. */
export async function timelinessByUnit(db: Db, jurisdictionId: string, year: number): Promise<Record<string, { onTime: number; n: number }>> {
  const rows = await db
    .selectFrom('case_outcome as o')
    .innerJoin('application as a', 'a.id', 'o.application_id')
    .innerJoin('jurisdiction as j', 'j.id', 'a.jurisdiction_id')
    .innerJoin('unit as u', 'u.id', 'a.unit_id')
    .select(['u.code', sql<string>`count(*)`.as('n'), sql<string>`count(*) FILTER (WHERE o.on_time)`.as('on_time')])
    .where('a.jurisdiction_id', '=', jurisdictionId)
    .where(closedInYear(year))
    .groupBy('u.code')
    .execute();
  return Object.fromEntries(rows.map((r) => [r.code, { n: Number(r.n), onTime: Number(r.on_time) }]));
}

/** Satisfaction ratings of cases closed in the year per unit: count, sum and sum of squares. */
export async function satisfactionByUnit(db: Db, jurisdictionId: string, year: number): Promise<Record<string, { n: number; sum: number; sumSquares: number }>> {
  const rows = await db
    .selectFrom('service_rating as r')
    .innerJoin('application as a', 'a.id', 'r.application_id')
    .innerJoin('jurisdiction as j', 'j.id', 'a.jurisdiction_id')
    .innerJoin('unit as u', 'u.id', 'r.unit_id')
    .select(['u.code', sql<string>`count(*)`.as('n'), sql<string>`sum(r.satisfaction)`.as('sum'), sql<string>`sum(r.satisfaction * r.satisfaction)`.as('sq')])
    .where('r.jurisdiction_id', '=', jurisdictionId)
    .where(closedInYear(year))
    .groupBy('u.code')
    .execute();
  return Object.fromEntries(rows.map((r) => [r.code, { n: Number(r.n), sum: Number(r.sum), sumSquares: Number(r.sq) }]));
}

/** A deduction or effort score as the index and the methodology page show it. */
export interface AssessmentRow {
  unit: string;
  kind: 'deduction' | 'effort';
  points: number;
  reference: string;
  entered_at: Date;
}

/** A year's deductions and effort scores, in the order they were entered. */
export async function assessments(db: Db, jurisdictionId: string, year: number): Promise<AssessmentRow[]> {
  return db
    .selectFrom('integrity_assessment as s')
    .innerJoin('unit as u', 'u.id', 's.unit_id')
    .select(['u.code as unit', 's.kind', 's.points', 's.reference', 's.entered_at'])
    .where('s.jurisdiction_id', '=', jurisdictionId)
    .where('s.year', '=', year)
    .orderBy('s.entered_at')
    .orderBy('s.id')
    .execute();
}

/** Records a deduction or an effort score, returning its id. */
export async function insertAssessment(
  trx: Tx,
  a: { jurisdictionId: string; year: number; unitId: number; kind: 'deduction' | 'effort'; points: number; reference: string; enteredBy: number; now: Date },
): Promise<string> {
  const row = await trx
    .insertInto('integrity_assessment')
    .values({ jurisdiction_id: a.jurisdictionId, year: a.year, unit_id: a.unitId, kind: a.kind, points: a.points, reference: a.reference, entered_by: a.enteredBy, entered_at: a.now })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** A unit of the jurisdiction by code, or undefined. */
export async function unitInJurisdiction(db: Db | Tx, jurisdictionId: string, code: string): Promise<{ id: number; code: string } | undefined> {
  return db.selectFrom('unit').select(['id', 'code']).where('jurisdiction_id', '=', jurisdictionId).where('code', '=', code).executeTakeFirst();
}

/** Invitations of a year and how many were answered. */
export async function invitationCounts(db: Db, jurisdictionId: string, year: number): Promise<{ invited: number; answered: number }> {
  const row = await db
    .selectFrom('integrity_invitation')
    .select([sql<string>`count(*)`.as('invited'), sql<string>`count(*) FILTER (WHERE answered)`.as('answered')])
    .where('jurisdiction_id', '=', jurisdictionId)
    .where('year', '=', year)
    .executeTakeFirstOrThrow();
  return { invited: Number(row.invited), answered: Number(row.answered) };
}

/** Records that an official answered a year's internal survey; false when they already had. */
export async function recordParticipation(trx: Tx, officialId: number, year: number): Promise<boolean> {
  const result = await trx
    .insertInto('integrity_participation')
    .values({ official_id: officialId, year })
    .onConflict((oc) => oc.columns(['official_id', 'year']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

/** Whether an official answered a year's internal survey. */
export async function hasParticipated(db: Db, officialId: number, year: number): Promise<boolean> {
  const row = await db.selectFrom('integrity_participation').select('year').where('official_id', '=', officialId).where('year', '=', year).executeTakeFirst();
  return row !== undefined;
}

/** The jurisdiction with this id, or undefined. */
export async function integrityJurisdictionById(db: Db | Tx, id: string): Promise<IntegrityJurisdiction | undefined> {
  const row = await db.selectFrom('jurisdiction').select(['id', 'code', 'name_ko', 'name_en', 'time_zone']).where('id', '=', id).executeTakeFirst();
  return row && { id: row.id, code: row.code, name: { ko: row.name_ko, en: row.name_en }, time_zone: row.time_zone };
}

/** Writes a whole year as it is (the demo's planned years), published or not. */
export async function insertIntegrityYear(trx: Tx, y: { jurisdictionId: string; year: number; model: unknown; published: { at: Date; by: number } | null }): Promise<void> {
  await trx
    .insertInto('integrity_year')
    .values({ jurisdiction_id: y.jurisdictionId, year: y.year, model: JSON.stringify(y.model), published_at: y.published?.at ?? null, published_by: y.published?.by ?? null })
    .execute();
}

/** A year's counted free-text comments with their survey and unit (for auditors only), in text order: no order of arrival. */
export async function yearComments(db: Db, jurisdictionId: string, year: number, limit: number): Promise<{ survey: string; unit: string; comment: string }[]> {
  const rows = await db
    .selectFrom('integrity_answer as a')
    .innerJoin('unit as u', 'u.id', 'a.unit_id')
    .select(['a.survey', 'u.code as unit', 'a.comment'])
    .where('a.jurisdiction_id', '=', jurisdictionId)
    .where('a.year', '=', year)
    .where('a.comment', 'is not', null)
    .orderBy('a.comment')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ survey: r.survey, unit: r.unit, comment: r.comment! }));
}
