import type { Db } from '../db/types.js';
import { shapeSupplementReceived } from '../domain/acts.js';
import { checkUploads, type UploadedDocument } from '../domain/documents.js';
import { decide } from '../domain/workflow.js';
import { AppError } from '../errors.js';
import { changeCase } from './changeCase.js';

export interface AnswerSupplementProps {
  number: string;
  /** Application id the applicant's session proved access to; must match the number. */
  applicationId: number;
  documents: UploadedDocument[];
  /** The applicant's covering note, kept private to the office. */
  message?: string;
  now?: Date;
}

/** The applicant answers an open supplement request with documents; the stage clock resumes. */
export async function answerSupplement(db: Db, props: AnswerSupplementProps): Promise<{ seq: number }> {
  const documents = checkUploads(props.documents);
  const changed = await changeCase(db, props.number, async ({ app, procedure, state }) => {
    const now = props.now ?? new Date();
    if (app.id !== props.applicationId) throw new AppError('forbidden', 'error.forbidden_case');
    const decided = decide(state, { type: 'supplement_received', documentCount: documents.length }, now.toISOString(), procedure.stages);
    return {
      event: { payload: shapeSupplementReceived(decided.stage, documents.length, props.message), occurredAt: now, recordedAt: now, actorOfficialId: null, actor: { kind: 'applicant' }, documents },
      result: {},
    };
  });
  return { seq: changed.seq };
}
