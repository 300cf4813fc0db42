import { DateTime } from 'luxon';
import { NUMBER_PATTERN } from './time.js';

/**
 * The reporting channel's rules: what a report may say it is about, how it is disclosed, its outcome, its two
 * deadlines (EU Directive 2019/1937 art. 9 and 11) and the public figures. Pure: values in, values out.
 */

/** Who works a report: the investigators, or the head of office (a "report card to the head"), with the same protections. */
export const RECIPIENTS = ['investigators', 'head'] as const;
export type Recipient = (typeof RECIPIENTS)[number];

/** What happened, as the reporter chooses it. */
export const REPORT_CATEGORIES = ['bribery', 'speed_money', 'gifts', 'favouritism', 'conflict_of_interest', 'abuse_of_power', 'fraud', 'other'] as const;
export type ReportCategory = (typeof REPORT_CATEGORIES)[number];

/**
 * Who the reporter is to the office: `anonymous` (nobody knows), `confidential` (their identity is sealed for the
 * custodians; an investigator sees it only after a custodian approves a motivated request) or `open`.
 */
export const DISCLOSURES = ['anonymous', 'confidential', 'open'] as const;
export type Disclosure = (typeof DISCLOSURES)[number];

/** How an investigation ends. */
export const OUTCOMES = ['substantiated', 'partly_substantiated', 'not_substantiated', 'referred'] as const;
export type Outcome = (typeof OUTCOMES)[number];

export const REPORT_STATUSES = ['received', 'acknowledged', 'closed'] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];

/** Triage: how urgent, as the investigator judges it. */
export const PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export type Priority = (typeof PRIORITIES)[number];

/** Days to acknowledge a report (art. 9(1)(b)). */
export const ACKNOWLEDGE_DAYS = 7;
/** Months to give feedback (art. 9(1)(f)), from the acknowledgement or the end of the seven days. */
export const FEEDBACK_MONTHS = 3;
/** The longest feedback period an extension may reach (art. 11(2)(d), in justified cases). */
export const FEEDBACK_MONTHS_MAX = 6;

/**
 * Due dates in calendar days and months, as the Directive counts them (Regulation 1182/71: periods in days include
 * weekends and holidays unless working days are named); a period ends at the end of its last day in the
 * jurisdiction's time zone. `extendedMonths` (from an extension) replaces the three months, up to six.
 */
export function reportDeadlines(
  r: { receivedAt: Date; acknowledgedAt: Date | null; extendedMonths?: number | null },
  zone: string,
): { acknowledgeBy: Date; feedbackBy: Date } {
  const received = DateTime.fromJSDate(r.receivedAt, { zone });
  const acknowledgeBy = received.plus({ days: ACKNOWLEDGE_DAYS }).endOf('day');
  // Feedback counts from the acknowledgement, or from the end of the seven days when none was sent in time.
  const from = r.acknowledgedAt && r.acknowledgedAt <= acknowledgeBy.toJSDate() ? DateTime.fromJSDate(r.acknowledgedAt, { zone }) : acknowledgeBy;
  const months = Math.min(Math.max(r.extendedMonths ?? FEEDBACK_MONTHS, FEEDBACK_MONTHS), FEEDBACK_MONTHS_MAX);
  return { acknowledgeBy: acknowledgeBy.toJSDate(), feedbackBy: from.plus({ months }).endOf('day').toJSDate() };
}

/**
 * When the reporter was given feedback: at the closing, or earlier when a referral to another body was recorded (a
 * referral is follow-up the Directive counts as feedback, art. 5(12)–(13), and the mailbox shows it at once).
 */
export function feedbackGivenAt(r: { closedAt: Date | null; referredAt?: Date | null }): Date | null {
  const times = [r.closedAt, r.referredAt ?? null].filter((d): d is Date => d !== null);
  return times.length ? new Date(Math.min(...times.map((d) => d.getTime()))) : null;
}

/** Where one deadline stands: met in time, met late, open, due within `soonDays`, or passed. */
export type DeadlineState = 'met' | 'met_late' | 'open' | 'due_soon' | 'overdue';

/** The state of a deadline `due` that was met at `doneAt` (or not yet), seen at `now`. */
export function deadlineState(due: Date, doneAt: Date | null, now: Date, soonDays = 2): DeadlineState {
  if (doneAt) return doneAt <= due ? 'met' : 'met_late';
  if (now > due) return 'overdue';
  return due.getTime() - now.getTime() <= soonDays * 86_400_000 ? 'due_soon' : 'open';
}

/** One report as the public figures count it: no text, no identity, only dates, category and outcome. */
export interface ReportFacts {
  category: ReportCategory;
  receivedAt: Date;
  acknowledgedAt: Date | null;
  closedAt: Date | null;
  outcome: Outcome | null;
  extendedMonths: number | null;
  /** When the first referral to another body was recorded. */
  referredAt?: Date | null;
}

/** One cell of the public figures: a quarter and a category, counted, or withheld when too few. */
export interface ReportCell {
  quarter: string;
  category: ReportCategory;
  withheld: boolean;
  received: number | null;
  acknowledgedOnTime: number | null;
  feedbackOnTime: number | null;
  referred: number | null;
  substantiated: number | null;
  closed: number | null;
}

/** A date's quarter in a time zone, `2026-Q3`. */
export function quarterOf(at: Date, zone: string): string {
  const d = DateTime.fromJSDate(at, { zone });
  return `${d.year}-Q${d.quarter}`;
}

/**
 * The public figures per quarter received and category. A cell with fewer than `minCell` reports shows none of its
 * counts (small numbers could point at a reporter), and so does the category's smallest other cell in that quarter
 * when exactly one cell is withheld, so the withheld one cannot be had by subtracting from the quarter's total (the
 * totals are not published). Substantiated counts full and partial findings.
 */
export function reportStatistics(rows: readonly ReportFacts[], zone: string, minCell: number, now: Date): ReportCell[] {
  const cells = new Map<string, ReportCell>();
  for (const r of rows) {
    const quarter = quarterOf(r.receivedAt, zone);
    const key = `${quarter} ${r.category}`;
    const cell = cells.get(key) ?? {
      quarter, category: r.category, withheld: false, received: 0, acknowledgedOnTime: 0, feedbackOnTime: 0, referred: 0, substantiated: 0, closed: 0,
    };
    const due = reportDeadlines(r, zone);
    cell.received! += 1;
    if (deadlineState(due.acknowledgeBy, r.acknowledgedAt, now) === 'met') cell.acknowledgedOnTime! += 1;
    if (deadlineState(due.feedbackBy, feedbackGivenAt(r), now) === 'met') cell.feedbackOnTime! += 1;
    if (r.outcome === 'referred' || r.referredAt) cell.referred! += 1;
    if (r.outcome === 'substantiated' || r.outcome === 'partly_substantiated') cell.substantiated! += 1;
    if (r.closedAt) cell.closed! += 1;
    cells.set(key, cell);
  }
  const out = [...cells.values()].sort((a, b) => b.quarter.localeCompare(a.quarter) || a.category.localeCompare(b.category));
  const withhold = (c: ReportCell) => {
    c.withheld = true;
    c.received = c.acknowledgedOnTime = c.feedbackOnTime = c.referred = c.substantiated = c.closed = null;
  };
  const quarters = new Set(out.map((c) => c.quarter));
  for (const quarter of quarters) {
    const inQuarter = out.filter((c) => c.quarter === quarter);
    const small = inQuarter.filter((c) => c.received! < minCell);
    small.forEach(withhold);
    if (small.length === 1) {
      const next = inQuarter.filter((c) => !c.withheld).sort((a, b) => a.received! - b.received!)[0];
      if (next) withhold(next);
    }
  }
  return out;
}

/** What the reporter wrote, as stored encrypted. */
export interface ReportContent {
  what: string;
  when: string | null;
  applicationNumber: string | null;
  unitCode: string | null;
  official: string | null;
  /** The reporter's language when filing, for the mailbox's texts. */
  locale: string;
}

/** A confidential or open reporter's identity, as stored encrypted. */
export interface ReporterIdentity {
  name: string;
  contact: string;
}

export const REPORT_TEXT_MAX = 20_000;
export const REPORT_SHORT_MAX = 200;
export const MESSAGE_MAX = 10_000;
export const MOTIVATION_MIN = 20;

/** A report as the form gives it, before checks. */
export interface ReportDraft {
  category: string;
  disclosure: string;
  recipient: string;
  what: string;
  when: string;
  applicationNumber: string;
  unitCode: string;
  official: string;
  name: string;
  contact: string;
}

/** A field and the catalogue key of what is wrong with it. */
export interface DraftIssue {
  field: string;
  key: string;
  values?: Record<string, number>;
}

/** Everything wrong with a draft, each naming its field; empty when it may be filed. */
export function reportDraftIssues(d: ReportDraft): DraftIssue[] {
  const issues: DraftIssue[] = [];
  if (!(REPORT_CATEGORIES as readonly string[]).includes(d.category)) issues.push({ field: 'category', key: 'report.error_category' });
  if (!(DISCLOSURES as readonly string[]).includes(d.disclosure)) issues.push({ field: 'disclosure', key: 'report.error_disclosure' });
  if (!(RECIPIENTS as readonly string[]).includes(d.recipient)) issues.push({ field: 'recipient', key: 'report.error_recipient' });
  if (!d.what.trim()) issues.push({ field: 'what', key: 'report.error_what' });
  if (d.what.length > REPORT_TEXT_MAX) issues.push({ field: 'what', key: 'error.too_long', values: { max: REPORT_TEXT_MAX } });
  for (const field of ['when', 'applicationNumber', 'unitCode', 'official', 'name', 'contact'] as const) {
    if (d[field].length > REPORT_SHORT_MAX) issues.push({ field, key: 'error.too_long', values: { max: REPORT_SHORT_MAX } });
  }
  if (d.applicationNumber.trim() && !NUMBER_PATTERN.test(d.applicationNumber.trim().toUpperCase())) {
    issues.push({ field: 'applicationNumber', key: 'report.error_application_number' });
  }
  if (d.disclosure === 'confidential' || d.disclosure === 'open') {
    if (!d.name.trim()) issues.push({ field: 'name', key: 'report.error_name' });
    if (!d.contact.trim()) issues.push({ field: 'contact', key: 'report.error_contact' });
  }
  return issues;
}

/** Bodies a report may be referred to; a deployment offers some of them (`REPORT_REFERRAL_BODIES`), and always `other`. */
export const REFERRAL_BODIES = ['police', 'prosecutor', 'anti_corruption_commission', 'audit_board', 'ombudsman', 'other'] as const;
export type ReferralBody = (typeof REFERRAL_BODIES)[number];

/** A referral as the investigator's form gives it. */
export interface ReferralDraft {
  body: string;
  otherName: string;
  /** The day it was sent, `YYYY-MM-DD`. */
  date: string;
  reason: string;
}

/**
 * What is wrong with a referral: a body the deployment does not offer, `other` without a name, a day that is not a
 * date, before the report was received or after today (both days in the jurisdiction's zone), no reason.
 */
export function referralIssues(d: ReferralDraft, offered: readonly string[], receivedDay: string, today: string): DraftIssue[] {
  const issues: DraftIssue[] = [];
  if (!(d.body === 'other' || offered.includes(d.body)) || !(REFERRAL_BODIES as readonly string[]).includes(d.body)) issues.push({ field: 'body', key: 'report.error_referral_body' });
  if (d.body === 'other' && !d.otherName.trim()) issues.push({ field: 'other_name', key: 'report.error_referral_other' });
  if (d.otherName.length > REPORT_SHORT_MAX) issues.push({ field: 'other_name', key: 'error.too_long', values: { max: REPORT_SHORT_MAX } });
  const valid = /^\d{4}-\d{2}-\d{2}$/.test(d.date) && DateTime.fromISO(d.date).isValid;
  if (!valid || d.date < receivedDay || d.date > today) issues.push({ field: 'referred_on', key: 'report.error_referral_date' });
  if (d.reason.trim().length < MOTIVATION_MIN) issues.push({ field: 'referral_reason', key: 'report.error_reason', values: { min: MOTIVATION_MIN } });
  if (d.reason.length > MESSAGE_MAX) issues.push({ field: 'referral_reason', key: 'error.too_long', values: { max: MESSAGE_MAX } });
  return issues;
}

/** How grave a substantiated finding is, as the auditor judges it when turning it into a deduction. */
export const FINDING_SEVERITIES = ['minor', 'serious', 'grave'] as const;
export type FindingSeverity = (typeof FINDING_SEVERITIES)[number];

/** Share of the Index's scale each severity deducts: 0.2, 0.5 and 1 point on 0–10; 2, 5 and 10 on 0–100. */
const SEVERITY_SHARE: Record<FindingSeverity, number> = { minor: 0.02, serious: 0.05, grave: 0.1 };

/** The points a finding of `severity` deducts on a scale of `scale`. */
export function findingPoints(severity: FindingSeverity, scale: number): number {
  return Math.round(SEVERITY_SHARE[severity] * scale * 1000) / 1000;
}

/** Outcomes that may name a department and become a deduction. */
export const FINDING_OUTCOMES: readonly string[] = ['substantiated', 'partly_substantiated'];
