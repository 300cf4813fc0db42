import { insertAnswers, insertAssessment, insertIntegrityYear, type Ballot } from '../db/repos/integrity.js';
import type { Tx } from '../db/types.js';
import { yearIn } from '../domain/integrity.js';
import { presetModel, type IntegrityModel } from '../domain/integrityModel.js';
import type { DemoOrganisation } from './model.js';
import type { Rng } from './random.js';

/** One demo index year: its model, whether it is published, its answers and its deductions. */
export interface DemoIntegrityYear {
  jurisdictionId: string;
  year: number;
  model: IntegrityModel;
  published: boolean;
  answers: Ballot[];
  deductions: { unitId: number; points: number; reference: string }[];
}

/**
 * Units whose applicants, in the demo, sometimes report being asked for money: the district building divisions
 * (housing and building was Seoul's weakest field), Dongbu-gu's more than Seobu-gu's, less every year.
 */
const WEAK_UNITS: Record<string, number> = { 'DB-BUILD': 0.1, 'SB-BUILD': 0.04, 'HN-HOUSING': 0.02 };

const AGREE = ['strongly_agree', 'agree', 'neutral', 'disagree', 'strongly_disagree'] as const;
const OFTEN = ['never', 'once', 'few', 'often'] as const;

/** An agreement answer around a unit's level (0 poor … 1 excellent), sometimes "prefer not to say". */
function agreement(r: Rng, level: number): string {
  if (r.chance(0.04)) return 'na';
  const score = Math.min(1, Math.max(0, level + (r.next() - 0.5) * 0.6));
  return AGREE[Math.min(4, Math.round((1 - score) * 4))]!;
}

/** One applicant's answers: most report nothing; in a weak unit a few were asked or offered something. */
function externalAnswers(r: Rng, level: number, bribeRate: number): Record<string, string> {
  const reported = r.chance(bribeRate);
  const offer = r.chance(0.03) ? 'na' : reported ? (r.chance(0.7) ? 'asked' : 'offered') : 'none';
  const hit = offer === 'asked' || offer === 'offered';
  return {
    offer,
    initiator: hit ? r.pick(['official_asked', 'official_hinted', 'official_hinted', 'intermediary', 'na']) : 'not_applicable',
    frequency: hit ? r.pick(['once', 'once', 'few']) : offer === 'na' ? 'na' : 'never',
    amount: hit ? r.pick(['under_100k', 'under_1m', 'under_1m', 'na']) : offer === 'na' ? 'na' : 'none',
    extra_contacts: hit ? r.pick(['once', 'few', 'often']) : OFTEN[r.chance(level) ? 0 : r.int(1, 2)]!,
    standards_disclosed: agreement(r, level + 0.1),
    procedure_followed: agreement(r, level),
    fairness: agreement(r, hit ? level - 0.4 : level),
    no_undue_demand: agreement(r, hit ? level - 0.5 : level),
    objection: agreement(r, level - 0.15),
    overall: agreement(r, hit ? level - 0.5 : level),
  };
}

/**
 * Two finished years and the current one for every jurisdiction: applicants' answers for units that handle
 * procedures (about 15–70 a year each, so a few small units stay below the minimum sample and are withheld), levels
 * that drift a little from year to year (some units improve markedly), a deduction for the weakest division. The
 * full demo publishes both past years; the small demo (the journeys' fixture) leaves last year for an auditor to
 * publish. Answers are planned already anonymous and in a random order, as the ballot box would count them.
 */
export function planIntegrity(rng: Rng, org: DemoOrganisation, now: number, timeZone: string, size: 'full' | 'small'): DemoIntegrityYear[] {
  const current = yearIn(new Date(now), timeZone);
  const years: DemoIntegrityYear[] = [];
  const serving = new Map<number, { unitId: number; procedures: string[]; jurisdictionId: string; code: string }>();
  for (const p of org.procedures) {
    if (!p.isCurrent) continue;
    const entry = serving.get(p.unit.id) ?? { unitId: p.unit.id, procedures: [], jurisdictionId: p.jurisdiction.id, code: p.unit.code };
    if (!entry.procedures.includes(p.code)) entry.procedures.push(p.code);
    serving.set(p.unit.id, entry);
  }
  const jurisdictions = [...new Set(org.units.map((u) => u.jurisdiction.id))];
  for (const jurisdictionId of jurisdictions) {
    const units = [...serving.values()].filter((u) => u.jurisdictionId === jurisdictionId);
    const base = new Map(units.map((u) => [u.unitId, 0.62 + rng.fork(`level:${u.code}`).next() * 0.25]));
    for (const [offset, share] of [[2, 1], [1, 1], [0, 0.9]] as const) {
      const year = current - offset;
      const r = rng.fork(`integrity:${jurisdictionId}:${year}`);
      const answers: Ballot[] = [];
      for (const u of units) {
        const ur = r.fork(u.code);
        // Each year a unit drifts; Dongbu-gu's building division improves after its deduction.
        const improving = u.code === 'DB-BUILD' || u.code === 'HN-TRANSPORT';
        const level = Math.min(0.95, base.get(u.unitId)! + (2 - offset) * (improving ? 0.06 : 0.01) + (ur.next() - 0.5) * 0.06);
        const bribeRate = (WEAK_UNITS[u.code] ?? 0.002) * (offset === 2 ? 1 : offset === 1 ? 0.6 : 0.4);
        const n = Math.round(ur.int(size === 'small' ? 12 : 15, size === 'small' ? 30 : 70) * share * (u.code.endsWith('HEALTH') ? 0.5 : 1));
        for (let i = 0; i < n; i++) {
          answers.push({
            jurisdictionId, year, survey: 'external', unitId: u.unitId, procedureCode: ur.pick(u.procedures),
            outcome: ur.chance(0.82) ? 'granted' : ur.chance(0.6) ? 'refused' : 'withdrawn', answers: externalAnswers(ur, level, bribeRate), comment: null,
          });
        }
      }
      // The ballot box counts answers in a random order; the plan does the same.
      for (let i = answers.length - 1; i > 0; i--) {
        const j = r.int(0, i);
        [answers[i], answers[j]] = [answers[j]!, answers[i]!];
      }
      const weak = units.find((u) => u.code.endsWith('-BUILD') && WEAK_UNITS[u.code] !== undefined && WEAK_UNITS[u.code]! >= 0.1);
      years.push({
        jurisdictionId, year,
        model: presetModel('acrc_classic', 'department'),
        published: offset === 2 || (offset === 1 && size === 'full'),
        answers,
        deductions: offset === 2 && weak ? [{ unitId: weak.unitId, points: 0.2, reference: `Disciplinary decision ${year}-07 (gift accepted during a building inspection)` }] : [],
      });
    }
  }
  return years;
}

/** Writes the planned years in the seed's transaction; `auditorOf` names who entered and published them. */
export async function writeIntegrity(trx: Tx, years: readonly DemoIntegrityYear[], auditorOf: (jurisdictionId: string) => number, now: number): Promise<void> {
  for (const y of years) {
    const auditor = auditorOf(y.jurisdictionId);
    await insertIntegrityYear(trx, {
      jurisdictionId: y.jurisdictionId, year: y.year, model: y.model,
      published: y.published ? { at: new Date(Math.min(now, Date.UTC(y.year + 1, 1, 15))), by: auditor } : null,
    });
    await insertAnswers(trx, y.answers);
    for (const d of y.deductions) {
      await insertAssessment(trx, {
        jurisdictionId: y.jurisdictionId, year: y.year, unitId: d.unitId, kind: 'deduction', points: d.points, reference: d.reference, enteredBy: auditor,
        now: new Date(Date.UTC(y.year, 11, 1)),
      });
    }
  }
}
