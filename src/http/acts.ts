import { z } from 'zod';
import { isCalendarDate } from '../domain/localDate.js';
import { parseTimestamp } from '../domain/time.js';
import type { OfficeAct } from '../domain/acts.js';
import { idSchema } from './params.js';
import { DELAY_CATEGORIES, delayNeedsText } from '../domain/delays.js';
import { validationError, type FieldIssue } from '../errors.js';

/**
 * The office's form asks for a delay's category (the JSON API still accepts a text alone, counted as not stated), and
 * for a text with `other`; both problems are named beside their inputs.
 */
export function requireDelayCategory(input: ActInput): void {
  if (input.type !== 'delay_reason_given') return;
  const issues: FieldIssue[] = [];
  if (!input.category) issues.push({ field: 'category', key: 'error.delay_category_required' });
  else if (delayNeedsText(input.category) && !input.reason) issues.push({ field: 'reason', key: 'error.delay_reason_needs_text' });
  if (issues.length) throw validationError(issues);
}

const optional = (max: number) => z.string().trim().max(max).optional().transform((v) => v || undefined);

/** A real calendar date `YYYY-MM-DD`, or an RFC 3339 time with its offset in the years 1000–9999. */
function isDueText(text: string): boolean {
  if (isCalendarDate(text)) return true;
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?([zZ]|[+-]\d{2}:\d{2})$/.test(text) || !isCalendarDate(text.slice(0, 10))) return false;
  const at = parseTimestamp(text, 'UTC');
  return at !== null && at.getUTCFullYear() >= 1000 && at.getUTCFullYear() <= 9999;
}

/** The shape of an act as a form or the JSON API sends it. */
export const actSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('assigned'), official_id: idSchema(), reason: optional(500) }),
  z.object({ type: z.literal('stage_started'), stage: z.string().min(1).max(60), note: optional(2000) }),
  z.object({ type: z.literal('stage_completed'), stage: z.string().min(1).max(60), note: optional(2000) }),
  z.object({ type: z.literal('supplement_requested'), stage: z.string().min(1).max(60), message: z.string().trim().min(1).max(4000), note: optional(2000) }),
  z.object({ type: z.literal('consultation_requested'), stage: z.string().min(1).max(60), unit_code: z.string().min(1).max(60), note: optional(2000) }),
  z.object({ type: z.literal('consultation_answered'), request_seq: idSchema(), note: optional(2000) }),
  z.object({ type: z.literal('site_inspection'), stage: z.string().min(1).max(60), note: optional(2000) }),
  z.object({
    type: z.literal('decision'),
    outcome: z.enum(['approved', 'approved_with_conditions', 'rejected']),
    reasons: optional(4000),
    conditions: optional(4000),
    redress: optional(2000),
  }),
  z.object({ type: z.literal('withdrawn') }),
  z.object({
    type: z.literal('delay_reason_given'),
    stage: optional(60),
    category: z.enum(DELAY_CATEGORIES).optional().describe('Why, from a fixed list; a text is required without one, or for `other`'),
    reason: optional(2000),
  }),
  z.object({
    type: z.literal('deadline_extended'),
    stage: optional(60),
    new_due: z
      .string()
      .trim()
      .max(40)
      .superRefine((text, ctx) => {
        if (!isDueText(text)) ctx.addIssue({ code: 'custom', message: 'date', params: { key: 'error.invalid_date' } });
      })
      .describe('A local date YYYY-MM-DD (end of that day) or RFC 3339'),
    reason: z.string().trim().min(1).max(2000),
  }),
  z.object({ type: z.literal('transferred'), unit_code: z.string().min(1).max(60), reason: z.string().trim().min(1).max(2000) }),
]);
export type ActInput = z.infer<typeof actSchema>;

/** Maps validated input to the domain's act. */
export function toAct(input: ActInput): OfficeAct {
  switch (input.type) {
    case 'assigned':
      return { type: 'assigned', officialId: input.official_id, reason: input.reason };
    case 'consultation_requested':
      return { type: 'consultation_requested', stage: input.stage, unitCode: input.unit_code, note: input.note };
    case 'consultation_answered':
      return { type: 'consultation_answered', stage: '', requestSeq: input.request_seq, note: input.note };
    case 'delay_reason_given':
      return { type: 'delay_reason_given', stage: input.stage ?? null, category: input.category, reason: input.reason ?? '' };
    case 'deadline_extended':
      return { type: 'deadline_extended', stage: input.stage ?? null, newDue: input.new_due, reason: input.reason };
    case 'transferred':
      return { type: 'transferred', unitCode: input.unit_code, reason: input.reason };
    default:
      return input as OfficeAct;
  }
}
