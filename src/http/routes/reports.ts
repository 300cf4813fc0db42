import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { decideIdentity } from '../../commands/reports/custody.js';
import { fileReport } from '../../commands/reports/fileReport.js';
import {
  acknowledgeReport, concludeReport, investigatorFile, investigatorReport, requestIdentity, triageReport, writeOnReport,
} from '../../commands/reports/investigate.js';
import { assignReport, referReport } from '../../commands/reports/followUp.js';
import { sessionKeys, unlockReportKeys } from '../../commands/reports/keys.js';
import { openMailbox, replyAsReporter, reporterFile } from '../../commands/reports/reporterMailbox.js';
import { AppError } from '../../errors.js';
import { mayHoldReportKeys, mayInvestigate, mayKeepCustody, mayReadReportAccess } from '../../policies/reports.js';
import { OFFICE_COOKIE } from '../auth.js';
import type { RouteOptions } from '../context.js';
import { formFields, formFiles, rerender } from '../forms.js';
import { officeGuard, officialOf } from '../guards.js';
import { idOrNotFound } from '../params.js';
import { safeLocalPath } from '../redirects.js';
import { reportThrottle } from '../reportThrottle.js';
import {
  custodyPage, mailboxPage, officeReportPage, reportAccessPage, reportFormPage, reportQueuePage, reportStatisticsPage, unlockPage,
} from '../pages/reports.js';
import { receiptView } from '../../views/reports/reporter.js';

/**
 * The reporting channel. The reporter's side (`/report`) sets no cookie, logs no address (`anonymousLogging`), is
 * never cached and sends no referrer; its forms are checked by origin instead of a CSRF cookie, and the receipt only
 * ever travels in a form body. The office side (`/office/reports`) is for investigators and custodians, each route
 * with its guard; opening content needs the session's unlocked keys (ADR 0014).
 */
export async function reportRoutes(app: FastifyInstance, opts: RouteOptions): Promise<void> {
  const { db, config } = opts;
  const filing = reportThrottle(config.REPORT_FILE_LIMIT);
  const receipts = reportThrottle(config.REPORT_RECEIPT_LIMIT);
  const reporter = { config: { anonymousLogging: true, cookielessForm: true } };

  // Nothing of the reporter's stays anywhere: no cache, no referrer to whatever they open next, no indexing.
  const privately = (reply: FastifyReply) =>
    reply.header('cache-control', 'no-store').header('referrer-policy', 'no-referrer').header('x-robots-tag', 'noindex');
  const throttled = (reply: FastifyReply) => {
    privately(reply);
    throw new AppError('rate_limited', 'report.error_rate_limited');
  };
  const formNonce = () => randomBytes(18).toString('base64url');

  app.get<{ Querystring: { j?: string } }>('/report', reporter, async (request, reply) => {
    // Removing the files' hidden details is chosen until the reporter unticks it (ADR 0014).
    const page = await reportFormPage(db, opts.ctx(request, reply), { values: { jurisdiction: request.query.j ?? '', nonce: formNonce(), strip_metadata: 'yes' } });
    return privately(reply).page(page({}));
  });

  app.post('/report', reporter, async (request, reply) => {
    const values = formFields(request.body);
    if (!filing.allow(request.ip)) return throttled(reply);
    const render = await reportFormPage(db, opts.ctx(request, reply), { values: { ...values, nonce: values.nonce || formNonce() } });
    try {
      const files = await formFiles(request.body, config.UPLOAD_MAX_BYTES);
      const { receipt, cleaned } = await fileReport(db, {
        jurisdictionId: values.jurisdiction ?? '',
        draft: {
          category: values.category ?? '', disclosure: values.disclosure ?? 'anonymous', recipient: values.recipient ?? 'investigators', what: values.what ?? '', when: values.when ?? '',
          applicationNumber: values.application_number ?? '', unitCode: values.unit ?? '', official: values.official ?? '', name: values.name ?? '', contact: values.contact ?? '',
        },
        files: files.map((f) => ({ filename: f.filename, bytes: f.bytes })),
        formNonce: values.nonce || formNonce(),
        locale: request.locale,
        stripMetadata: values.strip_metadata === 'yes',
      });
      // Shown once, in the answer to the post itself: never in a URL, a cookie or a redirect.
      return privately(reply).page(receiptView({ ctx: opts.ctx(request, reply), receipt, cleaned }), 201);
    } catch (error) {
      return rerender(error, request, privately(reply), render);
    }
  });

  app.get('/report/mailbox', reporter, async (request, reply) => privately(reply).page(mailboxPage(opts.ctx(request, reply), { values: {} })({})));

  app.post('/report/mailbox', reporter, async (request, reply) => {
    const values = formFields(request.body);
    if (!receipts.allow(request.ip)) return throttled(reply);
    try {
      const report = await openMailbox(db, values.receipt ?? '');
      return privately(reply).page(mailboxPage(opts.ctx(request, reply), { values: { receipt: values.receipt ?? '', strip_metadata: 'yes' }, report })({}));
    } catch (error) {
      // A receipt that opened nothing is not echoed back: the answer is the same whatever was typed.
      return rerender(error, request, privately(reply), mailboxPage(opts.ctx(request, reply), { values: {} }));
    }
  });

  app.post('/report/mailbox/reply', reporter, async (request, reply) => {
    const values = formFields(request.body);
    if (!receipts.allow(request.ip)) return throttled(reply);
    try {
      const files = await formFiles(request.body, config.UPLOAD_MAX_BYTES);
      const { cleaned } = await replyAsReporter(db, {
        receipt: values.receipt ?? '', text: values.text ?? '', files: files.map((f) => ({ filename: f.filename, bytes: f.bytes })), stripMetadata: values.strip_metadata === 'yes',
      });
      const report = await openMailbox(db, values.receipt ?? '');
      return privately(reply).page(mailboxPage(opts.ctx(request, reply), { values: { receipt: values.receipt ?? '', strip_metadata: 'yes' }, report, sent: true, cleaned })({}));
    } catch (error) {
      const report = await openMailbox(db, values.receipt ?? '').catch(() => undefined);
      return rerender(error, request, privately(reply), mailboxPage(opts.ctx(request, reply), { values, report }));
    }
  });

  app.post<{ Params: { file: string } }>('/report/mailbox/files/:file', reporter, async (request, reply) => {
    const values = formFields(request.body);
    if (!receipts.allow(request.ip)) return throttled(reply);
    const file = await reporterFile(db, values.receipt ?? '', idOrNotFound(request.params.file));
    return sendFile(privately(reply), file);
  });

  app.get('/report/statistics', { config: { anonymousLogging: true } }, async (request, reply) => {
    const page = await reportStatisticsPage(db, opts.ctx(request, reply), config.REPORT_MIN_CELL);
    return reply.header('cache-control', 'public, max-age=300').page(page);
  });

  // The office side.
  const keysOf = (request: FastifyRequest) =>
    request.officeSessionId ? sessionKeys(db, officialOf(request), request.officeSessionId, request.cookies[OFFICE_COOKIE] ?? '') : Promise.resolve(null);
  const officePrivately = (reply: FastifyReply) => reply.header('cache-control', 'private, no-store').header('referrer-policy', 'no-referrer');
  const unlockFirst = (request: FastifyRequest, reply: FastifyReply, error: unknown) => {
    if (error instanceof AppError && error.id === 'locked') return reply.redirect(`/office/reports/unlock?next=${encodeURIComponent(request.url)}`, 303);
    throw error;
  };
  const backTo = (id: number, done: string) => `/office/reports/${id}?done=${done}`;

  app.get('/office/reports', { preHandler: officeGuard(mayInvestigate) }, async (request, reply) => {
    const page = await reportQueuePage(db, opts.ctx(request, reply), officialOf(request), Boolean(await keysOf(request)));
    return officePrivately(reply).page(page);
  });

  app.get<{ Querystring: { next?: string } }>('/office/reports/unlock', { preHandler: officeGuard(mayHoldReportKeys) }, async (request, reply) =>
    officePrivately(reply).page(unlockPage(opts.ctx(request, reply), { next: request.query.next ?? '' })({})));

  app.post('/office/reports/unlock', { preHandler: officeGuard(mayHoldReportKeys) }, async (request, reply) => {
    const values = formFields(request.body);
    const official = officialOf(request);
    try {
      await unlockReportKeys(db, { official, password: values.password ?? '', sessionId: request.officeSessionId!, sessionToken: request.cookies[OFFICE_COOKIE] ?? '' });
      const fallback = official.roles.includes('custodian') && !official.roles.some((r) => r === 'investigator' || r === 'head') ? '/office/reports/custody' : '/office/reports';
      return reply.redirect(safeLocalPath(values.next, fallback), 303);
    } catch (error) {
      return rerender(error, request, officePrivately(reply), unlockPage(opts.ctx(request, reply), { next: values.next ?? '' }));
    }
  });

  app.get('/office/reports/custody', { preHandler: officeGuard((a) => mayKeepCustody(a)) }, async (request, reply) => {
    const page = await custodyPage(db, opts.ctx(request, reply), officialOf(request), Boolean(await keysOf(request)), { values: {} });
    return officePrivately(reply).page(page({}));
  });

  app.post<{ Params: { request: string } }>('/office/reports/custody/:request', { preHandler: officeGuard((a) => mayKeepCustody(a)) }, async (request, reply) => {
    const values = formFields(request.body);
    const official = officialOf(request);
    const requestId = idOrNotFound(request.params.request, 'report.request_not_found');
    try {
      await decideIdentity(db, official, await keysOf(request), requestId, { decision: values.decision ?? '', motivation: values.motivation ?? '' });
      return reply.redirect('/office/reports/custody?done=1', 303);
    } catch (error) {
      if (error instanceof AppError && error.id === 'locked') return unlockFirst(request, reply, error);
      const page = await custodyPage(db, opts.ctx(request, reply), official, true, { values, requestId });
      return rerender(error, request, officePrivately(reply), page);
    }
  });

  app.get('/office/reports/access', { preHandler: officeGuard(mayReadReportAccess) }, async (request, reply) =>
    officePrivately(reply).page(await reportAccessPage(db, opts.ctx(request, reply), officialOf(request))));

  app.get<{ Params: { id: string }; Querystring: { done?: string } }>('/office/reports/:id', { preHandler: officeGuard(mayInvestigate) }, async (request, reply) => {
    const id = idOrNotFound(request.params.id, 'report.not_found');
    try {
      const view = await investigatorReport(db, officialOf(request), await keysOf(request), id);
      return officePrivately(reply).page(officeReportPage(opts.ctx(request, reply), view, { values: {}, done: request.query.done, referralBodies: config.REPORT_REFERRAL_BODIES })({}));
    } catch (error) {
      return unlockFirst(request, reply, error);
    }
  });

  /** An investigator's form on a report: the act, then back to the report, or the report again with the form's errors. */
  const reportForm = (path: string, act: (request: FastifyRequest, id: number, values: Record<string, string>) => Promise<string>) =>
    app.post<{ Params: { id: string } }>(path, { preHandler: officeGuard(mayInvestigate) }, async (request, reply) => {
      const id = idOrNotFound(request.params.id, 'report.not_found');
      const values = formFields(request.body);
      try {
        return reply.redirect(backTo(id, await act(request, id, values)), 303);
      } catch (error) {
        if (error instanceof AppError && error.id === 'locked') return unlockFirst(request, reply, error);
        if (error instanceof AppError && (error.id === 'not_found' || error.id === 'forbidden')) throw error;
        const view = await investigatorReport(db, officialOf(request), await keysOf(request), id);
        return rerender(error, request, officePrivately(reply), officeReportPage(opts.ctx(request, reply), view, { values, referralBodies: config.REPORT_REFERRAL_BODIES }));
      }
    });

  reportForm('/office/reports/:id/acknowledge', async (request, id) => {
    await acknowledgeReport(db, officialOf(request), id);
    return 'acknowledged';
  });
  reportForm('/office/reports/:id/messages', async (request, id, values) => {
    const files = await formFiles(request.body, config.UPLOAD_MAX_BYTES);
    await writeOnReport(db, officialOf(request), await keysOf(request), id, { kind: values.kind ?? 'message', text: values.text ?? '', files: files.map((f) => ({ filename: f.filename, bytes: f.bytes })) });
    return values.kind === 'note' ? 'noted' : 'sent';
  });
  reportForm('/office/reports/:id/triage', async (request, id, values) => {
    await triageReport(db, officialOf(request), await keysOf(request), id, {
      priority: values.priority ?? '', labels: values.labels ?? '', extendMonths: values.extend_months ?? '', reason: values.reason ?? '',
    });
    return 'triaged';
  });
  reportForm('/office/reports/:id/conclude', async (request, id, values) => {
    await concludeReport(db, officialOf(request), await keysOf(request), id, { outcome: values.outcome ?? '', feedback: values.feedback ?? '', findingUnit: values.finding_unit ?? '' });
    return 'concluded';
  });
  reportForm('/office/reports/:id/assign', async (request, id, values) => {
    await assignReport(db, officialOf(request), id, { assignee: values.assignee ?? '' });
    return 'assigned';
  });
  reportForm('/office/reports/:id/referrals', async (request, id, values) => {
    await referReport(db, officialOf(request), await keysOf(request), id, {
      body: values.body ?? '', otherName: values.other_name ?? '', date: values.referred_on ?? '', reason: values.referral_reason ?? '', offered: config.REPORT_REFERRAL_BODIES,
    });
    return 'referred';
  });
  reportForm('/office/reports/:id/identity-requests', async (request, id, values) => {
    await requestIdentity(db, officialOf(request), id, { motivation: values.motivation ?? '' });
    return 'requested';
  });

  app.get<{ Params: { id: string; file: string } }>('/office/reports/:id/files/:file', { preHandler: officeGuard(mayInvestigate) }, async (request, reply) => {
    try {
      const file = await investigatorFile(db, officialOf(request), await keysOf(request), idOrNotFound(request.params.id, 'report.not_found'), idOrNotFound(request.params.file));
      return sendFile(officePrivately(reply), file);
    } catch (error) {
      return unlockFirst(request, reply, error);
    }
  });
}

/** A decrypted file as a download, never inline, never cached. */
function sendFile(reply: FastifyReply, file: { filename: string; type: string; bytes: Buffer }): FastifyReply {
  return reply
    .type(file.type)
    .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.filename)}`)
    .header('x-content-type-options', 'nosniff')
    .header('cache-control', 'no-store')
    .send(file.bytes);
}
