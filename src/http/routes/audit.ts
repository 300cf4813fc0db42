import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { AUDIT_COUNT_CAP, AUDIT_LISTS, auditCount, auditFilterOptions, auditList, type AuditFilters, type AuditList, type AuditQuery } from '../../db/repos/audit.js';
import { mayAudit } from '../../policies/index.js';
import { auditCsv } from '../../presenters/audit.js';
import { AuditPage } from '../../views/audit.js';
import { parseOrThrow } from '../forms.js';
import { officeGuard, officialOf } from '../guards.js';
import { idSchema } from '../params.js';
import type { RouteOptions } from '../context.js';
import { sendCsv } from '../csv.js';

const blank = (v: unknown) => (v === '' ? undefined : v);
const filtersSchema = z.object({
  unit: z.preprocess(blank, z.string().max(60).optional()),
  procedure: z.preprocess(blank, z.string().max(60).optional()),
  official: z.preprocess(blank, idSchema().optional()),
});
const csvSchema = filtersSchema.extend({ list: z.enum(AUDIT_LISTS) });

/** Rows on the page per list, so six lists stay readable on one page; the CSV carries up to CSV_LIMIT. */
const PAGE_LIMIT = 50;
const CSV_LIMIT = 100_000;

/** The audit view ("cyber inspection") and its CSV exports: auditors see every unit, supervisors their own. */
export async function auditRoutes(app: FastifyInstance, opts: RouteOptions): Promise<void> {
  const { db, config } = opts;

  /** Anonymous visitors are sent to sign in; a signed-in official without the right is refused by `mayAudit`. */
  const auditors = { preHandler: officeGuard(mayAudit) };

  app.get('/office/audit', auditors, async (request, reply) => {
    const actor = officialOf(request);
    const scope = mayAudit(actor);
    const filters: AuditFilters = parseOrThrow(filtersSchema, request.query as Record<string, unknown>);
    const q: AuditQuery = { scope, filters, lateEntryMinutes: config.LATE_ENTRY_MINUTES, limit: PAGE_LIMIT };
    const [options, overdue, delays, late, transfers, inquiries, access] = await Promise.all([
      auditFilterOptions(db, scope),
      auditList(db, 'overdue', q),
      auditList(db, 'delays', q),
      auditList(db, 'late', q),
      auditList(db, 'transfers', q),
      auditList(db, 'inquiries', q),
      auditList(db, 'access', q),
    ]);
    // The page shows the first rows of each list and how many there are in all (counted up to a cap).
    const counts = Object.fromEntries(await Promise.all(AUDIT_LISTS.map(async (list) => [list, await auditCount(db, list, q)] as const))) as Record<AuditList, number>;
    const scopeUnit = scope.unitId === null ? null : { ko: actor.unitNameKo, en: actor.unitNameEn };
    return reply.page(
      AuditPage({
        ctx: opts.ctx(request, reply),
        view: { scopeUnit, filters, options, rows: { overdue, delays, late, transfers, inquiries, access }, counts, countCap: AUDIT_COUNT_CAP, limit: PAGE_LIMIT, lateEntryMinutes: config.LATE_ENTRY_MINUTES },
      }),
    );
  });

  app.get('/office/audit.csv', auditors, async (request, reply) => {
    const actor = officialOf(request);
    const scope = mayAudit(actor);
    const { list, ...filters } = parseOrThrow(csvSchema, request.query as Record<string, unknown>);
    const rows = await auditList(db, list, { scope, filters, lateEntryMinutes: config.LATE_ENTRY_MINUTES, limit: CSV_LIMIT });
    return sendCsv(reply.header('cache-control', 'private, no-store'), `daylight-audit-${list}.csv`, auditCsv(list, rows));
  });
}
