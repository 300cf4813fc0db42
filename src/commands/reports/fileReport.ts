import { createHash } from 'node:crypto';
import type { Db } from '../../db/types.js';
import { inTransaction } from '../../db/repos/cases.js';
import { jurisdictionExists } from '../../db/repos/jurisdictions.js';
import { insertReport, insertReportFile, keyringKey, receiptSalt, sealReport } from '../../db/repos/reports.js';
import { checkUploads, type CheckedDocument } from '../../domain/documents.js';
import type { MetadataKind } from '../../domain/fileMetadata.js';
import { encrypt, newReceipt, newSecretKey, stretch, subkey, wrapFor } from '../../domain/reportCrypto.js';
import { reportDraftIssues, type Disclosure, type Recipient, type ReportContent, type ReportDraft, type ReporterIdentity } from '../../domain/reports.js';
import { AppError, conflict, validationError } from '../../errors.js';

/** A file as the form sent it. */
export interface ReportUpload {
  filename: string;
  bytes: Buffer;
}

/** The key material a receipt gives: where its report is (`lookup`) and the key its report's key is wrapped with. */
export async function receiptKeys(db: Db, receipt: string): Promise<{ lookup: Buffer; key: Buffer }> {
  const material = await stretch(receipt, await receiptSalt(db));
  return { lookup: subkey(material, 'report receipt lookup'), key: subkey(material, 'report receipt key') };
}

/** Encrypts checked files for a report: their names and types, and their bytes, each under the report's key. */
export function sealChecked(reportKey: Buffer, files: readonly CheckedDocument[]) {
  return files.map((f) => ({
    meta: encrypt(reportKey, Buffer.from(JSON.stringify({ filename: f.filename, type: f.type })), 'report file meta'),
    body: encrypt(reportKey, f.bytes, 'report file body'),
    size: f.bytes.length,
  }));
}

/** Checks files' types and encrypts them for a report (an investigator's files, kept as they are). */
export function sealFiles(reportKey: Buffer, uploads: readonly ReportUpload[]) {
  return sealChecked(reportKey, checkUploads(uploads.map((u) => ({ kind: 'evidence', filename: u.filename, bytes: u.bytes }))));
}

/** What was removed from each of a reporter's files; null when they chose to send them as they were. */
export type CleanedFiles = { filename: string; removed: MetadataKind[] }[] | null;

/**
 * A reporter's files made ready to encrypt: their types recognised from their bytes, and, when they asked for it
 * (`strip`), their hidden details removed (`stripMetadata`). A file of another type, or one that cannot be read to
 * strip it, refuses the lot with a field error naming it. At most one file at a time is decoded.
 */
export async function prepareReporterFiles(uploads: readonly ReportUpload[], strip: boolean): Promise<{ files: CheckedDocument[]; cleaned: CleanedFiles }> {
  let files: CheckedDocument[];
  try {
    files = checkUploads(uploads.map((u) => ({ kind: 'evidence', filename: u.filename, bytes: u.bytes })));
  } catch (error) {
    if (error instanceof AppError) throw validationError([{ field: 'files', key: 'report.error_file_type', values: error.values as Record<string, string> }]);
    throw error;
  }
  if (!strip) return { files, cleaned: null };
  // pdf-lib and sharp are loaded when a reporter first asks for stripping, not at start.
  const { UnreadableFile, stripMetadata } = await import('./stripMetadata.js');
  const cleaned: NonNullable<CleanedFiles> = [];
  const stripped: CheckedDocument[] = [];
  for (const f of files) {
    try {
      const { bytes, removed } = await stripMetadata(f.bytes, f.type);
      stripped.push({ ...f, bytes });
      cleaned.push({ filename: f.filename, removed });
    } catch (error) {
      if (error instanceof UnreadableFile) throw validationError([{ field: 'files', key: 'report.error_strip', values: { filename: f.filename } }]);
      throw error;
    }
  }
  return { files: stripped, cleaned };
}

export interface FileReportProps {
  jurisdictionId: string;
  draft: ReportDraft;
  files: readonly ReportUpload[];
  /** The form's one-time value: the same form sent twice files one report. */
  formNonce: string;
  locale: string;
  /** The reporter's choice to remove the files' hidden details before they are stored. */
  stripMetadata: boolean;
  now?: Date;
}

/**
 * Files a report and returns its receipt, which nobody else ever sees: only keys derived from it are stored. The
 * report's key is wrapped for the jurisdiction's investigators and for the receipt; a confidential reporter's
 * identity has a key of its own, wrapped for the custodians. Everything is written in one transaction or not at all.
 */
export async function fileReport(db: Db, props: FileReportProps): Promise<{ receipt: string; cleaned: CleanedFiles }> {
  const { draft } = props;
  const issues = reportDraftIssues(draft);
  if (!(await jurisdictionExists(db, props.jurisdictionId))) issues.push({ field: 'jurisdiction', key: 'report.error_jurisdiction' });
  if (issues.length) throw validationError(issues);
  const recipient = draft.recipient as Recipient;
  const investigators = await keyringKey(db, props.jurisdictionId, recipient === 'head' ? 'head' : 'investigation');
  if (!investigators) throw validationError([recipient === 'head' ? { field: 'recipient', key: 'report.error_no_head' } : { field: 'jurisdiction', key: 'report.error_channel_closed' }]);
  const disclosure = draft.disclosure as Disclosure;
  const custodians = disclosure === 'confidential' ? await keyringKey(db, props.jurisdictionId, 'custody') : undefined;
  if (disclosure === 'confidential' && !custodians) throw validationError([{ field: 'disclosure', key: 'report.error_no_custodian' }]);

  const reportKey = newSecretKey();
  const prepared = await prepareReporterFiles(props.files, props.stripMetadata);
  const files = sealChecked(reportKey, prepared.files);
  const receipt = newReceipt();
  const fromReceipt = await receiptKeys(db, receipt);
  const content: ReportContent = {
    what: draft.what.trim(),
    when: draft.when.trim() || null,
    applicationNumber: draft.applicationNumber.trim().toUpperCase() || null,
    unitCode: draft.unitCode.trim() || null,
    official: draft.official.trim() || null,
    locale: props.locale,
  };
  let identity: Buffer | null = null;
  let identityKeyForCustody: Buffer | null = null;
  if (disclosure !== 'anonymous') {
    const person: ReporterIdentity = { name: draft.name.trim(), contact: draft.contact.trim() };
    if (disclosure === 'open') identity = encrypt(reportKey, Buffer.from(JSON.stringify(person)), 'report identity');
    else {
      const identityKey = newSecretKey();
      identity = encrypt(identityKey, Buffer.from(JSON.stringify(person)), 'report identity');
      identityKeyForCustody = wrapFor(custodians!, identityKey, 'report identity key');
    }
  }
  const now = props.now ?? new Date();
  const submissionKey = createHash('sha256').update(`report form ${props.formNonce}`).digest();
  await inTransaction(db, async (trx) => {
    const id = await insertReport(trx, {
      jurisdiction_id: props.jurisdictionId, category: draft.category, disclosure, recipient, receipt_lookup: fromReceipt.lookup, submission_key: submissionKey, received_at: now,
    });
    if (id === null) throw conflict('report.error_already_filed');
    await sealReport(trx, id, {
      keyForReceipt: encrypt(fromReceipt.key, reportKey, 'report key'),
      keyForInvestigators: wrapFor(investigators, reportKey, 'report key'),
      content: encrypt(reportKey, Buffer.from(JSON.stringify(content)), 'report content'),
      identity,
      identityKeyForCustody,
    });
    for (const f of files) await insertReportFile(trx, { reportId: id, messageId: null, ...f, at: now });
  });
  return { receipt, cleaned: props.files.length ? prepared.cleaned : [] };
}
