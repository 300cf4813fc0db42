import { activeUnits } from '../db/repos/cases.js';
import type { PublicActor } from '../db/schema.js';
import type { OfficialActor, SystemActor } from '../domain/actor.js';
import { CLOSED_STATUSES, type DecisionOutcome, type EventType, type Localized, type OfficeActType } from '../domain/types.js';
import { decide, evolve, initialState, type Act, type CaseState } from '../domain/workflow.js';
import { mayAct } from '../policies/index.js';
import { DAY_MS, MINUTE_MS, minutesAfter, officeMomentAfter } from './calendar.js';
import type { DemoOfficial, DemoProcedure, DemoUnit } from './model.js';
import type { Rng } from './random.js';
import * as T from './texts.js';
import { toRfc3339 } from '../domain/time.js';
import { shapeAct, shapeSupplementReceived, type ActFacts, type OfficeAct } from '../domain/acts.js';
import type { EventPayload } from '../domain/events.js';

/**
 * Plays one application's life through the pure domain: every act passes the same policy (`mayAct`) and
 * workflow (`decide`) checks as `recordAct`, so the history is one the real commands would accept, and is
 * folded with `evolve`, so the read model is the one they would store. The event `data` and `private_data`
 * are shaped exactly as `recordAct` and `answerSupplement` shape them.
 */

export type Outcome = DecisionOutcome | 'withdrawn';

/** Where an unfinished case stops, so the demo has open cases in every state and some long overdue. */
export type Stall =
  | { after: 'received' }
  | { after: 'assigned' }
  | { after: 'stage_started'; count: number }
  | { after: 'supplement_requested' }
  | { after: 'consultation_requested' };

export interface CasePlan {
  outcome: Outcome;
  /** Stage index where a rejection is decided or before which a withdrawal happens. */
  atStage: number;
  /** A withdrawal that comes while the applicant owes a supplement (they give up). */
  withdrawWhileAwaiting: boolean;
  supplements: number;
  consult: boolean;
  extraInspection: boolean;
  reassignAtStage: number | null;
  selfAssign: boolean;
  /** Multiplier on the stages' expected days: below 1 is brisk, above 2 is overdue. */
  pace: number;
  stall: Stall | null;
  /** The department system records the own unit's stage events without naming an official (API cases). */
  systemActs: boolean;
  /**
   * Transfers right after assignment, back and forth between the procedure's unit and another ("ping-pong"). An
   * even number brings the case home and it goes on; an odd number leaves it, open, with the other unit. The
   * third escalates.
   */
  transfers: number;
  /** The official the case goes to (a planted pattern: one official always handling one applicant); else a draw. */
  assignee?: number;
  /** Every stage started and finished within the hour (a planted pattern: a file that jumps the queue). */
  express?: boolean;
}

export interface ReceivedEvent {
  at: number;
  recordedAt: number;
  actorOfficialId: number | null;
  actor: PublicActor;
  data: Record<string, unknown>;
  documents: { kind: string; filename: string }[];
}

export interface SimEvent {
  seq: number;
  type: EventType;
  occurredAt: number;
  recordedAt: number;
  actorOfficialId: number | null;
  /** Null only for a question's opening, which never names its asker. */
  actor: PublicActor | null;
  data: Record<string, unknown>;
  privateData: Record<string, unknown>;
}

export interface SimDocument {
  eventSeq: number;
  kind: string;
  filename: string;
  at: number;
}

export interface CaseHistory {
  events: SimEvent[];
  documents: SimDocument[];
  state: CaseState;
  activeUnitIds: number[];
  closedAt: number | null;
  updatedAt: number;
  /** The unit that owns the case now (another than the procedure's after an odd number of transfers). */
  unitId: number;
  transferCount: number;
  escalatedAt: number | null;
}

export interface CaseContext {
  rng: Rng;
  now: number;
  lang: 'ko' | 'en';
  procedure: DemoProcedure;
  unitsByCode: ReadonlyMap<string, DemoUnit>;
  officialsById: ReadonlyMap<number, DemoOfficial>;
  unitIdsByCode: ReadonlyMap<string, number>;
  plan: CasePlan;
}

type Who = { kind: 'official'; official: DemoOfficial } | { kind: 'system'; unit: DemoUnit } | { kind: 'applicant' };

/** Thrown to stop a history: the next act would lie after `now`, or the plan leaves the case here. */
const HALT = Symbol('halt');

const iso = (t: number) => new Date(t).toISOString();

class CaseSimulation {
  readonly events: SimEvent[] = [];
  readonly documents: SimDocument[] = [];
  readonly consulted = new Map<number, number>();
  state: CaseState;
  closedAt: number | null = null;
  /** Occurred time of the last event. */
  t: number;
  /** Recorded time of the last event: later entries cannot be recorded before it. */
  recorded: number;
  private stagesStarted = 0;
  /** The unit the case is with: the procedure's, until a transfer moves it. */
  ownUnit: DemoUnit;
  transferCount = 0;
  escalatedAt: number | null = null;

  constructor(
    private readonly c: CaseContext,
    received: ReceivedEvent,
  ) {
    this.ownUnit = c.procedure.unit;
    this.state = initialState(c.procedure.stages, iso(received.at));
    this.t = received.at;
    this.recorded = received.recordedAt;
    this.events.push({
      seq: 1,
      type: 'received',
      occurredAt: received.at,
      recordedAt: received.recordedAt,
      actorOfficialId: received.actorOfficialId,
      actor: received.actor,
      data: received.data,
      privateData: {},
    });
    for (const d of received.documents) this.documents.push({ eventSeq: 1, ...d, at: received.recordedAt });
  }

  private get rng(): Rng {
    return this.c.rng;
  }

  private text(options: readonly Localized[], values: Record<string, string> = {}): string {
    return T.fill(this.rng.pick(options)[this.c.lang], values);
  }

  /** Records an act: checks it with `decide`, shapes the event like the commands do, folds it with `evolve`. */
  private emit(act: Act, at: number, who: Who, extra: { internalNote?: string; applicantMessage?: string; documents?: { kind: string; filename: string }[] } = {}): number {
    const { rng, now, procedure } = this.c;
    let occurred = at;
    // An applicant's answer is stamped when it arrives, and cannot arrive before the request was published.
    if (who.kind === 'applicant') occurred = Math.max(at, this.recorded + 1000);
    if (occurred > now) throw HALT;
    if (act.type !== 'supplement_received') this.authorize(act, who);
    const decided = decide(this.state, act, iso(occurred), procedure.stages);
    // The same pure function the commands use turns the act into its public and private parts.
    let payload: EventPayload;
    if (act.type === 'supplement_received') {
      payload = shapeSupplementReceived(decided.stage, act.documentCount, extra.applicantMessage);
    } else {
      const facts: ActFacts = { stage: decided.stage, type: decided.type as ActFacts['type'], internalNote: extra.internalNote };
      switch (act.type) {
        case 'assigned': {
          const assignee = this.c.officialsById.get(act.officialId)!;
          facts.assignee = { id: assignee.id, actor: assignee.actor };
          break;
        }
        case 'consultation_requested': {
          const unit = this.c.unitsByCode.get(act.unitCode)!;
          facts.consulted = { id: unit.id, unit: { code: unit.code, name: unit.name } };
          break;
        }
        case 'deadline_extended':
          facts.approver = who.kind === 'official' ? who.official.actor : undefined;
          break;
        case 'transferred': {
          const from = this.ownUnit;
          const to = this.c.unitsByCode.get(act.unitCode)!;
          this.transferCount += 1;
          // As recordAct: the third transfer escalates the case to a coordinator.
          const escalates = this.transferCount >= 3 && this.escalatedAt === null;
          if (escalates) this.escalatedAt = occurred;
          facts.transfer = { from: { code: from.code, name: from.name }, to: { id: to.id, unit: { code: to.code, name: to.name } }, number: this.transferCount, escalates };
          this.ownUnit = to;
          break;
        }
        default:
          break;
      }
      payload = shapeAct(act as OfficeAct, facts);
    }
    const data = payload.data as Record<string, unknown>;
    const privateData = payload.privateData as Record<string, unknown>;

    let actorOfficialId: number | null = null;
    let actor: PublicActor;
    if (who.kind === 'official') {
      actorOfficialId = who.official.id;
      actor = who.official.actor;
    } else if (who.kind === 'system') {
      actor = who.unit.systemActor;
    } else {
      actor = { kind: 'applicant' };
    }

    let recordedAt = occurred;
    if (who.kind === 'official' && rng.chance(who.official.lateRate)) {
      recordedAt += rng.chance(0.6) ? rng.int(30, 360) * MINUTE_MS : rng.int(1, 4) * DAY_MS + rng.int(0, 300) * MINUTE_MS;
    }
    if (recordedAt <= this.recorded) recordedAt = this.recorded + rng.int(20, 300) * 1000;
    recordedAt = Math.min(recordedAt, now);

    const seq = this.state.lastSeq + 1;
    this.events.push({ seq, type: decided.type, occurredAt: occurred, recordedAt, actorOfficialId, actor, data, privateData });
    const before = this.state.status;
    this.state = evolve(this.state, {
      seq,
      type: decided.type,
      occurredAt: iso(occurred),
      officialId: actorOfficialId,
      data: { ...privateData, ...data },
    });
    if (act.type === 'consultation_requested') this.consulted.set(seq, privateData.unit_id as number);
    if (this.state.status !== before && CLOSED_STATUSES.includes(this.state.status)) this.closedAt = occurred;
    for (const d of extra.documents ?? []) this.documents.push({ eventSeq: seq, ...d, at: recordedAt });
    this.t = occurred;
    this.recorded = recordedAt;
    if (decided.type === 'stage_started') this.stagesStarted++;
    this.checkStall(decided.type);
    return seq;
  }

  /** The checks `recordAct` makes before `decide`: the actor's rights on the case and the assignee's unit. */
  private authorize(act: Exclude<Act, { type: 'supplement_received' }>, who: Who): void {
    const { procedure, unitIdsByCode } = this.c;
    const stageDef = 'stage' in act ? procedure.stages.find((s) => s.key === act.stage) : undefined;
    const stageUnit = stageDef?.unit_code ? unitIdsByCode.get(stageDef.unit_code) : undefined;
    const answeringUnit = act.type === 'consultation_answered' ? this.consulted.get(act.requestSeq) : undefined;
    const scopeUnits = [
      ...activeUnits(this.state, procedure.stages, this.ownUnit.id, unitIdsByCode, this.consulted),
      ...(stageUnit ? [stageUnit] : []),
      ...(answeringUnit ? [answeringUnit] : []),
    ];
    let actor: OfficialActor | SystemActor;
    if (who.kind === 'official') {
      const o = who.official;
      actor = { kind: 'official', id: o.id, login: o.login, jurisdictionId: o.jurisdictionId, unitId: o.unitId, unitCode: o.unitCode, roles: o.roles };
    } else if (who.kind === 'system') {
      actor = { kind: 'system', keyId: 0, jurisdictionId: procedure.jurisdiction.id, unitId: who.unit.id, unitCode: who.unit.code, onBehalfOf: null };
    } else {
      throw new Error(`demo: an applicant cannot record ${act.type}`);
    }
    mayAct(actor, { unitId: this.ownUnit.id, activeUnitIds: scopeUnits, assigneeId: this.state.assigneeId }, act.type as OfficeActType, act.type === 'assigned' ? act.officialId : undefined);
    if (act.type === 'assigned') {
      const assignee = this.c.officialsById.get(act.officialId);
      if (!assignee || ![this.ownUnit.id, ...scopeUnits].includes(assignee.unitId)) throw new Error(`demo: official ${act.officialId} may not be assigned`);
    }
  }

  checkStall(type: EventType): void {
    const stall = this.c.plan.stall;
    if (!stall) return;
    if (stall.after === 'stage_started' ? type === 'stage_started' && this.stagesStarted >= stall.count : stall.after === type) throw HALT;
  }

  private official(o: DemoOfficial): Who {
    return { kind: 'official', official: o };
  }

  /** Someone in a unit to do its part: usually one of its officials, sometimes the head. */
  private workerIn(unit: DemoUnit): DemoOfficial {
    return unit.staff.length > 0 && this.rng.chance(0.85) ? this.rng.pick(unit.staff) : unit.supervisor;
  }

  private maybeInternal(): string | undefined {
    return this.rng.chance(0.05) ? this.text(T.INTERNAL_NOTES) : undefined;
  }

  run(): void {
    const { procedure, plan, rng } = this.c;
    const unit = procedure.unit;
    const stages = procedure.stages;
    let assignee = plan.assignee !== undefined ? this.c.officialsById.get(plan.assignee)! : unit.staff.length > 0 ? rng.pick(unit.staff) : unit.supervisor;
    // The office learns of an application when it is registered, which for post is after it arrived.
    this.emit(
      { type: 'assigned', officialId: assignee.id },
      plan.express ? minutesAfter(Math.max(this.t, this.recorded), rng, 5, 30) : officeMomentAfter(Math.max(this.t, this.recorded), rng, 0, 1),
      this.official(plan.selfAssign ? assignee : unit.supervisor),
      { internalNote: this.maybeInternal() },
    );
    if (plan.transfers > 0) assignee = this.pingPong(assignee);

    for (let i = 0; i < stages.length; ) {
      let end = i;
      if (stages[i]!.parallel) while (end + 1 < stages.length && stages[end + 1]!.parallel) end++;
      const here = plan.atStage >= i && plan.atStage <= end;
      if (plan.outcome === 'withdrawn' && !plan.withdrawWhileAwaiting && here) return this.withdraw(assignee);
      if (plan.reassignAtStage === i) assignee = this.reassign(assignee);
      if (end > i) {
        this.parallelStages(i, end, assignee, plan.outcome === 'rejected' && here);
        if (this.closedAt !== null) return;
        i = end + 1;
        continue;
      }
      const done = this.stage(i, assignee, plan.outcome === 'rejected' && here);
      if (done) return;
      i++;
    }
  }

  /** Works one stage from start to completion (or to the decision); true when the case closed. */
  private stage(index: number, assignee: DemoOfficial, rejectHere: boolean): boolean {
    const { procedure, plan, rng } = this.c;
    const def = procedure.stages[index]!;
    const stageUnit = procedure.stageUnits[index]!;
    const ownStage = def.unit_code === null;
    const isLast = index === procedure.stages.length - 1;
    const budget = Math.max(0, Math.round(def.days * plan.pace));
    const step = Math.max(1, Math.ceil(budget / 3));
    const byAssignee = (): Who => (ownStage && plan.systemActs && rng.chance(0.5) ? { kind: 'system', unit: procedure.unit } : this.official(assignee));

    let startNote: string | undefined;
    if (!ownStage) startNote = this.text(T.SENT_TO_UNIT_NOTES, { unit: stageUnit.name[this.c.lang] });
    else if (rng.chance(isLast ? 0.5 : 0.25)) startNote = this.text(isLast ? T.DECISION_START_NOTES : T.STAGE_START_NOTES);
    this.emit({ type: 'stage_started', stage: def.key, note: startNote }, plan.express ? minutesAfter(this.t, rng, 5, 30) : officeMomentAfter(this.t, rng, 0, 1), byAssignee(), {
      internalNote: this.maybeInternal(),
    });

    if (isLast) {
      this.sign(rejectHere ? 'rejected' : plan.outcome, budget);
      return true;
    }

    const worker = ownStage ? assignee : this.workerIn(stageUnit);
    if (def.key === procedure.template.reviewStage) {
      for (let s = 0; s < plan.supplements; s++) {
        if (this.supplement(def.key, assignee, step)) return true;
      }
      if (plan.consult && procedure.template.consults.length > 0) this.consultation(def.key, assignee, step);
      if (plan.extraInspection && !procedure.template.inspections.includes(def.key)) this.inspection(def.key, worker, step);
    }
    if (procedure.template.inspections.includes(def.key)) this.inspection(def.key, worker, step);
    if (rejectHere) {
      this.sign('rejected', step);
      return true;
    }
    if (ownStage && plan.pace >= 2.4 && rng.chance(0.5)) {
      // A slow case's head approves a later due date for the stage, with a reason, as the workflow allows.
      const newDue = toRfc3339(new Date(this.t + (budget + 10) * DAY_MS), 'Asia/Seoul').slice(0, 10);
      this.emit({ type: 'deadline_extended', stage: def.key, newDue, reason: this.text(T.EXTENSION_REASONS) }, officeMomentAfter(this.t, rng, 1, 2), this.official(procedure.unit.supervisor));
    }
    const doneAt = plan.express ? minutesAfter(this.t, rng, 10, 50) : officeMomentAfter(this.t, rng, Math.floor(budget / 2), Math.max(1, budget));
    if (plan.pace >= 1.6) {
      // A slow stage is late: its official puts the reason on the record before completing it, as recordAct insists.
      // The office's own words are in its language, Korean, whatever the applicant's; the category is counted.
      const delay = this.rng.pick(T.DELAY_REASONS);
      this.emit({ type: 'delay_reason_given', stage: def.key, category: delay.category, reason: delay.text.ko }, doneAt - rng.int(10, 90) * MINUTE_MS, ownStage ? this.official(assignee) : this.official(worker));
    }
    const doneNote = ownStage ? (rng.chance(0.4) ? this.text(T.STAGE_DONE_NOTES) : undefined) : this.text(T.CONSULTATION_ANSWERS);
    this.emit({ type: 'stage_completed', stage: def.key, note: doneNote }, Math.max(doneAt, this.t + MINUTE_MS), ownStage ? byAssignee() : this.official(worker));
    return false;
  }

  /** A run of parallel stages: all started together, each finished by its own unit in its own time. */
  private parallelStages(from: number, to: number, assignee: DemoOfficial, rejectHere: boolean): void {
    const { procedure, plan, rng } = this.c;
    let at = officeMomentAfter(this.t, rng, 0, 1);
    const finishes: { index: number; at: number }[] = [];
    for (let i = from; i <= to; i++) {
      const def = procedure.stages[i]!;
      const unit = procedure.stageUnits[i]!;
      const note = def.unit_code ? this.text(T.SENT_TO_UNIT_NOTES, { unit: unit.name[this.c.lang] }) : undefined;
      this.emit({ type: 'stage_started', stage: def.key, note }, at, this.official(assignee));
      const budget = Math.max(1, Math.round(def.days * plan.pace));
      finishes.push({ index: i, at: officeMomentAfter(this.t, rng, Math.floor(budget / 2), budget) });
      at = minutesAfter(this.t, rng, 1, 10);
    }
    if (rejectHere) {
      this.sign('rejected', 2);
      return;
    }
    finishes.sort((a, b) => a.at - b.at);
    for (const f of finishes) {
      const def = procedure.stages[f.index]!;
      const unit = procedure.stageUnits[f.index]!;
      const own = def.unit_code === null;
      const note = own ? (rng.chance(0.4) ? this.text(T.STAGE_DONE_NOTES) : undefined) : this.text(T.CONSULTATION_ANSWERS);
      this.emit({ type: 'stage_completed', stage: def.key, note }, Math.max(f.at, this.t), this.official(own ? assignee : this.workerIn(unit)));
    }
  }

  /** Asks the applicant for a document and takes the answer; true when the applicant withdrew instead. */
  private supplement(stageKey: string, assignee: DemoOfficial, step: number): boolean {
    const { procedure, plan, rng } = this.c;
    const required = procedure.template.documents.filter((d) => d.required);
    const missing = rng.pick(required.length > 0 ? required : procedure.template.documents);
    const docName = missing.name[this.c.lang];
    this.emit(
      { type: 'supplement_requested', stage: stageKey, note: this.text(T.SUPPLEMENT_NOTES, { doc: docName }), message: this.text(T.SUPPLEMENT_MESSAGES, { doc: docName }) },
      officeMomentAfter(this.t, rng, 0, step),
      this.official(assignee),
      { internalNote: this.maybeInternal() },
    );
    if (plan.outcome === 'withdrawn' && plan.withdrawWhileAwaiting) {
      this.emit({ type: 'withdrawn' }, officeMomentAfter(this.t, rng, 3, 15), this.official(assignee), { internalNote: this.text(T.WITHDRAWAL_NOTES) });
      return true;
    }
    const files = [{ kind: missing.key, filename: `${missing.key}-v2.pdf` }];
    if (rng.chance(0.2)) files.push({ kind: 'other', filename: 'covering-letter.pdf' });
    const answeredAt = this.t + rng.int(1, 18) * DAY_MS + rng.int(-300, 600) * MINUTE_MS;
    this.emit({ type: 'supplement_received', documentCount: files.length }, answeredAt, { kind: 'applicant' }, {
      applicantMessage: rng.chance(0.6) ? this.text(T.APPLICANT_SUPPLEMENT_MESSAGES) : undefined,
      documents: files,
    });
    return false;
  }

  private consultation(stageKey: string, assignee: DemoOfficial, step: number): void {
    const { procedure, rng } = this.c;
    const unit = this.c.unitsByCode.get(`${procedure.jurisdiction.code}-${rng.pick(procedure.template.consults)}`)!;
    const requestSeq = this.emit(
      { type: 'consultation_requested', stage: stageKey, unitCode: unit.code, note: rng.chance(0.6) ? this.text(T.CONSULTATION_REQUEST_NOTES) : undefined },
      officeMomentAfter(this.t, rng, 0, step),
      this.official(assignee),
    );
    this.emit(
      { type: 'consultation_answered', stage: stageKey, requestSeq, note: this.text(T.CONSULTATION_ANSWERS) },
      officeMomentAfter(this.t, rng, 1, 6),
      this.official(this.workerIn(unit)),
    );
  }

  private inspection(stageKey: string, by: DemoOfficial, step: number): void {
    this.emit({ type: 'site_inspection', stage: stageKey, note: this.text(T.INSPECTION_NOTES) }, officeMomentAfter(this.t, this.rng, 0, step), this.official(by));
  }

  private reassign(current: DemoOfficial): DemoOfficial {
    const { procedure, rng } = this.c;
    const unit = procedure.unit;
    const others = [...unit.staff, unit.supervisor].filter((o) => o.id !== current.id);
    if (others.length === 0) return current;
    const next = unit.staff.some((o) => o.id !== current.id) ? rng.pick(unit.staff.filter((o) => o.id !== current.id)) : unit.supervisor;
    this.emit(
      { type: 'assigned', officialId: next.id, reason: this.text(T.REASSIGN_REASONS) },
      officeMomentAfter(this.t, rng, 0, 1),
      this.official(unit.supervisor),
    );
    return next;
  }

  /** Transfers the case back and forth; returns the assignee once it is home again, or halts it with the other unit. */
  private pingPong(assignee: DemoOfficial): DemoOfficial {
    const { procedure, rng } = this.c;
    const home = procedure.unit;
    const others = [...this.c.unitsByCode.values()].filter((u) => u.jurisdiction.id === home.jurisdiction.id && u.id !== home.id);
    const away = rng.pick(others);
    for (let k = 0; k < this.c.plan.transfers; k++) {
      const from = this.ownUnit;
      const to = from.id === home.id ? away : home;
      this.emit({ type: 'transferred', unitCode: to.code, reason: this.text(T.TRANSFER_REASONS) }, officeMomentAfter(this.t, rng, 0, 2), this.official(from.supervisor));
    }
    if (this.ownUnit.id !== home.id) throw HALT;
    // Home again: the head assigns an official afresh (a transfer leaves the case unassigned).
    this.emit({ type: 'assigned', officialId: assignee.id }, officeMomentAfter(this.t, rng, 0, 1), this.official(home.supervisor));
    return assignee;
  }

  private withdraw(assignee: DemoOfficial): void {
    this.emit({ type: 'withdrawn' }, officeMomentAfter(this.t, this.rng, 0, 4), this.official(assignee), { internalNote: this.text(T.WITHDRAWAL_NOTES) });
  }

  /** The head of unit signs the decision. */
  private sign(outcome: Outcome, budget: number): void {
    const { procedure, rng } = this.c;
    const at = this.c.plan.express ? minutesAfter(this.t, rng, 10, 50) : officeMomentAfter(this.t, rng, Math.floor(budget / 2), Math.max(1, budget));
    const category = procedure.template.category;
    const head = this.official(procedure.unit.supervisor);
    if (outcome === 'withdrawn') return this.withdraw(procedure.unit.supervisor);
    if (outcome === 'rejected') {
      this.emit({ type: 'decision', outcome, reasons: this.text(T.rejectionsFor(category)), redress: T.REDRESS[this.c.lang] }, at, head);
    } else if (outcome === 'approved_with_conditions') {
      const options = T.conditionsFor(category);
      const first = rng.pick(options)[this.c.lang];
      const second = rng.pick(options.filter((o) => o[this.c.lang] !== first))[this.c.lang];
      const conditions = rng.chance(0.5) ? `1. ${first}\n2. ${second}` : first;
      this.emit({ type: 'decision', outcome, conditions }, at, head);
    } else {
      this.emit({ type: 'decision', outcome }, at, head);
    }
  }
}

/** Plays a case from its `received` event as far as the plan and `now` allow. */
export function simulateCase(c: CaseContext, received: ReceivedEvent): CaseHistory {
  const sim = new CaseSimulation(c, received);
  try {
    sim.checkStall('received');
    sim.run();
  } catch (e) {
    if (e !== HALT) throw e;
  }
  const { procedure } = c;
  const last = sim.events[sim.events.length - 1]!;
  return {
    events: sim.events,
    documents: sim.documents,
    state: sim.state,
    activeUnitIds: activeUnits(sim.state, procedure.stages, sim.ownUnit.id, c.unitIdsByCode, sim.consulted),
    closedAt: sim.closedAt,
    updatedAt: last.recordedAt,
    unitId: sim.ownUnit.id,
    transferCount: sim.transferCount,
    escalatedAt: sim.escalatedAt,
  };
}
