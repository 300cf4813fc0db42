import type { Kysely, Transaction } from 'kysely';
import { hashSecret } from '../../domain/secrets.js';
import type { DB } from '../schema.js';

/** A draft as its pages read it: the answers and the names of its documents, never the documents' bytes. */
export interface DraftRow {
  id: number;
  jurisdictionCode: string;
  procedureCode: string;
  answers: Record<string, string>;
  locale: string;
  expiresAt: Date;
  submittedNumber: string | null;
  documents: { kind: string; filename: string; sizeBytes: number }[];
}

/** A file to keep in a draft, its type already recognised from its bytes. */
export interface DraftFile {
  kind: string;
  filename: string;
  contentType: string;
  bytes: Buffer;
}

type Conn = Kysely<DB> | Transaction<DB>;

/** Creates a draft found by `token`'s hash; deletes expired drafts first, so the table holds only live ones. */
export async function insertDraft(
  db: Conn,
  props: { token: string; jurisdictionCode: string; procedureCode: string; answers: Record<string, string>; locale: string; now: Date; expiresAt: Date },
): Promise<number> {
  await deleteExpiredDrafts(db, props.now);
  const row = await db
    .insertInto('application_draft')
    .values({
      token_hash: hashSecret(props.token), jurisdiction_code: props.jurisdictionCode, procedure_code: props.procedureCode,
      answers: JSON.stringify(props.answers), locale: props.locale, created_at: props.now, updated_at: props.now, expires_at: props.expiresAt,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(row.id);
}

/** Replaces a draft's answers and pushes its expiry back; its documents are changed with `keepDraftFiles`. */
export async function updateDraftAnswers(db: Conn, id: number, props: { answers: Record<string, string>; locale: string; now: Date; expiresAt: Date }): Promise<void> {
  await db
    .updateTable('application_draft')
    .set({ answers: JSON.stringify(props.answers), locale: props.locale, updated_at: props.now, expires_at: props.expiresAt })
    .where('id', '=', id)
    .where('submitted_number', 'is', null)
    .execute();
}

/** Keeps files in a draft, each replacing the draft's earlier file for the same document. */
export async function keepDraftFiles(db: Conn, draftId: number, files: readonly DraftFile[]): Promise<void> {
  for (const f of files) {
    await db
      .insertInto('application_draft_document')
      .values({ draft_id: draftId, kind: f.kind, filename: f.filename, content_type: f.contentType, bytes: f.bytes })
      .onConflict((oc) => oc.columns(['draft_id', 'kind']).doUpdateSet((eb) => ({ filename: eb.ref('excluded.filename'), content_type: eb.ref('excluded.content_type'), bytes: eb.ref('excluded.bytes') })))
      .execute();
  }
}

/** Removes a draft's files for these documents. */
export async function removeDraftFiles(db: Conn, draftId: number, kinds: readonly string[]): Promise<void> {
  if (kinds.length === 0) return;
  await db.deleteFrom('application_draft_document').where('draft_id', '=', draftId).where('kind', 'in', kinds).execute();
}

/** The live draft `token` opens, or undefined (unknown, expired); `lock` takes its row's lock, for filing it once. */
export async function findDraft(db: Conn, token: string, now: Date, lock = false): Promise<DraftRow | undefined> {
  let query = db
    .selectFrom('application_draft')
    .select(['id', 'jurisdiction_code', 'procedure_code', 'answers', 'locale', 'expires_at', 'submitted_number'])
    .where('token_hash', '=', hashSecret(token))
    .where('expires_at', '>', now);
  if (lock) query = query.forUpdate();
  const row = await query.executeTakeFirst();
  if (!row) return undefined;
  const documents = await db
    .selectFrom('application_draft_document')
    .select(['kind', 'filename', (eb) => eb.fn<number>('octet_length', ['bytes']).as('size')])
    .where('draft_id', '=', row.id)
    .orderBy('kind')
    .execute();
  return {
    id: Number(row.id), jurisdictionCode: row.jurisdiction_code, procedureCode: row.procedure_code, answers: row.answers, locale: row.locale,
    expiresAt: new Date(row.expires_at), submittedNumber: row.submitted_number,
    documents: documents.map((d) => ({ kind: d.kind, filename: d.filename, sizeBytes: Number(d.size) })),
  };
}

/** The files of a draft with their bytes, for filing it. */
export async function draftFiles(db: Conn, draftId: number): Promise<DraftFile[]> {
  const rows = await db.selectFrom('application_draft_document').select(['kind', 'filename', 'content_type', 'bytes']).where('draft_id', '=', draftId).orderBy('kind').execute();
  return rows.map((r) => ({ kind: r.kind, filename: r.filename, contentType: r.content_type, bytes: Buffer.from(r.bytes) }));
}

/** Empties a filed draft: its answers and documents are deleted, the application's public number stays until it expires. */
export async function markDraftSubmitted(db: Conn, draftId: number, number: string, now: Date): Promise<void> {
  await db.deleteFrom('application_draft_document').where('draft_id', '=', draftId).execute();
  await db.updateTable('application_draft').set({ answers: '{}', submitted_number: number, updated_at: now }).where('id', '=', draftId).execute();
}

/** Deletes drafts past their expiry, with their documents. */
export async function deleteExpiredDrafts(db: Conn, now: Date): Promise<void> {
  await db.deleteFrom('application_draft').where('expires_at', '<=', now).execute();
}

/** The address a draft's link was last e-mailed to, if it was. */
export async function draftLinkMailedTo(db: Conn, draftId: number): Promise<string | undefined> {
  const row = await db
    .selectFrom('outbox')
    .select('recipient')
    .where('idempotency_key', 'like', `draft-saved:${draftId}:%`)
    .orderBy('id', 'desc')
    .executeTakeFirst();
  return row?.recipient;
}
