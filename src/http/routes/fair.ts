import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { declareConflict, withdrawDeclaredConflict } from '../../commands/fair/declareConflict.js';
import { assignByRotation, overrideAssignment } from '../../commands/fair/overrideAssignment.js';
import type { PartyKeys } from '../../commands/fair/partyKeys.js';
import { recuse } from '../../commands/fair/recuse.js';
import type { ConflictKind } from '../../domain/conflicts.js';
import { AppError } from '../../errors.js';
import { mayDeclare } from '../../policies/fair.js';
import { mayUseOffice } from '../../policies/index.js';
import type { RouteOptions } from '../context.js';
import { formFields, issueMessages } from '../forms.js';
import { officeGuard, officialOf } from '../guards.js';
import { conflictsPage, officeGiftsPage } from '../pages/fair.js';
import { recordGift } from '../../commands/fair/recordGift.js';
import { declarationYearOf, fileDeclaration } from '../../commands/fair/fileDeclaration.js';
import { officeDeclarationPage } from '../pages/declarations.js';
import { caseView, casePage } from '../pages/officeCase.js';
import { idOrNotFound, parseId } from '../params.js';

/** The text of a form field, cut to a bound so nothing a person types can make the work grow. */
const text = (values: Record<string, string>, name: string, max = 2000) => (values[name] ?? '').slice(0, max);

/** A correctable refusal's messages by form field, or the error itself rethrown (forbidden, not found, anything else). */
function fieldErrors(error: unknown, request: FastifyRequest, rename: Record<string, string> = {}): Record<string, string> {
  if (!(error instanceof AppError) || !['validation', 'invalid_transition'].includes(error.id)) throw error;
  if (!error.fields.length) return { form: request.t(error.key, error.values) };
  return issueMessages(error.fields.map((f) => ({ ...f, field: rename[f.field] ?? f.field })), request.t);
}

/**
 * Fair handling in the office: an official's declarations of conflicts of interest, stepping aside from a case,
 * and the supervisor's override of the rotation (with a reason) or request to it. ADR 0015.
 */
export async function fairRoutes(app: FastifyInstance, opts: RouteOptions & { partyKeys: PartyKeys }): Promise<void> {
  const { db, partyKeys: keys } = opts;
  const declarers = { preHandler: officeGuard(mayDeclare) };
  const office = { preHandler: officeGuard(mayUseOffice) };

  app.get<{ Querystring: { done?: string } }>('/office/conflicts', declarers, async (request, reply) => {
    const notice = request.query.done === 'declared' ? request.t('fair.conflicts.declared') : request.query.done === 'withdrawn' ? request.t('fair.conflicts.withdrawn_notice') : undefined;
    return reply.page(await conflictsPage(db, opts.ctx(request, reply), officialOf(request), keys, { notice }));
  });

  app.post('/office/conflicts', declarers, async (request, reply) => {
    const actor = officialOf(request);
    const values = formFields(request.body);
    const draft = {
      kind: text(values, 'kind', 40), partyName: text(values, 'party_name'), registration: text(values, 'registration'),
      address: text(values, 'address'), parcel: text(values, 'parcel'), note: text(values, 'note'),
    };
    try {
      await declareConflict(db, { actor, draft, keys });
    } catch (error) {
      const errors = fieldErrors(error, request);
      return reply.page(await conflictsPage(db, opts.ctx(request, reply), actor, keys, { values, errors }), 400);
    }
    return reply.redirect('/office/conflicts?done=declared', 303);
  });

  app.post<{ Params: { id: string } }>('/office/conflicts/:id/withdraw', declarers, async (request, reply) => {
    await withdrawDeclaredConflict(db, { actor: officialOf(request), id: idOrNotFound(request.params.id, 'fair.error.declaration_not_found') });
    return reply.redirect('/office/conflicts?done=withdrawn', 303);
  });

  app.get<{ Querystring: { done?: string } }>('/office/gifts', declarers, async (request, reply) => {
    const notice = request.query.done === 'recorded' ? request.t('fair.gifts.recorded') : undefined;
    return reply.page(await officeGiftsPage(db, opts.ctx(request, reply), officialOf(request), keys, { notice }));
  });

  app.post('/office/gifts', declarers, async (request, reply) => {
    const actor = officialOf(request);
    const values = formFields(request.body);
    const draft = {
      offeredOn: text(values, 'offered_on', 20), kind: text(values, 'kind', 40), value: text(values, 'value', 40), outcome: text(values, 'outcome', 40),
      giver: text(values, 'giver'), description: text(values, 'description'),
    };
    try {
      await recordGift(db, { actor, draft, keys });
    } catch (error) {
      const errors = fieldErrors(error, request);
      return reply.page(await officeGiftsPage(db, opts.ctx(request, reply), actor, keys, { values, errors }), 400);
    }
    return reply.redirect('/office/gifts?done=recorded', 303);
  });

  app.get<{ Querystring: { year?: string; done?: string } }>('/office/declaration', declarers, async (request, reply) => {
    const notice = request.query.done === 'filed' ? request.t('declaration.filed') : undefined;
    return reply.page(await officeDeclarationPage(db, opts.ctx(request, reply), officialOf(request), keys, declarationYearOf(request.query.year), { notice }));
  });

  app.post('/office/declaration', declarers, async (request, reply) => {
    const actor = officialOf(request);
    const values = formFields(request.body);
    const year = declarationYearOf(values.year);
    if (values.more) return reply.page(await officeDeclarationPage(db, opts.ctx(request, reply), actor, keys, year, { values, moreRows: true }));
    try {
      await fileDeclaration(db, { actor, year, values, keys });
    } catch (error) {
      const errors = fieldErrors(error, request);
      return reply.page(await officeDeclarationPage(db, opts.ctx(request, reply), actor, keys, year, { values, errors }), 400);
    }
    return reply.redirect(`/office/declaration?year=${year}&done=filed`, 303);
  });

  /** Shows the case page again with what was typed in a fair-handling form and why it was refused. */
  const caseAgain = async (request: FastifyRequest<{ Params: { number: string } }>, reply: FastifyReply, values: Record<string, string>, errors: Record<string, string>) => {
    const actor = officialOf(request);
    const view = await caseView(db, request.params.number, actor);
    return reply.page(await casePage(db, opts.ctx(request, reply), actor, view, {}, { values, errors }), 400);
  };
  const done = (reply: FastifyReply, number: string, type: string) => reply.redirect(`/office/applications/${encodeURIComponent(number)}?done=${type}`, 303);

  app.post<{ Params: { number: string } }>('/office/applications/:number/recuse', office, async (request, reply) => {
    const values = formFields(request.body);
    try {
      const changed = await recuse(db, { number: request.params.number, actor: officialOf(request), kind: text(values, 'recuse_kind', 40) as ConflictKind, reason: text(values, 'recuse_reason'), keys });
      return done(reply, changed.number, changed.type);
    } catch (error) {
      return caseAgain(request, reply, values, fieldErrors(error, request, { kind: 'recuse_kind', reason: 'recuse_reason' }));
    }
  });

  app.post<{ Params: { number: string } }>('/office/applications/:number/override', office, async (request, reply) => {
    const values = formFields(request.body);
    try {
      const officialId = parseId(values.override_official);
      if (officialId === undefined) throw new AppError('validation', 'error.validation', {}, [{ field: 'official_id', key: 'fair.error.official_required' }]);
      const changed = await overrideAssignment(db, { number: request.params.number, actor: officialOf(request), officialId, reason: text(values, 'override_reason'), keys });
      return done(reply, changed.number, changed.type);
    } catch (error) {
      return caseAgain(request, reply, values, fieldErrors(error, request, { official_id: 'override_official', reason: 'override_reason' }));
    }
  });

  app.post<{ Params: { number: string } }>('/office/applications/:number/rotate', office, async (request, reply) => {
    try {
      const changed = await assignByRotation(db, { number: request.params.number, actor: officialOf(request), keys });
      return done(reply, changed.number, changed.type);
    } catch (error) {
      const errors = fieldErrors(error, request);
      return caseAgain(request, reply, {}, { rotate: errors.form ?? Object.values(errors)[0] ?? '' });
    }
  });
}
