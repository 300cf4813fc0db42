import { z } from 'zod';
import { inTransaction } from '../../db/repos/cases.js';
import { findDraft, insertDraft, keepDraftFiles, removeDraftFiles, updateDraftAnswers, type DraftFile } from '../../db/repos/drafts.js';
import { enqueueMail } from '../../db/repos/outbox.js';
import type { Db } from '../../db/types.js';
import { cleanFilename, sniffType } from '../../domain/documents.js';
import { draftAnswers, draftDocumentKind } from '../../domain/drafts.js';
import { newToken } from '../../domain/secrets.js';
import type { Localized, ProcedureDocument, ProcedureField } from '../../domain/types.js';
import { notFound, type FieldIssue } from '../../errors.js';

/** Parameters of the e-mail carrying a draft's link (the token is dropped from the outbox row once sent). */
export interface DraftSavedParams {
  token: string;
  procedure: Localized;
  /** When the draft expires, as an ISO instant. */
  until: string;
  /** The jurisdiction's time zone, which the expiry date is written in. */
  zone: string;
}

export interface SaveDraftProps {
  /** The draft being changed; absent to start one. */
  token?: string;
  procedure: { jurisdiction: { code: string; time_zone: string }; code: string; name: Localized; fields: readonly ProcedureField[]; documents: readonly ProcedureDocument[] };
  /** The form's text inputs as posted; only the procedure's own inputs are kept. */
  values: Record<string, string>;
  /** Files posted with the form, by input name (`doc_plan`); each replaces the draft's file for its document. */
  files: readonly { field: string; filename: string; bytes: Buffer }[];
  /** Documents whose kept file the applicant asked to remove. */
  remove?: readonly string[];
  locale: string;
  ttlDays: number;
  /** Send the draft's link to the applicant's e-mail address, if the answers hold a valid one (once per address and draft). */
  mailLink?: boolean;
  now?: Date;
}

export interface SavedDraft {
  token: string;
  expiresAt: Date;
  /** Files that were not kept because their type is not accepted, each named beside its input. */
  fileIssues: FieldIssue[];
  /** The address the link was sent to, when it was. */
  mailedTo?: string;
}

/**
 * Keeps what an applicant typed and uploaded as a draft, behind a random token: a new draft, or the one `token` opens
 * (refused as not found when it expired or was filed). Files whose type is not accepted are not kept and are reported;
 * every other file replaces the draft's earlier one for the same document. Expiry moves to `ttlDays` from now.
 */
export async function saveDraft(db: Db, props: SaveDraftProps): Promise<SavedDraft> {
  const now = props.now ?? new Date();
  const expiresAt = new Date(now.getTime() + props.ttlDays * 86_400_000);
  const answers = draftAnswers(props.procedure, props.values);
  const fileIssues: FieldIssue[] = [];
  const kept: DraftFile[] = [];
  for (const file of props.files) {
    const kind = draftDocumentKind(props.procedure, file.field);
    if (!kind) continue;
    const contentType = sniffType(file.bytes);
    if (!contentType) fileIssues.push({ field: `documents.${kind}`, key: 'error.document_type', values: { filename: cleanFilename(file.filename) } });
    else kept.push({ kind, filename: cleanFilename(file.filename), contentType, bytes: file.bytes });
  }
  const remove = (props.remove ?? []).filter((kind) => props.procedure.documents.some((d) => d.key === kind) && !kept.some((f) => f.kind === kind));
  return inTransaction(db, async (trx) => {
    let token = props.token;
    let draftId: number;
    if (token) {
      const draft = await findDraft(trx, token, now, true);
      if (!draft || draft.submittedNumber || draft.jurisdictionCode !== props.procedure.jurisdiction.code || draft.procedureCode !== props.procedure.code) {
        throw notFound('draft.not_found');
      }
      draftId = draft.id;
      await updateDraftAnswers(trx, draftId, { answers, locale: props.locale, now, expiresAt });
    } else {
      token = newToken();
      draftId = await insertDraft(trx, { token, jurisdictionCode: props.procedure.jurisdiction.code, procedureCode: props.procedure.code, answers, locale: props.locale, now, expiresAt });
    }
    await keepDraftFiles(trx, draftId, kept);
    await removeDraftFiles(trx, draftId, remove);
    let mailedTo: string | undefined;
    const email = z.email().safeParse(answers.applicant_email?.trim());
    if (props.mailLink && email.success) {
      const params: DraftSavedParams = { token, procedure: props.procedure.name, until: expiresAt.toISOString(), zone: props.procedure.jurisdiction.time_zone };
      await enqueueMail(trx, { idempotencyKey: `draft-saved:${draftId}:${email.data.toLowerCase()}`, kind: 'draft_saved', recipient: email.data, locale: props.locale, params: { ...params } });
      mailedTo = email.data;
    }
    return { token, expiresAt, fileIssues, mailedTo };
  });
}
