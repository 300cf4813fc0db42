import {
  answerGroups, assessments, integrityJurisdictionById, integrityCatalogue, integrityJurisdiction, integrityYear, integrityYearsByJurisdiction, invitationByToken,
  invitationCounts, invitationOfApplication, samplingRates, satisfactionByUnit, timelinessByUnit, waitingBallots, hasParticipated,
  yearComments, type IntegrityJurisdiction,
} from '../../db/repos/integrity.js';
import { findingsOfJurisdiction } from '../../db/repos/reports.js';
import type { Db } from '../../db/types.js';
import { computeIndex, yearIn } from '../../domain/integrity.js';
import { parseModel, presetModel, type IntegrityModel } from '../../domain/integrityModel.js';
import { hashSecret } from '../../domain/secrets.js';
import { notFound } from '../../errors.js';
import type { PublicYear } from '../../presenters/integrity.js';
import type { ViewContext } from '../../views/context.js';
import { IntegrityHomePage, IntegrityMethodologyPage, IntegrityUnitHistoryPage, IntegrityYearPage } from '../../views/integrity.js';
import { IntegrityInvitationPanel, InternalSurveyPage, SurveyPage } from '../../views/integritySurvey.js';
import { OfficeIntegrityPage, OfficeIntegrityYearPage } from '../../views/office/integrity.js';

/** Published years never change: their computed figures are kept per process (a handful of years per jurisdiction). */
const published = new Map<string, PublicYear>();
const PUBLISHED_KEPT = 200;

/** Years of history a unit's chart shows. */
const HISTORY_YEARS = 10;

/** A year's figures from its stored answers and frozen model; `publicOnly` refuses an unpublished year. */
export async function yearFigures(db: Db, j: IntegrityJurisdiction, year: number, publicOnly: boolean): Promise<PublicYear> {
  const key = `${j.id}/${year}`;
  const kept = published.get(key);
  if (kept) return kept;
  const stored = await integrityYear(db, j.id, year);
  if (!stored || (publicOnly && !stored.published_at)) throw notFound('integrity.error.year_not_published');
  const parsed = parseModel(stored.model);
  if (!('model' in parsed)) throw notFound('integrity.error.year_not_published');
  const model: IntegrityModel = parsed.model;
  const [catalogue, answers, timeliness, satisfaction, rows, invitations, history] = await Promise.all([
    integrityCatalogue(db, j.id), answerGroups(db, j.id, year), timelinessByUnit(db, j.id, year), satisfactionByUnit(db, j.id, year),
    assessments(db, j.id, year), invitationCounts(db, j.id, year), earlierYears(db, j, year),
  ]);
  const last = history.at(-1);
  const index = computeIndex({
    model, units: catalogue.units.map((u) => u.code), procedures: catalogue.procedures.map((p) => p.code), answers, timeliness, satisfaction,
    assessments: rows, previous: last && last.year === year - 1 ? { scale: last.scale, scores: last.scores } : undefined,
  });
  const result: PublicYear = {
    jurisdiction: { code: j.code, name: j.name }, year, published: stored.published_at !== null, model, index,
    unitNames: Object.fromEntries(catalogue.units.map((u) => [u.code, u.name])),
    procedureNames: Object.fromEntries(catalogue.procedures.map((p) => [p.code, p.name])),
    assessments: rows, invitations, history,
  };
  if (stored.published_at && published.size < PUBLISHED_KEPT) published.set(key, result);
  return result;
}

/** Unit scores of the published years before `year` (at most HISTORY_YEARS), oldest first. */
async function earlierYears(db: Db, j: IntegrityJurisdiction, year: number): Promise<PublicYear['history']> {
  const all = await integrityYearsByJurisdiction(db);
  const years = (all.find((x) => x.jurisdiction.id === j.id)?.years ?? []).filter((y) => y.published && y.year < year).slice(0, HISTORY_YEARS);
  const result: PublicYear['history'] = [];
  for (const y of [...years].reverse()) {
    const figures = await yearFigures(db, j, y.year, true);
    result.push({ year: y.year, scale: figures.index.scale, scores: Object.fromEntries(figures.index.units.map((u) => [u.unit, u.score?.value ?? null])) });
  }
  return result;
}

/** The jurisdiction with this public code, or a 404. */
export async function jurisdictionByCode(db: Db, code: string): Promise<IntegrityJurisdiction> {
  const j = /^[A-Z0-9]{1,10}$/.test(code) ? await integrityJurisdiction(db, code) : undefined;
  if (!j) throw notFound();
  return j;
}

/** A year from a path segment, or a 404. */
export function yearParam(text: string): number {
  if (!/^\d{4}$/.test(text)) throw notFound();
  return Number(text);
}

/** `/integrity`: every jurisdiction's published years, with the latest year's summary of each. */
export async function integrityHomePage(db: Db, ctx: ViewContext) {
  const all = await integrityYearsByJurisdiction(db);
  const latest: PublicYear[] = [];
  for (const entry of all) {
    const y = entry.years.find((x) => x.published);
    if (y) latest.push(await yearFigures(db, entry.jurisdiction, y.year, true));
  }
  return IntegrityHomePage({ ctx, jurisdictions: all.map((a) => ({ ...a, years: a.years.filter((y) => y.published) })), latest });
}

/** `/integrity/:j/:year`. */
export async function integrityYearPage(db: Db, ctx: ViewContext, code: string, yearText: string) {
  const j = await jurisdictionByCode(db, code);
  return IntegrityYearPage({ ctx, y: await yearFigures(db, j, yearParam(yearText), true) });
}

/** `/integrity/:j/:year/methodology`. */
export async function integrityMethodologyPage(db: Db, ctx: ViewContext, code: string, yearText: string) {
  const j = await jurisdictionByCode(db, code);
  return IntegrityMethodologyPage({ ctx, y: await yearFigures(db, j, yearParam(yearText), true) });
}

/** `/integrity/:j/units/:unit`: one unit's published scores year by year. */
export async function integrityUnitPage(db: Db, ctx: ViewContext, code: string, unit: string) {
  const j = await jurisdictionByCode(db, code);
  const all = await integrityYearsByJurisdiction(db);
  const years = (all.find((x) => x.jurisdiction.id === j.id)?.years ?? []).filter((y) => y.published).slice(0, HISTORY_YEARS).reverse();
  const figures = [];
  for (const y of years) figures.push(await yearFigures(db, j, y.year, true));
  const name = figures.at(-1)?.unitNames[unit];
  if (!name) throw notFound();
  return IntegrityUnitHistoryPage({
    ctx, jurisdiction: { code: j.code, name: j.name }, unit, name,
    points: figures.map((f) => ({ year: f.year, scale: f.index.scale, unit: f.index.units.find((u) => u.unit === unit) ?? null })),
  });
}

/** The survey a token opens; a forged, altered or unknown token is a 404 in the reader's language. */
export async function surveyPage(db: Db, ctx: ViewContext, token: string, state: { values?: Record<string, string>; done?: boolean }) {
  if (state.done) return () => SurveyPage({ ctx, state: 'done', action: '', values: {}, errors: {} });
  const invitation = /^[A-Za-z0-9_-]{20,100}$/.test(token) ? await invitationByToken(db, hashSecret(token)) : undefined;
  if (!invitation) throw notFound('integrity.error.link_invalid');
  const stored = await integrityYear(db, invitation.jurisdiction_id, invitation.year);
  const parsed = stored ? parseModel(stored.model) : undefined;
  if (!stored || !parsed || !('model' in parsed)) throw notFound('integrity.error.link_invalid');
  const state2 = invitation.answered ? 'used' : invitation.expires_at.getTime() <= Date.now() ? 'expired' : stored.published_at ? 'closed' : 'open';
  return (errors: Record<string, string>) =>
    SurveyPage({ ctx, state: state2, action: `/integrity/survey/${token}`, invitation, model: parsed.model, values: state.values ?? {}, errors });
}

/** What the applicant's private page says of the survey (open until a date, answered, expired); null when not invited. */
export async function integritySurveyPanel(db: Db, ctx: ViewContext, number: string, applicationId: number, zone: string) {
  const invitation = await invitationOfApplication(db, applicationId);
  if (!invitation) return null;
  const state = invitation.answered ? 'answered' : invitation.expires_at.getTime() <= Date.now() ? 'expired' : 'open';
  return IntegrityInvitationPanel({ ctx, state, until: invitation.expires_at, zone, action: `/my/${number}/integrity-survey` });
}

/** The officials' internal survey of the current year. */
export async function internalSurveyPage(db: Db, ctx: ViewContext, who: { officialId: number; jurisdictionId: string }, timeZone: string, state: { values?: Record<string, string>; done?: boolean }) {
  const year = yearIn(new Date(), timeZone);
  const [stored, answered] = await Promise.all([integrityYear(db, who.jurisdictionId, year), hasParticipated(db, who.officialId, year)]);
  const parsed = stored ? parseModel(stored.model) : undefined;
  const model = parsed && 'model' in parsed ? parsed.model : presetModel('acrc_classic', 'department');
  const status = state.done ? 'done' : answered ? 'used' : stored?.published_at ? 'closed' : 'open';
  return (errors: Record<string, string>) => InternalSurveyPage({ ctx, year, state: status, model, values: state.values ?? {}, errors });
}

/** The office's list of years with the sampling rates. */
export async function officeIntegrityPage(db: Db, ctx: ViewContext, jurisdictionId: string, state: { values?: Record<string, string> } = {}) {
  const all = await integrityYearsByJurisdiction(db);
  const entry = all.find((x) => x.jurisdiction.id === jurisdictionId);
  if (!entry) throw notFound();
  const rates = await samplingRates(db, jurisdictionId);
  const current = yearIn(new Date(), entry.jurisdiction.time_zone);
  return (errors: Record<string, string>) => OfficeIntegrityPage({ ctx, jurisdiction: entry.jurisdiction, years: entry.years, current, rates, values: state.values ?? {}, errors });
}

/** One year in the office: provisional figures from the counted answers, the model, deductions and publishing. */
/** Most comments the auditors' list shows. */
const COMMENTS_LISTED = 500;

export async function officeIntegrityYearPage(db: Db, ctx: ViewContext, jurisdictionId: string, yearText: string, state: { values?: Record<string, string>; form?: string } = {}) {
  const year = yearParam(yearText);
  const all = await integrityYearsByJurisdiction(db);
  const entry = all.find((x) => x.jurisdiction.id === jurisdictionId);
  if (!entry) throw notFound();
  const current = yearIn(new Date(), entry.jurisdiction.time_zone);
  const stored = await integrityYear(db, jurisdictionId, year);
  if (!stored && (year < current - 1 || year > current + 1)) throw notFound('integrity.error.year_unknown');
  const figures = stored ? await yearFigures(db, entry.jurisdiction, year, false) : undefined;
  // Comments only for auditors: administrators manage the model, but read nobody's words.
  const auditor = ctx.official?.roles.includes('auditor') ?? false;
  const [catalogue, waiting, comments, findings] = await Promise.all([
    integrityCatalogue(db, jurisdictionId), waitingBallots(db, jurisdictionId, year), auditor ? yearComments(db, jurisdictionId, year, COMMENTS_LISTED) : Promise.resolve(null),
    // The reporting channel's findings, by their opaque references: for auditors, who alone may deduct them.
    auditor ? findingsOfJurisdiction(db, jurisdictionId) : Promise.resolve(null),
  ]);
  return (errors: Record<string, string>) =>
    OfficeIntegrityYearPage({
      ctx, jurisdiction: entry.jurisdiction, year, current, figures, units: catalogue.units, waiting, comments, findings, modelJson: stored ? JSON.stringify(stored.model, null, 2) : '',
      values: state.values ?? {}, form: state.form, errors,
    });
}

/** The signed-in official's jurisdiction. */
export async function officeJurisdiction(db: Db, jurisdictionId: string): Promise<IntegrityJurisdiction> {
  const j = await integrityJurisdictionById(db, jurisdictionId);
  if (!j) throw notFound();
  return j;
}

/** The known procedure codes of a jurisdiction, for the sampling form. */
export async function procedureCodes(db: Db, jurisdictionId: string): Promise<string[]> {
  return (await samplingRates(db, jurisdictionId)).map((r) => r.code);
}
