import { CATEGORIES, PERIOD_UNITS } from '../domain/types.js';
import { MAX_ROWS, rowsOf, type EditorRow, type RowList } from '../http/procedureEditor.js';
import { OtherLanguageInputs, type AdminData } from './admin.js';
import { OTHER_LOCALES } from '../http/adminForms.js';
import { LANGUAGE_NAMES } from '../i18n/index.js';
import type { ViewContext } from './context.js';
import { Csrf, ErrorSummary, Field, Layout, aria, fieldId } from './Layout.js';

const name = (ctx: ViewContext, r: { name_ko: string; name_en: string }) => (ctx.locale === 'ko' ? r.name_ko : r.name_en);

const ACTION = '/admin/procedures';
const SECTION: Record<RowList, string> = { stage: 'stages', document: 'documents', field: 'fields' };

/**
 * Create a procedure or its next version: the procedure's own fields, then a row of inputs for each stage, document
 * and field. Every button is a submission of the whole form (`op`), so adding, removing and moving rows work without
 * JavaScript and nothing typed is lost; each button's `formaction` brings the browser back to the row it changed.
 */
export function ProcedureForm(props: {
  ctx: ViewContext;
  values: Record<string, string>;
  jurisdictions: AdminData['jurisdictions'];
  units: AdminData['units'];
  errors: Record<string, string>;
  editing: boolean;
  /** Set after a row was added, removed or moved: the change is on the page, not saved yet. */
  unsaved?: boolean;
}) {
  const { ctx, values: v, errors } = props;
  const t = ctx.t;
  const text = (id: string, label: string, opts: { hint?: string; numeric?: boolean } = {}) => (
    <Field id={fieldId(id)} label={label} hint={opts.hint} error={errors[id]}>
      <input {...aria(fieldId(id), errors[id], Boolean(opts.hint))} name={id} value={v[id] ?? ''} readOnly={props.editing && id === 'code'}
        inputMode={opts.numeric ? 'numeric' : undefined} />
    </Field>
  );
  const title = props.editing ? t('admin.edit_new_version') : t('admin.new_procedure');
  return (
    <Layout ctx={ctx} title={title} office>
      <p class="crumbs"><a href="/admin#procedures">{t('admin.title')}</a></p>
      <h1>{title}</h1>
      {props.editing && <p class="notice">{t('admin.version_note')}</p>}
      {props.unsaved && <p class="notice" role="status">{t('procedure_editor.unsaved')}</p>}
      <ErrorSummary ctx={ctx} errors={errors} />
      <form method="post" action={ACTION} class="stack procedure-editor">
        <Csrf ctx={ctx} />
        {/* Pressing Enter in a text box submits the form's first button: this one saves, never removes a row. */}
        <button type="submit" name="op" value="save" class="visually-hidden" tabIndex={-1} aria-hidden="true">{t('action.save')}</button>
        <input type="hidden" name="base_version" value={v.base_version ?? '0'} />
        <Field id={fieldId('jurisdiction_id')} label={t('admin.jurisdiction')}>
          <select id={fieldId('jurisdiction_id')} name="jurisdiction_id">
            {props.jurisdictions.map((j) => <option value={j.id} selected={j.id === v.jurisdiction_id}>{name(ctx, j)}</option>)}
          </select>
        </Field>
        {text('code', t('admin.code'), { hint: t('admin.key_hint') })}
        <Field id={fieldId('category')} label={t('admin.category')} error={errors.category}>
          <select {...aria(fieldId('category'), errors.category)} name="category">
            {CATEGORIES.map((c) => <option value={c} selected={c === v.category}>{t(`category.${c}`)}</option>)}
          </select>
        </Field>
        <Field id={fieldId('unit')} label={t('admin.unit')} error={errors.unit}>
          <select {...aria(fieldId('unit'), errors.unit)} name="unit_code">
            {props.units.map((u) => <option value={u.code} selected={u.code === v.unit_code}>{`${u.code} · ${name(ctx, u)}`}</option>)}
          </select>
        </Field>
        {text('name_ko', t('admin.name_ko'))}
        {text('name_en', t('admin.name_en'))}
        {text('purpose_ko', t('admin.purpose_ko'))}
        {text('purpose_en', t('admin.purpose_en'))}
        {text('legal_basis_ko', t('admin.legal_basis_ko'))}
        {text('legal_basis_en', t('admin.legal_basis_en'))}
        <p class="hint">{t('i18n.admin.other_languages_hint')}</p>
        {([['name', 'i18n.admin.name_in'], ['purpose', 'i18n.admin.purpose_in'], ['legal_basis', 'i18n.admin.legal_basis_in']] as const).map(([field, label]) => (
          <OtherLanguageInputs ctx={ctx} idPrefix="p" field={field} label={label} values={Object.fromEntries(OTHER_LOCALES.map((l) => [l, v[`${field}_${l}`]]))} />
        ))}
        {text('fee_krw', t('procedure.fee'), { numeric: true })}
        {text('statutory_days', t('procedure.period'), { numeric: true })}
        <RowSection ctx={ctx} list="stage" values={v} errors={errors} units={props.units} />
        <RowSection ctx={ctx} list="document" values={v} errors={errors} units={props.units} />
        <RowSection ctx={ctx} list="field" values={v} errors={errors} units={props.units} />
        <button type="submit" name="op" value="save">{t('action.save')}</button>
      </form>
    </Layout>
  );
}

/** One list of rows (stages, documents or fields) with its heading, each row's inputs and buttons, and "Add". */
function RowSection(props: { ctx: ViewContext; list: RowList; values: Record<string, string>; errors: Record<string, string>; units: AdminData['units'] }) {
  const { ctx, list, errors } = props;
  const t = ctx.t;
  const rows = rowsOf(props.values, list);
  const section = SECTION[list];
  return (
    <section id={section} aria-labelledby={`${section}-title`} class="editor-section">
      <h2 id={`${section}-title`}>{t(`procedure_editor.${section}`)}</h2>
      <p class="hint">{t(`procedure_editor.${section}_hint`)}</p>
      {errors[section] && <p class="error-text" id={fieldId(section)}>{errors[section]}</p>}
      {rows.length === 0 && <p>{t(`procedure_editor.no_${section}`)}</p>}
      <ol class="editor-rows">
        {rows.map((row, i) => (
          <li id={`${list}-${i}`}>
            <fieldset class="editor-row">
              <legend>{t(`procedure_editor.${list}_n`, { n: i + 1 })}</legend>
              <div class="editor-grid">
                <RowInputs ctx={ctx} list={list} row={row} i={i} errors={errors} units={props.units} />
              </div>
              <div class="row-actions">
                {i > 0 && <RowButton ctx={ctx} op={`up-${list}-${i}`} to={`${list}-${i - 1}`} label={t('procedure_editor.up')} row={t(`procedure_editor.${list}_n`, { n: i + 1 })} />}
                {i < rows.length - 1 && <RowButton ctx={ctx} op={`down-${list}-${i}`} to={`${list}-${i + 1}`} label={t('procedure_editor.down')} row={t(`procedure_editor.${list}_n`, { n: i + 1 })} />}
                <RowButton ctx={ctx} op={`remove-${list}-${i}`} to={section} label={t('procedure_editor.remove')} row={t(`procedure_editor.${list}_n`, { n: i + 1 })} danger />
              </div>
            </fieldset>
          </li>
        ))}
      </ol>
      {rows.length < MAX_ROWS
        ? <button type="submit" name="op" value={`add-${list}`} formAction={`${ACTION}#${list}-${rows.length}`} class="quiet">{t(`procedure_editor.add_${list}`)}</button>
        : <p class="hint">{t('procedure_editor.too_many_rows', { max: MAX_ROWS })}</p>}
    </section>
  );
}

/** A button that changes the rows; its accessible name says which row ("Move up: Stage 2"). */
function RowButton(props: { ctx: ViewContext; op: string; to: string; label: string; row: string; danger?: boolean }) {
  return (
    // The visible word starts the accessible name, so speech input finds the button by what it shows.
    <button type="submit" name="op" value={props.op} formAction={`${ACTION}#${props.to}`} class={props.danger ? 'secondary small' : 'quiet small'}
      aria-label={`${props.label}: ${props.row}`}>
      {props.label}
    </button>
  );
}

/** The inputs of one row, each named `{list}.{i}.{column}` with its error beside it. */
function RowInputs(props: { ctx: ViewContext; list: RowList; row: EditorRow; i: number; errors: Record<string, string>; units: AdminData['units'] }) {
  const { ctx, list, row, i, errors } = props;
  const t = ctx.t;
  const n = (column: string) => `${list}.${i}.${column}`;
  const input = (column: string, label: string, opts: { numeric?: boolean; hint?: string } = {}) => (
    <Field id={fieldId(n(column))} label={label} error={errors[n(column)]} hint={opts.hint}>
      <input {...aria(fieldId(n(column)), errors[n(column)], Boolean(opts.hint))} name={n(column)} value={row[column] ?? ''} inputMode={opts.numeric ? 'numeric' : undefined} />
    </Field>
  );
  const select = (column: string, label: string, options: [string, string][]) => (
    <Field id={fieldId(n(column))} label={label} error={errors[n(column)]}>
      <select {...aria(fieldId(n(column)), errors[n(column)])} name={n(column)}>
        {options.map(([value, text]) => <option value={value} selected={value === (row[column] ?? '')}>{text}</option>)}
      </select>
    </Field>
  );
  const check = (column: string, label: string) => (
    <div class="choice">
      <input type="checkbox" id={fieldId(n(column))} name={n(column)} value="yes" checked={row[column] === 'yes'} />
      <label for={fieldId(n(column))}>{label}</label>
    </div>
  );
  const nameColumns = list === 'field' ? ['label_ko', 'label_en'] : ['name_ko', 'name_en'];
  const common = [
    input('key', t('procedure_editor.key'), { hint: t('procedure_editor.key_hint') }),
    input(nameColumns[0]!, t('admin.name_ko')),
    input(nameColumns[1]!, t('admin.name_en')),
  ];
  if (list === 'stage') {
    return (
      <>
        {common}
        <details class="other-languages" open={OTHER_LOCALES.some((l) => row[`name_${l}`])}>
          <summary>{t('i18n.admin.stage_names')}</summary>
          {OTHER_LOCALES.map((l) => input(`name_${l}`, t('i18n.admin.name_in', { language: LANGUAGE_NAMES[l] })))}
        </details>
        {input('days', t('procedure_editor.duration'), { numeric: true })}
        {select('period', t('procedure_editor.period_unit'), PERIOD_UNITS.map((u) => [u, t(`procedure_editor.period.${u}`)]))}
        {select('unit', t('procedure_editor.stage_unit_label'), [['', t('procedure_editor.own_unit')], ...props.units.map((u): [string, string] => [u.code, `${u.code} · ${name(ctx, u)}`])])}
        {check('parallel', t('procedure_editor.parallel'))}
      </>
    );
  }
  if (list === 'document') return <>{common}{check('required', t('procedure_editor.required'))}</>;
  return (
    <>
      {common}
      {select('type', t('procedure_editor.type'), (['text', 'number', 'textarea'] as const).map((ty) => [ty, t(`procedure_editor.type.${ty}`)]))}
      {check('required', t('procedure_editor.required'))}
      {check('public', t('procedure_editor.public'))}
    </>
  );
}
