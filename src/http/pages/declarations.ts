import type { VNode } from 'preact';
import { declarationYears, openDeclaration } from '../../commands/fair/fileDeclaration.js';
import type { PartyKeys } from '../../commands/fair/partyKeys.js';
import { declarant, declarationRulesHistory, declarationSettings, declarationSettingsByCode, declarationVersions, filingRoster, officialGrade, publicDeclarations } from '../../db/repos/declarations.js';
import type { Db } from '../../db/types.js';
import type { OfficialActor } from '../../domain/actor.js';
import { filingGradeOf, rulesChanges, rulesFields, rulesOf, type DeclarationRules } from '../../domain/declarationRules.js';
import { daysLeft, declarationDue, declarationFields, filingStatus, formRows, mustFile } from '../../domain/declarations.js';
import { presentDeclaration, type PublicDeclaration } from '../../presenters/declarations.js';
import type { ViewContext } from '../../views/context.js';
import { notFound } from '../../errors.js';
import { DeclarationRulesPage } from '../../views/fair/declarationRules.js';
import {
  AuditDeclarationPage, DeclarationRosterPage, OfficeDeclarationPage, PublicDeclarationsPage, type FilingState, type OpenedVersion,
} from '../../views/fair/declarations.js';


/** Where an official stands for a year: required or not, the due date, filed on time, late, due or overdue. */
export async function filingState(db: Db, actor: OfficialActor, year: number, now = new Date()): Promise<FilingState & { zone: string; rules: DeclarationRules }> {
  const [settings, grade, versions] = await Promise.all([declarationSettings(db, actor.jurisdictionId), officialGrade(db, actor.id), declarationVersions(db, actor.id, year)]);
  const rules = rulesOf(settings);
  const due = declarationDue(year, rules.dueMonth, settings.time_zone, rules.dueDay);
  const first = versions.at(-1);
  return {
    year, due, zone: settings.time_zone, rules, required: mustFile(grade, filingGradeOf(rules)),
    status: filingStatus(first ? { onTime: first.on_time } : null, due, now), daysLeft: daysLeft(due, now),
  };
}

const opened = (keys: PartyKeys, officialId: number, rows: Awaited<ReturnType<typeof declarationVersions>>): OpenedVersion[] =>
  rows.map((r) => ({ version: r.version, filedAt: r.filed_at, onTime: r.on_time, content: openDeclaration(keys, officialId, r.sealed) }));

/** The official's declaration page for a year; the form starts from the latest version unless values are given. */
export async function officeDeclarationPage(
  db: Db, ctx: ViewContext, actor: OfficialActor, keys: PartyKeys, year: number,
  form: { values?: Record<string, string>; errors?: Record<string, string>; notice?: string; moreRows?: boolean } = {},
) {
  const state = await filingState(db, actor, year);
  const versions = opened(keys, actor.id, await declarationVersions(db, actor.id, year));
  const values = form.values ?? (versions[0] ? { ...declarationFields(versions[0].content), note: '' } : {});
  return OfficeDeclarationPage({
    ctx, state, zone: state.zone, categories: state.rules.categories, years: declarationYears(new Date()), versions, values, errors: form.errors ?? {}, notice: form.notice,
    rows: formRows(values, form.moreRows ? 6 : 3),
  });
}

/** The auditors' roster for a year in their jurisdiction. */
export async function declarationRosterPage(db: Db, ctx: ViewContext, actor: OfficialActor, year: number, years: number[], now = new Date()) {
  const settings = await declarationSettings(db, actor.jurisdictionId);
  const rules = rulesOf(settings);
  const due = declarationDue(year, rules.dueMonth, settings.time_zone, rules.dueDay);
  const rows = await filingRoster(db, actor.jurisdictionId, year, filingGradeOf(rules));
  const lines = rows.map((r) => ({
    id: r.id, name: `${ctx.locale === 'ko' ? r.name_ko : r.name_en} (${ctx.locale === 'ko' ? r.title_ko : r.title_en})`, unit: ctx.locale === 'ko' ? r.unit_ko : r.unit_en,
    grade: r.grade ?? 0, versions: Number(r.versions ?? 0), lastFiledAt: r.last_filed_at ? new Date(r.last_filed_at) : null,
    status: filingStatus(r.versions ? { onTime: r.on_time === true } : null, due, now),
  }));
  return DeclarationRosterPage({ ctx, year, years, due, zone: settings.time_zone, lines });
}

/** An auditor opens one official's declaration of a year (every version), within the auditor's jurisdiction only. */
export async function auditDeclarationPage(db: Db, ctx: ViewContext, actor: OfficialActor, keys: PartyKeys, officialId: number, year: number) {
  const official = await declarant(db, officialId);
  if (!official || official.jurisdiction_id !== actor.jurisdictionId) throw notFound('declaration.error.not_found');
  const name = ctx.locale === 'ko' ? `${official.name_ko} (${official.title_ko})` : `${official.name_en} (${official.title_en})`;
  const settings = await declarationSettings(db, actor.jurisdictionId);
  return AuditDeclarationPage({ ctx, name, year, zone: settings.time_zone, versions: opened(keys, officialId, await declarationVersions(db, officialId, year)) });
}

/** The most lines the public register answers at once. */
const PUBLIC_LIMIT = 10_000;

/** The public register of a year, as the presenter shapes it. */
export async function publicDeclarationRegister(db: Db, year: number, now = new Date()): Promise<PublicDeclaration[]> {
  const rows = await publicDeclarations(db, year, PUBLIC_LIMIT);
  return rows.map((r) => presentDeclaration(year, r, now.getTime() > declarationDue(year, r.declaration_due_month, r.time_zone, r.declaration_due_day).getTime()));
}

/** The public register's page. */
export function publicDeclarationsPage(ctx: ViewContext, year: number, years: number[], rows: PublicDeclaration[]) {
  return PublicDeclarationsPage({ ctx, year, years, rows });
}

/** The jurisdiction an administrator sets declaration rules for, by its code; not found when there is none. */
export async function rulesJurisdiction(db: Db, code: string) {
  const settings = await declarationSettingsByCode(db, code);
  if (!settings) throw notFound();
  return settings;
}

/**
 * The administrators' page of a jurisdiction's declaration rules: the form (the saved rules, or what was typed after
 * an error) and the history, each version with who saved it and which settings it changed; rendered with the errors.
 */
export async function declarationRulesPage(
  db: Db, ctx: ViewContext, code: string, form: { values?: Record<string, string>; notice?: string } = {},
): Promise<(errors: Record<string, string>) => VNode> {
  const settings = await rulesJurisdiction(db, code);
  const rows = await declarationRulesHistory(db, settings.id);
  const history = rows.map((r) => ({
    version: r.version, changedAt: r.changed_at, changedBy: ctx.locale === 'ko' ? r.name_ko : r.name_en,
    changes: rulesChanges(r.previous, r.rules),
  }));
  return (errors) => DeclarationRulesPage({
    ctx, code: settings.code, jurisdiction: ctx.locale === 'ko' ? settings.name_ko : settings.name_en, zone: settings.time_zone,
    values: form.values ?? rulesFields(rulesOf(settings)), errors, notice: form.notice, history,
  });
}
