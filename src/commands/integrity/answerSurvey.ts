import { castBallot, consumeInvitation, integrityYear, invitationByToken, mixBallots } from '../../db/repos/integrity.js';
import { inTransaction } from '../../db/repos/cases.js';
import type { Db } from '../../db/types.js';
import { checkAnswers } from '../../domain/integrity.js';
import { parseModel } from '../../domain/integrityModel.js';
import { hashSecret } from '../../domain/secrets.js';
import { AppError, notFound, validationError } from '../../errors.js';

export interface AnswerSurveyProps {
  /** The token from the invitation's link. */
  token: string;
  /** The form as submitted: one field per item, and an optional comment. */
  values: Record<string, string>;
  /** Waiting answers counted together (`INTEGRITY_MIX_BATCH`). */
  mixBatch: number;
  now?: Date;
}

/**
 * Records an applicant's integrity survey answer through their single-use link. In one transaction: the invitation is
 * locked, checked (unknown, used, expired, year published: each refused with its own message, writing nothing), the
 * answers checked against the year's items (each named field's error), the invitation marked used, and the answer put into the ballot box with only its strata; then the box is emptied into the counted
 * answers, shuffled, if enough wait. Nothing returned can tie the answer to the invitation.
 */
export async function answerSurvey(db: Db, props: AnswerSurveyProps): Promise<void> {
  const now = props.now ?? new Date();
  await inTransaction(db, async (trx) => {
    const invitation = await invitationByToken(trx, hashSecret(props.token), true);
    if (!invitation) throw notFound('integrity.error.link_invalid');
    if (invitation.answered) throw new AppError('invalid_transition', 'integrity.error.used');
    if (invitation.expires_at.getTime() <= now.getTime()) throw new AppError('invalid_transition', 'integrity.error.expired');
    const year = await integrityYear(trx, invitation.jurisdiction_id, invitation.year);
    const parsed = year && parseModel(year.model);
    if (!year || !parsed || !('model' in parsed)) throw notFound('integrity.error.link_invalid');
    if (year.published_at) throw new AppError('invalid_transition', 'integrity.error.year_closed', { year: invitation.year });
    const checked = checkAnswers(parsed.model, 'external', props.values);
    if ('issues' in checked) throw validationError(checked.issues);
    await consumeInvitation(trx, invitation.id);
    await castBallot(trx, {
      jurisdictionId: invitation.jurisdiction_id, year: invitation.year, survey: 'external', unitId: invitation.unit_id,
      procedureCode: invitation.procedure_code, outcome: invitation.outcome, answers: checked.answers, comment: checked.comment,
    });
    await mixBallots(trx, invitation.jurisdiction_id, props.mixBatch);
  });
}
