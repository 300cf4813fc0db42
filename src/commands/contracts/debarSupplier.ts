import { inTransaction } from '../../db/repos/cases.js';
import { insertDebarment } from '../../db/repos/contracts.js';
import type { Db } from '../../db/types.js';
import type { OfficialActor } from '../../domain/actor.js';
import { supplierKey } from '../../domain/contracts.js';
import { validationError, type FieldIssue } from '../../errors.js';
import { mayDebar } from '../../policies/index.js';

export interface DebarProps {
  supplierName: string;
  reason: string;
  decision: string;
  startsOn: string;
  endsOn: string;
  actor: OfficialActor;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const realDate = (s: string) => DATE.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s);

/** Adds a supplier to the jurisdiction's debarment list, from which no award can then be made to it for the period. */
export async function debarSupplier(db: Db, props: DebarProps): Promise<number> {
  mayDebar(props.actor);
  const issues: FieldIssue[] = [];
  const name = props.supplierName.trim();
  if (!name || name.length > 200 || !supplierKey(name)) issues.push({ field: 'supplier', key: 'contracts.error.supplier' });
  if (!props.reason.trim() || props.reason.trim().length > 2000) issues.push({ field: 'reason', key: 'contracts.error.debarment_reason' });
  if (!props.decision.trim() || props.decision.trim().length > 500) issues.push({ field: 'decision', key: 'contracts.error.debarment_decision' });
  if (!realDate(props.startsOn)) issues.push({ field: 'starts_on', key: 'contracts.error.date' });
  if (!realDate(props.endsOn) || (realDate(props.startsOn) && props.endsOn < props.startsOn)) issues.push({ field: 'ends_on', key: 'contracts.error.date' });
  if (issues.length) throw validationError(issues);
  return inTransaction(db, (trx) =>
    insertDebarment(trx, {
      jurisdictionId: props.actor.jurisdictionId, supplierName: name, supplierKey: supplierKey(name), reason: props.reason.trim(),
      decision: props.decision.trim(), startsOn: props.startsOn, endsOn: props.endsOn, createdBy: props.actor.id,
    }),
  );
}
