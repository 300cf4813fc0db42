import type { ReviewedSignal } from '../../commands/fair/signals.js';
import { pick } from '../../i18n/index.js';
import { TableScroll } from '../components.js';
import type { ViewContext } from '../context.js';
import { Csrf, Layout } from '../Layout.js';

type Named = { ko: string; en: string };

export interface SignalsView {
  year: number;
  years: number[];
  signals: ReviewedSignal[];
  units: Map<number, Named>;
  officials: Map<number, Named>;
  truncated: boolean;
  cases: number;
  /** When the stored signals were computed, and the viewer's time zone. */
  computedAt: Date | null;
  zone: string;
  notice?: string;
  /** The refused review form: which signal, what was typed, and why. */
  refused?: { key: string; values: Record<string, string>; errors: Record<string, string> };
}

const percent = (x: number) => `${Math.round(x * 1000) / 10}%`;

/** The signal's explanation in the reader's language: the figure, the peer group, the threshold. */
export function explain(ctx: ViewContext, s: ReviewedSignal): string {
  const t = ctx.t;
  switch (s.kind) {
    case 'fast_case':
      return t('fair.signal.explain.fast_case', { figure: s.figure, peer: s.peer, peers: s.peers, threshold: s.threshold });
    case 'slow_stage':
      return t('fair.signal.explain.slow_stage', { stage: s.measure.split('/').at(-1) ?? '', figure: s.figure, peer: s.peer, peers: s.peers, threshold: s.threshold });
    case 'official_rate':
      return t('fair.signal.explain.official_rate', { measure: t(`fair.measure.${s.measure}`), figure: percent(s.figure), peer: percent(s.peer), peers: s.peers, threshold: s.threshold });
    case 'override_rate':
      return t('fair.signal.explain.override_rate', { figure: percent(s.figure), peer: percent(s.peer), threshold: s.threshold });
    case 'conflict_overridden':
      return t('fair.signal.explain.conflict_overridden');
    case 'same_applicant':
      return s.measure === 'fast_tracked_cases'
        ? t('fair.signal.explain.fast_tracked', { figure: s.figure })
        : t('fair.signal.explain.same_official', { figure: percent(s.figure), peer: percent(s.peer), cases: s.cases.length });
    case 'gift_near_case':
      return t('fair.signal.explain.gift', { figure: s.figure, threshold: s.threshold });
  }
}

/** The auditors' signals for a year, each with its explanation, its cases and the review form. */
export function SignalsPage(props: { ctx: ViewContext; view: SignalsView }) {
  const { ctx, view } = props;
  const t = ctx.t;
  return (
    <Layout ctx={ctx} title={t('fair.signals.title')} office>
      <h1>{t('fair.signals.title')}</h1>
      <p class="lead">{t('fair.signals.lead')}</p>
      <p><a href="/office/declarations">{t('declaration.roster_title')}</a></p>
      {view.notice && <p class="notice" role="status">{view.notice}</p>}
      <form method="get" action="/office/signals" class="inline">
        <label for="signals-year">{t('fair.signals.year')}</label>{' '}
        <select id="signals-year" name="year">
          {view.years.map((y) => (
            <option value={String(y)} selected={y === view.year}>{y}</option>
          ))}
        </select>{' '}
        <button type="submit">{t('fair.signals.show')}</button>
      </form>
      <p>{t('fair.signals.summary', { count: view.signals.length, cases: view.cases })}</p>
      {view.truncated && <p class="error">{t('fair.signals.truncated')}</p>}
      {view.computedAt && <p class="muted" data-testid="signals-computed">{t('fair.signals.computed_at', { at: ctx.fmt.dateTime(view.computedAt, view.zone) })}</p>}
      <TableScroll label={t('fair.signals.title')}>
        <table data-testid="signals">
          <caption class="visually-hidden">{t('fair.signals.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('fair.signals.kind')}</th>
              <th scope="col">{t('fair.signals.who')}</th>
              <th scope="col">{t('fair.signals.why')}</th>
              <th scope="col">{t('fair.signals.cases')}</th>
              <th scope="col">{t('fair.signals.review')}</th>
            </tr>
          </thead>
          <tbody>
            {view.signals.map((s, i) => {
              const refused = view.refused?.key === s.key ? view.refused : undefined;
              const id = `signal-${i}`;
              return (
                <tr id={id}>
                  <td>{t(`fair.signal.kind.${s.kind}`)}</td>
                  <td>
                    {pick(view.units.get(s.unitId), ctx.locale)}
                    {s.officialId !== null && view.officials.get(s.officialId) && <div>{pick(view.officials.get(s.officialId), ctx.locale)}</div>}
                  </td>
                  <td>{explain(ctx, s)}</td>
                  <td>
                    {s.cases.slice(0, 8).map((n) => (
                      <div><a href={`/office/applications/${n}`}>{n}</a></div>
                    ))}
                    {s.cases.length > 8 && <div class="muted">{t('fair.signals.more', { count: s.cases.length - 8 })}</div>}
                  </td>
                  <td>
                    {s.review && (
                      <p data-testid="review">
                        <strong>{t(`fair.review.${s.review.decision}`)}</strong>: {s.review.reason}
                      </p>
                    )}
                    <form method="post" action="/office/signals/review" class="stack" novalidate>
                      <Csrf ctx={ctx} />
                      <input type="hidden" name="year" value={String(view.year)} />
                      <input type="hidden" name="key" value={s.key} />
                      <fieldset>
                        <legend>{t('fair.signals.decision')}</legend>
                        {(['referred', 'dismissed'] as const).map((d) => (
                          <label>
                            <input type="radio" name="decision" value={d} checked={refused?.values.decision === d} /> {t(`fair.review.${d}`)}
                          </label>
                        ))}
                        {refused?.errors.decision && <p class="error" id={`${id}-decision-error`}>{refused.errors.decision}</p>}
                      </fieldset>
                      <label for={`${id}-reason`}>{t('fair.signals.reason')}</label>
                      <textarea id={`${id}-reason`} name="reason" rows={2} maxLength={1000} aria-invalid={refused?.errors.reason ? 'true' : undefined} aria-describedby={refused?.errors.reason ? `${id}-reason-error` : undefined}>{refused?.values.reason ?? ''}</textarea>
                      {refused?.errors.reason && <p class="error" id={`${id}-reason-error`}>{refused.errors.reason}</p>}
                      <button type="submit">{t('fair.signals.record')}</button>
                    </form>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </TableScroll>
    </Layout>
  );
}

/** One department's public counts for a year. */
export interface SignalCountRow {
  unit: Named;
  raised: number;
  reviewed: number;
  referred: number;
}

/** The public statistics of fair handling: signals raised, reviewed and referred per department, never by name. */
export function IntegrityPage(props: { ctx: ViewContext; year: number; years: number[]; rows: SignalCountRow[] }) {
  const { ctx } = props;
  const t = ctx.t;
  return (
    <Layout ctx={ctx} title={t('fair.public.title')}>
      <h1>{t('fair.public.title')}</h1>
      <p class="lead">{t('fair.public.lead')}</p>
      <form method="get" action="/integrity" class="inline">
        <label for="integrity-year">{t('fair.signals.year')}</label>{' '}
        <select id="integrity-year" name="year">
          {props.years.map((y) => (
            <option value={String(y)} selected={y === props.year}>{y}</option>
          ))}
        </select>{' '}
        <button type="submit">{t('fair.signals.show')}</button>
      </form>
      <p><a href={`/integrity/signals.json?year=${props.year}`}>{t('ko_pages.json')}</a> · <a href="/integrity/gifts">{t('fair.gifts.public_title')}</a> · <a href="/integrity/declarations">{t('declaration.public_title')}</a></p>
      {props.rows.length === 0 ? (
        <p>{t('fair.public.none')}</p>
      ) : (
        <TableScroll label={t('fair.public.title')}>
          <table data-testid="signal-counts">
            <caption class="visually-hidden">{t('fair.public.title')}</caption>
            <thead>
              <tr><th scope="col">{t('fair.public.unit')}</th><th scope="col">{t('fair.public.raised')}</th><th scope="col">{t('fair.public.reviewed')}</th><th scope="col">{t('fair.public.referred')}</th></tr>
            </thead>
            <tbody>
              {props.rows.map((r) => (
                <tr><td>{pick(r.unit, ctx.locale)}</td><td>{r.raised}</td><td>{r.reviewed}</td><td>{r.referred}</td></tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
    </Layout>
  );
}
