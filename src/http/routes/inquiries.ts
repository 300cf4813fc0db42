import type { FastifyInstance } from 'fastify';
import { answerInquiry } from '../../commands/inquiries/answerInquiry.js';
import { openInquiry } from '../../commands/inquiries/openInquiry.js';
import { redactInquiry } from '../../commands/inquiries/redactInquiry.js';
import { findPublicCase } from '../../db/repos/publicRead.js';
import { AppError, notFound } from '../../errors.js';
import { mayUseOffice } from '../../policies/index.js';
import { formFields } from '../forms.js';
import type { RouteOptions } from '../context.js';
import { applicationPageWithInquiries, askerOf } from '../pages/inquiries.js';
import { officeGuard, officialOf } from '../guards.js';
import { idOrNotFound } from '../params.js';

/** Questions and objections: asked on an application's public page, answered on the record from the office. */
export async function inquiryRoutes(app: FastifyInstance, opts: RouteOptions): Promise<void> {
  const office = { preHandler: officeGuard(mayUseOffice) };
  const { db, config } = opts;
  const limited = { config: { rateLimit: { max: config.FORM_RATE_LIMIT, timeWindow: '1 minute' } } };

  app.post<{ Params: { number: string } }>('/applications/:number/inquiries', limited, async (request, reply) => {
    const found = await findPublicCase(db, request.params.number);
    if (!found) throw notFound('error.application_not_found');
    const asker = await askerOf(db, request, found.id);
    if (!asker) throw new AppError('unauthenticated', 'error.citizen_sign_in');
    const values = formFields(request.body);
    try {
      const opened = await openInquiry(db, {
        number: found.number,
        asker,
        kind: values.kind === 'objection' ? 'objection' : 'question',
        text: values.text ?? '',
        private: values.private === '1',
        locale: request.locale,
      });
      return reply.redirect(`/applications/${found.number}?asked=${opened.no}${opened.corruption ? '&report=1' : ''}#inquiry-${opened.no}`, 303);
    } catch (error) {
      const ctx = opts.ctx(request, reply);
      const kept = { kind: values.kind ?? '', text: (values.text ?? '').slice(0, 10_000), private: values.private ?? '' };
      if (!(error instanceof AppError) || !['invalid_transition', 'validation'].includes(error.id)) throw error;
      const errors = error.fields.length
        ? Object.fromEntries(error.fields.map((f) => [f.field, request.t(f.key, { ...f.values, max: 2000 })]))
        : { text: request.t(error.key) };
      return reply.page(await applicationPageWithInquiries(db, request, ctx, found, { values: kept, errors }), error.status);
    }
  });

  app.post<{ Params: { number: string; no: string } }>('/office/applications/:number/inquiries/:no/answer', office, async (request, reply) => {
    const actor = officialOf(request);
    const values = formFields(request.body);
    const no = idOrNotFound(request.params.no, 'error.inquiry_not_found');
    try {
      await answerInquiry(db, { number: request.params.number, no, answer: values.answer ?? '', actor });
      return reply.redirect(`/office/applications/${request.params.number}?done=inquiry_answered#inquiry-${no}`, 303);
    } catch (error) {
      if (error instanceof AppError && error.id === 'validation') {
        const field = error.fields[0];
        return reply.redirect(`/office/applications/${request.params.number}?inquiry_error=${encodeURIComponent(field?.key ?? error.key)}#inquiry-${no}`, 303);
      }
      throw error;
    }
  });

  app.post<{ Params: { number: string; no: string } }>('/office/applications/:number/inquiries/:no/redact', office, async (request, reply) => {
    const actor = officialOf(request);
    const values = formFields(request.body);
    const no = idOrNotFound(request.params.no, 'error.inquiry_not_found');
    try {
      await redactInquiry(db, {
        number: request.params.number,
        no,
        field: values.field === 'answer' ? 'answer' : 'question',
        text: values.text ?? '',
        reason: values.reason ?? '',
        actor,
      });
      return reply.redirect(`/office/applications/${request.params.number}?done=inquiry_redacted#inquiry-${no}`, 303);
    } catch (error) {
      if (error instanceof AppError && (error.id === 'validation' || error.id === 'invalid_transition')) {
        const key = error.fields[0]?.key ?? error.key;
        return reply.redirect(`/office/applications/${request.params.number}?inquiry_error=${encodeURIComponent(key)}#inquiry-${no}`, 303);
      }
      throw error;
    }
  });
}
