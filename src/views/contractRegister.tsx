import { METHODS, PROCUREMENT_CATEGORIES } from '../domain/contracts.js';
import { LICENCES, type LicenceId } from '../domain/openData.js';
import { pick } from '../i18n/index.js';
import { TableScroll, Time } from './components.js';
import type { ViewContext } from './context.js';
import type { ContractRow, DebarmentListRow } from './contracts.js';
import { Layout } from './Layout.js';

type Values = Record<string, string>;

const money = (ctx: ViewContext, amount: number | string, currency: string) => `${ctx.fmt.number(Number(amount))} ${currency}`;

/** The link to a supplier's page: its name's normal form. */
export const supplierHref = (key: string) => `/contracts/suppliers/${encodeURIComponent(key)}`;

function stageName(ctx: ViewContext, r: { status: string; stages: { key: string; status: string }[] }): string {
  const active = r.stages.find((s) => s.status === 'active');
  return active ? ctx.t(`contracts.stage.${active.key}`) : ctx.t(`contracts.status.${r.status}`);
}

function Choice(props: { id: string; name: string; label: string; value: string; choices: { value: string; label: string }[]; any: string }) {
  return (
    <div class="field">
      <label for={props.id}>{props.label}</label>
      <select id={props.id} name={props.name}>
        <option value="">{props.any}</option>
        {props.choices.map((c) => <option value={c.value} selected={c.value === props.value}>{c.label}</option>)}
      </select>
    </div>
  );
}

function Input(props: { id: string; name: string; label: string; values: Values; errors: Values; type?: string; inputmode?: string }) {
  const error = props.errors[props.name];
  return (
    <div class={error ? 'field has-error' : 'field'}>
      <label for={props.id}>{props.label}</label>
      {error && <p class="error-text" id={`${props.id}-error`}>{error}</p>}
      <input id={props.id} name={props.name} type={props.type ?? 'text'} inputMode={props.inputmode as 'numeric' | undefined} value={props.values[props.name] ?? ''} maxLength={200}
        aria-invalid={error ? 'true' : undefined} aria-describedby={error ? `${props.id}-error` : undefined} />
    </div>
  );
}

export interface ContractRegisterView {
  query: Values;
  errors: Values;
  rows: (ContractRow & { supplier_key: string | null })[];
  total: number;
  departments: { value: string; label: string }[];
  nextHref: string | null;
  prevHref: string | null;
  firstHref: string | null;
}

/** The public contracts register: search by department, category, method, status, supplier, value and dates, paged both ways. */
export function ContractRegisterPage(props: { ctx: ViewContext; view: ContractRegisterView }) {
  const { ctx, view } = props;
  const { query } = view;
  const t = ctx.t;
  const statuses = ['received', 'in_review', 'approved', 'rejected', 'withdrawn'].map((s) => ({ value: s, label: t(`contracts.status.${s}`) }));
  return (
    <Layout ctx={ctx} title={t('contracts.register_title')}>
      <h1>{t('contracts.register_title')}</h1>
      <p class="lead">{t('contracts.register_lead')}</p>
      <p><a href="/tenders">{t('bidders.open_tenders_link')}</a> · <a href="/contracts/debarments">{t('contracts.debarments_title')}</a> · <a href="/contracts/data">{t('contracts.data_page_title')}</a></p>
      {Object.keys(view.errors).length > 0 && <p class="error-text" role="alert">{t('contracts.search_error')}</p>}
      <form method="get" action="/contracts" class="filters" role="search">
        <Choice id="c-unit" name="unit" label={t('contracts.col.department')} value={query.unit ?? ''} choices={view.departments} any={t('contracts.any')} />
        <Choice id="c-category" name="category" label={t('contracts.field.category')} value={query.category ?? ''} any={t('contracts.any')}
          choices={PROCUREMENT_CATEGORIES.map((c) => ({ value: c, label: t(`contracts.category.${c}`) }))} />
        <Choice id="c-method" name="method" label={t('contracts.field.method')} value={query.method ?? ''} any={t('contracts.any')}
          choices={METHODS.map((m) => ({ value: m, label: t(`contracts.method.${m}`) }))} />
        <Choice id="c-status" name="status" label={t('contracts.field.status')} value={query.status ?? ''} choices={statuses} any={t('contracts.any')} />
        <Input id="c-supplier" name="supplier" label={t('contracts.col.supplier')} values={query} errors={view.errors} type="search" />
        <Input id="c-min" name="min" label={t('contracts.search.min')} values={query} errors={view.errors} inputmode="numeric" />
        <Input id="c-max" name="max" label={t('contracts.search.max')} values={query} errors={view.errors} inputmode="numeric" />
        <Input id="c-from" name="from" label={t('contracts.search.from')} values={query} errors={view.errors} type="date" />
        <Input id="c-to" name="to" label={t('contracts.search.to')} values={query} errors={view.errors} type="date" />
        <div class="field">
          <label for="c-sort">{t('journey.register_sort')}</label>
          <select id="c-sort" name="sort">
            <option value="newest" selected={query.sort !== 'oldest'}>{t('journey.register_sort.newest')}</option>
            <option value="oldest" selected={query.sort === 'oldest'}>{t('journey.register_sort.oldest')}</option>
          </select>
        </div>
        <div class="field actions">
          <button type="submit">{t('contracts.filter')}</button>
        </div>
      </form>
      <p class="result-count" role="status" data-testid="result-count">{t('contracts.search.count', { total: view.total })}</p>
      {view.rows.length === 0 ? <p>{t('contracts.none')}</p> : (
        <TableScroll label={t('contracts.register_title')}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('contracts.col.process')}</th>
                <th scope="col">{t('contracts.col.department')}</th>
                <th scope="col">{t('contracts.col.terms')}</th>
                <th scope="col">{t('contracts.col.estimate')}</th>
                <th scope="col">{t('contracts.col.stage')}</th>
                <th scope="col">{t('contracts.col.supplier')}</th>
              </tr>
            </thead>
            <tbody>
              {view.rows.map((r) => (
                <tr>
                  <td>
                    <a href={`/applications/${r.number}`}>{r.title}</a>
                    <br /><span class="small">{r.number} · <Time ctx={ctx} at={r.received_at} zone={r.time_zone} dateOnly /></span>
                  </td>
                  <td>{ctx.locale === 'ko' ? r.unit_ko : r.unit_en}</td>
                  <td>{t(`contracts.category.${r.category}`)} · {t(`contracts.method.${r.method}`)}</td>
                  <td class="num">{money(ctx, r.estimated_amount, r.currency)}</td>
                  <td>{stageName(ctx, r)}</td>
                  <td>{r.supplier && r.supplier_key ? <a href={supplierHref(r.supplier_key)}>{r.supplier}</a> : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
      {(view.nextHref || view.prevHref || view.firstHref) && (
        <nav class="pager" aria-label={t('contracts.search.paging')}>
          {view.firstHref && <a href={view.firstHref}>{t('journey.register_first')}</a>}
          {view.prevHref && <a href={view.prevHref} rel="prev">{t(query.sort === 'oldest' ? 'contracts.search.prev_older' : 'contracts.search.prev_newer')}</a>}
          {view.nextHref && <a href={view.nextHref} rel="next">{t(query.sort === 'oldest' ? 'contracts.search.next_newer' : 'contracts.search.next_older')}</a>}
        </nav>
      )}
    </Layout>
  );
}

/** An award as a supplier's page lists it. */
export interface SupplierAward {
  number: string;
  title: string;
  status: string;
  unit_ko: string;
  unit_en: string;
  time_zone: string;
  awarded_at: Date;
  award_value: { amount: number; currency: string };
  contract_value: { amount: number; currency: string } | null;
  amendments: number;
}

/** A supplier's page: the contracts it won with their values and amendments, and its debarments if any. */
export function SupplierPage(props: { ctx: ViewContext; name: string; awards: SupplierAward[]; debarments: DebarmentListRow[] }) {
  const { ctx, awards } = props;
  const t = ctx.t;
  const totals = new Map<string, number>();
  for (const a of awards) {
    const v = a.contract_value ?? a.award_value;
    totals.set(v.currency, (totals.get(v.currency) ?? 0) + v.amount);
  }
  return (
    <Layout ctx={ctx} title={props.name}>
      <p class="small"><a href="/contracts">{t('contracts.register_title')}</a></p>
      <h1>{props.name}</h1>
      <p class="lead">{t('contracts.supplier.summary', { count: awards.length, total: [...totals].map(([c, n]) => money(ctx, n, c)).join(' + ') || '0' })}</p>
      {props.debarments.length > 0 && (
        <section class="card" aria-labelledby="supplier-debarred">
          <h2 id="supplier-debarred">{t('contracts.supplier.debarments')}</h2>
          <ul>
            {props.debarments.map((d) => (
              <li>{t('contracts.supplier.debarment', { start: d.starts_on, end: d.lifted_on ?? d.ends_on, reason: d.reason, decision: d.decision })}</li>
            ))}
          </ul>
        </section>
      )}
      <h2>{t('contracts.supplier.won')}</h2>
      {awards.length === 0 ? <p>{t('contracts.supplier.none')}</p> : (
        <TableScroll label={t('contracts.supplier.won')}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('contracts.col.process')}</th>
                <th scope="col">{t('contracts.col.department')}</th>
                <th scope="col">{t('contracts.supplier.awarded')}</th>
                <th scope="col">{t('contracts.supplier.contract_value')}</th>
                <th scope="col">{t('contracts.supplier.amendments')}</th>
              </tr>
            </thead>
            <tbody>
              {awards.map((a) => (
                <tr>
                  <td><a href={`/applications/${a.number}`}>{a.title}</a><br /><span class="small">{a.number} · <Time ctx={ctx} at={a.awarded_at} zone={a.time_zone} dateOnly /></span></td>
                  <td>{ctx.locale === 'ko' ? a.unit_ko : a.unit_en}</td>
                  <td class="num">{money(ctx, a.award_value.amount, a.award_value.currency)}</td>
                  <td class="num">{a.contract_value ? money(ctx, a.contract_value.amount, a.contract_value.currency) : '—'}</td>
                  <td class="num">{ctx.fmt.number(a.amendments)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
    </Layout>
  );
}

/** Red flags of a department and year as the public sees them: counts only, never the auditors' reasons. */
export interface FlagCountRow {
  code: string;
  unit: { ko: string; en: string };
  year: number;
  raised: number;
  reviewed: number;
  referred: number;
}

/** The contracts data page: the OCDS files, the `ocid` prefixes, the licence and the red flags' counts. */
export function ContractsDataPage(props: { ctx: ViewContext; prefixes: { jurisdiction: { ko: string; en: string }; prefix: string }[]; licence: LicenceId; publicUrl: string; counts: FlagCountRow[] }) {
  const { ctx } = props;
  const t = ctx.t;
  const licence = LICENCES[props.licence];
  return (
    <Layout ctx={ctx} title={t('contracts.data_page_title')}>
      <h1>{t('contracts.data_page_title')}</h1>
      <p class="lead">{t('contracts.data_page_lead')}</p>
      <section aria-labelledby="ocds-files">
        <h2 id="ocds-files">{t('contracts.data.files')}</h2>
        <ul>
          <li><a href="/contracts/releases.json">{t('contracts.bulk_releases')}</a> — <code>{`${props.publicUrl}/contracts/releases.json`}</code></li>
          <li>{t('contracts.data.process_releases')} — <code>{`${props.publicUrl}/contracts/{number}/releases.json`}</code></li>
          <li>{t('contracts.data.process_record')} — <code>{`${props.publicUrl}/contracts/{number}/record.json`}</code></li>
          <li><a href="/contracts/debarments">{t('contracts.debarments_title')}</a></li>
        </ul>
        <p>{t('contracts.data.standard')}</p>
      </section>
      <section aria-labelledby="ocds-prefix">
        <h2 id="ocds-prefix">{t('contracts.data.prefix')}</h2>
        <TableScroll label={t('contracts.data.prefix')}>
          <table>
            <thead><tr><th scope="col">{t('contracts.data.jurisdiction')}</th><th scope="col">{t('contracts.data.prefix')}</th></tr></thead>
            <tbody>
              {props.prefixes.map((p) => <tr><td>{pick(p.jurisdiction, ctx.locale)}</td><td><code>{`${p.prefix}-{number}`}</code></td></tr>)}
            </tbody>
          </table>
        </TableScroll>
      </section>
      <section aria-labelledby="ocds-licence">
        <h2 id="ocds-licence">{t('opendata.licence')}</h2>
        <p>{t('opendata.licence_text')} <a href={licence.url} rel="license">{pick(licence.name, ctx.locale)}</a></p>
      </section>
      <section aria-labelledby="flag-counts">
        <h2 id="flag-counts">{t('contracts.data.flags')}</h2>
        <p>{t('contracts.data.flags_lead')}</p>
        {props.counts.length === 0 ? <p>{t('contracts.data.flags_none')}</p> : (
          <TableScroll label={t('contracts.data.flags')}>
            <table data-testid="flag-counts">
              <thead>
                <tr>
                  <th scope="col">{t('contracts.col.department')}</th>
                  <th scope="col">{t('contracts.data.year')}</th>
                  <th scope="col">{t('contracts.data.raised')}</th>
                  <th scope="col">{t('contracts.data.reviewed')}</th>
                  <th scope="col">{t('contracts.data.referred')}</th>
                </tr>
              </thead>
              <tbody>
                {props.counts.map((c) => (
                  <tr>
                    <td>{pick(c.unit, ctx.locale)} <span class="small">{c.code}</span></td>
                    <td>{c.year}</td>
                    <td class="num">{ctx.fmt.number(c.raised)}</td>
                    <td class="num">{ctx.fmt.number(c.reviewed)}</td>
                    <td class="num">{ctx.fmt.number(c.referred)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        )}
      </section>
    </Layout>
  );
}
