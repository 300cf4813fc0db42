import { calendarFor } from '../../db/repos/calendars.js';
import { inTransaction } from '../../db/repos/cases.js';
import {
  insertReview, jurisdictionCalendarKeys, latestReviews, signalCases, signalComputation, signalEventFacts, signalGifts, signalIdRange, signalWatermark,
  storedSignal, storedSignals, storeSignals, takeSignalLock, type SignalCaseRow, type SignalEventFacts,
} from '../../db/repos/signals.js';
import type { Db } from '../../db/types.js';
import type { OfficialActor } from '../../domain/actor.js';
import type { Span, WorkingCalendar } from '../../domain/calendar.js';
import { detectSignals, SIGNAL_KINDS, type AssignmentFact, type HandledCase, type Signal, type SignalInput, type SignalKind, type StageSpan } from '../../domain/signals.js';
import { notFound, validationError } from '../../errors.js';
import { mayReviewSignals } from '../../policies/fair.js';

/** Bound on the cases one computation reads (a year of a large city fits; beyond, the answer says it was cut). */
export const MAX_CASES = 1_500_000;
/** Application ids read per piece: a few seconds of work at most, and the event loop is free between pieces. */
export const SIGNAL_CHUNK_IDS = 20_000;

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

/** What an application without any of the events the signals read says (nothing). */
const NO_EVENTS: Omit<SignalEventFacts, 'application_id' | 'last_at'> & { last_at: Date | null } = {
  last_at: null, supplements: [], explained: [], supplement_requested: false, late_entry: false, assigned: false, chosen: [],
};

/**
 * The facts of one year as the detector takes them, with what the answer needs besides. Reads the year in ranges of
 * `chunkIds` application ids (memory and every statement bounded whatever the city's size, the event loop yielded
 * between ranges), the events already folded per application by the database; stops at `MAX_CASES` and says so.
 */
export async function readSignalInput(db: Db, props: { year: number; lateEntryMinutes: number; chunkIds?: number }) {
  const { year } = props;
  const chunkIds = Math.max(1, props.chunkIds ?? SIGNAL_CHUNK_IDS);
  const [range, gifts, keys] = await Promise.all([signalIdRange(db, year), signalGifts(db, year, 100_000), jurisdictionCalendarKeys(db)]);
  const calendars = new Map(await Promise.all(keys.map(async (k) => [k.id, await calendarFor(db, k)] as const)));
  const input: SignalInput = { year, cases: [], stages: [], handled: [], assignments: [], gifts: [] };
  const jurisdictionOf = new Map<string, string>();
  const unitJurisdiction = new Map<number, string>();
  let cases = 0;
  let truncated = false;
  // Bounded by the year's id range, and by MAX_CASES besides.
  for (let from = range?.first ?? 1, last = range?.last ?? 0; from <= last && !truncated; from += chunkIds) {
    const to = Math.min(from + chunkIds, last + 1);
    const [rows, facts] = await Promise.all([signalCases(db, year, from, to), signalEventFacts(db, year, from, to, props.lateEntryMinutes)]);
    const factsOf = new Map(facts.map((f) => [f.application_id, f]));
    for (const c of rows) {
      if (cases >= MAX_CASES) {
        truncated = true;
        break;
      }
      cases += 1;
      jurisdictionOf.set(c.number, c.jurisdiction_id);
      unitJurisdiction.set(c.unit_id, c.jurisdiction_id);
      addCase(input, c, factsOf.get(c.id) ?? NO_EVENTS, calendars.get(c.jurisdiction_id)!, year);
    }
    await new Promise((resolve) => setImmediate(resolve));
  }
  for (const g of gifts) {
    input.gifts.push({ id: g.id, officialId: g.official_id, unitId: g.unit_id, at: Date.parse(`${g.offered_on}T00:00:00Z`), year, giver: g.giver_hash, outcome: g.outcome });
  }
  return { input, jurisdictionOf, unitJurisdiction, cases, truncated };
}

/** One case's facts added to the detector's input: its working time, its stages, who held it, who chose its assignee. */
function addCase(
  input: SignalInput, c: SignalCaseRow, own: Omit<SignalEventFacts, 'application_id' | 'last_at'> & { last_at: Date | null }, calendar: WorkingCalendar, year: number,
): void {
  // The applicant's time: from each supplement request to its answer (or now, while it is owed).
  const stops: Span[] = [];
  let open: number | null = null;
  for (const [requested, at] of own.supplements) {
    if (requested) open = at;
    else if (open !== null) {
      stops.push({ from: open, to: at });
      open = null;
    }
  }
  if (open !== null) stops.push({ from: open, to: Date.now() });
  const procedure = `${c.jurisdiction_id}/${c.procedure_code}`;
  if (c.closed_at && (APPROVED.has(c.status) || c.status === 'rejected')) {
    const from = c.received_at.getTime();
    const to = c.closed_at.getTime();
    input.cases.push({
      number: c.number, year, unitId: c.unit_id, procedure, officialId: c.assigned_official_id,
      workingMinutes: calendar.workingMinutesBetweenMs(from, to, stops.filter((p) => p.to > from && p.from < to)), applicant: c.applicant_hash,
    });
  }
  const explained = new Set(own.explained);
  for (const s of c.stages) {
    if (!s.started_at || !s.completed_at || s.status !== 'done') continue;
    const from = Date.parse(s.started_at);
    const to = Date.parse(s.completed_at);
    const stageStops = stops.filter((p) => p.to > from && p.from < to);
    input.stages.push({
      number: c.number, year, unitId: c.unit_id, procedure, stage: s.key, officialId: s.official_id,
      workingMinutes: calendar.workingMinutesBetweenMs(from, to, stageStops), explained: explained.has(s.key) || explained.has(''), applicant: c.applicant_hash,
    } satisfies StageSpan);
  }
  if (c.assigned_official_id !== null) {
    input.handled.push({
      number: c.number, year, unitId: c.unit_id, officialId: c.assigned_official_id, applicant: c.applicant_hash,
      at: c.closed_at?.getTime() ?? own.last_at?.getTime() ?? c.received_at.getTime(),
      outcome: APPROVED.has(c.status) ? 'approved' : c.status === 'rejected' ? 'rejected' : null,
      supplementRequested: own.supplement_requested, lateEntry: own.late_entry, transferred: c.transfer_count > 0,
    } satisfies HandledCase);
  }
  if (own.assigned) input.assignments.push({ number: c.number, year, unitId: c.unit_id, chosenBy: null, overConflict: false });
  for (const [chosenBy, overConflict] of own.chosen) {
    input.assignments.push({ number: c.number, year, unitId: c.unit_id, chosenBy, overConflict } satisfies AssignmentFact);
  }
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
