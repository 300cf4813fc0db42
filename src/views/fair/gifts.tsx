import { GIFT_KINDS, GIFT_OUTCOMES, bandLabel, valueBand } from '../../domain/gifts.js';
import { pick } from '../../i18n/index.js';
import type { PublicGift } from '../../presenters/gifts.js';
import { TableScroll } from '../components.js';
import type { ViewContext } from '../context.js';
import { Csrf, ErrorSummary, Field, Layout, aria, fieldId } from '../Layout.js';

/** One of the official's own gifts, opened for them. */
export interface OwnGift {
  offeredOn: string;
  kind: string;
  valueKrw: number;
  outcome: string;
  giver?: string;
  description?: string;
}

/** The official's gift register: the form, and what they recorded. */
export function OfficeGiftsPage(props: { ctx: ViewContext; gifts: OwnGift[]; values: Record<string, string>; errors: Record<string, string>; notice?: string }) {
  const { ctx, values, errors } = props;
  const t = ctx.t;
  return (
    <Layout ctx={ctx} title={t('fair.gifts.title')} office>
      <h1>{t('fair.gifts.title')}</h1>
      <p class="lead">{t('fair.gifts.lead')}</p>
      <p><a href="/office/conflicts">{t('fair.conflicts.title')}</a> · <a href="/integrity/gifts">{t('fair.gifts.public_title')}</a></p>
      {props.notice && <p class="notice" role="status">{props.notice}</p>}
      <ErrorSummary ctx={ctx} errors={errors} />
      <form method="post" action="/office/gifts" class="stack narrow panel" novalidate>
        <Csrf ctx={ctx} />
        <h2>{t('fair.gifts.record')}</h2>
        <Field id={fieldId('offered_on')} label={t('fair.gifts.offered_on')} error={errors.offered_on} required>
          <input {...aria(fieldId('offered_on'), errors.offered_on)} name="offered_on" type="date" value={values.offered_on ?? ''} required />
        </Field>
        <Field id={fieldId('kind')} label={t('fair.gifts.kind')} error={errors.kind} required>
          <select {...aria(fieldId('kind'), errors.kind)} name="kind" required>
            <option value="">{t('fair.choose')}</option>
            {GIFT_KINDS.map((k) => <option value={k} selected={values.kind === k}>{t(`fair.gift.kind.${k}`)}</option>)}
          </select>
        </Field>
        <Field id={fieldId('value')} label={t('fair.gifts.value')} hint={t('fair.gifts.value_hint')} error={errors.value} required>
          <input {...aria(fieldId('value'), errors.value, true)} name="value" inputmode="numeric" value={values.value ?? ''} required />
        </Field>
        <Field id={fieldId('outcome')} label={t('fair.gifts.outcome')} error={errors.outcome} required>
          <select {...aria(fieldId('outcome'), errors.outcome)} name="outcome" required>
            <option value="">{t('fair.choose')}</option>
            {GIFT_OUTCOMES.map((k) => <option value={k} selected={values.outcome === k}>{t(`fair.gift.outcome.${k}`)}</option>)}
          </select>
        </Field>
        <Field id={fieldId('giver')} label={t('fair.gifts.giver')} hint={t('fair.gifts.giver_hint')} error={errors.giver}>
          <input {...aria(fieldId('giver'), errors.giver, true)} name="giver" maxLength={200} value={values.giver ?? ''} />
        </Field>
        <Field id={fieldId('description')} label={t('fair.gifts.description')} error={errors.description} required>
          <textarea {...aria(fieldId('description'), errors.description)} name="description" rows={2} maxLength={500} required>{values.description ?? ''}</textarea>
        </Field>
        <button type="submit">{t('fair.gifts.submit')}</button>
      </form>
      <h2>{t('fair.gifts.mine')}</h2>
      {props.gifts.length === 0 ? <p>{t('fair.gifts.none')}</p> : (
        <TableScroll label={t('fair.gifts.mine')}>
          <table data-testid="own-gifts">
            <caption class="visually-hidden">{t('fair.gifts.mine')}</caption>
            <thead><tr><th scope="col">{t('fair.gifts.offered_on')}</th><th scope="col">{t('fair.gifts.kind')}</th><th scope="col">{t('fair.gifts.value')}</th><th scope="col">{t('fair.gifts.outcome')}</th><th scope="col">{t('fair.gifts.description')}</th></tr></thead>
            <tbody>
              {props.gifts.map((g) => (
                <tr><td>{g.offeredOn}</td><td>{t(`fair.gift.kind.${g.kind}`)}</td><td>{ctx.fmt.number(g.valueKrw)} (₩ {bandLabel(valueBand(g.valueKrw))})</td><td>{t(`fair.gift.outcome.${g.outcome}`)}</td><td>{[g.giver, g.description].filter(Boolean).join(' · ')}</td></tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
    </Layout>
  );
}

/** The public gift register for a year: month, department, official, kind, value band, outcome. */
export function PublicGiftsPage(props: { ctx: ViewContext; year: number; years: number[]; gifts: PublicGift[] }) {
  const { ctx } = props;
  const t = ctx.t;
  return (
    <Layout ctx={ctx} title={t('fair.gifts.public_title')}>
      <h1>{t('fair.gifts.public_title')}</h1>
      <p class="lead">{t('fair.gifts.public_lead')}</p>
      <form method="get" action="/integrity/gifts" class="inline">
        <label for="gifts-year">{t('fair.gifts.year')}</label>{' '}
        <select id="gifts-year" name="year">{props.years.map((y) => <option value={String(y)} selected={y === props.year}>{y}</option>)}</select>{' '}
        <button type="submit">{t('fair.signals.show')}</button>
      </form>
      <p><a href={`/integrity/gifts.csv?year=${props.year}`}>{t('stats.csv')}</a> · <a href={`/integrity/gifts.json?year=${props.year}`}>{t('ko_pages.json')}</a> · <a href="/integrity/signals">{t('fair.public.title')}</a></p>
      {props.gifts.length === 0 ? <p>{t('fair.gifts.none_public')}</p> : (
        <TableScroll label={t('fair.gifts.public_title')}>
          <table data-testid="gift-register">
            <caption class="visually-hidden">{t('fair.gifts.public_title')}</caption>
            <thead><tr><th scope="col">{t('fair.gifts.month')}</th><th scope="col">{t('fair.public.unit')}</th><th scope="col">{t('fair.gifts.official')}</th><th scope="col">{t('fair.gifts.kind')}</th><th scope="col">{t('fair.gifts.band')}</th><th scope="col">{t('fair.gifts.outcome')}</th></tr></thead>
            <tbody>
              {props.gifts.map((g) => (
                <tr>
                  <td>{g.month}</td><td>{pick(g.unit.name, ctx.locale)}</td>
                  <td>{[g.official.name ? pick(g.official.name, ctx.locale) : null, pick(g.official.title, ctx.locale)].filter(Boolean).join(', ')}</td>
                  <td>{t(`fair.gift.kind.${g.kind}`)}</td><td>₩ {g.value_band.label}</td><td>{t(`fair.gift.outcome.${g.outcome}`)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
    </Layout>
  );
}
