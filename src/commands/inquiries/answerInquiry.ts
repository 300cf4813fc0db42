import type { Kysely } from 'kysely';
import { officialPublicActor } from '../../db/repos/actors.js';
import { appendEvent, loadCaseForUpdate, saveCaseProjection } from '../../db/repos/cases.js';
import { enqueueMail } from '../../db/repos/outbox.js';
import type { DB } from '../../db/schema.js';
import type { OfficialActor } from '../../domain/actor.js';
import { commitText, INQUIRY_MAX_CHARS, newSalt, normalizeText } from '../../domain/inquiry.js';
import { decide, evolve } from '../../domain/workflow.js';
import { AppError, notFound, validationError } from '../../errors.js';
import { mayAnswerInquiry } from '../../policies/index.js';

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
export async function answerInquiry(db: Kysely<DB>, props: AnswerInquiryProps): Promise<void> {
  const now = props.now ?? new Date();
  const answer = normalizeText(props.answer);
  if (!answer) throw validationError([{ field: 'answer', key: 'error.required' }]);
  if ([...answer].length > INQUIRY_MAX_CHARS) throw validationError([{ field: 'answer', key: 'error.inquiry_too_long' }]);
  await db.transaction().execute(async (trx) => {
    const { app, procedure, state } = await loadCaseForUpdate(trx, props.number);
    const inquiry = await trx.selectFrom('inquiry').selectAll().where('application_id', '=', app.id).where('no', '=', props.no).executeTakeFirst();
    if (!inquiry) throw notFound('error.inquiry_not_found');
    mayAnswerInquiry(props.actor, inquiry.unit_id);
    if (inquiry.answered_at) throw new AppError('conflict', 'error.inquiry_already_answered');
    const decided = decide(state, { type: 'inquiry_answered' }, now.toISOString(), procedure.stages);
    const seq = state.lastSeq + 1;
    const salt = newSalt();
    await trx
      .updateTable('inquiry')
      .set({ answer, answer_salt: salt, answered_at: now, answered_by: props.actor.id, answered_seq: seq })
      .where('id', '=', inquiry.id)
      .execute();
    const data: Record<string, unknown> = { inquiry: inquiry.no, private: inquiry.private };
    if (!inquiry.private) data.text_sha256 = commitText(salt, answer);
    if (inquiry.asker_email) {
      await enqueueMail(trx, {
        idempotencyKey: `inquiry-answered-${app.id}-${inquiry.no}`,
        kind: 'inquiry_answered',
        recipient: inquiry.asker_email,
        locale: inquiry.asker_locale,
        applicationId: app.id,
        eventSeq: seq,
        params: { number: app.number, title: app.title, no: inquiry.no },
      });
    }
    const next = evolve(state, { seq, type: decided.type, occurredAt: now.toISOString(), officialId: props.actor.id, data });
    await saveCaseProjection(trx, app.id, next, app.active_unit_ids, app.closed_at);
    await appendEvent(trx, {
      jurisdictionId: app.jurisdiction_id,
      applicationId: app.id,
      seq,
      type: decided.type,
      occurredAt: now,
      recordedAt: now,
      actorOfficialId: props.actor.id,
      actor: await officialPublicActor(trx, props.actor.id),
      data,
      privateData: {},
    });
  });
}
