import { calendarFor } from '../../db/repos/calendars.js';
import { inTransaction } from '../../db/repos/cases.js';
import {
  insertReview, jurisdictionCalendarKeys, latestReviews, signalCases, signalComputation, signalEvents, signalGifts, signalWatermark, storedSignal,
  storedSignals, storeSignals, takeSignalLock, type SignalEventRow,
} from '../../db/repos/signals.js';
import type { Db } from '../../db/types.js';
import type { OfficialActor } from '../../domain/actor.js';
import type { Span } from '../../domain/calendar.js';
import { detectSignals, SIGNAL_KINDS, type AssignmentFact, type HandledCase, type Signal, type SignalInput, type SignalKind, type StageSpan } from '../../domain/signals.js';
import { notFound, validationError } from '../../errors.js';
import { mayReviewSignals } from '../../policies/fair.js';

/** Bounds on what one computation reads (a year of a large city fits; beyond, the answer says it was cut). */
export const MAX_CASES = 1_500_000;
export const MAX_EVENTS = 20_000_000;

/** A signal with its jurisdiction and the latest review, if any. */
export interface ReviewedSignal extends Signal {
  jurisdictionId: string;
  review: { decision: string; reason: string; auditorId: number; at: Date } | null;
}

export interface YearSignals {
  year: number;
  signals: ReviewedSignal[];
  /** When the stored signals were computed (null when never). */
  computedAt: Date | null;
  /** The reading stopped at a bound: figures cover only part of the year. */
  truncated: boolean;
  cases: number;
}

const APPROVED = new Set(['approved', 'approved_with_conditions']);

/** A year's signals as one computation found them, before any review. */
export interface ComputedSignals {
  signals: (Signal & { jurisdictionId: string })[];
  truncated: boolean;
  cases: number;
}

/**
 * Reads one year's facts and runs the pure detector (`domain/signals.detectSignals`): stage working time from each
 * jurisdiction's calendar, supplement waits left out (the applicant's time, not the office's); who held each case;
 * who chose an assignee by hand. Read-only; the job stores its answer (`refreshSignals`).
 */
export async function computeSignals(db: Db, props: { year: number; lateEntryMinutes: number }): Promise<ComputedSignals> {
  const { input, jurisdictionOf, unitJurisdiction, truncated, cases } = await readSignalInput(db, props);
  const signals = detectSignals(input).map((s) => ({ ...s, jurisdictionId: jurisdictionOf.get(s.cases[0] ?? '') ?? unitJurisdiction.get(s.unitId) ?? '' }));
  return { signals, truncated, cases };
}

/**
 * Computes a year's signals and stores them (`detected_signal`), unless nothing they read has changed since the
 * last computation (the watermark: newest event and gift, calendar versions, the late-entry setting). One instance
 * stores at a time; the computation itself reads outside any transaction. Returns whether it stored.
 */
export async function refreshSignals(db: Db, props: { year: number; lateEntryMinutes: number; now?: Date; force?: boolean }): Promise<boolean> {
  const watermark = `${await signalWatermark(db)}/${props.lateEntryMinutes}`;
  const last = await signalComputation(db, props.year);
  if (!props.force && last?.watermark === watermark) return false;
  const computed = await computeSignals(db, props);
  const at = props.now ?? new Date();
  return inTransaction(db, async (trx) => {
    if (!(await takeSignalLock(trx))) return false;
    await storeSignals(trx, props.year, computed.signals.filter((s) => s.jurisdictionId), at, { cases: computed.cases, truncated: computed.truncated, watermark });
    return true;
  });
}

/** The most stored signals a page reads for a year. */
const MAX_SIGNALS = 20_000;

/**
 * A year's signals as last stored, with the latest review of each. A year never computed is computed first (once);
 * afterwards the job keeps it current and a request only reads rows.
 */
export async function yearSignals(db: Db, props: { year: number; lateEntryMinutes: number }): Promise<YearSignals> {
  let computation = await signalComputation(db, props.year);
  if (!computation) {
    await refreshSignals(db, props);
    computation = await signalComputation(db, props.year);
  }
  const rows = await storedSignals(db, props.year, MAX_SIGNALS);
  const reviews = await latestReviews(db, rows.map((r) => r.signal_key));
  return {
    year: props.year,
    cases: computation?.cases ?? 0,
    truncated: computation?.truncated ?? false,
    computedAt: computation?.computed_at ?? null,
    signals: rows.map((r) => {
      const review = reviews.get(r.signal_key);
      return {
        key: r.signal_key, kind: r.kind as SignalKind, year: r.year, unitId: r.unit_id, officialId: r.official_id, cases: r.cases, figure: r.figure,
        peer: r.peer, threshold: r.threshold, peers: r.peers, measure: r.measure, jurisdictionId: r.jurisdiction_id,
        review: review ? { decision: review.decision, reason: review.reason, auditorId: review.auditor_id, at: review.reviewed_at } : null,
      };
    }),
  };
}

/** The facts of one year as the detector takes them, with what the answer needs besides. */
export async function readSignalInput(db: Db, props: { year: number; lateEntryMinutes: number }) {
  const { year } = props;
  const [cases, events, gifts, keys] = await Promise.all([
    signalCases(db, year, MAX_CASES), signalEvents(db, year, MAX_EVENTS), signalGifts(db, year, 100_000), jurisdictionCalendarKeys(db),
  ]);
  const calendars = new Map(await Promise.all(keys.map(async (k) => [k.id, await calendarFor(db, k)] as const)));
  const eventsOf = new Map<number, SignalEventRow[]>();
  for (const e of events) {
    const list = eventsOf.get(e.application_id);
    if (list) list.push(e);
    else eventsOf.set(e.application_id, [e]);
  }
  const input: SignalInput = { year, cases: [], stages: [], handled: [], assignments: [], gifts: [] };
  const jurisdictionOf = new Map<string, string>();
  const unitJurisdiction = new Map<number, string>();
  for (const c of cases) {
    jurisdictionOf.set(c.number, c.jurisdiction_id);
    unitJurisdiction.set(c.unit_id, c.jurisdiction_id);
    const calendar = calendars.get(c.jurisdiction_id)!;
    const own = eventsOf.get(c.id) ?? [];
    // The applicant's time: from each supplement request to its answer (or now, while it is owed).
    const stops: Span[] = [];
    let open: number | null = null;
    for (const e of own) {
      if (e.type === 'supplement_requested') open = e.occurred_at.getTime();
      if (e.type === 'supplement_received' && open !== null) {
        stops.push({ from: open, to: e.occurred_at.getTime() });
        open = null;
      }
    }
    if (open !== null) stops.push({ from: open, to: Date.now() });
    if (c.closed_at && (APPROVED.has(c.status) || c.status === 'rejected')) {
      const from = c.received_at.getTime();
      const to = c.closed_at.getTime();
      input.cases.push({
        number: c.number, year, unitId: c.unit_id, procedure: `${c.jurisdiction_id}/${c.procedure_code}`, officialId: c.assigned_official_id,
        workingMinutes: calendar.workingMinutesBetweenMs(from, to, stops.filter((p) => p.to > from && p.from < to)), applicant: c.applicant_hash,
      });
    }
    const explained = new Set(own.filter((e) => e.type === 'delay_reason_given' || e.type === 'deadline_extended').map((e) => e.stage ?? ''));
    for (const s of c.stages) {
      if (!s.started_at || !s.completed_at || s.status !== 'done') continue;
      const from = Date.parse(s.started_at);
      const to = Date.parse(s.completed_at);
      const stageStops = stops.filter((p) => p.to > from && p.from < to);
      input.stages.push({
        number: c.number, year, unitId: c.unit_id, procedure: `${c.jurisdiction_id}/${c.procedure_code}`, stage: s.key, officialId: s.official_id,
        workingMinutes: calendar.workingMinutesBetweenMs(from, to, stageStops), explained: explained.has(s.key) || explained.has(''), applicant: c.applicant_hash,
      } satisfies StageSpan);
    }
    if (c.assigned_official_id !== null) {
      const holder = c.assigned_official_id;
      input.handled.push({
        number: c.number, year, unitId: c.unit_id, officialId: holder, applicant: c.applicant_hash,
        at: c.closed_at?.getTime() ?? own.at(-1)?.occurred_at.getTime() ?? c.received_at.getTime(),
        outcome: APPROVED.has(c.status) ? 'approved' : c.status === 'rejected' ? 'rejected' : null,
        supplementRequested: own.some((e) => e.type === 'supplement_requested'),
        lateEntry: own.some((e) => e.actor_official_id === holder && e.recorded_at.getTime() - e.occurred_at.getTime() > props.lateEntryMinutes * 60_000),
        transferred: c.transfer_count > 0,
      } satisfies HandledCase);
    }
    const assignments = own.filter((e) => ['assigned', 'reassigned', 'assigned_by_rotation', 'assignment_overridden'].includes(e.type));
    if (assignments.length) input.assignments.push({ number: c.number, year, unitId: c.unit_id, chosenBy: null, overConflict: false });
    for (const e of assignments.filter((a) => a.type === 'reassigned' || a.type === 'assignment_overridden')) {
      input.assignments.push({ number: c.number, year, unitId: c.unit_id, chosenBy: e.actor_official_id, overConflict: e.over_conflict === true } satisfies AssignmentFact);
    }
  }
  for (const g of gifts) {
    input.gifts.push({ id: g.id, officialId: g.official_id, unitId: g.unit_id, at: Date.parse(`${g.offered_on}T00:00:00Z`), year, giver: g.giver_hash, outcome: g.outcome });
  }
  return { input, jurisdictionOf, unitJurisdiction, cases: cases.length, truncated: cases.length >= MAX_CASES || events.length >= MAX_EVENTS };
}

/**
 * An auditor's review of a signal: dismissed with a reason, or referred for investigation (a reason too). The signal
 * must be one stored for that year and raised by the latest computation; the review is appended, never changed, and
 * attached by the signal's stable key. Returns the key.
 */
export async function reviewSignal(
  db: Db,
  props: { actor: OfficialActor; year: number; key: string; decision: string; reason: string; now?: Date },
): Promise<string> {
  mayReviewSignals(props.actor);
  const reason = props.reason.trim();
  const issues = [];
  if (props.decision !== 'dismissed' && props.decision !== 'referred') issues.push({ field: 'decision', key: 'fair.error.decision_required' });
  if (!reason) issues.push({ field: 'reason', key: 'fair.error.reason_required' });
  else if (reason.length > 1000) issues.push({ field: 'reason', key: 'fair.error.reason_too_long' });
  if (issues.length) throw validationError(issues);
  // The signal must be one stored for that year and still raised; its key survives every recomputation.
  const signal = await storedSignal(db, props.key);
  if (!signal || signal.year !== props.year || signal.cleared_at !== null || !SIGNAL_KINDS.includes(signal.kind as SignalKind)) throw notFound('fair.error.signal_not_found');
  await inTransaction(db, (trx) =>
    insertReview(trx, {
      key: signal.signal_key, jurisdictionId: signal.jurisdiction_id, unitId: signal.unit_id, year: signal.year, kind: signal.kind,
      decision: props.decision as 'dismissed' | 'referred', reason, auditorId: props.actor.id, at: props.now ?? new Date(),
    }),
  );
  return signal.signal_key;
}
