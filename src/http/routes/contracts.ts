import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { debarSupplier } from '../../commands/contracts/debarSupplier.js';
import { openProcess } from '../../commands/contracts/openProcess.js';
import { recordContractAct } from '../../commands/contracts/recordContractAct.js';
import { terminateContract } from '../../commands/contracts/terminateContract.js';
import { recordAct } from '../../commands/recordAct.js';
import { inTransaction, loadCase } from '../../db/repos/cases.js';
import { conflictedBids } from '../../commands/contracts/evaluatorConflicts.js';
import { publicInquiries } from '../../db/repos/inquiries.js';
import { findPublicProcess, listDebarments, processNumbers, procurementProcedures, searchContracts } from '../../db/repos/contracts.js';
import { contractState, MAX_TENDER_DOCUMENTS, requireValue, termsOf, type ContractAct } from '../../domain/contracts.js';
import { LICENCES } from '../../domain/openData.js';
import { NUMBER_PATTERN, parseTimestamp } from '../../domain/time.js';
import { AppError, notFound, validationError } from '../../errors.js';
import { mayAct, mayDebar, mayUseOffice } from '../../policies/index.js';
import { ocidOf, recordPackage, releasePackage, releasesOf, type OcdsContext } from '../../presenters/ocds.js';
import { presentApplication } from '../../presenters/public.js';
import { DebarmentsPage, OfficeContractsPage, OfficeProcessPage } from '../../views/contracts.js';
import type { RouteOptions } from '../context.js';
import { formFields, formFiles } from '../forms.js';
import { checkUploads } from '../../domain/documents.js';
import { officeGuard, officialOf } from '../guards.js';

/** Most processes the bulk release package and the register list. */
const BULK_LIMIT = 500;
const REGISTER_LIMIT = 200;

const numberOrNotFound = (number: string) => {
  if (!NUMBER_PATTERN.test(number)) throw notFound('contracts.error.not_found');
  return number;
};

/**
 * Public procurement (ADR 0022): the contracts register, the debarment list and the OCDS downloads for anyone; the
 * officer's screens to open a process, record its acts and keep the debarment list. A process's own public page is
 * its application page, with the same timeline and proofs.
 */
export async function contractRoutes(app: FastifyInstance, opts: RouteOptions): Promise<void> {
  const { db, config } = opts;
  const office = { preHandler: officeGuard(mayUseOffice) };
  const debarring = { preHandler: officeGuard(mayDebar) };
  const publisher = { name: 'Daylight', uri: config.publicUrl };
  const ocds = (jurisdictionCode: string): OcdsContext => ({
    prefix: config.ocdsPrefixes[jurisdictionCode] ?? config.OCDS_PREFIX, publicUrl: config.publicUrl, publisher, license: LICENCES[config.OPEN_DATA_LICENCE].url,
  });
  const json = (reply: FastifyReply, body: unknown) => reply.type('application/json; charset=utf-8').header('cache-control', 'public, max-age=60').send(JSON.stringify(body));

  app.get('/contracts/debarments', async (request, reply) => {
    return reply.page(DebarmentsPage({ ctx: opts.ctx(request, reply), rows: await listDebarments(db) }));
  });

  app.get('/contracts/releases.json', async (_request, reply) => {
    const numbers = await processNumbers(db, BULK_LIMIT);
    const releases = [];
    for (const number of numbers) {
      const found = await findPublicProcess(db, number);
      if (found) releases.push(...releasesOf(presentApplication(found), ocds(found.jurisdiction.code), await publicInquiries(db, found.id)));
    }
    return json(reply, releasePackage(releases, ocds(''), `${config.publicUrl}/contracts/releases.json`));
  });

  app.get<{ Params: { number: string } }>('/contracts/:number/releases.json', async (request, reply) => {
    const found = await findPublicProcess(db, numberOrNotFound(request.params.number));
    if (!found) throw notFound('contracts.error.not_found');
    const ctx = ocds(found.jurisdiction.code);
    return json(reply, releasePackage(releasesOf(presentApplication(found), ctx, await publicInquiries(db, found.id)), ctx, `${config.publicUrl}/contracts/${found.number}/releases.json`));
  });

  app.get<{ Params: { number: string } }>('/contracts/:number/record.json', async (request, reply) => {
    const found = await findPublicProcess(db, numberOrNotFound(request.params.number));
    if (!found) throw notFound('contracts.error.not_found');
    const ctx = ocds(found.jurisdiction.code);
    return json(reply
      .header('content-disposition', `attachment; filename="${ocidOf(ctx.prefix, found.number)}.json"`), recordPackage(presentApplication(found), ctx, `${config.publicUrl}/contracts/${found.number}/record.json`, await publicInquiries(db, found.id)));
  });

  const officePage = async (request: FastifyRequest, reply: FastifyReply, forms: { open?: Form; debar?: Form } = {}, status = 200) => {
    const actor = officialOf(request);
    const procedures = (await procurementProcedures(db)).filter((p) => p.unit_id === actor.unitId);
    const rows = await searchContracts(db, { unit: actor.unitCode, limit: REGISTER_LIMIT });
    let debar: boolean;
    try {
      mayDebar(actor);
      debar = true;
    } catch {
      debar = false;
    }
    return reply.page(OfficeContractsPage({
      ctx: opts.ctx(request, reply), procedures: procedures.map((p) => ({ value: `${p.jurisdiction_code}:${p.code}`, label: request.locale === 'ko' ? p.unit_ko : p.unit_en })),
      rows, mayDebar: debar, open: forms.open ?? { values: {}, errors: {} }, debar: forms.debar ?? { values: {}, errors: {} },
    }), status);
  };

  app.get('/office/contracts', office, async (request, reply) => officePage(request, reply));

  app.post('/office/contracts', office, async (request, reply) => {
    const actor = officialOf(request);
    const values = formFields(request.body);
    const [jurisdictionCode = '', procedureCode = ''] = (values.procedure ?? '').split(':');
    try {
      const receipt = await openProcess(db, {
        jurisdictionCode, procedureCode, title: values.title ?? '', place: values.place ?? '', category: values.category ?? '', method: values.method ?? '',
        estimatedAmount: values.estimate_amount ?? '', currency: values.estimate_currency ?? '', actor,
      });
      return reply.redirect(`/office/contracts/${receipt.number}`, 303);
    } catch (error) {
      return officePage(request, reply, { open: { values, errors: errorsOf(request, error) } }, (error as AppError).status);
    }
  });

  app.post('/office/contracts/debarments', debarring, async (request, reply) => {
    const actor = officialOf(request);
    const values = formFields(request.body);
    try {
      await debarSupplier(db, { supplierName: values.supplier ?? '', reason: values.reason ?? '', decision: values.decision ?? '', startsOn: values.starts_on ?? '', endsOn: values.ends_on ?? '', actor });
      return reply.redirect('/contracts/debarments', 303);
    } catch (error) {
      return officePage(request, reply, { debar: { values, errors: errorsOf(request, error) } }, (error as AppError).status);
    }
  });

  const processPage = async (request: FastifyRequest, reply: FastifyReply, number: string, form?: { type: string } & Form, status = 200, done?: string) => {
    const found = await findPublicProcess(db, numberOrNotFound(number));
    if (!found) throw notFound('contracts.error.not_found');
    const locked = await loadCase(db, found.number);
    const terms = termsOf((locked.events[0]?.data.fields ?? {}) as Record<string, unknown>);
    const state = contractState(locked.events);
    // Before the evaluation is recorded, the official sees which bids their declared conflicts bar them from scoring.
    const evaluating = locked.state.stages.some((s) => s.key === 'evaluation' && s.status === 'active') && !state.evaluated;
    const conflicted = evaluating ? await inTransaction(db, (trx) => conflictedBids(trx, opts.partyKeys, officialOf(request).id, locked.app.id, state.bids)) : [];
    return reply.page(OfficeProcessPage({
      ctx: opts.ctx(request, reply), app: presentApplication(found), state, conflicted, method: terms?.method ?? 'open',
      zone: found.jurisdiction.time_zone, form, done,
    }), status);
  };

  /** The office's view of a process: officers of its department only (it shows sealed bids). */
  const mayWork = async (request: FastifyRequest, number: string) => {
    const actor = officialOf(request);
    const locked = await loadCase(db, numberOrNotFound(number));
    mayAct(actor, { unitId: locked.app.unit_id, activeUnitIds: locked.app.active_unit_ids, assigneeId: locked.state.assigneeId }, 'stage_completed');
    return { actor, locked };
  };

  app.get<{ Params: { number: string }; Querystring: Record<string, string | undefined> }>('/office/contracts/:number', office, async (request, reply) => {
    await mayWork(request, request.params.number);
    const done = request.query.done;
    return processPage(request, reply, request.params.number, undefined, 200, done && /^[a-z_]{1,40}$/.test(done) ? done : undefined);
  });

  app.post<{ Params: { number: string } }>('/office/contracts/:number/acts', office, async (request, reply) => {
    const { actor, locked } = await mayWork(request, request.params.number);
    const values = formFields(request.body);
    const type = values.type ?? '';
    try {
      if (type === 'completed') {
        await recordAct(db, { number: locked.app.number, act: { type: 'decision', outcome: 'approved', reasons: values.reasons ?? '' }, actor });
      } else if (type === 'terminated') {
        await terminateContract(db, { number: locked.app.number, reasons: values.reasons ?? '', redress: values.redress ?? '', actor });
      } else {
        // The notice and its addenda carry the tender's documents, each file's type checked from its bytes.
        const documents = type === 'tender_published' || type === 'tender_addendum'
          ? checkUploads((await formFiles(request.body, config.UPLOAD_MAX_BYTES)).slice(0, MAX_TENDER_DOCUMENTS + 1).map((f) => ({ kind: 'tender', filename: f.filename, bytes: f.bytes })))
          : undefined;
        await recordContractAct(db, { number: locked.app.number, act: contractActOf(type, values, locked.jurisdiction.time_zone), documents, actor, partyKeys: opts.partyKeys });
      }
      return reply.redirect(`/office/contracts/${locked.app.number}?done=${type}`, 303);
    } catch (error) {
      return processPage(request, reply, locked.app.number, { type, values, errors: errorsOf(request, error) }, (error as AppError).status);
    }
  });

  // Completes the active stage and starts the next (or starts the first): two events, each on the record.
  app.post<{ Params: { number: string } }>('/office/contracts/:number/next', office, async (request, reply) => {
    const { actor, locked } = await mayWork(request, request.params.number);
    const stages = locked.state.stages;
    const active = stages.findIndex((s) => s.status === 'active');
    try {
      if (active >= 0) await recordAct(db, { number: locked.app.number, act: { type: 'stage_completed', stage: stages[active]!.key }, actor });
      const next = stages[active + 1];
      if (next) await recordAct(db, { number: locked.app.number, act: { type: 'stage_started', stage: next.key }, actor });
      return reply.redirect(`/office/contracts/${locked.app.number}`, 303);
    } catch (error) {
      return processPage(request, reply, locked.app.number, { type: 'next', values: {}, errors: errorsOf(request, error) }, (error as AppError).status);
    }
  });
}

type Form = { values: Record<string, string>; errors: Record<string, string> };

/** A refusal as the form shows it: per field, or on the form as a whole; anything else is not the form's to show. */
function errorsOf(request: FastifyRequest, error: unknown): Record<string, string> {
  if (!(error instanceof AppError) || !['validation', 'invalid_transition', 'forbidden', 'unsupported_media_type', 'payload_too_large'].includes(error.id)) throw error;
  if (error.fields.length) return Object.fromEntries(error.fields.map((f) => [f.field, request.t(f.key, f.values ?? {})]));
  return { form: request.t(error.key, error.values) };
}

/** Reads a contract act's form; malformed input is a validation error naming the field. */
function contractActOf(type: string, v: Record<string, string>, zone: string): ContractAct {
  const value = () => requireValue(v.value_amount ?? '', v.value_currency ?? '');
  switch (type) {
    case 'tender_published': {
      const end = parseTimestamp(v.tender_end ?? '', zone);
      if (!end) throw validationError([{ field: 'tender_end', key: 'contracts.error.tender_end' }]);
      return { type, tenderEnd: end.toISOString() };
    }
    case 'tender_addendum':
      return { type, note: v.note ?? '', documents: [] };
    case 'bid_received':
      return { type, bidder: { name: v.bidder ?? '' }, value: value(), integrityPact: v.integrity_pact === '1' };
    case 'bids_opened':
      return { type };
    case 'bids_evaluated': {
      const scores = Object.keys(v).filter((k) => /^score_\d{1,3}$/.test(k)).slice(0, 200).map((k) => {
        const bid = Number(k.slice(6));
        const score = (v[k] ?? '').trim();
        if (!/^\d{1,3}(\.\d{1,2})?$/.test(score)) throw validationError([{ field: k, key: 'contracts.error.scores' }]);
        return { bid, score: Number(score), reason: v[`reason_${bid}`] ?? '' };
      });
      return { type, scores };
    }
    case 'awarded': {
      const bid = /^\d{1,3}$/.test(v.bid ?? '') ? Number(v.bid) : null;
      return { type, bid, supplier: { name: v.supplier ?? '' }, value: value(), reasons: v.reasons ?? '' };
    }
    case 'contract_signed':
      return { type, value: value() };
    case 'contract_amended':
      return { type, reason: v.reason ?? '', value: value() };
    case 'milestone_scheduled':
      return { type, title: v.title ?? '', dueDate: (v.due_date ?? '').trim() };
    case 'milestone_met':
      return { type, milestone: /^\d{1,3}$/.test(v.milestone ?? '') ? Number(v.milestone) : 0 };
    case 'payment_scheduled':
      return { type, value: value(), dueDate: (v.due_date ?? '').trim() };
    case 'payment_made':
      return { type, payment: /^\d{1,3}$/.test(v.payment ?? '') ? Number(v.payment) : 0, value: value() };
    default:
      throw validationError([{ field: 'type', key: 'contracts.error.unknown_act' }]);
  }
}
