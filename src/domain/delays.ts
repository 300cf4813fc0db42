/**
 * Why a stage or an application is late, as a category from a fixed list, so the statistics count delays across
 * languages rather than by wording. Each category is a catalogue key (`delay_category.<key>`); a free text may explain
 * more, and is required for `other`.
 */
export const DELAY_CATEGORIES = ['waiting_other_body', 'incomplete_documents', 'site_inspection', 'workload', 'legal_question', 'applicant_request', 'other'] as const;
export type DelayCategory = (typeof DELAY_CATEGORIES)[number];

/** How delays recorded before categories existed (their events carry only a text) are counted. */
export const NOT_STATED = 'not_stated';
export type CountedDelayCategory = DelayCategory | typeof NOT_STATED;

/** Whether a value is one of the categories. */
export function isDelayCategory(value: unknown): value is DelayCategory {
  return typeof value === 'string' && (DELAY_CATEGORIES as readonly string[]).includes(value);
}

/** The category a stored event's data names, or `not_stated` when it names none (an event from before categories) or an unknown one. */
export function delayCategoryOf(stored: unknown): CountedDelayCategory {
  return isDelayCategory(stored) ? stored : NOT_STATED;
}

/** Whether a delay needs a written explanation: for `other`, and when no category is given (the text is all there is). */
export function delayNeedsText(category: DelayCategory | undefined): boolean {
  return category === undefined || category === 'other';
}
