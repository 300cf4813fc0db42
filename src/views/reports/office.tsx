import { DateTime } from 'luxon';
import type { InvestigatorReport } from '../../commands/reports/investigate.js';
import { pick } from '../../i18n/index.js';
import type { identityRequestsFor, reportAccesses, reportQueue } from '../../db/repos/reports.js';
import { OUTCOMES, PRIORITIES, deadlineState, feedbackGivenAt, reportDeadlines } from '../../domain/reports.js';
import { TableScroll } from '../components.js';
import type { ViewContext } from '../context.js';
import { Csrf, ErrorSummary, Field, Layout, aria, fieldId } from '../Layout.js';
import { Conversation, ReportFacts, referralBodyName } from './reporter.js';

type QueueRow = Awaited<ReturnType<typeof reportQueue>>[number];
type CustodyRow = Awaited<ReturnType<typeof identityRequestsFor>>[number];
type AccessRow = Awaited<ReturnType<typeof reportAccesses>>[number];

const name = (ctx: ViewContext, ko: string | null, en: string | null) => (ctx.locale === 'ko' ? ko : en) ?? '';

function LockedNotice(props: { ctx: ViewContext; next: string }) {
  return (
    <p class="notice" role="status">
      {props.ctx.t('report.locked_notice')} <a href={`/office/reports/unlock?next=${encodeURIComponent(props.next)}`}>{props.ctx.t('report.unlock')}</a>
    </p>
  );
}

const ACCESS_ACTIONS = new Set([
  'view', 'view_with_identity', 'acknowledge', 'message', 'note', 'triage', 'conclude', 'assign', 'refer', 'identity_requested', 'identity_approved', 'identity_refused',
]);

/** An access log's action in words: the stored codes (`view`, `file 12`…) in the reader's language; an unknown code as it is. */
export function accessAction(ctx: ViewContext, action: string): string {
  const file = /^file (\d+)$/.exec(action);
  if (file) return ctx.t('report.action_file', { id: Number(file[1]) });
  return ACCESS_ACTIONS.has(action) ? ctx.t(`report.action_${action}`) : action;
}

/** Who handles the report: any member of its key ring (who can open it), or nobody; and who was given it before. */
function AssignPanel(props: { ctx: ViewContext; view: InvestigatorReport; values: Record<string, string>; errors: Record<string, string> }) {
  const { ctx, view, values, errors } = props;
  const t = ctx.t;
  const { report } = view;
  const current = view.assignments.at(-1)?.assigned_to ?? null;
  return (
    <section class="panel stack" aria-labelledby="o-assign">
      <h2 id="o-assign">{t('report.assign_title')}</h2>
      {view.assignments.length > 0 && (
        <ul class="plain" data-testid="report-assignments">
          {view.assignments.map((a) => (
            <li>
              {ctx.fmt.dateTime(a.at, report.zone)} ·{' '}
              {a.assigned_to === null ? t('report.unassigned_by', { by: name(ctx, a.by_ko, a.by_en) }) : t('report.assigned_by', { to: name(ctx, a.to_ko, a.to_en), by: name(ctx, a.by_ko, a.by_en) })}
            </li>
          ))}
        </ul>
      )}
      {report.status !== 'closed' && (
        <form method="post" action={`/office/reports/${report.id}/assign`} class="stack" novalidate>
          <Csrf ctx={ctx} />
          <Field id={fieldId('assignee')} label={t('report.assignee')} error={errors.assignee} hint={t('report.assignee_hint')}>
            <select name="assignee" {...aria(fieldId('assignee'), errors.assignee, true)}>
              <option value="">{t('report.assignee_none')}</option>
              {view.colleagues.map((c) => (
                <option value={String(c.id)} selected={(values.assignee ?? String(current ?? '')) === String(c.id)}>
                  {c.id === ctx.official?.id ? t('report.assignee_you', { name: name(ctx, c.name_ko, c.name_en) }) : name(ctx, c.name_ko, c.name_en)}
                </option>
              ))}
            </select>
          </Field>
          <button type="submit">{t('report.assign')}</button>
        </form>
      )}
    </section>
  );
}

/** Referrals to other bodies, with their reasons, and the form that records one (once the report is acknowledged). */
function ReferralPanel(props: { ctx: ViewContext; view: InvestigatorReport; values: Record<string, string>; errors: Record<string, string>; bodies: readonly string[]; today: string }) {
  const { ctx, view, values, errors } = props;
  const t = ctx.t;
  const { report } = view;
  return (
    <section class="panel stack" aria-labelledby="o-refer">
      <h2 id="o-refer">{t('report.refer_title')}</h2>
      {report.referrals.length > 0 && (
        <ul class="plain" data-testid="office-referrals">
          {report.referrals.map((r) => (
            <li>
              <strong>{referralBodyName(ctx, r)}</strong> · {ctx.fmt.date(new Date(`${r.referredOn}T12:00:00Z`), 'UTC')} · {name(ctx, r.nameKo, r.nameEn)}
              {r.reason && <p class="prewrap">{r.reason}</p>}
            </li>
          ))}
        </ul>
      )}
      {report.status === 'acknowledged' && (
        <form method="post" action={`/office/reports/${report.id}/referrals`} class="stack" novalidate>
          <Csrf ctx={ctx} />
          <p>{t('report.refer_lead')}</p>
          <Field id={fieldId('body')} label={t('report.refer_body')} error={errors.body} required>
            <select name="body" {...aria(fieldId('body'), errors.body)}>
              <option value="">{t('report.choose')}</option>
              {[...props.bodies, 'other'].map((b) => <option value={b} selected={values.body === b}>{t(`report.body_${b}`)}</option>)}
            </select>
          </Field>
          <Field id={fieldId('other_name')} label={t('report.refer_other_name')} error={errors.other_name} hint={t('report.refer_other_name_hint')}>
            <input type="text" name="other_name" value={values.other_name ?? ''} autocomplete="off" {...aria(fieldId('other_name'), errors.other_name, true)} />
          </Field>
          <Field id={fieldId('referred_on')} label={t('report.refer_date')} error={errors.referred_on} required>
            <input type="date" name="referred_on" value={values.referred_on ?? props.today} max={props.today} {...aria(fieldId('referred_on'), errors.referred_on)} />
          </Field>
          <Field id={fieldId('referral_reason')} label={t('report.refer_reason')} error={errors.referral_reason} hint={t('report.refer_reason_hint')} required>
            <textarea name="referral_reason" rows={3} {...aria(fieldId('referral_reason'), errors.referral_reason, true)}>{values.referral_reason ?? ''}</textarea>
          </Field>
          <button type="submit">{t('report.refer')}</button>
        </form>
      )}
    </section>
  );
}

/** The investigators' queue: every report of the jurisdiction with where its two deadlines stand; no content. */
export function ReportQueuePage(props: { ctx: ViewContext; rows: QueueRow[]; zone: string; unlocked: boolean; now: Date }) {
  const { ctx, rows, zone, now } = props;
  const t = ctx.t;
  return (
    <Layout ctx={ctx} title={t('report.queue_title')} office>
      <h1>{t('report.queue_title')}</h1>
      <p class="lead">{t('report.queue_lead')}</p>
      {!props.unlocked && <LockedNotice ctx={ctx} next="/office/reports" />}
      {ctx.official?.roles.includes('custodian') && <p><a href="/office/reports/custody">{t('report.custody_title')}</a></p>}
      {!rows.length ? <p class="muted">{t('report.queue_empty')}</p> : (
        <TableScroll label={t('report.queue_title')}>
          <table class="report-table" data-testid="report-queue">
            <thead>
              <tr>
                <th scope="col">{t('report.number')}</th>
                <th scope="col">{t('report.category')}</th>
                <th scope="col">{t('report.received')}</th>
                <th scope="col">{t('report.acknowledge_by')}</th>
                <th scope="col">{t('report.feedback_by')}</th>
                <th scope="col">{t('report.priority')}</th>
                <th scope="col">{t('report.status')}</th>
                <th scope="col">{t('report.assignee')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => {
                const due = reportDeadlines({ receivedAt: r.received_at, acknowledgedAt: r.acknowledged_at, extendedMonths: r.extended_months }, zone);
                const ack = deadlineState(due.acknowledgeBy, r.acknowledged_at, now);
                const feedback = deadlineState(due.feedbackBy, feedbackGivenAt({ closedAt: r.closed_at, referredAt: r.referred_at }), now);
                return (
                  <tr>
                    <th scope="row"><a href={`/office/reports/${r.id}`}>{`#${r.id}`}</a></th>
                    <td>{t(`report.category_${r.category}`)}{r.recipient === 'head' ? ` · ${t('report.recipient_head')}` : ''}{r.labels.length ? ` · ${r.labels.join(', ')}` : ''}</td>
                    <td>{ctx.fmt.dateTime(r.received_at, zone)}</td>
                    <td>{ctx.fmt.date(due.acknowledgeBy, zone)} <span class={`state state-${ack}`}>{t(`report.deadline_${ack}`)}</span></td>
                    <td>{ctx.fmt.date(due.feedbackBy, zone)} <span class={`state state-${feedback}`}>{t(`report.deadline_${feedback}`)}</span></td>
                    <td>{t(`report.priority_${r.priority}`)}</td>
                    <td>{t(`report.status_${r.status}`)}{r.outcome ? ` · ${t(`report.outcome_${r.outcome}`)}` : r.referred_at ? ` · ${t('report.status_referred')}` : ''}</td>
                    <td data-testid="report-assignee">{r.assigned_to === ctx.official?.id ? t('report.assignee_you', { name: name(ctx, r.assignee_ko, r.assignee_en) }) : name(ctx, r.assignee_ko, r.assignee_en)}</td>
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

/** Asks for the password again to open the channel's keys for this session. */
export function UnlockPage(props: { ctx: ViewContext; next: string; errors: Record<string, string> }) {
  const { ctx, errors } = props;
  const t = ctx.t;
  return (
    <Layout ctx={ctx} title={t('report.unlock_title')} office>
      <h1>{t('report.unlock_title')}</h1>
      <p class="lead">{t('report.unlock_lead')}</p>
      <ErrorSummary ctx={ctx} errors={errors} />
      <form method="post" action="/office/reports/unlock" class="stack" novalidate>
        <Csrf ctx={ctx} />
        <input type="hidden" name="next" value={props.next} />
        <Field id={fieldId('password')} label={t('report.password')} error={errors.password} required>
          <input type="password" name="password" autocomplete="current-password" {...aria(fieldId('password'), errors.password)} />
        </Field>
        <button type="submit">{t('report.unlock')}</button>
      </form>
    </Layout>
  );
}

/** One report for an investigator: facts, content, identity, the conversation with notes, and the forms of each step. */
export function OfficeReportPage(props: {
  ctx: ViewContext;
  view: InvestigatorReport;
  values: Record<string, string>;
  done?: string;
  /** The bodies this deployment lets investigators refer a report to (besides "other"). */
  referralBodies: readonly string[];
  errors: Record<string, string>;
  now: Date;
}) {
  const { ctx, view, values, errors } = props;
  const { report } = view;
  const t = ctx.t;
  const zone = report.zone;
  const action = (what: string) => `/office/reports/${report.id}/${what}`;
  const mine = view.identityRequests.filter((r) => r.decision === null);
  return (
    <Layout ctx={ctx} title={t('report.report_title', { id: report.id })} office>
      <p><a href="/office/reports">{t('report.back_to_queue')}</a></p>
      <h1>{t('report.report_title', { id: report.id })}</h1>
      {props.done && <p class="notice" role="status">{t(`report.done_${props.done}`)}</p>}
      <ErrorSummary ctx={ctx} errors={errors} />
      <div class="report-layout">
        <div class="report-main">
          <ReportFacts ctx={ctx} report={report} zone={zone} now={props.now} />
          {report.content ? (
            <section class="panel" aria-labelledby="o-what">
              <h2 id="o-what">{t('report.what')}</h2>
              <p class="prewrap" data-testid="report-text">{report.content.what}</p>
              <dl class="facts">
                {report.content.when && <><dt>{t('report.when')}</dt><dd>{report.content.when}</dd></>}
                {report.content.applicationNumber && <><dt>{t('report.application_number')}</dt><dd><a href={`/office/applications/${report.content.applicationNumber}`}>{report.content.applicationNumber}</a></dd></>}
                {report.content.unitCode && <><dt>{t('report.unit')}</dt><dd>{report.content.unitCode}</dd></>}
                {report.content.official && <><dt>{t('report.official')}</dt><dd>{report.content.official}</dd></>}
                <dt>{t('report.disclosure')}</dt><dd>{t(`report.disclosure_${report.disclosure}`)}</dd>
                <dt>{t('report.recipient')}</dt><dd>{t(`report.recipient_${report.recipient}`)}</dd>
              </dl>
            </section>
          ) : <p class="notice">{t('report.purged')}</p>}

          <section class="panel" aria-labelledby="o-identity">
            <h2 id="o-identity">{t('report.identity')}</h2>
            {view.identity ? (
              <dl class="facts" data-testid="reporter-identity">
                <dt>{t('report.name')}</dt><dd>{view.identity.name}</dd>
                <dt>{t('report.contact')}</dt><dd>{view.identity.contact}</dd>
              </dl>
            ) : report.disclosure === 'anonymous' ? <p>{t('report.identity_anonymous')}</p> : (
              <>
                <p>{t('report.identity_sealed')}</p>
                {view.identityRequests.length > 0 && (
                  <ul>
                    {view.identityRequests.map((r) => (
                      <li>
                        {name(ctx, r.name_ko, r.name_en)} · {ctx.fmt.dateTime(r.requested_at, zone)} · {t(`report.request_${r.decision ?? 'pending'}`)}
                        {r.decision_motivation ? ` — ${r.decision_motivation}` : ''}
                      </li>
                    ))}
                  </ul>
                )}
                {report.disclosure === 'confidential' && !mine.length && (
                  <form method="post" action={action('identity-requests')} class="stack" novalidate>
                    <Csrf ctx={ctx} />
                    <Field id={fieldId('motivation')} label={t('report.motivation')} error={errors.motivation} hint={t('report.motivation_hint')} required>
                      <textarea name="motivation" rows={3} {...aria(fieldId('motivation'), errors.motivation, true)}>{values.motivation ?? ''}</textarea>
                    </Field>
                    <button type="submit">{t('report.request_identity')}</button>
                  </form>
                )}
              </>
            )}
          </section>

          <Conversation ctx={ctx} report={report} zone={zone} office download={(id) => <a href={action(`files/${id}`)}>{t('report.download')}</a>} />

          {view.finding && (
            <section class="panel" aria-labelledby="o-finding">
              <h2 id="o-finding">{t('report.finding_title')}</h2>
              <p data-testid="report-finding">
                {t('report.finding_against', { reference: view.finding.reference, unit: name(ctx, view.finding.name_ko, view.finding.name_en) })}{' '}
                {view.finding.deducted_at ? t('report.finding_deducted', { severity: t(`report.severity_${view.finding.severity}`) }) : t('report.finding_waiting')}
              </p>
            </section>
          )}

          <section class="panel" aria-labelledby="o-access">
            <h2 id="o-access">{t('report.accesses')}</h2>
            <ul data-testid="report-accesses">{view.accesses.map((a) => <li>{ctx.fmt.dateTime(a.at, zone)} · {name(ctx, a.name_ko, a.name_en)} · {accessAction(ctx, a.action)}</li>)}</ul>
          </section>
        </div>

        <div class="report-acts">
          {report.status === 'received' && (
            <form method="post" action={action('acknowledge')} class="panel stack">
              <Csrf ctx={ctx} />
              <h2>{t('report.acknowledge_title')}</h2>
              <p>{t('report.acknowledge_lead')}</p>
              <button type="submit">{t('report.acknowledge')}</button>
            </form>
          )}

          {report.content && (
            <form method="post" action={action('messages')} enctype="multipart/form-data" class="panel stack" novalidate>
              <Csrf ctx={ctx} />
              <h2>{t('report.write_title')}</h2>
              <fieldset class="question">
                <legend>{t('report.write_kind')}</legend>
                {(['message', 'note'] as const).map((k, i) => (
                  <div class="choice">
                    <input type="radio" id={i === 0 ? fieldId('kind') : `${fieldId('kind')}-${k}`} name="kind" value={k} checked={(values.kind ?? 'message') === k} disabled={k === 'message' && report.status === 'closed'} />
                    <label for={i === 0 ? fieldId('kind') : `${fieldId('kind')}-${k}`}>{t(`report.kind_${k}`)}</label>
                  </div>
                ))}
              </fieldset>
              <Field id={fieldId('text')} label={t('report.text')} error={errors.text} required>
                <textarea name="text" rows={4} {...aria(fieldId('text'), errors.text)}>{values.text ?? ''}</textarea>
              </Field>
              <Field id={fieldId('files')} label={t('report.files')} error={errors.files}>
                <input type="file" name="files" multiple accept="application/pdf,image/png,image/jpeg,image/webp" {...aria(fieldId('files'), errors.files)} />
              </Field>
              <button type="submit">{t('report.send')}</button>
            </form>
          )}

          <AssignPanel ctx={ctx} view={view} values={values} errors={errors} />

          <form method="post" action={action('triage')} class="panel stack" novalidate>
            <Csrf ctx={ctx} />
            <h2>{t('report.triage_title')}</h2>
            <Field id={fieldId('priority')} label={t('report.priority')} error={errors.priority}>
              <select name="priority" {...aria(fieldId('priority'), errors.priority)}>
                {PRIORITIES.map((p) => <option value={p} selected={(values.priority ?? report.priority) === p}>{t(`report.priority_${p}`)}</option>)}
              </select>
            </Field>
            <Field id={fieldId('labels')} label={t('report.labels')} error={errors.labels} hint={t('report.labels_hint')}>
              <input type="text" name="labels" value={values.labels ?? report.labels.join(', ')} {...aria(fieldId('labels'), errors.labels, true)} />
            </Field>
            {report.status !== 'closed' && (
              <>
                <Field id={fieldId('extend_months')} label={t('report.extend')} error={errors.extend_months} hint={t('report.extend_hint')}>
                  <select name="extend_months" {...aria(fieldId('extend_months'), errors.extend_months, true)}>
                    <option value="">{t('report.extend_none')}</option>
                    {[4, 5, 6].map((m) => <option value={String(m)} selected={(values.extend_months ?? String(report.extendedMonths ?? '')) === String(m)}>{t('report.extended', { months: m })}</option>)}
                  </select>
                </Field>
                <Field id={fieldId('reason')} label={t('report.extend_reason')} error={errors.reason}>
                  <textarea name="reason" rows={2} {...aria(fieldId('reason'), errors.reason)}>{values.reason ?? ''}</textarea>
                </Field>
              </>
            )}
            <button type="submit">{t('report.save_triage')}</button>
          </form>



          {(report.referrals.length > 0 || report.status === 'acknowledged') && (
            <ReferralPanel ctx={ctx} view={view} values={values} errors={errors} bodies={props.referralBodies} today={DateTime.fromJSDate(props.now, { zone }).toISODate()!} />
          )}

          {report.status === 'acknowledged' && (
            <form method="post" action={action('conclude')} class="panel stack" novalidate>
              <Csrf ctx={ctx} />
              <h2>{t('report.conclude_title')}</h2>
              <Field id={fieldId('outcome')} label={t('report.outcome')} error={errors.outcome} required>
                <select name="outcome" {...aria(fieldId('outcome'), errors.outcome)}>
                  <option value="">{t('report.choose')}</option>
                  {OUTCOMES.map((o) => <option value={o} selected={values.outcome === o}>{t(`report.outcome_${o}`)}</option>)}
                </select>
              </Field>
              <Field id={fieldId('finding_unit')} label={t('report.finding_unit')} error={errors.finding_unit} hint={t('report.finding_unit_hint')}>
                <select name="finding_unit" {...aria(fieldId('finding_unit'), errors.finding_unit, true)}>
                  <option value="">{t('report.finding_unit_none')}</option>
                  {view.units.map((u) => <option value={u.code} selected={values.finding_unit === u.code}>{`${pick(u.name, ctx.locale)} (${u.code})`}</option>)}
                </select>
              </Field>
              <Field id={fieldId('feedback')} label={t('report.feedback')} error={errors.feedback} hint={t('report.feedback_hint')} required>
                <textarea name="feedback" rows={4} {...aria(fieldId('feedback'), errors.feedback, true)}>{values.feedback ?? ''}</textarea>
              </Field>
              <button type="submit">{t('report.conclude')}</button>
            </form>
          )}
        </div>
      </div>
    </Layout>
  );
}

/** The custodians' page: requests to see a confidential reporter's identity, each decided with a motivation. */
export function CustodyPage(props: { ctx: ViewContext; requests: CustodyRow[]; zone: string; unlocked: boolean; values: Record<string, string>; requestId?: number; errors: Record<string, string> }) {
  const { ctx, zone, errors } = props;
  const t = ctx.t;
  return (
    <Layout ctx={ctx} title={t('report.custody_title')} office>
      <h1>{t('report.custody_title')}</h1>
      <p class="lead">{t('report.custody_lead')}</p>
      {!props.unlocked && <LockedNotice ctx={ctx} next="/office/reports/custody" />}
      {!props.requests.length ? <p class="muted">{t('report.custody_empty')}</p> : (
        <ol class="stack">
          {props.requests.map((r) => {
            const failed = props.requestId === r.id;
            const values = failed ? props.values : {};
            const errs = failed ? errors : {};
            const id = (f: string) => `${fieldId(f)}-${r.id}`;
            return (
              <li class="panel" data-testid="identity-request">
                <p><strong>{t('report.report_title', { id: r.report_id })}</strong> · {t(`report.category_${r.category}`)}</p>
                <p>{t('report.requested_by', { name: name(ctx, r.name_ko, r.name_en), at: ctx.fmt.dateTime(r.requested_at, zone) })}</p>
                <p class="prewrap">{r.motivation}</p>
                {r.decision ? (
                  <p>{t(`report.request_${r.decision}`)} · {r.decided_at ? ctx.fmt.dateTime(r.decided_at, zone) : ''} — {r.decision_motivation}</p>
                ) : (
                  <form method="post" action={`/office/reports/custody/${r.id}`} class="stack" novalidate>
                    <Csrf ctx={ctx} />
                    {failed && <ErrorSummary ctx={ctx} errors={errs} />}
                    <fieldset class="question">
                      <legend>{t('report.decision')}</legend>
                      {(['approved', 'refused'] as const).map((d) => (
                        <div class="choice">
                          <input type="radio" id={id(`decision-${d}`)} name="decision" value={d} checked={values.decision === d} />
                          <label for={id(`decision-${d}`)}>{t(`report.decide_${d}`)}</label>
                        </div>
                      ))}
                    </fieldset>
                    <div class={errs.motivation ? 'field has-error' : 'field'}>
                      <label for={id('motivation')}>{t('report.decision_motivation')}</label>
                      {errs.motivation && <p class="error-text" id={`${id('motivation')}-error`}>{errs.motivation}</p>}
                      <textarea id={id('motivation')} name="motivation" rows={3} aria-describedby={errs.motivation ? `${id('motivation')}-error` : undefined}>{values.motivation ?? ''}</textarea>
                    </div>
                    <button type="submit">{t('report.decide')}</button>
                  </form>
                )}
              </li>
            );
          })}
        </ol>
      )}
    </Layout>
  );
}

/** Auditors: who opened which report and what they did, newest first; never the content. */
export function ReportAccessPage(props: { ctx: ViewContext; rows: AccessRow[]; zone: string }) {
  const { ctx, rows, zone } = props;
  const t = ctx.t;
  return (
    <Layout ctx={ctx} title={t('report.access_title')} office>
      <h1>{t('report.access_title')}</h1>
      <p class="lead">{t('report.access_lead')}</p>
      <TableScroll label={t('report.access_title')}>
        <table>
          <thead><tr><th scope="col">{t('report.at')}</th><th scope="col">{t('report.number')}</th><th scope="col">{t('report.who')}</th><th scope="col">{t('report.action')}</th></tr></thead>
          <tbody>
            {rows.map((a) => <tr><td>{ctx.fmt.dateTime(a.at, zone)}</td><td>{`#${a.report_id}`}</td><td>{`${name(ctx, a.name_ko, a.name_en)} (${a.login})`}</td><td>{accessAction(ctx, a.action)}</td></tr>)}
          </tbody>
        </table>
      </TableScroll>
    </Layout>
  );
}
