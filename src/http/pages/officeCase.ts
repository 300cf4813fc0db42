import { unitsOfJurisdiction } from '../../db/repos/administration.js';
import { caseReadScope, loadCase } from '../../db/repos/cases.js';
import { clockOfPublicCase } from '../../db/repos/clocks.js';
import { listDocuments } from '../../db/repos/documents.js';
import { officeCase } from '../../db/repos/office.js';
import { hasRecentReason } from '../../db/repos/personalDataAccess.js';
import { findPublicCase } from '../../db/repos/publicRead.js';
import type { Db } from '../../db/types.js';
import type { OfficialActor } from '../../domain/actor.js';
import { overdueStages } from '../../domain/caseClock.js';
import { EVENT_TYPES } from '../../domain/types.js';
import { notFound } from '../../errors.js';
import { pickMarked } from '../../i18n/index.js';
import { offeredActs } from '../../policies/caseActs.js';
import { mayViewCase, mustGiveReasonToOpen, type CaseScope } from '../../policies/index.js';
import { presentApplication } from '../../presenters/public.js';
import type { ViewContext } from '../../views/context.js';
import { CasePage, type CaseView } from '../../views/office/case.js';
import type { FairForms } from '../../views/office/fairPanel.js';
import { officeInquirySection } from './inquiries.js';

/** What an office page about one case knows once the official may open it. */
export interface FileAccess {
  /** Every unit that may read the case (wider than the units acting on it now). */
  scope: CaseScope & { applicationId: number };
  /** Whether the official must say why before the file opens (`policies.mustGiveReasonToOpen`). */
  reasonNeeded: boolean;
}

/**
 * Checks that the official may read the case, and whether they must first say why (an auditor or administrator
 * whose unit has no part in it, without a recent reason). Throws `not_found` for an unknown number, `forbidden` for
 * an official who may not read it.
 */
export async function fileAccess(db: Db, number: string, actor: OfficialActor): Promise<FileAccess> {
  const scope = await caseReadScope(db, number);
  if (!scope) throw notFound('error.application_not_found');
  mayViewCase(actor, scope);
  const reasonNeeded = mustGiveReasonToOpen(actor, scope) && !(await hasRecentReason(db, actor.id, scope.applicationId));
  return { scope, reasonNeeded };
}

/**
 * The case page's view model: the public record with its clock, the private side, and which acts are possible now.
 * `checked` is the read scope a caller already checked with `fileAccess`; without it the check is made here.
 */
export async function caseView(db: Db, number: string, actor: OfficialActor, checked?: CaseScope): Promise<CaseView> {
  const found = await findPublicCase(db, number);
  if (!found) throw notFound('error.application_not_found');
  // Every unit involved in the case may read it; acting stays limited to the units with work on it now.
  if (!checked) mayViewCase(actor, (await fileAccess(db, found.number, actor)).scope);
  const [extra, documents, units, loaded] = await Promise.all([
    officeCase(db, found.id),
    listDocuments(db, found.id),
    unitsOfJurisdiction(db, found.jurisdiction.id),
    loadCase(db, number),
  ]);
  const { state } = loaded;
  const acting: CaseScope = { unitId: loaded.app.unit_id, activeUnitIds: loaded.app.active_unit_ids, assigneeId: loaded.app.assigned_official_id };
  const offered = offeredActs(actor, acting, state, found.procedure.stages, new Date().toISOString());
  const publicApp = presentApplication(found, await clockOfPublicCase(db, found));
  return {
    app: publicApp,
    zone: found.jurisdiction.time_zone,
    applicant: extra.applicant,
    fieldLabels: Object.fromEntries(found.procedure.fields.map((f) => [f.key, f.label])),
    documents,
    privateByEvent: extra.privateByEvent,
    officials: extra.officials,
    units: units.map((u) => ({ code: u.code, name: { ko: u.name_ko, en: u.name_en } })),
    assigneeId: state.assigneeId,
    openConsultations: state.openConsultations.map((c) => {
      const ev = publicApp.events.find((e) => e.seq === c.seq);
      const unit = ev?.data.unit as { name?: { ko: string; en: string } } | undefined;
      return { ...c, unit: unit?.name ?? null };
    }),
    openSupplement: state.openSupplement !== null,
    startable: offered.startable,
    closed: offered.closed,
    mayAct: offered.mayAct,
    maySupervise: offered.maySupervise,
    mayAssignOthers: offered.mayAssignOthers,
    decisionOutcomes: offered.decisionOutcomes,
    extendable: offered.extendable,
    officialId: actor.id,
    overdue: publicApp.clock ? overdueStages(publicApp.clock) : [],
    unitCode: found.unit.code,
  };
}

/** What the case page's address may say: the act just recorded (`done`, with its `stage`), a refused answer's error. */
export interface CasePageQuery {
  done?: string;
  stage?: string;
  inquiry_error?: unknown;
}

/** The case page as an official opens it: the view, a notice of the act just recorded, and the questions section. */
export async function casePage(db: Db, ctx: ViewContext, actor: OfficialActor, view: CaseView, query: CasePageQuery, fair?: FairForms) {
  const stageName = pickMarked(view.app.stages.find((s) => s.key === query.stage)?.name, ctx.locale);
  const doneType = (EVENT_TYPES as readonly string[]).includes(query.done ?? '') ? query.done : undefined;
  // The confirmation names what the act named: the stage, and the department asked or answering.
  const recorded = doneType ? [...view.app.events].reverse().find((e) => e.type === doneType) : undefined;
  const unit = recorded?.data.unit as { name?: { ko: string; en: string } } | undefined;
  const notice = doneType ? ctx.t('case.recorded', { type: ctx.t(`event.${doneType}`, { stage: stageName, unit: pickMarked(unit?.name, ctx.locale) }) }) : undefined;
  const inquiryError = typeof query.inquiry_error === 'string' ? query.inquiry_error : undefined;
  const extra = await officeInquirySection(db, ctx, actor, view.app.number, view.zone, inquiryError?.startsWith('error.') ? { answer: ctx.t(inquiryError, { max: 2000 }) } : {});
  return CasePage({ ctx, view, errors: {}, notice, extra, fair });
}
