import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chooseAssignee, type AssignmentCandidate, type AssignmentInput } from './assignment.js';

const c = (id: number, openCases: number, extra: Partial<AssignmentCandidate> = {}): AssignmentCandidate => ({
  id, openCases, lastAssignedAt: null, conflict: false, recused: false, ...extra,
});

describe('chooseAssignee', () => {
  it.each<[string, AssignmentInput, number | null]>([
    ['the lightest workload wins', { candidates: [c(1, 5), c(2, 2), c(3, 4)], previousForApplicant: null, current: null }, 2],
    ['a tie goes to whoever was assigned longest ago', { candidates: [c(1, 2, { lastAssignedAt: '2026-03-02T00:00:00Z' }), c(2, 2, { lastAssignedAt: '2026-03-01T00:00:00Z' })], previousForApplicant: null, current: null }, 2],
    ['never assigned comes before assigned', { candidates: [c(1, 2, { lastAssignedAt: '2026-03-01T00:00:00Z' }), c(2, 2)], previousForApplicant: null, current: null }, 2],
    ['then the lower id', { candidates: [c(7, 1), c(3, 1)], previousForApplicant: null, current: null }, 3],
    ['a declared conflict excludes even the idlest', { candidates: [c(1, 0, { conflict: true }), c(2, 9)], previousForApplicant: null, current: null }, 2],
    ['a recusal excludes', { candidates: [c(1, 0, { recused: true }), c(2, 3)], previousForApplicant: null, current: null }, 2],
    ['the current assignee is passed over when moving the case', { candidates: [c(1, 0), c(2, 3)], previousForApplicant: null, current: 1 }, 2],
    ['the same applicant goes to someone else', { candidates: [c(1, 0), c(2, 3)], previousForApplicant: 1, current: null }, 2],
    ['unless nobody else is eligible', { candidates: [c(1, 0), c(2, 3, { conflict: true })], previousForApplicant: 1, current: null }, 1],
    ['nobody eligible: nobody chosen', { candidates: [c(1, 0, { conflict: true }), c(2, 3, { recused: true })], previousForApplicant: null, current: null }, null],
    ['an empty unit', { candidates: [], previousForApplicant: null, current: null }, null],
  ])('%s', (_name, input, expected) => {
    expect(chooseAssignee(input).chosen).toBe(expected);
  });

  it('explains every exclusion', () => {
    const decision = chooseAssignee({ candidates: [c(1, 0, { conflict: true }), c(2, 1), c(3, 0)], previousForApplicant: 3, current: null });
    expect(decision.considered).toEqual([
      { id: 2, openCases: 1, lastAssignedAt: null },
      { id: 1, openCases: 0, lastAssignedAt: null, excluded: 'conflict' },
      { id: 3, openCases: 0, lastAssignedAt: null, excluded: 'same_applicant' },
    ]);
  });

  const candidate = (id: number) =>
    fc.record({
      id: fc.constant(id),
      openCases: fc.integer({ min: 0, max: 40 }),
      lastAssignedAt: fc.option(fc.integer({ min: 0, max: 1000 }).map((m) => new Date(Date.UTC(2026, 0, 1) + m * 60_000).toISOString()), { nil: null }),
      conflict: fc.boolean(),
      recused: fc.boolean(),
    });
  const unit = fc.integer({ min: 0, max: 12 }).chain((n) =>
    fc.tuple(fc.tuple(...Array.from({ length: n }, (_, i) => candidate(i + 1))), fc.option(fc.integer({ min: 1, max: 14 }), { nil: null }), fc.option(fc.integer({ min: 1, max: 14 }), { nil: null })),
  );

  it('never picks an ineligible official, and picks someone whenever someone is eligible', () => {
    fc.assert(
      fc.property(unit, ([candidates, previousForApplicant, current]) => {
        const decision = chooseAssignee({ candidates, previousForApplicant, current });
        const eligible = candidates.filter((x) => !x.conflict && !x.recused && x.id !== current);
        if (eligible.length === 0) {
          expect(decision.chosen).toBeNull();
          return;
        }
        const chosen = candidates.find((x) => x.id === decision.chosen);
        expect(chosen).toBeDefined();
        expect(chosen!.conflict).toBe(false);
        expect(chosen!.recused).toBe(false);
        expect(chosen!.id).not.toBe(current);
        // The same applicant's previous official only when nobody else is eligible.
        if (eligible.length > 1) expect(chosen!.id).not.toBe(previousForApplicant);
        // Nobody left in the running has fewer open cases.
        const inRunning = eligible.filter((x) => eligible.length === 1 || x.id !== previousForApplicant);
        expect(chosen!.openCases).toBe(Math.min(...inRunning.map((x) => x.openCases)));
        // Everyone is accounted for exactly once.
        expect(decision.considered.map((x) => x.id).sort((a, b) => a - b)).toEqual(candidates.map((x) => x.id));
      }),
      { numRuns: 2000 },
    );
  });
});
