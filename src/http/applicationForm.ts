import type { FastifyRequest } from 'fastify';
import type { PartyKeys } from '../commands/fair/partyKeys.js';
import { submitApplication, type UploadedDocument } from '../commands/submitApplication.js';
import { listProcedures } from '../db/repos/publicRead.js';
import type { Db } from '../db/types.js';
import type { OfficialActor } from '../domain/actor.js';
import { checkAnswers } from '../domain/answers.js';
import { validationError } from '../errors.js';
import { applicationForm, readFormFiles, tooLargeError, zodIssues } from './forms.js';

/** Validates the shared application form and files it through the command. */
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
  const fields = Object.fromEntries(Object.entries(values).filter(([k]) => k.startsWith('field_')).map(([k, v]) => [k.slice(6), v]));
  // Report every problem in one round: the common form and the procedure's own fields and documents.
  const parsed = applicationForm.safeParse(values);
  const [procedure] = await listProcedures(db, { jurisdiction: jurisdictionCode, code: procedureCode });
  const answers = procedure ? checkAnswers(procedure, fields, documents.map((d) => d.kind), channel).issues : [];
  // A file past the size limit is named beside its own field; the other problems are reported with it.
  const missing = answers.filter((a) => !tooLarge.some((t) => `documents.${t.field.replace(/^doc_/, '')}` === a.field));
  const issues = [...tooLarge, ...(parsed.success ? [] : zodIssues(parsed.error)), ...missing];
  if (tooLarge.length) throw tooLargeError(issues);
  if (!parsed.success || issues.length) throw validationError(issues);
  const form = parsed.data;
  return submitApplication(db, {
    jurisdictionCode,
    procedureCode,
    title: form.title,
    location: { address: form.address, parcelId: form.parcel_id, lat: form.lat, lng: form.lng },
    applicant: { name: form.applicant_name, email: form.applicant_email, phone: form.applicant_phone },
    fields,
    documents,
    channel,
    // Online, the page's language is the applicant's; at a counter it is the clerk's, so it is not taken as theirs.
    ...(channel === 'online' ? { locale: request.locale } : {}),
    receivedAt: extra.receivedAt,
    actor: extra.actor,
    ...(extra.keys ? { assignment: { keys: extra.keys } } : {}),
  });
}
