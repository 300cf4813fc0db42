import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { addCalendarDay } from '../../commands/calendar/addCalendarDay.js';
import { ImportRefused, importCalendarDays, previewCalendarImport } from '../../commands/calendar/importCalendarDays.js';
import { removeCalendarDay } from '../../commands/calendar/removeCalendarDay.js';
import { saveCalendarSettings } from '../../commands/calendar/saveCalendarSettings.js';
import { listCalendarChanges } from '../../db/repos/calendarChanges.js';
import { calendarFor, listJurisdictions } from '../../db/repos/calendars.js';
import { CALENDAR_YEARS, calendarYear } from '../../domain/calendarSettings.js';
import { plusDays } from '../../domain/localDate.js';
import { AppError, type FieldIssue } from '../../errors.js';
import { calendarFeed } from '../../feeds/icalendar.js';
import { mayAdminister } from '../../policies/index.js';
import { closedDays } from '../../presenters/calendar.js';
import { CalendarIndexPage, CalendarPage } from '../../views/calendar.js';
import { CalendarAdminPage, ImportPreviewPage } from '../../views/calendarAdmin.js';
import { publicRecordCaching } from '../caching.js';
import { formFields, issueMessages, readFormFiles, rerender } from '../forms.js';
import { officeGuard, officialOf } from '../guards.js';
import type { RouteOptions } from '../context.js';
import { calendarAdminData, calendarJurisdiction, calendarYearOf, countryName, regionName, yearOf } from '../pages/calendars.js';

const localized = z.object({ ko: z.string(), en: z.string() });
const calendarBody = z.object({
  jurisdiction: z.object({ code: z.string(), name: localized }),
  year: z.number().int(),
  version: z.number().int().describe('The calendar version: every change to the calendar increments it'),
  holiday_rules: z.number().int().describe('Revision of the holiday rules (the library, its corrections, the statutes Daylight computes)'),
  time_zone: z.string(),
  country: z.string(),
  region: z.string().nullable(),
  weekend: z.array(z.number().int()).describe('ISO weekdays, 1 Monday … 7 Sunday'),
  office_hours: z.object({ start: z.string(), end: z.string(), breaks: z.array(z.object({ start: z.string(), end: z.string() })) }),
  days: z.array(
    z.object({
      date: z.string(),
      weekday: z.number().int(),
      kind: z.enum(['holiday', 'closure', 'weekend']),
      source: z.enum(['library', 'statute', 'designated', 'closure', 'weekend']),
      name: localized,
      substitute: z.boolean(),
    }),
  ).describe('Every day of the year closed by something other than the weekend'),
  open_days: z.array(z.object({ date: z.string(), reason: z.string() })).describe('Days declared working days although the weekend or the holiday rules close them'),
  history: z.array(
    z.object({
      version: z.number().int(),
      kind: z.string(),
      recorded_at: z.string(),
      actor: z.object({ kind: z.string(), name: localized.optional(), title: localized.optional(), unit: z.object({ code: z.string(), name: localized }).optional() }).nullable(),
      reason: z.string(),
      data: z.record(z.string(), z.unknown()),
    }),
  ).describe('Changes to the calendar, newest first'),
});
const errorBody = z.object({ error: z.object({ id: z.string(), message: z.string() }) });

/**
 * Working calendars: each jurisdiction's public calendar (page, iCalendar feed, JSON), and its administrators' page to
 * keep it (days, settings, imports). Routes parse, guard, call one command or query and present.
 */
export async function calendarRoutes(fastify: FastifyInstance, opts: RouteOptions): Promise<void> {
  const { db, config } = opts;
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const adminOnly = { preHandler: officeGuard(mayAdminister) };

  app.get('/calendars', async (request, reply) => reply.page(CalendarIndexPage({ ctx: opts.ctx(request, reply), jurisdictions: await listJurisdictions(db) })));

  app.get<{ Params: { code: string }; Querystring: { year?: string } }>('/calendars/:code', async (request, reply) => {
    const { row, cal } = await calendarYearOf(db, request.params.code, request.query.year);
    if (publicRecordCaching(request, reply, ['calendar', row.code, row.calendar_version, cal.year])) return reply.code(304).send();
    return reply.page(CalendarPage({ ctx: opts.ctx(request, reply), cal, countryName: countryName(cal.country), regionName: regionName(cal.country, cal.region) }));
  });

  app.get<{ Params: { code: string } }>('/calendars/:code/feed.ics', async (request, reply) => {
    const row = await calendarJurisdiction(db, request.params.code);
    const year = yearOf(undefined, row.time_zone);
    const [calendar, changes] = await Promise.all([calendarFor(db, row), listCalendarChanges(db, row.id, 1)]);
    if (publicRecordCaching(request, reply, ['ics', row.code, row.calendar_version, year])) return reply.code(304).send();
    // Last year to two years ahead: what a subscriber's calendar shows, and every running deadline.
    const days = closedDays(calendar, `${year - 1}-01-01`, plusDays(`${year + 3}-01-01`, -1));
    const name = request.locale === 'ko' ? row.name_ko : row.name_en;
    const body = calendarFeed({
      code: row.code,
      name: request.t('calendar.feed_name', { name }),
      description: request.t('calendar.lead'),
      host: new URL(config.publicUrl).host,
      stamp: changes[0]?.recorded_at ?? row.created_at,
      locale: request.locale,
      days,
      sourceName: (s) => request.t(`calendar.source.${s}`),
      substituteMark: request.t('calendar.substitute'),
    });
    return reply.type('text/calendar; charset=utf-8').header('content-disposition', `inline; filename="${row.code}-working-calendar.ics"`).send(body);
  });

  app.get(
    '/api/v1/calendars/:code',
    {
      schema: {
        summary: 'A jurisdiction’s working calendar for a year: settings, closed days with their source, and its history',
        tags: ['public'],
        params: z.object({ code: z.string().regex(/^[A-Z]{2,4}$/) }),
        querystring: z.object({ year: z.string().regex(/^[0-9]{4}$/).optional().describe(`A year from ${CALENDAR_YEARS.min} to ${CALENDAR_YEARS.max}; this year when absent`) }),
        response: { 200: calendarBody, 304: z.null(), 400: errorBody, 404: errorBody },
      },
    },
    async (request, reply) => {
      const { row, cal } = await calendarYearOf(db, request.params.code, request.query.year);
      if (publicRecordCaching(request, reply, ['calendar-api', row.code, row.calendar_version, cal.year])) return reply.code(304).send(null);
      return cal;
    },
  );

  // The administrators' page.

  const NOTICES = ['added', 'removed', 'opened', 'settings', 'imported'] as const;

  app.get<{ Params: { code: string }; Querystring: { year?: string; remove?: string; saved?: string } }>('/admin/calendars/:code', adminOnly, async (request, reply) => {
    const data = await calendarAdminData(db, request.params.code, request.query.year);
    const saved = NOTICES.find((n) => n === request.query.saved);
    const remove = /^\d{4}-\d{2}-\d{2}$/.test(request.query.remove ?? '') ? request.query.remove : undefined;
    return reply.page(CalendarAdminPage({ ctx: opts.ctx(request, reply), data, errors: {}, values: remove ? { remove_date: remove } : {}, notice: saved ? request.t(`calendar.saved.${saved}`) : undefined }));
  });

  /**
   * Runs a command for the administrators' page: on success back to the calendar (post/redirect/get), on a
   * correctable error the page again with the messages, the form's fields renamed as the page names them.
   */
  async function attempt(request: FastifyRequest<{ Params: { code: string } }>, reply: FastifyReply, rename: Record<string, string>, run: (jurisdictionId: string, v: Record<string, string>) => Promise<string>) {
    const v = formFields(request.body);
    const row = await calendarJurisdiction(db, request.params.code);
    const year = calendarYear(v.year, 0) || '';
    try {
      const saved = await run(row.id, v);
      return reply.redirect(`/admin/calendars/${row.code}?${year ? `year=${year}&` : ''}saved=${saved}`, 303);
    } catch (error) {
      const renamed = error instanceof AppError ? renameFields(error, rename) : error;
      const data = await calendarAdminData(db, row.code, year ? String(year) : undefined);
      return rerender(renamed, request, reply, (errors) => CalendarAdminPage({ ctx: opts.ctx(request, reply), data, errors, values: v }));
    }
  }

  app.post<{ Params: { code: string } }>('/admin/calendars/:code/days', adminOnly, async (request, reply) =>
    attempt(request, reply, {}, async (jurisdictionId, v) => {
      await addCalendarDay(db, officialOf(request), {
        jurisdictionId, date: v.date ?? '', kind: v.kind === 'closure' ? 'closure' : v.kind === 'designated' ? 'designated' : (v.kind as never),
        nameKo: v.name_ko ?? '', nameEn: v.name_en ?? '', reason: v.reason ?? '',
      });
      return 'added';
    }),
  );

  app.post<{ Params: { code: string } }>('/admin/calendars/:code/days/remove', adminOnly, async (request, reply) =>
    attempt(request, reply, { date: 'remove_date', reason: 'remove_reason' }, async (jurisdictionId, v) =>
      removeCalendarDay(db, officialOf(request), { jurisdictionId, date: v.remove_date ?? '', reason: v.remove_reason ?? '' }),
    ),
  );

  app.post<{ Params: { code: string } }>('/admin/calendars/:code/settings', adminOnly, async (request, reply) =>
    attempt(request, reply, { reason: 'settings_reason' }, async (jurisdictionId, v) => {
      await saveCalendarSettings(db, officialOf(request), {
        jurisdictionId, weekend: v.weekend ?? '', country: v.country ?? '', region: v.region ?? '',
        hoursStart: v.hours_start ?? '', hoursEnd: v.hours_end ?? '', breakStart: v.break_start ?? '', breakEnd: v.break_end ?? '', reason: v.settings_reason ?? '',
      });
      return 'settings';
    }),
  );

  app.post<{ Params: { code: string } }>('/admin/calendars/:code/import', adminOnly, async (request, reply) => {
    const row = await calendarJurisdiction(db, request.params.code);
    const { files, tooLarge } = await readFormFiles(request.body, config.UPLOAD_MAX_BYTES);
    const file = files.find((f) => f.field === 'file');
    if (tooLarge.length || !file || !file.bytes.length) {
      const data = await calendarAdminData(db, row.code, formFields(request.body).year);
      const errors = tooLarge.length ? issueMessages(tooLarge, request.t) : { file: request.t('error.calendar_file_missing') };
      return reply.page(CalendarAdminPage({ ctx: opts.ctx(request, reply), data, errors }), tooLarge.length ? 413 : 400);
    }
    const preview = await previewCalendarImport(db, officialOf(request), { jurisdictionId: row.id, filename: file.filename || 'calendar', bytes: file.bytes });
    const page = ImportPreviewPage({ ctx: opts.ctx(request, reply), code: row.code, name: request.locale === 'ko' ? row.name_ko : row.name_en, preview, errors: {} });
    return reply.page(page, preview.problems.length ? 400 : 200);
  });

  app.post<{ Params: { code: string } }>('/admin/calendars/:code/import/confirm', adminOnly, async (request, reply) => {
    const row = await calendarJurisdiction(db, request.params.code);
    const v = formFields(request.body);
    const version = /^[0-9]{1,9}$/.test(v.version ?? '') ? Number(v.version) : -1;
    try {
      await importCalendarDays(db, officialOf(request), {
        jurisdictionId: row.id, filename: v.filename ?? '', text: v.content ?? '', kind: v.kind === 'closure' ? 'closure' : 'designated', expectedVersion: version, reason: v.reason ?? '',
      });
      return reply.redirect(`/admin/calendars/${row.code}?saved=imported`, 303);
    } catch (error) {
      const name = request.locale === 'ko' ? row.name_ko : row.name_en;
      if (error instanceof ImportRefused) {
        return reply.page(ImportPreviewPage({ ctx: opts.ctx(request, reply), code: row.code, name, preview: { ...error.preview, problems: error.preview.problems.length ? error.preview.problems : [{ key: error.key }] }, errors: {}, values: v }), 409);
      }
      const preview = await previewCalendarImport(db, officialOf(request), { jurisdictionId: row.id, filename: v.filename ?? '', text: v.content ?? '' });
      return rerender(error, request, reply, (errors) => ImportPreviewPage({ ctx: opts.ctx(request, reply), code: row.code, name, preview, errors, values: v }));
    }
  });
}

/** The same error with its fields named as the form names them. */
function renameFields(error: AppError, rename: Record<string, string>): AppError {
  if (!error.fields.length) return error;
  const fields: FieldIssue[] = error.fields.map((f) => ({ ...f, field: rename[f.field] ?? f.field }));
  return new AppError(error.id, error.key, error.values, fields);
}
