import { officialPublicActor } from '../../db/repos/actors.js';
import { insertConflict } from '../../db/repos/fair.js';
import type { Db } from '../../db/types.js';
import type { OfficialActor } from '../../domain/actor.js';
import { CONFLICT_KINDS, type ConflictKind } from '../../domain/conflicts.js';
import { eventPayload } from '../../domain/events.js';
import { isClosed } from '../../domain/workflow.js';
import { invalidTransition, validationError } from '../../errors.js';
import { mayRecuse } from '../../policies/fair.js';
import { changeCase, type CaseChanged } from '../changeCase.js';
import type { PartyKeys } from './partyKeys.js';
import { planRotation, rotationAssignee } from './rotation.js';

export interface RecuseProps {
  number: string;
  actor: OfficialActor;
  /** What ties the official to this case; kept on the internal record, never published. */
  kind: ConflictKind;
  reason: string;
  keys: PartyKeys;
  now?: Date;
}

/** The longest reason kept. */
export const MAX_REASON = 1000;

/**
 * An official declares a conflict on one application ("I must not handle this one"). In one transaction, through
 * `changeCase`: the declaration is stored (sealed, bound to the official), and a `recused` event goes on the public
 * timeline; when the official held the case, the rotation reassigns it at once to an eligible colleague, or leaves
 * it unassigned for the supervisor when there is none. The reason stays internal.
 */
export async function recuse(db: Db, props: RecuseProps): Promise<CaseChanged & { assigneeId: number | null }> {
  const reason = props.reason.trim();
  if (!CONFLICT_KINDS.includes(props.kind)) throw validationError([{ field: 'kind', key: 'fair.error.kind_required' }]);
  if (!reason) throw validationError([{ field: 'reason', key: 'fair.error.reason_required' }]);
  if (reason.length > MAX_REASON) throw validationError([{ field: 'reason', key: 'fair.error.reason_too_long' }]);
  return changeCase(db, props.number, async ({ app, state }, trx) => {
    mayRecuse(props.actor, { unitId: app.unit_id, activeUnitIds: app.active_unit_ids, assigneeId: state.assigneeId });
    if (isClosed(state.status)) throw invalidTransition('error.case_closed');
    const now = props.now ?? new Date();
    await insertConflict(trx, {
      jurisdictionId: app.jurisdiction_id, officialId: props.actor.id, kind: props.kind, applicationId: app.id,
      hashes: { name: null, registration: null, address: null, parcel: null },
      sealed: props.keys.seal(`conflict:official:${props.actor.id}`, JSON.stringify({ reason })), at: now,
    });
    const held = state.assigneeId === props.actor.id;
    // The recusal just stored is among those the rotation reads, so the official cannot be chosen again.
    const decision = await planRotation(trx, app, props.keys, held ? props.actor.id : state.assigneeId);
    const assignee = held ? await rotationAssignee(trx, decision, now) : state.assigneeId === null ? null : { id: state.assigneeId, actor: await officialPublicActor(trx, state.assigneeId) };
    const payload = eventPayload(
      'recused',
      { ...(assignee ? { assignee: assignee.actor } : {}), rule: decision.rule },
      { assignee_id: assignee?.id ?? null, recused_official_id: props.actor.id, reason, rotation: decision },
    );
    return {
      event: { payload, occurredAt: now, recordedAt: now, actorOfficialId: props.actor.id, actor: await officialPublicActor(trx, props.actor.id) },
      result: { assigneeId: assignee?.id ?? null },
    };
  });
}
