import type { FastifyInstance } from 'fastify';
import { recordAct } from '../../commands/recordAct.js';
import { findDocument } from '../../db/repos/documents.js';
import { handOff, takeHandoff } from '../../db/repos/handoffs.js';
import { jurisdictionCodeOf } from '../../db/repos/jurisdictions.js';
import { recordPersonalDataAccess } from '../../db/repos/personalDataAccess.js';
import { applicationZone, listProcedures } from '../../db/repos/publicRead.js';
import { NUMBER_PATTERN, parseTimestamp } from '../../domain/time.js';
import { AppError, notFound } from '../../errors.js';
import { mayUseOffice, officeLanding } from '../../policies/index.js';
import { AccessReasonPage } from '../../views/access.js';
import { ApplyPage, ReceiptPage } from '../../views/apply.js';
import { CasePage } from '../../views/office/case.js';
import { CounterChoosePage } from '../../views/office/counter.js';
import { actSchema, requireDelayCategory, toAct } from '../acts.js';
import { submitFromForm } from '../applicationForm.js';
import { OFFICE_COOKIE } from '../auth.js';
import type { RouteOptions } from '../context.js';
import { sendDocument } from '../documents.js';
import { formFields, parseOrThrow, rerender } from '../forms.js';
import { officeGuard, officialOf } from '../guards.js';
import { caseView, casePage, fileAccess, type CasePageQuery } from '../pages/officeCase.js';
import { queuePage } from '../pages/officeQueue.js';
import { idOrNotFound } from '../params.js';

/** How long a counter receipt can be shown again in the clerk's browser (to print it, or after a reload). */
const COUNTER_RECEIPT_MS = 30 * 60_000;

/** A time typed in a form, read in the case's `zone`: undefined when blank, a validation error naming `field` when unreadable. */
function typedTime(text: string | undefined, zone: string, field: string): Date | undefined {
  if (!text?.trim()) return undefined;
  const at = parseTimestamp(text, zone);
  if (!at) throw new AppError('validation', 'error.validation', {}, [{ field, key: 'error.invalid_format' }]);
  return at;
}

/** The office: the queue, working a case, counter registration, private documents (signing in: `officeSignIn`). */
export async function officeRoutes(app: FastifyInstance, opts: RouteOptions): Promise<void> {
  const { db, config } = opts;

  const office = { preHandler: officeGuard(mayUseOffice) };

  app.get<{ Querystring: Record<string, unknown> }>('/office', office, async (request, reply) => {
    const actor = officialOf(request);
    if (officeLanding(actor) === '/admin') return reply.redirect('/admin', 303);
    return reply.page(await queuePage(db, opts.ctx(request, reply), actor, request.query));
  });

  app.get<{ Params: { number: string }; Querystring: CasePageQuery }>('/office/applications/:number', office, async (request, reply) => {
    const actor = officialOf(request);
    const { scope, reasonNeeded } = await fileAccess(db, request.params.number, actor);
    if (reasonNeeded) return reply.page(AccessReasonPage({ ctx: opts.ctx(request, reply), number: request.params.number, values: {}, errors: {} }));
    const view = await caseView(db, request.params.number, actor, scope);
    await recordPersonalDataAccess(db, { officialId: actor.id, applicationId: scope.applicationId, what: 'case' });
    return reply.page(await casePage(db, opts.ctx(request, reply), actor, view, request.query));
  });

  // The reason an auditor or administrator gives to open a file; it goes into the access log with the opening.
  app.post<{ Params: { number: string } }>('/office/applications/:number/access', office, async (request, reply) => {
    const actor = officialOf(request);
    const { scope } = await fileAccess(db, request.params.number, actor);
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
      requireDelayCategory(input);
      const found = await applicationZone(db, request.params.number);
      if (!found) throw notFound('error.application_not_found');
      const occurredAt = typedTime(values.occurred_at, found.time_zone, 'occurred_at');
      const recorded = await recordAct(db, {
        number: request.params.number,
        act: toAct(input),
        occurredAt,
        internalNote: values.internal_note?.slice(0, 4000),
        actor,
        assignment: { keys: opts.partyKeys },
      });
      const stage = 'stage' in input && typeof input.stage === 'string' ? `&stage=${encodeURIComponent(input.stage)}` : '';
      return reply.redirect(`/office/applications/${recorded.number}?done=${recorded.type}${stage}`, 303);
    } catch (error) {
      if (error instanceof AppError && error.id === 'not_found') throw error;
      // A refused act shows the case again with the reason and what was typed, never a bare error page; only an
      // official who may not see the case at all gets the error page (caseView refuses them).
      const view = await caseView(db, request.params.number, actor);
      if (error instanceof AppError && error.id === 'forbidden') {
        return reply.page(CasePage({ ctx: opts.ctx(request, reply), view, values, errors: { form: request.t(error.key, error.values) } }), 403);
      }
      return rerender(error, request, reply, (errors) => CasePage({ ctx: opts.ctx(request, reply), view, values, errors }));
    }
  });

  app.get<{ Params: { number: string; id: string } }>('/office/applications/:number/documents/:id', office, async (request, reply) => {
    const actor = officialOf(request);
    const { scope, reasonNeeded } = await fileAccess(db, request.params.number, actor);
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
    const ownJurisdiction = await jurisdictionCodeOf(db, officialOf(request).jurisdictionId);
    return reply.page(CounterChoosePage({ ctx: opts.ctx(request, reply), procedures: await listProcedures(db), ownJurisdiction }));
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
      const receivedAt = typedTime(values.received_at, p.jurisdiction.time_zone, 'received_at');
      const receipt = await submitFromForm(db, request, values, p.jurisdiction.code, p.code, channel, config.UPLOAD_MAX_BYTES, { receivedAt, actor, keys: opts.partyKeys });
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
