import { createHash } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { CheckedDocument } from '../../domain/documents.js';
import type { DB } from '../schema.js';

/** Document metadata for an application (never the bytes), in the order they were received. */
export function listDocuments(db: Kysely<DB>, applicationId: number) {
  return db
    .selectFrom('document')
    .select(['id', 'filename', 'kind', 'size_bytes', 'uploaded_at', 'event_seq', 'content_type'])
    .where('application_id', '=', applicationId)
    .orderBy('id')
    .execute();
}

/** One stored document of an application, bytes included; undefined when it is not that application's. */
export function findDocument(db: Kysely<DB>, applicationId: number, id: number) {
  return db
    .selectFrom('document')
    .select(['filename', 'content_type', 'content'])
    .where('id', '=', id)
    .where('application_id', '=', applicationId)
    .executeTakeFirst();
}
export type StoredDocument = NonNullable<Awaited<ReturnType<typeof findDocument>>>;

/** What the applicant's private view reads of their application: their contact data, documents and requests. */
export async function applicantCaseRows(db: Kysely<DB>, applicationId: number) {
  const [applicant, documents, requests] = await Promise.all([
    db.selectFrom('application_private').select(['applicant_name', 'applicant_email', 'applicant_phone']).where('application_id', '=', applicationId).executeTakeFirstOrThrow(),
    listDocuments(db, applicationId),
    db
      .selectFrom('event')
      .select(['seq', 'type', 'occurred_at', 'private_data'])
      .where('application_id', '=', applicationId)
      .where('type', 'in', ['supplement_requested', 'supplement_received'])
      .orderBy('seq')
      .execute(),
  ]);
  return { applicant, documents, requests };
}
export type ApplicantCaseRows = Awaited<ReturnType<typeof applicantCaseRows>>;

/** The applicant's name as filed, for the documents printed for them (never for a public output). */
export async function applicantNameOf(db: Kysely<DB>, applicationId: number): Promise<string> {
  const row = await db.selectFrom('application_private').select('applicant_name').where('application_id', '=', applicationId).executeTakeFirstOrThrow();
  return row.applicant_name;
}

/** Stores checked uploads with the event that brings them, inside its transaction: they share its fate and its backups. */
export async function storeDocuments(trx: Transaction<DB>, applicationId: number, eventSeq: number, documents: readonly CheckedDocument[]): Promise<void> {
  for (const d of documents) {
    await trx
      .insertInto('document')
      .values({
        application_id: applicationId,
        event_seq: eventSeq,
        kind: d.kind,
        filename: d.filename,
        content_type: d.type,
        size_bytes: d.bytes.length,
        sha256: createHash('sha256').update(d.bytes).digest('hex'),
        content: d.bytes,
      })
      .execute();
  }
}
