import { CONFLICT_KINDS } from '../../domain/conflicts.js';
import { TableScroll, Time } from '../components.js';
import type { ViewContext } from '../context.js';
import { Csrf, ErrorSummary, Field, Layout, aria, fieldId } from '../Layout.js';

/** One of the official's declarations, opened for them. */
export interface OwnDeclaration {
  id: number;
  kind: string;
  applicationNumber: string | null;
  declaredAt: Date;
  withdrawnAt: Date | null;
  /** The party comes from the official's yearly declaration; a new version replaces it. */
  fromDeclaration: boolean;
  partyName?: string;
  registration?: string;
  address?: string;
  parcel?: string;
  note?: string;
  reason?: string;
}

export interface ConflictsView {
  declarations: OwnDeclaration[];
  zone: string;
  values: Record<string, string>;
  errors: Record<string, string>;
  notice?: string;
}

const TEXT_FIELDS = [
  ['party_name', 200],
  ['registration', 40],
  ['address', 300],
  ['parcel', 60],
] as const;

/** An official's conflicts of interest: the form to declare one, and their own declarations in clear. */
export function ConflictsPage(props: { ctx: ViewContext; view: ConflictsView }) {
  const { ctx } = props;
  const { values, errors } = props.view;
  const t = ctx.t;
  return (
    <Layout ctx={ctx} title={t('fair.conflicts.title')} office>
      <h1>{t('fair.conflicts.title')}</h1>
      <p class="lead">{t('fair.conflicts.lead')}</p>
      <p><a href="/office/gifts">{t('fair.gifts.title')}</a> · <a href="/office/declaration">{t('declaration.title')}</a></p>
      {props.view.notice && <p class="notice" role="status">{props.view.notice}</p>}
      <ErrorSummary ctx={ctx} errors={errors} />
      <form method="post" action="/office/conflicts" class="stack narrow panel" novalidate>
        <Csrf ctx={ctx} />
        <h2>{t('fair.conflicts.declare')}</h2>
        <Field id={fieldId('kind')} label={t('fair.conflicts.kind')} error={errors.kind} required>
          <select {...aria(fieldId('kind'), errors.kind)} name="kind" required>
            <option value="">{t('fair.choose')}</option>
            {CONFLICT_KINDS.map((k) => (
              <option value={k} selected={values.kind === k}>{t(`fair.kind.${k}`)}</option>
            ))}
          </select>
        </Field>
        {TEXT_FIELDS.map(([name, max]) => (
          <Field id={fieldId(name)} label={t(`fair.conflicts.${name}`)} hint={t(`fair.conflicts.${name}_hint`)} error={errors[name]}>
            <input {...aria(fieldId(name), errors[name], true)} name={name} maxLength={max} value={values[name] ?? ''} />
          </Field>
        ))}
        <Field id={fieldId('note')} label={t('fair.conflicts.note')} error={errors.note}>
          <textarea {...aria(fieldId('note'), errors.note)} name="note" rows={2} maxLength={1000}>{values.note ?? ''}</textarea>
        </Field>
        <button type="submit">{t('fair.conflicts.submit')}</button>
      </form>

      <h2>{t('fair.conflicts.mine')}</h2>
      {props.view.declarations.length === 0 ? (
        <p>{t('fair.conflicts.none')}</p>
      ) : (
        <TableScroll label={t('fair.conflicts.mine')}>
          <table data-testid="declarations">
            <caption class="visually-hidden">{t('fair.conflicts.mine')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('fair.conflicts.kind')}</th>
                <th scope="col">{t('fair.conflicts.party')}</th>
                <th scope="col">{t('fair.conflicts.declared_at')}</th>
                <th scope="col">{t('fair.conflicts.state')}</th>
              </tr>
            </thead>
            <tbody>
              {props.view.declarations.map((d) => (
                <tr>
                  <td>{t(`fair.kind.${d.kind}`)}</td>
                  <td>
                    {d.applicationNumber ? (
                      <>
                        {t('fair.conflicts.on_case')} <a href={`/office/applications/${d.applicationNumber}`}>{d.applicationNumber}</a>
                        {d.reason && <div class="muted">{d.reason}</div>}
                      </>
                    ) : (
                      [d.partyName, d.registration, d.address, d.parcel].filter(Boolean).join(' · ')
                    )}
                    {d.note && <div class="muted">{d.note}</div>}
                  </td>
                  <td><Time ctx={ctx} at={d.declaredAt} zone={props.view.zone} /></td>
                  <td>
                    {d.withdrawnAt ? (
                      <>{t('fair.conflicts.withdrawn')} <Time ctx={ctx} at={d.withdrawnAt} zone={props.view.zone} /></>
                    ) : d.applicationNumber ? (
                      t('fair.conflicts.in_force')
                    ) : d.fromDeclaration ? (
                      <a href="/office/declaration">{t('declaration.from_declaration')}</a>
                    ) : (
                      <form method="post" action={`/office/conflicts/${d.id}/withdraw`}>
                        <Csrf ctx={ctx} />
                        <button type="submit" class="secondary">{t('fair.conflicts.withdraw')}</button>
                      </form>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
    </Layout>
  );
}
