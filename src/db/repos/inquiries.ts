import { sql, type Insertable, type Kysely, type Transaction } from 'kysely';
import type { DB, InquiryTable } from '../schema.js';

/** A question as the public sees it: no asker, and no text when the asker kept it private. */
export interface PublicInquiryRow {
  no: number;
  kind: 'question' | 'objection';
  private: boolean;
  question: string | null;
  question_salt: string | null;
  opened_at: Date;
  due_at: Date;
  answer: string | null;
  answer_salt: string | null;
  answered_at: Date | null;
  escalated_at: Date | null;
  question_redaction_reason: string | null;
  answer_redaction_reason: string | null;
  /** The department the question was sent to, which answers it (a public name, never a person's). */
  unit_ko: string;
  unit_en: string;
}

/**
 * A question as the office sees it: the asker's kind but never their address; the texts, except a private
 * question's for whoever may not read it (`policies.mayReadPrivateInquiry`), where both are null.
 */
export interface OfficeInquiryRow extends PublicInquiryRow {
  question_text: string | null;
  answer_text: string | null;
  asked_by: 'applicant' | 'citizen';
  unit_id: number;
}

/** Questions on an application, oldest first, shaped for the public: private texts are withheld in SQL already. */
export async function publicInquiries(db: Kysely<DB>, applicationId: number): Promise<PublicInquiryRow[]> {
  const rows = await db
    .selectFrom('inquiry as i')
    .innerJoin('unit as u', 'u.id', 'i.unit_id')
    .select(['i.no', 'i.kind', 'i.private', 'i.question', 'i.question_salt', 'i.opened_at', 'i.due_at', 'i.answer', 'i.answer_salt', 'i.answered_at', 'i.escalated_at', 'i.question_redaction_reason', 'i.answer_redaction_reason', 'u.name_ko as unit_ko', 'u.name_en as unit_en'])
    .where('i.application_id', '=', applicationId)
    .orderBy('i.no')
    .execute();
  return rows.map((r) => (r.private ? { ...r, question: null, question_salt: null, answer: null, answer_salt: null } : r));
}

/** A question on the applicant's own page: `mine` when the applicant asked it with their access code. */
export interface ApplicantInquiryRow extends PublicInquiryRow {
  mine: boolean;
}

/**
 * Questions on an application for its applicant, oldest first: public texts, and the private ones the applicant
 * asked (with their answers); a private question someone else asked shows only that it exists, as in public.
 */
export async function applicantInquiries(db: Kysely<DB>, applicationId: number): Promise<ApplicantInquiryRow[]> {
  const rows = await db
    .selectFrom('inquiry as i')
    .innerJoin('unit as u', 'u.id', 'i.unit_id')
    .select(['i.no', 'i.kind', 'i.private', 'i.question', 'i.question_salt', 'i.opened_at', 'i.due_at', 'i.answer', 'i.answer_salt', 'i.answered_at', 'i.escalated_at', 'i.question_redaction_reason', 'i.answer_redaction_reason', 'u.name_ko as unit_ko', 'u.name_en as unit_en', 'i.asked_by'])
    .where('i.application_id', '=', applicationId)
    .orderBy('i.no')
    .execute();
  return rows.map(({ asked_by, ...r }) => {
    const mine = asked_by === 'applicant';
    return r.private && !mine ? { ...r, mine, question: null, question_salt: null, answer: null, answer_salt: null } : { ...r, mine };
  });
}

/** Questions on an application for its office, oldest first. */
export async function officeInquiries(db: Kysely<DB>, applicationId: number): Promise<OfficeInquiryRow[]> {
  const rows = await db
    .selectFrom('inquiry as i')
    .innerJoin('unit as u', 'u.id', 'i.unit_id')
    .select(['i.no', 'i.kind', 'i.private', 'i.question', 'i.question_salt', 'i.opened_at', 'i.due_at', 'i.answer', 'i.answer_salt', 'i.answered_at', 'i.escalated_at', 'i.question_redaction_reason', 'i.answer_redaction_reason', 'u.name_ko as unit_ko', 'u.name_en as unit_en', 'i.asked_by', 'i.unit_id'])
    .where('i.application_id', '=', applicationId)
    .orderBy('i.no')
    .execute();
  return rows.map((r) => ({ ...r, question_text: r.question, answer_text: r.answer }));
}

/** The next question number of an application (call under the application's row lock). */
export async function nextInquiryNo(trx: Transaction<DB>, applicationId: number): Promise<number> {
  const row = await trx
    .selectFrom('inquiry')
    .select((eb) => eb.fn.max('no').as('max'))
    .where('application_id', '=', applicationId)
    .executeTakeFirst();
  return Number(row?.max ?? 0) + 1;
}

/** Flags unanswered questions past their due date as escalated (to the supervisor and the audit unit); returns how many. */
export async function escalateOverdueInquiries(db: Kysely<DB> | Transaction<DB>, now: Date): Promise<number> {
  const result = await db
    .updateTable('inquiry')
    .set({ escalated_at: now })
    .where('answered_at', 'is', null)
    .where('escalated_at', 'is', null)
    .where('due_at', '<', now)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Questions a citizen asked, newest first, with the application they concern. */
export async function citizenInquiries(db: Kysely<DB>, citizenId: number) {
  return db
    .selectFrom('inquiry as i')
    .innerJoin('application as a', 'a.id', 'i.application_id')
    .innerJoin('jurisdiction as j', 'j.id', 'a.jurisdiction_id')
    .select(['a.number', 'i.no', 'i.kind', 'i.private', 'i.question', 'i.opened_at', 'i.due_at', 'i.answered_at', 'i.answer', 'j.time_zone'])
    .where('i.citizen_id', '=', citizenId)
    .orderBy('i.opened_at', 'desc')
    .limit(100)
    .execute();
}

/** Open questions for a unit's queue: escalated ones first (so the head of the unit sees them at once), then the earliest due. */
export async function openInquiriesOfUnit(db: Kysely<DB>, unitId: number) {
  return db
    .selectFrom('inquiry as i')
    .innerJoin('application as a', 'a.id', 'i.application_id')
    .select(['a.number', 'a.title', 'i.no', 'i.kind', 'i.due_at', 'i.escalated_at'])
    .where('i.unit_id', '=', unitId)
    .where('i.answered_at', 'is', null)
    .orderBy(sql`i.escalated_at IS NULL`)
    .orderBy('i.due_at')
    .orderBy('a.number')
    .orderBy('i.no')
    .limit(200)
    .execute();
}

/** A question of an application by its number there, every column, for the commands that answer or redact it. */
export async function inquiryOf(trx: Transaction<DB>, applicationId: number, no: number) {
  return trx.selectFrom('inquiry').selectAll().where('application_id', '=', applicationId).where('no', '=', no).executeTakeFirst();
}
export type InquiryRow = NonNullable<Awaited<ReturnType<typeof inquiryOf>>>;

/** Where the applicant's e-mail about an answer goes, unless they stopped e-mails about the case. */
export async function applicantAnswerAddress(trx: Transaction<DB>, applicationId: number): Promise<string | null> {
  const row = await trx.selectFrom('application_private').select(['applicant_email', 'unsubscribed_at']).where('application_id', '=', applicationId).executeTakeFirst();
  return row && !row.unsubscribed_at ? row.applicant_email : null;
}

/** Stores a new question with the seq of the event that opens it. */
export async function insertInquiry(trx: Transaction<DB>, row: Insertable<InquiryTable>): Promise<void> {
  await trx.insertInto('inquiry').values(row).execute();
}

/** Records a question's answer with the seq of the event that publishes it. */
export async function saveInquiryAnswer(trx: Transaction<DB>, inquiryId: number, answer: { text: string; salt: string; at: Date; by: number; seq: number }): Promise<void> {
  await trx
    .updateTable('inquiry')
    .set({ answer: answer.text, answer_salt: answer.salt, answered_at: answer.at, answered_by: answer.by, answered_seq: answer.seq })
    .where('id', '=', inquiryId)
    .execute();
}

/** Replaces a published question or answer with its redacted text, keeping the original for auditors only. */
export async function saveInquiryRedaction(
  trx: Transaction<DB>,
  inquiry: { id: number; field: 'question' | 'answer'; original: string },
  redaction: { text: string; salt: string; reason: string; officialId: number; seq: number; at: Date },
): Promise<void> {
  await trx
    .updateTable('inquiry')
    .set(
      inquiry.field === 'question'
        ? { question: redaction.text, question_salt: redaction.salt, question_redaction_reason: redaction.reason }
        : { answer: redaction.text, answer_salt: redaction.salt, answer_redaction_reason: redaction.reason },
    )
    .where('id', '=', inquiry.id)
    .execute();
  await trx
    .insertInto('inquiry_redaction')
    .values({
      inquiry_id: inquiry.id, field: inquiry.field, original: inquiry.original, replacement: redaction.text, reason: redaction.reason,
      official_id: redaction.officialId, seq: redaction.seq, redacted_at: redaction.at,
    })
    .execute();
}
