import type { Actor, OfficialActor } from '../domain/actor.js';
import type { Role } from '../domain/types.js';
import { forbidden } from '../errors.js';
import type { CaseScope } from './index.js';

/** Who may do what in fair handling: declarations, recusal, overrides, the gift register and signal reviews. */

const hasRole = (actor: OfficialActor, ...roles: Role[]) => roles.some((r) => actor.roles.includes(r));
const inUnits = (actor: OfficialActor, scope: CaseScope) => actor.unitId === scope.unitId || scope.activeUnitIds.includes(actor.unitId);

/** Declaring one's own conflicts of interest and recording gifts offered: anyone who handles cases. */
export function mayDeclare(actor: Actor): asserts actor is OfficialActor {
  if (actor.kind === 'official' && hasRole(actor, 'official', 'supervisor', 'clerk')) return;
  throw forbidden('fair.error.forbidden_declare');
}

/** Stepping aside from a case ("I must not handle this one"): an official or supervisor of a unit working it. */
export function mayRecuse(actor: Actor, scope: CaseScope): asserts actor is OfficialActor {
  if (actor.kind !== 'official' || !hasRole(actor, 'official', 'supervisor')) throw forbidden('fair.error.forbidden_recuse');
  if (!inUnits(actor, scope)) throw forbidden('error.forbidden_other_unit');
}

/** Overriding the rotation, and asking it to assign an unassigned case: the supervisor of a unit working the case. */
export function mayOverrideAssignment(actor: Actor, scope: CaseScope): asserts actor is OfficialActor {
  if (actor.kind !== 'official' || !hasRole(actor, 'supervisor')) throw forbidden('fair.error.forbidden_override');
  if (!inUnits(actor, scope)) throw forbidden('error.forbidden_other_unit');
}

/** Reading signals, declarations in clear and recording reviews: auditors only (supervisors are among those watched). */
export function mayReviewSignals(actor: Actor): asserts actor is OfficialActor {
  if (actor.kind === 'official' && hasRole(actor, 'auditor')) return;
  throw forbidden('fair.error.forbidden_signals');
}
