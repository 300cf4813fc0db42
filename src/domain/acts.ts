import { eventPayload, type EventPayload, type PublicActor, type UnitRef } from './events.js';
import type { Act } from './workflow.js';

/** The acts an office records on a case (`commands/recordAct`), as the workflow knows them. */
export type OfficeAct = Extract<
  Act,
  {
    type:
      | 'assigned' | 'stage_started' | 'stage_completed' | 'supplement_requested' | 'consultation_requested' | 'consultation_answered'
      | 'site_inspection' | 'decision' | 'withdrawn' | 'delay_reason_given' | 'deadline_extended' | 'transferred';
  }
>;

/**
 * What turning an act into its event needs to know beyond the act: facts the command looks up in the database and
 * the demo generator in its model, so both shape events with the one function below.
 */
export interface ActFacts {
  /** The stage the workflow says the act concerns (`decide`), if any. */
  stage: string | null;
  /** The workflow's name for the event (an assignment of a case that had an assignee is `reassigned`). */
  type: 'assigned' | 'reassigned' | Exclude<OfficeAct['type'], 'assigned'>;
  /** A note kept inside the office. */
  internalNote?: string;
  /** An assignment's assignee: who, and their public face. */
  assignee?: { id: number; actor: PublicActor };
  /** The department a consultation is asked of. */
  consulted?: { id: number; unit: UnitRef | undefined };
  /** The supervisor granting an extension, as the public sees them. */
  approver?: PublicActor;
  /** A transfer: from where, to where, the case's how-manyth, and whether it escalates. */
  transfer?: { from: UnitRef | undefined; to: { id: number; unit: UnitRef | undefined }; number: number; escalates: boolean };
}

const text = (value: string | undefined) => value?.trim() || undefined;
const defined = <T extends object>(value: T): T => Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;

/** The name an extension is approved under: both languages when they differ, as the timeline prints it. */
export function approverName(actor: PublicActor | undefined): string {
  const who = actor?.name ?? actor?.title;
  return who ? (who.ko === who.en ? who.ko : `${who.ko} / ${who.en}`) : '';
}

function need<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`shaping an act needs ${what}`);
  return value;
}

/**
 * Turns an act the workflow accepted into its event's public and private parts: the one place that decides what an
 * act publishes (and so what the transparency log keeps forever) and what stays in the office. Pure.
 */
export function shapeAct(act: OfficeAct, facts: ActFacts): EventPayload {
  const stage = facts.stage ? { stage: facts.stage } : {};
  const note = 'note' in act ? text(act.note) : undefined;
  const internal = defined({ internal_note: text(facts.internalNote) });
  switch (act.type) {
    case 'assigned': {
      const assignee = need(facts.assignee, 'the assignee');
      const data = defined({ ...stage, assignee: assignee.actor, reason: text(act.reason) });
      const priv = { ...internal, assignee_id: assignee.id };
      return facts.type === 'reassigned' ? eventPayload('reassigned', data, priv) : eventPayload('assigned', data, priv);
    }
    case 'stage_started':
    case 'stage_completed':
    case 'site_inspection':
      return eventPayload(act.type, defined({ ...stage, note }), internal);
    case 'supplement_requested':
      return eventPayload('supplement_requested', defined({ ...stage, note }), { ...internal, message: act.message.trim() });
    case 'consultation_requested': {
      const consulted = need(facts.consulted, 'the consulted department');
      return eventPayload('consultation_requested', defined({ ...stage, unit: consulted.unit, note }), { ...internal, unit_id: consulted.id });
    }
    case 'consultation_answered':
      return eventPayload('consultation_answered', defined({ ...stage, request_seq: act.requestSeq, note }), internal);
    case 'decision':
      return eventPayload(
        'decision',
        defined({ ...stage, outcome: act.outcome, reasons: text(act.reasons), conditions: text(act.conditions), redress: text(act.redress) }),
        internal,
      );
    case 'withdrawn':
      return eventPayload('withdrawn', defined({ ...stage }), internal);
    case 'delay_reason_given':
      // The text is left out when none was written (a category says enough); events from before categories have only the text.
      return eventPayload('delay_reason_given', defined({ ...stage, category: act.category, reason: act.reason.trim() || undefined }), internal);
    case 'deadline_extended':
      return eventPayload('deadline_extended', defined({ ...stage, new_due: act.newDue, reason: act.reason.trim(), approved_by: approverName(facts.approver) }), internal);
    case 'transferred': {
      const t = need(facts.transfer, 'the transfer');
      return eventPayload(
        'transferred',
        defined({
          ...stage, from_unit: t.from?.code ?? '', to_unit: t.to.unit?.code ?? '', unit: t.to.unit, reason: act.reason.trim(),
          transfer_number: t.number, escalated: t.escalates ? (true as const) : undefined,
        }),
        { ...internal, unit_id: t.to.id },
      );
    }
  }
}

/** The applicant's answer to a supplement request: how many documents came, and their covering note (private). */
export function shapeSupplementReceived(stage: string | null, documentCount: number, message?: string): EventPayload<'supplement_received'> {
  const covering = text(message);
  return eventPayload('supplement_received', { stage, document_count: documentCount }, covering ? { message: covering } : {});
}
