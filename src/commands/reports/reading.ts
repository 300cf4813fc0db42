import type { Db } from '../../db/types.js';
import { referralsOf, reportFiles, reportMessages, type reportById } from '../../db/repos/reports.js';
import { decrypt } from '../../domain/reportCrypto.js';
import { feedbackGivenAt, reportDeadlines, type ReportContent } from '../../domain/reports.js';

/** A report row as the repository gives it. */
export type ReportRow = NonNullable<Awaited<ReturnType<typeof reportById>>>;

/** A message as its reader sees it, decrypted. */
export interface ReportMessageView {
  id: number;
  author: 'reporter' | 'investigator';
  kind: 'message' | 'note';
  text: string;
  at: Date;
  /** The investigator's name, for the office only. */
  nameKo: string | null;
  nameEn: string | null;
}

/** A file's listing, decrypted (never its bytes). */
export interface ReportFileView {
  id: number;
  messageId: number | null;
  filename: string;
  type: string;
  size: number;
}

/** A referral to another body as its reader sees it; the reason only for the office. */
export interface ReportReferralView {
  body: string;
  /** The body's name when it is not one of the listed ones. */
  otherName: string | null;
  referredOn: string;
  reason: string | null;
  at: Date;
  nameKo: string;
  nameEn: string;
}

/** A report opened with its key: the clear columns, its deadlines, and what was decrypted. */
export interface OpenedReport {
  id: number;
  jurisdictionId: string;
  category: string;
  disclosure: string;
  recipient: 'investigators' | 'head';
  status: string;
  receivedAt: Date;
  acknowledgedAt: Date | null;
  closedAt: Date | null;
  outcome: string | null;
  extendedMonths: number | null;
  priority: string;
  labels: string[];
  acknowledgeBy: Date;
  feedbackBy: Date;
  /** When the reporter had feedback: the closing, or an earlier referral. */
  feedbackAt: Date | null;
  referredAt: Date | null;
  /** The jurisdiction's time zone, for showing dates. */
  zone: string;
  /** Null once retention deleted it. */
  content: ReportContent | null;
  messages: ReportMessageView[];
  files: ReportFileView[];
  referrals: ReportReferralView[];
}

/**
 * Decrypts a report's content, messages (and the investigators' notes when `withNotes`) and file listing with its
 * key; `key` null (a report whose content retention deleted) gives the clear columns alone.
 */
export async function openReport(db: Db, row: ReportRow, key: Buffer | null, zone: string, withNotes: boolean): Promise<OpenedReport> {
  const due = reportDeadlines({ receivedAt: row.received_at, acknowledgedAt: row.acknowledged_at, extendedMonths: row.extended_months }, zone);
  const opened: OpenedReport = {
    id: row.id, jurisdictionId: row.jurisdiction_id, category: row.category, disclosure: row.disclosure, recipient: row.recipient, status: row.status, receivedAt: row.received_at,
    acknowledgedAt: row.acknowledged_at, closedAt: row.closed_at, outcome: row.outcome, extendedMonths: row.extended_months, priority: row.priority,
    labels: row.labels, acknowledgeBy: due.acknowledgeBy, feedbackBy: due.feedbackBy, feedbackAt: feedbackGivenAt({ closedAt: row.closed_at, referredAt: row.referred_at }),
    referredAt: row.referred_at, zone, content: null, messages: [], files: [], referrals: [],
  };
  for (const r of row.referred_at ? await referralsOf(db, row.id) : []) {
    const detail = key && r.detail ? decrypt(key, r.detail, 'report referral') : null;
    const parsed = detail ? (JSON.parse(detail.toString('utf8')) as { otherName: string | null; reason: string }) : null;
    opened.referrals.push({
      body: r.body, otherName: parsed?.otherName ?? null, referredOn: r.referred_on, reason: withNotes ? (parsed?.reason ?? null) : null, at: r.recorded_at, nameKo: r.name_ko, nameEn: r.name_en,
    });
  }
  if (!key || !row.content) return opened;
  const content = decrypt(key, row.content, 'report content');
  opened.content = content ? (JSON.parse(content.toString('utf8')) as ReportContent) : null;
  for (const m of await reportMessages(db, row.id, withNotes)) {
    const text = decrypt(key, m.body, 'report message');
    if (text === null) continue;
    opened.messages.push({ id: m.id, author: m.author, kind: m.kind, text: text.toString('utf8'), at: m.created_at, nameKo: m.name_ko, nameEn: m.name_en });
  }
  const visible = new Set(opened.messages.map((m) => m.id));
  for (const f of await reportFiles(db, row.id)) {
    // A file sent with an investigators' note is theirs alone.
    if (f.message_id !== null && !visible.has(f.message_id)) continue;
    const meta = decrypt(key, f.meta, 'report file meta');
    if (!meta) continue;
    const { filename, type } = JSON.parse(meta.toString('utf8')) as { filename: string; type: string };
    opened.files.push({ id: f.id, messageId: f.message_id, filename, type, size: f.size });
  }
  return opened;
}
