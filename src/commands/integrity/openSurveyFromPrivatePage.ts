import { inTransaction } from '../../db/repos/cases.js';
import { invitationOfApplication, renewInvitationToken } from '../../db/repos/integrity.js';
import type { Db } from '../../db/types.js';
import { hashSecret, newToken } from '../../domain/secrets.js';
import { AppError, notFound } from '../../errors.js';

/**
 * The applicant's private page opens the survey: their unanswered, unexpired invitation gets a new single-use token
 * (the e-mail's link stops working, so only one link is ever live), returned for the redirect to the survey.
 */
export async function openSurveyFromPrivatePage(db: Db, applicationId: number, now = new Date()): Promise<string> {
  return inTransaction(db, async (trx) => {
    const invitation = await invitationOfApplication(trx, applicationId, true);
    if (!invitation) throw notFound('integrity.error.not_invited');
    if (invitation.answered) throw new AppError('invalid_transition', 'integrity.error.used');
    if (invitation.expires_at.getTime() <= now.getTime()) throw new AppError('invalid_transition', 'integrity.error.expired');
    const token = newToken();
    await renewInvitationToken(trx, invitation.id, hashSecret(token));
    return token;
  });
}
