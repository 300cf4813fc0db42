import type { FastifyInstance, FastifyRequest } from 'fastify';
import { applicantNameOf } from '../../db/repos/documents.js';
import { clockOfPublicCase } from '../../db/repos/clocks.js';
import { formatDocumentCode, parseDocumentCode } from '../../domain/documentCode.js';
import { NUMBER_PATTERN } from '../../domain/time.js';
import type { PrintedDocument } from '../../documents/pdf.js';
import { notFound } from '../../errors.js';
import { decisionDocument, receiptDocument, type DocumentContext, type DocumentProps } from '../../presenters/documents.js';
import { presentApplication } from '../../presenters/public.js';
import { AccessibilityPage } from '../../views/accessibility.js';
import { VerifyPage } from '../../views/verify.js';
import { CITIZEN_COOKIE, citizenFromSession } from '../auth.js';
import type { RouteOptions } from '../context.js';
import { applicantCase, citizenCase } from '../pages/applicant.js';
import { verifyDocument } from '../pages/verify.js';

/** Font warnings already written to the log, so an operator reads each once, not once per document. */
const warned = new Set<string>();

/**
 * Documents people keep and check: the applicant's receipt and decision notice as PDFs (the private page's access
 * rule: the applicant's session, or a citizen signed in with the address the case was filed with), the public
 * verification page for their codes (ADR 0018), and the accessibility statement.
 */
export async function documentRoutes(app: FastifyInstance, opts: RouteOptions): Promise<void> {
  const { db, config } = opts;

  /** The case by number if the request is its applicant's: `forbidden` otherwise, as on `/my/{number}`. */
  async function ownCase(request: FastifyRequest, number: string) {
    const citizen = NUMBER_PATTERN.test(number) ? await citizenCase(db, number, await citizenFromSession(db, request.cookies[CITIZEN_COOKIE])) : undefined;
    return citizen ?? applicantCase(db, number, request.applicantApplicationId);
  }

  async function pdf(request: FastifyRequest, number: string, build: (ctx: DocumentContext, props: DocumentProps) => PrintedDocument | undefined) {
    const found = await ownCase(request, number.toUpperCase());
    const appRecord = presentApplication(found, await clockOfPublicCase(db, found));
    const ctx: DocumentContext = { locale: request.locale, t: request.t, fmt: request.fmt };
    const printed = build(ctx, { app: appRecord, applicantName: await applicantNameOf(db, found.id), publicUrl: config.publicUrl, zone: found.jurisdiction.time_zone, printedAt: new Date() });
    if (!printed) throw notFound('document.none');
    // PDFKit, fontkit and the QR code writer are loaded with the first document, not at start (a few hundred ms).
    const [{ documentFonts, fontDirs }, { renderPdf }] = await Promise.all([import('../../documents/fonts.js'), import('../../documents/pdf.js')]);
    const fonts = documentFonts(ctx.locale, fontDirs(config.DOCUMENT_FONT_DIRS));
    for (const warning of fonts.warnings) {
      if (!warned.has(warning)) request.log.warn(warning);
      warned.add(warning);
    }
    return { number: found.number, bytes: await renderPdf(printed, fonts) };
  }

  for (const [kind, build] of [['receipt', receiptDocument], ['decision', decisionDocument]] as const) {
    app.get<{ Params: { number: string } }>(`/my/:number/${kind}.pdf`, async (request, reply) => {
      const { number, bytes } = await pdf(request, request.params.number, build);
      return reply
        .type('application/pdf')
        .header('content-disposition', `inline; filename="${number}-${kind}.pdf"`)
        .header('cache-control', 'private, no-store')
        .send(bytes);
    });
  }

  // The form: a typed code goes to its page in canonical spelling; a code that cannot be read is said so, kept as typed.
  app.get('/verify', async (request, reply) => {
    const typed = (request.query as Record<string, string | undefined>).code;
    const ctx = opts.ctx(request, reply);
    if (typed === undefined || !typed.trim()) return reply.page(VerifyPage({ ctx }));
    const code = parseDocumentCode(typed);
    if (!code) return reply.page(VerifyPage({ ctx, code: typed.slice(0, 80), error: request.t('verify.bad_code') }), 400);
    return reply.redirect(`/verify/${formatDocumentCode(code)}`, 303);
  });

  app.get<{ Params: { code: string } }>('/verify/:code', async (request, reply) => {
    const ctx = opts.ctx(request, reply);
    const code = parseDocumentCode(request.params.code);
    if (!code) return reply.page(VerifyPage({ ctx, code: request.params.code.slice(0, 80), error: request.t('verify.bad_code') }), 400);
    const result = await verifyDocument(db, code, (request.query as Record<string, string | undefined>).passage);
    return reply.page(VerifyPage({ ctx, code: formatDocumentCode(code), result }), result.found ? 200 : 404);
  });

  app.get('/accessibility', async (request, reply) => reply.page(AccessibilityPage({ ctx: opts.ctx(request, reply), contact: config.accessibilityContact })));
}
