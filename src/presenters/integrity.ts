/**
 * The Integrity Index as the public reads it: tables for the page, CSV and JSON. It receives only computed figures,
 * names, the model and the auditors' references: never an answer, a comment or anything about an application.
 */
import type { AssessmentRow } from '../db/repos/integrity.js';
import type { YearIndex } from '../domain/integrity.js';
import type { IntegrityModel } from '../domain/integrityModel.js';
import type { Localized } from '../domain/types.js';
import { toCsv } from './csv.js';

/** One year's published index with everything its pages show. */
export interface PublicYear {
  jurisdiction: { code: string; name: Localized };
  year: number;
  published: boolean;
  model: IntegrityModel;
  index: YearIndex;
  unitNames: Record<string, Localized>;
  procedureNames: Record<string, Localized>;
  assessments: AssessmentRow[];
  invitations: { invited: number; answered: number };
  /** Earlier published years of each unit: year → score, for the history chart. */
  history: { year: number; scale: number; scores: Record<string, number | null> }[];
}

const pct = (v: number | undefined) => (v === undefined ? null : Math.round(v * 10_000) / 100);

/** The units table as CSV: one row per unit, withheld figures empty. */
export function unitsCsv(y: PublicYear): string {
  return toCsv(
    ['year', 'unit', 'name_ko', 'name_en', 'peer_group', 'respondents', 'withheld', 'score', 'ci_lower', 'ci_upper', 'deducted', 'grade', 'rank', 'change', 'experience_share_pct', 'experience_ci_lower_pct', 'experience_ci_upper_pct', 'experience_n'],
    y.index.units.map((u) => [
      y.year, u.unit, y.unitNames[u.unit]?.ko, y.unitNames[u.unit]?.en, u.peerGroup, u.respondents, u.withheld, u.score?.value, u.score?.lower, u.score?.upper,
      u.deducted, u.grade, u.rank, u.change, pct(u.experience?.share), pct(u.experience?.lower), pct(u.experience?.upper), u.experience?.n,
    ]),
  );
}

/** The procedures table as CSV. */
export function proceduresCsv(y: PublicYear): string {
  return toCsv(
    ['year', 'procedure', 'name_ko', 'name_en', 'respondents', 'withheld', 'score', 'ci_lower', 'ci_upper', 'rank', 'experience_share_pct', 'experience_ci_lower_pct', 'experience_ci_upper_pct', 'experience_n'],
    y.index.procedures.map((p) => [
      y.year, p.procedure, y.procedureNames[p.procedure]?.ko, y.procedureNames[p.procedure]?.en, p.respondents, p.withheld, p.score?.value, p.score?.lower,
      p.score?.upper, p.rank, pct(p.experience?.share), pct(p.experience?.lower), pct(p.experience?.upper), p.experience?.n,
    ]),
  );
}

/** The deductions table as CSV. */
export function deductionsCsv(y: PublicYear): string {
  return toCsv(['year', 'unit', 'kind', 'points', 'reference'], y.assessments.map((a) => [y.year, a.unit, a.kind, a.points, a.reference]));
}

/** The whole year as JSON: the model, the figures of every table, the sampling and the response rate. */
export function yearJson(y: PublicYear) {
  return {
    jurisdiction: y.jurisdiction,
    year: y.year,
    published: y.published,
    scale: y.index.scale,
    min_sample: y.index.minSample,
    confidence: { level: 0.95, score: 'normal interval of the mean of respondents’ scores', experience: 'Wilson score interval' },
    response: { invited: y.invitations.invited, answered: y.invitations.answered },
    overall: y.index.overall,
    most_improved: y.index.mostImproved,
    units: y.index.units.map((u) => ({ ...u, name: y.unitNames[u.unit] ?? null })),
    procedures: y.index.procedures.map((p) => ({ ...p, name: y.procedureNames[p.procedure] ?? null })),
    assessments: y.assessments.map((a) => ({ unit: a.unit, kind: a.kind, points: a.points, reference: a.reference })),
    model: y.model,
  };
}
