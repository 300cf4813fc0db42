import type { FastifyInstance } from 'fastify';
import { reviewSignal } from '../../commands/fair/signals.js';
import { AppError } from '../../errors.js';
import { mayReviewSignals } from '../../policies/fair.js';
import type { RouteOptions } from '../context.js';
import { formFields, issueMessages } from '../forms.js';
import { officeGuard, officialOf } from '../guards.js';
import { integrityPage, signalCounts, signalsPage, storedSignalsReader, signalYears } from '../pages/signals.js';
import { publicGiftRegister, publicGiftsPage } from '../pages/fair.js';
import { giftsCsv } from '../../presenters/gifts.js';
import { declarationsCsv } from '../../presenters/declarations.js';
import { auditDeclarationPage, declarationRosterPage, publicDeclarationRegister, publicDeclarationsPage } from '../pages/declarations.js';
import { idOrNotFound } from '../params.js';

/** A year from a query or form: one of the years offered, else the current one. */
function yearOf(value: unknown): number {
  const years = signalYears();
  const n = typeof value === 'string' && /^\d{4}$/.test(value) ? Number(value) : NaN;
  return years.includes(n) ? n : years[0]!;
}

/**
 * Signals for auditors ("cyber inspection") and their reviews, and the public counts per department and year, which
 * name nobody. ADR 0015.
 */
export async function fairAuditRoutes(app: FastifyInstance, opts: RouteOptions): Promise<void> {
  const { db, config } = opts;
  const auditors = { preHandler: officeGuard(mayReviewSignals) };
  const signals = storedSignalsReader(db, config.LATE_ENTRY_MINUTES);

  app.get<{ Querystring: { year?: string; done?: string } }>('/office/signals', auditors, async (request, reply) => {
    const computed = await signals.get(yearOf(request.query.year));
    const notice = request.query.done === 'referred' || request.query.done === 'dismissed' ? request.t(`fair.review.done_${request.query.done}`) : undefined;
    return reply.page(await signalsPage(db, opts.ctx(request, reply), computed, { notice }));
  });

  app.post('/office/signals/review', auditors, async (request, reply) => {
    const values = formFields(request.body);
    const year = yearOf(values.year);
    try {
      await reviewSignal(db, {
        actor: officialOf(request), year, key: (values.key ?? '').slice(0, 300), decision: values.decision ?? '', reason: (values.reason ?? '').slice(0, 2000),
      });
    } catch (error) {
      if (!(error instanceof AppError) || error.id !== 'validation') throw error;
      const errors = issueMessages(error.fields, request.t);
      const computed = await signals.get(year);
      return reply.page(await signalsPage(db, opts.ctx(request, reply), computed, { refused: { key: values.key ?? '', values, errors } }), 400);
    }
    return reply.redirect(`/office/signals?year=${year}&done=${values.decision}`, 303);
  });

  app.get<{ Querystring: { year?: string } }>('/integrity/signals', async (request, reply) => {
    const computed = await signals.get(yearOf(request.query.year));
    return reply.page(await integrityPage(db, opts.ctx(request, reply), computed));
  });

  app.get<{ Querystring: { year?: string } }>('/integrity/gifts', async (request, reply) => {
    const year = yearOf(request.query.year);
    return reply.page(publicGiftsPage(opts.ctx(request, reply), year, signalYears(), await publicGiftRegister(db, year)));
  });

  app.get<{ Querystring: { year?: string } }>('/integrity/gifts.csv', async (request, reply) => {
    const year = yearOf(request.query.year);
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="gifts-${year}.csv"`)
      .send(giftsCsv(await publicGiftRegister(db, year)));
  });

  app.get<{ Querystring: { year?: string } }>('/integrity/gifts.json', async (request, reply) => {
    const year = yearOf(request.query.year);
    return reply.send({ year, gifts: await publicGiftRegister(db, year) });
  });

  app.get<{ Querystring: { year?: string } }>('/office/declarations', auditors, async (request, reply) => {
    return reply.page(await declarationRosterPage(db, opts.ctx(request, reply), officialOf(request), yearOf(request.query.year), signalYears()));
  });

  app.get<{ Params: { id: string }; Querystring: { year?: string } }>('/office/declarations/:id', auditors, async (request, reply) => {
    const officialId = idOrNotFound(request.params.id, 'declaration.error.not_found');
    return reply.page(await auditDeclarationPage(db, opts.ctx(request, reply), officialOf(request), opts.partyKeys, officialId, yearOf(request.query.year)));
  });

  app.get<{ Querystring: { year?: string } }>('/integrity/declarations', async (request, reply) => {
    const year = yearOf(request.query.year);
    return reply.page(publicDeclarationsPage(opts.ctx(request, reply), year, signalYears(), await publicDeclarationRegister(db, year)));
  });

  app.get<{ Querystring: { year?: string } }>('/integrity/declarations.csv', async (request, reply) => {
    const year = yearOf(request.query.year);
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="declarations-${year}.csv"`)
      .send(declarationsCsv(await publicDeclarationRegister(db, year)));
  });

  app.get<{ Querystring: { year?: string } }>('/integrity/declarations.json', async (request, reply) => {
    const year = yearOf(request.query.year);
    return reply.send({ year, declarations: await publicDeclarationRegister(db, year) });
  });

  app.get<{ Querystring: { year?: string } }>('/integrity/signals.json', async (request, reply) => {
    const computed = await signals.get(yearOf(request.query.year));
    const rows = await signalCounts(db, computed);
    return reply.send({ year: computed.year, departments: rows.map((r) => ({ unit: r.code, name: r.unit, raised: r.raised, reviewed: r.reviewed, referred: r.referred })) });
  });
}
