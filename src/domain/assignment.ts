/**
 * Fair assignment, the pure rule ("rotation-v1"): a case goes to one of the eligible officials of the responsible
 * unit, by rotation weighted by current workload. An official is not eligible when a declared conflict of theirs
 * matches the applicant, the location or the parcel, when they stepped aside from this case, or when they are
 * away. Among the eligible, the one who handled this applicant's previous case is passed over when the unit has
 * another. Then the fewest open cases wins; a tie goes to whoever received a case by rotation longest ago (never
 * first), then to the lower id, so the choice is deterministic and can be explained to an auditor afterwards.
 */

export const ASSIGNMENT_RULE = 'rotation-v1';

/** Why an official was not chosen before the workload was looked at. */
export type Exclusion = 'conflict' | 'recused' | 'same_applicant' | 'current';

/** One official of the unit as the rule sees them. */
export interface AssignmentCandidate {
  id: number;
  /** Open cases assigned to them now. */
  openCases: number;
  /** When they last received a case by rotation (ISO 8601), or null when never. */
  lastAssignedAt: string | null;
  /** They declared a conflict matching one of this case's parties. */
  conflict: boolean;
  /** They stepped aside from this very case. */
  recused: boolean;
}

export interface AssignmentInput {
  candidates: readonly AssignmentCandidate[];
  /** Who handled the same applicant's most recent earlier case in this unit, if anyone. */
  previousForApplicant: number | null;
  /** The current assignee, when the case is being moved away from them (a recusal). */
  current: number | null;
}

/** The rule's answer with its reasons, kept with the event for the auditor. */
export interface AssignmentDecision {
  rule: typeof ASSIGNMENT_RULE;
  /** The chosen official, or null when nobody in the unit is eligible (a supervisor must then decide). */
  chosen: number | null;
  /** Every official considered, in the order the rule ranked the eligible ones, with why any was left out. */
  considered: { id: number; openCases: number; lastAssignedAt: string | null; excluded?: Exclusion }[];
}

/** Ranks two eligible candidates: fewer open cases, then longest since the last rotation, then lower id. */
function compare(a: AssignmentCandidate, b: AssignmentCandidate): number {
  if (a.openCases !== b.openCases) return a.openCases - b.openCases;
  const at = a.lastAssignedAt === null ? -Infinity : Date.parse(a.lastAssignedAt);
  const bt = b.lastAssignedAt === null ? -Infinity : Date.parse(b.lastAssignedAt);
  if (at !== bt) return at < bt ? -1 : 1;
  return a.id - b.id;
}

/** Applies the rule. Pure and total: never throws, and never returns an official the rule excludes. */
export function chooseAssignee(input: AssignmentInput): AssignmentDecision {
  const exclusion = new Map<number, Exclusion>();
  for (const c of input.candidates) {
    if (c.id === input.current) exclusion.set(c.id, 'current');
    else if (c.recused) exclusion.set(c.id, 'recused');
    else if (c.conflict) exclusion.set(c.id, 'conflict');
  }
  let eligible = input.candidates.filter((c) => !exclusion.has(c.id));
  if (input.previousForApplicant !== null && eligible.length > 1 && eligible.some((c) => c.id === input.previousForApplicant)) {
    exclusion.set(input.previousForApplicant, 'same_applicant');
    eligible = eligible.filter((c) => c.id !== input.previousForApplicant);
  }
  const ranked = [...eligible].sort(compare);
  const rest = input.candidates.filter((c) => exclusion.has(c.id)).sort((a, b) => a.id - b.id);
  return {
    rule: ASSIGNMENT_RULE,
    chosen: ranked[0]?.id ?? null,
    considered: [
      ...ranked.map((c) => ({ id: c.id, openCases: c.openCases, lastAssignedAt: c.lastAssignedAt })),
      ...rest.map((c) => ({ id: c.id, openCases: c.openCases, lastAssignedAt: c.lastAssignedAt, excluded: exclusion.get(c.id)! })),
    ],
  };
}
