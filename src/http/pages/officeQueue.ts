import { jurisdictionTimeZone } from '../../db/repos/administration.js';
import { openInquiriesOfUnit } from '../../db/repos/inquiries.js';
import { officeQueue } from '../../db/repos/office.js';
import type { Db } from '../../db/types.js';
import type { OfficialActor } from '../../domain/actor.js';
import type { ViewContext } from '../../views/context.js';
import { EscalatedInquiriesNotice, QueueInquiries } from '../../views/inquiries.js';
import { QueuePage } from '../../views/office/queue.js';

/** The office's front page: the official's own cases, their unit's work (or every overdue case), open questions. */
export async function queuePage(db: Db, ctx: ViewContext, actor: OfficialActor) {
  // Auditors watch every overdue case; everyone else their own and their unit's work.
  const auditor = actor.roles.includes('auditor');
  const [mine, unit] = await Promise.all([officeQueue(db, actor, 'mine'), officeQueue(db, actor, auditor ? 'overdue' : 'unit')]);
  const zone = await jurisdictionTimeZone(db, actor.jurisdictionId);
  const inquiries = await openInquiriesOfUnit(db, actor.unitId);
  const top = EscalatedInquiriesNotice({ ctx, count: inquiries.filter((r) => r.escalated_at).length, supervisor: actor.roles.includes('supervisor') || auditor });
  return QueuePage({ ctx, mine, unit, top, extra: QueueInquiries({ ctx, rows: inquiries, zone }) });
}
