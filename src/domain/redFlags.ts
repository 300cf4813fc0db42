import { termsOf, type Value } from './contracts.js';

/**
 * Red flags of contracting processes: patterns in a process's public record that auditors look into, each a reason
 * to look, never a finding.
 */

/** An amendment raising the contract's value by more than this share is a red flag for auditors. */
export const AMENDMENT_FLAG_RATIO = 0.2;

/** A pattern in a process's public record that auditors look into; a reason to look, never a finding. */
export interface RedFlag {
  kind: 'single_bid' | 'above_estimate' | 'amendments_raise';
  /** The event that raised it. */
  seq: number;
  values: Record<string, number | string>;
}

/**
 * The red flags of one process, read from its public events only (so anyone can recompute them): a single bid in an
 * open tender, an award above the estimate, amendments raising the signed value by more than `AMENDMENT_FLAG_RATIO`.
 */
export function redFlags(events: readonly { seq: number; type: string; data: Record<string, unknown> }[]): RedFlag[] {
  const terms = termsOf((events[0]?.data.fields ?? {}) as Record<string, unknown>);
  if (!terms) return [];
  const flags: RedFlag[] = [];
  let signed: Value | null = null;
  for (const e of events) {
    if (e.type === 'bids_opened' && terms.method === 'open' && (e.data.bids as unknown[]).length === 1) flags.push({ kind: 'single_bid', seq: e.seq, values: {} });
    if (e.type === 'awarded') {
      const value = e.data.value as Value;
      if (value.currency === terms.estimate.currency && value.amount > terms.estimate.amount) {
        flags.push({ kind: 'above_estimate', seq: e.seq, values: { percent: Math.round((value.amount / terms.estimate.amount - 1) * 100) } });
      }
    }
    if (e.type === 'contract_signed') signed = e.data.value as Value;
    if (e.type === 'contract_amended' && signed && (e.data.value as Value).amount > signed.amount * (1 + AMENDMENT_FLAG_RATIO)) {
      flags.push({ kind: 'amendments_raise', seq: e.seq, values: { percent: Math.round(((e.data.value as Value).amount / signed.amount - 1) * 100), threshold: AMENDMENT_FLAG_RATIO * 100 } });
    }
  }
  // One amendment flag: the latest, which names the whole rise.
  const raises = flags.filter((f) => f.kind === 'amendments_raise');
  return [...flags.filter((f) => f.kind !== 'amendments_raise'), ...raises.slice(-1)];
}
