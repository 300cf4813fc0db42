import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { contractFlags } from '../../commands/contracts/contractFlags.js';
import { reviewRedFlag } from '../../commands/contracts/reviewRedFlag.js';
import { awardedSuppliers, awardsOfProcesses, debarmentsOfSupplier, ocdsJurisdictions, procurementProcedures } from '../../db/repos/contracts.js';
import { supplierKey } from '../../domain/contracts.js';
import { AppError, notFound } from '../../errors.js';
import { mayReviewSignals } from '../../policies/fair.js';
import { ContractFlagsPage, type ContractFlagsView } from '../../views/contractFlags.js';
import { ContractsDataPage, SupplierPage } from '../../views/contractRegister.js';
import type { RouteOptions } from '../context.js';
import { formFields, issueMessages } from '../forms.js';
import { officeGuard, officialOf } from '../guards.js';
import { contractRegisterPage, filterFlags, flagCounts, flagQuery } from '../pages/contracts.js';

/** Most awards a supplier's page looks through for the supplier's name (names only). */
const AWARD_LIMIT = 50_000;
/** Most of one supplier's contracts its page lists, newest first. */
const SUPPLIER_AWARDS_SHOWN = 500;

/**
 * The public side of procurement besides the OCDS downloads: the contracts register with its search, a supplier's
 * page, the contracts data page with the red flags' public counts; and the auditors' red flags with their reviews.
 */
export async function contractRegisterRoutes(app: FastifyInstance, opts: RouteOptions): Promise<void> {
  const { db, config } = opts;
  const auditors = { preHandler: officeGuard(mayReviewSignals) };
  // The public counts leave out what only declared conflicts of interest can raise; the auditors see every flag.
  const flagsNow = (audit = false) => contractFlags(db, { thresholds: config.openTenderThresholds, ...(audit ? { partyKeys: opts.partyKeys } : {}) });

  app.get<{ Querystring: Record<string, string | undefined> }>('/contracts', async (request, reply) => {
    return reply.page(await contractRegisterPage(db, opts.ctx(request, reply), request.query));
  });

  app.get<{ Params: { key: string } }>('/contracts/suppliers/:key', async (request, reply) => {
    const key = request.params.key.slice(0, 200);
    if (!key || supplierKey(key) !== key) throw notFound('contracts.error.supplier_not_found');
    // The names are matched in code (their normal form), so only names are read for all awards, details for the matches.
    const [named, debarments] = await Promise.all([awardedSuppliers(db, AWARD_LIMIT), debarmentsOfSupplier(db, key)]);
    const won = await awardsOfProcesses(db, named.filter((a) => supplierKey(a.supplier) === key).map((a) => a.application_id).slice(0, SUPPLIER_AWARDS_SHOWN));
    if (!won.length && !debarments.length) throw notFound('contracts.error.supplier_not_found');
    return reply.page(SupplierPage({
      ctx: opts.ctx(request, reply), name: won[0]?.supplier ?? debarments[0]!.supplier_name, debarments,
      awards: won.map((a) => ({ ...a, amendments: Number(a.amendments) })),
    }));
  });

  app.get('/contracts/data', async (request, reply) => {
    const [jurisdictions, { flags }] = await Promise.all([ocdsJurisdictions(db), flagsNow()]);
    return reply.page(ContractsDataPage({
      ctx: opts.ctx(request, reply), licence: config.OPEN_DATA_LICENCE, publicUrl: config.publicUrl, counts: flagCounts(flags),
      prefixes: jurisdictions.map((j) => ({ jurisdiction: { ko: j.name_ko, en: j.name_en }, prefix: config.ocdsPrefixes[j.code] ?? config.OCDS_PREFIX })),
    }));
  });

  const flagsPage = async (request: FastifyRequest, reply: FastifyReply, raw: Record<string, string | undefined>, extra: Pick<ContractFlagsView, 'notice' | 'refused'> = {}, status = 200) => {
    const query = flagQuery(raw);
    const [{ flags, processes, truncated }, procedures] = await Promise.all([flagsNow(true), procurementProcedures(db)]);
    const years = [...new Set(flags.map((f) => f.year))].sort((a, b) => b - a);
    return reply.page(ContractFlagsPage({
      ctx: opts.ctx(request, reply),
      view: {
        flags: filterFlags(flags, query), query, years, processes, truncated, ...extra,
        departments: procedures.map((p) => ({ value: p.unit_code, label: request.locale === 'ko' ? p.unit_ko : p.unit_en })),
      },
    }), status);
  };

  app.get<{ Querystring: Record<string, string | undefined> }>('/office/contracts/flags', auditors, async (request, reply) => {
    const done = request.query.done;
    return flagsPage(request, reply, request.query, { notice: done === 'referred' || done === 'dismissed' ? request.t(`fair.review.done_${done}`) : undefined });
  });

  app.post('/office/contracts/flags/review', auditors, async (request, reply) => {
    const values = formFields(request.body);
    const raw = { unit: values.q_unit, year: values.q_year, kind: values.q_kind };
    try {
      await reviewRedFlag(db, {
        actor: officialOf(request), key: (values.key ?? '').slice(0, 300), decision: values.decision ?? '', reason: (values.reason ?? '').slice(0, 2000),
        thresholds: config.openTenderThresholds, partyKeys: opts.partyKeys,
      });
    } catch (error) {
      if (!(error instanceof AppError) || error.id !== 'validation') throw error;
      return flagsPage(request, reply, raw, { refused: { key: values.key ?? '', values, errors: issueMessages(error.fields, request.t) } }, 400);
    }
    const back = new URLSearchParams(Object.entries({ ...flagQuery(raw), done: values.decision ?? '' }).filter(([, v]) => v));
    return reply.redirect(`/office/contracts/flags?${back}`, 303);
  });
}
