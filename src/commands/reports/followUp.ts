import { DateTime } from 'luxon';
import type { Db } from '../../db/types.js';
import { insertAssignment, insertReferral, reportZone, ringMembers, updateReport } from '../../db/repos/reports.js';
import type { OfficialActor } from '../../domain/actor.js';
import { encrypt } from '../../domain/reportCrypto.js';
import { referralIssues, type ReferralDraft } from '../../domain/reports.js';
import { invalidTransition, validationError } from '../../errors.js';
import { change, reportFor, reportKey, ringOf } from './investigate.js';
import type { SessionKeys } from './keys.js';
import type { ReportRow } from './reading.js';

/** Follow-up acts on a report: giving it to a colleague, and referring it to another body. */

/** The colleagues a report can be given to: the members of its key ring, who can decrypt it. */
export function assignableTo(db: Db, row: Pick<ReportRow, 'recipient' | 'jurisdiction_id'>) {
  const ring = ringOf(row.recipient);
  return ringMembers(db, row.jurisdiction_id, ring.purpose, ring.role);
}

/**
 * Gives a report to a member of its key ring (themself, a colleague, or nobody when `assignee` is empty); anyone else,
 * who could not open it, is refused. Recorded in the report's history and its access log.
 */
export async function assignReport(db: Db, actor: OfficialActor, id: number, props: { assignee: string; now?: Date }): Promise<void> {
  const row = await reportFor(db, actor, id);
  let assignee: number | null = null;
  if (props.assignee) {
    const members = await assignableTo(db, row);
    assignee = members.find((m) => String(m.id) === props.assignee)?.id ?? null;
    if (assignee === null) throw validationError([{ field: 'assignee', key: 'report.error_assignee' }]);
  }
  await change(db, actor, id, 'assign', async (locked, trx) => {
    if (locked.status === 'closed') throw invalidTransition('report.error_closed');
    if (locked.assigned_to === assignee) return;
    await updateReport(trx, id, { assigned_to: assignee });
    await insertAssignment(trx, { reportId: id, assignedTo: assignee, assignedBy: actor.id, at: props.now ?? new Date() });
  });
}

/**
 * Records a referral to another body: one the deployment offers (`offered`) or another named one, the day it was sent
 * and why. The body's name and the reason are encrypted with the report's key; the reporter's mailbox shows where it
 * went. The first referral counts as the feedback the reporter is owed (`domain/reports.feedbackGivenAt`); the report
 * stays open until concluded, with "referred" or another outcome.
 */
export async function referReport(
  db: Db,
  actor: OfficialActor,
  keys: SessionKeys | null,
  id: number,
  props: ReferralDraft & { offered: readonly string[]; now?: Date },
): Promise<void> {
  const row = await reportFor(db, actor, id);
  const zone = await reportZone(db, row.jurisdiction_id);
  const now = props.now ?? new Date();
  const day = (d: Date) => DateTime.fromJSDate(d, { zone }).toISODate()!;
  const issues = referralIssues(props, props.offered, day(row.received_at), day(now));
  if (issues.length) throw validationError(issues);
  const key = reportKey(row, keys);
  if (!key) throw invalidTransition('report.error_purged');
  const detail = encrypt(key, Buffer.from(JSON.stringify({ otherName: props.body === 'other' ? props.otherName.trim() : null, reason: props.reason.trim() })), 'report referral');
  await change(db, actor, id, 'refer', async (locked, trx) => {
    if (locked.status === 'received') throw invalidTransition('report.error_acknowledge_first');
    if (locked.status === 'closed') throw invalidTransition('report.error_closed');
    await insertReferral(trx, { reportId: id, body: props.body, referredOn: props.date, detail, recordedBy: actor.id, at: now });
    if (!locked.referred_at) await updateReport(trx, id, { referred_at: now });
  });
}
