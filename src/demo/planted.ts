import type { ApplicationSpec } from './applications.js';
import { applicantUnlikeOfficials, basePlan, receiptMoment } from './applications.js';
import { DAY_MS, localYear } from './calendar.js';
import type { JurisdictionCode } from './catalogue.js';
import type { DemoCase, DemoOrganisation, DemoProcedure } from './model.js';
import type { Applicant } from './people.js';
import type { Rng } from './random.js';

/**
 * Patterns planted in the full demo for the auditors' signals to find (and for a test to measure them by): an
 * official who fast-tracks one applicant's files, an official who asks for supplements on every file and sits on it
 * until they are "answered", a head of unit who overrides the assignment of case after case, and a gift from the
 * fast-tracked applicant to their official. Everything else in the demo is the honest majority.
 */
export const PLANTED_PATTERNS = ['fast_tracker', 'supplement_sitter', 'frequent_overrider', 'gift_giver'] as const;
export type PlantedPattern = (typeof PLANTED_PATTERNS)[number];

/** A planted pattern as the demo knows it: who, and (once numbered) which cases. */
export interface Planted {
  pattern: PlantedPattern;
  officialId: number;
  unitId: number;
  year: number;
  numbers: string[];
}

/** A planted application spec, with the pattern it belongs to. */
export interface PlantedSpec {
  spec: ApplicationSpec;
  pattern: PlantedPattern;
  officialId: number;
}

/** A gift planted in the register: from the fast-tracked applicant to their official. */
export interface PlantedGift {
  officialId: number;
  unitId: number;
  jurisdictionId: string;
  offeredAt: number;
  giver: Applicant;
  valueKrw: number;
}

function procedureWithStaff(org: DemoOrganisation, jurisdiction: JurisdictionCode, staff: number, not: DemoProcedure[] = []): DemoProcedure {
  const found = org.procedures.find(
    (p) => p.isCurrent && p.jurisdiction.code === jurisdiction && p.unit.staff.length >= staff && !not.some((n) => n.unit.id === p.unit.id) && p.stages.every((s) => !s.parallel),
  );
  if (!found) throw new Error(`demo: no ${jurisdiction} procedure whose unit has ${staff} officials`);
  return found;
}

/** The planted applications: all received within one local year, between 40 and 330 days before `now`. */
export function plantedSpecs(rng: Rng, org: DemoOrganisation, now: number): { specs: PlantedSpec[]; year: number; applicant: Applicant } {
  const year = localYear(now - 100 * DAY_MS);
  const yearStart = Date.UTC(year, 0, 1) - 9 * 3_600_000 + DAY_MS;
  const yearEnd = Date.UTC(year + 1, 0, 1) - 9 * 3_600_000 - DAY_MS;
  const from = Math.max(yearStart, now - 330 * DAY_MS);
  const to = Math.min(yearEnd, now - 40 * DAY_MS);
  const when = (i: number, n: number) => receiptMoment(from + ((to - from) * (i + 0.5)) / n, 'online', rng, now);
  const fastProc = procedureWithStaff(org, 'DB', 2);
  const sitterProc = procedureWithStaff(org, 'SB', 2);
  const overrideProc = procedureWithStaff(org, 'DB', 2, [fastProc]);
  const favoured = applicantUnlikeOfficials(rng, org, 'ko');
  const fastTracker = fastProc.unit.staff[0]!;
  const sitter = sitterProc.unit.staff[1]!;
  const spec = (p: DemoProcedure, at: number, plan: Parameters<typeof basePlan>[0], applicant?: Applicant): ApplicationSpec => ({
    jurisdiction: p.jurisdiction.code as JurisdictionCode, code: p.template.code, receivedAt: at, channel: 'online', lang: 'ko', plan: basePlan(plan), ...(applicant ? { applicant } : {}),
  });
  const specs: PlantedSpec[] = [
    ...Array.from({ length: 6 }, (_, i) => ({
      spec: spec(fastProc, when(i, 6), { assignee: fastTracker.id, pace: 0.1, express: true }, favoured), pattern: 'fast_tracker' as const, officialId: fastTracker.id,
    })),
    ...Array.from({ length: 40 }, (_, i) => ({
      spec: spec(sitterProc, when(i, 40), { assignee: sitter.id, supplements: rng.chance(0.5) ? 2 : 1, pace: 1 }), pattern: 'supplement_sitter' as const, officialId: sitter.id,
    })),
    ...Array.from({ length: 28 }, (_, i) => ({
      spec: spec(overrideProc, when(i, 28), { reassignAtStage: 0, pace: rng.float(0.8, 1.2) }), pattern: 'frequent_overrider' as const, officialId: overrideProc.unit.supervisor.id,
    })),
  ];
  return { specs, year, applicant: favoured };
}

/** What was planted, once the cases are numbered; and the gift from the favoured applicant. */
export function plantedTruth(org: DemoOrganisation, specs: PlantedSpec[], cases: DemoCase[], year: number, applicant: Applicant): { planted: Planted[]; gift: PlantedGift } {
  const byPattern = new Map<PlantedPattern, Planted>();
  specs.forEach((s, i) => {
    const c = cases[i]!;
    const entry = byPattern.get(s.pattern) ?? { pattern: s.pattern, officialId: s.officialId, unitId: c.draft.procedure.unit.id, year, numbers: [] };
    entry.numbers.push(c.number);
    byPattern.set(s.pattern, entry);
  });
  const fast = byPattern.get('fast_tracker')!;
  const first = cases[specs.findIndex((s) => s.pattern === 'fast_tracker')]!;
  const official = org.officialsById.get(fast.officialId)!;
  const gift: PlantedGift = { officialId: official.id, unitId: official.unitId, jurisdictionId: official.jurisdictionId, offeredAt: first.draft.spec.receivedAt + 12 * DAY_MS, giver: applicant, valueKrw: 300_000 };
  return { planted: [...byPattern.values(), { pattern: 'gift_giver', officialId: official.id, unitId: official.unitId, year, numbers: fast.numbers }], gift };
}
