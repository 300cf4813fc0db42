import type { FieldIssue } from '../errors.js';
import type { Channel, ProcedureDocument, ProcedureField } from './types.js';

export interface CheckedAnswers {
  issues: FieldIssue[];
  /** Answers the procedure publishes (they describe the project). */
  publicFields: Record<string, string>;
  /** Answers kept private (e.g. a business registration number). */
  privateFields: Record<string, string>;
}

/**
 * Checks an application's answers against its procedure: required and numeric fields, required documents (online
 * only: counter and post applications may come on paper), and documents the procedure does not ask for. Pure, so
 * a form can report every problem in one round before anything is written.
 */
export function checkAnswers(
  procedure: { fields: readonly ProcedureField[]; documents: readonly ProcedureDocument[] },
  fields: Record<string, string>,
  documentKinds: readonly string[],
  channel: Channel,
): CheckedAnswers {
  const issues: FieldIssue[] = [];
  const publicFields: Record<string, string> = {};
  const privateFields: Record<string, string> = {};
  for (const f of procedure.fields) {
    const value = (fields[f.key] ?? '').trim();
    if (!value) {
      if (f.required) issues.push({ field: `fields.${f.key}`, key: 'error.required' });
      continue;
    }
    if (f.type === 'number' && !/^\d+(\.\d+)?$/.test(value)) {
      issues.push({ field: `fields.${f.key}`, key: 'error.number' });
      continue;
    }
    (f.public ? publicFields : privateFields)[f.key] = value;
  }
  if (channel === 'online') {
    for (const d of procedure.documents) {
      if (d.required && !documentKinds.includes(d.key)) issues.push({ field: `documents.${d.key}`, key: 'error.document_required' });
    }
  }
  const known = new Set([...procedure.documents.map((d) => d.key), 'other']);
  for (const kind of documentKinds) {
    if (!known.has(kind)) issues.push({ field: `documents.${kind}`, key: 'error.unknown_document' });
  }
  return { issues, publicFields, privateFields };
}
