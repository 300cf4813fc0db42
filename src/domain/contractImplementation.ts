import { invalidTransition, validationError } from '../errors.js';
import type { Value } from './contracts.js';
import { eventPayload, type EventPayload } from './events.js';

/**
 * A signed contract's implementation: its milestones (each with a due date, met or not) and its payments (an amount due
 * on a date, then paid). Each is an event of the process in its `implementation` stage, public from the start: a
 * contract's schedule and what the city paid are facts anyone may check. Pure: `decideContract` hands these acts here.
 */

/** Most milestones and payments one contract records: a bound on what its page and OCDS render. */
export const MAX_MILESTONES = 100;
export const MAX_PAYMENTS = 200;

export type ImplementationAct =
  | { type: 'milestone_scheduled'; title: string; dueDate: string }
  | { type: 'milestone_met'; milestone: number }
  | { type: 'payment_scheduled'; value: Value; dueDate: string }
  | { type: 'payment_made'; payment: number; value: Value };

export const IMPLEMENTATION_EVENT_TYPES = ['milestone_scheduled', 'milestone_met', 'payment_scheduled', 'payment_made'] as const;

export interface Milestone {
  milestone: number;
  title: string;
  /** A local date, `YYYY-MM-DD`. */
  dueDate: string;
  /** When it was met (the event's time), or null. */
  metAt: string | null;
}

export interface Payment {
  payment: number;
  due: Value;
  dueDate: string;
  paid: Value | null;
  paidAt: string | null;
}

export interface ImplementationState {
  milestones: Milestone[];
  payments: Payment[];
}

/** True for a real calendar date written `YYYY-MM-DD` (no 30 February). */
export function isRealDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(s);
}

/** Folds one implementation event into the state (public and private data merged, as the office reads). */
export function evolveImplementation(state: ImplementationState, e: { type: string; occurredAt: string; data: Record<string, unknown> }): void {
  const d = e.data;
  switch (e.type) {
    case 'milestone_scheduled':
      state.milestones.push({ milestone: d.milestone as number, title: d.title as string, dueDate: d.due_date as string, metAt: null });
      break;
    case 'milestone_met': {
      const m = state.milestones.find((x) => x.milestone === d.milestone);
      if (m) m.metAt = e.occurredAt;
      break;
    }
    case 'payment_scheduled':
      state.payments.push({ payment: d.payment as number, due: d.value as Value, dueDate: d.due_date as string, paid: null, paidAt: null });
      break;
    case 'payment_made': {
      const p = state.payments.find((x) => x.payment === d.payment);
      if (p) {
        p.paid = d.value as Value;
        p.paidAt = e.occurredAt;
      }
      break;
    }
    default:
      break;
  }
}

/**
 * Checks an implementation act against the signed contract and shapes its event; throws to refuse, naming the field.
 * `contract` is the contract's current value (null before signing); a schedule's dates may lie in the past, since a
 * contract's schedule is often entered after it was agreed.
 */
export function decideImplementation(state: ImplementationState, contract: Value | null, act: ImplementationAct): EventPayload {
  const stage = 'implementation';
  if (!contract) throw invalidTransition('contracts.error.not_signed');
  switch (act.type) {
    case 'milestone_scheduled': {
      const title = act.title.trim();
      const issues = [];
      if (!title || title.length > 300) issues.push({ field: 'title', key: 'contracts.error.milestone_title' });
      if (!isRealDate(act.dueDate)) issues.push({ field: 'due_date', key: 'contracts.error.date' });
      if (issues.length) throw validationError(issues);
      if (state.milestones.length >= MAX_MILESTONES) throw invalidTransition('contracts.error.too_many_milestones');
      return eventPayload('milestone_scheduled', { stage, milestone: state.milestones.length + 1, title, due_date: act.dueDate }, {});
    }
    case 'milestone_met': {
      const m = state.milestones.find((x) => x.milestone === act.milestone);
      if (!m) throw validationError([{ field: 'milestone', key: 'contracts.error.milestone' }]);
      if (m.metAt) throw invalidTransition('contracts.error.milestone_already_met');
      return eventPayload('milestone_met', { stage, milestone: m.milestone, title: m.title, due_date: m.dueDate }, {});
    }
    case 'payment_scheduled': {
      if (!isRealDate(act.dueDate)) throw validationError([{ field: 'due_date', key: 'contracts.error.date' }]);
      sameCurrency(act.value, contract.currency);
      if (state.payments.length >= MAX_PAYMENTS) throw invalidTransition('contracts.error.too_many_payments');
      return eventPayload('payment_scheduled', { stage, payment: state.payments.length + 1, value: act.value, due_date: act.dueDate }, {});
    }
    case 'payment_made': {
      const p = state.payments.find((x) => x.payment === act.payment);
      if (!p) throw validationError([{ field: 'payment', key: 'contracts.error.payment' }]);
      if (p.paid) throw invalidTransition('contracts.error.payment_already_made');
      sameCurrency(act.value, contract.currency);
      return eventPayload('payment_made', { stage, payment: p.payment, value: act.value, due: p.due, due_date: p.dueDate }, {});
    }
  }
}

function sameCurrency(value: Value, expected: string): void {
  if (value.currency !== expected) throw validationError([{ field: 'value_currency', key: 'contracts.error.currency_mismatch', values: { currency: expected } }]);
}
