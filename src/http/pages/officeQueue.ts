import { jurisdictionTimeZone } from '../../db/repos/administration.js';
import { openInquiriesOfUnit } from '../../db/repos/inquiries.js';
import { dueDatesOfCases } from '../../db/repos/clocks.js';
import { officeQueue, officeQueueCount, type QueueRow } from '../../db/repos/office.js';
import { arrangeQueue, readQueueQuery } from '../../domain/queue.js';
import { filingState } from './declarations.js';
import { DeclarationReminder } from '../../views/fair/declarations.js';
import type { Db } from '../../db/types.js';
import type { OfficialActor } from '../../domain/actor.js';
import type { ViewContext } from '../../views/context.js';
import { EscalatedInquiriesNotice, QueueInquiries } from '../../views/inquiries.js';
import { QueuePage } from '../../views/office/queue.js';

/** How many cases a queue reads and shows at most; the heading says when there are more. */
const QUEUE_LIMIT = 200;

/**
 * The office's front page: the official's own cases, their unit's work (or every overdue case), open questions; each
 * list with its due dates, in the order and with the filters the address asks for.
 */
export async function queuePage(db: Db, ctx: ViewContext, actor: OfficialActor, rawQuery: Record<string, unknown> = {}) {
  // Auditors watch every overdue case; everyone else their own and their unit's work.
  const auditor = actor.roles.includes('auditor');
  const unitScope = auditor ? 'overdue' : 'unit';
  const query = readQueueQuery(rawQuery);
  const [mineRows, unitRows, mineTotal, unitTotal] = await Promise.all([
    officeQueue(db, actor, 'mine', QUEUE_LIMIT),
    officeQueue(db, actor, unitScope, QUEUE_LIMIT),
    officeQueueCount(db, actor, 'mine'),
    officeQueueCount(db, actor, unitScope),
  ]);
  const due = await dueDatesOfCases(db, [...new Map([...mineRows, ...unitRows].map((r) => [r.id, r])).values()]);
  // The overdue mark and the due date both come from the clock computed now, never from the last scan's flag.
  const none = { due_at: null, stage: null, overdue: false, provisional: false };
  const withDue = (rows: QueueRow[]) => arrangeQueue(rows.map((r) => {
    const d = due.get(r.id) ?? none;
    return { ...r, due_at: d.due_at, due_stage: d.stage, due_provisional: d.provisional, overdue: d.overdue };
  }), query);
  const mine = { rows: withDue(mineRows), total: mineTotal, read: mineRows.length };
  const unit = { rows: withDue(unitRows), total: unitTotal, read: unitRows.length };
  const zone = await jurisdictionTimeZone(db, actor.jurisdictionId);
  const inquiries = await openInquiriesOfUnit(db, actor.unitId);
  // An official who must file this year's declaration of assets and interests is reminded here until they have.
  const filing = await filingState(db, actor, new Date().getUTCFullYear());
  const top = [
    DeclarationReminder({ ctx, state: filing, zone: filing.zone }),
    EscalatedInquiriesNotice({ ctx, count: inquiries.filter((r) => r.escalated_at).length, supervisor: actor.roles.includes('supervisor') || auditor }),
  ];
  return QueuePage({ ctx, mine, unit, query, top, extra: QueueInquiries({ ctx, rows: inquiries, zone }) });
}
