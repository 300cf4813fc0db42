import type { CleanedFiles } from '../../commands/reports/fileReport.js';
import type { OpenedReport } from '../../commands/reports/reading.js';
import type { RegisterChoice } from '../../db/repos/register.js';
import { formatReceipt } from '../../domain/reportCrypto.js';
import { DISCLOSURES, RECIPIENTS, REPORT_CATEGORIES, deadlineState, type ReportCell } from '../../domain/reports.js';
import { pick } from '../../i18n/index.js';
import { TableScroll } from '../components.js';
import type { ViewContext } from '../context.js';
import { ErrorSummary, Field, Layout, aria, fieldId } from '../Layout.js';

/** A jurisdiction as the form offers it: whether its channel takes reports, and confidential ones. */
export interface ChannelChoice {
  id: string;
  name_ko: string;
  name_en: string;
  open: boolean;
  custody: boolean;
  /** Whether the head of office takes report cards. */
  head: boolean;
}

/**
 * The reporter's form. Works without JavaScript and without a cookie; the page address never changes while filing,
 * and the receipt comes back in the answer to the post. Evidence files carry a warning about their metadata.
 */
export function ReportFormPage(props: { ctx: ViewContext; channels: ChannelChoice[]; units: RegisterChoice[]; values: Record<string, string>; errors: Record<string, string> }) {
  const { ctx, values, errors } = props;
  const t = ctx.t;
  const open = props.channels.filter((c) => c.open);
  const chosenJurisdiction = values.jurisdiction || (open.length === 1 ? open[0]!.id : '');
  const disclosure = values.disclosure || 'anonymous';
  const text = (name: string, label: string, hint?: string, type = 'text') => (
    <Field id={fieldId(name)} label={label} error={errors[name]} hint={hint}>
      <input type={type} name={name} value={values[name] ?? ''} autocomplete="off" {...aria(fieldId(name), errors[name], Boolean(hint))} />
    </Field>
  );
  return (
    <Layout ctx={ctx} title={t('report.title')}>
      <h1>{t('report.title')}</h1>
      <p class="lead">{t('report.lead')}</p>
      <ul class="report-promises">
        <li>{t('report.promise_anonymous')}</li>
        <li>{t('report.promise_encrypted')}</li>
        <li>{t('report.promise_deadlines')}</li>
      </ul>
      <p><a href="/report/mailbox">{t('report.have_receipt')}</a> · <a href="/report/statistics">{t('report.statistics_link')}</a></p>
      {!open.length ? (
        <p class="notice" role="status">{t('report.no_channel')}</p>
      ) : (
        <>
          <ErrorSummary ctx={ctx} errors={errors} />
          <form method="post" action="/report" enctype="multipart/form-data" class="stack report-form" novalidate>
            <input type="hidden" name="nonce" value={values.nonce ?? ''} />
            <Field id={fieldId('jurisdiction')} label={t('report.jurisdiction')} error={errors.jurisdiction} required>
              <select name="jurisdiction" {...aria(fieldId('jurisdiction'), errors.jurisdiction)}>
                <option value="">{t('report.choose')}</option>
                {open.map((c) => <option value={c.id} selected={c.id === chosenJurisdiction}>{pick({ ko: c.name_ko, en: c.name_en }, ctx.locale)}</option>)}
              </select>
            </Field>
            <fieldset class="question" aria-describedby={errors.category ? `${fieldId('category')}-error` : undefined}>
              <legend>{t('report.category')}<span class="req" aria-hidden="true"> *</span></legend>
              {errors.category && <p class="error-text" id={`${fieldId('category')}-error`}>{errors.category}</p>}
              {REPORT_CATEGORIES.map((c, i) => {
                const id = i === 0 ? fieldId('category') : `${fieldId('category')}-${c}`;
                return (
                  <div class="choice">
                    <input type="radio" id={id} name="category" value={c} checked={values.category === c} />
                    <label for={id}>{t(`report.category_${c}`)}</label>
                  </div>
                );
              })}
            </fieldset>
            <Field id={fieldId('what')} label={t('report.what')} error={errors.what} hint={t('report.what_hint')} required>
              <textarea name="what" rows={8} {...aria(fieldId('what'), errors.what, true)}>{values.what ?? ''}</textarea>
            </Field>
            {text('when', t('report.when'), t('report.when_hint'))}
            {text('application_number', t('report.application_number'), t('report.application_number_hint'))}
            <Field id={fieldId('unit')} label={t('report.unit')} error={errors.unit}>
              <select name="unit" {...aria(fieldId('unit'), errors.unit)}>
                <option value="">{t('report.unit_none')}</option>
                {props.units.map((u) => <option value={u.code} selected={values.unit === u.code}>{`${pick(u.name, ctx.locale)} (${u.code})`}</option>)}
              </select>
            </Field>
            {text('official', t('report.official'), t('report.official_hint'))}
            <Field id={fieldId('files')} label={t('report.files')} error={errors.files} hint={t('report.files_hint')}>
              <input type="file" name="files" multiple accept="application/pdf,image/png,image/jpeg,image/webp" {...aria(fieldId('files'), errors.files, true)} />
            </Field>
            <MetadataChoice ctx={ctx} values={values} />
            <fieldset class="question">
              <legend>{t('report.disclosure')}</legend>
              {errors.disclosure && <p class="error-text" id={`${fieldId('disclosure')}-error`}>{errors.disclosure}</p>}
              {DISCLOSURES.map((d, i) => {
                const id = i === 0 ? fieldId('disclosure') : `${fieldId('disclosure')}-${d}`;
                return (
                  <div class="choice">
                    <input type="radio" id={id} name="disclosure" value={d} checked={disclosure === d} aria-describedby={`${id}-hint`} />
                    <label for={id}>{t(`report.disclosure_${d}`)}</label>
                    <p class="hint" id={`${id}-hint`}>{t(`report.disclosure_${d}_hint`)}</p>
                  </div>
                );
              })}
            </fieldset>
            {open.some((c) => c.head) && (
              <fieldset class="question">
                <legend>{t('report.recipient')}</legend>
                {errors.recipient && <p class="error-text" id={`${fieldId('recipient')}-error`}>{errors.recipient}</p>}
                {RECIPIENTS.map((r, i) => {
                  const id = i === 0 ? fieldId('recipient') : `${fieldId('recipient')}-${r}`;
                  return (
                    <div class="choice">
                      <input type="radio" id={id} name="recipient" value={r} checked={(values.recipient || 'investigators') === r} aria-describedby={`${id}-hint`} />
                      <label for={id}>{t(`report.recipient_${r}`)}</label>
                      <p class="hint" id={`${id}-hint`}>{t(`report.recipient_${r}_hint`)}</p>
                    </div>
                  );
                })}
              </fieldset>
            )}
            <fieldset class="question">
              <legend>{t('report.identity')}</legend>
              <p class="hint">{t('report.identity_hint')}</p>
              {text('name', t('report.name'))}
              {text('contact', t('report.contact'))}
            </fieldset>
            <button type="submit">{t('report.submit')}</button>
          </form>
        </>
      )}
    </Layout>
  );
}

/**
 * The warning that files carry hidden details, with the reporter's choice to have them removed before the files are
 * stored (ticked until they untick it; `values.strip_metadata` is `yes` when chosen).
 */
function MetadataChoice(props: { ctx: ViewContext; values: Record<string, string> }) {
  const t = props.ctx.t;
  const id = fieldId('strip_metadata');
  return (
    <div class="notice metadata-warning stack" role="group" aria-labelledby={`${id}-title`}>
      <p id={`${id}-title`}><strong>{t('report.metadata_title')}</strong></p>
      <p>{t('report.metadata_offer_body')}</p>
      <div class="choice">
        <input type="checkbox" id={id} name="strip_metadata" value="yes" checked={props.values.strip_metadata === 'yes'} aria-describedby={`${id}-hint`} />
        <label for={id}>{t('report.metadata_strip')}</label>
      </div>
      <p class="hint" id={`${id}-hint`}>{t('report.metadata_strip_hint')}</p>
    </div>
  );
}

/** What was done with the files' hidden details: each file and the kinds removed, or that they were kept. */
export function CleanedNotice(props: { ctx: ViewContext; cleaned?: CleanedFiles }) {
  const { ctx, cleaned } = props;
  const t = ctx.t;
  if (cleaned === undefined || (cleaned !== null && !cleaned.length)) return null;
  if (cleaned === null) return <p class="notice" role="note" data-testid="metadata-kept">{t('report.metadata_kept')}</p>;
  return (
    <div class="notice" role="note" data-testid="metadata-removed">
      <p>{t('report.metadata_removed_title')}</p>
      <ul>
        {cleaned.map((f) => (
          <li>
            <span class="prewrap">{f.filename}</span>
            {' — '}
            {f.removed.length ? t('report.metadata_removed', { kinds: shortList(ctx, f.removed.map((k) => t(`report.metadata_kind_${k}`))) }) : t('report.metadata_none_found')}
          </li>
        ))}
      </ul>
    </div>
  );
}

/** The receipt, shown once, in the answer to the post that filed the report, with what was removed from the files. */
export function receiptView(props: { ctx: ViewContext; receipt: string; cleaned?: CleanedFiles }) {
  const { ctx } = props;
  const t = ctx.t;
  return (
    <Layout ctx={ctx} title={t('report.receipt_title')}>
      <h1>{t('report.receipt_title')}</h1>
      <p class="lead">{t('report.receipt_lead')}</p>
      <p class="receipt" data-testid="receipt" aria-label={t('report.receipt_label')}>{formatReceipt(props.receipt)}</p>
      <p class="notice" role="note">{t('report.receipt_once')}</p>
      <CleanedNotice ctx={ctx} cleaned={props.cleaned} />
      <p>{t('report.receipt_next')}</p>
      <p><a href="/report/mailbox">{t('report.mailbox_link')}</a></p>
    </Layout>
  );
}

/** The reporter's mailbox: the receipt form, then the report's status, deadlines and the conversation. */
export function MailboxPage(props: { ctx: ViewContext; values: Record<string, string>; report?: OpenedReport; sent?: boolean; cleaned?: CleanedFiles; errors: Record<string, string> }) {
  const { ctx, report, errors, values } = props;
  const t = ctx.t;
  const receipt = values.receipt ?? '';
  const zone = report?.zone ?? 'UTC';
  return (
    <Layout ctx={ctx} title={t('report.mailbox_title')}>
      <h1>{t('report.mailbox_title')}</h1>
      {!report ? (
        <>
          <p class="lead">{t('report.mailbox_lead')}</p>
          <ErrorSummary ctx={ctx} errors={errors} />
          <form method="post" action="/report/mailbox" class="stack" novalidate>
            <Field id={fieldId('receipt')} label={t('report.receipt_label')} error={errors.receipt} hint={t('report.receipt_hint')} required>
              <input type="password" name="receipt" value={receipt} inputmode="numeric" autocomplete="off" {...aria(fieldId('receipt'), errors.receipt, true)} />
            </Field>
            <button type="submit">{t('report.open_mailbox')}</button>
          </form>
        </>
      ) : (
        <>
          {props.sent && <p class="notice" role="status">{t('report.reply_sent')}</p>}
          {props.sent && <CleanedNotice ctx={ctx} cleaned={props.cleaned} />}
          <ErrorSummary ctx={ctx} errors={errors} />
          <ReportFacts ctx={ctx} report={report} zone={zone} />
          {report.content ? (
            <>
              <section class="panel" aria-labelledby="r-what">
                <h2 id="r-what">{t('report.your_report')}</h2>
                <p class="prewrap">{report.content.what}</p>
              </section>
              <Conversation ctx={ctx} report={report} zone={zone} download={(id) => (
                <form method="post" action={`/report/mailbox/files/${id}`} class="inline">
                  <input type="hidden" name="receipt" value={receipt} />
                  <button type="submit" class="link">{t('report.download')}</button>
                </form>
              )} />
              {report.status !== 'closed' && (
                <form method="post" action="/report/mailbox/reply" enctype="multipart/form-data" class="stack panel" novalidate>
                  <h2>{t('report.reply_title')}</h2>
                  <input type="hidden" name="receipt" value={receipt} />
                  <Field id={fieldId('text')} label={t('report.reply')} error={errors.text} required>
                    <textarea name="text" rows={5} {...aria(fieldId('text'), errors.text)}>{values.text ?? ''}</textarea>
                  </Field>
                  <Field id={fieldId('files')} label={t('report.files')} error={errors.files} hint={t('report.files_hint')}>
                    <input type="file" name="files" multiple accept="application/pdf,image/png,image/jpeg,image/webp" {...aria(fieldId('files'), errors.files, true)} />
                  </Field>
                  <MetadataChoice ctx={ctx} values={values} />
                  <button type="submit">{t('report.send')}</button>
                </form>
              )}
            </>
          ) : (
            <p class="notice">{t('report.purged')}</p>
          )}
        </>
      )}
    </Layout>
  );
}

/** Status, outcome and the two deadlines with where each stands. */
export function ReportFacts(props: { ctx: ViewContext; report: OpenedReport; zone: string; now?: Date }) {
  const { ctx, report, zone } = props;
  const t = ctx.t;
  const now = props.now ?? new Date();
  const ack = deadlineState(report.acknowledgeBy, report.acknowledgedAt, now);
  const feedback = deadlineState(report.feedbackBy, report.feedbackAt, now);
  return (
    <dl class="facts" data-testid="report-facts">
      <dt>{t('report.status')}</dt>
      <dd data-testid="report-status">{t(`report.status_${report.status}`)}{report.outcome ? ` · ${t(`report.outcome_${report.outcome}`)}` : ''}</dd>
      <dt>{t('report.category')}</dt>
      <dd>{t(`report.category_${report.category}`)}</dd>
      <dt>{t('report.received')}</dt>
      <dd>{ctx.fmt.dateTime(report.receivedAt, zone)}</dd>
      <dt>{t('report.acknowledge_by')}</dt>
      <dd>{ctx.fmt.date(report.acknowledgeBy, zone)} · <span class={`state state-${ack}`}>{t(`report.deadline_${ack}`)}</span></dd>
      <dt>{t('report.feedback_by')}</dt>
      <dd>{ctx.fmt.date(report.feedbackBy, zone)} · <span class={`state state-${feedback}`}>{t(`report.deadline_${feedback}`)}</span>{report.extendedMonths ? ` (${t('report.extended', { months: report.extendedMonths })})` : ''}</dd>
      {report.referrals.length > 0 && (
        <>
          <dt>{t('report.referred_to')}</dt>
          <dd data-testid="report-referrals">
            <ul class="plain">
              {report.referrals.map((r) => <li>{t('report.referred_to_on', { body: referralBodyName(ctx, r), date: ctx.fmt.date(new Date(`${r.referredOn}T12:00:00Z`), 'UTC') })}</li>)}
            </ul>
          </dd>
        </>
      )}
    </dl>
  );
}

/** The name of the body a report was referred to: a listed body in the reader's language, or the name given. */
export const referralBodyName = (ctx: ViewContext, r: { body: string; otherName: string | null }): string =>
  r.body === 'other' ? (r.otherName ?? ctx.t('report.body_other')) : ctx.t(`report.body_${r.body}`);

/** Words as a short list in the reader's language ("location, camera, author"). */
const shortList = (ctx: ViewContext, words: string[]) => new Intl.ListFormat(ctx.locale, { style: 'short', type: 'unit' }).format(words);

/** Messages oldest first, each with its files; investigators' notes marked as theirs alone. */
export function Conversation(props: { ctx: ViewContext; report: OpenedReport; zone: string; office?: boolean; download: (fileId: number) => preact.JSX.Element }) {
  const { ctx, report, zone } = props;
  const t = ctx.t;
  const initialFiles = report.files.filter((f) => f.messageId === null);
  return (
    <section class="panel" aria-labelledby="r-conversation">
      <h2 id="r-conversation">{t('report.conversation')}</h2>
      {initialFiles.length > 0 && (
        <>
          <h3>{t('report.evidence')}</h3>
          <ul>{initialFiles.map((f) => <li>{f.filename} ({ctx.fmt.kilobytes(f.size)}) {props.download(f.id)}</li>)}</ul>
        </>
      )}
      {!report.messages.length ? <p class="muted">{t('report.no_messages')}</p> : (
        <ol class="messages">
          {report.messages.map((m) => (
            <li class={`message message-${m.author} ${m.kind === 'note' ? 'message-note' : ''}`} data-testid="report-message">
              <p class="muted">
                {m.kind === 'note' ? t('report.note_by') : m.author === 'reporter' ? t('report.from_reporter') : t('report.from_investigator')}
                {props.office && m.nameKo ? ` · ${ctx.locale === 'ko' ? m.nameKo : m.nameEn}` : ''} · {ctx.fmt.dateTime(m.at, zone)}
              </p>
              <p class="prewrap">{m.text}</p>
              {report.files.filter((f) => f.messageId === m.id).map((f) => <p>{f.filename} {props.download(f.id)}</p>)}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

/** The public figures: per jurisdiction, quarter and category; small cells withheld; never any text. */
export function ReportStatisticsPage(props: { ctx: ViewContext; tables: { jurisdiction: ChannelChoice; cells: ReportCell[] }[]; minCell: number }) {
  const { ctx } = props;
  const t = ctx.t;
  const n = (v: number | null) => (v === null ? t('report.withheld') : ctx.fmt.number(v));
  return (
    <Layout ctx={ctx} title={t('report.stats_title')}>
      <h1>{t('report.stats_title')}</h1>
      <p class="lead">{t('report.stats_lead', { min: props.minCell })}</p>
      {props.tables.map(({ jurisdiction, cells }) => (
        <section aria-labelledby={`rs-${jurisdiction.id}`}>
          <h2 id={`rs-${jurisdiction.id}`}>{pick({ ko: jurisdiction.name_ko, en: jurisdiction.name_en }, ctx.locale)}</h2>
          {!cells.length ? <p class="muted">{t('report.stats_none')}</p> : (
            <TableScroll label={t('report.stats_title')}>
              <table class="report-table" data-testid="report-statistics">
                <thead>
                  <tr>
                    <th scope="col">{t('report.quarter')}</th>
                    <th scope="col">{t('report.category')}</th>
                    <th scope="col">{t('report.stat_received')}</th>
                    <th scope="col">{t('report.stat_acknowledged_on_time')}</th>
                    <th scope="col">{t('report.stat_feedback_on_time')}</th>
                    <th scope="col">{t('report.stat_referred')}</th>
                    <th scope="col">{t('report.stat_substantiated')}</th>
                    <th scope="col">{t('report.stat_closed')}</th>
                  </tr>
                </thead>
                <tbody>
                  {cells.map((c) => (
                    <tr>
                      <th scope="row">{c.quarter}</th>
                      <td>{t(`report.category_${c.category}`)}</td>
                      <td>{n(c.received)}</td>
                      <td>{n(c.acknowledgedOnTime)}</td>
                      <td>{n(c.feedbackOnTime)}</td>
                      <td>{n(c.referred)}</td>
                      <td>{n(c.substantiated)}</td>
                      <td>{n(c.closed)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableScroll>
          )}
        </section>
      ))}
    </Layout>
  );
}
