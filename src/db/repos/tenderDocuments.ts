import { TENDER_DOCUMENT_KIND } from '../../domain/contracts.js';
import type { Db } from '../types.js';

/**
 * A tender's public document by its SHA-256, bytes included: only a file a notice or an addendum of that process
 * published, never any other file stored with a case.
 */
export async function findTenderDocument(db: Db, number: string, sha256: string) {
  return db
    .selectFrom('document as d')
    .innerJoin('application as a', 'a.id', 'd.application_id')
    .innerJoin('event as e', (join) => join.onRef('e.application_id', '=', 'd.application_id').onRef('e.seq', '=', 'd.event_seq'))
    .select(['d.filename', 'd.content_type', 'd.content', 'd.sha256'])
    .where('a.number', '=', number)
    .where('d.sha256', '=', sha256)
    .where('d.kind', '=', TENDER_DOCUMENT_KIND)
    .where('e.type', 'in', ['tender_published', 'tender_addendum'])
    .orderBy('d.id')
    .limit(1)
    .executeTakeFirst();
}
