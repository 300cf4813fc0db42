import type { Kysely } from 'kysely';
import { sniffType, cleanFilename } from '../domain/documents.js';
import { decide, evolve } from '../domain/workflow.js';
import { AppError } from '../errors.js';
import { appendEvent, activeUnits, consultedUnits, loadCaseForUpdate, saveCaseProjection, unitIdsByCode } from '../db/repos/cases.js';
import type { DB } from '../db/schema.js';
import { storeDocuments, type UploadedDocument } from './submitApplication.js';

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
export async function answerSupplement(db: Kysely<DB>, props: AnswerSupplementProps): Promise<{ seq: number }> {
  const now = props.now ?? new Date();
  const documents = props.documents.map((d) => {
    const type = sniffType(d.bytes);
    if (!type) throw new AppError('unsupported_media_type', 'error.document_type', { filename: cleanFilename(d.filename) });
    return { ...d, filename: cleanFilename(d.filename), type };
  });
  return db.transaction().execute(async (trx) => {
    const { app, procedure, state } = await loadCaseForUpdate(trx, props.number);
    if (app.id !== props.applicationId) throw new AppError('forbidden', 'error.forbidden_case');
    const decided = decide(state, { type: 'supplement_received', documentCount: documents.length }, now.toISOString(), procedure.stages);
    const seq = state.lastSeq + 1;
    const data = { stage: decided.stage, document_count: documents.length };
    const privateData = props.message?.trim() ? { message: props.message.trim() } : {};
    await storeDocuments(trx, app.id, seq, documents);
    const next = evolve(state, { seq, type: decided.type, occurredAt: now.toISOString(), officialId: null, data });
    const units = activeUnits(next, procedure.stages, app.unit_id, await unitIdsByCode(trx, app.jurisdiction_id), await consultedUnits(trx, app.id));
    await saveCaseProjection(trx, app.id, next, units, null);
    await appendEvent(trx, {
      jurisdictionId: app.jurisdiction_id,
      applicationId: app.id,
      seq,
      type: decided.type,
      occurredAt: now,
      recordedAt: now,
      actorOfficialId: null,
      actor: { kind: 'applicant' },
      data,
      privateData,
    });
    return { seq };
  });
}
