import type { FastifyReply } from 'fastify';
import type { StoredDocument } from '../db/repos/documents.js';

/** Sends a stored document as a download, never inline, so a crafted file cannot run as a page; never cached. */
export function sendDocument(reply: FastifyReply, doc: StoredDocument): FastifyReply {
  return reply
    .type(doc.content_type)
    .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(doc.filename)}`)
    .header('x-content-type-options', 'nosniff')
    .header('cache-control', 'private, no-store')
    .send(doc.content);
}
