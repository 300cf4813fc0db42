import { DELAY_CATEGORIES } from '../../domain/delays.js';
import type { ComponentChildren } from 'preact';
import { pickMarked } from '../../i18n/index.js';
import type { PublicApplication } from '../../presenters/public.js';
import { DocumentList } from '../applicant.js';
import { StageTrack, StatusBadge, Timeline } from '../components.js';
import type { ViewContext } from '../context.js';
import { Csrf, ErrorSummary, Field, Layout, aria, fieldId } from '../Layout.js';
import { FairPanel, type FairForms } from './fairPanel.js';

export interface CaseView {
  app: PublicApplication;
  zone: string;
  /** Labels of the procedure's fields, by key. */
  fieldLabels: Record<string, { ko: string; en: string }>;
  applicant: { applicant_name: string; applicant_email: string | null; applicant_phone: string | null; fields: Record<string, string> };
  documents: { id: number; filename: string; kind: string; size_bytes: number; uploaded_at: Date }[];
  privateByEvent: Map<number, Record<string, unknown>>;
  officials: { id: number; name_ko: string; name_en: string; title_ko: string; title_en: string }[];
  units: { code: string; name: { ko: string; en: string } }[];
  assigneeId: number | null;
  openConsultations: { seq: number; stage: string; unit: { ko: string; en: string } | null }[];
  openSupplement: boolean;
  /** Stage keys that may start now. */
  startable: string[];
  closed: boolean;
  /** Whether the signed-in official may act on this case at all. */
  mayAct: boolean;
  /** Whether they may extend deadlines and transfer the case (a supervisor of a unit working it). */
  maySupervise: boolean;
  /** Whether they may assign the case to someone else; otherwise they may only take it themself. */
  mayAssignOthers: boolean;
  /** The decision's outcomes the workflow accepts at this stage (none: no decision form). */
  decisionOutcomes: string[];
  /** Stages an extension can apply to now (those in progress). */
  extendable: string[];
  /** The signed-in official. */
  officialId: number;
  /** Stages overdue now. */
  overdue: string[];
  /** Code of the unit that owns the case now. */
  unitCode: string;
}

/** The case as an official works it: the public record, the private data, and forms for every possible act. */
export function CasePage(props: {
  ctx: ViewContext;
  view: CaseView;
  errors: Record<string, string>;
  /** What was typed in a refused form (its `type` says which), shown again in that form. */
  values?: Record<string, string>;
  notice?: string;
  extra?: ComponentChildren;
  fair?: FairForms;
}) {
  const { ctx, view, errors } = props;
  const typed = props.values ?? {};
  /** What was typed in field `name` of the act form `type` (for `stage`, when given), if that form was the one refused. */
  const kept = (type: string, name: string, stage?: string) =>
    typed.type === type && (stage === undefined || (typed.stage ?? '') === stage) ? typed[name] ?? '' : '';
  const { app, zone } = view;
  const t = ctx.t;
  const stageName = (key: string) => pickMarked(app.stages.find((s) => s.key === key)?.name, ctx.locale);
  const active = app.stages.filter((s) => s.status === 'active');
  const action = `/office/applications/${app.number}/acts`;
  const common = (type: string) => (
    <>
      <Csrf ctx={ctx} />
      <input type="hidden" name="type" value={type} />
    </>
  );
  const when = (id: string, type = '', stage?: string) => (
    <details class="when" open={Boolean(kept(type, 'occurred_at', stage) || kept(type, 'internal_note', stage))}>
      <summary>{t('act.when_summary')}</summary>
      <Field id={`${id}-occurred`} label={t('act.occurred_at')} hint={t('act.occurred_at_hint')} error={typed.type === type ? errors.occurred_at : undefined}>
        <input id={`${id}-occurred`} aria-describedby={`${id}-occurred-hint`} name="occurred_at" type="datetime-local" value={kept(type, 'occurred_at', stage)} />
      </Field>
      <Field id={`${id}-internal`} label={t('act.internal_note')} hint={t('act.internal_note_hint')}>
        <textarea id={`${id}-internal`} aria-describedby={`${id}-internal-hint`} name="internal_note" rows={2} maxLength={4000}>{kept(type, 'internal_note', stage)}</textarea>
      </Field>
    </details>
  );
  const note = (id: string, label = t('act.public_note'), type = '', stage?: string) => (
    <Field id={`${id}-note`} label={label} hint={t('act.public_note_hint')}>
      <textarea id={`${id}-note`} aria-describedby={`${id}-note-hint`} name="note" rows={2} maxLength={2000}>{kept(type, 'note', stage)}</textarea>
    </Field>
  );
  const finalDecision = view.decisionOutcomes.some((o) => o !== 'rejected');
  const decisionForm = view.decisionOutcomes.length > 0 && (
    <form method="post" action={action} class="panel stack decision">
      {common('decision')}
      <h3>{finalDecision ? t('act.decision') : t('journey.reject_early')}</h3>
      {!finalDecision && <p class="hint">{t('journey.reject_early_hint')}</p>}
      <fieldset>
        <legend>{t('act.outcome')}</legend>
        {view.decisionOutcomes.map((o, i) => (
          <div class="choice">
            <input type="radio" id={`outcome-${o}`} name="outcome" value={o} checked={typed.type === 'decision' ? typed.outcome === o : i === 0} />
            <label for={`outcome-${o}`}>{t(`status.${o}`)}</label>
          </div>
        ))}
      </fieldset>
      <Field id={fieldId('reasons')} label={t('act.reasons')} hint={t('act.reasons_hint')} error={errors.reasons}>
        <textarea {...aria(fieldId('reasons'), errors.reasons, true)} name="reasons" rows={3} maxLength={4000}>{kept('decision', 'reasons')}</textarea>
      </Field>
      {finalDecision && (
        <Field id={fieldId('conditions')} label={t('act.conditions')} hint={t('act.conditions_hint')}>
          <textarea {...aria(fieldId('conditions'), undefined, true)} name="conditions" rows={2} maxLength={4000}>{kept('decision', 'conditions')}</textarea>
        </Field>
      )}
      <Field id={fieldId('redress')} label={t('act.redress')} hint={t('act.redress_hint')}>
        <textarea {...aria(fieldId('redress'), undefined, true)} name="redress" rows={2} maxLength={2000}>{typed.type === 'decision' ? typed.redress ?? '' : t('act.redress_default')}</textarea>
      </Field>
      {when('decision', 'decision')}
      <button type="submit">{t('act.decision_submit')}</button>
    </form>
  );
  // Problems of the delay form are shown beside its inputs only when it was the form refused.
  const delayErrors: Record<string, string | undefined> = typed.type === 'delay_reason_given' ? { category: errors.category, reason: errors.reason } : {};
  const delayForm = (
    <form method="post" action={action} class="panel stack delay-reason">
      {common('delay_reason_given')}
      <h3>{t('act.delay_reason_given')}</h3>
      <p class="hint">{t('act.delay_reason_lead')}</p>
      <Field id="delay-stage" label={t('queue.stage')}>
        <select id="delay-stage" name="stage">
          {app.stages.filter((s) => s.status === 'active' || s.status === 'pending').map((s) => (
            <option value={s.key} selected={typed.type === 'delay_reason_given' ? typed.stage === s.key : view.overdue[0] === s.key}>
              {stageName(s.key)}{view.overdue.includes(s.key) ? ` (${t('act.stage_overdue')})` : ''}
            </option>
          ))}
          <option value="" selected={typed.type === 'delay_reason_given' && !typed.stage}>{t('act.whole_application')}</option>
        </select>
      </Field>
      <Field id={fieldId('category')} label={t('act.delay_category')} error={delayErrors.category} required>
        <select {...aria(fieldId('category'), delayErrors.category)} name="category" required>
          <option value="">{t('act.delay_category_choose')}</option>
          {DELAY_CATEGORIES.map((c) => <option value={c} selected={kept('delay_reason_given', 'category') === c}>{t(`delay_category.${c}`)}</option>)}
        </select>
      </Field>
      <Field id="delay-reason" label={t('act.delay_reason')} hint={t('act.delay_reason_hint')} error={delayErrors.reason}>
        <textarea {...aria('delay-reason', delayErrors.reason, true)} name="reason" rows={3} maxLength={2000}>{kept('delay_reason_given', 'reason')}</textarea>
      </Field>
      {when('delay', 'delay_reason_given')}
      <button type="submit">{t('act.delay_reason_given')}</button>
    </form>
  );
  const extendForm = view.maySupervise && (
    <form method="post" action={action} class="panel stack">
      {common('deadline_extended')}
      <h3>{t('act.deadline_extended')}</h3>
      <Field id="extend-stage" label={t('queue.stage')} hint={t('journey.extend_hint')}>
        <select id="extend-stage" name="stage" aria-describedby="extend-stage-hint">
          {view.extendable.map((key) => (
            <option value={key} selected={typed.type === 'deadline_extended' && typed.stage === key}>{stageName(key)}</option>
          ))}
          <option value="" selected={typed.type === 'deadline_extended' && !typed.stage}>{t('act.whole_application')}</option>
        </select>
      </Field>
      <Field id="extend-due" label={t('act.new_due')} required error={typed.type === 'deadline_extended' ? errors.new_due : undefined}>
        <input id="extend-due" name="new_due" type="date" required value={kept('deadline_extended', 'new_due')} />
      </Field>
      <Field id="extend-reason" label={t('act.extension_reason')} required>
        <textarea id="extend-reason" name="reason" rows={2} maxLength={2000} required>{kept('deadline_extended', 'reason')}</textarea>
      </Field>
      {when('extend', 'deadline_extended')}
      <button type="submit">{t('act.deadline_extended')}</button>
    </form>
  );
  const transferForm = view.maySupervise && (
    <form method="post" action={action} class="panel stack">
      {common('transferred')}
      <h3>{t('act.transferred')}</h3>
      <p class="muted">{t('clock.transfers', { count: app.clock?.transfer_count ?? 0 })}</p>
      <Field id="transfer-unit" label={t('act.transfer_to')} required>
        <select id="transfer-unit" name="unit_code">
          {view.units.filter((u) => u.code !== view.unitCode).map((u) => <option value={u.code} selected={kept('transferred', 'unit_code') === u.code}>{pickMarked(u.name, ctx.locale)}</option>)}
        </select>
      </Field>
      <Field id="transfer-reason" label={t('act.transfer_reason')} required>
        <textarea id="transfer-reason" name="reason" rows={2} maxLength={2000} required>{kept('transferred', 'reason')}</textarea>
      </Field>
      {when('transfer', 'transferred')}
      <button type="submit">{t('act.transferred')}</button>
    </form>
  );
  const withdrawForm = (
    <form method="post" action={action} class="panel stack">
      {common('withdrawn')}
      <h3>{t('act.withdraw')}</h3>
      <p class="hint">{t('act.withdraw_hint')}</p>
      {when('withdraw', 'withdrawn')}
      <button type="submit" class="secondary">{t('act.withdraw')}</button>
    </form>
  );
  // What the stage calls for is on the page; what is seldom right (an early rejection, a withdrawal, a transfer, an
  // extension, a reason for a delay nobody has yet) waits one click away, opened when it was the form just refused.
  const seldom = ['withdrawn', 'transferred', 'deadline_extended', ...(finalDecision ? [] : ['decision']), ...(view.overdue.length ? [] : ['delay_reason_given'])];
  return (
    <Layout ctx={ctx} title={`${app.number} · ${app.title}`} office>
      <p class="crumbs"><a href="/office">{t('queue.title')}</a> · <a href={`/applications/${app.number}`}>{t('case.public_page')}</a></p>
      <h1><span class="number">{app.number}</span> {app.title}</h1>
      <p><StatusBadge ctx={ctx} status={app.status} /> · {pickMarked(app.procedure.name, ctx.locale)}</p>
      {props.notice && <p class="notice" role="status">{props.notice}</p>}
      <ErrorSummary ctx={ctx} errors={errors} />

      <div class="case-grid">
        <div>
          <StageTrack ctx={ctx} app={app} zone={zone} />
        </div>
        <aside class="panel private-panel" aria-labelledby="private-heading">
          <h2 id="private-heading">{t('case.private')}</h2>
          <dl class="facts">
            <dt>{t('apply.name')}</dt>
            <dd>{view.applicant.applicant_name}</dd>
            <dt>{t('apply.email')}</dt>
            <dd>{view.applicant.applicant_email ?? '—'}</dd>
            <dt>{t('apply.phone')}</dt>
            <dd>{view.applicant.applicant_phone ?? '—'}</dd>
            {Object.entries(view.applicant.fields).map(([k, v]) => (
              <>
                <dt>{pickMarked(view.fieldLabels[k], ctx.locale) || k}</dt>
                <dd>{v}</dd>
              </>
            ))}
          </dl>
          <h3>{t('my.documents')}</h3>
          <DocumentList ctx={ctx} documents={view.documents} zone={zone} base={`/office/applications/${app.number}/documents`} />
        </aside>
      </div>

      {!view.closed && view.mayAct && <FairPanel ctx={ctx} view={view} forms={props.fair} />}

      {!view.closed && view.mayAct && (
        <section class="acts" aria-labelledby="acts-heading">
          <h2 id="acts-heading">{t('case.acts')}</h2>
          <div class="act-grid">

            {view.startable.map((key) => (
              <form method="post" action={action} class="panel stack">
                {common('stage_started')}
                <input type="hidden" name="stage" value={key} />
                <h3>{t('act.start', { stage: stageName(key) })}</h3>
                {note(`start-${key}`, undefined, 'stage_started', key)}
                {when(`start-${key}`, 'stage_started', key)}
                <button type="submit">{t('act.start', { stage: stageName(key) })}</button>
              </form>
            ))}

            {active.map((s) => (
              <>
                {s.key !== app.stages[app.stages.length - 1]?.key && (
                  <form method="post" action={action} class="panel stack">
                    {common('stage_completed')}
                    <input type="hidden" name="stage" value={s.key} />
                    <h3>{t('act.complete', { stage: stageName(s.key) })}</h3>
                    {note(`complete-${s.key}`, undefined, 'stage_completed', s.key)}
                    {when(`complete-${s.key}`, 'stage_completed', s.key)}
                    <button type="submit">{t('act.complete', { stage: stageName(s.key) })}</button>
                  </form>
                )}
                {!view.openSupplement && (
                  <form method="post" action={action} class="panel stack">
                    {common('supplement_requested')}
                    <input type="hidden" name="stage" value={s.key} />
                    <h3>{t('act.supplement', { stage: stageName(s.key) })}</h3>
                    <Field id={`supp-${s.key}-message`} label={t('act.message')} hint={t('act.message_hint')} required>
                      <textarea id={`supp-${s.key}-message`} aria-describedby={`supp-${s.key}-message-hint`} name="message" rows={3} maxLength={4000} required>{kept('supplement_requested', 'message', s.key)}</textarea>
                    </Field>
                    {note(`supp-${s.key}`, undefined, 'supplement_requested', s.key)}
                    {when(`supp-${s.key}`, 'supplement_requested', s.key)}
                    <button type="submit">{t('act.supplement_submit')}</button>
                  </form>
                )}
                <form method="post" action={action} class="panel stack">
                  {common('consultation_requested')}
                  <input type="hidden" name="stage" value={s.key} />
                  <h3>{t('act.consult', { stage: stageName(s.key) })}</h3>
                  <Field id={`consult-${s.key}-unit`} label={t('act.consult_unit')} required>
                    <select id={`consult-${s.key}-unit`} name="unit_code">
                      {view.units.map((u) => <option value={u.code} selected={kept('consultation_requested', 'unit_code', s.key) === u.code}>{pickMarked(u.name, ctx.locale)}</option>)}
                    </select>
                  </Field>
                  {note(`consult-${s.key}`, undefined, 'consultation_requested', s.key)}
                  {when(`consult-${s.key}`, 'consultation_requested', s.key)}
                  <button type="submit">{t('act.consult_submit')}</button>
                </form>
                <form method="post" action={action} class="panel stack">
                  {common('site_inspection')}
                  <input type="hidden" name="stage" value={s.key} />
                  <h3>{t('act.inspection', { stage: stageName(s.key) })}</h3>
                  {note(`insp-${s.key}`, t('act.inspection_note'), 'site_inspection', s.key)}
                  {when(`insp-${s.key}`, 'site_inspection', s.key)}
                  <button type="submit">{t('act.inspection_submit')}</button>
                </form>
              </>
            ))}

            {view.overdue.length > 0 && delayForm}

            {view.openConsultations.map((c) => (
              <form method="post" action={action} class="panel stack">
                {common('consultation_answered')}
                <input type="hidden" name="request_seq" value={String(c.seq)} />
                <h3>{t('act.consult_answer', { unit: pickMarked(c.unit, ctx.locale), seq: c.seq })}</h3>
                {note(`answer-${c.seq}`, t('act.consult_answer_note'), 'consultation_answered')}
                {when(`answer-${c.seq}`, 'consultation_answered')}
                <button type="submit">{t('act.consult_answer_submit')}</button>
              </form>
            ))}

            {finalDecision && decisionForm}
          </div>
          <details class="more-acts" open={seldom.includes(typed.type ?? '')} data-testid="more-acts">
            <summary>{t('journey.more_acts')}</summary>
            <div class="act-grid">
              {!finalDecision && decisionForm}
              {view.overdue.length === 0 && delayForm}
              {extendForm}
              {transferForm}
              {withdrawForm}
            </div>
          </details>
        </section>
      )}
      {props.extra}
      <Timeline ctx={ctx} app={app} zone={zone} privateNotes={view.privateByEvent} />
    </Layout>
  );
}
