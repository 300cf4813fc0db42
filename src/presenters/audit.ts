import type { AuditList, AuditRows } from '../db/repos/audit.js';
import { toRfc3339 } from '../domain/time.js';
import { toCsv, type CsvValue } from './csv.js';

/**
 * The audit lists as CSV for the office (never public): one header per list, times in RFC 3339 with the
 * jurisdiction's offset, Korean and English names side by side, cells escaped and guarded by `toCsv`.
 */
export function auditCsv<L extends AuditList>(list: L, rows: AuditRows[L]): string {
  const t = (d: Date | null, zone: string) => (d ? toRfc3339(d, zone) : '');
  const caseCells = (r: AuditRows[AuditList][number]): CsvValue[] => [r.number, r.jurisdiction, r.unit_code, r.unit.ko, r.unit.en, r.procedure_code, r.procedure.en, r.title];
  const caseHeader = ['number', 'jurisdiction', 'unit_code', 'unit_ko', 'unit_en', 'procedure_code', 'procedure_en', 'title'];
  switch (list) {
    case 'overdue':
      return toCsv(
        [...caseHeader, 'assignee_ko', 'assignee_en', 'received_at', 'overdue_since'],
        (rows as AuditRows['overdue']).map((r) => [...caseCells(r), r.assignee?.ko, r.assignee?.en, t(r.received_at, r.time_zone), t(r.overdue_since, r.time_zone)]),
      );
    case 'delays':
      return toCsv(
        [...caseHeader, 'stage', 'reason', 'official_ko', 'official_en', 'occurred_at', 'recorded_at'],
        (rows as AuditRows['delays']).map((r) => [...caseCells(r), r.stage, r.reason, r.official?.ko, r.official?.en, t(r.occurred_at, r.time_zone), t(r.recorded_at, r.time_zone)]),
      );
    case 'late':
      return toCsv(
        [...caseHeader, 'event_type', 'stage', 'official_ko', 'official_en', 'occurred_at', 'recorded_at', 'lag_minutes'],
        (rows as AuditRows['late']).map((r) => [...caseCells(r), r.type, r.stage, r.official?.ko, r.official?.en, t(r.occurred_at, r.time_zone), t(r.recorded_at, r.time_zone), r.lag_minutes]),
      );
    case 'transfers':
      return toCsv(
        [...caseHeader, 'transfer_count', 'escalated_at', 'chain', 'last_reason', 'assignee_en'],
        (rows as AuditRows['transfers']).map((r) => [
          ...caseCells(r), r.transfer_count, t(r.escalated_at, r.time_zone), r.chain.join(' > '), r.transfers.at(-1)?.reason, r.assignee?.en,
        ]),
      );
    case 'access':
      return toCsv(
        [...caseHeader, 'opened_at', 'official_login', 'official_ko', 'official_en', 'official_unit', 'what', 'document', 'reason'],
        (rows as AuditRows['access']).map((r) => [...caseCells(r), t(r.at, r.time_zone), r.official_login, r.official.ko, r.official.en, r.official_unit, r.what, r.filename, r.reason]),
      );
    case 'inquiries':
      return toCsv(
        [...caseHeader, 'inquiry_no', 'kind', 'private', 'asked_by', 'question', 'assignee_ko', 'assignee_en', 'opened_at', 'due_at', 'escalated_at'],
        (rows as AuditRows['inquiries']).map((r) => [
          ...caseCells(r), r.no, r.kind, r.private ? 'yes' : 'no', r.asked_by, r.question, r.assignee?.ko, r.assignee?.en,
          t(r.opened_at, r.time_zone), t(r.due_at, r.time_zone), t(r.escalated_at, r.time_zone),
        ]),
      );
  }
  throw new Error(`unknown audit list ${String(list)}`);
}
