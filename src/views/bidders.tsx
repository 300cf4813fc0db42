import type { TenderDocument } from '../domain/contracts.js';
import type { PublicInquiryRow } from '../db/repos/inquiries.js';
import type { PublicEvent } from '../presenters/public.js';
import { TableScroll, Time } from './components.js';
import type { ViewContext } from './context.js';
import { InquirySection } from './inquiries.js';
import { Csrf, ErrorSummary, Field, Layout, aria, fieldId } from './Layout.js';

type Values = Record<string, string>;
type Errors = Record<string, string>;

/** An open tender as `db/repos/bidders.openTenders` reads it. */
export interface OpenTenderRow {
  number: string;
  title: string;
  unit_ko: string;
  unit_en: string;
  time_zone: string;
  method: string;
  category: string;
  estimated_amount: string;
  currency: string;
  tender_end: string;
}

const money = (ctx: ViewContext, amount: number | string, currency: string) => `${ctx.fmt.number(Number(amount))} ${currency}`;

function Input(props: { name: string; label: string; values: Values; errors: Errors; hint?: string; maxLength?: number; inputMode?: 'decimal' }) {
  const id = fieldId(props.name);
  return (
    <Field id={id} label={props.label} error={props.errors[props.name]} hint={props.hint} required>
      <input {...aria(id, props.errors[props.name], !!props.hint)} type="text" name={props.name} value={props.values[props.name] ?? ''} maxLength={props.maxLength ?? 200} inputMode={props.inputMode} />
    </Field>
  );
}

/** Every tender open for bids, the nearest deadline first, for companies and anyone. */
export function TendersPage(props: { ctx: ViewContext; rows: OpenTenderRow[] }) {
  const { ctx, rows } = props;
  const t = ctx.t;
  return (
    <Layout ctx={ctx} title={t('bidders.tenders_title')}>
      <h1>{t('bidders.tenders_title')}</h1>
      <p class="lead">{t('bidders.tenders_lead')}</p>
      <p><a href="/bidder">{t('bidders.profile_link')}</a></p>
      {!rows.length ? <p>{t('bidders.no_tenders')}</p> : (
        <TableScroll label={t('bidders.tenders_title')}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('contracts.col.process')}</th>
                <th scope="col">{t('contracts.col.department')}</th>
                <th scope="col">{t('contracts.col.terms')}</th>
                <th scope="col">{t('contracts.col.estimate')}</th>
                <th scope="col">{t('bidders.col.deadline')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr>
                  <td><a href={`/tenders/${r.number}`}>{r.title}</a><br /><span class="small">{r.number}</span></td>
                  <td>{ctx.locale === 'ko' ? r.unit_ko : r.unit_en}</td>
                  <td>{t(`contracts.category.${r.category}`)} · {t(`contracts.method.${r.method}`)}</td>
                  <td>{money(ctx, r.estimated_amount, r.currency)}</td>
                  <td><Time ctx={ctx} at={r.tender_end} zone={r.time_zone} /></td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
    </Layout>
  );
}

/** A document the notice or an addendum published. */
export type PublishedDocument = TenderDocument & { seq: number; at: string; addendum: string | null };

/** The tender's documents, each downloadable by anyone, with its size and SHA-256 to check the bytes against. */
export function TenderDocuments(props: { ctx: ViewContext; number: string; documents: PublishedDocument[]; zone: string }) {
  const { ctx } = props;
  const t = ctx.t;
  return (
    <section aria-labelledby="documents-heading">
      <h2 id="documents-heading">{t('bidders.documents_title')}</h2>
      {!props.documents.length ? <p>{t('bidders.no_documents')}</p> : (
        <ul class="documents">
          {props.documents.map((d) => (
            <li>
              <a href={`/tenders/${props.number}/documents/${d.sha256}`} download={d.filename}>{d.filename}</a>
              {' '}<span class="small">({t('bidders.document_size', { kb: Math.max(1, Math.round(d.size_bytes / 1024)) })} · <Time ctx={ctx} at={d.at} zone={props.zone} dateOnly />)</span>
              {d.addendum !== null && <><br /><span class="small">{t('bidders.addendum', { note: d.addendum })} <a href={`/applications/${props.number}#event-${d.seq}`}>#{d.seq}</a></span></>}
              <br /><code class="small digest">SHA-256 {d.sha256}</code>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** Who is looking at a tender: nobody signed in, a citizen without a bidder profile, or a bidder. */
export type TenderViewer = { kind: 'anonymous' } | { kind: 'citizen' } | { kind: 'bidder'; companyName: string; bid: number | null };

/**
 * One tender as a bidder reads it: its terms, deadline and documents, the clarifications asked and answered in public,
 * and the sealed bid form with the integrity pact. A refused bid comes back with what was typed and the reason.
 */
export function TenderPage(props: {
  ctx: ViewContext; number: string; title: string; unit: string; method: string; category: string; estimate: { amount: number; currency: string };
  tenderEnd: string; zone: string; open: boolean; viewer: TenderViewer; pactText: string;
  inquiries: PublicInquiryRow[]; events: PublicEvent[]; documents: PublishedDocument[];
  bid: { values: Values; errors: Errors }; notice?: string;
}) {
  const { ctx, viewer, bid } = props;
  const t = ctx.t;
  const here = `/tenders/${props.number}`;
  return (
    <Layout ctx={ctx} title={props.title}>
      <h1>{props.title}</h1>
      <p class="lead">{props.number} · {props.unit}</p>
      {props.notice && <p class="notice" role="status">{props.notice}</p>}
      <dl class="facts">
        <dt>{t('contracts.col.terms')}</dt>
        <dd>{t(`contracts.category.${props.category}`)} · {t(`contracts.method.${props.method}`)}</dd>
        <dt>{t('contracts.col.estimate')}</dt>
        <dd>{money(ctx, props.estimate.amount, props.estimate.currency)}</dd>
        <dt>{t('bidders.col.deadline')}</dt>
        <dd><Time ctx={ctx} at={props.tenderEnd} zone={props.zone} /></dd>
      </dl>
      <p><a href={`/applications/${props.number}`}>{t('bidders.process_page')}</a> · <a href={`/contracts/${props.number}/record.json`}>{t('contracts.ocds_record')}</a></p>
      <TenderDocuments ctx={ctx} number={props.number} documents={props.documents} zone={props.zone} />
      <InquirySection ctx={ctx} number={props.number} inquiries={props.inquiries} events={props.events} zone={props.zone}
        asker={viewer.kind === 'anonymous' ? null : 'citizen'} withdrawn={false} values={{}} errors={{}} />
      <section aria-labelledby="bid-heading">
        <h2 id="bid-heading">{t('bidders.bid_title')}</h2>
        <p>{t('bidders.sealed_explain')}</p>
        {bid.errors.form && <ErrorSummary ctx={ctx} errors={{ form: bid.errors.form }} />}
        {!props.open ? <p>{t('bidders.closed')}</p>
          : viewer.kind === 'anonymous' ? <p><a href={`/signin?next=${encodeURIComponent(here)}`}>{t('bidders.sign_in_to_bid')}</a></p>
          : viewer.kind === 'citizen' ? <p><a href={`/bidder?next=${encodeURIComponent(here)}`}>{t('bidders.profile_to_bid')}</a></p>
          : viewer.bid !== null ? <p>{t('bidders.bid_recorded', { bid: viewer.bid })}</p>
          : (
            <form method="post" action={`${here}/bids`} class="panel stack narrow" novalidate>
              {!bid.errors.form && <ErrorSummary ctx={ctx} errors={bid.errors} />}
              <Csrf ctx={ctx} />
              <p>{t('bidders.bidding_as', { company: viewer.companyName })}</p>
              <Input name="value_amount" label={t('bidders.field.amount', { currency: props.estimate.currency })} values={bid.values} errors={bid.errors} hint={t('contracts.field.amount_hint')} maxLength={20} inputMode="decimal" />
              <input type="hidden" name="value_currency" value={props.estimate.currency} />
              <fieldset class={bid.errors.integrity_pact ? 'field has-error' : 'field'}>
                <legend>{t('bidders.pact_title')}</legend>
                <p class="pact">{props.pactText}</p>
                {bid.errors.integrity_pact && <p class="error-text" id={`${fieldId('integrity_pact')}-error`}>{bid.errors.integrity_pact}</p>}
                <label><input type="checkbox" id={fieldId('integrity_pact')} name="integrity_pact" value="1" checked={bid.values.integrity_pact === '1'}
                  aria-describedby={bid.errors.integrity_pact ? `${fieldId('integrity_pact')}-error` : undefined} /> {t('bidders.pact_sign')}</label>
              </fieldset>
              <button type="submit">{t('bidders.submit_bid')}</button>
            </form>
          )}
      </section>
    </Layout>
  );
}

/** A bid as its bidder sees it on their page. */
export interface MyBidRow {
  number: string;
  title: string;
  occurred_at: Date;
  time_zone: string;
  bid: number;
  amount: string;
  currency: string;
}

/** The bidder's own page: the company they bid for, and the bids they submitted (sealed to everyone else). */
export function BidderPage(props: { ctx: ViewContext; email: string; form: { values: Values; errors: Errors }; bids: MyBidRow[]; next?: string; saved: boolean; hasProfile: boolean }) {
  const { ctx, form } = props;
  const t = ctx.t;
  return (
    <Layout ctx={ctx} title={t('bidders.profile_title')}>
      <h1>{t('bidders.profile_title')}</h1>
      <p class="lead">{t('bidders.profile_lead', { email: props.email })}</p>
      {props.saved && <p class="notice" role="status">{t('bidders.profile_saved')}</p>}
      <ErrorSummary ctx={ctx} errors={form.errors} />
      <form method="post" action="/bidder" class="stack narrow" novalidate>
        <Csrf ctx={ctx} />
        {props.next && <input type="hidden" name="next" value={props.next} />}
        <Input name="company_name" label={t('bidders.field.company_name')} values={form.values} errors={form.errors} />
        <Input name="registration_number" label={t('bidders.field.registration_number')} values={form.values} errors={form.errors} hint={t('bidders.field.registration_hint')} maxLength={40} />
        <button type="submit">{t(props.hasProfile ? 'bidders.profile_update' : 'bidders.profile_create')}</button>
      </form>
      <p><a href="/tenders">{t('bidders.tenders_title')}</a></p>
      <h2>{t('bidders.my_bids')}</h2>
      {!props.bids.length ? <p>{t('bidders.no_bids')}</p> : (
        <TableScroll label={t('bidders.my_bids')}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('contracts.col.process')}</th>
                <th scope="col">{t('contracts.detail.bid')}</th>
                <th scope="col">{t('contracts.detail.value')}</th>
                <th scope="col">{t('bidders.col.submitted')}</th>
              </tr>
            </thead>
            <tbody>
              {props.bids.map((b) => (
                <tr>
                  <td><a href={`/tenders/${b.number}`}>{b.title}</a><br /><span class="small">{b.number}</span></td>
                  <td>#{b.bid}</td>
                  <td>{money(ctx, b.amount, b.currency)}</td>
                  <td><Time ctx={ctx} at={b.occurred_at} zone={b.time_zone} /></td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
    </Layout>
  );
}
