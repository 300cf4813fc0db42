import { ROLES, type Role } from '../domain/types.js';

/**
 * Roles whose work shows personal data (applicants' names and contacts, private documents, reporters' messages).
 * Every office role does today; a role added later that does not stays out of this list, and the jurisdiction's
 * setting then decides for it.
 */
export const ROLES_SEEING_PERSONAL_DATA: readonly Role[] = ROLES;

/** What decides whether a second factor is required, besides the roles. */
export interface SecondFactorPolicy {
  /** The deployment's SECOND_FACTOR: 'optional' only for trials, never for an office in service. */
  mode: 'required' | 'optional';
  /** The jurisdiction's choice for roles that see no personal data. */
  others: 'required' | 'optional';
}

/** Whether an official with these roles must sign in with a second factor (and enrol before reaching any office page). */
export function secondFactorRequired(roles: readonly string[], policy: SecondFactorPolicy): boolean {
  if (policy.mode === 'optional') return false;
  if (roles.some((r) => (ROLES_SEEING_PERSONAL_DATA as readonly string[]).includes(r))) return true;
  return policy.others === 'required';
}
