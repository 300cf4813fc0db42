import { CONTRACT_STAGES, METHODS, MINIMUM_TENDER_DAYS, PROCUREMENT_CATEGORIES, STAGE_OF, supplierKey, type ContractEventType, type ContractState } from '../domain/contracts.js';
import type { DebarmentRow } from '../db/repos/contracts.js';
import type { PublicApplication } from '../presenters/public.js';
import { StatusBadge, TableScroll, Time } from './components.js';
import { supplierHref } from './contractRegister.js';
import type { ViewContext } from './context.js';
import { Csrf, ErrorSummary, Field, Layout, aria, fieldId } from './Layout.js';

/** A row of the contracts register, as `db/repos/contracts.searchContracts` reads it. */
export interface ContractRow {
  number: string;
  title: string;
  status: string;
  stages: { key: string; status: string }[];
  received_at: Date;
  unit_code: string;
  unit_ko: string;
  unit_en: string;
  time_zone: string;
  method: string;
  category: string;
  estimated_amount: string;
  currency: string;
  supplier: string | null;
}

/** A row of the debarment list: the debarment with its jurisdiction's name. */
export type DebarmentListRow = Omit<DebarmentRow, 'jurisdiction_id'> & { name_ko: string; name_en: string };

export interface Choice {
  value: string;
  label: string;
}

type Values = Record<string, string>;
type Errors = Record<string, string>;

const money = (ctx: ViewContext, amount: number | string, currency: string) => `${ctx.fmt.number(Number(amount))} ${currency}`;

/** The stage a process is in: its active stage's name, or its status once closed. */
function stageName(ctx: ViewContext, r: { status: string; stages: { key: string; status: string }[] }): string {
  const active = r.stages.find((s) => s.status === 'active');
  return active ? ctx.t(`contracts.stage.${active.key}`) : ctx.t(`contracts.status.${r.status}`);
}

function Select(props: { name: string; label: string; value: string; choices: Choice[]; error?: string; any?: string; required?: boolean }) {
  const id = fieldId(props.name);
  return (
    <Field id={id} label={props.label} error={props.error} required={props.required}>
      <select {...aria(id, props.error)} name={props.name}>
        {props.any !== undefined && <option value="">{props.any}</option>}
        {props.choices.map((c) => <option value={c.value} selected={c.value === props.value}>{c.label}</option>)}
      </select>
    </Field>
  );
}

function Text(props: { name: string; label: string; values: Values; errors: Errors; hint?: string; type?: string; required?: boolean; maxLength?: number }) {
  const id = fieldId(props.name);
  return (
    <Field id={id} label={props.label} error={props.errors[props.name]} hint={props.hint} required={props.required}>
      <input {...aria(id, props.errors[props.name], !!props.hint)} type={props.type ?? 'text'} name={props.name} value={props.values[props.name] ?? ''} maxLength={props.maxLength ?? 300} />
    </Field>
  );
}

const methodChoices = (ctx: ViewContext): Choice[] => METHODS.map((m) => ({ value: m, label: ctx.t(`contracts.method.${m}`) }));
const categoryChoices = (ctx: ViewContext): Choice[] => PROCUREMENT_CATEGORIES.map((c) => ({ value: c, label: ctx.t(`contracts.category.${c}`) }));

function ContractTable(props: { ctx: ViewContext; rows: ContractRow[]; office?: boolean }) {
  const { ctx, rows } = props;
  const t = ctx.t;
  if (!rows.length) return <p>{t('contracts.none')}</p>;
  return (
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
          {rows.map((r) => (
            <tr>
              <td>
                <a href={props.office ? `/office/contracts/${r.number}` : `/applications/${r.number}`}>{r.title}</a>
                <br /><span class="small">{r.number} · <Time ctx={ctx} at={r.received_at} zone={r.time_zone} dateOnly /></span>
              </td>
              <td>{ctx.locale === 'ko' ? r.unit_ko : r.unit_en}</td>
              <td>{t(`contracts.category.${r.category}`)} · {t(`contracts.method.${r.method}`)}</td>
              <td>{money(ctx, r.estimated_amount, r.currency)}</td>
              <td>{stageName(ctx, r)}</td>
              <td>{r.supplier ?? '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}

function DebarmentTable(props: { ctx: ViewContext; rows: DebarmentListRow[] }) {
  const { ctx, rows } = props;
  const t = ctx.t;
  if (!rows.length) return <p>{t('contracts.debarments_none')}</p>;
  return (
    <TableScroll label={t('contracts.debarments_title')}>
      <table>
        <thead>
          <tr>
            <th scope="col">{t('contracts.col.supplier')}</th>
            <th scope="col">{t('contracts.field.reason')}</th>
            <th scope="col">{t('contracts.field.period')}</th>
            <th scope="col">{t('contracts.field.decision')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr>
              <td><a href={supplierHref(supplierKey(r.supplier_name))}>{r.supplier_name}</a><br /><span class="small">{ctx.locale === 'ko' ? r.name_ko : r.name_en}</span></td>
              <td>{r.reason}</td>
              <td>{r.starts_on} – {r.lifted_on ? t('contracts.lifted_on', { date: r.lifted_on }) : r.ends_on}</td>
              <td>{r.decision}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}

/** The public debarment list: who may not be awarded a contract, why, until when, by which decision. */
export function DebarmentsPage(props: { ctx: ViewContext; rows: DebarmentListRow[] }) {
  const t = props.ctx.t;
  return (
    <Layout ctx={props.ctx} title={t('contracts.debarments_title')}>
      <h1>{t('contracts.debarments_title')}</h1>
      <p class="lead">{t('contracts.debarments_lead')}</p>
      <DebarmentTable ctx={props.ctx} rows={props.rows} />
    </Layout>
  );
}

/** The officer's procurement page: open a process, keep the debarment list, the processes so far. */
export function OfficeContractsPage(props: {
  ctx: ViewContext; procedures: Choice[]; rows: ContractRow[]; mayDebar: boolean;
  open: { values: Values; errors: Errors }; debar: { values: Values; errors: Errors };
}) {
  const { ctx, open, debar } = props;
  const t = ctx.t;
  return (
    <Layout ctx={ctx} title={t('contracts.office_title')} office>
      <h1>{t('contracts.office_title')}</h1>
      <h2 id="open">{t('contracts.open_title')}</h2>
      <ErrorSummary ctx={ctx} errors={open.errors} />
      {props.procedures.length === 0 ? <p>{t('contracts.no_procedure')}</p> : (
        <form method="post" action="/office/contracts" class="stack narrow" novalidate>
          <Csrf ctx={ctx} />
          <Select name="procedure" label={t('contracts.col.department')} value={open.values.procedure ?? ''} choices={props.procedures} error={open.errors.procedure} required />
          <Text name="title" label={t('contracts.field.title')} values={open.values} errors={open.errors} required />
          <Text name="place" label={t('contracts.field.place')} values={open.values} errors={open.errors} hint={t('contracts.field.place_hint')} required />
          <Select name="category" label={t('contracts.field.category')} value={open.values.category ?? ''} choices={categoryChoices(ctx)} error={open.errors.category} required />
          <Select name="method" label={t('contracts.field.method')} value={open.values.method ?? 'open'} choices={methodChoices(ctx)} error={open.errors.method} required />
          <Text name="estimate_amount" label={t('contracts.field.estimate')} values={open.values} errors={open.errors} hint={t('contracts.field.amount_hint')} required maxLength={20} />
          <Text name="estimate_currency" label={t('contracts.field.currency')} values={{ estimate_currency: 'KRW', ...open.values }} errors={open.errors} hint={t('contracts.field.currency_hint')} required maxLength={3} />
          <button type="submit">{t('contracts.open_submit')}</button>
        </form>
      )}
      <h2>{t('contracts.processes_title')}</h2>
      <ContractTable ctx={ctx} rows={props.rows} office />
      {props.mayDebar && (
        <>
          <h2 id="debar">{t('contracts.debar_title')}</h2>
          <ErrorSummary ctx={ctx} errors={debar.errors} />
          <form method="post" action="/office/contracts/debarments" class="stack narrow" novalidate>
            <Csrf ctx={ctx} />
            <Text name="supplier" label={t('contracts.col.supplier')} values={debar.values} errors={debar.errors} required maxLength={200} />
            <Text name="reason" label={t('contracts.field.reason')} values={debar.values} errors={debar.errors} required maxLength={2000} />
            <Text name="decision" label={t('contracts.field.decision')} values={debar.values} errors={debar.errors} required maxLength={500} />
            <Text name="starts_on" label={t('contracts.field.starts_on')} type="date" values={debar.values} errors={debar.errors} required />
            <Text name="ends_on" label={t('contracts.field.ends_on')} type="date" values={debar.values} errors={debar.errors} required />
            <button type="submit">{t('contracts.debar_submit')}</button>
          </form>
        </>
      )}
    </Layout>
  );
}

/** The contract's schedule as the officer works it: each milestone and payment, due, met or paid. */
function ImplementationTable(props: { ctx: ViewContext; state: ContractState; zone: string }) {
  const { ctx, state } = props;
  const t = ctx.t;
  const when = (at: string | null) => (at ? ctx.fmt.dateTime(at, props.zone) : t('contracts.not_yet'));
  return (
    <section class="card">
      <h3>{t('contracts.schedule_title')}</h3>
      <TableScroll label={t('contracts.schedule_title')}>
        <table>
          <thead>
            <tr>
              <th scope="col">{t('contracts.field.milestone')}</th>
              <th scope="col">{t('contracts.field.due_date')}</th>
              <th scope="col">{t('contracts.col.done')}</th>
            </tr>
          </thead>
          <tbody>
            {state.milestones.map((m) => <tr><td>{m.milestone}. {m.title}</td><td>{m.dueDate}</td><td>{when(m.metAt)}</td></tr>)}
            {state.payments.map((p) => (
              <tr>
                <td>{t('contracts.payment_n', { payment: p.payment, amount: money(ctx, p.due.amount, p.due.currency) })}</td>
                <td>{p.dueDate}</td>
                <td>{p.paid ? `${when(p.paidAt)} — ${money(ctx, p.paid.amount, p.paid.currency)}` : when(null)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
    </section>
  );
}

/** The file input of a notice or addendum: public documents, checked from their bytes. */
function DocumentsInput(props: { ctx: ViewContext; errors: Errors }) {
  const id = fieldId('documents');
  const t = props.ctx.t;
  return (
    <Field id={id} label={t('contracts.field.documents')} error={props.errors.documents} hint={t('contracts.field.documents_hint')}>
      <input {...aria(id, props.errors.documents, true)} type="file" name="documents" multiple accept="application/pdf,image/png,image/jpeg,image/webp" />
    </Field>
  );
}

/** Which contract acts a stage offers, in order. */
const ACTS_OF_STAGE = (stage: string): ContractEventType[] =>
  (Object.entries(STAGE_OF) as [ContractEventType, string][]).filter(([, s]) => s === stage).map(([type]) => type);

/**
 * One process in the office: where it stands, the acts its active stage allows, moving to the next stage, and
 * completing the contract. A refused form comes back with what was typed and the reason.
 */
export function OfficeProcessPage(props: {
  ctx: ViewContext; app: PublicApplication; state: ContractState; method: string; zone: string;
  /** Bids the viewing official's declared conflicts bar them from evaluating. */
  conflicted?: number[];
  form?: { type: string; values: Values; errors: Errors }; done?: string;
}) {
  const { ctx, app, state } = props;
  const t = ctx.t;
  const active = app.stages.find((s) => s.status === 'active');
  const next = active ? app.stages[app.stages.findIndex((s) => s.key === active.key) + 1] : undefined;
  const closed = ['approved', 'approved_with_conditions', 'rejected', 'withdrawn'].includes(app.status);
  const firstPending = !active && !closed ? app.stages.find((s) => s.status === 'pending') : undefined;
  const formOf = (type: string): { values: Values; errors: Errors } => (props.form?.type === type ? props.form : { values: {}, errors: {} });
  const actForm = (type: string, body: preact.ComponentChildren, multipart = false) => {
    const f = formOf(type);
    return (
      <section id={`act-${type}`} class="card">
        <h3>{t(`contracts.act.${type}`)}</h3>
        <ErrorSummary ctx={ctx} errors={f.errors} />
        <form method="post" action={`/office/contracts/${app.number}/acts`} class="stack narrow" novalidate enctype={multipart ? 'multipart/form-data' : undefined}>
          <Csrf ctx={ctx} />
          <input type="hidden" name="type" value={type} />
          {body}
          <button type="submit">{t(`contracts.act.${type}`)}</button>
        </form>
      </section>
    );
  };
  const v = (type: string) => formOf(type).values;
  const e = (type: string) => formOf(type).errors;
  const valueFields = (type: string) => (
    <>
      <Text name="value_amount" label={t('contracts.field.amount')} values={v(type)} errors={e(type)} hint={t('contracts.field.amount_hint')} required maxLength={20} />
      <Text name="value_currency" label={t('contracts.field.currency')} values={{ value_currency: String(app.details.find((d) => d.key === 'currency')?.value ?? 'KRW'), ...v(type) }} errors={e(type)} required maxLength={3} />
    </>
  );
  return (
    <Layout ctx={ctx} title={app.title} office>
      <h1>{app.title}</h1>
      <p class="lead">{app.number} · {t(`contracts.method.${props.method}`)} · <StatusBadge ctx={ctx} status={app.status} /></p>
      {props.done && <p class="notice" role="status">{t('contracts.recorded', { act: t(`contracts.act.${props.done}`) })}</p>}
      <p>
        <a href={`/applications/${app.number}`}>{t('contracts.public_page')}</a> · <a href={`/office/applications/${app.number}`}>{t('contracts.case_page')}</a>
        {' · '}<a href={`/contracts/${app.number}/record.json`}>{t('contracts.ocds_record')}</a>
      </p>
      <p>{active ? t('contracts.in_stage', { stage: t(`contracts.stage.${active.key}`) }) : t(`contracts.status.${app.status}`)}</p>
      {state.tenderEnd && <p>{t('contracts.tender_end', { end: ctx.fmt.dateTime(state.tenderEnd, props.zone) })} · {t('contracts.bid_count', { count: state.bids.length })}</p>}

      {props.conflicted && props.conflicted.length > 0 && (
        <div class="error-summary" role="alert" id="evaluator-conflict">
          <h2>{t('contracts.conflict_title')}</h2>
          <p>{t('contracts.conflict_explain', { bids: props.conflicted.map((b) => `#${b}`).join(', ') })}</p>
          <p><a href={`/office/applications/${app.number}#fair-heading`}>{t('contracts.conflict_recuse')}</a></p>
        </div>
      )}
      {firstPending && (
        <form method="post" action={`/office/contracts/${app.number}/next`}>
          <Csrf ctx={ctx} />
          <button type="submit">{t('contracts.start_stage', { stage: t(`contracts.stage.${firstPending.key}`) })}</button>
        </form>
      )}
      {active && ACTS_OF_STAGE(active.key).map((type) => {
        switch (type) {
          case 'tender_published':
            return state.tenderEnd ? null : actForm(type, (
              <>
                <Text name="tender_end" type="datetime-local" label={t('contracts.field.tender_end')} values={v(type)} errors={e(type)}
                  hint={t('contracts.field.tender_end_hint', { days: MINIMUM_TENDER_DAYS[props.method as keyof typeof MINIMUM_TENDER_DAYS] ?? 0 })} required />
                <DocumentsInput ctx={ctx} errors={e(type)} />
              </>
            ), true);
          case 'tender_addendum':
            return !state.tenderEnd || state.opened ? null : actForm(type, (
              <>
                <Text name="note" label={t('contracts.field.addendum_note')} values={v(type)} errors={e(type)} required maxLength={2000} />
                <DocumentsInput ctx={ctx} errors={e(type)} />
              </>
            ), true);
          case 'bid_received':
            return !state.tenderEnd ? null : actForm(type, (
              <>
                <Text name="bidder" label={t('contracts.field.bidder')} values={v(type)} errors={e(type)} required maxLength={200} />
                {valueFields(type)}
                <div class={e(type).integrity_pact ? 'field has-error' : 'field'}>
                  {e(type).integrity_pact && <p class="error-text" id={`${fieldId('integrity_pact')}-error`}>{e(type).integrity_pact}</p>}
                  <label><input type="checkbox" id={fieldId('integrity_pact')} name="integrity_pact" value="1" checked={v(type).integrity_pact === '1'} /> {t('contracts.field.integrity_pact')}</label>
                </div>
              </>
            ));
          case 'bids_opened':
            return state.opened ? null : actForm(type, <p>{t('contracts.open_bids_hint', { count: state.bids.length })}</p>);
          case 'bids_evaluated':
            return state.evaluated ? null : actForm(type, (
              <>
                {state.bids.map((b) => (
                  <fieldset>
                    <legend>{t('contracts.bid_label', { bid: b.bid, bidder: b.bidder.name, amount: money(ctx, b.value.amount, b.value.currency) })}</legend>
                    <Text name={`score_${b.bid}`} label={t('contracts.field.score')} values={v(type)} errors={e(type)} maxLength={6} />
                    <Text name={`reason_${b.bid}`} label={t('contracts.field.score_reason')} values={v(type)} errors={e(type)} maxLength={1000} />
                  </fieldset>
                ))}
              </>
            ));
          case 'awarded':
            return state.award ? null : actForm(type, (
              <>
                {props.method === 'direct'
                  ? <Text name="supplier" label={t('contracts.col.supplier')} values={v(type)} errors={e(type)} required maxLength={200} />
                  : <Select name="bid" label={t('contracts.field.winning_bid')} value={v(type).bid ?? ''} error={e(type).bid}
                      choices={state.bids.map((b) => ({ value: String(b.bid), label: `${b.bid}. ${b.bidder.name} — ${money(ctx, b.value.amount, b.value.currency)}` }))} required />}
                {valueFields(type)}
                <Text name="reasons" label={t('contracts.field.award_reasons')} values={v(type)} errors={e(type)} required maxLength={2000} />
              </>
            ));
          case 'contract_signed':
            return state.contract ? null : actForm(type, valueFields(type));
          case 'contract_amended':
            return actForm(type, (
              <>
                <Text name="reason" label={t('contracts.field.amendment_reason')} values={v(type)} errors={e(type)} required maxLength={2000} />
                {valueFields(type)}
              </>
            ));
          case 'milestone_scheduled':
            return !state.contract ? null : actForm(type, (
              <>
                <Text name="title" label={t('contracts.field.milestone_title')} values={v(type)} errors={e(type)} required maxLength={300} />
                <Text name="due_date" type="date" label={t('contracts.field.due_date')} values={v(type)} errors={e(type)} required />
              </>
            ));
          case 'milestone_met': {
            const open = state.milestones.filter((m) => !m.metAt);
            return !open.length ? null : actForm(type, (
              <Select name="milestone" label={t('contracts.field.milestone')} value={v(type).milestone ?? ''} error={e(type).milestone} required
                choices={open.map((m) => ({ value: String(m.milestone), label: t('contracts.milestone_choice', { milestone: m.milestone, title: m.title, due: m.dueDate }) }))} />
            ));
          }
          case 'payment_scheduled':
            return !state.contract ? null : actForm(type, (
              <>
                {valueFields(type)}
                <Text name="due_date" type="date" label={t('contracts.field.due_date')} values={v(type)} errors={e(type)} required />
              </>
            ));
          case 'payment_made': {
            const unpaid = state.payments.filter((p) => !p.paid);
            return !unpaid.length ? null : actForm(type, (
              <>
                <Select name="payment" label={t('contracts.field.payment')} value={v(type).payment ?? ''} error={e(type).payment} required
                  choices={unpaid.map((p) => ({ value: String(p.payment), label: t('contracts.payment_choice', { payment: p.payment, amount: money(ctx, p.due.amount, p.due.currency), due: p.dueDate }) }))} />
                {valueFields(type)}
              </>
            ));
          }
          default:
            return null;
        }
      })}
      {active?.key === 'implementation' && (state.milestones.length > 0 || state.payments.length > 0) && (
        <ImplementationTable ctx={ctx} state={state} zone={props.zone} />
      )}
      {active && next && (
        <form method="post" action={`/office/contracts/${app.number}/next`} class="card">
          <Csrf ctx={ctx} />
          <button type="submit">{t('contracts.next_stage', { stage: t(`contracts.stage.${next.key}`) })}</button>
        </form>
      )}
      {active?.key === 'implementation' && actForm('completed', (
        <Text name="reasons" label={t('contracts.field.completion_note')} values={v('completed')} errors={e('completed')} required maxLength={2000} />
      ))}
      {active?.key === 'implementation' && state.contract && actForm('terminated', (
        <>
          <Text name="reasons" label={t('contracts.field.termination_reason')} values={v('terminated')} errors={e('terminated')} required maxLength={2000} />
          <Text name="redress" label={t('contracts.field.termination_redress')} values={v('terminated')} errors={e('terminated')} required maxLength={2000} />
        </>
      ))}
      <p class="small">{t('contracts.stages_help', { stages: CONTRACT_STAGES.map((s) => t(`contracts.stage.${s}`)).join(' → ') })}</p>
    </Layout>
  );
}
