import type { FastifyInstance, FastifyReply } from 'fastify';
import { deductFinding } from '../../commands/integrity/deductFinding.js';
import { answerInternalSurvey } from '../../commands/integrity/answerInternalSurvey.js';
import { answerSurvey } from '../../commands/integrity/answerSurvey.js';
import { enterAssessment, publishYear, saveYearModel, setSamplingRate } from '../../commands/integrity/manageYear.js';
import { openSurveyFromPrivatePage } from '../../commands/integrity/openSurveyFromPrivatePage.js';
import { mayAnswerInternalSurvey, mayAssessIntegrity, mayManageIntegrity } from '../../policies/index.js';
import { deductionsCsv, proceduresCsv, unitsCsv, yearJson } from '../../presenters/integrity.js';
import type { RouteOptions } from '../context.js';
import { formFields, rerender } from '../forms.js';
import { officeGuard, officialOf } from '../guards.js';
import { applicantCase } from '../pages/applicant.js';
import {
  integrityHomePage, integrityMethodologyPage, integrityUnitPage, integrityYearPage, internalSurveyPage, jurisdictionByCode, officeIntegrityPage,
  officeIntegrityYearPage, officeJurisdiction, procedureCodes, surveyPage, yearFigures, yearParam,
} from '../pages/integrity.js';

/**
 * The Integrity Index: the public pages of each published year (tables, methodology, history, CSV and JSON), the
 * applicants' survey behind its single-use link, the officials' internal survey, and the office's years: models,
 * sampling, deductions, publishing.
 */
export async function integrityRoutes(app: FastifyInstance, opts: RouteOptions): Promise<void> {
  const { db, config } = opts;
  const limited = { config: { rateLimit: { max: config.FORM_RATE_LIMIT, timeWindow: '1 minute' } } };
  const mixBatch = config.INTEGRITY_MIX_BATCH;
  // Survey pages carry a personal link and what was typed: never in a shared cache.
  const privately = (reply: FastifyReply) => reply.header('cache-control', 'private, no-store');
  const csv = (reply: FastifyReply, name: string, body: string) =>
    reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${name}"`).send(body);

  app.get('/integrity', async (request, reply) => reply.page(await integrityHomePage(db, opts.ctx(request, reply))));

  app.get<{ Params: { j: string; year: string } }>('/integrity/:j/:year', async (request, reply) => {
    const { j, year } = request.params;
    if (year.endsWith('.json')) {
      const figures = await yearFigures(db, await jurisdictionByCode(db, j), yearParam(year.slice(0, -5)), true);
      return reply.send(yearJson(figures));
    }
    return reply.page(await integrityYearPage(db, opts.ctx(request, reply), j, year));
  });

  app.get<{ Params: { j: string; year: string } }>('/integrity/:j/:year/methodology', async (request, reply) =>
    reply.page(await integrityMethodologyPage(db, opts.ctx(request, reply), request.params.j, request.params.year)));

  for (const [file, render] of [['units.csv', unitsCsv], ['procedures.csv', proceduresCsv], ['deductions.csv', deductionsCsv]] as const) {
    app.get<{ Params: { j: string; year: string } }>(`/integrity/:j/:year/${file}`, async (request, reply) => {
      const j = await jurisdictionByCode(db, request.params.j);
      const figures = await yearFigures(db, j, yearParam(request.params.year), true);
      return csv(reply, `daylight-integrity-${j.code}-${figures.year}-${file}`, render(figures));
    });
  }

  app.get<{ Params: { j: string; unit: string } }>('/integrity/:j/units/:unit', async (request, reply) =>
    reply.page(await integrityUnitPage(db, opts.ctx(request, reply), request.params.j, request.params.unit)));

  app.get<{ Params: { token: string } }>('/integrity/survey/:token', async (request, reply) => {
    const page = await surveyPage(db, opts.ctx(request, reply), request.params.token, {});
    return privately(reply).page(page({}));
  });

  app.get('/integrity/thanks', async (request, reply) => {
    const page = await surveyPage(db, opts.ctx(request, reply), '', { done: true });
    return privately(reply).page(page({}));
  });

  app.post<{ Params: { token: string } }>('/integrity/survey/:token', limited, async (request, reply) => {
    const values = formFields(request.body);
    try {
      await answerSurvey(db, { token: request.params.token, values, mixBatch });
      // The token is spent: the thank-you page needs none, and shows nothing of the answer.
      return reply.redirect('/integrity/thanks', 303);
    } catch (error) {
      const page = await surveyPage(db, opts.ctx(request, reply), request.params.token, { values });
      return rerender(error, request, privately(reply), page);
    }
  });

  // The applicant's private page opens the survey with a fresh single-use link.
  app.post<{ Params: { number: string } }>('/my/:number/integrity-survey', limited, async (request, reply) => {
    const found = await applicantCase(db, request.params.number, request.applicantApplicationId);
    const token = await openSurveyFromPrivatePage(db, found.id);
    return reply.redirect(`/integrity/survey/${token}`, 303);
  });

  app.get<{ Querystring: { done?: string } }>('/office/integrity-survey', { preHandler: officeGuard(mayAnswerInternalSurvey) }, async (request, reply) => {
    const who = mayAnswerInternalSurvey(officialOf(request));
    const j = await officeJurisdiction(db, who.jurisdictionId);
    const page = await internalSurveyPage(db, opts.ctx(request, reply), who, j.time_zone, { done: request.query.done === '1' });
    return privately(reply).page(page({}));
  });

  app.post('/office/integrity-survey', { ...limited, preHandler: officeGuard(mayAnswerInternalSurvey) }, async (request, reply) => {
    const who = mayAnswerInternalSurvey(officialOf(request));
    const j = await officeJurisdiction(db, who.jurisdictionId);
    const values = formFields(request.body);
    try {
      await answerInternalSurvey(db, { ...who, timeZone: j.time_zone, values, mixBatch });
      return reply.redirect('/office/integrity-survey?done=1', 303);
    } catch (error) {
      const page = await internalSurveyPage(db, opts.ctx(request, reply), who, j.time_zone, { values });
      return rerender(error, request, privately(reply), page);
    }
  });

  app.get('/office/integrity', { preHandler: officeGuard(mayManageIntegrity) }, async (request, reply) => {
    const scope = mayManageIntegrity(officialOf(request));
    return reply.page((await officeIntegrityPage(db, opts.ctx(request, reply), scope.jurisdictionId))({}));
  });

  app.post('/office/integrity/sampling', { preHandler: officeGuard(mayManageIntegrity) }, async (request, reply) => {
    const scope = mayManageIntegrity(officialOf(request));
    const values = formFields(request.body);
    try {
      await setSamplingRate(db, scope.jurisdictionId, values, await procedureCodes(db, scope.jurisdictionId));
      return reply.redirect('/office/integrity#sampling', 303);
    } catch (error) {
      const page = await officeIntegrityPage(db, opts.ctx(request, reply), scope.jurisdictionId, { values });
      return rerender(error, request, reply, page);
    }
  });

  app.get<{ Params: { year: string } }>('/office/integrity/:year', { preHandler: officeGuard(mayManageIntegrity) }, async (request, reply) => {
    const scope = mayManageIntegrity(officialOf(request));
    return reply.page((await officeIntegrityYearPage(db, opts.ctx(request, reply), scope.jurisdictionId, request.params.year))({}));
  });

  const yearForms = [
    ['model', mayManageIntegrity],
    ['assessments', mayAssessIntegrity],
    ['publish', mayAssessIntegrity],
    ['findings', mayAssessIntegrity],
  ] as const;
  for (const [form, policy] of yearForms) {
    app.post<{ Params: { year: string } }>(`/office/integrity/:year/${form}`, { preHandler: officeGuard(policy) }, async (request, reply) => {
      const official = officialOf(request);
      const scope = policy(official);
      const j = await officeJurisdiction(db, scope.jurisdictionId);
      const year = yearParam(request.params.year);
      const values = formFields(request.body);
      const yearScope = { jurisdictionId: j.id, timeZone: j.time_zone, year, officialId: official.id };
      try {
        if (form === 'model') await saveYearModel(db, yearScope, { preset: values.preset || undefined, modelJson: values.preset ? undefined : values.model });
        else if (form === 'assessments') await enterAssessment(db, yearScope, values);
        else if (form === 'findings') await deductFinding(db, yearScope, values);
        else await publishYear(db, yearScope);
        return reply.redirect(`/office/integrity/${year}${form === 'findings' ? '#report-findings' : ''}`, 303);
      } catch (error) {
        const page = await officeIntegrityYearPage(db, opts.ctx(request, reply), j.id, request.params.year, { values, form: form === 'assessments' ? 'assessment' : form === 'findings' ? 'finding' : form });
        return rerender(error, request, reply, page);
      }
    });
  }
}
