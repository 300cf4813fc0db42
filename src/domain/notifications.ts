import type { EventType } from './types.js';

/** The acts an applicant hears about by e-mail: every stage change, a supplement request, a transfer and the decision. */
export const APPLICANT_NOTIFIED_EVENTS: readonly EventType[] = [
  'received',
  'stage_started',
  'stage_completed',
  'supplement_requested',
  'transferred',
  'deadline_extended',
  'decision',
  'withdrawn',
];

/** Whether an event of this type e-mails the applicant. */
export function notifiesApplicant(type: string): boolean {
  return (APPLICANT_NOTIFIED_EVENTS as readonly string[]).includes(type);
}

/** Delay before retry number `attempt` (1-based): exponential from `baseMs`, capped at a day. Never throws. */
export function retryDelayMs(attempt: number, baseMs: number): number {
  return Math.min(baseMs * 2 ** Math.max(0, attempt - 1), 86_400_000);
}

/** A plausible e-mail address: one @, no spaces, a dot in the domain, at most 254 characters. */
export function isEmailAddress(value: string): boolean {
  return value.length <= 254 && /^[^\s@<>(),;:"]+@[^\s@<>(),;:"]+\.[^\s@<>(),;:"]+$/.test(value);
}
