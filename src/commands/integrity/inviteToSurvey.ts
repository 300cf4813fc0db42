import { randomInt } from 'node:crypto';
import { ensureIntegrityYear, insertInvitation, integrityYear, previousPublishedYear, samplingRate } from '../../db/repos/integrity.js';
import { enqueueApplicantMail } from '../../db/repos/outbox.js';
import type { Tx } from '../../db/types.js';
import { coarseOutcome, isSampled, yearIn } from '../../domain/integrity.js';
import { invitationWindowDays, parseModel, presetModel } from '../../domain/integrityModel.js';
import { hashSecret, newToken } from '../../domain/secrets.js';

/** The closing case, as the invitation needs it. */
export interface ClosingCase {
  applicationId: number;
  /** The public number, named in the applicant's own e-mail. */
  number: string;
  jurisdictionId: string;
  timeZone: string;
  unitId: number;
  procedureCode: string;
  /** The status the case closed with. */
  status: string;
  closedAt: Date;
  /** When the closing act was recorded: the survey's window starts then, even for an act entered late. */
  invitedAt: Date;
}

/** Parameters of the invitation e-mail: the link's token (dropped from the outbox once sent) and the deadline. */
export interface IntegrityInvitationParams {
  token: string;
  number: string;
  until: string;
  /** The jurisdiction's time zone, to write `until` as a local date. */
  zone: string;
  year: number;
}

/**
 * Invites a closing case's applicant to the integrity survey, inside the closing act's transaction: draws the sample
 * at the procedure's rate, stores the invitation (one per application: a second call does nothing) with the SHA-256
 * of a single-use token, and puts its own e-mail into the outbox, separate from the closing e-mail and the rating.
 * An applicant without an address is still invited: their private page offers the survey.
 */
export async function inviteToSurvey(trx: Tx, c: ClosingCase): Promise<void> {
  const rate = await samplingRate(trx, c.jurisdictionId, c.procedureCode);
  if (!isSampled(rate, randomInt(0, 2 ** 32) / 2 ** 32)) return;
  const year = yearIn(c.closedAt, c.timeZone);
  // The year exists but for the first closing of a year, so its default model is looked for only then.
  const stored =
    (await integrityYear(trx, c.jurisdictionId, year)) ?? (await ensureIntegrityYear(trx, c.jurisdictionId, year, await defaultModelFor(trx, c.jurisdictionId, year)));
  // A published year takes no more answers: the case closed after its year was published (a late entry).
  if (stored.published_at) return;
  const windowDays = invitationWindowDays(stored.model);
  const token = newToken();
  const expiresAt = new Date(Math.max(c.closedAt.getTime(), c.invitedAt.getTime()) + windowDays * 86_400_000);
  const created = await insertInvitation(trx, {
    applicationId: c.applicationId, tokenHash: hashSecret(token), jurisdictionId: c.jurisdictionId, year, unitId: c.unitId,
    procedureCode: c.procedureCode, outcome: coarseOutcome(c.status), expiresAt,
  });
  if (!created) return;
  const params: IntegrityInvitationParams = { token, number: c.number, until: expiresAt.toISOString(), zone: c.timeZone, year };
  // Addressed from the applicant's private row in the same statement: nothing when they have no address or unsubscribed.
  await enqueueApplicantMail(trx, c.applicationId, {
    idempotencyKey: `integrity-invitation-${c.applicationId}`,
    kind: 'integrity_invitation',
    params: params as unknown as Record<string, unknown>,
  });
}

/** A new year's model: last published year's, or the classic ACRC preset. */
async function defaultModelFor(trx: Tx, jurisdictionId: string, year: number): Promise<unknown> {
  const previous = await previousPublishedYear(trx, jurisdictionId, year);
  if (previous && 'model' in parseModel(previous.model)) return previous.model;
  return presetModel('acrc_classic', 'department');
}
