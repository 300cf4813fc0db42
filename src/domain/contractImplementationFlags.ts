/**
 * Red flags of a contract's implementation, read from its public events only (so anyone can recompute them): a
 * milestone met after its due date or still unmet past it, a payment made after its due date or still unpaid past it.
 * Each is a reason to look, never a finding. Pure: the caller gives the jurisdiction's local date today.
 */

/** A flag as the process's other red flags are shaped: its kind, the event that raised it, the values its text names. */
export interface ImplementationFlag {
  kind: 'late_milestone' | 'late_payment';
  /** The event that raised it: the late act, or the schedule still unmet today. */
  seq: number;
  values: Record<string, number | string>;
}

/** A public event as the presenter gives it: `occurred_at` in RFC 3339 with the jurisdiction's offset. */
interface FlagEvent {
  seq: number;
  type: string;
  occurred_at: string;
  data: Record<string, unknown>;
}

const DAY_MS = 86_400_000;
/** Whole calendar days from local date `from` to local date `to` (both `YYYY-MM-DD`). */
const daysBetween = (from: string, to: string) => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
/** The local date an event happened on: its RFC 3339 time is already written in the jurisdiction's offset. */
const localDate = (rfc3339: string) => rfc3339.slice(0, 10);

/**
 * The late milestones and payments of one process, oldest schedule first. `today` is the jurisdiction's local date
 * (`YYYY-MM-DD`); a schedule still open after its due date counts its days up to it.
 */
export function contractImplementationFlags(events: readonly FlagEvent[], today: string): ImplementationFlag[] {
  const open = new Map<string, { seq: number; number: number; due: string }>();
  const flags: { order: number; flag: ImplementationFlag }[] = [];
  for (const e of events) {
    const d = e.data;
    if (e.type === 'milestone_scheduled' || e.type === 'payment_scheduled') {
      const kind = e.type === 'milestone_scheduled' ? 'milestone' : 'payment';
      const number = d[kind] as number;
      open.set(`${kind}:${number}`, { seq: e.seq, number, due: d.due_date as string });
    }
    if (e.type === 'milestone_met' || e.type === 'payment_made') {
      const kind = e.type === 'milestone_met' ? 'milestone' : 'payment';
      const scheduled = open.get(`${kind}:${d[kind] as number}`);
      if (!scheduled) continue;
      open.delete(`${kind}:${scheduled.number}`);
      const late = daysBetween(scheduled.due, localDate(e.occurred_at));
      if (late > 0) flags.push({ order: scheduled.seq, flag: { kind: `late_${kind}`, seq: e.seq, values: { [kind]: scheduled.number, days: late, due: scheduled.due } } });
    }
  }
  for (const [key, scheduled] of open) {
    const late = daysBetween(scheduled.due, today);
    const kind = key.startsWith('milestone') ? 'milestone' : 'payment';
    if (late > 0) flags.push({ order: scheduled.seq, flag: { kind: `late_${kind}`, seq: scheduled.seq, values: { [kind]: scheduled.number, days: late, due: scheduled.due } } });
  }
  return flags.sort((a, b) => a.order - b.order).map((f) => f.flag);
}
