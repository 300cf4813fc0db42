import type { InvestigatorReport } from '../../commands/reports/investigate.js';
import type { CleanedFiles } from '../../commands/reports/fileReport.js';
import type { OpenedReport } from '../../commands/reports/reading.js';
import type { Db } from '../../db/types.js';
import { unitChoices } from '../../db/repos/register.js';
import { identityRequestsFor, reportAccesses, reportChannels, reportFacts, reportQueue, reportZone } from '../../db/repos/reports.js';
import type { OfficialActor } from '../../domain/actor.js';
import { recipientsOf } from '../../policies/reports.js';
import { reportStatistics, type ReportCategory, type Outcome } from '../../domain/reports.js';
import type { ViewContext } from '../../views/context.js';
import { CustodyPage, OfficeReportPage, ReportAccessPage, ReportQueuePage, UnlockPage } from '../../views/reports/office.js';
import { MailboxPage, ReportFormPage, ReportStatisticsPage } from '../../views/reports/reporter.js';

/** Page assemblers of the reporting channel: the reads each page needs, handed to its view. */

/** The reporter's form with the jurisdictions whose channel is open and the departments; `errors` come later. */
export async function reportFormPage(db: Db, ctx: ViewContext, props: { values: Record<string, string> }) {
  const [channels, units] = await Promise.all([reportChannels(db), unitChoices(db)]);
  return (errors: Record<string, string>) => ReportFormPage({ ctx, channels, units, values: props.values, errors });
}

/** The mailbox: the receipt form, or the report it opened. */
export function mailboxPage(ctx: ViewContext, props: { values: Record<string, string>; report?: OpenedReport; sent?: boolean; cleaned?: CleanedFiles }) {
  return (errors: Record<string, string>) => MailboxPage({ ctx, ...props, errors });
}

/** The public figures of every jurisdiction's channel, per quarter and category. */
export async function reportStatisticsPage(db: Db, ctx: ViewContext, minCell: number) {
  const channels = await reportChannels(db);
  const now = new Date();
  const tables = [];
  // Bounded by the number of jurisdictions.
  for (const j of channels) {
    const facts = (await reportFacts(db, j.id)).map((r) => ({
      category: r.category as ReportCategory, receivedAt: r.received_at, acknowledgedAt: r.acknowledged_at, closedAt: r.closed_at,
      outcome: r.outcome as Outcome | null, extendedMonths: r.extended_months, referredAt: r.referred_at,
    }));
    tables.push({ jurisdiction: j, cells: reportStatistics(facts, j.time_zone, minCell, now) });
  }
  return ReportStatisticsPage({ ctx, tables, minCell });
}

/** The investigators' queue of their jurisdiction. */
export async function reportQueuePage(db: Db, ctx: ViewContext, official: OfficialActor, unlocked: boolean) {
  const [rows, zone] = await Promise.all([reportQueue(db, official.jurisdictionId, recipientsOf(official)), reportZone(db, official.jurisdictionId)]);
  return ReportQueuePage({ ctx, rows, zone, unlocked, now: new Date() });
}

/** The password form that unlocks the channel's keys for the session. */
export function unlockPage(ctx: ViewContext, props: { next: string }) {
  return (errors: Record<string, string>) => UnlockPage({ ctx, next: props.next, errors });
}

/** One report for an investigator. */
export function officeReportPage(ctx: ViewContext, view: InvestigatorReport, props: { values: Record<string, string>; done?: string; referralBodies: readonly string[] }) {
  return (errors: Record<string, string>) => OfficeReportPage({ ctx, view, values: props.values, done: props.done, referralBodies: props.referralBodies, errors, now: new Date() });
}

/** The custodians' list of identity requests. */
export async function custodyPage(db: Db, ctx: ViewContext, official: OfficialActor, unlocked: boolean, props: { values: Record<string, string>; requestId?: number }) {
  const [requests, zone] = await Promise.all([identityRequestsFor(db, official.jurisdictionId), reportZone(db, official.jurisdictionId)]);
  return (errors: Record<string, string>) => CustodyPage({ ctx, requests, zone, unlocked, values: props.values, requestId: props.requestId, errors });
}

/** Who opened which report, for auditors. */
export async function reportAccessPage(db: Db, ctx: ViewContext, official: OfficialActor) {
  const [rows, zone] = await Promise.all([reportAccesses(db, official.jurisdictionId), reportZone(db, official.jurisdictionId)]);
  return ReportAccessPage({ ctx, rows, zone });
}
