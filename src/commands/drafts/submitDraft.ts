import { inTransaction } from '../../db/repos/cases.js';
import { draftFiles, findDraft, markDraftSubmitted, type DraftRow } from '../../db/repos/drafts.js';
import type { Db } from '../../db/types.js';
import type { UploadedDocument } from '../../domain/documents.js';
import type { Locale } from '../../domain/types.js';
import { notFound } from '../../errors.js';
import type { PartyKeys } from '../fair/partyKeys.js';
import { submitApplication, type Receipt, type SubmitApplicationProps } from '../submitApplication.js';

export interface SubmitDraftProps {
  token: string;
  /** Checks the draft's answers and documents as the form would and says what to file; throws the form's errors. */
  check: (answers: Record<string, string>, documents: UploadedDocument[], draft: DraftRow) => Omit<SubmitApplicationProps, 'locale' | 'assignment' | 'now'>;
  locale: Locale;
  /** Assign the new case at once by the fair rotation (ADR 0015). */
  keys?: PartyKeys;
  now?: Date;
}

/** A filed draft: the receipt when this call filed it, only the number when an earlier call did. */
export type SubmittedDraft = { number: string; receipt: Receipt } | { number: string; receipt?: undefined };

/**
 * Files the application a draft holds, once: the draft's row is locked, filed through `submitApplication` in the same
 * transaction and emptied (answers and documents deleted, the number kept until it expires). A second submission of
 * the same draft (a reload, a double press) files nothing and returns the number the first one filed.
 */
export async function submitDraft(db: Db, props: SubmitDraftProps): Promise<SubmittedDraft> {
  const now = props.now ?? new Date();
  return inTransaction(db, async (trx) => {
    const draft = await findDraft(trx, props.token, now, true);
    if (!draft) throw notFound('draft.not_found');
    if (draft.submittedNumber) return { number: draft.submittedNumber };
    const documents = (await draftFiles(trx, draft.id)).map((f) => ({ kind: f.kind, filename: f.filename, bytes: f.bytes }));
    const application = props.check(draft.answers, documents, draft);
    const receipt = await submitApplication(trx, { ...application, locale: props.locale, now, ...(props.keys ? { assignment: { keys: props.keys } } : {}) });
    await markDraftSubmitted(trx, draft.id, receipt.number, now);
    return { number: receipt.number, receipt };
  });
}
