import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { saveBidderProfile } from '../../commands/bidders/saveBidderProfile.js';
import { submitBid } from '../../commands/bidders/submitBid.js';
import { bidderOfCitizen, bidsOfBidder, openTenders } from '../../db/repos/bidders.js';
import { loadCase } from '../../db/repos/cases.js';
import { findTenderDocument } from '../../db/repos/tenderDocuments.js';
import { findPublicProcess } from '../../db/repos/contracts.js';
import { publicInquiries } from '../../db/repos/inquiries.js';
import { pactDigest } from '../../domain/bidders.js';
import { contractState, parseValue, termsOf, type TenderDocument } from '../../domain/contracts.js';
import { NUMBER_PATTERN } from '../../domain/time.js';
import { AppError, notFound, validationError } from '../../errors.js';
import { pick } from '../../i18n/index.js';
import { presentApplication } from '../../presenters/public.js';
import { BidderPage, TenderPage, TendersPage, type TenderViewer } from '../../views/bidders.js';
import { CITIZEN_COOKIE, citizenFromSession } from '../auth.js';
import type { RouteOptions } from '../context.js';
import { sendDocument } from '../documents.js';
import { formFields } from '../forms.js';
import { safeLocalPath } from '../redirects.js';

/** Most open tenders the list shows. */
const TENDERS_LIMIT = 200;

/** Every document the notice and its addenda published, oldest first, with the event that published it. */
function tenderDocuments(events: { seq: number; type: string; occurred_at: string; data: Record<string, unknown> }[]) {
  return events
    .filter((e) => e.type === 'tender_published' || e.type === 'tender_addendum')
    .flatMap((e) => ((e.data.documents ?? []) as TenderDocument[]).map((d) => ({ ...d, seq: e.seq, at: e.occurred_at, addendum: e.type === 'tender_addendum' ? String(e.data.note ?? '') : null })));
}

type Form = { values: Record<string, string>; errors: Record<string, string> };
const empty = (): Form => ({ values: {}, errors: {} });

/**
 * Bidders (ADR 0023): the open tenders for anyone; for a company signed in by e-mail, its bidder profile, the tender's
 * clarifications (asked through the case's questions) and its sealed bid with the integrity pact.
 */
export async function bidderRoutes(app: FastifyInstance, opts: RouteOptions): Promise<void> {
  const { db, config } = opts;
  const limited = { config: { rateLimit: { max: config.FORM_RATE_LIMIT, timeWindow: '1 minute' } } };
  const citizen = (request: FastifyRequest) => citizenFromSession(db, request.cookies[CITIZEN_COOKIE]);
  const numberOrNotFound = (number: string) => {
    if (!NUMBER_PATTERN.test(number)) throw notFound('contracts.error.not_found');
    return number;
  };

  app.get('/tenders', async (request, reply) => {
    return reply.page(TendersPage({ ctx: opts.ctx(request, reply), rows: await openTenders(db, new Date(), TENDERS_LIMIT) }));
  });

  const tenderPage = async (request: FastifyRequest, reply: FastifyReply, number: string, bid: Form = empty(), status = 200, notice?: string) => {
    const found = await findPublicProcess(db, numberOrNotFound(number));
    if (!found) throw notFound('contracts.error.not_found');
    const record = presentApplication(found);
    const terms = termsOf((record.events[0]?.data.fields ?? {}) as Record<string, unknown>);
    const published = record.events.find((e) => e.type === 'tender_published');
    if (!terms || !published) throw notFound('bidders.error.no_tender');
    const tenderEnd = (published.data.tender_period as { end: string }).end;
    const open = record.stages.find((s) => s.key === 'tender')?.status === 'active' && Date.parse(tenderEnd) > Date.now();
    const who = await citizen(request);
    const bidder = who ? await bidderOfCitizen(db, who.id) : undefined;
    let viewer: TenderViewer = { kind: who ? 'citizen' : 'anonymous' };
    if (bidder) {
      // The bidder's own sealed bid, read from the office's merged view of the events; shown only to them.
      const mine = contractState((await loadCase(db, found.number)).events).bids.find((b) => b.bidderId === bidder.id);
      viewer = { kind: 'bidder', companyName: bidder.company_name, bid: mine?.bid ?? null };
    }
    reply.header('cache-control', 'private, no-store');
    return reply.page(TenderPage({
      ctx: opts.ctx(request, reply), number: found.number, title: record.title, unit: pick(record.unit.name, request.locale),
      method: terms.method, category: terms.category, estimate: terms.estimate, tenderEnd, zone: found.jurisdiction.time_zone, open, viewer,
      pactText: request.t('bidders.pact_text'), documents: tenderDocuments(record.events), inquiries: await publicInquiries(db, found.id), events: record.events, bid, notice,
    }), status);
  };

  // A tender document, public to anyone: its address is the SHA-256 the notice published, so the bytes can be checked.
  app.get<{ Params: { number: string; sha256: string } }>('/tenders/:number/documents/:sha256', async (request, reply) => {
    const number = numberOrNotFound(request.params.number);
    if (!/^[0-9a-f]{64}$/.test(request.params.sha256)) throw notFound('bidders.error.no_document');
    const doc = await findTenderDocument(db, number, request.params.sha256);
    if (!doc) throw notFound('bidders.error.no_document');
    return sendDocument(reply, doc).header('cache-control', 'public, max-age=86400, immutable');
  });

  app.get<{ Params: { number: string }; Querystring: { bid?: string } }>('/tenders/:number', async (request, reply) => {
    const bid = request.query.bid;
    return tenderPage(request, reply, request.params.number, empty(), 200, bid && /^\d{1,3}$/.test(bid) ? request.t('bidders.bid_submitted', { bid: Number(bid) }) : undefined);
  });

  app.post<{ Params: { number: string } }>('/tenders/:number/bids', limited, async (request, reply) => {
    const number = numberOrNotFound(request.params.number);
    const who = await citizen(request);
    if (!who) throw new AppError('unauthenticated', 'error.citizen_sign_in');
    const values = formFields(request.body);
    const kept = { value_amount: (values.value_amount ?? '').slice(0, 40), integrity_pact: values.integrity_pact === '1' ? '1' : '' };
    try {
      const { value, issues } = parseValue(values.value_amount ?? '', values.value_currency ?? '');
      if (!value) throw validationError(issues);
      const submitted = await submitBid(db, {
        number, citizenId: who.id, value, integrityPact: values.integrity_pact === '1',
        pactSha256: pactDigest(request.t('bidders.pact_text')), pactLocale: request.locale,
      });
      return reply.redirect(`/tenders/${number}?bid=${submitted.bid}`, 303);
    } catch (error) {
      if (!(error instanceof AppError) || !['validation', 'invalid_transition', 'conflict', 'forbidden'].includes(error.id)) throw error;
      const errors = error.fields.length
        ? Object.fromEntries(error.fields.map((f) => [f.field, request.t(f.key, f.values ?? {})]))
        : { form: request.t(error.key, error.values) };
      return tenderPage(request, reply, number, { values: kept, errors }, error.status);
    }
  });

  const bidderPage = async (request: FastifyRequest, reply: FastifyReply, who: { id: number; email: string }, form?: Form, status = 200, saved = false, next?: string) => {
    const bidder = await bidderOfCitizen(db, who.id);
    reply.header('cache-control', 'private, no-store');
    return reply.page(BidderPage({
      ctx: opts.ctx(request, reply), email: who.email, saved, next, hasProfile: !!bidder,
      form: form ?? { values: bidder ? { company_name: bidder.company_name, registration_number: bidder.registration_number } : {}, errors: {} },
      bids: bidder ? await bidsOfBidder(db, bidder.id) : [],
    }), status);
  };

  app.get<{ Querystring: { next?: string; saved?: string } }>('/bidder', async (request, reply) => {
    const who = await citizen(request);
    if (!who) return reply.redirect('/signin?next=/bidder', 303);
    const next = safeLocalPath(request.query.next, '') || undefined;
    return bidderPage(request, reply, who, undefined, 200, request.query.saved === '1', next);
  });

  app.post('/bidder', limited, async (request, reply) => {
    const who = await citizen(request);
    if (!who) throw new AppError('unauthenticated', 'error.citizen_sign_in');
    const values = formFields(request.body);
    const kept = { company_name: (values.company_name ?? '').slice(0, 300), registration_number: (values.registration_number ?? '').slice(0, 60) };
    const next = safeLocalPath(values.next, '') || undefined;
    try {
      await saveBidderProfile(db, { citizenId: who.id, companyName: values.company_name ?? '', registrationNumber: values.registration_number ?? '' });
      return reply.redirect(next ?? '/bidder?saved=1', 303);
    } catch (error) {
      if (!(error instanceof AppError) || error.id !== 'validation') throw error;
      const errors = Object.fromEntries(error.fields.map((f) => [f.field, request.t(f.key)]));
      return bidderPage(request, reply, who, { values: kept, errors }, error.status, false, next);
    }
  });
}
