import { median } from './statistics.js';

/**
 * Signals for auditors ("cyber inspection"): patterns speed money leaves behind, each carrying its explanation —
 * the figure, the peer group, the threshold and the cases behind it. Pure: the reader hands in facts (stage spans in
 * working minutes, assignments, decisions, gifts), this module decides. Robust statistics throughout: a stage is
 * compared with its peers (same procedure and stage, same year) by the median and the median absolute deviation of
 * the logarithm of its working time, so a handful of extreme cases cannot hide themselves by inflating the spread;
 * rates are compared with the rest of the unit by a score that needs enough cases to say anything. ADR 0015.
 */

export const SIGNAL_KINDS = ['fast_case', 'slow_stage', 'official_rate', 'override_rate', 'conflict_overridden', 'same_applicant', 'gift_near_case'] as const;
export type SignalKind = (typeof SIGNAL_KINDS)[number];

/** The thresholds, in one place, so the explanation of every signal can quote them. */
export const THRESHOLDS = {
  /** Robust z (0.6745 (x − median) / MAD on log working minutes) beyond which a stage is far from its peers. */
  robustZ: 3.5,
  /** Peers a stage needs before it is compared with them. */
  minPeers: 8,
  /** A fast case must also take under this share of its peers' median: brisk but ordinary cases are not signals. */
  fastShare: 0.1,
  /**
   * Fast cases the same official (or the same applicant) must have in the year before any is raised: among a year's
   * thousands of files a few are decided in hours by chance, and one alone says nothing; speed money is a habit.
   */
  fastRepeats: 2,
  /** A floor under the MAD (in log units, about ±10 %), so identical peers do not make every difference infinite. */
  minMad: 0.1,
  /** Cases an official (or supervisor) needs before a rate of theirs is judged, and the score beyond which it is. */
  minCases: 12,
  rateZ: 3,
  /**
   * The false discovery rate the officials' rates are held to: each rate is tested against the rest of the unit with
   * Fisher's exact test (one-sided), and the year's tests together with Benjamini–Hochberg at this rate, so testing
   * every official on five rates does not make chance outliers.
   */
  rateFdr: 0.05,
  /** Share of a unit's assignments a supervisor must override, at least, to be flagged, besides the score. */
  minOverrideShare: 0.2,
  /** Cases of one applicant with one official, and that official's share of them, that make a "same official" signal. */
  sameApplicantCases: 4,
  sameApplicantShare: 0.75,
  /** Fast stages of one applicant that make a "fast-tracked repeatedly" signal. */
  fastForApplicant: 2,
  /** Days around a handled case within which a gift from its applicant is flagged. */
  giftWindowDays: 90,
} as const;

/** One stage of one case as worked: its working time and who worked it. */
export interface StageSpan {
  number: string;
  year: number;
  unitId: number;
  procedure: string;
  stage: string;
  officialId: number | null;
  workingMinutes: number;
  /** A delay reason or an extension is on the record for this stage (an explained slowness). */
  explained: boolean;
  /** The keyed hash of the applicant, never shown; null when unknown. */
  applicant: string | null;
}

/** A decided or acted-on case, per official who held it, for the rate signals. */
export interface HandledCase {
  number: string;
  year: number;
  unitId: number;
  officialId: number;
  applicant: string | null;
  /** When the official last acted on it (ms). */
  at: number;
  outcome: 'approved' | 'rejected' | null;
  supplementRequested: boolean;
  lateEntry: boolean;
  transferred: boolean;
}

/** A person's choice of assignee (an override of the rotation, or a manual reassignment by a supervisor). */
export interface AssignmentFact {
  number: string;
  year: number;
  unitId: number;
  /** Who chose; null for the rotation. */
  chosenBy: number | null;
  overConflict: boolean;
}

/** A gift or hospitality offered to an official. */
export interface GiftFact {
  id: number;
  officialId: number;
  unitId: number;
  at: number;
  year: number;
  giver: string | null;
  outcome: string;
}

/** A decided case's whole working time, from receipt to decision, without the applicant's time. */
export interface CaseSpan {
  number: string;
  year: number;
  unitId: number;
  procedure: string;
  officialId: number | null;
  workingMinutes: number;
  applicant: string | null;
}

export interface SignalInput {
  year: number;
  /** Decided cases, for the "much faster than its peers" signal (a case's short stages are too noisy alone). */
  cases: CaseSpan[];
  stages: StageSpan[];
  handled: HandledCase[];
  assignments: AssignmentFact[];
  gifts: GiftFact[];
}

/** A signal with everything an auditor needs to judge it. */
export interface Signal {
  /** Stable across recomputation, so a review stays attached to its signal. */
  key: string;
  kind: SignalKind;
  year: number;
  unitId: number;
  /** The official (or supervisor) the signal is about, if one. */
  officialId: number | null;
  /** The cases behind it (bounded). */
  cases: string[];
  /** The figure, the peer group's figure, the threshold, and the peer group's size, for the explanation. */
  figure: number;
  peer: number;
  threshold: number;
  peers: number;
  /** What the figure measures, as a message key's last part (e.g. `approval_rate`). */
  measure: string;
}

const MAX_CASES = 50;
const log = (minutes: number) => Math.log(1 + Math.max(0, minutes));
const round = (x: number, digits = 3) => Math.round(x * 10 ** digits) / 10 ** digits;

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = groups.get(k);
    if (list) list.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

/** Median and (floored) median absolute deviation of values. */
export function robustCentre(values: readonly number[]): { median: number; mad: number } {
  const m = median(values) ?? 0;
  const mad = median(values.map((v) => Math.abs(v - m))) ?? 0;
  return { median: m, mad: Math.max(mad, THRESHOLDS.minMad) };
}

/** The robust z-score of `x` against a centre: 0.6745 (x − median) / MAD (Iglewicz and Hoaglin, 1993). */
export const robustZ = (x: number, centre: { median: number; mad: number }) => (0.6745 * (x - centre.median)) / centre.mad;

/** Values grouped by peer group, each group compared with its own median and MAD. */
function outliers<T extends { workingMinutes: number }>(items: readonly T[], group: (item: T) => string, keep: (item: T, z: number, centre: { median: number; mad: number }) => boolean) {
  const out: { item: T; group: string; centre: { median: number; mad: number }; peers: number }[] = [];
  for (const [key, list] of groupBy(items, group)) {
    if (list.length < THRESHOLDS.minPeers) continue;
    const centre = robustCentre(list.map((s) => log(s.workingMinutes)));
    for (const item of list) if (keep(item, robustZ(log(item.workingMinutes), centre), centre)) out.push({ item, group: key, centre, peers: list.length });
  }
  return out;
}

/**
 * Decided cases far faster than their peers (same procedure, same year), from receipt to decision in working time,
 * raised when their official or their applicant has at least `fastRepeats` of them in the year. Returns the raised
 * signals and every fast case found (for the applicant's pattern).
 */
function fastCaseSignals(input: SignalInput): { raised: Signal[]; found: CaseSpan[] } {
  const fast = (c: CaseSpan, z: number, centre: { median: number }) => z <= -THRESHOLDS.robustZ && log(c.workingMinutes) <= centre.median + Math.log(THRESHOLDS.fastShare);
  const found = outliers(input.cases, (c) => c.procedure, fast);
  const count = (key: (c: CaseSpan) => string | null) => {
    const counts = new Map<string, number>();
    for (const { item } of found) {
      const k = key(item);
      if (k !== null) counts.set(k, (counts.get(k) ?? 0) + 1);
    }
    return (c: CaseSpan) => counts.get(key(c) ?? '') ?? 0;
  };
  const byOfficial = count((c) => (c.officialId === null ? null : `${c.unitId}/${c.officialId}`));
  const byApplicant = count((c) => c.applicant);
  const repeated = found.filter(({ item }) => byOfficial(item) >= THRESHOLDS.fastRepeats || byApplicant(item) >= THRESHOLDS.fastRepeats);
  const raised = repeated.map(({ item: c, group, centre, peers }): Signal => ({
    key: `fast_case:${input.year}:${c.number}`, kind: 'fast_case', year: input.year, unitId: c.unitId, officialId: c.officialId, cases: [c.number],
    figure: round(c.workingMinutes / 60, 1), peer: round(Math.expm1(centre.median) / 60, 1), threshold: THRESHOLDS.robustZ, peers, measure: `case:${group}`,
  }));
  return { raised, found: found.map((f) => f.item) };
}

/** Stages far slower than their peers (same procedure and stage, same year) with no delay reason or extension on the record. */
function slowStageSignals(input: SignalInput): Signal[] {
  return outliers(input.stages, (s) => `${s.procedure}/${s.stage}`, (s, z) => z >= THRESHOLDS.robustZ && !s.explained).map(({ item: s, group, centre, peers }) => ({
    key: `slow_stage:${input.year}:${s.number}:${s.stage}`, kind: 'slow_stage', year: input.year, unitId: s.unitId, officialId: s.officialId, cases: [s.number],
    figure: round(s.workingMinutes / 60, 1), peer: round(Math.expm1(centre.median) / 60, 1), threshold: THRESHOLDS.robustZ, peers, measure: `stage:${group}`,
  }));
}

/**
 * How far an official's rate lies from the rest of their unit's: (p − p₀) / √(p₀(1 − p₀)/n), with p₀ the pooled rate of
 * the others (kept off 0 and 1 so a unit where nobody rejects can still see the one who does).
 */
export function rateScore(hits: number, n: number, peerHits: number, peerN: number): number {
  const p0 = Math.min(0.99, Math.max(0.01, (peerHits + 0.5) / (peerN + 1)));
  return (hits / n - p0) / Math.sqrt((p0 * (1 - p0)) / n);
}

const RATES: { measure: string; hit: (c: HandledCase) => boolean; among: (c: HandledCase) => boolean }[] = [
  { measure: 'approval_rate', hit: (c) => c.outcome === 'approved', among: (c) => c.outcome !== null },
  { measure: 'rejection_rate', hit: (c) => c.outcome === 'rejected', among: (c) => c.outcome !== null },
  { measure: 'supplement_rate', hit: (c) => c.supplementRequested, among: () => true },
  { measure: 'late_entry_rate', hit: (c) => c.lateEntry, among: () => true },
  { measure: 'transfer_rate', hit: (c) => c.transferred, among: () => true },
];

/** Natural logarithms of factorials up to `n`, grown on demand (what the exact test sums with). */
const logFactorials: number[] = [0];
function logFactorial(n: number): number {
  for (let i = logFactorials.length; i <= n; i++) logFactorials.push(logFactorials[i - 1]! + Math.log(i));
  return logFactorials[n]!;
}
const logChoose = (n: number, k: number) => logFactorial(n) - logFactorial(k) - logFactorial(n - k);

/**
 * Fisher's exact test, one-sided: the chance that an official with `n` of the unit's `total` cases would have `hits`
 * or more of its `totalHits` if the cases fell to officials regardless of who they are (the hypergeometric upper
 * tail). Exact for small counts, where the normal approximation of `rateScore` overstates how unusual a rate is.
 */
export function fisherUpperTail(hits: number, n: number, totalHits: number, total: number): number {
  const top = Math.min(n, totalHits);
  if (hits > top) return 0;
  const denominator = logChoose(total, n);
  let p = 0;
  for (let x = Math.max(hits, n - (total - totalHits)); x <= top; x++) {
    const term = Math.exp(logChoose(totalHits, x) + logChoose(total - totalHits, n - x) - denominator);
    p += term;
    // Past the mode the terms only shrink; once they no longer move the sum, the rest cannot either.
    if (x > hits && term < p * 1e-15) break;
  }
  return Math.min(1, p);
}

/**
 * Benjamini–Hochberg: which of `pValues` are discoveries at false discovery rate `q` (the largest k whose k-th
 * smallest p-value is at most k·q/m, and every test up to it). Returns a flag per p-value, in their order.
 */
export function benjaminiHochberg(pValues: readonly number[], q: number): boolean[] {
  const m = pValues.length;
  const order = pValues.map((p, i) => [p, i] as const).sort((a, b) => a[0] - b[0]);
  let cut = -1;
  order.forEach(([p], rank) => {
    if (p <= ((rank + 1) * q) / m) cut = rank;
  });
  const flags = new Array<boolean>(m).fill(false);
  for (let rank = 0; rank <= cut; rank++) flags[order[rank]![1]] = true;
  return flags;
}

/**
 * Officials whose approval, rejection, supplement, late-entry or transfer rate is an outlier in their unit: a score of
 * at least `rateZ` against the rest of the unit, and a discovery of Fisher's exact test once every rate of every
 * official tested this year is accounted for (Benjamini–Hochberg at `rateFdr`).
 */
function officialRateSignals(input: SignalInput): Signal[] {
  const tests: { p: number; signal: Signal | null }[] = [];
  for (const [, cases] of groupBy(input.handled, (c) => String(c.unitId))) {
    const officials = groupBy(cases, (c) => String(c.officialId));
    if (officials.size < 2) continue;
    for (const rate of RATES) {
      const among = cases.filter(rate.among);
      const totalHits = among.filter(rate.hit).length;
      for (const [id, own] of officials) {
        const mine = own.filter(rate.among);
        if (mine.length < THRESHOLDS.minCases) continue;
        const hits = mine.filter(rate.hit).length;
        const peerN = among.length - mine.length;
        if (peerN < THRESHOLDS.minCases) continue;
        // Every rate judged is a test, whichever way it leans: that is what the false discovery rate counts.
        const p = fisherUpperTail(hits, mine.length, totalHits, among.length);
        const z = rateScore(hits, mine.length, totalHits - hits, peerN);
        // Only the direction that could hide favours or extortion: more approvals, rejections, supplements, late entries, transfers.
        tests.push({
          p,
          signal: z < THRESHOLDS.rateZ ? null : {
            key: `official_rate:${input.year}:${id}:${rate.measure}`, kind: 'official_rate', year: input.year, unitId: own[0]!.unitId, officialId: Number(id),
            cases: mine.filter(rate.hit).map((c) => c.number).slice(0, MAX_CASES), figure: round(hits / mine.length), peer: round((totalHits - hits) / peerN),
            threshold: THRESHOLDS.rateZ, peers: officials.size - 1, measure: rate.measure,
          },
        });
      }
    }
  }
  const discoveries = benjaminiHochberg(tests.map((t) => t.p), THRESHOLDS.rateFdr);
  return tests.filter((t, i) => discoveries[i] && t.signal).map((t) => t.signal!);
}

/** Supervisors who override the rotation far more than their peers; and every override of a declared conflict. */
function overrideSignals(input: SignalInput): Signal[] {
  const out: Signal[] = [];
  const byUnit = groupBy(input.assignments, (a) => String(a.unitId));
  const overrides = input.assignments.filter((a) => a.chosenBy !== null);
  const casesPerUnit = new Map([...byUnit].map(([u, list]) => [u, new Set(list.map((a) => a.number)).size]));
  const bySupervisor = groupBy(overrides, (a) => `${a.unitId}/${a.chosenBy}`);
  const totalCases = [...casesPerUnit.values()].reduce((a, b) => a + b, 0);
  for (const [, list] of bySupervisor) {
    const unit = String(list[0]!.unitId);
    const n = casesPerUnit.get(unit) ?? 0;
    if (n < THRESHOLDS.minCases) continue;
    const hits = new Set(list.map((a) => a.number)).size;
    const peerN = totalCases - n;
    const peerHits = new Set(overrides.filter((a) => String(a.unitId) !== unit).map((a) => a.number)).size;
    if (peerN < THRESHOLDS.minCases) continue;
    const z = rateScore(hits, n, peerHits, peerN);
    if (z < THRESHOLDS.rateZ || hits / n < THRESHOLDS.minOverrideShare) continue;
    out.push({
      key: `override_rate:${input.year}:${list[0]!.chosenBy}`, kind: 'override_rate', year: input.year, unitId: list[0]!.unitId, officialId: list[0]!.chosenBy,
      cases: [...new Set(list.map((a) => a.number))].slice(0, MAX_CASES), figure: round(hits / n), peer: round(peerHits / peerN), threshold: THRESHOLDS.rateZ,
      peers: byUnit.size - 1, measure: 'override_rate',
    });
  }
  for (const a of overrides.filter((o) => o.overConflict)) {
    out.push({
      key: `conflict_overridden:${input.year}:${a.number}:${a.chosenBy}`, kind: 'conflict_overridden', year: input.year, unitId: a.unitId, officialId: a.chosenBy,
      cases: [a.number], figure: 1, peer: 0, threshold: 1, peers: 0, measure: 'conflict_overridden',
    });
  }
  return out;
}

/** One applicant (matched privately) who always lands with the same official, or is fast-tracked again and again. */
function applicantSignals(input: SignalInput, fast: CaseSpan[]): Signal[] {
  const out: Signal[] = [];
  for (const [applicant, cases] of groupBy(input.handled.filter((c) => c.applicant !== null), (c) => c.applicant!)) {
    const numbers = new Set(cases.map((c) => c.number));
    if (numbers.size < THRESHOLDS.sameApplicantCases) continue;
    for (const [id, own] of groupBy(cases, (c) => String(c.officialId))) {
      const mine = new Set(own.map((c) => c.number));
      const unitOfficials = new Set(input.handled.filter((c) => c.unitId === own[0]!.unitId).map((c) => c.officialId)).size;
      if (unitOfficials < 2 || mine.size < THRESHOLDS.sameApplicantCases || mine.size / numbers.size < THRESHOLDS.sameApplicantShare) continue;
      out.push({
        key: `same_applicant:${input.year}:${applicant.slice(0, 16)}:${id}`, kind: 'same_applicant', year: input.year, unitId: own[0]!.unitId, officialId: Number(id),
        cases: [...mine].slice(0, MAX_CASES), figure: round(mine.size / numbers.size), peer: round(1 / unitOfficials), threshold: THRESHOLDS.sameApplicantShare,
        peers: unitOfficials - 1, measure: 'same_official_share',
      });
    }
  }
  for (const [applicant, spans] of groupBy(fast.filter((c) => c.applicant), (c) => c.applicant!)) {
    const numbers = [...new Set(spans.map((s) => s.number))];
    if (numbers.length < THRESHOLDS.fastForApplicant) continue;
    out.push({
      key: `same_applicant_fast:${input.year}:${applicant.slice(0, 16)}`, kind: 'same_applicant', year: input.year, unitId: spans[0]!.unitId, officialId: spans[0]!.officialId,
      cases: numbers.slice(0, MAX_CASES), figure: numbers.length, peer: 0, threshold: THRESHOLDS.fastForApplicant, peers: 0, measure: 'fast_tracked_cases',
    });
  }
  return out;
}

/** Gifts offered by an applicant (matched privately) to an official who handled their case within the window. */
function giftSignals(input: SignalInput): Signal[] {
  const out: Signal[] = [];
  const window = THRESHOLDS.giftWindowDays * 86_400_000;
  const handledBy = groupBy(input.handled, (c) => String(c.officialId));
  for (const gift of input.gifts) {
    if (!gift.giver) continue;
    const near = (handledBy.get(String(gift.officialId)) ?? []).filter((c) => c.applicant === gift.giver && Math.abs(c.at - gift.at) <= window);
    if (!near.length) continue;
    out.push({
      key: `gift_near_case:${input.year}:${gift.id}`, kind: 'gift_near_case', year: input.year, unitId: gift.unitId, officialId: gift.officialId,
      cases: [...new Set(near.map((c) => c.number))].slice(0, MAX_CASES), figure: near.length, peer: 0, threshold: THRESHOLDS.giftWindowDays, peers: 0, measure: `gift_${gift.outcome}`,
    });
  }
  return out;
}

/** Every signal of a year, most serious kinds first. Total; cost grows linearly with the facts (plus sorting per group). */
export function detectSignals(input: SignalInput): Signal[] {
  const fast = fastCaseSignals(input);
  return [...overrideSignals(input), ...giftSignals(input), ...applicantSignals(input, fast.found), ...fast.raised, ...slowStageSignals(input), ...officialRateSignals(input)];
}

/** The years a signals page offers: this one and the four before it. */
export function signalYears(now = new Date()): number[] {
  const year = now.getUTCFullYear();
  return [year, year - 1, year - 2, year - 3, year - 4];
}
