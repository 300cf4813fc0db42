import { DEFAULT_MIN_SAMPLE, wilson, type Proportion } from './statistics.js';

/**
 * The applicant's rating of the service, after Korea's e-People, which asks every petitioner to rate the answer:
 * a satisfaction score from 1 (very dissatisfied) to 5 (very satisfied) and an optional comment for the unit. Pure
 * rules here; the table is `service_rating`, the use case `commands/rateService`.
 */

export const SATISFACTION_SCORES = [5, 4, 3, 2, 1] as const;
export type SatisfactionScore = (typeof SATISFACTION_SCORES)[number];

/** Longest comment, in characters (code points), as the database's CHECK also enforces. */
export const RATING_COMMENT_MAX = 2000;

/** Days after closure during which the applicant may rate the service or change their rating, by default. */
export const DEFAULT_RATING_WINDOW_DAYS = 30;

/** A score counts as "satisfied" from this value up (4 and 5, the top-two-box share surveys publish). */
export const SATISFIED_FROM = 4;

/** Whether ratings are open for an application: not before it closes, and only for `windowDays` after. */
export type RatingWindow = { state: 'not_closed' } | { state: 'open'; until: Date } | { state: 'over'; until: Date };

/** Where an application stands for rating at `now`. Never throws; the window ends exactly `windowDays` × 24 h after closure. */
export function ratingWindow(closedAt: Date | null, now: Date, windowDays: number): RatingWindow {
  if (!closedAt) return { state: 'not_closed' };
  const until = new Date(closedAt.getTime() + windowDays * 86_400_000);
  return now.getTime() < until.getTime() ? { state: 'open', until } : { state: 'over', until };
}

/** The score a form field holds, or null when it is missing or not a whole number from 1 to 5. */
export function parseSatisfaction(value: unknown): SatisfactionScore | null {
  const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : '';
  if (!/^[1-5]$/.test(text)) return null;
  return Number(text) as SatisfactionScore;
}

/** Published satisfaction of a group: withheld (every figure null) below the minimum sample. */
export interface SatisfactionSummary {
  /** Number of ratings. */
  n: number;
  withheld: boolean;
  min_sample: number;
  /** Mean score (1–5), rounded to two decimals. */
  mean: number | null;
  /** Share of ratings of 4 or 5, with its 95% Wilson interval. */
  satisfied: Proportion | null;
  /** Count of each score, 1 to 5 (index 0 is score 1). */
  distribution: [number, number, number, number, number] | null;
}

/** Mean score, share satisfied and distribution of `scores`, withheld below `minSample`; throws on a score outside 1–5. */
export function summarizeSatisfaction(scores: readonly number[], minSample: number = DEFAULT_MIN_SAMPLE): SatisfactionSummary {
  for (const s of scores) if (!Number.isInteger(s) || s < 1 || s > 5) throw new Error(`a satisfaction score is a whole number from 1 to 5, not ${s}`);
  const n = scores.length;
  if (n === 0 || n < minSample) return { n, withheld: true, min_sample: minSample, mean: null, satisfied: null, distribution: null };
  const distribution: [number, number, number, number, number] = [0, 0, 0, 0, 0];
  let sum = 0;
  for (const s of scores) {
    distribution[s - 1]!++;
    sum += s;
  }
  return {
    n,
    withheld: false,
    min_sample: minSample,
    mean: Math.round((sum / n) * 100) / 100,
    satisfied: wilson(scores.filter((s) => s >= SATISFIED_FROM).length, n),
    distribution,
  };
}
