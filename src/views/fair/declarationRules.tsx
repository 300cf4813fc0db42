import { MAX_BANDS, type RuleSetting } from '../../domain/declarationRules.js';
import { ASSET_CATEGORIES } from '../../domain/declarations.js';
import { intlTag } from '../../i18n/index.js';
import { TableScroll, Time } from '../components.js';
import type { ViewContext } from '../context.js';
import { Csrf, ErrorSummary, Field, Layout, aria, fieldId } from '../Layout.js';

/** One saved version of the rules, as the history lists it. */
export interface RulesVersionLine {
  version: number;
  changedAt: Date;
  changedBy: string;
  changes: RuleSetting[];
}

const GRADES = [1, 2, 3, 4, 5, 6, 7, 8, 9] as const;
const MONTHS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12] as const;

/** The label each setting has on the form and in the history. */
export function settingLabels(ctx: ViewContext): Record<string, string> {
  const t = ctx.t;
  const labels: Record<string, string> = {
    required: t('declaration.rules.required'), filing_grade: t('declaration.rules.filing_grade'), public_grade: t('declaration.rules.public_grade'),
    due_month: t('declaration.rules.due_month'), due_day: t('declaration.rules.due_day'), bands: t('declaration.rules.bands'),
  };
  for (const c of ASSET_CATEGORIES) {
    labels[`category_${c}`] = t(`declaration.category.${c}`);
    labels[`threshold_${c}`] = t('declaration.rules.threshold_of', { category: t(`declaration.category.${c}`) });
  }
  return labels;
}

/**
 * `/admin/declarations/{code}`: an administrator sets a jurisdiction's rules for yearly declarations, and reads who
 * changed them, what and when.
 */
export function DeclarationRulesPage(props: {
  ctx: ViewContext; code: string; jurisdiction: string; zone: string; values: Record<string, string>; errors: Record<string, string>; notice?: string; history: RulesVersionLine[];
}) {
  const { ctx, values, errors } = props;
  const t = ctx.t;
  const month = new Intl.DateTimeFormat(intlTag(ctx.locale), { month: 'long', timeZone: 'UTC' });
  const title = t('declaration.rules.title', { jurisdiction: props.jurisdiction });
  return (
    <Layout ctx={ctx} title={title} office>
      <h1>{title}</h1>
      <p class="lead">{t('declaration.rules.lead')}</p>
      <p><a href="/admin">{t('admin.title')}</a> · <a href="/integrity/declarations">{t('declaration.public_title')}</a></p>
      {props.notice && <p class="notice" role="status">{props.notice}</p>}
      <ErrorSummary ctx={ctx} errors={errors} labels={settingLabels(ctx)} />
      <form method="post" action={`/admin/declarations/${props.code}`} class="stack panel" novalidate>
        <Csrf ctx={ctx} />
        <div class="choice">
          <input type="checkbox" id={fieldId('required')} name="required" value="yes" checked={values.required === 'yes'} />
          <label for={fieldId('required')}>{t('declaration.rules.required')}</label>
        </div>
        <Field id={fieldId('filing_grade')} label={t('declaration.rules.filing_grade')} error={errors.filing_grade} hint={t('declaration.rules.grade_hint')}>
          <select {...aria(fieldId('filing_grade'), errors.filing_grade, true)} name="filing_grade">
            {GRADES.map((g) => <option value={String(g)} selected={values.filing_grade === String(g)}>{t('declaration.rules.grade_option', { grade: g })}</option>)}
          </select>
        </Field>
        <Field id={fieldId('public_grade')} label={t('declaration.rules.public_grade')} error={errors.public_grade} hint={t('declaration.rules.public_grade_hint')}>
          <select {...aria(fieldId('public_grade'), errors.public_grade, true)} name="public_grade">
            <option value="0" selected={values.public_grade === '0'}>{t('declaration.rules.nobody')}</option>
            {GRADES.map((g) => <option value={String(g)} selected={values.public_grade === String(g)}>{t('declaration.rules.grade_option', { grade: g })}</option>)}
          </select>
        </Field>
        <fieldset class="stack">
          <legend>{t('declaration.rules.due_date')}</legend>
          <Field id={fieldId('due_month')} label={t('declaration.rules.due_month')} error={errors.due_month}>
            <select {...aria(fieldId('due_month'), errors.due_month)} name="due_month">
              {MONTHS.map((m) => <option value={String(m)} selected={values.due_month === String(m)}>{month.format(Date.UTC(2000, m - 1, 15))}</option>)}
            </select>
          </Field>
          <Field id={fieldId('due_day')} label={t('declaration.rules.due_day')} error={errors.due_day} hint={t('declaration.rules.due_day_hint')}>
            <input {...aria(fieldId('due_day'), errors.due_day, true)} name="due_day" inputMode="numeric" maxLength={2} size={3} value={values.due_day ?? ''} />
          </Field>
        </fieldset>
        <TableScroll label={t('declaration.rules.categories')}>
          <table data-testid="declaration-rules-categories">
            <caption>{t('declaration.rules.categories')}</caption>
            <thead><tr><th scope="col">{t('declaration.category')}</th><th scope="col">{t('declaration.rules.offered')}</th><th scope="col">{t('declaration.rules.threshold')}</th></tr></thead>
            <tbody>
              {ASSET_CATEGORIES.map((c) => {
                const name = t(`declaration.category.${c}`);
                const threshold = `threshold_${c}`;
                return (
                  <tr>
                    <th scope="row">{name}</th>
                    <td>
                      <input type="checkbox" id={fieldId(`category_${c}`)} name={`category_${c}`} value="yes" checked={values[`category_${c}`] === 'yes'}
                        aria-label={`${name}: ${t('declaration.rules.offered')}`} />
                    </td>
                    <td class={errors[threshold] ? 'has-error' : undefined}>
                      {errors[threshold] && <p class="error-text" id={`${fieldId(threshold)}-error`}>{errors[threshold]}</p>}
                      <input {...aria(fieldId(threshold), errors[threshold])} name={threshold} class="amount" inputMode="numeric" maxLength={20} size={14} value={values[threshold] ?? ''}
                        aria-label={t('declaration.rules.threshold_of', { category: name })} />
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </TableScroll>
        <p class="hint">{t('declaration.rules.categories_hint')}</p>
        <Field id={fieldId('bands')} label={t('declaration.rules.bands')} error={errors.bands} hint={t('declaration.rules.bands_hint', { max: MAX_BANDS })}>
          <textarea {...aria(fieldId('bands'), errors.bands, true)} name="bands" rows={8} cols={20} maxLength={400}>{values.bands ?? ''}</textarea>
        </Field>
        <p><button type="submit">{t('action.save')}</button></p>
      </form>
      <h2>{t('declaration.rules.history')}</h2>
      {props.history.length === 0 ? <p>{t('declaration.rules.history_none')}</p> : (
        <TableScroll label={t('declaration.rules.history')}>
          <table data-testid="declaration-rules-history">
            <caption class="visually-hidden">{t('declaration.rules.history')}</caption>
            <thead><tr><th scope="col">{t('declaration.rules.version')}</th><th scope="col">{t('declaration.rules.changed_at')}</th><th scope="col">{t('declaration.rules.changed_by')}</th><th scope="col">{t('declaration.rules.changed')}</th></tr></thead>
            <tbody>
              {props.history.map((h) => (
                <tr>
                  <td>{h.version}</td>
                  <td><Time ctx={ctx} at={h.changedAt} zone={props.zone} /></td>
                  <td>{h.changedBy}</td>
                  <td>{h.changes.length ? h.changes.map((c) => t(`declaration.rules.setting.${c}`)).join(', ') : t('declaration.rules.unchanged')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
    </Layout>
  );
}
