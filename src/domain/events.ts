import type { DelayCategory } from './delays.js';
import type { AssignmentDecision } from './assignment.js';
import type { SupplierRef, TenderDocument, Value } from './contracts.js';
import type { Channel, DecisionOutcome, EventType, Localized } from './types.js';

/**
 * What each kind of event records: its public part (`data`, which pages, feeds, the API and — irreversibly — the
 * transparency log publish) and its private part (`private_data`, which only the office and the applicant read). One
 * entry per event type, so a change to an event's shape is made here once and the compiler finds every place that
 * writes or reads it.
 *
 * The public payloads cannot hold personal data by construction: every one of them forbids the member names personal
 * data goes by (`NoPersonal`), so writing, say, the applicant's message into `data` is a type error, not a leak found
 * in review. A leaf of the log is the public form of its event (`presenters/public.presentEvent`); ADR 0002 says
 * which of these shapes may never change.
 */

/** The public face of whoever acted, frozen into the event (name only where the jurisdiction publishes names). */
export interface PublicActor {
  kind: 'official' | 'system' | 'applicant';
  name?: Localized;
  title?: Localized;
  unit?: { code: string; name: Localized };
}

/** A department as events name it. */
export interface UnitRef {
  code: string;
  name: Localized;
}

/** Member names that carry personal data or internal notes; no public payload may have one. */
export type PersonalFieldName =
  | 'message'
  | 'internal_note'
  | 'assignee_id'
  | 'unit_id'
  | 'applicant'
  | 'applicant_name'
  | 'applicant_email'
  | 'applicant_phone'
  | 'email'
  | 'phone'
  | 'asker'
  | 'asker_email'
  | 'citizen_id'
  | 'question'
  | 'answer'
  | 'text'
  | 'private_fields';

/** No member with a personal name. */
export type NoPersonal = { [K in PersonalFieldName]?: never };

type Public<T> = T & NoPersonal;

/** The stage an act concerns, and a note for the public record. */
type StageNote = {
  stage?: string;
  note?: string;
};

/** The public part of each event type. */
export interface PublicPayloads {
  received: Public<{
    procedure: { code: string; version: number; name: Localized };
    unit: UnitRef | undefined;
    title: string;
    location: { address: string; parcel_id?: string; lat?: number; lng?: number };
    channel: Channel;
    /** The procedure's public fields only; the others are in `application_private`. */
    fields: Record<string, string>;
    document_count: number;
  }>;
  assigned: Public<StageNote & { assignee: PublicActor; reason?: string }>;
  reassigned: Public<StageNote & { assignee: PublicActor; reason?: string }>;
  stage_started: Public<StageNote>;
  stage_completed: Public<StageNote>;
  supplement_requested: Public<StageNote>;
  supplement_received: Public<{ stage: string | null; document_count: number }>;
  consultation_requested: Public<StageNote & { unit: UnitRef | undefined }>;
  consultation_answered: Public<StageNote & { request_seq: number }>;
  site_inspection: Public<StageNote>;
  decision: Public<StageNote & { outcome: DecisionOutcome; reasons?: string; conditions?: string; redress?: string }>;
  withdrawn: Public<StageNote>;
  delay_reason_given: Public<StageNote & { reason?: string; category?: DelayCategory }>;
  deadline_extended: Public<StageNote & { new_due: string; reason: string; approved_by: string }>;
  transferred: Public<
    StageNote & { from_unit: string; to_unit: string; unit: UnitRef | undefined; reason: string; transfer_number: number; escalated?: true }
  >;
  deadline_passed: Public<{ stage?: string; due_at: string }>;
  inquiry_opened: Public<{ inquiry: number; kind: 'question' | 'objection'; private: boolean; due: string; text_sha256?: string }>;
  inquiry_answered: Public<{ inquiry: number; private: boolean; text_sha256?: string }>;
  inquiry_redacted: Public<{ inquiry: number; field: 'question' | 'answer'; reason: string; text_sha256: string }>;
  /**
   * The case went to an official by the fair rotation (`domain/assignment`), named by its rule; with `stage`, the
   * handler of that stage in the unit that works it, the case's assignee unchanged.
   */
  assigned_by_rotation: Public<{ stage?: string; assignee: PublicActor; rule: string }>;
  /** A supervisor put the case with an official of their choosing; the reason is on the internal record only. */
  assignment_overridden: Public<{ assignee: PublicActor }>;
  /** The acting official stepped aside for a declared conflict of interest; the rotation's new assignee, if any. */
  recused: Public<{ assignee?: PublicActor; rule: string }>;
  /** The tender notice: the period for bids, and the minimum the method required when it was published. */
  tender_published: Public<StageNote & { tender_period: { start: string; end: string }; minimum_days: number; documents?: TenderDocument[] }>;
  /** A change to the tender's documents or terms while it takes bids: what changed, and the documents it publishes. */
  tender_addendum: Public<{ stage: string; note: string; documents?: TenderDocument[] }>;
  /** A bid arrived: only its number is public; who bid and for how much stay sealed until `bids_opened`. */
  bid_received: Public<{ stage: string; bid: number }>;
  /** The public opening: every bid, its bidder and amount. */
  bids_opened: Public<{ stage: string; bids: { bid: number; bidder: SupplierRef; value: Value }[] }>;
  bids_evaluated: Public<{ stage: string; scores: { bid: number; score: number; reason: string }[] }>;
  awarded: Public<{ stage: string; bid?: number; supplier: SupplierRef; value: Value; reasons: string }>;
  contract_signed: Public<{ stage: string; supplier: SupplierRef; value: Value }>;
  contract_amended: Public<{ stage: string; reason: string; value: Value; previous_value: Value }>;
  /** A milestone of the signed contract and the local date it is due. */
  milestone_scheduled: Public<{ stage: string; milestone: number; title: string; due_date: string }>;
  /** A milestone met, repeating what it was and when it was due so the leaf alone says whether it was late. */
  milestone_met: Public<{ stage: string; milestone: number; title: string; due_date: string }>;
  /** A payment the contract owes and the local date it is due. */
  payment_scheduled: Public<{ stage: string; payment: number; value: Value; due_date: string }>;
  /** A payment made: what was paid, against what was due and when. */
  payment_made: Public<{ stage: string; payment: number; value: Value; due: Value; due_date: string }>;
}

/** An internal note some acts carry, for the office only. */
type InternalNote = {
  internal_note?: string;
};

/** The private part of each event type. */
export interface PrivatePayloads {
  received: Record<string, never>;
  assigned: InternalNote & { assignee_id: number };
  reassigned: InternalNote & { assignee_id: number };
  stage_started: InternalNote;
  stage_completed: InternalNote;
  /** The request as the applicant reads it. */
  supplement_requested: InternalNote & { message: string };
  /** The applicant's covering note. */
  supplement_received: { message?: string };
  consultation_requested: InternalNote & { unit_id: number };
  consultation_answered: InternalNote;
  site_inspection: InternalNote;
  decision: InternalNote;
  withdrawn: InternalNote;
  delay_reason_given: InternalNote;
  deadline_extended: InternalNote;
  transferred: InternalNote & { unit_id: number };
  deadline_passed: Record<string, never>;
  inquiry_opened: Record<string, never>;
  inquiry_answered: Record<string, never>;
  inquiry_redacted: Record<string, never>;
  assigned_by_rotation: { assignee_id: number; rotation: AssignmentDecision };
  assignment_overridden: { assignee_id: number; previous_assignee_id: number | null; reason: string; over_conflict: boolean };
  recused: { assignee_id: number | null; recused_official_id: number; reason: string; rotation: AssignmentDecision };
  tender_published: Record<string, never>;
  tender_addendum: Record<string, never>;
  /** The sealed bid: its number again (so the office's merged view keeps it), the bidder, the amount, the declaration. */
  bid_received: {
    bid: number; bidder: SupplierRef; value: Value; integrity_pact: true;
    /** A bid submitted from a bidder's account: the account, the registration number, the pact's text as signed. */
    bidder_id?: number; registration_number?: string; integrity_pact_sha256?: string; integrity_pact_locale?: string;
  };
  bids_opened: Record<string, never>;
  bids_evaluated: Record<string, never>;
  awarded: Record<string, never>;
  contract_signed: Record<string, never>;
  contract_amended: Record<string, never>;
  milestone_scheduled: Record<string, never>;
  milestone_met: Record<string, never>;
  payment_scheduled: Record<string, never>;
  payment_made: Record<string, never>;
}

/** An event's two parts, typed by its type. */
export type EventPayload<T extends EventType = EventType> = {
  [K in T]: { type: K; data: PublicPayloads[K]; privateData: PrivatePayloads[K] };
}[T];

/** The public part of any event as stored and read back: what a public presenter may receive. */
export type PublicEventData = Readonly<Record<string, unknown>> & NoPersonal;

/** Builds an event's payload; the type checks both parts against the event type's entry above. */
export function eventPayload<T extends EventType>(type: T, data: PublicPayloads[T], privateData: PrivatePayloads[T]): EventPayload<T> {
  return { type, data, privateData } as EventPayload<T>;
}
