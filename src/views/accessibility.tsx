import type { ViewContext } from './context.js';
import { Layout } from './Layout.js';

/** The day the statement below was last checked against the pages it describes. */
export const ACCESSIBILITY_REVIEWED = '2026-12-05';

const WORKS = ['a11y.works_html', 'a11y.works_keyboard', 'a11y.works_forms', 'a11y.works_languages', 'a11y.works_tests', 'a11y.works_print', 'a11y.works_pdf_tagged'] as const;
const LIMITS = ['a11y.limit_map', 'a11y.limit_pdf_ua', 'a11y.limit_uploads', 'a11y.limit_charts'] as const;

/** The accessibility statement: the target, what conforms, known limitations, how to report a problem, the last review. */
export function AccessibilityPage(props: { ctx: ViewContext; contact: string }) {
  const { ctx } = props;
  const t = ctx.t;
  const contact = props.contact.replace(/^mailto:/, '');
  return (
    <Layout ctx={ctx} title={t('a11y.title')}>
      <h1>{t('a11y.title')}</h1>
      <p class="lead">{t('a11y.lead')}</p>
      <h2>{t('a11y.works_heading')}</h2>
      <ul>{WORKS.map((key) => <li>{t(key)}</li>)}</ul>
      <h2>{t('a11y.limits_heading')}</h2>
      <ul>{LIMITS.map((key) => <li>{t(key)}</li>)}</ul>
      <h2>{t('a11y.report_heading')}</h2>
      <p>
        {t('a11y.report')} <a href={props.contact}>{contact}</a>
      </p>
      <p>{t('a11y.report_answer')}</p>
      <h2>{t('a11y.review_heading')}</h2>
      <p>{t('a11y.reviewed', { date: ctx.fmt.date(`${ACCESSIBILITY_REVIEWED}T12:00:00Z`, 'UTC') })}</p>
    </Layout>
  );
}
