import type { FastifyReply } from 'fastify';

/**
 * The UTF-8 byte-order mark. Spreadsheet programs (Excel above all) read a CSV file without it in the system's legacy
 * code page, which garbles Korean; with it they read UTF-8. Every CSV download starts with it.
 */
export const UTF8_BOM = '\uFEFF';

/** Sends a CSV document as a download named `filename`, starting with the byte-order mark. */
export function sendCsv(reply: FastifyReply, filename: string, text: string): FastifyReply {
  return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${filename}"`).send(UTF8_BOM + text);
}
