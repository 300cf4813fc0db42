import { officialPublicActor } from '../../db/repos/actors.js';
import { inquiryOf, saveInquiryRedaction } from '../../db/repos/inquiries.js';
import type { Db } from '../../db/types.js';
import type { OfficialActor } from '../../domain/actor.js';
import { eventPayload } from '../../domain/events.js';
import { commitText, INQUIRY_MAX_CHARS, newSalt, normalizeText } from '../../domain/inquiry.js';
import { decide } from '../../domain/workflow.js';
import { AppError, notFound, validationError } from '../../errors.js';
import { mayAnswerInquiry } from '../../policies/index.js';
import { changeCase } from '../changeCase.js';

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
export async function redactInquiry(db: Db, props: RedactInquiryProps): Promise<void> {
  const text = normalizeText(props.text);
  const reason = props.reason.trim();
  if (props.field !== 'question' && props.field !== 'answer') throw validationError([{ field: 'field', key: 'error.required' }]);
  if (!text) throw validationError([{ field: 'text', key: 'error.required' }]);
  if ([...text].length > INQUIRY_MAX_CHARS) throw validationError([{ field: 'text', key: 'error.inquiry_too_long' }]);
  if (!reason) throw validationError([{ field: 'reason', key: 'error.redaction_needs_reason' }]);
  if ([...reason].length > 500) throw validationError([{ field: 'reason', key: 'error.inquiry_too_long' }]);
  await changeCase(db, props.number, async ({ app, procedure, state }, trx, seq) => {
    const now = props.now ?? new Date();
    const inquiry = await inquiryOf(trx, app.id, props.no);
    if (!inquiry) throw notFound('error.inquiry_not_found');
    mayAnswerInquiry(props.actor, inquiry.unit_id);
    if (inquiry.private) throw new AppError('conflict', 'error.redaction_private');
    const original = props.field === 'question' ? inquiry.question : inquiry.answer;
    if (original === null) throw new AppError('conflict', 'error.redaction_nothing');
    decide(state, { type: 'inquiry_redacted', reason }, now.toISOString(), procedure.stages);
    const salt = newSalt();
    return {
      event: {
        payload: eventPayload('inquiry_redacted', { inquiry: inquiry.no, field: props.field, reason, text_sha256: commitText(salt, text) }, {}),
        occurredAt: now,
        recordedAt: now,
        actorOfficialId: props.actor.id,
        actor: await officialPublicActor(trx, props.actor.id),
        alongside: (tx) => saveInquiryRedaction(tx, { id: inquiry.id, field: props.field, original }, { text, salt, reason, officialId: props.actor.id, seq, at: now }),
      },
      result: {},
    };
  });
}
