import { officialActor, officialPublicActor } from '../../db/repos/actors.js';
import type { Db } from '../../db/types.js';
import type { OfficialActor } from '../../domain/actor.js';
import { eventPayload } from '../../domain/events.js';
import { isClosed } from '../../domain/workflow.js';
import { AppError, invalidTransition, validationError } from '../../errors.js';
import { mayOverrideAssignment } from '../../policies/fair.js';
import { changeCase, type CaseChanged } from '../changeCase.js';
import type { PartyKeys } from './partyKeys.js';
import { caseParties, conflictedOfficials, rotationEvent } from './rotation.js';
import { MAX_REASON } from './recuse.js';

export interface OverrideAssignmentProps {
  number: string;
  actor: OfficialActor;
  /** The official the supervisor gives the case to. */
  officialId: number;
  /** Why the rotation's choice is set aside: required, kept on the internal record for auditors. */
  reason: string;
  keys: PartyKeys;
  now?: Date;
}

/**
 * A supervisor overrides the rotation: the case goes to an official of the unit they choose, with a reason. The
 * `assignment_overridden` event is public (who holds the case now); the reason, and whether the official had declared
 * a conflict matching the case (which the auditors' signals then show), are on the internal record. Refused, writing
 * nothing, without a reason, for an official outside the case's units, or for one who stepped aside from this case.
 */
export async function overrideAssignment(db: Db, props: OverrideAssignmentProps): Promise<CaseChanged> {
  const reason = props.reason.trim();
  if (!reason) throw validationError([{ field: 'reason', key: 'fair.error.reason_required' }]);
  if (reason.length > MAX_REASON) throw validationError([{ field: 'reason', key: 'fair.error.reason_too_long' }]);
  return changeCase(db, props.number, async ({ app, state }, trx) => {
    mayOverrideAssignment(props.actor, { unitId: app.unit_id, activeUnitIds: app.active_unit_ids, assigneeId: state.assigneeId });
    if (isClosed(state.status)) throw invalidTransition('error.case_closed');
    const target = await officialActor(trx, props.officialId);
    if (!target || !new Set([app.unit_id, ...app.active_unit_ids]).has(target.unitId) || !target.roles.some((r) => r === 'official' || r === 'supervisor')) {
      throw new AppError('validation', 'error.validation', {}, [{ field: 'official_id', key: 'error.assignee_not_eligible' }]);
    }
    if (target.id === state.assigneeId) throw validationError([{ field: 'official_id', key: 'error.already_assigned' }]);
    const { conflict, recused } = await conflictedOfficials(trx, [target.id], app, await caseParties(trx, app, props.keys));
    if (recused.has(target.id)) throw validationError([{ field: 'official_id', key: 'fair.error.assignee_recused' }]);
    const now = props.now ?? new Date();
    const payload = eventPayload(
      'assignment_overridden',
      { assignee: await officialPublicActor(trx, target.id) },
      { assignee_id: target.id, previous_assignee_id: state.assigneeId, reason, over_conflict: conflict.has(target.id) },
    );
    return { event: { payload, occurredAt: now, recordedAt: now, actorOfficialId: props.actor.id, actor: await officialPublicActor(trx, props.actor.id) }, result: {} };
  });
}

export interface AssignByRotationProps {
  number: string;
  actor: OfficialActor;
  keys: PartyKeys;
  now?: Date;
}

/** Asks the rotation to assign a case nobody holds (after a transfer, or when nobody was eligible at filing): its supervisor. */
export async function assignByRotation(db: Db, props: AssignByRotationProps): Promise<CaseChanged> {
  return changeCase(db, props.number, async ({ app, state }, trx) => {
    mayOverrideAssignment(props.actor, { unitId: app.unit_id, activeUnitIds: app.active_unit_ids, assigneeId: state.assigneeId });
    if (isClosed(state.status)) throw invalidTransition('error.case_closed');
    if (state.assigneeId !== null) throw invalidTransition('fair.error.already_held');
    const now = props.now ?? new Date();
    const event = await rotationEvent(trx, app, props.keys, now, now);
    if (!event) throw invalidTransition('fair.error.nobody_eligible');
    return { event, result: {} };
  });
}
