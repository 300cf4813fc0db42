import type { FastifyInstance } from 'fastify';
import { answerSupplement } from '../../commands/answerSupplement.js';
import { rateService } from '../../commands/rateService.js';
import { findDocument } from '../../db/repos/documents.js';
import { takeHandoff } from '../../db/repos/handoffs.js';
import { applicationOpenedBy } from '../../db/repos/register.js';
import { normalizeAccessCode } from '../../domain/secrets.js';
import { NUMBER_PATTERN } from '../../domain/time.js';
import { AppError, notFound } from '../../errors.js';
import { TrackPage } from '../../views/applicant.js';
import { APPLICANT_COOKIE, CITIZEN_COOKIE, citizenFromSession, endSession, startSession } from '../auth.js';
import type { RouteOptions } from '../context.js';
import { sendDocument } from '../documents.js';
import { formFields, formFiles, rerender } from '../forms.js';
import { applicantCase, citizenCase, myApplicationPage, receiptPage } from '../pages/applicant.js';
import { applicantRatingPanel, ratedCase } from '../pages/ratingPanel.js';
import { idOrNotFound } from '../params.js';

/** The applicant's side: sign in with number and access code, the private view, answering supplement requests. */
export async function applicantRoutes(app: FastifyInstance, opts: RouteOptions): Promise<void> {
  const { db, config } = opts;

  app.get<{ Querystring: { number?: string; signed_out?: string } }>('/track', async (request, reply) => {
    // Coming from a private page without a session (a bookmark, a shared link, an e-mail): the number is filled in already.
    const number = (request.query.number ?? '').trim().toUpperCase();
    const values: Record<string, string> = NUMBER_PATTERN.test(number) ? { number } : {};
    const notice = request.query.signed_out ? request.t('journey.signed_out') : values.number ? request.t('track.sign_in_first') : undefined;
    return reply.page(TrackPage({ ctx: opts.ctx(request, reply), values, errors: {}, notice }));
  });

  // Access codes carry 60 bits, and this route is rate limited, so guessing is hopeless.
  app.post('/track', { config: { rateLimit: { max: config.FORM_RATE_LIMIT, timeWindow: '1 minute' } } }, async (request, reply) => {
    const values = formFields(request.body);
    const number = (values.number ?? '').trim().toUpperCase();
    const code = normalizeAccessCode(values.code ?? '');
    const errors: Record<string, string> = {};
    if (!NUMBER_PATTERN.test(number)) errors.number = request.t('error.number_format');
    if (!code) errors.code = request.t('error.required');
    let applicationId: number | undefined;
    if (!Object.keys(errors).length) {
      applicationId = await applicationOpenedBy(db, number, code);
      if (applicationId === undefined) errors.code = request.t('error.access_denied');
    }
    if (applicationId === undefined) {
      return reply.page(TrackPage({ ctx: opts.ctx(request, reply), values: { number }, errors }), 400);
    }
    await startSession(db, reply, config, { applicationId });
    return reply.redirect(`/my/${number}`, 303);
  });

  // Signing out of the private view ends the e-mail sign-in too: on a shared computer, one button must leave nothing open.
  app.post('/track/signout', async (request, reply) => {
    await endSession(db, request, reply, APPLICANT_COOKIE);
    await endSession(db, request, reply, CITIZEN_COOKIE);
    return reply.redirect('/track?signed_out=1', 303);
  });

  // The receipt after applying online, shown by the browser that applied (its session holds the sealed access code).
  app.get<{ Params: { number: string } }>('/my/:number/receipt', async (request, reply) => {
    const number = request.params.number.toUpperCase();
    if (request.applicantApplicationId === undefined && NUMBER_PATTERN.test(number)) return reply.redirect(`/track?number=${encodeURIComponent(number)}`, 303);
    const found = await applicantCase(db, number, request.applicantApplicationId);
    const accessCode = await takeHandoff(db, { sessionToken: request.cookies[APPLICANT_COOKIE], purpose: 'receipt', ref: found.number });
    if (!accessCode) return reply.redirect(`/my/${found.number}`, 303);
    return reply.page(await receiptPage(db, opts.ctx(request, reply), found, accessCode, config.publicUrl));
  });

  app.get<{ Params: { number: string }; Querystring: { sent?: string; rated?: string } }>('/my/:number', async (request, reply) => {
    const number = request.params.number.toUpperCase();
    // A citizen signed in by e-mail opens their own application without typing its access code: the sign-in link
    // proved they hold the address it was filed with (or they linked it with the code once).
    const owned = NUMBER_PATTERN.test(number) ? await citizenCase(db, number, await citizenFromSession(db, request.cookies[CITIZEN_COOKIE])) : undefined;
    if (owned && request.applicantApplicationId !== owned.id) {
      await startSession(db, reply, config, { applicationId: owned.id });
      request.applicantApplicationId = owned.id;
    }
    if (request.applicantApplicationId === undefined && NUMBER_PATTERN.test(number)) return reply.redirect(`/track?number=${encodeURIComponent(number)}`, 303);
    const found = await applicantCase(db, request.params.number, request.applicantApplicationId);
    const ctx = opts.ctx(request, reply);
    const rating = await applicantRatingPanel(db, config.RATING_WINDOW_DAYS, ctx, ratedCase(found), { saved: request.query.rated === '1' });
    const page = await myApplicationPage(db, ctx, found);
    return reply.page(page({ errors: {}, notice: request.query.sent ? request.t('my.answer_sent') : undefined, rating: rating({}) }));
  });

  app.post<{ Params: { number: string } }>(
    '/my/:number/supplement',
    { config: { rateLimit: { max: config.FORM_RATE_LIMIT, timeWindow: '1 minute' } } },
    async (request, reply) => {
      const found = await applicantCase(db, request.params.number, request.applicantApplicationId);
      const values = formFields(request.body);
      try {
        const files = await formFiles(request.body, config.UPLOAD_MAX_BYTES);
        if (!files.length) throw new AppError('validation', 'error.validation', {}, [{ field: 'files', key: 'error.supplement_needs_documents' }]);
        await answerSupplement(db, {
          number: found.number,
          applicationId: found.id,
          documents: files.map((f) => ({ kind: 'supplement', filename: f.filename, bytes: f.bytes })),
          message: values.message?.slice(0, 2000),
        });
        return reply.redirect(`/my/${found.number}?sent=1`, 303);
      } catch (error) {
        const page = await myApplicationPage(db, opts.ctx(request, reply), found);
        return rerender(error, request, reply, (errors) => page({ errors, values }));
      }
    },
  );

  // Rating the service once the case is closed (the signed link from the closing e-mail is in ratings.ts).
  app.post<{ Params: { number: string } }>(
    '/my/:number/rating',
    { config: { rateLimit: { max: config.FORM_RATE_LIMIT, timeWindow: '1 minute' } } },
    async (request, reply) => {
      const found = await applicantCase(db, request.params.number, request.applicantApplicationId);
      const values = formFields(request.body);
      try {
        await rateService(db, { applicationId: found.id, satisfaction: values.satisfaction, comment: values.comment, locale: request.locale, windowDays: config.RATING_WINDOW_DAYS });
        return reply.redirect(`/my/${found.number}?rated=1#rating-heading`, 303);
      } catch (error) {
        const ctx = opts.ctx(request, reply);
        const page = await myApplicationPage(db, ctx, found);
        const rating = await applicantRatingPanel(db, config.RATING_WINDOW_DAYS, ctx, ratedCase(found), { values });
        return rerender(error, request, reply, (errors) => page({ errors: {}, rating: rating(errors) }));
      }
    },
  );

  app.get<{ Params: { number: string; id: string } }>('/my/:number/documents/:id', async (request, reply) => {
    const found = await applicantCase(db, request.params.number, request.applicantApplicationId);
    const doc = await findDocument(db, found.id, idOrNotFound(request.params.id));
    if (!doc) throw notFound();
    return sendDocument(reply, doc);
  });
}
