import type { FastifyInstance } from 'fastify';
import { recordAct } from '../../commands/recordAct.js';
import { caseReadScope, loadCase } from '../../db/repos/cases.js';
import { officeCase, officeQueue } from '../../db/repos/office.js';
import { clockOfPublicCase } from '../../db/repos/clocks.js';
import { overdueStages } from '../../domain/caseClock.js';
import { findPublicCase, listProcedures } from '../../db/repos/publicRead.js';
import type { OfficialActor } from '../../domain/actor.js';
import { NUMBER_PATTERN, parseTimestamp } from '../../domain/time.js';
import { handOff, takeHandoff } from '../../db/repos/handoffs.js';
import { decide, isClosed } from '../../domain/workflow.js';
import { AppError, notFound } from '../../errors.js';
import { EVENT_TYPES } from '../../domain/types.js';
import { pick } from '../../i18n/index.js';
import { mayAct, mayUseOffice, mayViewCase, mustGiveReasonToOpen, type CaseScope } from '../../policies/index.js';
import { hasRecentReason, recordPersonalDataAccess } from '../../db/repos/personalDataAccess.js';
import { AccessReasonPage } from '../../views/access.js';
import { findDocument, listDocuments } from '../../db/repos/documents.js';
import { presentApplication } from '../../presenters/public.js';
import { ApplyPage, ReceiptPage } from '../../views/apply.js';
import { CasePage, type CaseView } from '../../views/office/case.js';
import { CounterChoosePage } from '../../views/office/counter.js';
import { QueuePage } from '../../views/office/queue.js';
import { OFFICE_COOKIE } from '../auth.js';
import { formFields, parseOrThrow, rerender } from '../forms.js';
import type { RouteOptions } from '../context.js';
import { officeGuard, officialOf } from '../guards.js';
import { idOrNotFound } from '../params.js';
import { sendDocument } from '../documents.js';
import { actSchema, toAct } from '../acts.js';
import { submitFromForm } from '../applicationForm.js';
import { officeInquirySection } from '../pages/inquiries.js';
import { openInquiriesOfUnit } from '../../db/repos/inquiries.js';
import { EscalatedInquiriesNotice, QueueInquiries } from '../../views/inquiries.js';

/** How long a counter receipt can be shown again in the clerk's browser (to print it, or after a reload). */
const COUNTER_RECEIPT_MS = 30 * 60_000;

/** The office: the queue, working a case, counter registration, private documents (signing in: `officeSignIn`). */
export async function officeRoutes(app: FastifyInstance, opts: RouteOptions): Promise<void> {
  const { db, config } = opts;

  const office = { preHandler: officeGuard(mayUseOffice) };

  app.get('/office', office, async (request, reply) => {
    const actor = officialOf(request);
    // Auditors watch every overdue case; everyone else their own and their unit's work.
    const auditor = actor.roles.includes('auditor');
    const [mine, unit] = await Promise.all([officeQueue(db, actor, 'mine'), officeQueue(db, actor, auditor ? 'overdue' : 'unit')]);
    const zone = (await db.selectFrom('jurisdiction').select('time_zone').where('id', '=', actor.jurisdictionId).executeTakeFirst())?.time_zone ?? 'Asia/Seoul';
    const ctx = opts.ctx(request, reply);
    const inquiries = await openInquiriesOfUnit(db, actor.unitId);
    const top = EscalatedInquiriesNotice({ ctx, count: inquiries.filter((r) => r.escalated_at).length, supervisor: actor.roles.includes('supervisor') || auditor });
    return reply.page(QueuePage({ ctx, mine, unit, top, extra: QueueInquiries({ ctx, rows: inquiries, zone }) }));
  });

  /** Builds the case page's view model, including which acts are possible now. */
  async function caseView(number: string, actor: OfficialActor, checked?: CaseScope): Promise<CaseView> {
    const found = await findPublicCase(db, number);
    if (!found) throw notFound('error.application_not_found');
    // Every unit involved in the case may read it; acting stays limited to the units with work on it now.
    if (!checked) mayViewCase(actor, (await fileAccess(found.number, actor)).scope);
    const row = await db.selectFrom('application').select(['unit_id', 'active_unit_ids', 'assigned_official_id']).where('id', '=', found.id).executeTakeFirstOrThrow();
    const scope = { unitId: row.unit_id, activeUnitIds: row.active_unit_ids, assigneeId: row.assigned_official_id };
    const [extra, documents, units, state] = await Promise.all([
      officeCase(db, found.id),
      listDocuments(db, found.id),
      db.selectFrom('unit').select(['code', 'name_ko', 'name_en', 'id']).where('jurisdiction_id', '=', found.jurisdiction.id).orderBy('code').execute(),
      loadCase(db, number).then((c) => c.state),
    ]);
    const startable = found.procedure.stages
      .map((s) => s.key)
      .filter((key) => {
        try {
          decide(state, { type: 'stage_started', stage: key }, new Date().toISOString(), found.procedure.stages);
          return true;
        } catch {
          return false;
        }
      });
    const allowed = (act: 'stage_started' | 'deadline_extended') => {
      try {
        mayAct(actor, scope, act);
        return true;
      } catch {
        return false;
      }
    };
    const publicApp = presentApplication(found, await clockOfPublicCase(db, found));
    return {
      app: publicApp,
      zone: found.jurisdiction.time_zone,
      applicant: extra.applicant,
      fieldLabels: Object.fromEntries(found.procedure.fields.map((f) => [f.key, f.label])),
      documents,
      privateByEvent: extra.privateByEvent,
      officials: extra.officials,
      units: units.map((u) => ({ code: u.code, name: `${u.name_ko} / ${u.name_en}` })),
      assigneeId: state.assigneeId,
      openConsultations: state.openConsultations.map((c) => {
        const ev = publicApp.events.find((e) => e.seq === c.seq);
        const unit = ev?.data.unit as { name?: { ko: string; en: string } } | undefined;
        return { ...c, unit: unit?.name ? `${unit.name.ko} / ${unit.name.en}` : '' };
      }),
      openSupplement: state.openSupplement !== null,
      startable,
      closed: isClosed(state.status),
      mayAct: allowed('stage_started'),
      maySupervise: allowed('deadline_extended'),
      overdue: publicApp.clock ? overdueStages(publicApp.clock) : [],
      unitCode: found.unit.code,
    };
  }

  /**
   * Checks that the official may read the case, and whether they must first say why (an auditor or administrator
   * whose unit has no part in it, without a recent reason). Returns the case's read scope and that answer.
   */
  async function fileAccess(number: string, actor: OfficialActor) {
    const scope = await caseReadScope(db, number);
    if (!scope) throw notFound('error.application_not_found');
    mayViewCase(actor, scope);
    const reasonNeeded = mustGiveReasonToOpen(actor, scope) && !(await hasRecentReason(db, actor.id, scope.applicationId));
    return { scope, reasonNeeded };
  }

  app.get<{ Params: { number: string }; Querystring: { done?: string; stage?: string } }>('/office/applications/:number', office, async (request, reply) => {
    const actor = officialOf(request);
    const { scope, reasonNeeded } = await fileAccess(request.params.number, actor);
    if (reasonNeeded) return reply.page(AccessReasonPage({ ctx: opts.ctx(request, reply), number: request.params.number, values: {}, errors: {} }));
    const view = await caseView(request.params.number, actor, scope);
    await recordPersonalDataAccess(db, { officialId: actor.id, applicationId: scope.applicationId, what: 'case' });
    const stageName = pick(view.app.stages.find((s) => s.key === request.query.stage)?.name, request.locale);
    const doneType = (EVENT_TYPES as readonly string[]).includes(request.query.done ?? '') ? request.query.done : undefined;
    const notice = doneType ? request.t('case.recorded', { type: request.t(`event.${doneType}`, { stage: stageName, unit: '' }) }) : undefined;
    const ctx = opts.ctx(request, reply);
    const inquiryError = typeof (request.query as Record<string, unknown>).inquiry_error === 'string' ? (request.query as Record<string, string>).inquiry_error! : undefined;
    const extra = await officeInquirySection(db, ctx, actor, view.app.number, view.zone, inquiryError?.startsWith('error.') ? { answer: request.t(inquiryError, { max: 2000 }) } : {});
    return reply.page(CasePage({ ctx, view, errors: {}, notice, extra }));
  });

  // The reason an auditor or administrator gives to open a file; it goes into the access log with the opening.
  app.post<{ Params: { number: string } }>('/office/applications/:number/access', office, async (request, reply) => {
    const actor = officialOf(request);
    const { scope } = await fileAccess(request.params.number, actor);
    const reason = (formFields(request.body).reason ?? '').trim();
    if (reason.length < 5 || reason.length > 500) {
      return reply.page(AccessReasonPage({ ctx: opts.ctx(request, reply), number: request.params.number, values: { reason }, errors: { reason: request.t('error.reason_required') } }), 400);
    }
    await recordPersonalDataAccess(db, { officialId: actor.id, applicationId: scope.applicationId, what: 'case', reason });
    return reply.redirect(`/office/applications/${encodeURIComponent(request.params.number)}`, 303);
  });

  app.post<{ Params: { number: string } }>('/office/applications/:number/acts', office, async (request, reply) => {
    const actor = officialOf(request);
    const values = formFields(request.body);
    try {
      const input = parseOrThrow(actSchema, values);
      const found = await db.selectFrom('application as a').innerJoin('jurisdiction as j', 'j.id', 'a.jurisdiction_id').select('j.time_zone').where('a.number', '=', request.params.number).executeTakeFirst();
      if (!found) throw notFound('error.application_not_found');
      let occurredAt: Date | undefined;
      if (values.occurred_at?.trim()) {
        occurredAt = parseTimestamp(values.occurred_at, found.time_zone) ?? undefined;
        if (!occurredAt) throw new AppError('validation', 'error.validation', {}, [{ field: 'occurred_at', key: 'error.invalid_format' }]);
      }
      const recorded = await recordAct(db, {
        number: request.params.number,
        act: toAct(input),
        occurredAt,
        internalNote: values.internal_note?.slice(0, 4000),
        actor,
      });
      const stage = 'stage' in input && typeof input.stage === 'string' ? `&stage=${encodeURIComponent(input.stage)}` : '';
      return reply.redirect(`/office/applications/${recorded.number}?done=${recorded.type}${stage}`, 303);
    } catch (error) {
      if (error instanceof AppError && (error.id === 'forbidden' || error.id === 'not_found')) throw error;
      const view = await caseView(request.params.number, actor);
      return rerender(error, request, reply, (errors) => CasePage({ ctx: opts.ctx(request, reply), view, errors }));
    }
  });

  app.get<{ Params: { number: string; id: string } }>('/office/applications/:number/documents/:id', office, async (request, reply) => {
    const actor = officialOf(request);
    const { scope, reasonNeeded } = await fileAccess(request.params.number, actor);
    if (reasonNeeded) return reply.redirect(`/office/applications/${encodeURIComponent(request.params.number)}`, 303);
    const documentId = idOrNotFound(request.params.id);
    const doc = await findDocument(db, scope.applicationId, documentId);
    if (!doc) throw notFound();
    await recordPersonalDataAccess(db, { officialId: actor.id, applicationId: scope.applicationId, what: 'document', documentId });
    return sendDocument(reply, doc);
  });

  app.get<{ Params: { number: string } }>('/office/register/receipts/:number', office, async (request, reply) => {
    const number = request.params.number.toUpperCase();
    const accessCode = NUMBER_PATTERN.test(number) ? await takeHandoff(db, { sessionToken: request.cookies[OFFICE_COOKIE], purpose: 'receipt', ref: number }) : null;
    // Only the session that registered it can show the code again; anyone else gets the case page.
    if (!accessCode) return reply.redirect(`/office/applications/${encodeURIComponent(number)}`, 303);
    return reply.page(ReceiptPage({ ctx: opts.ctx(request, reply), number, accessCode, counter: true }));
  });

  app.get('/office/register', office, async (request, reply) => {
    return reply.page(CounterChoosePage({ ctx: opts.ctx(request, reply), procedures: await listProcedures(db) }));
  });

  app.get<{ Params: { j: string; code: string } }>('/office/register/:j/:code', office, async (request, reply) => {
    const [p] = await listProcedures(db, { jurisdiction: request.params.j, code: request.params.code });
    if (!p) throw notFound('error.procedure_not_found');
    return reply.page(ApplyPage({ ctx: opts.ctx(request, reply), p, values: { channel: 'counter' }, errors: {}, counter: true, maxBytes: config.UPLOAD_MAX_BYTES }));
  });

  app.post<{ Params: { j: string; code: string } }>('/office/register/:j/:code', office, async (request, reply) => {
    const actor = officialOf(request);
    const [p] = await listProcedures(db, { jurisdiction: request.params.j, code: request.params.code });
    if (!p) throw notFound('error.procedure_not_found');
    const values = formFields(request.body);
    try {
      const channel = values.channel === 'post' ? 'post' : 'counter';
      let receivedAt: Date | undefined;
      if (values.received_at?.trim()) {
        receivedAt = parseTimestamp(values.received_at, p.jurisdiction.time_zone) ?? undefined;
        if (!receivedAt) throw new AppError('validation', 'error.validation', {}, [{ field: 'received_at', key: 'error.invalid_format' }]);
      }
      const receipt = await submitFromForm(db, request, values, p.jurisdiction.code, p.code, channel, { receivedAt, actor });
      // Post/redirect/get: the clerk's receipt page can be reloaded or printed without registering twice.
      await handOff(db, { sessionToken: request.cookies[OFFICE_COOKIE]!, purpose: 'receipt', ref: receipt.number, secret: receipt.accessCode, ttlMs: COUNTER_RECEIPT_MS });
      return reply.redirect(`/office/register/receipts/${receipt.number}`, 303);
    } catch (error) {
      if (error instanceof AppError && error.id === 'forbidden') throw error;
      return rerender(error, request, reply, (errors) =>
        ApplyPage({ ctx: opts.ctx(request, reply), p, values, errors, counter: true, maxBytes: config.UPLOAD_MAX_BYTES }),
      );
    }
  });
}
