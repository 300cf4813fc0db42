import { delayNeedsText, isDelayCategory, type DelayCategory } from './delays.js';
import { invalidTransition } from '../errors.js';
import {
  CLOSED_STATUSES,
  type DecisionOutcome,
  type EventType,
  type ProcedureStage,
  type StageState,
  type Status,
} from './types.js';

/**
 * The life of one application as a pure state machine: `decide` checks an act against the current state and
 * says what the event will record; `evolve` folds a recorded event into the state. Read models are `evolve`
 * applied to the event log, so the same rules govern what may happen and what the public sees.
 */

export interface CaseState {
  status: Status;
  stages: StageState[];
  assigneeId: number | null;
  /** The open supplement request, if the applicant owes documents. */
  openSupplement: { stage: string; seq: number } | null;
  /** Consultation requests awaiting an answer, by the seq of the request. */
  openConsultations: { seq: number; stage: string }[];
  /** Stages (and '' for the whole application) with a delay reason on the record. */
  delayReasons: string[];
  lastSeq: number;
  lastOccurredAt: string | null;
}

/** An act an official (or the applicant, for supplements and withdrawal) asks to record. */
export type Act =
  | { type: 'assigned'; officialId: number; reason?: string }
  | { type: 'stage_started'; stage: string; note?: string }
  | { type: 'stage_completed'; stage: string; note?: string }
  | { type: 'supplement_requested'; stage: string; note?: string; message: string }
  | { type: 'supplement_received'; documentCount: number }
  | { type: 'consultation_requested'; stage: string; unitCode: string; note?: string }
  | { type: 'consultation_answered'; stage: string; requestSeq: number; note?: string }
  | { type: 'site_inspection'; stage: string; note?: string }
  | {
      type: 'decision';
      outcome: DecisionOutcome;
      reasons?: string;
      conditions?: string;
      redress?: string;
    }
  | { type: 'withdrawn' }
  /** Why a stage (or, stage null, the whole application) is late; published. */
  | { type: 'delay_reason_given'; stage: string | null; reason: string; category?: DelayCategory }
  /** A supervisor's new due date for a stage or the application: a local date or RFC 3339; published with its reason. */
  | { type: 'deadline_extended'; stage: string | null; newDue: string; reason: string }
  /** The application moves to another unit; the third transfer escalates it to a coordinator. */
  | { type: 'transferred'; unitCode: string; reason: string }
  /** The overdue scan saw a stage (or the application) pass its due date. */
  | { type: 'deadline_passed'; stage: string | null }
  /** Someone asks a question or raises an objection about the application (refused once it is withdrawn). */
  | { type: 'inquiry_opened' }
  /** The responsible unit answers a question on the record. */
  | { type: 'inquiry_answered' }
  /** An official replaces a published question or answer with a redacted text, giving the reason. */
  | { type: 'inquiry_redacted'; reason: string };

/** The event an accepted act becomes: its final type and the data to publish. */
export interface Decided {
  type: EventType;
  /** Keys of stages whose status this event changes (used to check the acting unit). */
  stage: string | null;
}

/** State of a freshly received application under the given procedure stages. */
export function initialState(stages: readonly ProcedureStage[], receivedAt: string): CaseState {
  return {
    status: 'received',
    stages: stages.map((s) => ({ key: s.key, status: 'pending', started_at: null, completed_at: null, official_id: null })),
    assigneeId: null,
    openSupplement: null,
    openConsultations: [],
    delayReasons: [],
    lastSeq: 1,
    lastOccurredAt: receivedAt,
  };
}

export function isClosed(status: Status): boolean {
  return CLOSED_STATUSES.includes(status);
}

function stageOf(state: CaseState, key: string): StageState {
  const stage = state.stages.find((s) => s.key === key);
  if (!stage) throw invalidTransition('error.unknown_stage', { stage: key });
  return stage;
}

function requireActive(state: CaseState, key: string): StageState {
  const stage = stageOf(state, key);
  if (stage.status === 'done' || stage.status === 'skipped') throw invalidTransition('error.stage_already_finished', { stage: key });
  if (stage.status !== 'active') throw invalidTransition('error.stage_not_active', { stage: key });
  return stage;
}

/**
 * Refuses an act on a stage that is not active, on a closed case, or dated before the last act: what every act done
 * within a stage must satisfy (the contract acts of `domain/contracts` ask it).
 */
export function assertStageActive(state: CaseState, key: string, occurredAt: string): void {
  if (isClosed(state.status)) throw invalidTransition('error.case_closed');
  assertInOrder(state, occurredAt);
  requireActive(state, key);
}

/**
 * Refuses an act dated before the case's last recorded act (and so before its receipt). Cheap, so commands ask it
 * before any computation whose cost grows with the span between the two.
 */
export function assertInOrder(state: CaseState, occurredAt: string): void {
  if (state.lastOccurredAt && Date.parse(occurredAt) < Date.parse(state.lastOccurredAt)) {
    throw invalidTransition('error.occurred_before_previous');
  }
}

/**
 * Checks whether `act` may happen now. Returns the event type it becomes; throws an `invalid_transition`
 * error naming the rule otherwise. `occurredAt` must not precede the case's last event. `overdue` names the stages
 * whose clock had passed its due date when the act happened: such a stage is completed (or decided) only once a
 * delay reason for it is on the record.
 */
export function decide(
  state: CaseState,
  act: Act,
  occurredAt: string,
  procedureStages: readonly ProcedureStage[],
  overdue: readonly string[] = [],
): Decided {
  const needsReason = (key: string) => overdue.includes(key) && !state.delayReasons.includes(key);
  // Questions stay possible after a decision (one may ask why it was rejected), but not about a withdrawn case.
  if (act.type === 'inquiry_opened') {
    if (state.status === 'withdrawn') throw invalidTransition('error.inquiry_on_withdrawn');
    return { type: 'inquiry_opened', stage: null };
  }
  if (act.type === 'inquiry_answered') return { type: 'inquiry_answered', stage: null };
  if (act.type === 'inquiry_redacted') {
    if (!act.reason.trim()) throw invalidTransition('error.redaction_needs_reason');
    return { type: 'inquiry_redacted', stage: null };
  }
  if (isClosed(state.status)) throw invalidTransition('error.case_closed');
  assertInOrder(state, occurredAt);
  switch (act.type) {
    case 'assigned': {
      if (state.assigneeId === act.officialId) throw invalidTransition('error.already_assigned');
      if (state.assigneeId !== null && !act.reason?.trim()) throw invalidTransition('error.reassign_needs_reason');
      return { type: state.assigneeId === null ? 'assigned' : 'reassigned', stage: null };
    }
    case 'stage_started': {
      const index = state.stages.findIndex((s) => s.key === act.stage);
      const stage = stageOf(state, act.stage);
      if (stage.status !== 'pending') throw invalidTransition('error.stage_not_pending', { stage: act.stage });
      if (state.openSupplement) throw invalidTransition('error.awaiting_supplement');
      // Every earlier stage must be finished, except a run of parallel stages directly before this one
      // when this stage is itself parallel.
      for (let i = index - 1; i >= 0; i--) {
        const earlier = state.stages[i]!;
        if (earlier.status === 'done' || earlier.status === 'skipped') continue;
        const bothParallel = procedureStages[i]?.parallel && procedureStages[index]?.parallel;
        const contiguous = state.stages.slice(i + 1, index).every((_, j) => procedureStages[i + 1 + j]?.parallel);
        if (bothParallel && contiguous) continue;
        throw invalidTransition('error.previous_stage_open', { stage: earlier.key });
      }
      return { type: 'stage_started', stage: act.stage };
    }
    case 'stage_completed': {
      requireActive(state, act.stage);
      if (state.openSupplement?.stage === act.stage) throw invalidTransition('error.awaiting_supplement');
      if (state.openConsultations.some((c) => c.stage === act.stage)) {
        throw invalidTransition('error.consultation_open');
      }
      const isLast = state.stages[state.stages.length - 1]?.key === act.stage;
      if (isLast) throw invalidTransition('error.last_stage_needs_decision');
      if (needsReason(act.stage)) throw invalidTransition('error.delay_reason_required', { stage: act.stage });
      return { type: 'stage_completed', stage: act.stage };
    }
    case 'supplement_requested': {
      requireActive(state, act.stage);
      if (state.openSupplement) throw invalidTransition('error.supplement_already_open');
      return { type: 'supplement_requested', stage: act.stage };
    }
    case 'supplement_received': {
      if (!state.openSupplement) throw invalidTransition('error.no_supplement_requested');
      if (act.documentCount < 1) throw invalidTransition('error.supplement_needs_documents');
      return { type: 'supplement_received', stage: state.openSupplement.stage };
    }
    case 'consultation_requested': {
      requireActive(state, act.stage);
      return { type: 'consultation_requested', stage: act.stage };
    }
    case 'consultation_answered': {
      const open = state.openConsultations.find((c) => c.seq === act.requestSeq);
      if (!open) throw invalidTransition('error.no_such_consultation');
      return { type: 'consultation_answered', stage: open.stage };
    }
    case 'site_inspection': {
      requireActive(state, act.stage);
      return { type: 'site_inspection', stage: act.stage };
    }
    case 'decision': {
      const active = state.stages.filter((s) => s.status === 'active');
      if (active.length === 0) throw invalidTransition('error.decision_needs_active_stage');
      const late = active.find((s) => needsReason(s.key));
      if (late) throw invalidTransition('error.delay_reason_required', { stage: late.key });
      if (state.openSupplement) throw invalidTransition('error.awaiting_supplement');
      if (act.outcome === 'rejected') {
        if (!act.reasons?.trim()) throw invalidTransition('error.rejection_needs_reasons');
        if (!act.redress?.trim()) throw invalidTransition('error.rejection_needs_redress');
        return { type: 'decision', stage: active[0]!.key };
      }
      const last = state.stages[state.stages.length - 1]!;
      if (last.status !== 'active' || state.stages.slice(0, -1).some((s) => s.status !== 'done' && s.status !== 'skipped')) {
        throw invalidTransition('error.approval_needs_final_stage');
      }
      if (state.openConsultations.length > 0) throw invalidTransition('error.consultation_open');
      if (act.outcome === 'approved_with_conditions' && !act.conditions?.trim()) {
        throw invalidTransition('error.conditions_required');
      }
      return { type: 'decision', stage: last.key };
    }
    case 'withdrawn':
      return { type: 'withdrawn', stage: null };
    case 'delay_reason_given': {
      if (act.stage !== null) {
        const stage = stageOf(state, act.stage);
        if (stage.status === 'done' || stage.status === 'skipped') throw invalidTransition('error.stage_already_finished', { stage: act.stage });
      }
      if (act.category !== undefined && !isDelayCategory(act.category)) throw invalidTransition('error.delay_category_unknown');
      if (delayNeedsText(act.category) && !act.reason.trim()) throw invalidTransition('error.delay_reason_needs_text');
      return { type: 'delay_reason_given', stage: act.stage };
    }
    case 'deadline_extended': {
      if (act.stage !== null) {
        const stage = stageOf(state, act.stage);
        if (stage.status === 'done' || stage.status === 'skipped') throw invalidTransition('error.stage_already_finished', { stage: act.stage });
        // A stage not started has no due date to move: its time is counted from its start. Extend the application.
        if (stage.status === 'pending') throw invalidTransition('journey.extension_stage_not_started', { stage: act.stage });
      }
      if (!act.reason.trim()) throw invalidTransition('error.extension_needs_reason');
      if (!/^\d{4}-\d{2}-\d{2}$/.test(act.newDue) && Number.isNaN(Date.parse(act.newDue))) {
        throw invalidTransition('error.extension_needs_date');
      }
      return { type: 'deadline_extended', stage: act.stage };
    }
    case 'transferred':
      if (!act.reason.trim()) throw invalidTransition('error.transfer_needs_reason');
      return { type: 'transferred', stage: null };
    case 'deadline_passed':
      return { type: 'deadline_passed', stage: act.stage };
  }
}

/** Minimal view of a recorded event that `evolve` needs. */
export interface EventFact {
  seq: number;
  type: EventType;
  occurredAt: string;
  officialId: number | null;
  data: Record<string, unknown>;
}

/** Folds one recorded event into the state. Never throws: events already passed `decide`. */
export function evolve(state: CaseState, event: EventFact): CaseState {
  const next: CaseState = {
    ...state,
    stages: state.stages.map((s) => ({ ...s })),
    openConsultations: [...state.openConsultations],
    lastSeq: event.seq,
    // The overdue scan records when it noticed; an act that happened earlier may still be entered after it.
    // Questions and answers happen beside the workflow: neither moves it, nor the time a late entry must follow.
    lastOccurredAt: ['deadline_passed', 'inquiry_opened', 'inquiry_answered', 'inquiry_redacted'].includes(event.type) ? state.lastOccurredAt : event.occurredAt,
  };
  const stageKey = typeof event.data.stage === 'string' ? event.data.stage : null;
  const stage = stageKey ? next.stages.find((s) => s.key === stageKey) : undefined;
  const touchesStage = !['delay_reason_given', 'deadline_extended', 'deadline_passed', 'inquiry_opened', 'inquiry_answered', 'inquiry_redacted'].includes(event.type);
  if (stage && event.officialId !== null && touchesStage) stage.official_id = event.officialId;
  switch (event.type) {
    case 'received':
      break;
    case 'assigned_by_rotation':
      // A stage's handler in the unit that works the stage; the case stays with its assignee.
      if (stageKey) {
        if (stage && typeof event.data.assignee_id === 'number') stage.official_id = event.data.assignee_id;
        break;
      }
      next.assigneeId = typeof event.data.assignee_id === 'number' ? event.data.assignee_id : next.assigneeId;
      break;
    case 'assigned':
    case 'reassigned':
    case 'assignment_overridden':
      next.assigneeId = typeof event.data.assignee_id === 'number' ? event.data.assignee_id : next.assigneeId;
      break;
    case 'recused':
      // Nobody eligible left the case unassigned, for the unit's supervisor to decide.
      next.assigneeId = typeof event.data.assignee_id === 'number' ? event.data.assignee_id : null;
      break;
    case 'stage_started':
      if (stage) {
        stage.status = 'active';
        stage.started_at = event.occurredAt;
      }
      next.status = 'in_review';
      break;
    case 'stage_completed':
      if (stage) {
        stage.status = 'done';
        stage.completed_at = event.occurredAt;
      }
      break;
    case 'supplement_requested':
      next.openSupplement = { stage: stageKey ?? '', seq: event.seq };
      next.status = 'awaiting_applicant';
      break;
    case 'supplement_received':
      next.openSupplement = null;
      next.status = 'in_review';
      break;
    case 'consultation_requested':
      next.openConsultations.push({ seq: event.seq, stage: stageKey ?? '' });
      break;
    case 'consultation_answered':
      next.openConsultations = next.openConsultations.filter((c) => c.seq !== event.data.request_seq);
      break;
    case 'site_inspection':
      break;
    case 'decision': {
      const outcome = event.data.outcome as DecisionOutcome;
      for (const s of next.stages) {
        if (s.status === 'active') {
          s.status = 'done';
          s.completed_at = event.occurredAt;
        } else if (s.status === 'pending') {
          s.status = 'skipped';
        }
      }
      next.status = outcome;
      next.openConsultations = [];
      break;
    }
    case 'delay_reason_given':
      next.delayReasons = [...next.delayReasons, stageKey ?? ''];
      break;
    case 'transferred':
      // The receiving unit assigns its own official.
      next.assigneeId = null;
      break;
    case 'deadline_extended':
    case 'deadline_passed':
    case 'inquiry_opened':
    case 'inquiry_answered':
    case 'inquiry_redacted':
      break;
    case 'withdrawn':
      for (const s of next.stages) {
        if (s.status === 'pending' || s.status === 'active') s.status = 'skipped';
      }
      next.status = 'withdrawn';
      next.openSupplement = null;
      next.openConsultations = [];
      break;
  }
  return next;
}

/** Replays a whole event history from the received event on. */
export function replay(stages: readonly ProcedureStage[], events: readonly EventFact[]): CaseState {
  const [first, ...rest] = events;
  if (!first || first.type !== 'received') throw new Error('an event history starts with received');
  return rest.reduce(evolve, initialState(stages, first.occurredAt));
}
