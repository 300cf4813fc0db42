import { delayCategoryOf, type CountedDelayCategory, type DelayCategory } from './delays.js';
import type { WorkingCalendar } from './calendar.js';
import { isCalendarDate } from './localDate.js';
import type { ClockExtension, ClockPause } from './deadline.js';
import type { EventType } from './types.js';

/**
 * The events the clock reads, the data shapes of the deadline event kinds (`deadline_extended`,
 * `delay_reason_given`, `transferred`), and the fold from a history to the facts the clock computes with.
 */

/** Data of a `deadline_extended` event: a supervisor approved a new due date for a stage or (stage null) the whole application. */
export interface DeadlineExtendedData {
  stage: string | null;
  /** The new due date: RFC 3339, or a local date `YYYY-MM-DD` meaning the end of that day. */
  new_due: string;
  reason: string;
  /** Public name (and title) of the approving supervisor. */
  approved_by: string;
}

/** Data of a `delay_reason_given` event: why a stage (or, stage null, the application) is late. */
export interface DelayReasonGivenData {
  stage: string | null;
  /** Absent when only a category was given. */
  reason?: string;
  /** Absent on events recorded before categories existed. */
  category?: DelayCategory;
}

/** Data of a `transferred` event: the application moved between units. */
export interface TransferredData {
  from_unit: string;
  to_unit: string;
  reason: string;
}

/** Event types this issue adds to `EVENT_TYPES`. */
export const CLOCK_EVENT_TYPES = ['deadline_extended', 'delay_reason_given', 'transferred'] as const;
export type ClockEventType = EventType | (typeof CLOCK_EVENT_TYPES)[number];

/** The part of a recorded event the clock reads (an `EventFact` fits). */
export interface ClockEvent {
  seq: number;
  type: string;
  /** RFC 3339. */
  occurredAt: string;
  data: Record<string, unknown>;
}

export interface StageFacts {
  startedAt: number | null;
  startSeq: number | null;
  finishedAt: number | null;
  withdrawn: boolean;
}

export interface PauseFacts extends ClockPause {
  /** The stage the supplement was requested for. */
  stage: string | null;
}

export interface ClockFacts {
  receivedAt: number;
  receivedSeq: number;
  /** When a decision or withdrawal closed the application. */
  closedAt: number | null;
  withdrawn: boolean;
  stages: Map<string, StageFacts>;
  pauses: PauseFacts[];
  extensions: (ClockExtension & { stage: string | null })[];
  delayReasons: { stage: string | null; seq: number; at: string; reason: string; category: CountedDelayCategory }[];
  transfers: { seq: number; at: string; from_unit: string; to_unit: string; reason: string }[];
}

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

/**
 * Folds a history (sorted by seq, starting with `received`) into what the clock needs. A decision or withdrawal ends
 * every running stage and any open pause. Throws on an extension whose date cannot be read.
 */
export function foldClockEvents(events: readonly ClockEvent[], stageKeys: readonly string[], calendar: WorkingCalendar): ClockFacts {
  const [first, ...rest] = events;
  if (!first || first.type !== 'received') throw new Error('an event history starts with received');
  const rfc = (ms: number) => calendar.toRfc3339(ms);
  const receivedAt = Date.parse(first.occurredAt);
  let closedAt: number | null = null;
  let withdrawn = false;
  const stages = new Map<string, StageFacts>(
    stageKeys.map((key) => [key, { startedAt: null, startSeq: null, finishedAt: null, withdrawn: false }]),
  );
  const pauses: PauseFacts[] = [];
  const extensions: (ClockExtension & { stage: string | null })[] = [];
  const delayReasons: { stage: string | null; seq: number; at: string; reason: string; category: CountedDelayCategory }[] = [];
  const transfers: ClockFacts['transfers'] = [];
  for (const e of rest) {
    const at = Date.parse(e.occurredAt);
    const stage = str(e.data.stage);
    const facts = stage ? stages.get(stage) : undefined;
    switch (e.type as ClockEventType) {
      case 'stage_started':
        if (facts && facts.startedAt === null) Object.assign(facts, { startedAt: at, startSeq: e.seq });
        break;
      case 'stage_completed':
        if (facts && facts.finishedAt === null) facts.finishedAt = at;
        break;
      case 'supplement_requested':
        if (!pauses.some((p) => p.to === null)) {
          pauses.push({ stage, from: at, to: null, requestedSeq: e.seq, receivedSeq: null });
        }
        break;
      case 'supplement_received': {
        const open = pauses.find((p) => p.to === null);
        if (open) Object.assign(open, { to: at, receivedSeq: e.seq });
        break;
      }
      case 'deadline_extended':
        extensions.push({
          stage,
          seq: e.seq,
          at,
          newDue: parseDue(str(e.data.new_due), calendar, e.seq),
          reason: str(e.data.reason) ?? '',
          approvedBy: str(e.data.approved_by) ?? '',
        });
        break;
      case 'delay_reason_given':
        delayReasons.push({ stage, seq: e.seq, at: rfc(at), reason: str(e.data.reason) ?? '', category: delayCategoryOf(e.data.category) });
        break;
      case 'transferred':
        transfers.push({
          seq: e.seq,
          at: rfc(at),
          from_unit: str(e.data.from_unit) ?? '',
          to_unit: str(e.data.to_unit) ?? '',
          reason: str(e.data.reason) ?? '',
        });
        break;
      case 'decision':
      case 'withdrawn':
        if (closedAt !== null) break;
        closedAt = at;
        withdrawn = e.type === 'withdrawn';
        for (const s of stages.values()) {
          if (s.startedAt !== null && s.finishedAt === null) Object.assign(s, { finishedAt: at, withdrawn });
        }
        break;
      default:
        break;
    }
  }
  // A pause still open when the application closed ended with it.
  for (const p of pauses) if (p.to === null && closedAt !== null) p.to = closedAt;
  return { receivedAt, receivedSeq: first.seq, closedAt, withdrawn, stages, pauses, extensions, delayReasons, transfers };
}

/** Reads an extension's new due date: RFC 3339, or a local date meaning the end of that day. */
function parseDue(text: string | null, calendar: WorkingCalendar, seq: number): number {
  const ms = text === null ? null : parseNewDue(text, calendar);
  if (ms === null) throw new Error(`event ${seq}: deadline_extended needs new_due as a date or RFC 3339 time`);
  return ms;
}

/** An extension's new due date in epoch milliseconds: a local date is the end of that day; null when unreadable. */
export function parseNewDue(text: string, calendar: WorkingCalendar): number | null {
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) return isCalendarDate(text) ? calendar.endOfDay(text) : null;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? null : ms;
}
