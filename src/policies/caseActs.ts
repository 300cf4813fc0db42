import type { OfficialActor } from '../domain/actor.js';
import { DECISION_OUTCOMES, type DecisionOutcome, type ProcedureStage } from '../domain/types.js';
import { decide, isClosed, type CaseState } from '../domain/workflow.js';
import { mayAct, type CaseScope } from './index.js';

/** The acts the office's case page offers an official now. */
export interface OfferedActs {
  /** Stage keys the workflow would let start at this moment, in the procedure's order. */
  startable: string[];
  /** Whether the official may act on the case at all (a unit working it, with the official or supervisor role). */
  mayAct: boolean;
  /** Whether they may extend deadlines and transfer the case (a supervisor of a unit working it). */
  maySupervise: boolean;
  /** Whether they may assign the case to someone else (a supervisor); an official may only take it themself. */
  mayAssignOthers: boolean;
  /**
   * The decision's outcomes the workflow would accept now, once their texts are written: none before a stage runs,
   * only a rejection before the final stage, every outcome at the final stage with nothing open.
   */
  decisionOutcomes: DecisionOutcome[];
  /** Stages whose deadline an extension can move: those in progress (a stage not started has no due date yet). */
  extendable: string[];
  closed: boolean;
}

/**
 * What the case page offers, asked of the same rules the command applies when the form is sent: a stage is offered
 * when `decide` would accept starting it at `at`, and the forms when `mayAct` would let this official record them.
 * Pure; a refusal only hides a form, so it never throws. `scope` is the units with work on the case now (not every
 * unit that may read it).
 */
export function offeredActs(actor: OfficialActor, scope: CaseScope, state: CaseState, stages: readonly ProcedureStage[], at: string): OfferedActs {
  const startable = stages
    .map((s) => s.key)
    .filter((stage) => succeeds(() => decide(state, { type: 'stage_started', stage }, at, stages)));
  return {
    startable,
    mayAct: succeeds(() => mayAct(actor, scope, 'stage_started')),
    maySupervise: succeeds(() => mayAct(actor, scope, 'deadline_extended')),
    mayAssignOthers: succeeds(() => mayAct(actor, scope, 'assigned', -1)),
    decisionOutcomes: DECISION_OUTCOMES.filter((outcome) =>
      succeeds(() => decide(state, { type: 'decision', outcome, reasons: 'x', conditions: 'x', redress: 'x' }, at, stages)),
    ),
    extendable: stages
      .map((s) => s.key)
      .filter((stage) => succeeds(() => decide(state, { type: 'deadline_extended', stage, newDue: at, reason: 'x' }, at, stages))),
    closed: isClosed(state.status),
  };
}

/** Whether a rule accepts: it returns instead of throwing. */
function succeeds(rule: () => unknown): boolean {
  try {
    rule();
    return true;
  } catch {
    return false;
  }
}
