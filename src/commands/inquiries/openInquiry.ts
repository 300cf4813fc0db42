import { calendarFor } from '../../db/repos/calendars.js';
import { applicantAnswerAddress, insertInquiry, nextInquiryNo } from '../../db/repos/inquiries.js';
import type { Db } from '../../db/types.js';
import { eventPayload } from '../../domain/events.js';
import { commitText, INQUIRY_MAX_CHARS, mentionsCorruption, newSalt, normalizeText } from '../../domain/inquiry.js';
import { decide } from '../../domain/workflow.js';
import { AppError, validationError } from '../../errors.js';
import { changeCase } from '../changeCase.js';

/** Who asks: the applicant (their access-code session proved the application) or a citizen signed in by e-mail. */
export type Asker = { kind: 'applicant'; applicationId: number } | { kind: 'citizen'; citizenId: number; email: string };

export interface OpenInquiryProps {
  number: string;
  asker: Asker;
  kind: 'question' | 'objection';
  text: string;
  /** Kept off every public page; the event then says only that a private question was asked. */
  private: boolean;
  /** The asker's language, for the e-mail with the answer. */
  locale: string;
  now?: Date;
}

export interface OpenedInquiry {
  no: number;
  dueAt: Date;
  /** The question mentions bribes or unofficial fees: point the asker to the reporting channel. */
  corruption: boolean;
}

/**
 * Opens a question or objection: it goes to the application's responsible unit with a deadline of the
 * jurisdiction's `inquiry_response_days` working days. The public event carries the question's number, kind,
 * privacy and (for a public question) a salted SHA-256 commitment of its text, never the text or the asker
 * (ADR 0005). Refused, writing nothing, for empty or oversized text, a foreign applicant session, or a withdrawn case.
 */
export async function openInquiry(db: Db, props: OpenInquiryProps): Promise<OpenedInquiry> {
  const text = normalizeText(props.text);
  if (!text) throw validationError([{ field: 'text', key: 'error.required' }]);
  if ([...text].length > INQUIRY_MAX_CHARS) throw validationError([{ field: 'text', key: 'error.inquiry_too_long' }]);
  if (props.kind !== 'question' && props.kind !== 'objection') throw validationError([{ field: 'kind', key: 'error.required' }]);
  return changeCase(db, props.number, async ({ app, procedure, jurisdiction, state }, trx) => {
    const now = props.now ?? new Date();
    if (props.asker.kind === 'applicant' && props.asker.applicationId !== app.id) throw new AppError('forbidden', 'error.forbidden_case');
    decide(state, { type: 'inquiry_opened' }, now.toISOString(), procedure.stages);
    const no = await nextInquiryNo(trx, app.id);
    const calendar = await calendarFor(trx, jurisdiction);
    const dueAt = calendar.addWorkingDays(now, jurisdiction.inquiry_response_days);
    const salt = newSalt();
    const askerEmail = props.asker.kind === 'citizen' ? props.asker.email : await applicantAnswerAddress(trx, app.id);
    const data = { inquiry: no, kind: props.kind, private: props.private, due: calendar.toRfc3339(dueAt), ...(props.private ? {} : { text_sha256: commitText(salt, text) }) };
    return {
      event: {
        payload: eventPayload('inquiry_opened', data, {}),
        occurredAt: now,
        recordedAt: now,
        actorOfficialId: null,
        actor: null,
        alongside: (tx, openedSeq) =>
          insertInquiry(tx, {
            application_id: app.id, no, jurisdiction_id: app.jurisdiction_id, unit_id: app.unit_id, kind: props.kind, private: props.private,
            question: text, question_salt: salt, asked_by: props.asker.kind, citizen_id: props.asker.kind === 'citizen' ? props.asker.citizenId : null,
            asker_email: askerEmail, asker_locale: props.locale, opened_seq: openedSeq, opened_at: now, due_at: dueAt,
          }),
      },
      result: { no, dueAt, corruption: mentionsCorruption(text) },
    };
  });
}
