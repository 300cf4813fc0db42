import { officialActor, officialPublicActor, unitPublicActor } from '../db/repos/actors.js';
import { calendarFor } from '../db/repos/calendars.js';
import { caseUnitIds, consultedUnits } from '../db/repos/cases.js';
import type { Db } from '../db/types.js';
import type { OfficialActor, SystemActor } from '../domain/actor.js';
import { shapeAct, type ActFacts, type OfficeAct } from '../domain/acts.js';
import { caseClock, overdueStages } from '../domain/caseClock.js';
import { parseNewDue } from '../domain/clockEvents.js';
import { extensionProblem } from '../domain/deadline.js';
import type { PublicActor } from '../domain/events.js';
import type { OfficeActType } from '../domain/types.js';
import { assertInOrder, decide } from '../domain/workflow.js';
import { AppError, invalidTransition } from '../errors.js';
import { mayAct } from '../policies/index.js';
import { changeCase, type CaseChanged, type PlannedEvent } from './changeCase.js';
import type { PartyKeys } from './fair/partyKeys.js';
import { rotationEvent } from './fair/rotation.js';

/** How far in the future an `occurred_at` may lie, for clock skew between a department system and us. */
const FUTURE_TOLERANCE_MS = 2 * 60_000;

export interface RecordActProps {
  /** Public application number. */
  number: string;
  /** The act, already validated for shape at the edge. */
  act: OfficeAct;
  /** When the act really happened; defaults to now. Entering it later is allowed and visible. */
  occurredAt?: Date;
  /** A note kept inside the office, never published. */
  internalNote?: string;
  actor: OfficialActor | SystemActor;
  /**
   * Assign by the fair rotation (ADR 0015), matching conflicts with these keys: a transferred case in its receiving
   * unit, and a stage another unit works, when it starts, among that unit's officials.
   */
  assignment?: { keys: PartyKeys };
  /** Clock, injectable for tests. */
  now?: Date;
}

/** The event an act became, as stored (`changeCase`). */
export type RecordedEvent = CaseChanged;

/**
 * Records an official's act on an application through the one write path (`changeCase`): checks the actor's rights
 * and the workflow's rules, shapes the event with the same pure function the demo uses (`domain/acts.shapeAct`), and
 * appends it. Nothing is written when any check fails.
 */
export async function recordAct(db: Db, props: RecordActProps): Promise<RecordedEvent> {
  const act = props.act;
  if (props.occurredAt && props.occurredAt.getTime() > (props.now ?? new Date()).getTime() + FUTURE_TOLERANCE_MS) {
    throw invalidTransition('error.occurred_in_future');
  }
  return changeCase(db, props.number, async (locked, trx) => {
    const { app, procedure, jurisdiction, state, events } = locked;
    // The time is read once the case is locked, so an act waiting for another's lock is never dated before it.
    const now = props.now ?? new Date();
    const occurredAt = props.occurredAt ?? now;
    // Before anything whose cost grows with the span between two dates (the clock), refuse an impossible date.
    assertInOrder(state, occurredAt.toISOString());

    const codes = await caseUnitIds(trx, locked);
    const stageDef = 'stage' in act && act.stage ? procedure.stages.find((s) => s.key === act.stage) : undefined;
    const stageUnit = stageDef?.unit_code ? codes.get(stageDef.unit_code) : undefined;
    const consulted = consultedUnits(events);
    const answeringUnit = act.type === 'consultation_answered' ? consulted.get(act.requestSeq) : undefined;
    const scopeUnits = [...app.active_unit_ids, ...(stageUnit ? [stageUnit] : []), ...(answeringUnit ? [answeringUnit] : [])];
    const scope = { unitId: app.unit_id, activeUnitIds: scopeUnits, assigneeId: state.assigneeId };
    const assigneeId = act.type === 'assigned' ? act.officialId : undefined;
    mayAct(props.actor, scope, act.type as OfficeActType, assigneeId);
    // A department's system may name the official who acted, but only one who may do this act themself.
    if (props.actor.kind === 'system' && props.actor.onBehalfOf !== null) {
      const named = await officialActor(trx, props.actor.onBehalfOf);
      if (!named || named.unitId !== props.actor.unitId) throw new AppError('validation', 'error.acting_official');
      mayAct(named, scope, act.type as OfficeActType, assigneeId);
    }

    // The clock as it stood when the act happened: an overdue stage needs a delay reason before it is completed.
    const calendar = await calendarFor(trx, jurisdiction);
    if (act.type === 'deadline_extended') {
      const problem = extensionProblem(parseNewDue(act.newDue, calendar), Date.parse(events[0]!.occurredAt), occurredAt.getTime());
      if (problem) throw new AppError('validation', 'error.validation', {}, [{ field: 'new_due', key: problem }]);
    }
    const overdue =
      act.type === 'stage_completed' || act.type === 'decision'
        ? overdueStages(caseClock({ events, stages: procedure.stages, statutoryDays: procedure.statutory_days, calendar, now: occurredAt, options: { explain: false, runningOnly: true } }))
        : [];
    const decided = decide(state, act, occurredAt.toISOString(), procedure.stages, overdue);

    const facts: ActFacts = { stage: decided.stage, type: decided.type as ActFacts['type'], internalNote: props.internalNote };
    const projection: { unitId?: number; transferCount?: number; escalatedAt?: Date } = {};
    switch (act.type) {
      case 'assigned': {
        const assignee = await officialActor(trx, act.officialId);
        if (!assignee || !new Set([app.unit_id, ...scopeUnits]).has(assignee.unitId)) throw new AppError('validation', 'error.assignee_not_eligible');
        facts.assignee = { id: assignee.id, actor: await officialPublicActor(trx, assignee.id) };
        break;
      }
      case 'consultation_requested': {
        const unitId = codes.get(act.unitCode);
        if (unitId === undefined) throw new AppError('validation', 'error.unknown_unit');
        facts.consulted = { id: unitId, unit: (await unitPublicActor(trx, unitId)).unit };
        break;
      }
      case 'deadline_extended':
        if (props.actor.kind !== 'official') throw new AppError('forbidden', 'error.forbidden_extend');
        facts.approver = await officialPublicActor(trx, props.actor.id);
        break;
      case 'transferred': {
        const unitId = codes.get(act.unitCode);
        if (unitId === undefined) throw new AppError('validation', 'error.unknown_unit');
        if (unitId === app.unit_id) throw invalidTransition('error.transfer_same_unit');
        const count = app.transfer_count + 1;
        // Korea's rule against "ping-pong" complaints: the third transfer escalates the case to a coordinator.
        const escalates = count >= 3 && !app.escalated_at;
        facts.transfer = { from: (await unitPublicActor(trx, app.unit_id)).unit, to: { id: unitId, unit: (await unitPublicActor(trx, unitId)).unit }, number: count, escalates };
        Object.assign(projection, { unitId, transferCount: count, ...(escalates ? { escalatedAt: occurredAt } : {}) });
        break;
      }
      default:
        break;
    }

    // The acting official's public face came with the lock (`changeCase`'s `actingOfficialId`).
    const actorOfficialId = actingOfficialOf(props.actor) ?? null;
    let actor: PublicActor;
    if (actorOfficialId !== null) {
      actor = locked.actingOfficial?.id === actorOfficialId ? locked.actingOfficial.face : await officialPublicActor(trx, actorOfficialId);
    } else {
      actor = await unitPublicActor(trx, (props.actor as SystemActor).unitId);
    }
    const keys = props.assignment?.keys;
    let followedBy: PlannedEvent['followedBy'];
    if (keys && act.type === 'transferred') {
      // The receiving unit's rotation assigns the case at once, by the same rule as at filing.
      followedBy = (after, tx) => rotationEvent(tx, after.app, keys, occurredAt, now);
    } else if (keys && act.type === 'stage_started' && stageUnit !== undefined && stageUnit !== app.unit_id) {
      const stage = { key: act.stage, unitId: stageUnit };
      followedBy = (after, tx) => rotationEvent(tx, after.app, keys, occurredAt, now, stage);
    }
    return { event: { payload: shapeAct(act, facts), occurredAt, recordedAt: now, actorOfficialId, actor, projection, followedBy }, result: {} };
  }, { actingOfficialId: actingOfficialOf(props.actor) });
}

/** The official whose public face an act carries: the acting official, or the one a department's system names. */
function actingOfficialOf(actor: OfficialActor | SystemActor): number | undefined {
  if (actor.kind === 'official') return actor.id;
  return actor.onBehalfOf ?? undefined;
}
