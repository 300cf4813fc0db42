import { sql, type Expression, type Kysely, type SelectQueryBuilder, type SqlBool } from 'kysely';
import type { AuditScope } from '../../policies/index.js';
import type { DB } from '../schema.js';
import type { Localized, ProcedureStage, StageState } from '../../domain/types.js';
import { openConsultationOf } from './office.js';

/**
 * The audit view's lists ("cyber inspection"): overdue work now, delay reasons given, late entries, transfer
 * chains and unanswered questions past their deadline, each narrowed by the viewer's scope (every unit, or a
 * supervisor's own) and the filters. Internal: officials are named here even where the jurisdiction does not
 * publish names; no applicant data, and never who asked a question.
 */

export const AUDIT_LISTS = ['overdue', 'delays', 'late', 'transfers', 'inquiries', 'access'] as const;
export type AuditList = (typeof AUDIT_LISTS)[number];

export interface AuditFilters {
  /** Unit code: work owned by, running a stage in, or (transfers) passed through that unit. */
  unit?: string;
  /** Procedure code (the same code in several jurisdictions matches all of them). */
  procedure?: string;
  /**
   * Official id: the assignee (overdue, transfers, questions) or whoever recorded the act (delays, late entries,
   * transfers).
   */
  official?: number;
}

export interface AuditQuery {
  scope: AuditScope;
  filters: AuditFilters;
  lateEntryMinutes: number;
  limit: number;
}

interface Named {
  ko: string;
  en: string;
}

export interface AuditCaseColumns {
  number: string;
  title: string;
  time_zone: string;
  jurisdiction: string;
  unit_code: string;
  unit: Named;
  procedure_code: string;
  procedure: Named;
}

export interface OverdueRow extends AuditCaseColumns {
  assignee: Named | null;
  received_at: Date;
  overdue_since: Date;
  /** For a supervisor's view: the stages and whether their unit is consulted, to say why it sees another unit's case. */
  stages: StageState[];
  stage_definitions: ProcedureStage[];
  consulted: boolean;
}

export interface DelayRow extends AuditCaseColumns {
  stage: string | null;
  /** The stage's name as the procedure defines it, when the act concerned one stage. */
  stage_name: Localized | null;
  reason: string;
  official: Named | null;
  occurred_at: Date;
  recorded_at: Date;
}

export interface LateRow extends AuditCaseColumns {
  type: string;
  stage: string | null;
  /** The stage's name as the procedure defines it, when the act concerned one stage. */
  stage_name: Localized | null;
  official: Named | null;
  occurred_at: Date;
  recorded_at: Date;
  /** Minutes between the act and its entry. */
  lag_minutes: number;
}

export interface TransferRow extends AuditCaseColumns {
  transfer_count: number;
  escalated_at: Date | null;
  assignee: Named | null;
  /** Unit codes in order: where the case started, then each transfer's destination. */
  chain: string[];
  transfers: { at: Date; from_unit: string; to_unit: string; reason: string; by: Named | null }[];
}

/** An unanswered question past its due date; `unit` is the department it was sent to, which must answer it. */
export interface InquiryAuditRow extends AuditCaseColumns {
  no: number;
  kind: 'question' | 'objection';
  private: boolean;
  /** The text as published, or as asked when private (the audit view's audience may read private questions). */
  question: string;
  asked_by: 'applicant' | 'citizen';
  assignee: Named | null;
  opened_at: Date;
  due_at: Date;
  /** When the overdue scan flagged it; null when its due date passed since the last scan. */
  escalated_at: Date | null;
}

/** Staff opening an applicant's personal data or a document. */
export interface AccessAuditRow extends AuditCaseColumns {
  at: Date;
  official: Named;
  official_login: string;
  official_unit: string;
  what: 'case' | 'document';
  filename: string | null;
  reason: string | null;
}

export type AuditRows = { overdue: OverdueRow[]; delays: DelayRow[]; late: LateRow[]; transfers: TransferRow[]; inquiries: InquiryAuditRow[]; access: AccessAuditRow[] };

const named = (ko: string | null, en: string | null): Named | null => (ko === null || en === null ? null : { ko, en });

function base(db: Kysely<DB>) {
  return db
    .selectFrom('application as a')
    .innerJoin('jurisdiction as j', 'j.id', 'a.jurisdiction_id')
    .innerJoin('unit as u', 'u.id', 'a.unit_id')
    .innerJoin('procedure as p', 'p.id', 'a.procedure_id')
    .select([
      'a.id as application_id', 'a.number', 'a.title', 'j.time_zone', 'j.code as jurisdiction', 'u.code as unit_code',
      'u.name_ko as unit_ko', 'u.name_en as unit_en', 'a.procedure_code', 'p.name_ko as procedure_ko', 'p.name_en as procedure_en',
    ]);
}

/** The application belongs to the unit or has work running in it now. */
const caseInUnit = (unitId: number): Expression<SqlBool> =>
  sql<SqlBool>`(a.unit_id = ${unitId} OR a.active_unit_ids @> array[${unitId}]::int[])`;

/** ...or was transferred from or to it. */
const chainTouchesUnit = (unitId: number): Expression<SqlBool> =>
  sql<SqlBool>`(a.unit_id = ${unitId} OR a.active_unit_ids @> array[${unitId}]::int[] OR EXISTS (
    SELECT 1 FROM event t JOIN unit tu ON tu.id = ${unitId}
    WHERE t.application_id = a.id AND t.type = 'transferred' AND (t.data->>'from_unit' = tu.code OR t.data->>'to_unit' = tu.code)))`;

function caseColumns(r: { number: string; title: string; time_zone: string; jurisdiction: string; unit_code: string; unit_ko: string; unit_en: string; procedure_code: string; procedure_ko: string; procedure_en: string }): AuditCaseColumns {
  return {
    number: r.number, title: r.title, time_zone: r.time_zone, jurisdiction: r.jurisdiction, unit_code: r.unit_code,
    unit: { ko: r.unit_ko, en: r.unit_en }, procedure_code: r.procedure_code, procedure: { ko: r.procedure_ko, en: r.procedure_en },
  };
}

/** Resolves the unit filter to an id; an unknown code matches nothing (-1). */
async function unitIdOf(db: Kysely<DB>, code: string | undefined): Promise<number | null> {
  if (!code) return null;
  const row = await db.selectFrom('unit').select('id').where('code', '=', code).executeTakeFirst();
  return row?.id ?? -1;
}

/**
 * Unanswered questions whose due date has passed (flagged by the overdue scan or not yet), longest overdue first.
 * Scoped by the unit the question was sent to, never by the units merely consulted on the case, so a private
 * question reaches only its own unit's supervisor and the auditors.
 */
async function overdueInquiries(db: Kysely<DB>, q: AuditQuery, units: number[], now: Date, count: number | false): Promise<InquiryAuditRow[] | number> {
  const { procedure, official } = q.filters;
  let query = db
    .selectFrom('inquiry as i')
    .innerJoin('application as a', 'a.id', 'i.application_id')
    .innerJoin('jurisdiction as j', 'j.id', 'a.jurisdiction_id')
    .innerJoin('unit as u', 'u.id', 'i.unit_id')
    .innerJoin('procedure as p', 'p.id', 'a.procedure_id')
    .leftJoin('official as o', 'o.id', 'a.assigned_official_id')
    .select([
      'a.number', 'a.title', 'j.time_zone', 'j.code as jurisdiction', 'u.code as unit_code', 'u.name_ko as unit_ko', 'u.name_en as unit_en',
      'a.procedure_code', 'p.name_ko as procedure_ko', 'p.name_en as procedure_en', 'o.name_ko as o_ko', 'o.name_en as o_en',
      'i.no', 'i.kind', 'i.private', 'i.question', 'i.asked_by', 'i.opened_at', 'i.due_at', 'i.escalated_at',
    ])
    .where('i.answered_at', 'is', null)
    .where((eb) => eb.or([eb('i.escalated_at', 'is not', null), eb('i.due_at', '<', now)]));
  for (const u of units) query = query.where('i.unit_id', '=', u);
  if (procedure) query = query.where('a.procedure_code', '=', procedure);
  if (official) query = query.where('a.assigned_official_id', '=', official);
  if (count !== false) return countOf(db, query, count);
  const rows = await query.orderBy('i.due_at', 'asc').orderBy('a.number').orderBy('i.no').limit(q.limit).execute();
  return rows.map((r) => ({
    ...caseColumns(r), no: r.no, kind: r.kind, private: r.private, question: r.question,
    asked_by: r.asked_by, assignee: named(r.o_ko, r.o_en), opened_at: r.opened_at, due_at: r.due_at, escalated_at: r.escalated_at,
  }));
}

/** Counts stop here: a list this long is shown as "10,000+", and no count reads more rows than this. */
export const AUDIT_COUNT_CAP = 10_000;

/** How many rows a list's query has, reading at most `AUDIT_COUNT_CAP + 1` of them. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any list's query, whatever it selects
async function countOf(db: Kysely<DB>, query: SelectQueryBuilder<DB, any, any>, cap: number): Promise<number> {
  const capped = query.clearSelect().select(sql<number>`1`.as('one')).limit(cap + 1).as('capped');
  const row = await db.selectFrom(capped).select((eb) => eb.fn.countAll<string | number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** One audit list, newest or most urgent first, at most `limit` rows. */
export async function auditList<L extends AuditList>(db: Kysely<DB>, list: L, q: AuditQuery, now: Date = new Date()): Promise<AuditRows[L]> {
  return (await listOrCount(db, list, q, now, false)) as AuditRows[L];
}

/**
 * How many rows one audit list has under the same scope and filters as `auditList`, up to `AUDIT_COUNT_CAP + 1`
 * (more than the cap means "more than 10,000"): the page shows at most `limit` rows, and says how many there are.
 */
export async function auditCount(db: Kysely<DB>, list: AuditList, q: AuditQuery, now: Date = new Date(), cap = AUDIT_COUNT_CAP): Promise<number> {
  return (await listOrCount(db, list, q, now, cap)) as number;
}

/** The list's rows, or, when `count` is a cap, how many rows it has up to one past the cap. */
async function listOrCount(db: Kysely<DB>, list: AuditList, q: AuditQuery, now: Date, count: number | false): Promise<AuditRows[AuditList] | number> {
  const filterUnit = await unitIdOf(db, q.filters.unit);
  const units = [q.scope.unitId, filterUnit].filter((u): u is number => u !== null);
  const { procedure, official } = q.filters;
  switch (list) {
    case 'inquiries':
      return overdueInquiries(db, q, units, now, count);
    case 'overdue': {
      let query = base(db)
        .leftJoin('official as o', 'o.id', 'a.assigned_official_id')
        .select(['o.name_ko as o_ko', 'o.name_en as o_en', 'a.received_at', 'a.overdue_since', 'a.stages', 'p.stages as p_stages'])
        .select(q.scope.unitId === null ? sql<boolean>`false`.as('consulted') : openConsultationOf(q.scope.unitId).as('consulted'))
        .where('a.closed_at', 'is', null)
        .where('a.overdue_since', 'is not', null);
      for (const u of units) query = query.where(caseInUnit(u));
      if (procedure) query = query.where('a.procedure_code', '=', procedure);
      if (official) query = query.where('a.assigned_official_id', '=', official);
      if (count !== false) return countOf(db, query, count);
      const rows = await query.orderBy('a.overdue_since', 'asc').orderBy('a.number').limit(q.limit).execute();
      return rows.map((r) => ({
        ...caseColumns(r), assignee: named(r.o_ko, r.o_en), received_at: r.received_at, overdue_since: r.overdue_since!,
        stages: r.stages, stage_definitions: r.p_stages, consulted: r.consulted,
      })) as AuditRows[AuditList];
    }
    case 'delays':
    case 'late': {
      let query = base(db)
        .innerJoin('event as e', 'e.application_id', 'a.id')
        .leftJoin('official as o', 'o.id', 'e.actor_official_id')
        .select(['e.type', sql<string | null>`e.data->>'stage'`.as('stage'), sql<string>`coalesce(e.data->>'reason', '')`.as('reason'), 'e.occurred_at', 'e.recorded_at', 'o.name_ko as o_ko', 'o.name_en as o_en', 'p.stages as p_stages']);
      if (list === 'delays') query = query.where('e.type', '=', 'delay_reason_given');
      else {
        // The overdue scan's own detections and applicants' answers are not acts an office entered.
        query = query
          .where(sql<SqlBool>`e.recorded_at > e.occurred_at + interval '1 minute' * ${q.lateEntryMinutes}`)
          .where('e.type', '<>', 'deadline_passed')
          .where(sql<SqlBool>`coalesce(e.actor->>'kind', '') <> 'applicant'`);
      }
      for (const u of units) query = query.where(caseInUnit(u));
      if (procedure) query = query.where('a.procedure_code', '=', procedure);
      if (official) query = query.where('e.actor_official_id', '=', official);
      if (count !== false) return countOf(db, query, count);
      const rows = await query.orderBy(list === 'late' ? 'e.recorded_at' : 'e.occurred_at', 'desc').orderBy('a.number').limit(q.limit).execute();
      return rows.map((r) => {
        const stageName = r.stage === null ? null : (r.p_stages.find((d) => d.key === r.stage)?.name ?? null);
        const common = { ...caseColumns(r), stage: r.stage, stage_name: stageName, official: named(r.o_ko, r.o_en), occurred_at: r.occurred_at, recorded_at: r.recorded_at };
        return list === 'delays'
          ? { ...common, reason: r.reason }
          : { ...common, type: r.type, lag_minutes: Math.round((r.recorded_at.getTime() - r.occurred_at.getTime()) / 60_000) };
      }) as AuditRows[AuditList];
    }
    case 'access': {
      let query = base(db)
        .innerJoin('personal_data_access as x', 'x.application_id', 'a.id')
        .innerJoin('official as o', 'o.id', 'x.official_id')
        .innerJoin('unit as ou', 'ou.id', 'o.unit_id')
        .leftJoin('document as d', 'd.id', 'x.document_id')
        .select(['x.at', 'x.what', 'x.reason', 'd.filename', 'o.name_ko as o_ko', 'o.name_en as o_en', 'o.login', 'ou.code as official_unit']);
      for (const u of units) query = query.where(caseInUnit(u));
      if (procedure) query = query.where('a.procedure_code', '=', procedure);
      if (official) query = query.where('x.official_id', '=', official);
      if (count !== false) return countOf(db, query, count);
      const rows = await query.orderBy('x.at', 'desc').orderBy('x.id', 'desc').limit(q.limit).execute();
      return rows.map((r) => ({
        ...caseColumns(r), at: r.at, official: { ko: r.o_ko, en: r.o_en }, official_login: r.login, official_unit: r.official_unit,
        what: r.what, filename: r.filename, reason: r.reason,
      })) as AuditRows[AuditList];
    }
    case 'transfers': {
      let query = base(db)
        .leftJoin('official as o', 'o.id', 'a.assigned_official_id')
        .select(['a.transfer_count', 'a.escalated_at', 'o.name_ko as o_ko', 'o.name_en as o_en'])
        .where('a.transfer_count', '>', 0);
      for (const u of units) query = query.where(chainTouchesUnit(u));
      if (procedure) query = query.where('a.procedure_code', '=', procedure);
      if (official) {
        query = query.where((eb) =>
          eb.or([
            eb('a.assigned_official_id', '=', official),
            sql<SqlBool>`EXISTS (SELECT 1 FROM event t WHERE t.application_id = a.id AND t.type = 'transferred' AND t.actor_official_id = ${official})`,
          ]),
        );
      }
      if (count !== false) return countOf(db, query, count);
      const rows = await query.orderBy('a.transfer_count', 'desc').orderBy('a.escalated_at', 'desc').orderBy('a.number').limit(q.limit).execute();
      const events = rows.length
        ? await db
            .selectFrom('event as e')
            .leftJoin('official as o', 'o.id', 'e.actor_official_id')
            .select(['e.application_id', 'e.occurred_at', sql<string>`e.data->>'from_unit'`.as('from_unit'), sql<string>`e.data->>'to_unit'`.as('to_unit'), sql<string>`coalesce(e.data->>'reason', '')`.as('reason'), 'o.name_ko', 'o.name_en'])
            .where('e.type', '=', 'transferred')
            .where('e.application_id', 'in', rows.map((r) => r.application_id))
            .orderBy('e.application_id')
            .orderBy('e.seq')
            .execute()
        : [];
      return rows.map((r) => {
        const transfers = events
          .filter((e) => e.application_id === r.application_id)
          .map((e) => ({ at: e.occurred_at, from_unit: e.from_unit, to_unit: e.to_unit, reason: e.reason, by: named(e.name_ko, e.name_en) }));
        const chain = transfers.length ? [transfers[0]!.from_unit, ...transfers.map((t) => t.to_unit)] : [r.unit_code];
        return { ...caseColumns(r), transfer_count: r.transfer_count, escalated_at: r.escalated_at, assignee: named(r.o_ko, r.o_en), chain, transfers };
      }) as AuditRows[AuditList];
    }
  }
  throw new Error(`unknown audit list ${String(list)}`);
}

/** The choices the filter form offers within the viewer's scope. */
export async function auditFilterOptions(db: Kysely<DB>, scope: AuditScope) {
  let units = db.selectFrom('unit').select(['id', 'code', 'name_ko', 'name_en']).orderBy('code');
  let officials = db
    .selectFrom('official as o')
    .innerJoin('unit as u', 'u.id', 'o.unit_id')
    .select(['o.id', 'o.name_ko', 'o.name_en', 'u.code as unit_code'])
    .where(sql<SqlBool>`o.roles && array['official', 'supervisor', 'clerk']::text[]`)
    .orderBy('u.code')
    .orderBy('o.name_en');
  if (scope.unitId !== null) {
    units = units.where('id', '=', scope.unitId);
    officials = officials.where('o.unit_id', '=', scope.unitId);
  }
  const [u, o, p] = await Promise.all([
    units.execute(),
    officials.execute(),
    db.selectFrom('procedure').select(['code', sql<string>`min(name_ko)`.as('name_ko'), sql<string>`min(name_en)`.as('name_en')]).where('is_current', '=', true).groupBy('code').orderBy('code').execute(),
  ]);
  return { units: u, officials: o, procedures: p };
}
export type AuditFilterOptions = Awaited<ReturnType<typeof auditFilterOptions>>;
