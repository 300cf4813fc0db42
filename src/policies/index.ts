import { forbidden } from '../errors.js';
import type { Actor, OfficialActor } from '../domain/actor.js';
import type { OfficeActType, Role } from '../domain/types.js';

/**
 * Who may do what. Every office route asks one of these; each throws a `forbidden` error that names the
 * missing right, so the person sees why they were refused.
 */

const hasRole = (actor: OfficialActor, ...roles: Role[]) => roles.some((r) => actor.roles.includes(r));

/** The office a procedure belongs to, as the registering policy needs it. */
export interface ProcedureScope {
  unitId: number;
  jurisdictionId: string;
}

/**
 * Registering an application on someone's behalf: counter staff and supervisors of the procedure's own
 * jurisdiction; systems for their unit.
 */
export function mayRegister(actor: Actor, procedure: ProcedureScope): void {
  if (actor.kind === 'official' && hasRole(actor, 'clerk', 'supervisor')) {
    if (actor.jurisdictionId === procedure.jurisdictionId) return;
    throw forbidden('error.forbidden_other_jurisdiction');
  }
  if (actor.kind === 'system' && actor.unitId === procedure.unitId) return;
  throw forbidden('error.forbidden_register');
}

/** Opening a contracting process: officials and supervisors of the department whose procurement procedure it is. */
export function mayOpenProcess(actor: Actor, procedure: ProcedureScope): void {
  if (actor.kind === 'official' && hasRole(actor, 'official', 'supervisor') && actor.unitId === procedure.unitId) return;
  throw forbidden('contracts.error.forbidden_open');
}

/** Keeping the debarment list: supervisors and administrators of the jurisdiction. */
export function mayDebar(actor: Actor): asserts actor is OfficialActor {
  if (actor.kind === 'official' && hasRole(actor, 'supervisor', 'admin')) return;
  throw forbidden('contracts.error.forbidden_debar');
}

/** The facts about an application a policy needs. */
export interface CaseScope {
  unitId: number;
  /** Units working an active stage or answering a consultation. */
  activeUnitIds: number[];
  assigneeId: number | null;
}

/**
 * Recording an act on an application: officials and supervisors of the application's unit, or of a unit
 * currently working one of its stages; a system keyed to one of those units. Assigning someone else is for
 * supervisors; an official may take a case for themself.
 */
export function mayAct(actor: Actor, scope: CaseScope, act: OfficeActType, assigneeId?: number): void {
  const units = new Set([scope.unitId, ...scope.activeUnitIds]);
  // Extending a deadline and transferring a case are a supervisor's decisions, never a system's.
  const supervisorsOnly = act === 'deadline_extended' || act === 'transferred';
  if (actor.kind === 'system') {
    if (supervisorsOnly) throw forbidden(act === 'transferred' ? 'error.forbidden_transfer' : 'error.forbidden_extend');
    if (units.has(actor.unitId)) return;
    throw forbidden('error.forbidden_other_unit');
  }
  if (actor.kind !== 'official') throw forbidden('error.forbidden_act');
  if (!hasRole(actor, 'official', 'supervisor')) throw forbidden('error.forbidden_act');
  if (!units.has(actor.unitId)) throw forbidden('error.forbidden_other_unit');
  if (supervisorsOnly && !hasRole(actor, 'supervisor')) {
    throw forbidden(act === 'transferred' ? 'error.forbidden_transfer' : 'error.forbidden_extend');
  }
  if (act === 'assigned' && assigneeId !== actor.id && !hasRole(actor, 'supervisor')) {
    throw forbidden('error.forbidden_assign_others');
  }
  if (act === 'withdrawn' && !hasRole(actor, 'supervisor', 'clerk', 'official')) throw forbidden('error.forbidden_act');
}

/** Seeing the office side (queues, private case data): any active official. */
export function mayUseOffice(actor: Actor): asserts actor is OfficialActor {
  if (actor.kind !== 'official') throw forbidden('error.forbidden_office');
}

/** Seeing an application's private data: its own unit, active units, auditors and supervisors anywhere. */
export function mayViewCase(actor: Actor, scope: CaseScope): void {
  if (actor.kind === 'applicant') return;
  if (actor.kind === 'system' && (actor.unitId === scope.unitId || scope.activeUnitIds.includes(actor.unitId))) return;
  if (actor.kind !== 'official') throw forbidden('error.forbidden_case');
  if (hasRole(actor, 'auditor', 'admin')) return;
  if (actor.unitId === scope.unitId || scope.activeUnitIds.includes(actor.unitId)) return;
  throw forbidden('error.forbidden_case');
}

/**
 * Whether opening a case's personal data needs a stated reason first: for auditors and administrators, who may open
 * any file, unless their own unit has a part in the case. The reason goes into the access log auditors read.
 */
export function mustGiveReasonToOpen(actor: OfficialActor, scope: CaseScope): boolean {
  if (!hasRole(actor, 'auditor', 'admin')) return false;
  return !(actor.unitId === scope.unitId || scope.activeUnitIds.includes(actor.unitId));
}

/** Administration of units, officials, keys, procedures and jurisdiction settings. */
export function mayAdminister(actor: Actor): asserts actor is OfficialActor {
  if (actor.kind === 'official' && hasRole(actor, 'admin')) return;
  throw forbidden('error.forbidden_admin');
}

/** Whose work an audit view covers: every unit (`unitId` null) or one unit. */
export interface AuditScope {
  unitId: number | null;
}

/** The audit view ("cyber inspection"): auditors see every unit, supervisors their own unit; nobody else. */
export function mayAudit(actor: Actor): AuditScope {
  if (actor.kind !== 'official') throw forbidden('error.forbidden_audit');
  if (hasRole(actor, 'auditor')) return { unitId: null };
  if (hasRole(actor, 'supervisor')) return { unitId: actor.unitId };
  throw forbidden('error.forbidden_audit');
}

/** Answering a question on the record: an official (not only an auditor) of the unit the question was sent to. */
export function mayAnswerInquiry(actor: Actor, inquiryUnitId: number): asserts actor is OfficialActor {
  if (actor.kind !== 'official') throw forbidden('error.forbidden_office');
  if (actor.unitId !== inquiryUnitId || !hasRole(actor, 'official', 'supervisor')) throw forbidden('error.forbidden_inquiry');
}

/**
 * Reading a private question's text and answer in the office: the staff of the unit it was sent to and the
 * auditors; not a unit merely consulted on the case, nor an administrator. Never throws: the others see that it exists.
 */
export function mayReadPrivateInquiry(actor: Actor, inquiryUnitId: number): boolean {
  return actor.kind === 'official' && (actor.unitId === inquiryUnitId || hasRole(actor, 'auditor'));
}

/**
 * Reading applicants' ratings with their private comments: auditors every unit (`unitId` null), officials and
 * supervisors their own unit's; nobody else (clerks, administrators, systems, the public).
 */
export function mayReadRatings(actor: Actor): AuditScope {
  if (actor.kind !== 'official') throw forbidden('error.forbidden_ratings');
  if (hasRole(actor, 'auditor')) return { unitId: null };
  if (hasRole(actor, 'official', 'supervisor')) return { unitId: actor.unitId };
  throw forbidden('error.forbidden_ratings');
}

/**
 * The Integrity Index's office side, its years, models, sampling rates and provisional figures: auditors and
 * administrators of their own jurisdiction. Returns the jurisdiction it covers.
 */
export function mayManageIntegrity(actor: Actor): { jurisdictionId: string } {
  if (actor.kind === 'official' && hasRole(actor, 'auditor', 'admin')) return { jurisdictionId: actor.jurisdictionId };
  throw forbidden('integrity.error.forbidden');
}

/** Entering deductions and effort scores, and publishing a year: auditors only. */
export function mayAssessIntegrity(actor: Actor): { jurisdictionId: string; officialId: number } {
  if (actor.kind === 'official' && hasRole(actor, 'auditor')) return { jurisdictionId: actor.jurisdictionId, officialId: actor.id };
  throw forbidden('integrity.error.forbidden_assess');
}

/** Answering the officials' internal integrity survey: any official, once a year. */
export function mayAnswerInternalSurvey(actor: Actor): { officialId: number; unitId: number; jurisdictionId: string } {
  if (actor.kind === 'official') return { officialId: actor.id, unitId: actor.unitId, jurisdictionId: actor.jurisdictionId };
  throw forbidden('error.forbidden_office');
}

/**
 * Where an official's office front page is: an administrator with no casework (no clerk, official, supervisor or
 * auditor role) starts at administration, never at an empty queue; everyone else at their queue.
 */
export function officeLanding(actor: OfficialActor): '/office' | '/admin' {
  const casework = actor.roles.some((r) => r === 'clerk' || r === 'official' || r === 'supervisor' || r === 'auditor');
  return actor.roles.includes('admin') && !casework ? '/admin' : '/office';
}
