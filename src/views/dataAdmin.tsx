import { BLDS_PERMIT_CLASSES, BLDS_PERMIT_TYPES } from '../domain/blds.js';
import { BLDS_FORMATS, LICENCES, classField, formatField, open311Field, typeField } from '../domain/openData.js';
import { pick } from '../i18n/index.js';
import type { ViewContext } from './context.js';
import { Csrf, ErrorSummary, Layout, aria, fieldId } from './Layout.js';

export interface DataAdminProps {
  ctx: ViewContext;
  /** The form's values: what is saved, or what was typed when the form is shown again with its errors. */
  values: Record<string, string>;
  errors: Record<string, string>;
  notice?: string;
  jurisdictions: { id: string; code: string; name: { ko: string; en: string } }[];
  procedures: { jurisdictionCode: string; code: string; name_ko: string; name_en: string; category: string }[];
}

/** `/admin/open-data`: the licence, each jurisdiction's own BLDS formats, and each procedure's BLDS class and type. */
export function DataAdminPage(props: DataAdminProps) {
  const { ctx, values, errors } = props;
  const t = ctx.t;
  const error = (field: string) => errors[field];
  return (
    <Layout ctx={ctx} title={t('opendata.admin.title')} office>
      <h1>{t('opendata.admin.title')}</h1>
      <p>{t('opendata.admin.lead')}</p>
      {props.notice && <p class="notice" role="status">{props.notice}</p>}
      <ErrorSummary ctx={ctx} errors={errors} />
      <form method="post" action="/admin/open-data" noValidate>
        <Csrf ctx={ctx} />
        <fieldset class={error('licence') ? 'field has-error' : 'field'}>
          <legend>{t('opendata.licence')}</legend>
          {error('licence') && <p class="error-text" id={`${fieldId('licence')}-error`}>{error('licence')}</p>}
          {Object.entries(LICENCES).map(([id, l], i) => (
            <div class="choice">
              <input type="radio" name="licence" value={id} id={i === 0 ? fieldId('licence') : `licence-${id}`} checked={values.licence === id} />
              <label for={i === 0 ? fieldId('licence') : `licence-${id}`}>{pick(l.name, ctx.locale)}</label>
            </div>
          ))}
        </fieldset>

        <div class="table-wrap">
          <table>
            <caption>{t('opendata.admin.formats')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('opendata.admin.jurisdiction')}</th>
                {BLDS_FORMATS.map((f) => <th scope="col">{t(`opendata.admin.format.${f}`)}</th>)}
                <th scope="col">{t('opendata.admin.open311')}</th>
              </tr>
            </thead>
            <tbody>
              {props.jurisdictions.map((j) => (
                <tr>
                  <th scope="row">{pick(j.name, ctx.locale)}</th>
                  {BLDS_FORMATS.map((f) => {
                    const name = formatField(j.code, f);
                    return (
                      <td>
                        <input type="checkbox" id={fieldId(name)} name={name} value="yes" checked={values[name] === 'yes'}
                          aria-label={`${pick(j.name, ctx.locale)}: ${t(`opendata.admin.format.${f}`)}`} />
                      </td>
                    );
                  })}
                  <td>
                    <input type="checkbox" id={fieldId(open311Field(j.code))} name={open311Field(j.code)} value="yes" checked={values[open311Field(j.code)] === 'yes'}
                      aria-label={`${pick(j.name, ctx.locale)}: ${t('opendata.admin.open311')}`} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>

        <div class="table-wrap">
          <table>
            <caption>{t('opendata.admin.mapping')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('opendata.admin.procedure')}</th>
                <th scope="col">{t('opendata.admin.permit_class')}</th>
                <th scope="col">{t('opendata.admin.permit_type')}</th>
              </tr>
            </thead>
            <tbody>
              {props.procedures.map((p) => {
                const name = pick({ ko: p.name_ko, en: p.name_en }, ctx.locale);
                const cls = classField(p.jurisdictionCode, p.code);
                const type = typeField(p.jurisdictionCode, p.code);
                return (
                  <tr>
                    <th scope="row">{p.jurisdictionCode} · {name}</th>
                    <td>
                      {error(cls) && <p class="error-text" id={`${fieldId(cls)}-error`}>{error(cls)}</p>}
                      <select name={cls} {...aria(fieldId(cls), error(cls))} aria-label={`${name}: ${t('opendata.admin.permit_class')}`}>
                        {!(BLDS_PERMIT_CLASSES as readonly string[]).includes(values[cls] ?? '') && <option value={values[cls] ?? ''} selected>{values[cls] ?? ''}</option>}
                        {BLDS_PERMIT_CLASSES.map((c) => <option value={c} selected={values[cls] === c}>{c}</option>)}
                      </select>
                    </td>
                    <td>
                      {error(type) && <p class="error-text" id={`${fieldId(type)}-error`}>{error(type)}</p>}
                      <select name={type} {...aria(fieldId(type), error(type))} aria-label={`${name}: ${t('opendata.admin.permit_type')}`}>
                        {!(BLDS_PERMIT_TYPES as readonly string[]).includes(values[type] ?? '') && <option value={values[type] ?? ''} selected>{values[type] ?? ''}</option>}
                        {BLDS_PERMIT_TYPES.map((c) => <option value={c} selected={values[type] === c}>{c}</option>)}
                      </select>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
        <p>{t('opendata.admin.next_build')}</p>
        <button type="submit">{t('opendata.admin.save')}</button>
      </form>
    </Layout>
  );
}
