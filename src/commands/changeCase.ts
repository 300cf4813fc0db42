import { calendarFor } from '../db/repos/calendars.js';
import {
  activeUnits, appendEvent, caseUnitIds, consultedUnits, inTransaction, loadCaseForUpdate, type LockedCase,
} from '../db/repos/cases.js';
import type { PublicEventRow } from '../db/repos/publicRead.js';
import type { Db, Tx } from '../db/types.js';
import { caseClock, nextDueAt, overdueSince } from '../domain/caseClock.js';
import type { EventPayload, PublicActor } from '../domain/events.js';
import { evolve, isClosed, type EventFact } from '../domain/workflow.js';
import { applicantMailOf } from '../mail/notifyApplicant.js';
import { inviteToSurvey } from './integrity/inviteToSurvey.js';
import { storeDocuments } from '../db/repos/documents.js';
import { calendarKey, storeCaseOutcome } from '../db/repos/statistics.js';
import { caseOutcome } from '../domain/outcome.js';
import type { CheckedDocument } from '../domain/documents.js';

/** The event a command has decided to append, with everything that goes with it. */
export interface PlannedEvent {
  payload: EventPayload;
  occurredAt: Date;
  recordedAt: Date;
  /** The official behind the act (also when a system names them), or null. */
  actorOfficialId: number | null;
  /** The public face of whoever acted; null only for a question's opening, which never names its asker. */
  actor: PublicActor | null;
  /** Columns of the projection this event moves beyond what `evolve` derives (a transfer's owner, its count). */
  projection?: { unitId?: number; transferCount?: number; escalatedAt?: Date };
  /** Documents that arrive with the event, stored under its seq. */
  documents?: CheckedDocument[];
  /** The command's own writes that belong to this event (a question's row), made before the event is appended. */
  alongside?: (trx: Tx, seq: number) => Promise<void>;
  /**
   * The event that follows from this one in the same transaction, planned against the case as this one left it (the
   * rotation's assignment in the receiving unit after a transfer, or of a stage's handler in the stage's unit), or
   * null when none does.
   */
  followedBy?: (after: LockedCase, trx: Tx) => Promise<PlannedEvent | null>;
}

/** What a change returns besides the command's own result: the event as stored, for an answer built before commit. */
export interface CaseChanged {
  number: string;
  seq: number;
  type: string;
  row: PublicEventRow;
  timeZone: string;
}

/**
 * The one way to change an existing case. In one transaction: lock the case and replay its events; let the command
 * `plan` the event (it asks the policy and the workflow, and throws to refuse, writing nothing); then `applyCaseEvent`.
 * The time a command reads after the lock is later than any act already recorded. A command that knows who acts
 * passes `actingOfficialId`, and finds that official's public face in `locked.actingOfficial`.
 */
export async function changeCase<R>(
  db: Db,
  number: string,
  plan: (locked: LockedCase, trx: Tx, seq: number) => Promise<{ event: PlannedEvent; result: R }>,
  options: { actingOfficialId?: number } = {},
): Promise<R & CaseChanged> {
  return inTransaction(db, async (trx) => {
    const locked = await loadCaseForUpdate(trx, number, options.actingOfficialId);
    const seq = locked.state.lastSeq + 1;
    const { event, result } = await plan(locked, trx, seq);
    const row = await applyCaseEvent(trx, locked, seq, event);
    if (event.followedBy) {
      const after = caseAfter(locked, seq, event);
      const next = await event.followedBy(after, trx);
      if (next) await applyCaseEvent(trx, after, seq + 1, next);
    }
    return { ...result, number: locked.app.number, seq, type: event.payload.type, row, timeZone: locked.jurisdiction.time_zone };
  });
}

/** A planned event as the workflow folds it. */
function factOf(seq: number, event: PlannedEvent): EventFact {
  const { type, data, privateData } = event.payload;
  return { seq, type, occurredAt: event.occurredAt.toISOString(), officialId: event.actorOfficialId, data: { ...privateData, ...data } };
}

/** The locked case as an applied event left it: its state folded forward, its owning unit moved by a transfer. */
export function caseAfter(locked: LockedCase, seq: number, event: PlannedEvent): LockedCase {
  const fact = factOf(seq, event);
  return {
    ...locked,
    app: { ...locked.app, last_seq: seq, unit_id: event.projection?.unitId ?? locked.app.unit_id },
    state: evolve(locked.state, fact),
    events: [...locked.events, fact],
  };
}

/**
 * Applies a decided event to a locked case: stores what comes with it, folds it into the state (`evolve`), and appends
 * the event with the projection (the clock's next look and overdue flag included) and the applicant's e-mail in one
 * statement (the log integrator gives it its log index after commit); a closing event then invites to the survey.
 * Used by `changeCase` and by filing (the first event), so every event reaches the record the same way.
 */
export async function applyCaseEvent(trx: Tx, locked: LockedCase, seq: number, event: PlannedEvent): Promise<PublicEventRow> {
  const { app, procedure, jurisdiction, state, events } = locked;
  const { type, data, privateData } = event.payload;
  if (event.documents?.length) await storeDocuments(trx, app.id, seq, event.documents);
  await event.alongside?.(trx, seq);
  const fact = factOf(seq, event);
  const next = evolve(state, fact);
  const consulted = consultedUnits(events);
  if (type === 'consultation_requested') consulted.set(seq, event.payload.privateData.unit_id);
  const units = activeUnits(next, procedure.stages, event.projection?.unitId ?? app.unit_id, await caseUnitIds(trx, locked), consulted);
  const closes = next.status !== state.status && isClosed(next.status);
  const calendar = await calendarFor(trx, jurisdiction);
  const clock = caseClock({
    events: [...events, fact], stages: procedure.stages, statutoryDays: procedure.statutory_days, calendar, now: event.recordedAt, options: { explain: false, runningOnly: true },
  });
  const due = nextDueAt(clock);
  const since = overdueSince(clock, event.recordedAt);
  // A decision fixes the case's outcome: stored now, statistics never replay it unless the calendar changes.
  if (closes && next.status !== 'withdrawn') {
    await storeCaseOutcome(trx, app.id, calendarKey(jurisdiction), caseOutcome([...events, fact], procedure.statutory_days, calendar));
  }
  // The projection, the applicant's e-mail and the event in one statement.
  const projection = {
    state: next,
    activeUnitIds: units,
    closedAt: closes ? event.occurredAt : app.closed_at,
    extra: { ...event.projection, nextDueAt: due ? new Date(due) : null, overdueSince: since ? new Date(since) : null },
  };
  const mail = applicantMailOf({ applicationId: app.id, number: app.number, title: app.title, seq, type, data, stages: procedure.stages });
  const appended = await appendEvent(trx, {
    jurisdictionId: app.jurisdiction_id, applicationId: app.id, seq, type, occurredAt: event.occurredAt, recordedAt: event.recordedAt,
    actorOfficialId: event.actorOfficialId, actor: event.actor, data, privateData,
  }, { projection, mail });
  // The integrity survey's invitation is its own message, after the closing e-mail and never part of its outbox row.
  if (closes) {
    await inviteToSurvey(trx, {
      applicationId: app.id, number: app.number, jurisdictionId: app.jurisdiction_id, timeZone: jurisdiction.time_zone, unitId: event.projection?.unitId ?? app.unit_id,
      procedureCode: app.procedure_code, status: next.status, closedAt: event.occurredAt, invitedAt: event.recordedAt,
    });
  }
  return appended.row;
}
