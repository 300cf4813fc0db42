import type { Db } from '../../db/types.js';
import { inTransaction } from '../../db/repos/cases.js';
import { decideIdentityRequest, lockPendingIdentityRequest, recordReportAccess } from '../../db/repos/reports.js';
import type { OfficialActor } from '../../domain/actor.js';
import { unwrapWith, wrapFor } from '../../domain/reportCrypto.js';
import { MESSAGE_MAX, MOTIVATION_MIN } from '../../domain/reports.js';
import { notFound, validationError } from '../../errors.js';
import { mayKeepCustody } from '../../policies/reports.js';
import type { SessionKeys } from './keys.js';
import { locked } from './investigate.js';

/**
 * A custodian approves or refuses an investigator's request to see a confidential reporter's identity, with a
 * motivation. Approval opens the identity's key with the custodians' ring and wraps it for the requester alone; the
 * custodian never reads the identity itself. The decision is recorded with the report's accesses.
 */
export async function decideIdentity(
  db: Db,
  actor: OfficialActor,
  keys: SessionKeys | null,
  requestId: number,
  props: { decision: string; motivation: string; now?: Date },
): Promise<void> {
  const issues = [];
  if (props.decision !== 'approved' && props.decision !== 'refused') issues.push({ field: 'decision', key: 'report.error_decision' });
  const motivation = props.motivation.trim();
  if (motivation.length < MOTIVATION_MIN) issues.push({ field: 'motivation', key: 'report.error_motivation', values: { min: MOTIVATION_MIN } });
  if (motivation.length > MESSAGE_MAX) issues.push({ field: 'motivation', key: 'error.too_long', values: { max: MESSAGE_MAX } });
  if (issues.length) throw validationError(issues);
  mayKeepCustody(actor);
  if (props.decision === 'approved' && !keys?.rings.custody) throw locked();
  await inTransaction(db, async (trx) => {
    const request = await lockPendingIdentityRequest(trx, requestId);
    if (!request) throw notFound('report.request_not_found');
    mayKeepCustody(actor, request.jurisdiction_id);
    let wrappedKey: Buffer | null = null;
    if (props.decision === 'approved') {
      const identityKey = request.identity_key_for_custody ? unwrapWith(keys!.rings.custody!, request.identity_key_for_custody, 'report identity key') : null;
      if (!identityKey) throw notFound('report.request_not_found');
      wrappedKey = wrapFor(request.requester_key, identityKey, 'report identity key');
    }
    await decideIdentityRequest(trx, { requestId, decision: props.decision as 'approved' | 'refused', officialId: actor.id, motivation, at: props.now ?? new Date(), wrappedKey });
    await recordReportAccess(trx, request.report_id, actor.id, `identity_${props.decision}`);
  });
}
