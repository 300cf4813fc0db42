import type { findingsOfJurisdiction } from '../../db/repos/reports.js';
import { FINDING_SEVERITIES, findingPoints } from '../../domain/reports.js';
import { TableScroll } from '../components.js';
import type { ViewContext } from '../context.js';
import { Csrf, ErrorSummary } from '../Layout.js';

type FindingRow = Awaited<ReturnType<typeof findingsOfJurisdiction>>[number];

/**
 * The auditors' list of the reporting channel's findings against departments, on an open Index year's office page:
 * each under its opaque reference, with department, category, outcome and month, and a form that turns it into a
 * deduction of this year by severity. Never the report, its number or its text.
 */
export function ReportFindings(props: { ctx: ViewContext; year: number; scale: number; findings: FindingRow[]; zone: string; values: Record<string, string>; errors: Record<string, string> }) {
  const { ctx, findings } = props;
  const t = ctx.t;
  return (
    <section aria-labelledby="report-findings">
      <h2 id="report-findings">{t('report.findings_title')}</h2>
      <p>{t('report.findings_lead')}</p>
      <ErrorSummary ctx={ctx} errors={props.errors} />
      {!findings.length ? <p class="muted">{t('report.findings_none')}</p> : (
        <TableScroll label={t('report.findings_title')}>
          <table class="report-table" data-testid="report-findings">
            <thead>
              <tr>
                <th scope="col">{t('integrity.col_reference')}</th>
                <th scope="col">{t('integrity.col_unit')}</th>
                <th scope="col">{t('report.category')}</th>
                <th scope="col">{t('report.outcome')}</th>
                <th scope="col">{t('report.finding_found')}</th>
                <th scope="col">{t('report.finding_deduction')}</th>
              </tr>
            </thead>
            <tbody>
              {findings.map((f) => (
                <tr>
                  <th scope="row">{f.reference}</th>
                  <td>{ctx.locale === 'ko' ? f.name_ko : f.name_en}</td>
                  <td>{t(`report.category_${f.category}`)}</td>
                  <td>{f.outcome ? t(`report.outcome_${f.outcome}`) : ''}</td>
                  <td>{ctx.fmt.date(f.found_at, props.zone)}</td>
                  <td>
                    {f.severity ? t('report.finding_deducted_in', { year: f.year ?? 0, severity: t(`report.severity_${f.severity}`), points: ctx.fmt.number(f.points ?? 0) }) : (
                      <form method="post" action={`/office/integrity/${props.year}/findings`} class="inline-form">
                        <Csrf ctx={ctx} />
                        <input type="hidden" name="finding" value={f.reference} />
                        <label for={`severity-${f.reference}`}>{t('report.severity')}</label>
                        <select id={`severity-${f.reference}`} name="severity">
                          {FINDING_SEVERITIES.map((s) => (
                            <option value={s} selected={props.values.finding === f.reference && props.values.severity === s}>
                              {t('report.severity_points', { severity: t(`report.severity_${s}`), points: ctx.fmt.number(findingPoints(s, props.scale)) })}
                            </option>
                          ))}
                        </select>
                        <button type="submit">{t('report.deduct', { year: props.year })}</button>
                      </form>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
    </section>
  );
}
