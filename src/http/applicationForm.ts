import type { FastifyRequest } from 'fastify';
import type { PartyKeys } from '../commands/fair/partyKeys.js';
import { submitApplication, type SubmitApplicationProps, type UploadedDocument } from '../commands/submitApplication.js';
import { listProcedures, type CatalogueRow } from '../db/repos/publicRead.js';
import type { Db } from '../db/types.js';
import type { OfficialActor } from '../domain/actor.js';
import { checkAnswers } from '../domain/answers.js';
import { validationError, type FieldIssue } from '../errors.js';
import { applicationForm, readFormFiles, tooLargeError, zodIssues } from './forms.js';

/** What the application form says, checked: everything `submitApplication` needs except who files it, how and when. */
export type FormApplication = Pick<SubmitApplicationProps, 'jurisdictionCode' | 'procedureCode' | 'title' | 'location' | 'applicant' | 'fields' | 'documents' | 'channel'>;

/**
 * Checks the shared application form against its procedure and reports every problem in one round (the common inputs,
 * the procedure's own fields and documents, files past the size limit beside their own field); throws a
 * `payload_too_large` when a file was too large, a `validation` error otherwise.
 */
export function checkApplicationForm<D extends { kind: string } = UploadedDocument>(
  procedure: Pick<CatalogueRow, 'code' | 'jurisdiction' | 'fields' | 'documents'> | undefined,
  values: Record<string, string>,
  documents: D[],
  channel: 'online' | 'counter' | 'post',
  tooLarge: FieldIssue[] = [],
  fileIssues: FieldIssue[] = [],
): Omit<FormApplication, 'documents'> & { documents: D[] } {
  const fields = Object.fromEntries(Object.entries(values).filter(([k]) => k.startsWith('field_')).map(([k, v]) => [k.slice(6), v]));
  const parsed = applicationForm.safeParse(values);
  const answers = procedure ? checkAnswers(procedure, fields, documents.map((d) => d.kind), channel).issues : [];
  // A file refused (too large, not an accepted type) is named beside its own field instead of "required".
  const refused = [...tooLarge, ...fileIssues].map((t) => `documents.${t.field.replace(/^(doc_|documents\.)/, '')}`);
  const missing = answers.filter((a) => !refused.includes(a.field));
  const issues = [...tooLarge, ...fileIssues, ...(parsed.success ? [] : zodIssues(parsed.error)), ...missing];
  if (tooLarge.length) throw tooLargeError(issues);
  if (!parsed.success || issues.length || !procedure) throw validationError(issues);
  const form = parsed.data;
  return {
    jurisdictionCode: procedure.jurisdiction.code,
    procedureCode: procedure.code,
    title: form.title,
    location: { address: form.address, parcelId: form.parcel_id, lat: form.lat, lng: form.lng },
    applicant: { name: form.applicant_name, email: form.applicant_email, phone: form.applicant_phone },
    fields,
    documents,
    channel,
  };
}

/** Validates the shared application form and files it through the command (a counter's form, filed at once). */
export async function submitFromForm(
  db: Db,
  request: FastifyRequest,
  values: Record<string, string>,
  jurisdictionCode: string,
  procedureCode: string,
  channel: 'online' | 'counter' | 'post',
  maxBytes: number,
  extra: { receivedAt?: Date; actor?: OfficialActor; keys?: PartyKeys } = {},
) {
  const { files, tooLarge } = await readFormFiles(request.body, maxBytes);
  const documents: UploadedDocument[] = files.map((f) => ({ kind: f.field.replace(/^doc_/, ''), filename: f.filename, bytes: f.bytes }));
  const [procedure] = await listProcedures(db, { jurisdiction: jurisdictionCode, code: procedureCode });
  const application = checkApplicationForm(procedure, values, documents, channel, tooLarge);
  return submitApplication(db, {
    ...application,
    jurisdictionCode,
    procedureCode,
    // Online, the page's language is the applicant's; at a counter it is the clerk's, so it is not taken as theirs.
    ...(channel === 'online' ? { locale: request.locale } : {}),
    receivedAt: extra.receivedAt,
    actor: extra.actor,
    ...(extra.keys ? { assignment: { keys: extra.keys } } : {}),
  });
}
