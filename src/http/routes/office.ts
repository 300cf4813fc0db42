import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { recordAct } from '../../commands/recordAct.js';
import { loadCase } from '../../db/repos/cases.js';
import { officeCase, officeQueue } from '../../db/repos/office.js';
import { clockOfPublicCase } from '../../db/repos/clocks.js';
import { overdueStages } from '../../domain/caseClock.js';
import { findPublicCase, listProcedures } from '../../db/repos/publicRead.js';
import type { OfficialActor } from '../../domain/actor.js';
import { parseTimestamp } from '../../domain/time.js';
import { decide, isClosed, type Act } from '../../domain/workflow.js';
import { AppError, notFound } from '../../errors.js';
import { EVENT_TYPES } from '../../domain/types.js';
import { pick } from '../../i18n/index.js';
import { mayAct, mayUseOffice, mayViewCase } from '../../policies/index.js';
import { listDocuments } from '../../presenters/applicant.js';
import { presentApplication } from '../../presenters/public.js';
import { ApplyPage, ReceiptPage } from '../../views/apply.js';
import { CasePage, CounterChoosePage, QueuePage, type CaseView } from '../../views/office.js';
import { formFields, parseOrThrow } from '../forms.js';
import type { RouteOptions } from '../server.js';
import { sendDocument } from './applicant.js';
import { rerender, submitFromForm } from './public.js';
import { officeInquirySection } from './inquiries.js';
import { openInquiriesOfUnit } from '../../db/repos/inquiries.js';
import { EscalatedInquiriesNotice, QueueInquiries } from '../../views/inquiries.js';

const optional = (max: number) => z.string().trim().max(max).optional().transform((v) => v || undefined);

/** The shape of an act as a form or the JSON API sends it. */
export const actSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('assigned'), official_id: z.coerce.number().int().positive(), reason: optional(500) }),
  z.object({ type: z.literal('stage_started'), stage: z.string().min(1).max(60), note: optional(2000) }),
  z.object({ type: z.literal('stage_completed'), stage: z.string().min(1).max(60), note: optional(2000) }),
  z.object({ type: z.literal('supplement_requested'), stage: z.string().min(1).max(60), message: z.string().trim().min(1).max(4000), note: optional(2000) }),
  z.object({ type: z.literal('consultation_requested'), stage: z.string().min(1).max(60), unit_code: z.string().min(1).max(60), note: optional(2000) }),
  z.object({ type: z.literal('consultation_answered'), request_seq: z.coerce.number().int().positive(), note: optional(2000) }),
  z.object({ type: z.literal('site_inspection'), stage: z.string().min(1).max(60), note: optional(2000) }),
  z.object({
    type: z.literal('decision'),
    outcome: z.enum(['approved', 'approved_with_conditions', 'rejected']),
    reasons: optional(4000),
    conditions: optional(4000),
    redress: optional(2000),
  }),
  z.object({ type: z.literal('withdrawn') }),
  z.object({ type: z.literal('delay_reason_given'), stage: optional(60), reason: z.string().trim().min(1).max(2000) }),
  z.object({
    type: z.literal('deadline_extended'),
    stage: optional(60),
    new_due: z.string().trim().regex(/^\d{4}-\d{2}-\d{2}$|^\d{4}-\d{2}-\d{2}T.+([zZ]|[+-]\d{2}:\d{2})$/).describe('A local date YYYY-MM-DD (end of that day) or RFC 3339'),
    reason: z.string().trim().min(1).max(2000),
  }),
  z.object({ type: z.literal('transferred'), unit_code: z.string().min(1).max(60), reason: z.string().trim().min(1).max(2000) }),
]);
export type ActInput = z.infer<typeof actSchema>;

/** Maps validated input to the domain's act. */
export function toAct(input: ActInput): Exclude<Act, { type: 'supplement_received' }> {
  switch (input.type) {
    case 'assigned':
      return { type: 'assigned', officialId: input.official_id, reason: input.reason };
    case 'consultation_requested':
      return { type: 'consultation_requested', stage: input.stage, unitCode: input.unit_code, note: input.note };
    case 'consultation_answered':
      return { type: 'consultation_answered', stage: '', requestSeq: input.request_seq, note: input.note };
    case 'delay_reason_given':
      return { type: 'delay_reason_given', stage: input.stage ?? null, reason: input.reason };
    case 'deadline_extended':
      return { type: 'deadline_extended', stage: input.stage ?? null, newDue: input.new_due, reason: input.reason };
    case 'transferred':
      return { type: 'transferred', unitCode: input.unit_code, reason: input.reason };
    default:
      return input as Exclude<Act, { type: 'supplement_received' }>;
  }
}

/** The office: the queue, working a case, counter registration, private documents (signing in: `officeSignIn`). */
export async function officeRoutes(app: FastifyInstance, opts: RouteOptions): Promise<void> {
  const { db, config } = opts;

  /** Sends anonymous visitors of office pages to the sign-in form. */
  const requireOfficial = (request: FastifyRequest, reply: FastifyReply): OfficialActor | undefined => {
    if (request.official) return request.official;
    void reply.redirect(`/office/login?next=${encodeURIComponent(request.url)}`, 303);
    return undefined;
  };

  app.get('/office', async (request, reply) => {
    const actor = requireOfficial(request, reply);
    if (!actor) return reply;
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
  async function caseView(number: string, actor: OfficialActor): Promise<CaseView> {
    const found = await findPublicCase(db, number);
    if (!found) throw notFound('error.application_not_found');
    const row = await db.selectFrom('application').select(['unit_id', 'active_unit_ids', 'assigned_official_id']).where('id', '=', found.id).executeTakeFirstOrThrow();
    const scope = { unitId: row.unit_id, activeUnitIds: row.active_unit_ids, assigneeId: row.assigned_official_id };
    // Every unit involved in the case (owning one of its stages, or consulted on it) may read it, even once its
    // own part is done; acting stays limited to the units with work on it now.
    const involved = await db
      .selectFrom('unit')
      .select('id')
      .where('jurisdiction_id', '=', found.jurisdiction.id)
      .where('code', 'in', [
        '',
        ...found.procedure.stages.map((s) => s.unit_code ?? ''),
        ...found.events.filter((e) => e.type === 'consultation_requested').map((e) => String((e.data.unit as { code?: string } | undefined)?.code ?? '')),
      ])
      .execute();
    mayViewCase(actor, { ...scope, activeUnitIds: [...scope.activeUnitIds, ...involved.map((u) => u.id)] });
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

  app.get<{ Params: { number: string }; Querystring: { done?: string; stage?: string } }>('/office/applications/:number', async (request, reply) => {
    const actor = requireOfficial(request, reply);
    if (!actor) return reply;
    const view = await caseView(request.params.number, actor);
    const stageName = pick(view.app.stages.find((s) => s.key === request.query.stage)?.name, request.locale);
    const doneType = (EVENT_TYPES as readonly string[]).includes(request.query.done ?? '') ? request.query.done : undefined;
    const notice = doneType ? request.t('case.recorded', { type: request.t(`event.${doneType}`, { stage: stageName, unit: '' }) }) : undefined;
    const ctx = opts.ctx(request, reply);
    const inquiryError = typeof (request.query as Record<string, unknown>).inquiry_error === 'string' ? (request.query as Record<string, string>).inquiry_error! : undefined;
    const extra = await officeInquirySection(db, ctx, actor, view.app.number, view.zone, inquiryError?.startsWith('error.') ? { answer: request.t(inquiryError, { max: 2000 }) } : {});
    return reply.page(CasePage({ ctx, view, errors: {}, notice, extra }));
  });

  app.post<{ Params: { number: string } }>('/office/applications/:number/acts', async (request, reply) => {
    const actor = request.official;
    if (!actor) throw new AppError('unauthenticated', 'error.unauthenticated');
    mayUseOffice(actor);
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

  app.get<{ Params: { number: string; id: string } }>('/office/applications/:number/documents/:id', async (request, reply) => {
    const actor = requireOfficial(request, reply);
    if (!actor) return reply;
    const row = await db.selectFrom('application').select(['id', 'unit_id', 'active_unit_ids', 'assigned_official_id']).where('number', '=', request.params.number).executeTakeFirst();
    if (!row) throw notFound('error.application_not_found');
    mayViewCase(actor, { unitId: row.unit_id, activeUnitIds: row.active_unit_ids, assigneeId: row.assigned_official_id });
    return sendDocument(reply, db, row.id, Number(request.params.id));
  });

  app.get('/office/register', async (request, reply) => {
    const actor = requireOfficial(request, reply);
    if (!actor) return reply;
    return reply.page(CounterChoosePage({ ctx: opts.ctx(request, reply), procedures: await listProcedures(db) }));
  });

  app.get<{ Params: { j: string; code: string } }>('/office/register/:j/:code', async (request, reply) => {
    const actor = requireOfficial(request, reply);
    if (!actor) return reply;
    const [p] = await listProcedures(db, { jurisdiction: request.params.j, code: request.params.code });
    if (!p) throw notFound('error.procedure_not_found');
    return reply.page(ApplyPage({ ctx: opts.ctx(request, reply), p, values: { channel: 'counter' }, errors: {}, counter: true, maxBytes: config.UPLOAD_MAX_BYTES }));
  });

  app.post<{ Params: { j: string; code: string } }>('/office/register/:j/:code', async (request, reply) => {
    const actor = request.official;
    if (!actor) throw new AppError('unauthenticated', 'error.unauthenticated');
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
      return reply.page(ReceiptPage({ ctx: opts.ctx(request, reply), ...receipt, counter: true }), 201);
    } catch (error) {
      if (error instanceof AppError && error.id === 'forbidden') throw error;
      return rerender(error, request, reply, (errors) =>
        ApplyPage({ ctx: opts.ctx(request, reply), p, values, errors, counter: true, maxBytes: config.UPLOAD_MAX_BYTES }),
      );
    }
  });
}
