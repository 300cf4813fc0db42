import type { Db } from '../../db/types.js';
import { inTransaction } from '../../db/repos/cases.js';
import { insertReportFile, insertReportMessage, lockReport, reportByLookup, reportFile, reportZone } from '../../db/repos/reports.js';
import { decrypt, encrypt, newSecretKey, normalizeReceipt } from '../../domain/reportCrypto.js';
import { MESSAGE_MAX } from '../../domain/reports.js';
import { invalidTransition, notFound, validationError } from '../../errors.js';
import { prepareReporterFiles, receiptKeys, sealChecked, type CleanedFiles, type ReportUpload } from './fileReport.js';
import { openReport, type OpenedReport, type ReportRow } from './reading.js';

// Work done for a receipt that opens nothing, matching a hit's decryption, so both take the same time.
const DECOY_KEY = newSecretKey();
const DECOY = encrypt(DECOY_KEY, Buffer.alloc(32), 'report key');

/**
 * The report a receipt opens, with its key. A malformed receipt is a field error; a well-formed one that opens
 * nothing (unknown, mistyped, guessed) always gets the same error after the same work, so nobody can tell whether a
 * report exists.
 */
async function reportOfReceipt(db: Db, typed: string): Promise<{ row: ReportRow; key: Buffer | null }> {
  const receipt = normalizeReceipt(typed);
  if (!receipt) throw validationError([{ field: 'receipt', key: 'report.error_receipt_format' }]);
  const keys = await receiptKeys(db, receipt);
  const row = await reportByLookup(db, keys.lookup);
  if (!row) {
    decrypt(DECOY_KEY, DECOY, 'report key');
    throw validationError([{ field: 'receipt', key: 'report.error_receipt' }]);
  }
  return { row, key: row.key_for_receipt ? decrypt(keys.key, row.key_for_receipt, 'report key') : null };
}

/** The reporter's mailbox: status, deadlines, messages with the investigators, files both ways (never the notes). */
export async function openMailbox(db: Db, typedReceipt: string): Promise<OpenedReport> {
  const { row, key } = await reportOfReceipt(db, typedReceipt);
  const zone = await reportZone(db, row.jurisdiction_id);
  return openReport(db, row, key, zone, false);
}

/** The reporter writes to the investigators (with files); refused once the report is closed. */
export async function replyAsReporter(
  db: Db,
  props: { receipt: string; text: string; files: readonly ReportUpload[]; stripMetadata: boolean; now?: Date },
): Promise<{ cleaned: CleanedFiles }> {
  const { row, key } = await reportOfReceipt(db, props.receipt);
  if (!key || row.status === 'closed') throw invalidTransition('report.error_closed');
  const text = props.text.trim();
  if (!text && !props.files.length) throw validationError([{ field: 'text', key: 'report.error_message' }]);
  if (text.length > MESSAGE_MAX) throw validationError([{ field: 'text', key: 'error.too_long', values: { max: MESSAGE_MAX } }]);
  const prepared = await prepareReporterFiles(props.files, props.stripMetadata);
  const files = sealChecked(key, prepared.files);
  const now = props.now ?? new Date();
  await inTransaction(db, async (trx) => {
    const locked = await lockReport(trx, row.id);
    if (!locked || locked.status === 'closed') throw invalidTransition('report.error_closed');
    const messageId = await insertReportMessage(trx, { reportId: row.id, author: 'reporter', officialId: null, kind: 'message', body: encrypt(key, Buffer.from(text), 'report message'), at: now });
    for (const f of files) await insertReportFile(trx, { reportId: row.id, messageId, ...f, at: now });
  });
  return { cleaned: props.files.length ? prepared.cleaned : [] };
}

/** One of the report's files for the reporter (theirs or one an investigator sent them), decrypted. */
export async function reporterFile(db: Db, typedReceipt: string, fileId: number): Promise<{ filename: string; type: string; bytes: Buffer }> {
  const { row, key } = await reportOfReceipt(db, typedReceipt);
  const opened = await openReport(db, row, key, 'UTC', false);
  const listed = opened.files.find((f) => f.id === fileId);
  const stored = listed && key ? await reportFile(db, row.id, fileId) : undefined;
  const bytes = stored && key ? decrypt(key, stored.body, 'report file body') : null;
  if (!listed || !bytes) throw notFound();
  return { filename: listed.filename, type: listed.type, bytes };
}
