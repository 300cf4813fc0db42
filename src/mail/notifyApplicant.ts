import type { Tx } from '../db/types.js';
import { enqueueApplicantMail } from '../db/repos/outbox.js';
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
 * Puts the applicant's e-mail about an event into the outbox, inside the command's transaction, so a rolled-back
 * event never e-mails anyone. Does nothing for events that do not notify, for applicants without an address and
 * for those who unsubscribed. Call it before `appendEvent`, which must stay the command's last write.
 */
export async function notifyApplicant(trx: Tx, e: NotifiedEvent): Promise<void> {
  if (!notifiesApplicant(e.type)) return;
  const stageKey = typeof e.data.stage === 'string' ? e.data.stage : undefined;
  const stage: Localized | undefined = stageKey ? e.stages.find((s) => s.key === stageKey)?.name : undefined;
  const params: ApplicantEventParams = {
    number: e.number,
    title: e.title,
    type: e.type,
    ...(stage ? { stage } : {}),
    ...(typeof e.data.outcome === 'string' ? { outcome: e.data.outcome } : {}),
  };
  await enqueueApplicantMail(trx, e.applicationId, {
    idempotencyKey: `applicant-${e.applicationId}-${e.seq}`,
    kind: 'applicant_event',
    eventSeq: e.seq,
    params: params as unknown as Record<string, unknown>,
  });
}
