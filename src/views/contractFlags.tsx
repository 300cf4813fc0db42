import type { FlaggedProcess } from '../commands/contracts/contractFlags.js';
import { RED_FLAG_KINDS, type RedFlag } from '../domain/redFlags.js';
import { pick } from '../i18n/index.js';
import { TableScroll } from './components.js';
import type { ViewContext } from './context.js';
import { Csrf, Layout } from './Layout.js';

/** A red flag's explanation in the reader's language: the figure, the threshold, the facts behind it. */
export function explainFlag(ctx: ViewContext, flag: RedFlag): string {
  const v = flag.kind === 'near_threshold' && typeof flag.values.threshold === 'number' ? { ...flag.values, threshold: ctx.fmt.number(flag.values.threshold) } : flag.values;
  return ctx.t(`contracts.flag.${flag.kind}`, v);
}

export interface ContractFlagsView {
  flags: FlaggedProcess[];
  query: { unit: string; year: string; kind: string };
  departments: { value: string; label: string }[];
  years: number[];
  processes: number;
  truncated: boolean;
  notice?: string;
  refused?: { key: string; values: Record<string, string>; errors: Record<string, string> };
}

/** The auditors' red flags across contracting processes, filterable, each with its explanation and a review form. */
export function ContractFlagsPage(props: { ctx: ViewContext; view: ContractFlagsView }) {
  const { ctx, view } = props;
  const t = ctx.t;
  const { query } = view;
  return (
    <Layout ctx={ctx} title={t('contracts.audit.title')} office>
      <h1>{t('contracts.audit.title')}</h1>
      <p class="lead">{t('contracts.audit.lead')}</p>
      {view.notice && <p class="notice" role="status">{view.notice}</p>}
      <form method="get" action="/office/contracts/flags" class="filters">
        <div class="field">
          <label for="f-unit">{t('contracts.col.department')}</label>
          <select id="f-unit" name="unit">
            <option value="">{t('contracts.any')}</option>
            {view.departments.map((d) => <option value={d.value} selected={d.value === query.unit}>{d.label}</option>)}
          </select>
        </div>
        <div class="field">
          <label for="f-year">{t('contracts.data.year')}</label>
          <select id="f-year" name="year">
            <option value="">{t('contracts.any')}</option>
            {view.years.map((y) => <option value={String(y)} selected={String(y) === query.year}>{y}</option>)}
          </select>
        </div>
        <div class="field">
          <label for="f-kind">{t('contracts.audit.kind')}</label>
          <select id="f-kind" name="kind">
            <option value="">{t('contracts.any')}</option>
            {RED_FLAG_KINDS.map((k) => <option value={k} selected={k === query.kind}>{t(`contracts.flag_kind.${k}`)}</option>)}
          </select>
        </div>
        <div class="field actions"><button type="submit">{t('contracts.filter')}</button></div>
      </form>
      <p class="result-count" role="status">{t('contracts.audit.count', { count: view.flags.length, processes: view.processes })}</p>
      {view.truncated && <p class="error-text">{t('contracts.audit.truncated')}</p>}
      {view.flags.length === 0 ? <p>{t('contracts.audit.none')}</p> : (
        <TableScroll label={t('contracts.audit.title')}>
          <table data-testid="red-flags">
            <thead>
              <tr>
                <th scope="col">{t('contracts.audit.kind')}</th>
                <th scope="col">{t('contracts.col.process')}</th>
                <th scope="col">{t('contracts.audit.why')}</th>
                <th scope="col">{t('contracts.audit.review')}</th>
              </tr>
            </thead>
            <tbody>
              {view.flags.map((f, i) => {
                const refused = view.refused?.key === f.key ? view.refused : undefined;
                const id = `flag-${i}`;
                return (
                  <tr id={id}>
                    <td>{t(`contracts.flag_kind.${f.flag.kind}`)}</td>
                    <td>
                      <a href={`/applications/${f.number}#event-${f.flag.seq}`}>{f.title}</a>
                      <br /><span class="small">{f.number} · {pick(f.unit.name, ctx.locale)} · {f.year}</span>
                    </td>
                    <td>{explainFlag(ctx, f.flag)} <a href={`/applications/${f.number}#event-${f.flag.seq}`}>{t('contracts.audit.event', { seq: f.flag.seq })}</a></td>
                    <td>
                      {f.review && (
                        <p data-testid="flag-review"><strong>{t(`fair.review.${f.review.decision}`)}</strong>: {f.review.reason}</p>
                      )}
                      <form method="post" action="/office/contracts/flags/review" class="stack" novalidate>
                        <Csrf ctx={ctx} />
                        <input type="hidden" name="key" value={f.key} />
                        {(['unit', 'year', 'kind'] as const).map((k) => <input type="hidden" name={`q_${k}`} value={query[k]} />)}
                        <fieldset aria-describedby={refused?.errors.decision ? `${id}-decision-error` : undefined}>
                          <legend>{t('fair.signals.decision')}</legend>
                          {refused?.errors.decision && <p class="error-text" id={`${id}-decision-error`}>{refused.errors.decision}</p>}
                          {(['referred', 'dismissed'] as const).map((d) => (
                            <label>
                              <input type="radio" name="decision" value={d} checked={refused?.values.decision === d} /> {t(`fair.review.${d}`)}
                            </label>
                          ))}
                        </fieldset>
                        <label for={`${id}-reason`}>{t('fair.signals.reason')}</label>
                        {refused?.errors.reason && <p class="error-text" id={`${id}-reason-error`}>{refused.errors.reason}</p>}
                        <textarea id={`${id}-reason`} name="reason" rows={2} maxLength={1000} aria-invalid={refused?.errors.reason ? 'true' : undefined}
                          aria-describedby={refused?.errors.reason ? `${id}-reason-error` : undefined}>{refused?.values.reason ?? ''}</textarea>
                        <button type="submit">{t('fair.signals.record')}</button>
                      </form>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </TableScroll>
      )}
    </Layout>
  );
}
