import type { Db } from '../../db/types.js';
import type { OfficialActor } from '../../domain/actor.js';
import { validationError, type FieldIssue } from '../../errors.js';
import { recordAct, type RecordedEvent } from '../recordAct.js';

export interface TerminateContractProps {
  number: string;
  /** Why the contract ends early; public on the process's record. */
  reasons: string;
  /** How the supplier may challenge the termination. */
  redress: string;
  actor: OfficialActor;
  now?: Date;
}

/**
 * Ends a contract before its completion: the process's negative decision (a terminated process, in OCDS a terminated
 * contract), with its reasons and the supplier's route of redress, each required and named when missing.
 */
export async function terminateContract(db: Db, props: TerminateContractProps): Promise<RecordedEvent> {
  const issues: FieldIssue[] = [];
  if (!props.reasons.trim() || props.reasons.trim().length > 2000) issues.push({ field: 'reasons', key: 'contracts.error.termination_reason' });
  if (!props.redress.trim() || props.redress.trim().length > 2000) issues.push({ field: 'redress', key: 'contracts.error.termination_redress' });
  if (issues.length) throw validationError(issues);
  return recordAct(db, {
    number: props.number, act: { type: 'decision', outcome: 'rejected', reasons: props.reasons.trim(), redress: props.redress.trim() }, actor: props.actor, now: props.now,
  });
}
