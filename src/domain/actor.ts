import type { Role } from './types.js';

/** The official behind a request, with what policies and the public presenter need to know. */
export interface OfficialActor {
  kind: 'official';
  id: number;
  login: string;
  jurisdictionId: string;
  unitId: number;
  unitCode: string;
  roles: Role[];
}

/** A department system authenticated by an API key scoped to one unit. */
export interface SystemActor {
  kind: 'system';
  keyId: number;
  jurisdictionId: string;
  unitId: number;
  unitCode: string;
  /** Official the system says performed the act, already checked to belong to the unit. */
  onBehalfOf: number | null;
}

/** An applicant who proved knowledge of an application's access code. */
export interface ApplicantActor {
  kind: 'applicant';
  applicationId: number;
}

export interface PublicVisitor {
  kind: 'public';
}

export type Actor = OfficialActor | SystemActor | ApplicantActor | PublicVisitor;
