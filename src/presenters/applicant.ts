import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';

/**
 * The applicant presenter: what the person who filed an application (and proved it with the access code)
 * may see beyond the public record: their own contact data, their documents, and requests addressed to them.
 */
export interface ApplicantCase {
  applicant: { name: string; email: string | null; phone: string | null };
  documents: { id: number; filename: string; kind: string; size_bytes: number; uploaded_at: Date }[];
  requests: { seq: number; at: Date; message: string; answered: boolean }[];
  openRequest: boolean;
}

/** Loads the applicant's private view of one application. */
export async function loadApplicantCase(db: Kysely<DB>, applicationId: number): Promise<ApplicantCase> {
  const [priv, documents, events] = await Promise.all([
    db.selectFrom('application_private').selectAll().where('application_id', '=', applicationId).executeTakeFirstOrThrow(),
    listDocuments(db, applicationId),
    db
      .selectFrom('event')
      .select(['seq', 'type', 'occurred_at', 'private_data'])
      .where('application_id', '=', applicationId)
      .where('type', 'in', ['supplement_requested', 'supplement_received'])
      .orderBy('seq')
      .execute(),
  ]);
  const requests: ApplicantCase['requests'] = [];
  for (const e of events) {
    if (e.type === 'supplement_requested') {
      requests.push({ seq: e.seq, at: e.occurred_at, message: String(e.private_data.message ?? ''), answered: false });
    } else {
      const open = requests.find((r) => !r.answered);
      if (open) open.answered = true;
    }
  }
  return {
    applicant: { name: priv.applicant_name, email: priv.applicant_email, phone: priv.applicant_phone },
    documents,
    requests,
    openRequest: requests.some((r) => !r.answered),
  };
}

/** Document metadata for an application (never the bytes). */
export function listDocuments(db: Kysely<DB>, applicationId: number) {
  return db
    .selectFrom('document')
    .select(['id', 'filename', 'kind', 'size_bytes', 'uploaded_at', 'event_seq', 'content_type'])
    .where('application_id', '=', applicationId)
    .orderBy('id')
    .execute();
}
