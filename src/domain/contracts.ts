import { invalidTransition, validationError, type FieldIssue } from '../errors.js';
import type { WorkingCalendar } from './calendar.js';
import { eventPayload, type EventPayload } from './events.js';
import type { ProcedureField, ProcedureStage } from './types.js';
import type { EventFact } from './workflow.js';
import { decideImplementation, evolveImplementation, IMPLEMENTATION_EVENT_TYPES, type ImplementationAct, type Milestone, type Payment } from './contractImplementation.js';

/**
 * Public procurement as cases of a procurement procedure (ADR 0022). A contracting process is an application whose
 * procedure has the stages below; the officer moves it through them with the ordinary stage acts and records the
 * procurement facts with the contract acts here, each one event of the case. Pure: the command
 * (`commands/contracts/recordContractAct`) looks up what these functions need and stores what they return.
 */

/** The category of procedures whose cases are contracting processes. */
export const PROCUREMENT_CATEGORY = 'procurement';

/** OCDS 1.1.5 `method` codelist. */
export const METHODS = ['open', 'selective', 'limited', 'direct'] as const;
export type Method = (typeof METHODS)[number];

/** OCDS 1.1.5 `procurementCategory` codelist. */
export const PROCUREMENT_CATEGORIES = ['goods', 'works', 'services'] as const;
export type ProcurementCategory = (typeof PROCUREMENT_CATEGORIES)[number];

/** The stages of a procurement procedure, in order; clarifications are the case's questions, asked during `tender`. */
export const CONTRACT_STAGES = ['planning', 'tender', 'bid_opening', 'evaluation', 'award', 'standstill', 'contract', 'implementation'] as const;
export type ContractStage = (typeof CONTRACT_STAGES)[number];

/**
 * The minimum tender period per method, in working days of the jurisdiction's calendar, counted from the notice's
 * publication to the deadline for bids. A direct award has no tender period.
 */
export const MINIMUM_TENDER_DAYS: Record<Method, number> = { open: 10, selective: 7, limited: 5, direct: 0 };

/** Most bids one process records: a bound on what the opening publishes and the forms render. */
export const MAX_BIDS = 200;

export const CONTRACT_EVENT_TYPES = [
  'tender_published', 'tender_addendum', 'bid_received', 'bids_opened', 'bids_evaluated', 'awarded', 'contract_signed', 'contract_amended',
  ...IMPLEMENTATION_EVENT_TYPES,
] as const;
export type ContractEventType = (typeof CONTRACT_EVENT_TYPES)[number];

/** The stage each contract act happens in: it must be active. */
export const STAGE_OF: Record<ContractEventType, ContractStage> = {
  tender_published: 'tender',
  tender_addendum: 'tender',
  bid_received: 'tender',
  bids_opened: 'bid_opening',
  bids_evaluated: 'evaluation',
  awarded: 'award',
  contract_signed: 'contract',
  contract_amended: 'implementation',
  milestone_scheduled: 'implementation',
  milestone_met: 'implementation',
  payment_scheduled: 'implementation',
  payment_made: 'implementation',
};

/** An amount of money: a decimal string (at most two decimals) and its ISO 4217 currency. */
export interface Value {
  amount: number;
  currency: string;
}

/** A supplier as events name it: a company, public once its bid is opened or it wins. */
export interface SupplierRef {
  name: string;
}

/** A tender document as events publish it: anyone downloads it by its SHA-256 and can check the bytes against it. */
export interface TenderDocument {
  filename: string;
  sha256: string;
  size_bytes: number;
  content_type: string;
}

/** The `document.kind` of a tender's public documents, which anyone may download (an applicant's files are never public). */
export const TENDER_DOCUMENT_KIND = 'tender';

/** Most documents one notice or addendum publishes. */
export const MAX_TENDER_DOCUMENTS = 10;

/** A bid the bidder submitted from their own account: who they are and which text of the integrity pact they signed. */
export interface BidAccount {
  bidderId: number;
  registrationNumber: string;
  /** SHA-256 of the pact's text as shown, in `pactLocale`. */
  pactSha256: string;
  pactLocale: string;
}

/** The acts an officer records on a contracting process (the bidder's own bid is recorded by the officer here). */
export type ContractAct =
  | { type: 'tender_published'; tenderEnd: string; note?: string; documents?: TenderDocument[] }
  | { type: 'tender_addendum'; note: string; documents: TenderDocument[] }
  | { type: 'bid_received'; bidder: SupplierRef; value: Value; integrityPact: boolean; account?: BidAccount }
  | { type: 'bids_opened' }
  | { type: 'bids_evaluated'; scores: { bid: number; score: number; reason: string }[] }
  | { type: 'awarded'; bid: number | null; supplier: SupplierRef; value: Value; reasons: string }
  | { type: 'contract_signed'; value: Value }
  | { type: 'contract_amended'; reason: string; value: Value }
  | ImplementationAct;

const CURRENCIES = new Set(Intl.supportedValuesOf('currency'));

/** True for an ISO 4217 code the runtime knows (upper case, three letters). */
export function isCurrency(code: string): boolean {
  return /^[A-Z]{3}$/.test(code) && CURRENCIES.has(code);
}

/** Most an amount may be: keeps every amount exact in a double and in JSON. */
const MAX_AMOUNT = 1e13;

/**
 * Reads a typed amount and currency: digits with optional thousands commas and at most two decimals, above zero;
 * the currency an ISO 4217 code. Returns the value or the issues, named by `field`.
 */
export function parseValue(amount: string, currency: string, field = 'value'): { value?: Value; issues: FieldIssue[] } {
  const issues: FieldIssue[] = [];
  const plain = amount.trim().replace(/,/g, '');
  const code = currency.trim().toUpperCase();
  if (!/^\d{1,14}(\.\d{1,2})?$/.test(plain) || Number(plain) <= 0 || Number(plain) > MAX_AMOUNT) {
    issues.push({ field: `${field}_amount`, key: 'contracts.error.amount' });
  }
  if (!isCurrency(code)) issues.push({ field: `${field}_currency`, key: 'contracts.error.currency' });
  return issues.length ? { issues } : { value: { amount: Number(plain), currency: code }, issues };
}

/** Like `parseValue`, throwing a validation error naming the fields. */
export function requireValue(amount: string, currency: string, field = 'value'): Value {
  const { value, issues } = parseValue(amount, currency, field);
  if (!value) throw validationError(issues);
  return value;
}

/** The normal form of a supplier's name the debarment check matches: case, spaces and company marks ignored. */
export function supplierKey(name: string): string {
  return name
    .normalize('NFKC')
    .toLowerCase()
    .replace(/\(주\)|㈜|주식회사|co\.,?\s*ltd\.?|inc\.?|corp\.?|corporation|limited|ltd\.?/g, '')
    .replace(/[^\p{L}\p{N}]/gu, '');
}

/** The earliest deadline for bids a notice published at `publishedAt` may set under `method`. */
export function earliestTenderEnd(calendar: WorkingCalendar, method: Method, publishedAt: Date): Date {
  return calendar.addWorkingDays(publishedAt, MINIMUM_TENDER_DAYS[method]);
}

/** The terms a process was opened with, from its `received` event's public fields. */
export interface ProcessTerms {
  method: Method;
  category: ProcurementCategory;
  estimate: Value;
}

/** Reads the terms from the opening event's fields; null when they are not a process's. */
export function termsOf(fields: Record<string, unknown>): ProcessTerms | null {
  const method = fields.method;
  const category = fields.category;
  if (!(METHODS as readonly unknown[]).includes(method) || !(PROCUREMENT_CATEGORIES as readonly unknown[]).includes(category)) return null;
  const { value } = parseValue(String(fields.estimated_amount ?? ''), String(fields.currency ?? ''));
  return value ? { method: method as Method, category: category as ProcurementCategory, estimate: value } : null;
}

/** One bid as the office knows it before the opening (and everyone after). */
export interface Bid {
  bid: number;
  bidder: SupplierRef;
  value: Value;
  receivedAt: string;
  /** The bidder's account and registration number, when they submitted the bid themselves. */
  bidderId?: number;
  registrationNumber?: string;
}

/** Where a contracting process stands, folded from its events (public and private data merged, as the office reads). */
export interface ContractState {
  tenderEnd: string | null;
  bids: Bid[];
  opened: boolean;
  evaluated: boolean;
  award: { supplier: SupplierRef; value: Value; bid: number | null } | null;
  contract: Value | null;
  milestones: Milestone[];
  payments: Payment[];
}

export function contractState(events: readonly EventFact[]): ContractState {
  const state: ContractState = { tenderEnd: null, bids: [], opened: false, evaluated: false, award: null, contract: null, milestones: [], payments: [] };
  for (const e of events) {
    const d = e.data;
    switch (e.type) {
      case 'tender_published':
        state.tenderEnd = (d.tender_period as { end: string }).end;
        break;
      case 'bid_received':
        state.bids.push({
          bid: d.bid as number, bidder: d.bidder as SupplierRef, value: d.value as Value, receivedAt: e.occurredAt,
          ...(typeof d.bidder_id === 'number' ? { bidderId: d.bidder_id } : {}),
          ...(typeof d.registration_number === 'string' ? { registrationNumber: d.registration_number } : {}),
        });
        break;
      case 'bids_opened':
        state.opened = true;
        break;
      case 'bids_evaluated':
        state.evaluated = true;
        break;
      case 'awarded':
        state.award = { supplier: d.supplier as SupplierRef, value: d.value as Value, bid: (d.bid as number | undefined) ?? null };
        break;
      case 'contract_signed':
      case 'contract_amended':
        state.contract = d.value as Value;
        break;
      default:
        evolveImplementation(state, e);
        break;
    }
  }
  return state;
}

/** What the command looked up for `decideContract`. */
export interface ContractFacts {
  terms: ProcessTerms;
  /** When the act happens. */
  occurredAt: Date;
  calendar: WorkingCalendar;
  /** A debarment in force on the award's date for the named supplier, if any. */
  debarment?: { reason: string; endsOn: string } | null;
}

const clean = (s: string | undefined) => s?.trim() || undefined;

/**
 * Checks a contract act against the process's state and the rules of procurement, and shapes its event: the bidder
 * and amount of a bid in the private part only, until `bids_opened` publishes every bid. Throws to refuse.
 */
export function decideContract(state: ContractState, act: ContractAct, facts: ContractFacts): EventPayload {
  const stage = STAGE_OF[act.type];
  const { terms, occurredAt } = facts;
  switch (act.type) {
    case 'tender_published': {
      if (terms.method === 'direct') throw invalidTransition('contracts.error.direct_no_tender');
      if (state.tenderEnd) throw invalidTransition('contracts.error.already_published');
      const end = Date.parse(act.tenderEnd);
      if (Number.isNaN(end)) throw validationError([{ field: 'tender_end', key: 'contracts.error.tender_end' }]);
      const earliest = earliestTenderEnd(facts.calendar, terms.method, occurredAt);
      if (end < earliest.getTime()) {
        throw validationError([{
          field: 'tender_end', key: 'contracts.error.tender_too_short',
          values: { days: MINIMUM_TENDER_DAYS[terms.method], earliest: facts.calendar.toRfc3339(earliest) },
        }]);
      }
      if ((act.documents?.length ?? 0) > MAX_TENDER_DOCUMENTS) throw validationError([{ field: 'documents', key: 'contracts.error.too_many_documents', values: { max: MAX_TENDER_DOCUMENTS } }]);
      return eventPayload('tender_published', {
        stage, tender_period: { start: facts.calendar.toRfc3339(occurredAt), end: facts.calendar.toRfc3339(end) },
        minimum_days: MINIMUM_TENDER_DAYS[terms.method], ...(clean(act.note) ? { note: clean(act.note) } : {}),
        ...(act.documents?.length ? { documents: act.documents } : {}),
      }, {});
    }
    case 'tender_addendum': {
      // An addendum changes what bidders read before they bid: only while the tender takes bids, and always with a note.
      if (!state.tenderEnd) throw invalidTransition('contracts.error.no_tender');
      if (state.opened || occurredAt.getTime() > Date.parse(state.tenderEnd)) throw invalidTransition('contracts.error.addendum_after_deadline');
      const note = clean(act.note);
      if (!note || note.length > 2000) throw validationError([{ field: 'note', key: 'contracts.error.addendum_note' }]);
      if (act.documents.length > MAX_TENDER_DOCUMENTS) throw validationError([{ field: 'documents', key: 'contracts.error.too_many_documents', values: { max: MAX_TENDER_DOCUMENTS } }]);
      return eventPayload('tender_addendum', { stage, note, ...(act.documents.length ? { documents: act.documents } : {}) }, {});
    }
    case 'bid_received': {
      if (!state.tenderEnd) throw invalidTransition('contracts.error.no_tender');
      if (occurredAt.getTime() > Date.parse(state.tenderEnd)) throw invalidTransition('contracts.error.bid_after_deadline');
      if (state.opened) throw invalidTransition('contracts.error.bids_already_opened');
      if (state.bids.length >= MAX_BIDS) throw invalidTransition('contracts.error.too_many_bids');
      if (!act.integrityPact) throw validationError([{ field: 'integrity_pact', key: 'contracts.error.integrity_pact' }]);
      const bidder = requireSupplier(act.bidder, 'bidder');
      checkCurrency(act.value, terms.estimate.currency);
      const bid = state.bids.length + 1;
      const account = act.account
        ? { bidder_id: act.account.bidderId, registration_number: act.account.registrationNumber, integrity_pact_sha256: act.account.pactSha256, integrity_pact_locale: act.account.pactLocale }
        : {};
      return eventPayload('bid_received', { stage, bid }, { bid, bidder, value: act.value, integrity_pact: true, ...account });
    }
    case 'bids_opened': {
      if (state.opened) throw invalidTransition('contracts.error.bids_already_opened');
      if (!state.bids.length) throw invalidTransition('contracts.error.no_bids');
      return eventPayload('bids_opened', { stage, bids: state.bids.map((b) => ({ bid: b.bid, bidder: b.bidder, value: b.value })) }, {});
    }
    case 'bids_evaluated': {
      if (!state.opened) throw invalidTransition('contracts.error.not_opened');
      if (!act.scores.length || act.scores.length > MAX_BIDS) throw validationError([{ field: 'scores', key: 'contracts.error.scores' }]);
      const known = new Set(state.bids.map((b) => b.bid));
      const seen = new Set<number>();
      for (const s of act.scores) {
        if (!known.has(s.bid) || seen.has(s.bid) || !Number.isFinite(s.score) || s.score < 0 || s.score > 100) {
          throw validationError([{ field: 'scores', key: 'contracts.error.scores' }]);
        }
        if (!s.reason.trim()) throw validationError([{ field: 'scores', key: 'contracts.error.score_reason' }]);
        seen.add(s.bid);
      }
      return eventPayload('bids_evaluated', { stage, scores: act.scores.map((s) => ({ bid: s.bid, score: s.score, reason: s.reason.trim() })) }, {});
    }
    case 'awarded': {
      if (state.award) throw invalidTransition('contracts.error.already_awarded');
      if (!act.reasons.trim()) throw validationError([{ field: 'reasons', key: 'contracts.error.award_reasons' }]);
      // A competitive award goes to one of the opened bids, after their evaluation; a direct award names its supplier.
      let supplier: SupplierRef;
      if (terms.method !== 'direct') {
        if (!state.evaluated) throw invalidTransition('contracts.error.not_evaluated');
        const won = state.bids.find((b) => b.bid === act.bid);
        if (!won) throw validationError([{ field: 'bid', key: 'contracts.error.award_bid' }]);
        supplier = won.bidder;
      } else {
        supplier = requireSupplier(act.supplier, 'supplier');
      }
      if (facts.debarment) throw invalidTransition('contracts.error.debarred', { supplier: supplier.name, until: facts.debarment.endsOn });
      checkCurrency(act.value, terms.estimate.currency);
      return eventPayload('awarded', {
        stage, ...(terms.method !== 'direct' && act.bid !== null ? { bid: act.bid } : {}), supplier, value: act.value, reasons: act.reasons.trim(),
      }, {});
    }
    case 'contract_signed': {
      if (!state.award) throw invalidTransition('contracts.error.not_awarded');
      if (state.contract) throw invalidTransition('contracts.error.already_signed');
      checkCurrency(act.value, state.award.value.currency);
      return eventPayload('contract_signed', { stage, supplier: state.award.supplier, value: act.value }, {});
    }
    case 'contract_amended': {
      if (!state.contract) throw invalidTransition('contracts.error.not_signed');
      if (!act.reason.trim()) throw validationError([{ field: 'reason', key: 'contracts.error.amendment_reason' }]);
      checkCurrency(act.value, state.contract.currency);
      return eventPayload('contract_amended', { stage, reason: act.reason.trim(), value: act.value, previous_value: state.contract }, {});
    }
    case 'milestone_scheduled':
    case 'milestone_met':
    case 'payment_scheduled':
    case 'payment_made':
      return decideImplementation(state, state.contract, act);
  }
}

function requireSupplier(s: SupplierRef, field: string): SupplierRef {
  const name = s.name.trim();
  if (!name || name.length > 200 || !supplierKey(name)) throw validationError([{ field, key: 'contracts.error.supplier' }]);
  return { name };
}

function checkCurrency(value: Value, expected: string): void {
  if (value.currency !== expected) throw validationError([{ field: 'value_currency', key: 'contracts.error.currency_mismatch', values: { currency: expected } }]);
}

/** The stages of a department's procurement procedure, with their expected durations (working days unless said). */
export const PROCUREMENT_STAGES: ProcedureStage[] = [
  { key: 'planning', name: { ko: '발주 계획', en: 'Planning' }, unit_code: null, days: 5, parallel: false },
  { key: 'tender', name: { ko: '입찰 공고', en: 'Tender notice' }, unit_code: null, days: 30, parallel: false },
  { key: 'bid_opening', name: { ko: '개찰', en: 'Bid opening' }, unit_code: null, days: 1, parallel: false },
  { key: 'evaluation', name: { ko: '평가', en: 'Evaluation' }, unit_code: null, days: 10, parallel: false },
  { key: 'award', name: { ko: '낙찰', en: 'Award' }, unit_code: null, days: 5, parallel: false },
  { key: 'standstill', name: { ko: '이의 제기 기간', en: 'Standstill' }, unit_code: null, days: 7, parallel: false, period_unit: 'calendar_days' },
  { key: 'contract', name: { ko: '계약 체결', en: 'Contract' }, unit_code: null, days: 10, parallel: false },
  { key: 'implementation', name: { ko: '계약 이행', en: 'Implementation' }, unit_code: null, days: 180, parallel: false, period_unit: 'calendar_days' },
];

/** The public fields a process is opened with: its terms, which the `received` event publishes. */
export const PROCUREMENT_FIELDS: ProcedureField[] = [
  { key: 'category', label: { ko: '조달 분야', en: 'Category' }, type: 'text', required: true, public: true },
  { key: 'method', label: { ko: '계약 방법', en: 'Method' }, type: 'text', required: true, public: true },
  { key: 'estimated_amount', label: { ko: '추정 가격', en: 'Estimated value' }, type: 'number', required: true, public: true },
  { key: 'currency', label: { ko: '통화', en: 'Currency' }, type: 'text', required: true, public: true },
];

/** The statutory period of the whole process, in working days: a year, the bound beyond which it counts as late. */
export const PROCUREMENT_STATUTORY_DAYS = 250;
