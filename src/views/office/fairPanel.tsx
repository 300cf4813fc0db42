import { CONFLICT_KINDS } from '../../domain/conflicts.js';
import type { ViewContext } from '../context.js';
import { Csrf, Field, aria } from '../Layout.js';
import type { CaseView } from './case.js';

/** What was typed in a fair-handling form of the case page, kept through an error. */
export interface FairForms {
  values: Record<string, string>;
  errors: Record<string, string>;
}

/**
 * Fair handling on the case page: who holds the case and why (the rotation), the official's declaration of a
 * conflict on this case, and the supervisor's override (with a reason, kept internal) or request to the rotation.
 */
export function FairPanel(props: { ctx: ViewContext; view: CaseView; forms?: FairForms }) {
  const { ctx, view } = props;
  const t = ctx.t;
  const values = props.forms?.values ?? {};
  const errors = props.forms?.errors ?? {};
  const base = `/office/applications/${view.app.number}`;
  const name = (o: CaseView['officials'][number]) => (ctx.locale === 'ko' ? `${o.name_ko} (${o.title_ko})` : `${o.name_en} (${o.title_en})`);
  const holder = view.officials.find((o) => o.id === view.assigneeId);
  return (
    <section class="acts" aria-labelledby="fair-heading">
      <h2 id="fair-heading">{t('fair.case.title')}</h2>
      <p data-testid="assignee">{holder ? t('fair.case.held_by', { name: name(holder) }) : t('fair.case.unassigned')}</p>
      <p class="muted">{t('fair.case.rule')}</p>
      <div class="act-grid">
        <form method="post" action={`${base}/recuse`} class="panel stack" novalidate>
          <Csrf ctx={ctx} />
          <h3>{t('fair.case.recuse')}</h3>
          <p class="muted">{t('fair.case.recuse_lead')}</p>
          <Field id="recuse-kind" label={t('fair.conflicts.kind')} error={errors.recuse_kind} required>
            <select {...aria('recuse-kind', errors.recuse_kind)} name="recuse_kind" required>
              <option value="">{t('fair.choose')}</option>
              {CONFLICT_KINDS.map((k) => (
                <option value={k} selected={values.recuse_kind === k}>{t(`fair.kind.${k}`)}</option>
              ))}
            </select>
          </Field>
          <Field id="recuse-reason" label={t('fair.case.recuse_reason')} hint={t('fair.case.private_hint')} error={errors.recuse_reason} required>
            <textarea {...aria('recuse-reason', errors.recuse_reason, true)} name="recuse_reason" rows={2} maxLength={1000} required>{values.recuse_reason ?? ''}</textarea>
          </Field>
          <button type="submit">{t('fair.case.recuse_submit')}</button>
        </form>
        {view.maySupervise && (
          <form method="post" action={`${base}/override`} class="panel stack" novalidate>
            <Csrf ctx={ctx} />
            <h3>{t('fair.case.override')}</h3>
            <p class="muted">{t('fair.case.override_lead')}</p>
            <Field id="override-official" label={t('act.assignee')} error={errors.override_official} required>
              <select {...aria('override-official', errors.override_official)} name="override_official" required>
                <option value="">{t('fair.choose')}</option>
                {view.officials.map((o) => (
                  <option value={String(o.id)} selected={values.override_official === String(o.id)}>{name(o)}</option>
                ))}
              </select>
            </Field>
            <Field id="override-reason" label={t('fair.case.override_reason')} hint={t('fair.case.private_hint')} error={errors.override_reason} required>
              <textarea {...aria('override-reason', errors.override_reason, true)} name="override_reason" rows={2} maxLength={1000} required>{values.override_reason ?? ''}</textarea>
            </Field>
            <button type="submit">{t('fair.case.override_submit')}</button>
          </form>
        )}
        {view.maySupervise && view.assigneeId === null && (
          <form method="post" action={`${base}/rotate`} class="panel stack">
            <Csrf ctx={ctx} />
            <h3>{t('fair.case.rotate')}</h3>
            {errors.rotate && <p class="error" id="rotate-error">{errors.rotate}</p>}
            <button type="submit">{t('fair.case.rotate_submit')}</button>
          </form>
        )}
      </div>
    </section>
  );
}
