import { termsOf, type SupplierRef, type TenderDocument, type Value } from '../domain/contracts.js';
import type { PublicApplication, PublicEvent } from './public.js';

/**
 * Open Contracting Data Standard 1.1.5 (ADR 0022): releases and records of a contracting process, made from its public
 * events as the public presenter gives them, so the OCDS view and the timeline read the same facts and nothing private
 * can reach it. One release per event that changes what OCDS describes, each a full snapshot up to that event, naming
 * the log entry it derives from in `daylight` (an extension member: the application, the event's seq, its log index
 * and the URL of its inclusion proof).
 */

export const OCDS_VERSION = '1.1';

/** The events that make a release, with the release's tag. */
const RELEASE_TAGS: Record<string, string> = {
  received: 'planning',
  tender_published: 'tender',
  tender_addendum: 'tenderAmendment',
  bids_opened: 'tenderUpdate',
  bids_evaluated: 'tenderUpdate',
  awarded: 'award',
  contract_signed: 'contract',
  contract_amended: 'contractAmendment',
  milestone_scheduled: 'implementation',
  milestone_met: 'implementation',
  payment_scheduled: 'implementation',
  payment_made: 'implementation',
  decision: 'contractTermination',
  withdrawn: 'tenderCancellation',
};

export interface OcdsContext {
  /** The jurisdiction's `ocid` prefix. */
  prefix: string;
  publicUrl: string;
  publisher: { name: string; uri: string };
  /** The package's publication date (RFC 3339): the latest event's, so a package is the same bytes until it changes. */
  license?: string;
}

export const ocidOf = (prefix: string, number: string) => `${prefix}-${number}`;

const ocdsValue = (v: Value) => ({ amount: v.amount, currency: v.currency });
const partyId = (s: SupplierRef) => `supplier-${encodeURIComponent(s.name.normalize('NFKC').trim().toLowerCase())}`;

type Release = Record<string, unknown>;

/** A public clarification's texts as the public questions list reads them (null when kept private or not answered). */
export interface EnquiryText {
  no: number;
  question: string | null;
  answer: string | null;
}

/** The OCDS enquiries extension, which `tender.enquiries` follows. */
export const ENQUIRY_EXTENSION = 'https://raw.githubusercontent.com/open-contracting-extensions/ocds_enquiry_extension/v1.1.5/extension.json';

/**
 * The release after each event of `app` that OCDS describes, oldest first. `enquiries` are the process's public
 * questions: a bidder's clarification and its answer become `tender.enquiries` (never who asked), a release each.
 */
export function releasesOf(app: PublicApplication, ctx: OcdsContext, enquiries: readonly EnquiryText[] = []): Release[] {
  const terms = termsOf((app.events[0]?.data.fields ?? {}) as Record<string, unknown>);
  if (!terms) return [];
  const ocid = ocidOf(ctx.prefix, app.number);
  const buyer = { id: `unit-${app.unit.code}`, name: app.unit.name.ko === app.unit.name.en ? app.unit.name.ko : `${app.unit.name.ko} (${app.unit.name.en})` };
  const tenderers = new Map<string, SupplierRef>();
  const suppliers = new Map<string, SupplierRef>();
  const tender: Record<string, unknown> = {
    id: `${app.number}-tender`, title: app.title, status: 'planning', procurementMethod: terms.method, mainProcurementCategory: terms.category,
    value: ocdsValue(terms.estimate), procuringEntity: buyer,
  };
  const awards: Record<string, unknown>[] = [];
  const contracts: Record<string, unknown>[] = [];
  const releases: Release[] = [];
  let contractSupplier: SupplierRef | null = null;
  for (const e of app.events) {
    const d = e.data as Record<string, unknown>;
    switch (e.type) {
      case 'tender_published':
        Object.assign(tender, { status: 'active', tenderPeriod: { startDate: (d.tender_period as { start: string }).start, endDate: (d.tender_period as { end: string }).end } });
        addDocuments(tender, app.number, ctx, e);
        break;
      case 'tender_addendum':
        addDocuments(tender, app.number, ctx, e);
        break;
      case 'bids_opened': {
        const bids = d.bids as { bid: number; bidder: SupplierRef; value: Value }[];
        for (const b of bids) tenderers.set(partyId(b.bidder), b.bidder);
        Object.assign(tender, { numberOfTenderers: bids.length, tenderers: [...tenderers].map(([id, s]) => ({ id, name: s.name })) });
        break;
      }
      case 'awarded': {
        const s = d.supplier as SupplierRef;
        suppliers.set(partyId(s), s);
        tender.status = 'complete';
        awards.push({
          id: `${app.number}-award-${e.seq}`, status: 'active', date: e.occurred_at, value: ocdsValue(d.value as Value),
          suppliers: [{ id: partyId(s), name: s.name }], description: d.reasons,
        });
        break;
      }
      case 'contract_signed': {
        const award = awards[awards.length - 1];
        contracts.push({
          id: `${app.number}-contract`, awardID: award?.id, status: 'active', dateSigned: e.occurred_at, value: ocdsValue(d.value as Value), amendments: [],
          milestones: [], implementation: { transactions: [] },
        });
        contractSupplier = d.supplier as SupplierRef;
        break;
      }
      case 'contract_amended': {
        const c = contracts[contracts.length - 1];
        if (c) {
          c.value = ocdsValue(d.value as Value);
          (c.amendments as unknown[]).push({ id: `${app.number}-amendment-${e.seq}`, date: e.occurred_at, rationale: d.reason, description: `${(d.previous_value as Value).amount} → ${(d.value as Value).amount} ${(d.value as Value).currency}` });
        }
        break;
      }
      case 'milestone_scheduled':
      case 'payment_scheduled': {
        // A payment due is a financing milestone with its value; the transaction comes when it is paid.
        const c = contracts[contracts.length - 1];
        if (c) {
          const payment = e.type === 'payment_scheduled';
          (c.milestones as unknown[]).push({
            id: payment ? `payment-${d.payment as number}` : `milestone-${d.milestone as number}`,
            title: payment ? `${(d.value as Value).amount} ${(d.value as Value).currency}` : d.title,
            type: payment ? 'financing' : 'delivery', dueDate: dueDateOf(d.due_date as string, e.occurred_at), status: 'scheduled',
            ...(payment ? { value: ocdsValue(d.value as Value) } : {}),
          });
        }
        break;
      }
      case 'milestone_met':
      case 'payment_made': {
        const c = contracts[contracts.length - 1];
        if (!c) break;
        const payment = e.type === 'payment_made';
        const m = (c.milestones as Record<string, unknown>[]).find((x) => x.id === (payment ? `payment-${d.payment as number}` : `milestone-${d.milestone as number}`));
        if (m) Object.assign(m, { status: 'met', dateMet: e.occurred_at, dateModified: e.occurred_at });
        if (payment) {
          const implementation = c.implementation as { transactions: unknown[] };
          implementation.transactions.push({
            id: `${app.number}-payment-${d.payment as number}`, date: e.occurred_at, value: ocdsValue(d.value as Value),
            payer: { id: buyer.id, name: buyer.name }, ...(contractSupplier ? { payee: { id: partyId(contractSupplier), name: contractSupplier.name } } : {}),
          });
        }
        break;
      }
      case 'decision': {
        const c = contracts[contracts.length - 1];
        if (c) {
          c.status = 'terminated';
          // A completed contract and one ended early are both terminated in OCDS; the reasons say which.
          c.description = d.outcome === 'rejected' ? `Terminated early: ${String(d.reasons ?? '')}` : `Completed: ${String(d.reasons ?? '')}`;
          c.period = { ...(c.period as object | undefined), endDate: e.occurred_at };
        }
        break;
      }
      case 'withdrawn':
        tender.status = 'cancelled';
        break;
      case 'inquiry_opened':
      case 'inquiry_answered': {
        const text = enquiries.find((q) => q.no === d.inquiry);
        if (d.private === true || !text?.question) continue;
        const list = (tender.enquiries ??= []) as Record<string, unknown>[];
        if (e.type === 'inquiry_opened') {
          list.push({ id: `enquiry-${text.no}`, date: e.occurred_at, description: text.question });
          tender.hasEnquiries = true;
        } else {
          const q = list.find((x) => x.id === `enquiry-${text.no}`);
          if (!q || !text.answer) continue;
          Object.assign(q, { answer: text.answer, dateAnswered: e.occurred_at });
        }
        releases.push(release(app, ctx, ocid, e, 'tenderUpdate', { buyer, tender, awards, contracts, tenderers, suppliers }));
        continue;
      }
      default:
        break;
    }
    const tag = RELEASE_TAGS[e.type];
    if (!tag || (e.type === 'decision' && !contracts.length)) continue;
    releases.push(release(app, ctx, ocid, e, tag, { buyer, tender, awards, contracts, tenderers, suppliers }));
  }
  return releases;
}

/** The documents a notice or addendum published, as `tender.documents`: downloadable by their SHA-256. */
function addDocuments(tender: Record<string, unknown>, number: string, ctx: OcdsContext, e: PublicEvent): void {
  const published = (e.data.documents ?? []) as TenderDocument[];
  if (!published.length) return;
  const list = (tender.documents ??= []) as Record<string, unknown>[];
  for (const doc of published) {
    list.push({
      id: `document-${e.seq}-${doc.sha256.slice(0, 16)}`, documentType: 'biddingDocuments', title: doc.filename,
      ...(e.type === 'tender_addendum' ? { description: String(e.data.note ?? '') } : {}),
      url: `${ctx.publicUrl}/tenders/${number}/documents/${doc.sha256}`, datePublished: e.occurred_at, format: doc.content_type,
    });
  }
}

/** A local due date as OCDS writes dates: the end of that day in the jurisdiction's offset (taken from the event's time). */
function dueDateOf(date: string, occurredAt: string): string {
  const offset = /([+-]\d{2}:\d{2}|Z)$/.exec(occurredAt)?.[1] ?? 'Z';
  return `${date}T23:59:59${offset}`;
}

/** A contract as a release shows it: the milestones and transactions members only once they hold something. */
function contractOut(c: Record<string, unknown>): Record<string, unknown> {
  const { milestones, implementation, ...rest } = c;
  const transactions = (implementation as { transactions: unknown[] } | undefined)?.transactions ?? [];
  return {
    ...rest,
    ...((milestones as unknown[] | undefined)?.length ? { milestones } : {}),
    ...(transactions.length ? { implementation: { transactions } } : {}),
  };
}

function release(
  app: PublicApplication, ctx: OcdsContext, ocid: string, e: PublicEvent, tag: string,
  s: { buyer: { id: string; name: string }; tender: Record<string, unknown>; awards: Record<string, unknown>[]; contracts: Record<string, unknown>[]; tenderers: Map<string, SupplierRef>; suppliers: Map<string, SupplierRef> },
): Release {
  const parties = new Map<string, { id: string; name: string; roles: string[] }>();
  parties.set(s.buyer.id, { ...s.buyer, roles: ['buyer', 'procuringEntity'] });
  for (const [id, t] of s.tenderers) parties.set(id, { id, name: t.name, roles: ['tenderer'] });
  for (const [id, t] of s.suppliers) parties.set(id, { id, name: t.name, roles: [...(parties.get(id)?.roles ?? []), 'supplier'] });
  const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;
  return {
    ocid,
    id: `${ocid}-${e.seq}`,
    date: e.occurred_at,
    tag: [tag],
    initiationType: 'tender',
    language: 'ko',
    parties: [...parties.values()],
    buyer: s.buyer,
    tender: clone(s.tender),
    ...(s.awards.length ? { awards: clone(s.awards) } : {}),
    ...(s.contracts.length ? { contracts: clone(s.contracts.map(contractOut)) } : {}),
    daylight: {
      application: app.number,
      url: `${ctx.publicUrl}/applications/${app.number}#event-${e.seq}`,
      event: { seq: e.seq, type: e.type, log_index: e.log?.index ?? null, proof: `${ctx.publicUrl}/api/v1/applications/${app.number}/events/${e.seq}/proof` },
    },
  };
}

/** The date a package carries: its newest release's, so the same data always gives the same bytes. */
const newest = (releases: Release[]) => releases.reduce((max, r) => (String(r.date) > max ? String(r.date) : max), '1970-01-01T00:00:00Z');

/** The extensions a package's releases use: the enquiries extension once a release lists enquiries. */
const extensionsOf = (releases: Release[]) => (releases.some((r) => (r.tender as { enquiries?: unknown } | undefined)?.enquiries) ? { extensions: [ENQUIRY_EXTENSION] } : {});

/** A release package of some releases. */
export function releasePackage(releases: Release[], ctx: OcdsContext, uri: string) {
  return {
    uri, version: OCDS_VERSION, publishedDate: newest(releases), publisher: ctx.publisher, ...extensionsOf(releases),
    ...(ctx.license ? { license: ctx.license } : {}),
    publicationPolicy: `${ctx.publicUrl}/contracts/data`,
    releases,
  };
}

/** The record package of one process: its releases linked, and the compiled release (the state after the last). */
export function recordPackage(app: PublicApplication, ctx: OcdsContext, uri: string, enquiries: readonly EnquiryText[] = []) {
  const releases = releasesOf(app, ctx, enquiries);
  const ocid = ocidOf(ctx.prefix, app.number);
  const last = releases[releases.length - 1];
  return {
    uri, version: OCDS_VERSION, publishedDate: newest(releases), publisher: ctx.publisher, ...extensionsOf(releases),
    ...(ctx.license ? { license: ctx.license } : {}),
    packages: [`${ctx.publicUrl}/contracts/${app.number}/releases.json`],
    records: last ? [{
      ocid,
      releases: releases.map((r) => ({ url: `${ctx.publicUrl}/contracts/${app.number}/releases.json#${String(r.id)}`, date: r.date, tag: r.tag })),
      compiledRelease: { ...last, id: `${ocid}-compiled`, tag: ['compiled'] },
    }] : [],
  };
}
