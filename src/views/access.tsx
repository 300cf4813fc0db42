import type { ApplicationAccess } from '../db/repos/personalDataAccess.js';
import { pick } from '../i18n/index.js';
import { TableScroll, Time } from './components.js';
import type { ViewContext } from './context.js';
import { Csrf, ErrorSummary, Field, Layout, aria, fieldId } from './Layout.js';

/** Asked of an auditor or administrator before they open a file their unit has no part in; the reason is logged. */
export function AccessReasonPage(props: { ctx: ViewContext; number: string; values: Record<string, string>; errors: Record<string, string> }) {
  const { ctx, errors } = props;
  const t = ctx.t;
  return (
    <Layout ctx={ctx} title={t('access.reason_title', { number: props.number })} office>
      <h1>{t('access.reason_title', { number: props.number })}</h1>
      <p class="lead">{t('access.reason_lead')}</p>
      <ErrorSummary ctx={ctx} errors={errors} />
      <form method="post" action={`/office/applications/${props.number}/access`} class="stack narrow" novalidate>
        <Csrf ctx={ctx} />
        <Field id={fieldId('reason')} label={t('access.reason')} hint={t('access.reason_hint')} error={errors.reason} required>
          <textarea {...aria(fieldId('reason'), errors.reason, true)} name="reason" rows={3} maxLength={500} required>{props.values.reason ?? ''}</textarea>
        </Field>
        <button type="submit">{t('access.open')}</button>
      </form>
      <p><a href="/office">{t('access.back')}</a></p>
    </Layout>
  );
}

/** The applicant's view of who in the office opened their file, when, and what. */
export function FileAccessList(props: { ctx: ViewContext; accesses: ApplicationAccess[]; zone: string }) {
  const { ctx, accesses } = props;
  const t = ctx.t;
  return (
    <section aria-labelledby="file-access">
      <h2 id="file-access">{t('access.applicant_title')}</h2>
      <p class="muted">{t('access.applicant_lead')}</p>
      {accesses.length === 0 ? (
        <p>{t('access.none')}</p>
      ) : (
        <TableScroll label={t('access.applicant_title')}>
          <table data-testid="file-access">
            <caption class="visually-hidden">{t('access.applicant_title')}</caption>
            <thead>
              <tr><th scope="col">{t('access.when')}</th><th scope="col">{t('access.who')}</th><th scope="col">{t('access.what')}</th></tr>
            </thead>
            <tbody>
              {accesses.map((a) => {
                const who = [a.name_ko && a.name_en ? pick({ ko: a.name_ko, en: a.name_en }, ctx.locale) : null, pick({ ko: a.title_ko, en: a.title_en }, ctx.locale), pick({ ko: a.unit_ko, en: a.unit_en }, ctx.locale)]
                  .filter(Boolean)
                  .join(', ');
                return (
                  <tr>
                    <td><Time ctx={ctx} at={a.at} zone={props.zone} /></td>
                    <td>{who}</td>
                    <td>{a.what === 'document' ? t('access.what_document', { filename: a.filename ?? '' }) : t('access.what_case')}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </TableScroll>
      )}
    </section>
  );
}
