import type { Kysely } from 'kysely';
import type { OfficialActor, SystemActor } from '../domain/actor.js';
import type { OfficeActType } from '../domain/types.js';
import { assertInOrder, decide, evolve, isClosed, type Act } from '../domain/workflow.js';
import { parseNewDue } from '../domain/clockEvents.js';
import { extensionProblem } from '../domain/deadline.js';
import { AppError, invalidTransition } from '../errors.js';
import { mayAct } from '../policies/index.js';
import { officialActor, officialPublicActor, unitPublicActor } from '../db/repos/actors.js';
import {
  activeUnits,
  appendEvent,
  consultedUnits,
  inTransaction,
  loadCaseForUpdate,
  saveCaseProjection,
  unitIdsByCode,
} from '../db/repos/cases.js';
import { caseClock, nextDueAt, overdueSince, overdueStages } from '../domain/caseClock.js';
import { calendarFor } from '../db/repos/calendars.js';
import type { DB, PublicActor } from '../db/schema.js';
import { notifyApplicant } from '../mail/notifyApplicant.js';
import type { PublicEventRow } from '../db/repos/publicRead.js';

/** How far in the future an `occurred_at` may lie, for clock skew between a department system and us. */
const FUTURE_TOLERANCE_MS = 2 * 60_000;

export interface RecordActProps {
  /** Public application number. */
  number: string;
  /** The act, already validated for shape at the edge. */
  act: Exclude<Act, { type: 'supplement_received' }>;
  /** When the act really happened; defaults to now. Entering it later is allowed and visible. */
  occurredAt?: Date;
  /** A note kept inside the office, never published. */
  internalNote?: string;
  actor: OfficialActor | SystemActor;
  /** Clock, injectable for tests. */
  now?: Date;
}

export interface RecordedEvent {
  number: string;
  seq: number;
  type: string;
  /** The event's public columns as stored, returned by the insert itself: nothing to read after commit that could fail. */
  row: PublicEventRow;
  /** The jurisdiction's time zone, which the event's public form is written in. */
  timeZone: string;
}

/**
 * Records an official's act on an application: checks the actor's rights and the workflow's rules, appends
 * the event and updates the read model in one transaction. Nothing is written when any check fails.
 */
export async function recordAct(db: Kysely<DB>, props: RecordActProps): Promise<RecordedEvent> {
  const act = props.act;
  if (props.occurredAt && props.occurredAt.getTime() > (props.now ?? new Date()).getTime() + FUTURE_TOLERANCE_MS) {
    throw invalidTransition('error.occurred_in_future');
  }

  return inTransaction(db, async (trx) => {
    const { app, procedure, jurisdiction, state, events } = await loadCaseForUpdate(trx, props.number);
    // The time is read once the case is locked, so an act waiting for another's lock is never dated before it.
    const now = props.now ?? new Date();
    const occurredAt = props.occurredAt ?? now;
    // Before anything whose cost grows with the span between two dates (the clock), refuse an impossible date.
    assertInOrder(state, occurredAt.toISOString());
    const codes = await unitIdsByCode(trx, app.jurisdiction_id);
    const stageKey = 'stage' in act ? act.stage : null;
    const stageDef = stageKey ? procedure.stages.find((s) => s.key === stageKey) : undefined;
    const stageUnit = stageDef?.unit_code ? codes.get(stageDef.unit_code) : undefined;
    const consulted = await consultedUnits(trx, app.id);
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
    const clockOf = (history: typeof events, at: Date) =>
      caseClock({ events: history, stages: procedure.stages, statutoryDays: procedure.statutory_days, calendar, now: at, options: { explain: false } });
    const overdue = act.type === 'stage_completed' || act.type === 'decision' ? overdueStages(clockOf(events, occurredAt)) : [];
    const decided = decide(state, act, occurredAt.toISOString(), procedure.stages, overdue);
    const projection: Parameters<typeof saveCaseProjection>[5] = {};
    let ownUnitId = app.unit_id;
    const data: Record<string, unknown> = {};
    const privateData: Record<string, unknown> = {};
    if (decided.stage) data.stage = decided.stage;
    if (props.internalNote?.trim()) privateData.internal_note = props.internalNote.trim();

    switch (act.type) {
      case 'assigned': {
        const assignee = await trx
          .selectFrom('official')
          .select(['id', 'unit_id', 'active', 'roles'])
          .where('id', '=', act.officialId)
          .executeTakeFirst();
        const eligibleUnits = new Set([app.unit_id, ...scopeUnits]);
        if (!assignee || !assignee.active || !eligibleUnits.has(assignee.unit_id)) {
          throw new AppError('validation', 'error.assignee_not_eligible');
        }
        data.assignee = await officialPublicActor(trx, assignee.id);
        if (act.reason?.trim()) data.reason = act.reason.trim();
        privateData.assignee_id = assignee.id;
        break;
      }
      case 'supplement_requested':
        privateData.message = act.message.trim();
        break;
      case 'consultation_requested': {
        const unitId = codes.get(act.unitCode);
        if (unitId === undefined) throw new AppError('validation', 'error.unknown_unit');
        const unit = await unitPublicActor(trx, unitId);
        data.unit = unit.unit;
        privateData.unit_id = unitId;
        break;
      }
      case 'consultation_answered':
        data.request_seq = act.requestSeq;
        break;
      case 'delay_reason_given':
        data.reason = act.reason.trim();
        break;
      case 'deadline_extended': {
        if (props.actor.kind !== 'official') throw new AppError('forbidden', 'error.forbidden_extend');
        const approver = await officialPublicActor(trx, props.actor.id);
        const who = approver.name ?? approver.title;
        data.new_due = act.newDue;
        data.reason = act.reason.trim();
        data.approved_by = who ? (who.ko === who.en ? who.ko : `${who.ko} / ${who.en}`) : '';
        break;
      }
      case 'transferred': {
        const unitId = codes.get(act.unitCode);
        if (unitId === undefined) throw new AppError('validation', 'error.unknown_unit');
        if (unitId === app.unit_id) throw invalidTransition('error.transfer_same_unit');
        const from = await unitPublicActor(trx, app.unit_id);
        const to = await unitPublicActor(trx, unitId);
        data.from_unit = from.unit!.code;
        data.to_unit = to.unit!.code;
        data.unit = to.unit;
        data.reason = act.reason.trim();
        const count = app.transfer_count + 1;
        data.transfer_number = count;
        // Korea's rule against "ping-pong" complaints: the third transfer escalates the case to a coordinator.
        if (count >= 3 && !app.escalated_at) {
          data.escalated = true;
          projection.escalatedAt = occurredAt;
        }
        privateData.unit_id = unitId;
        projection.unitId = unitId;
        projection.transferCount = count;
        ownUnitId = unitId;
        break;
      }
      case 'decision':
        data.outcome = act.outcome;
        if (act.reasons?.trim()) data.reasons = act.reasons.trim();
        if (act.conditions?.trim()) data.conditions = act.conditions.trim();
        if (act.redress?.trim()) data.redress = act.redress.trim();
        break;
      default:
        break;
    }
    if ('note' in act && act.note?.trim()) data.note = act.note.trim();

    let actor: PublicActor;
    let actorOfficialId: number | null;
    if (props.actor.kind === 'official') {
      actorOfficialId = props.actor.id;
      actor = await officialPublicActor(trx, props.actor.id);
    } else if (props.actor.onBehalfOf !== null) {
      actorOfficialId = props.actor.onBehalfOf;
      actor = await officialPublicActor(trx, props.actor.onBehalfOf);
    } else {
      actorOfficialId = null;
      actor = await unitPublicActor(trx, props.actor.unitId);
    }

    const seq = state.lastSeq + 1;
    const next = evolve(state, {
      seq,
      type: decided.type,
      occurredAt: occurredAt.toISOString(),
      officialId: actorOfficialId,
      data: { ...privateData, ...data },
    });
    if (act.type === 'consultation_requested') consulted.set(seq, privateData.unit_id as number);
    const units = activeUnits(next, procedure.stages, ownUnitId, codes, consulted);
    const closed = next.status !== state.status && isClosed(next.status);
    const after = clockOf([...events, { seq, type: decided.type, occurredAt: occurredAt.toISOString(), officialId: actorOfficialId, data }], now);
    const due = nextDueAt(after);
    projection.nextDueAt = due ? new Date(due) : null;
    const since = overdueSince(after, now);
    projection.overdueSince = since ? new Date(since) : null;
    await saveCaseProjection(trx, app.id, next, units, closed ? occurredAt : null, projection);
    await notifyApplicant(trx, { applicationId: app.id, number: app.number, title: app.title, seq, type: decided.type, data, stages: procedure.stages });
    const appended = await appendEvent(trx, {
      jurisdictionId: app.jurisdiction_id,
      applicationId: app.id,
      seq,
      type: decided.type,
      occurredAt,
      recordedAt: now,
      actorOfficialId,
      actor,
      data,
      privateData,
    });
    return { number: app.number, seq, type: decided.type, row: appended.row, timeZone: jurisdiction.time_zone };
  });
}
