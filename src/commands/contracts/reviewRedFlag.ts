import { inTransaction } from '../../db/repos/cases.js';
import { insertReview } from '../../db/repos/signals.js';
import type { Db } from '../../db/types.js';
import type { OfficialActor } from '../../domain/actor.js';
import type { OpenTenderThresholds } from '../../domain/redFlags.js';
import { notFound, validationError, type FieldIssue } from '../../errors.js';
import { mayReviewSignals } from '../../policies/fair.js';
import type { PartyKeys } from '../fair/partyKeys.js';
import { contractFlags } from './contractFlags.js';

export interface ReviewRedFlagProps {
  actor: OfficialActor;
  /** The flag's key (`contractFlags`). */
  key: string;
  /** `dismissed` (with the reason why it is no concern) or `referred` (for inquiry). */
  decision: string;
  reason: string;
  thresholds: OpenTenderThresholds;
  /** Fair handling's keys, so that a conflicted supplier's flag can be reviewed too. */
  partyKeys?: PartyKeys;
  now?: Date;
}

/**
 * Records an auditor's review of a red flag raised now: dismissed with a reason, or referred. The flag must be one
 * the processes raise today; the review is kept with the fair-handling signals' reviews and a later one supersedes it.
 */
export async function reviewRedFlag(db: Db, props: ReviewRedFlagProps): Promise<void> {
  mayReviewSignals(props.actor);
  const reason = props.reason.trim();
  const issues: FieldIssue[] = [];
  if (props.decision !== 'dismissed' && props.decision !== 'referred') issues.push({ field: 'decision', key: 'fair.error.decision_required' });
  if (!reason) issues.push({ field: 'reason', key: 'fair.error.reason_required' });
  else if (reason.length > 1000) issues.push({ field: 'reason', key: 'fair.error.reason_too_long' });
  if (issues.length) throw validationError(issues);
  const { flags } = await contractFlags(db, { thresholds: props.thresholds, partyKeys: props.partyKeys, now: props.now });
  const flag = flags.find((f) => f.key === props.key);
  if (!flag) throw notFound('contracts.error.flag_not_found');
  await inTransaction(db, (trx) =>
    insertReview(trx, {
      key: flag.key, jurisdictionId: flag.jurisdictionId, unitId: null, year: flag.year, kind: flag.flag.kind,
      decision: props.decision as 'dismissed' | 'referred', reason, auditorId: props.actor.id, at: props.now ?? new Date(),
    }),
  );
}
