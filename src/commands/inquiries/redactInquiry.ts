import type { Kysely } from 'kysely';
import { officialPublicActor } from '../../db/repos/actors.js';
import { appendEvent, loadCaseForUpdate, saveCaseProjection } from '../../db/repos/cases.js';
import type { DB } from '../../db/schema.js';
import type { OfficialActor } from '../../domain/actor.js';
import { commitText, INQUIRY_MAX_CHARS, newSalt, normalizeText } from '../../domain/inquiry.js';
import { decide, evolve } from '../../domain/workflow.js';
import { AppError, notFound, validationError } from '../../errors.js';
import { mayAnswerInquiry } from '../../policies/index.js';

export interface RedactInquiryProps {
  number: string;
  no: number;
  field: 'question' | 'answer';
  /** The text to show instead, e.g. the same with a phone number removed. */
  text: string;
  /** Why, published with the `inquiry_redacted` event. */
  reason: string;
  actor: OfficialActor;
  now?: Date;
}

/**
 * Replaces a published question or answer with a redacted text, with a published reason (ADR 0005). The public page
 * shows the new text and the reason; the replaced text stays in `inquiry_redaction` for auditors. The log never held
 * the text, only a salted commitment; the new text gets a new salt and its own commitment in the event.
 */
export async function redactInquiry(db: Kysely<DB>, props: RedactInquiryProps): Promise<void> {
  const now = props.now ?? new Date();
  const text = normalizeText(props.text);
  const reason = props.reason.trim();
  if (props.field !== 'question' && props.field !== 'answer') throw validationError([{ field: 'field', key: 'error.required' }]);
  if (!text) throw validationError([{ field: 'text', key: 'error.required' }]);
  if ([...text].length > INQUIRY_MAX_CHARS) throw validationError([{ field: 'text', key: 'error.inquiry_too_long' }]);
  if (!reason) throw validationError([{ field: 'reason', key: 'error.redaction_needs_reason' }]);
  if ([...reason].length > 500) throw validationError([{ field: 'reason', key: 'error.inquiry_too_long' }]);
  await db.transaction().execute(async (trx) => {
    const { app, procedure, state } = await loadCaseForUpdate(trx, props.number);
    const inquiry = await trx.selectFrom('inquiry').selectAll().where('application_id', '=', app.id).where('no', '=', props.no).executeTakeFirst();
    if (!inquiry) throw notFound('error.inquiry_not_found');
    mayAnswerInquiry(props.actor, inquiry.unit_id);
    if (inquiry.private) throw new AppError('conflict', 'error.redaction_private');
    const original = props.field === 'question' ? inquiry.question : inquiry.answer;
    if (original === null) throw new AppError('conflict', 'error.redaction_nothing');
    const decided = decide(state, { type: 'inquiry_redacted', reason }, now.toISOString(), procedure.stages);
    const seq = state.lastSeq + 1;
    const salt = newSalt();
    await trx
      .updateTable('inquiry')
      .set(
        props.field === 'question'
          ? { question: text, question_salt: salt, question_redaction_reason: reason }
          : { answer: text, answer_salt: salt, answer_redaction_reason: reason },
      )
      .where('id', '=', inquiry.id)
      .execute();
    await trx
      .insertInto('inquiry_redaction')
      .values({ inquiry_id: inquiry.id, field: props.field, original, replacement: text, reason, official_id: props.actor.id, seq, redacted_at: now })
      .execute();
    const data = { inquiry: inquiry.no, field: props.field, reason, text_sha256: commitText(salt, text) };
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
