import { officialPublicActor } from '../../db/repos/actors.js';
import { inquiryOf, saveInquiryAnswer } from '../../db/repos/inquiries.js';
import { enqueueMail } from '../../db/repos/outbox.js';
import type { Db } from '../../db/types.js';
import type { OfficialActor } from '../../domain/actor.js';
import { eventPayload } from '../../domain/events.js';
import { commitText, INQUIRY_MAX_CHARS, newSalt, normalizeText } from '../../domain/inquiry.js';
import { decide } from '../../domain/workflow.js';
import { AppError, notFound, validationError } from '../../errors.js';
import { mayAnswerInquiry } from '../../policies/index.js';
import { changeCase } from '../changeCase.js';

export interface AnswerInquiryProps {
  number: string;
  /** The question's number within the application. */
  no: number;
  answer: string;
  actor: OfficialActor;
  now?: Date;
}

/**
 * An official of the responsible unit answers a question on the record: the answer is public unless the question
 * was private, the event carries a salted commitment of it (ADR 0005), and the asker is e-mailed in the same
 * transaction. A question is answered once; a second answer is a conflict and writes nothing.
 */
export async function answerInquiry(db: Db, props: AnswerInquiryProps): Promise<void> {
  const answer = normalizeText(props.answer);
  if (!answer) throw validationError([{ field: 'answer', key: 'error.required' }]);
  if ([...answer].length > INQUIRY_MAX_CHARS) throw validationError([{ field: 'answer', key: 'error.inquiry_too_long' }]);
  await changeCase(db, props.number, async ({ app, procedure, state }, trx, seq) => {
    const now = props.now ?? new Date();
    const inquiry = await inquiryOf(trx, app.id, props.no);
    if (!inquiry) throw notFound('error.inquiry_not_found');
    mayAnswerInquiry(props.actor, inquiry.unit_id);
    if (inquiry.answered_at) throw new AppError('conflict', 'error.inquiry_already_answered');
    decide(state, { type: 'inquiry_answered' }, now.toISOString(), procedure.stages);
    const salt = newSalt();
    const data = { inquiry: inquiry.no, private: inquiry.private, ...(inquiry.private ? {} : { text_sha256: commitText(salt, answer) }) };
    return {
      event: {
        payload: eventPayload('inquiry_answered', data, {}),
        occurredAt: now,
        recordedAt: now,
        actorOfficialId: props.actor.id,
        actor: await officialPublicActor(trx, props.actor.id),
        alongside: async (tx) => {
          await saveInquiryAnswer(tx, inquiry.id, { text: answer, salt, at: now, by: props.actor.id, seq });
          if (inquiry.asker_email) {
            await enqueueMail(tx, {
              idempotencyKey: `inquiry-answered-${app.id}-${inquiry.no}`, kind: 'inquiry_answered', recipient: inquiry.asker_email,
              locale: inquiry.asker_locale, applicationId: app.id, eventSeq: seq, params: { number: app.number, title: app.title, no: inquiry.no },
            });
          }
        },
      },
      result: {},
    };
  });
}
