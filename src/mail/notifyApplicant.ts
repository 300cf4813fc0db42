import type { ApplicantMail } from '../db/repos/outbox.js';
import { notifiesApplicant } from '../domain/notifications.js';
import type { Localized, ProcedureStage } from '../domain/types.js';
import type { ApplicantEventParams } from './render.js';

/** The event about to be appended, as the notification needs it. */
export interface NotifiedEvent {
  applicationId: number;
  number: string;
  title: string;
  seq: number;
  type: string;
  data: Record<string, unknown>;
  stages: readonly ProcedureStage[];
}

/**
 * The applicant's e-mail about an event, for the outbox, or null for events that do not notify. The command writes it
 * with the event, inside its transaction, so a rolled-back event never e-mails anyone; the outbox statement itself
 * skips applicants without an address and those who unsubscribed (`enqueueApplicantMail`).
 */
export function applicantMailOf(e: NotifiedEvent): ApplicantMail | null {
  if (!notifiesApplicant(e.type)) return null;
  const stageKey = typeof e.data.stage === 'string' ? e.data.stage : undefined;
  const stage: Localized | undefined = stageKey ? e.stages.find((s) => s.key === stageKey)?.name : undefined;
  const params: ApplicantEventParams = {
    number: e.number,
    title: e.title,
    type: e.type,
    ...(stage ? { stage } : {}),
    ...(typeof e.data.outcome === 'string' ? { outcome: e.data.outcome } : {}),
  };
  return {
    idempotencyKey: `applicant-${e.applicationId}-${e.seq}`,
    kind: 'applicant_event',
    eventSeq: e.seq,
    params: params as unknown as Record<string, unknown>,
  };
}
