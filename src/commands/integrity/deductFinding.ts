import { inTransaction } from '../../db/repos/cases.js';
import { insertAssessment } from '../../db/repos/integrity.js';
import { lockFinding, markFindingDeducted } from '../../db/repos/reports.js';
import type { Db } from '../../db/types.js';
import { FINDING_SEVERITIES, findingPoints, type FindingSeverity } from '../../domain/reports.js';
import { conflict, validationError, type FieldIssue } from '../../errors.js';
import { openYear, type YearScope } from './manageYear.js';

/**
 * An auditor turns a reporting channel's finding against a department into a deduction of an open Index year. The
 * deduction is an ordinary one (department, points, reference) whose reference is the finding's opaque one, and whose
 * points follow from the severity the auditor judges (`domain/reports.findingPoints`, on the year's scale): nothing of
 * the report, its text, reporter or number reaches the Index. A finding is deducted once; field errors write nothing.
 */
export async function deductFinding(db: Db, scope: YearScope & { officialId: number }, input: { finding?: string; severity?: string }): Promise<void> {
  const now = scope.now ?? new Date();
  await inTransaction(db, async (trx) => {
    const model = await openYear(trx, scope);
    const issues: FieldIssue[] = [];
    const finding = input.finding ? await lockFinding(trx, scope.jurisdictionId, input.finding) : undefined;
    if (!finding) issues.push({ field: 'finding', key: 'report.error_finding' });
    const severity = (FINDING_SEVERITIES as readonly string[]).includes(input.severity ?? '') ? (input.severity as FindingSeverity) : undefined;
    if (!severity) issues.push({ field: 'severity', key: 'report.error_severity' });
    if (issues.length) throw validationError(issues);
    if (finding!.assessment_id) throw conflict('report.error_finding_deducted');
    const assessmentId = await insertAssessment(trx, {
      jurisdictionId: scope.jurisdictionId, year: scope.year, unitId: finding!.unit_id, kind: 'deduction', points: findingPoints(severity!, model.scale),
      reference: finding!.reference, enteredBy: scope.officialId, now,
    });
    await markFindingDeducted(trx, { reportId: finding!.report_id, severity: severity!, assessmentId, officialId: scope.officialId, at: now });
  });
}
