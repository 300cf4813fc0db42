import type { ProcedureDocument, ProcedureField } from './types.js';

/** The longest value a draft keeps for one input; longer text is refused when the answers are checked anyway. */
export const DRAFT_VALUE_MAX = 10_000;

/** The common inputs of the online application form, in the order it asks for them. */
export const COMMON_INPUTS = ['title', 'address', 'parcel_id', 'lat', 'lng', 'applicant_name', 'applicant_email', 'applicant_phone'] as const;

/**
 * What a draft keeps of a posted form: only the inputs the procedure's form has (its common inputs and one per field
 * of the procedure), each cut at `DRAFT_VALUE_MAX` characters, so a draft's size is bounded by its procedure. Empty
 * inputs are left out. Pure.
 */
export function draftAnswers(procedure: { fields: readonly Pick<ProcedureField, 'key'>[] }, values: Record<string, string>): Record<string, string> {
  const names = [...COMMON_INPUTS, ...procedure.fields.map((f) => `field_${f.key}`)];
  const out: Record<string, string> = {};
  for (const name of names) {
    const value = values[name];
    if (typeof value === 'string' && value.trim() !== '') out[name] = value.slice(0, DRAFT_VALUE_MAX);
  }
  return out;
}

/** The document kind a file input answers (`doc_plan` → `plan`), or null when the procedure asks for no such document. */
export function draftDocumentKind(procedure: { documents: readonly Pick<ProcedureDocument, 'key'>[] }, input: string): string | null {
  if (!input.startsWith('doc_')) return null;
  const kind = input.slice(4);
  return procedure.documents.some((d) => d.key === kind) ? kind : null;
}
