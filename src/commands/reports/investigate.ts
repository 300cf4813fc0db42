import { randomBytes } from 'node:crypto';
import type { Db } from '../../db/types.js';
import { inTransaction } from '../../db/repos/cases.js';
import {
  accessesOfReport, assignmentsOf, findingOf, identityRequestsOf, insertFinding, reportZone, ringMembers, insertIdentityRequest, insertReportFile, insertReportMessage, lockReport, recordReportAccess, reportById, reportFile,
  updateReport, type ReportPatch,
} from '../../db/repos/reports.js';
import type { OfficialActor } from '../../domain/actor.js';
import { decrypt, encrypt, unwrapWith } from '../../domain/reportCrypto.js';
import {
  FEEDBACK_MONTHS_MAX, FINDING_OUTCOMES, MESSAGE_MAX, MOTIVATION_MIN, OUTCOMES, PRIORITIES, type ReporterIdentity,
} from '../../domain/reports.js';
import { integrityCatalogue, unitInJurisdiction } from '../../db/repos/integrity.js';
import { AppError, conflict, invalidTransition, notFound, validationError } from '../../errors.js';
import { mayInvestigateReport } from '../../policies/reports.js';
import { sealFiles, type ReportUpload } from './fileReport.js';
import type { SessionKeys } from './keys.js';
import { openReport, type OpenedReport, type ReportRow } from './reading.js';

/** Investigators' acts on a report. Each checks the policy, records the access (who, when, what) and changes nothing on a refusal. */

/** Thrown when the session has not unlocked the channel's keys: the route asks for the password. */
export const locked = () => new AppError('locked', 'report.locked');

/** A report an investigator may work, or a refusal. */
export async function reportFor(db: Db, actor: OfficialActor, id: number): Promise<ReportRow> {
  const row = await reportById(db, id);
  if (!row) throw notFound('report.not_found');
  mayInvestigateReport(actor, row);
  return row;
}

/** The report's key from the session's ring, null once retention deleted it; `locked` when the session holds no ring. */
export function reportKey(row: ReportRow, keys: SessionKeys | null): Buffer | null {
  const ring = row.recipient === 'head' ? keys?.rings.head : keys?.rings.investigation;
  if (!ring) throw locked();
  return row.key_for_investigators ? unwrapWith(ring, row.key_for_investigators, 'report key') : null;
}

/** The key ring whose members can open a report to `recipient`, and the role they hold. */
export const ringOf = (recipient: 'investigators' | 'head') =>
  recipient === 'head' ? { purpose: 'head' as const, role: 'head' } : { purpose: 'investigation' as const, role: 'investigator' };

/** An identity request as the report page lists it. */
export type IdentityRequestRow = Awaited<ReturnType<typeof identityRequestsOf>>[number];

/** The investigator's view of a report: everything decrypted, the identity when it is open or a custodian approved. */
export interface InvestigatorReport {
  report: OpenedReport;
  identity: ReporterIdentity | null;
  identityRequests: IdentityRequestRow[];
  accesses: Awaited<ReturnType<typeof accessesOfReport>>;
  /** Who was given the report, by whom, oldest first. */
  assignments: Awaited<ReturnType<typeof assignmentsOf>>;
  /** The members of the report's key ring, who can be given it. */
  colleagues: Awaited<ReturnType<typeof ringMembers>>;
  /** The finding against a department, when the conclusion named one. */
  finding: Awaited<ReturnType<typeof findingOf>>;
  /** The jurisdiction's departments, which a finding may be against. */
  units: { code: string; name: { ko: string; en: string } }[];
}

/** Opens a report for an investigator, recording the access (and the identity's, when it is shown). */
export async function investigatorReport(db: Db, actor: OfficialActor, keys: SessionKeys | null, id: number): Promise<InvestigatorReport> {
  const row = await reportFor(db, actor, id);
  const key = reportKey(row, keys);
  const zone = await reportZone(db, row.jurisdiction_id);
  const report = await openReport(db, row, key, zone, true);
  const identityRequests = await identityRequestsOf(db, id);
  let identity: ReporterIdentity | null = null;
  if (row.identity && key) {
    let identityKey: Buffer | null = null;
    if (row.disclosure === 'open') identityKey = key;
    else {
      const approved = identityRequests.find((r) => r.requested_by === actor.id && r.decision === 'approved' && r.identity_key_for_requester);
      if (approved) identityKey = unwrapWith(keys!.own, approved.identity_key_for_requester!, 'report identity key');
    }
    const opened = identityKey ? decrypt(identityKey, row.identity, 'report identity') : null;
    if (opened) identity = JSON.parse(opened.toString('utf8')) as ReporterIdentity;
  }
  await recordReportAccess(db, id, actor.id, identity && row.disclosure === 'confidential' ? 'view_with_identity' : 'view');
  const ring = ringOf(row.recipient);
  const [accesses, assignments, colleagues, finding, catalogue] = await Promise.all([
    accessesOfReport(db, id), assignmentsOf(db, id), ringMembers(db, row.jurisdiction_id, ring.purpose, ring.role), findingOf(db, id), integrityCatalogue(db, row.jurisdiction_id),
  ]);
  return { report, identity, identityRequests, accesses, assignments, colleagues, finding, units: catalogue.units };
}

/** Runs an act on a locked report after the policy, recording the access as `action`. */
export async function change(db: Db, actor: OfficialActor, id: number, action: string, work: (row: ReportRow, trx: Parameters<Parameters<typeof inTransaction>[1]>[0]) => Promise<void>) {
  await inTransaction(db, async (trx) => {
    const row = await lockReport(trx, id);
    if (!row) throw notFound('report.not_found');
    mayInvestigateReport(actor, row);
    await work(row, trx);
    await recordReportAccess(trx, id, actor.id, action);
  });
}

/** Acknowledges receipt (the reporter's mailbox shows it); only a report not yet acknowledged. */
export async function acknowledgeReport(db: Db, actor: OfficialActor, id: number, now = new Date()): Promise<void> {
  await change(db, actor, id, 'acknowledge', async (row, trx) => {
    if (row.status !== 'received') throw invalidTransition('report.error_already_acknowledged');
    await updateReport(trx, id, { status: 'acknowledged', acknowledged_at: now });
  });
}

/** Writes to the reporter (`message`, shown in the mailbox) or a note only investigators read (`note`), with files. */
export async function writeOnReport(
  db: Db,
  actor: OfficialActor,
  keys: SessionKeys | null,
  id: number,
  props: { kind: string; text: string; files: readonly ReportUpload[]; now?: Date },
): Promise<void> {
  const row = await reportFor(db, actor, id);
  const key = reportKey(row, keys);
  if (!key) throw invalidTransition('report.error_purged');
  const kind = props.kind === 'note' ? 'note' : 'message';
  const text = props.text.trim();
  if (!text) throw validationError([{ field: 'text', key: 'report.error_message' }]);
  if (text.length > MESSAGE_MAX) throw validationError([{ field: 'text', key: 'error.too_long', values: { max: MESSAGE_MAX } }]);
  let files;
  try {
    files = sealFiles(key, props.files);
  } catch {
    throw validationError([{ field: 'files', key: 'report.error_file_type' }]);
  }
  const now = props.now ?? new Date();
  await change(db, actor, id, kind === 'note' ? 'note' : 'message', async (locked, trx) => {
    if (kind === 'message' && locked.status === 'closed') throw invalidTransition('report.error_closed');
    const messageId = await insertReportMessage(trx, { reportId: id, author: 'investigator', officialId: actor.id, kind, body: encrypt(key, Buffer.from(text), 'report message'), at: now });
    for (const f of files) await insertReportFile(trx, { reportId: id, messageId, ...f, at: now });
  });
}

/**
 * Triage: priority, labels (up to 10, each up to 40 characters), and the feedback period extended to 4–6 months,
 * which needs a reason (kept as a note). Who handles the report is `assignReport`'s.
 */
export async function triageReport(
  db: Db,
  actor: OfficialActor,
  keys: SessionKeys | null,
  id: number,
  props: { priority: string; labels: string; extendMonths: string; reason: string; now?: Date },
): Promise<void> {
  const issues = [];
  if (!(PRIORITIES as readonly string[]).includes(props.priority)) issues.push({ field: 'priority', key: 'report.error_priority' });
  const labels = [...new Set(props.labels.split(',').map((l) => l.trim()).filter(Boolean))];
  if (labels.length > 10 || labels.some((l) => l.length > 40)) issues.push({ field: 'labels', key: 'report.error_labels' });
  const months = props.extendMonths ? Number(props.extendMonths) : null;
  if (months !== null && !(Number.isInteger(months) && months >= 4 && months <= FEEDBACK_MONTHS_MAX)) issues.push({ field: 'extend_months', key: 'report.error_extend' });
  if (months !== null && props.reason.trim().length < MOTIVATION_MIN) issues.push({ field: 'reason', key: 'report.error_reason', values: { min: MOTIVATION_MIN } });
  if (issues.length) throw validationError(issues);
  const row = await reportFor(db, actor, id);
  const key = months !== null ? reportKey(row, keys) : null;
  await change(db, actor, id, 'triage', async (locked, trx) => {
    const patch: ReportPatch = { priority: props.priority, labels };
    if (months !== null && months !== locked.extended_months) {
      if (locked.status === 'closed') throw invalidTransition('report.error_closed');
      if (!key) throw invalidTransition('report.error_purged');
      patch.extended_months = months;
      const note = `${months} · ${props.reason.trim()}`;
      await insertReportMessage(trx, { reportId: id, author: 'investigator', officialId: actor.id, kind: 'note', body: encrypt(key, Buffer.from(note), 'report message'), at: props.now ?? new Date() });
    }
    await updateReport(trx, id, patch);
  });
}

const BASE32 = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A finding's public reference: 40 random bits, `RF-7Q2M-9X4K`, saying nothing of the report it came from. */
export function findingReference(): string {
  const chars = [...randomBytes(8)].map((b) => BASE32[b & 31]).join('');
  return `RF-${chars.slice(0, 4)}-${chars.slice(4)}`;
}

/**
 * Concludes: the outcome and the feedback the reporter reads in their mailbox; the report must be acknowledged first.
 * A substantiated or partly substantiated finding may name the department it is against (`findingUnit`, a unit code),
 * which an auditor can later turn into an Integrity Index deduction under the finding's opaque reference; "referred"
 * needs a recorded referral.
 */
export async function concludeReport(
  db: Db,
  actor: OfficialActor,
  keys: SessionKeys | null,
  id: number,
  props: { outcome: string; feedback: string; findingUnit?: string; now?: Date },
): Promise<void> {
  const issues = [];
  if (!(OUTCOMES as readonly string[]).includes(props.outcome)) issues.push({ field: 'outcome', key: 'report.error_outcome' });
  const findingUnit = props.findingUnit?.trim() ?? '';
  if (findingUnit && !FINDING_OUTCOMES.includes(props.outcome)) issues.push({ field: 'finding_unit', key: 'report.error_finding_outcome' });
  const feedback = props.feedback.trim();
  if (!feedback) issues.push({ field: 'feedback', key: 'report.error_feedback' });
  if (feedback.length > MESSAGE_MAX) issues.push({ field: 'feedback', key: 'error.too_long', values: { max: MESSAGE_MAX } });
  if (issues.length) throw validationError(issues);
  const row = await reportFor(db, actor, id);
  const key = reportKey(row, keys);
  if (!key) throw invalidTransition('report.error_purged');
  const unit = findingUnit ? await unitInJurisdiction(db, row.jurisdiction_id, findingUnit) : undefined;
  if (findingUnit && !unit) throw validationError([{ field: 'finding_unit', key: 'report.error_finding_unit' }]);
  const now = props.now ?? new Date();
  await change(db, actor, id, 'conclude', async (locked, trx) => {
    if (locked.status === 'received') throw invalidTransition('report.error_acknowledge_first');
    if (locked.status === 'closed') throw invalidTransition('report.error_closed');
    // "Referred" closes a report whose referral was recorded: who it went to, when and why.
    if (props.outcome === 'referred' && !locked.referred_at) throw validationError([{ field: 'outcome', key: 'report.error_refer_first' }]);
    if (unit) await insertFinding(trx, { reportId: id, reference: findingReference(), unitId: unit.id, at: now });
    await insertReportMessage(trx, { reportId: id, author: 'investigator', officialId: actor.id, kind: 'message', body: encrypt(key, Buffer.from(feedback), 'report message'), at: now });
    await updateReport(trx, id, { status: 'closed', closed_at: now, outcome: props.outcome });
  });
}

/** Asks the custodians to see a confidential reporter's identity, with a motivation of at least 20 characters. */
export async function requestIdentity(db: Db, actor: OfficialActor, id: number, props: { motivation: string; now?: Date }): Promise<void> {
  const motivation = props.motivation.trim();
  if (motivation.length < MOTIVATION_MIN) throw validationError([{ field: 'motivation', key: 'report.error_motivation', values: { min: MOTIVATION_MIN } }]);
  if (motivation.length > MESSAGE_MAX) throw validationError([{ field: 'motivation', key: 'error.too_long', values: { max: MESSAGE_MAX } }]);
  await change(db, actor, id, 'identity_requested', async (row, trx) => {
    if (row.disclosure !== 'confidential' || !row.identity_key_for_custody) throw invalidTransition('report.error_not_confidential');
    if (!(await insertIdentityRequest(trx, { reportId: id, officialId: actor.id, motivation, at: props.now ?? new Date() }))) {
      throw conflict('report.error_request_pending');
    }
  });
}

/** One of a report's files for an investigator, decrypted; the download is recorded. */
export async function investigatorFile(db: Db, actor: OfficialActor, keys: SessionKeys | null, id: number, fileId: number) {
  const row = await reportFor(db, actor, id);
  const key = reportKey(row, keys);
  const stored = key ? await reportFile(db, id, fileId) : undefined;
  const meta = stored && key ? decrypt(key, stored.meta, 'report file meta') : null;
  const bytes = stored && key ? decrypt(key, stored.body, 'report file body') : null;
  if (!meta || !bytes) throw notFound();
  await recordReportAccess(db, id, actor.id, `file ${fileId}`);
  const { filename, type } = JSON.parse(meta.toString('utf8')) as { filename: string; type: string };
  return { filename, type, bytes };
}
