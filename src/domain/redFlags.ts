import type { WorkingCalendar } from './calendar.js';
import { MINIMUM_TENDER_DAYS, supplierKey, termsOf, type ProcurementCategory, type SupplierRef, type Value } from './contracts.js';
import { contractImplementationFlags } from './contractImplementationFlags.js';

/**
 * Red flags of contracting processes: patterns in a process's public record that auditors look into, each a reason
 * to look, never a finding. Like the fair-handling signals, every flag carries its explanation — the figure, the
 * threshold and the event behind it — so a reader can check it against the timeline. Pure: the reader hands in the
 * public events of one process and what else a flag needs (the calendar, the stages' due dates, the debarment list,
 * the department's awards of the year); a flag whose facts were not handed in is simply not raised.
 */

export const RED_FLAG_KINDS = [
  'single_bid', 'short_tender', 'above_estimate', 'amendments_raise', 'supplier_concentration', 'near_threshold', 'debarred_supplier', 'late_award',
  'late_milestone', 'late_payment', 'conflicted_supplier',
] as const;
export type RedFlagKind = (typeof RED_FLAG_KINDS)[number];

/** The thresholds, in one place, so the explanation of every flag can quote them. */
export const FLAG_THRESHOLDS = {
  /** Amendments raising the signed value by more than this share. */
  amendmentRaise: 0.2,
  /** A supplier winning at least this share of a department's awards in a year… */
  concentrationShare: 0.4,
  /** …and at least this many of them, among at least `concentrationMinAwards` awards, is far above its share. */
  concentrationMinWins: 3,
  concentrationMinAwards: 5,
  /** A direct award within this share under the open-tender threshold is "just under" it. */
  nearThresholdShare: 0.1,
} as const;

/** An amendment raising the contract's value by more than this share is a red flag for auditors. */
export const AMENDMENT_FLAG_RATIO = FLAG_THRESHOLDS.amendmentRaise;

/**
 * The value below which a jurisdiction may award a contract directly instead of by open tender, per category, in one
 * currency. Set per deployment (`config.OPEN_TENDER_THRESHOLDS`); `DEFAULT_OPEN_TENDER_THRESHOLDS` are the demo city's.
 */
export interface OpenTenderThresholds {
  currency: string;
  amounts: Record<ProcurementCategory, number>;
}

/**
 * The demo city's ceilings for a direct award, in won: works 200,000,000, goods and services 20,000,000 — the order of
 * the ceilings Korean local governments apply to private contracts (estimated price, VAT excluded). A deployment
 * states its own.
 */
export const DEFAULT_OPEN_TENDER_THRESHOLDS: OpenTenderThresholds = {
  currency: 'KRW',
  amounts: { works: 200_000_000, goods: 20_000_000, services: 20_000_000 },
};

/** A pattern in a process's public record that auditors look into; a reason to look, never a finding. */
export interface RedFlag {
  kind: RedFlagKind;
  /** The event that raised it. */
  seq: number;
  values: Record<string, number | string>;
}

/** An event of a process as the flags read it: its public part only. */
export interface FlagEvent {
  seq: number;
  type: string;
  /** When it happened (RFC 3339); needed by the date flags only. */
  occurredAt?: string;
  data: Record<string, unknown>;
}

/** A debarment as the flags read it: the supplier's normal form, the period, when it was lifted. */
export interface DebarmentFact {
  supplierKey: string;
  reason: string;
  startsOn: string;
  endsOn: string;
  liftedOn: string | null;
}

/** A supplier's awards in one department and year, against all of that department's awards that year. */
export interface Concentration {
  supplier: string;
  won: number;
  awards: number;
}

/** What an official was to a process when they acted on it: who evaluated the bids, who awarded, or its assignee. */
export const CONFLICT_ROLES = ['evaluator', 'awarding', 'assigned'] as const;
export type ConflictRole = (typeof CONFLICT_ROLES)[number];

/**
 * A supplier of the process (the awarded one, or a bidder that was evaluated) matching a conflict of interest that an
 * official who acted on the process had declared and not withdrawn at the time of the act. Matched by the command,
 * which alone holds the keyed hashes; here only who, in which role, on which event.
 */
export interface ConflictFact {
  /** The evaluation or award the conflict bore on. */
  seq: number;
  supplier: string;
  role: ConflictRole;
  /** The official, to count one conflict once across the acts it bore on; never shown. */
  officialId: number;
}

/** What flags beyond the events need; each is optional, and the flags that need a missing one are not raised. */
export interface FlagFacts {
  /** The jurisdiction's calendar: the minimum tender period in working days, and local dates. */
  calendar?: Pick<WorkingCalendar, 'addWorkingDays' | 'localDate'>;
  /** Each stage's due date (RFC 3339), from the process's clock. */
  stageDue?: Readonly<Record<string, string | null>>;
  /** The jurisdiction's debarment list. */
  debarments?: readonly DebarmentFact[];
  openTenderThresholds?: OpenTenderThresholds;
  /** The concentrated suppliers of the process's department and year, by supplier key (`supplierConcentration`). */
  concentrated?: ReadonlyMap<string, Concentration>;
  /** Now, for milestones and payments still open past their due date (with `calendar`, for the local date). */
  now?: Date;
  /** Suppliers matching a conflict of interest of an official who acted on the process (`ConflictFact`). */
  conflicted?: readonly ConflictFact[];
}

const percentAbove = (value: number, base: number) => Math.round((value / base - 1) * 100);

/** True when a debarment is in force on a local date. */
export function debarredOn(d: DebarmentFact, date: string): boolean {
  return d.startsOn <= date && date <= d.endsOn && (d.liftedOn === null || d.liftedOn > date);
}

/**
 * The red flags of one process, in the order of the events that raised them: a single bid in an open tender; a
 * tender period shorter than the method's minimum (a process recorded after the fact or imported); an award above the
 * estimate; amendments raising the signed value by more than a fifth (one flag, on the latest); the winner far above
 * its share of the department's awards; a direct award just under the open-tender threshold; a supplier debarred on
 * the award's date or while the contract runs; an award after the award stage's due date; a milestone or payment later than scheduled (given `now`);
 * a supplier in conflict with an official who evaluated, awarded or was assigned (one flag per act, each conflict once).
 */
export function redFlags(events: readonly FlagEvent[], facts: FlagFacts = {}): RedFlag[] {
  const terms = termsOf((events[0]?.data.fields ?? {}) as Record<string, unknown>);
  if (!terms) return [];
  const flags: RedFlag[] = [];
  let signed: Value | null = null;
  let raise: RedFlag | null = null;
  let award: { seq: number; supplier: SupplierRef; date: string | null } | null = null;
  for (const e of events) {
    switch (e.type) {
      case 'tender_published': {
        const period = e.data.tender_period as { start: string; end: string } | undefined;
        const minimum = MINIMUM_TENDER_DAYS[terms.method];
        if (!facts.calendar || !period || !minimum) break;
        const earliest = facts.calendar.addWorkingDays(new Date(period.start), minimum);
        if (Date.parse(period.end) < earliest.getTime()) {
          flags.push({ kind: 'short_tender', seq: e.seq, values: { days: workingDaysShort(facts.calendar, period, minimum), minimum } });
        }
        break;
      }
      case 'bids_opened':
        if (terms.method === 'open' && (e.data.bids as unknown[]).length === 1) flags.push({ kind: 'single_bid', seq: e.seq, values: {} });
        break;
      case 'awarded': {
        const value = e.data.value as Value;
        const supplier = e.data.supplier as SupplierRef;
        award = { seq: e.seq, supplier, date: e.occurredAt && facts.calendar ? facts.calendar.localDate(new Date(e.occurredAt)) : null };
        if (value.currency === terms.estimate.currency && value.amount > terms.estimate.amount) {
          flags.push({ kind: 'above_estimate', seq: e.seq, values: { percent: percentAbove(value.amount, terms.estimate.amount) } });
        }
        const ceiling = facts.openTenderThresholds;
        if (terms.method === 'direct' && ceiling && value.currency === ceiling.currency) {
          const threshold = ceiling.amounts[terms.category];
          if (value.amount <= threshold && value.amount >= threshold * (1 - FLAG_THRESHOLDS.nearThresholdShare)) {
            flags.push({ kind: 'near_threshold', seq: e.seq, values: { percent: Math.round((1 - value.amount / threshold) * 1000) / 10, threshold, currency: ceiling.currency, share: FLAG_THRESHOLDS.nearThresholdShare * 100 } });
          }
        }
        const concentration = facts.concentrated?.get(supplierKey(supplier.name));
        if (concentration) {
          flags.push({ kind: 'supplier_concentration', seq: e.seq, values: {
            supplier: concentration.supplier, won: concentration.won, awards: concentration.awards,
            percent: Math.round((concentration.won / concentration.awards) * 100), threshold: FLAG_THRESHOLDS.concentrationShare * 100,
          } });
        }
        const due = facts.stageDue?.[String(e.data.stage ?? 'award')];
        if (due && e.occurredAt && Date.parse(e.occurredAt) > Date.parse(due)) {
          flags.push({ kind: 'late_award', seq: e.seq, values: { due: due.slice(0, 10), days: Math.ceil((Date.parse(e.occurredAt) - Date.parse(due)) / 86_400_000) } });
        }
        break;
      }
      case 'contract_signed':
        signed = e.data.value as Value;
        break;
      case 'contract_amended':
        if (signed && (e.data.value as Value).amount > signed.amount * (1 + FLAG_THRESHOLDS.amendmentRaise)) {
          raise = { kind: 'amendments_raise', seq: e.seq, values: { percent: percentAbove((e.data.value as Value).amount, signed.amount), threshold: FLAG_THRESHOLDS.amendmentRaise * 100 } };
        }
        break;
      default:
        break;
    }
  }
  if (award && award.date && facts.debarments?.length) {
    const key = supplierKey(award.supplier.name);
    const end = closingDate(events, facts);
    const debarment = facts.debarments.find((d) => d.supplierKey === key && (debarredOn(d, award!.date!) || (d.startsOn > award!.date! && (end === null || d.startsOn <= end))));
    if (debarment) {
      flags.push({ kind: 'debarred_supplier', seq: award.seq, values: { supplier: award.supplier.name, reason: debarment.reason, starts: debarment.startsOn, ends: debarment.liftedOn ?? debarment.endsOn } });
    }
  }
  // One amendment flag: the latest, which names the whole rise.
  if (raise) flags.push(raise);
  if (facts.conflicted?.length) flags.push(...conflictFlags(events, facts.conflicted));
  // Late milestones and payments, counted in the jurisdiction's local dates.
  const calendar = facts.calendar;
  if (calendar && facts.now) {
    const local = events.filter((e) => e.occurredAt).map((e) => ({ seq: e.seq, type: e.type, occurred_at: calendar.localDate(new Date(e.occurredAt!)), data: e.data }));
    flags.push(...contractImplementationFlags(local, calendar.localDate(facts.now)));
  }
  return flags.sort((a, b) => a.seq - b.seq);
}

const ROLE_ORDER: Record<ConflictRole, number> = { evaluator: 0, awarding: 0, assigned: 1 };

/**
 * One flag per evaluation or award that a conflict bore on first: an official's conflict with a supplier is raised on
 * the earliest act it touched, not again on the next; the flag names every supplier newly in conflict on that act, and
 * the role of the official who acted before that of the assignee.
 */
function conflictFlags(events: readonly FlagEvent[], conflicted: readonly ConflictFact[]): RedFlag[] {
  const acts = new Set(events.filter((e) => e.type === 'bids_evaluated' || e.type === 'awarded').map((e) => e.seq));
  const ordered = conflicted.filter((c) => acts.has(c.seq)).sort((a, b) => a.seq - b.seq || ROLE_ORDER[a.role] - ROLE_ORDER[b.role]);
  const seen = new Set<string>();
  const bySeq = new Map<number, { role: ConflictRole; suppliers: string[]; keys: Set<string> }>();
  for (const c of ordered) {
    const key = supplierKey(c.supplier);
    if (seen.has(`${c.officialId}:${key}`)) continue;
    seen.add(`${c.officialId}:${key}`);
    const flag = bySeq.get(c.seq) ?? { role: c.role, suppliers: [], keys: new Set<string>() };
    if (!flag.keys.has(key)) {
      flag.keys.add(key);
      flag.suppliers.push(c.supplier);
    }
    bySeq.set(c.seq, flag);
  }
  return [...bySeq].map(([seq, f]) => ({ kind: 'conflicted_supplier' as const, seq, values: { supplier: f.suppliers.join(', '), role: f.role } }));
}

/** How many working days short of the minimum a tender period was. */
function workingDaysShort(calendar: Pick<WorkingCalendar, 'addWorkingDays'>, period: { start: string; end: string }, minimum: number): number {
  const start = new Date(period.start);
  const end = Date.parse(period.end);
  let days = 0;
  while (days < minimum && calendar.addWorkingDays(start, days + 1).getTime() <= end) days += 1;
  return minimum - days;
}

/** The local date the contract ended (the approving decision), or null while it runs. */
function closingDate(events: readonly FlagEvent[], facts: FlagFacts): string | null {
  const closed = events.find((e) => e.type === 'decision' || e.type === 'withdrawn');
  return closed?.occurredAt && facts.calendar ? facts.calendar.localDate(new Date(closed.occurredAt)) : null;
}

/** One award of a department's year, for `supplierConcentration`. */
export interface AwardFact {
  unit: string;
  year: number;
  supplier: string;
}

/**
 * The suppliers far above their share of a department's awards in a year: at least `concentrationMinWins` wins and
 * `concentrationShare` of the awards, among at least `concentrationMinAwards`. Keyed by `unit:year`, then by the
 * supplier's normal form.
 */
export function supplierConcentration(awards: readonly AwardFact[]): Map<string, Map<string, Concentration>> {
  const groups = new Map<string, AwardFact[]>();
  for (const a of awards) {
    const key = `${a.unit}:${a.year}`;
    const list = groups.get(key);
    if (list) list.push(a);
    else groups.set(key, [a]);
  }
  const out = new Map<string, Map<string, Concentration>>();
  for (const [group, list] of groups) {
    if (list.length < FLAG_THRESHOLDS.concentrationMinAwards) continue;
    const wins = new Map<string, Concentration>();
    for (const a of list) {
      const key = supplierKey(a.supplier);
      const c = wins.get(key) ?? { supplier: a.supplier, won: 0, awards: list.length };
      c.won += 1;
      wins.set(key, c);
    }
    const far = [...wins].filter(([, c]) => c.won >= FLAG_THRESHOLDS.concentrationMinWins && c.won / c.awards >= FLAG_THRESHOLDS.concentrationShare);
    if (far.length) out.set(group, new Map(far));
  }
  return out;
}
