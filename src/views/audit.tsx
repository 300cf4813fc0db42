import type { AuditFilterOptions, AuditFilters, AuditList, AuditRows } from '../db/repos/audit.js';
import type { Localized } from '../domain/types.js';
import { pick } from '../i18n/index.js';
import { InvolvementLabel, TableScroll, Time } from './components.js';
import type { ViewContext } from './context.js';
import { Layout } from './Layout.js';

export interface AuditView {
  /** Null: every unit; otherwise the supervisor's unit name. */
  scopeUnit: { ko: string; en: string } | null;
  filters: AuditFilters;
  options: AuditFilterOptions;
  rows: AuditRows;
  /** How many rows each list has in all, counted up to `countCap` (a count past it reads "10,000+"). */
  counts: Record<AuditList, number>;
  countCap: number;
  limit: number;
  lateEntryMinutes: number;
}

/** The query string of the current filters, for the CSV links. */
export function auditQuery(filters: AuditFilters): string {
  const q = new URLSearchParams();
  if (filters.unit) q.set('unit', filters.unit);
  if (filters.procedure) q.set('procedure', filters.procedure);
  if (filters.official) q.set('official', String(filters.official));
  const s = q.toString();
  return s ? `&${s}` : '';
}

/** A question's text cut to a table cell's worth; the case page and the CSV carry it whole. */
const excerpt = (text: string, max = 280) => ([...text].length > max ? `${[...text].slice(0, max).join('')}…` : text);

/** The audit view ("cyber inspection"): overdue work, unanswered questions, delay reasons, late entries and transfer chains. */
export function AuditPage(props: { ctx: ViewContext; view: AuditView }) {
  const { ctx, view } = props;
  const t = ctx.t;
  const f = view.filters;
  const name = (n: { ko: string; en: string } | null) => (n ? pick(n, ctx.locale) : <span class="muted">{t('queue.unassigned')}</span>);
  // A stage is named as its procedure names it, in the reader's language; an act on the whole case says so.
  const stageLabel = (r: { stage: string | null; stage_name: Localized | null }) => (r.stage === null ? t('event.whole_application') : r.stage_name ? pick(r.stage_name, ctx.locale) : r.stage);
  const caseCells = (r: AuditRows[AuditList][number]) => (
    <>
      <td><a href={`/office/applications/${r.number}`} dir="ltr">{r.number}</a></td>
      <td>{r.title}<div class="muted small">{pick(r.procedure, ctx.locale)}</div></td>
      <td>{pick(r.unit, ctx.locale)}</td>
    </>
  );
  const caseHead = (
    <>
      <th scope="col">{t('register.number')}</th>
      <th scope="col">{t('register.project')}</th>
      <th scope="col">{t('register.unit')}</th>
    </>
  );
  const count = (list: AuditList) => {
    const n = view.counts[list];
    return n > view.countCap ? t('audit_counts.more', { max: view.countCap }) : ctx.fmt.number(n);
  };
  const section = (list: AuditList, rows: unknown[], head: preact.ComponentChildren, body: preact.ComponentChildren) => (
    <section aria-labelledby={`audit-${list}`}>
      <h2 id={`audit-${list}`}>{t(`audit.${list}`, { count: count(list) })}</h2>
      <p class="muted">{t(`audit.${list}_lead`, { minutes: view.lateEntryMinutes })}</p>
      <p><a href={`/office/audit.csv?list=${list}${auditQuery(f)}`}>{t('audit.csv')}</a>{view.counts[list] > rows.length && <> · {t('audit.truncated', { limit: view.limit })}</>}</p>
      {rows.length === 0 ? (
        <p>{t('queue.empty')}</p>
      ) : (
        <TableScroll label={t(`audit.${list}`, { count: count(list) })}>
          <table data-testid={`audit-${list}`}>
            <caption class="visually-hidden">{t(`audit.${list}`, { count: count(list) })}</caption>
            <thead><tr>{caseHead}{head}</tr></thead>
            <tbody>{body}</tbody>
          </table>
        </TableScroll>
      )}
    </section>
  );
  return (
    <Layout ctx={ctx} title={t('audit.title')} office>
      <h1>{t('audit.title')}</h1>
      <p class="lead">{view.scopeUnit ? t('audit.lead_unit', { unit: pick(view.scopeUnit, ctx.locale) }) : t('audit.lead_all')}</p>
      <form method="get" action="/office/audit" class="filters">
        <div class="field">
          <label for="a-unit">{t('register.unit')}</label>
          <select id="a-unit" name="unit">
            <option value="">{t('register.any')}</option>
            {view.options.units.map((u) => <option value={u.code} selected={u.code === f.unit}>{pick({ ko: u.name_ko, en: u.name_en }, ctx.locale)} ({u.code})</option>)}
          </select>
        </div>
        <div class="field">
          <label for="a-procedure">{t('register.procedure')}</label>
          <select id="a-procedure" name="procedure">
            <option value="">{t('register.any')}</option>
            {view.options.procedures.map((p) => <option value={p.code} selected={p.code === f.procedure}>{pick({ ko: p.name_ko, en: p.name_en }, ctx.locale)}</option>)}
          </select>
        </div>
        <div class="field">
          <label for="a-official">{t('audit.official')}</label>
          <select id="a-official" name="official">
            <option value="">{t('register.any')}</option>
            {view.options.officials.map((o) => <option value={String(o.id)} selected={o.id === f.official}>{pick({ ko: o.name_ko, en: o.name_en }, ctx.locale)} ({o.unit_code})</option>)}
          </select>
        </div>
        <div class="field actions"><button type="submit">{t('stats.show')}</button></div>
      </form>
      <nav class="contents" aria-labelledby="audit-contents" data-testid="contents">
        <h2 id="audit-contents">{t('journey.contents')}</h2>
        <ul>
          {(['overdue', 'inquiries', 'delays', 'late', 'access', 'transfers'] as const).map((list) => (
            <li><a href={`#audit-${list}`}>{t(`audit.${list}`, { count: count(list) })}</a></li>
          ))}
        </ul>
      </nav>
      {section(
        'overdue',
        view.rows.overdue,
        <><th scope="col">{t('queue.assignee')}</th><th scope="col">{t('audit.overdue_since')}</th></>,
        view.rows.overdue.map((r) => (
          <tr>
            <td><a href={`/office/applications/${r.number}`} dir="ltr">{r.number}</a></td>
            <td>
              {r.title}<div class="muted small">{pick(r.procedure, ctx.locale)}</div>
              {view.scopeUnit && <InvolvementLabel ctx={ctx} responsible={{ code: r.unit_code, ...r.unit }} consulted={r.consulted} stages={r.stages} definitions={r.stage_definitions} />}
            </td>
            <td>{pick(r.unit, ctx.locale)}</td>
            <td>{name(r.assignee)}</td>
            <td><Time ctx={ctx} at={r.overdue_since} zone={r.time_zone} /></td>
          </tr>
        )),
      )}
      {section(
        'inquiries',
        view.rows.inquiries,
        <><th scope="col">{t('audit.question')}</th><th scope="col">{t('queue.assignee')}</th><th scope="col">{t('audit.due')}</th><th scope="col">{t('audit.escalated')}</th></>,
        view.rows.inquiries.map((r) => (
          <tr>
            {caseCells(r)}
            <td>
              <a href={`/office/applications/${r.number}#inquiry-${r.no}`}>{t(r.kind === 'objection' ? 'inquiry.objection_no' : 'inquiry.question_no', { no: r.no })}</a>
              {r.private && <> <span class="status">{t('inquiry.private_badge')}</span></>}
              <div class="muted small">{excerpt(r.question)}</div>
            </td>
            <td>{name(r.assignee)}</td>
            <td><Time ctx={ctx} at={r.due_at} zone={r.time_zone} dateOnly /></td>
            <td>{r.escalated_at ? <span class="clock-state clock-overdue"><Time ctx={ctx} at={r.escalated_at} zone={r.time_zone} dateOnly /></span> : '—'}</td>
          </tr>
        )),
      )}
      {section(
        'delays',
        view.rows.delays,
        <><th scope="col">{t('audit.stage')}</th><th scope="col">{t('audit.reason')}</th><th scope="col">{t('audit.official')}</th><th scope="col">{t('audit.occurred')}</th></>,
        view.rows.delays.map((r) => (
          <tr>{caseCells(r)}<td>{stageLabel(r)}</td><td>{r.reason}</td><td>{name(r.official)}</td><td><Time ctx={ctx} at={r.occurred_at} zone={r.time_zone} /></td></tr>
        )),
      )}
      {section(
        'late',
        view.rows.late,
        <><th scope="col">{t('audit.act')}</th><th scope="col">{t('audit.official')}</th><th scope="col">{t('audit.occurred')}</th><th scope="col">{t('audit.recorded')}</th><th scope="col">{t('audit.lag')}</th></>,
        view.rows.late.map((r) => (
          <tr>
            {caseCells(r)}
            <td>{t(`event.${r.type}`, { stage: stageLabel(r), unit: '' })}</td>
            <td>{name(r.official)}</td>
            <td><Time ctx={ctx} at={r.occurred_at} zone={r.time_zone} /></td>
            <td><Time ctx={ctx} at={r.recorded_at} zone={r.time_zone} /></td>
            <td>{t('audit.lag_value', { hours: ctx.fmt.number(Math.round(r.lag_minutes / 6) / 10) })}</td>
          </tr>
        )),
      )}
      {section(
        'access',
        view.rows.access,
        <><th scope="col">{t('access.when')}</th><th scope="col">{t('access.who')}</th><th scope="col">{t('audit.opened')}</th><th scope="col">{t('audit.reason')}</th></>,
        view.rows.access.map((r) => (
          <tr>
            {caseCells(r)}
            <td><Time ctx={ctx} at={r.at} zone={r.time_zone} /></td>
            <td>{pick(r.official, ctx.locale)}<div class="muted small">{r.official_login} · {r.official_unit}</div></td>
            <td>{r.what === 'document' ? t('access.what_document', { filename: r.filename ?? '' }) : t('access.what_case')}</td>
            <td>{r.reason ?? '—'}</td>
          </tr>
        )),
      )}
      {section(
        'transfers',
        view.rows.transfers,
        <><th scope="col">{t('audit.transfer_count')}</th><th scope="col">{t('audit.chain')}</th><th scope="col">{t('audit.escalated')}</th></>,
        view.rows.transfers.map((r) => (
          <tr>
            {caseCells(r)}
            <td>{ctx.fmt.number(r.transfer_count)}</td>
            <td>
              {r.chain.map((code, i) => <>{i > 0 && <span class="mirror">{' → '}</span>}<bdi dir="ltr">{code}</bdi></>)}
              {r.transfers.length > 0 && <div class="muted small">{r.transfers.at(-1)!.reason}</div>}
            </td>
            <td>{r.escalated_at ? <span class="clock-state clock-overdue"><Time ctx={ctx} at={r.escalated_at} zone={r.time_zone} dateOnly /></span> : '—'}</td>
          </tr>
        )),
      )}
    </Layout>
  );
}
