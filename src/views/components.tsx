import { STATUSES } from '../domain/types.js';
import type { ComponentChildren } from 'preact';
import type { PublicActor } from '../db/schema.js';
import { pick } from '../i18n/index.js';
import type { ViewContext } from './context.js';
import type { PeriodUnitName } from '../domain/types.js';

/** A stage's expected duration in its own unit: working days, working hours or calendar days. */
export function periodLabel(ctx: ViewContext, amount: number, unit: PeriodUnitName | undefined): string {
  if (unit === 'working_hours') return ctx.t('catalogue.hours', { hours: amount });
  if (unit === 'calendar_days') return ctx.t('catalogue.calendar_days', { days: amount });
  return ctx.t('catalogue.days', { days: amount });
}

/** A status as a coloured, labelled badge (colour is never the only signal: the text says it). */
export function StatusBadge(props: { ctx: ViewContext; status: string }) {
  return <span class={`status status-${props.status}`}>{props.ctx.t(`status.${props.status}`)}</span>;
}

/** Who acted, as the public record shows it: name and title, or title only where the jurisdiction chose so. */
export function ActorLabel(props: { ctx: ViewContext; actor: PublicActor | null }) {
  const { ctx, actor } = props;
  if (!actor) return <span class="muted">—</span>;
  if (actor.kind === 'applicant') return <span>{ctx.t('actor.applicant')}</span>;
  const unit = actor.unit ? pick(actor.unit.name, ctx.locale) : '';
  if (actor.kind === 'system') return <span>{ctx.t('actor.system', { unit })}</span>;
  const name = actor.name ? pick(actor.name, ctx.locale) : null;
  const title = pick(actor.title, ctx.locale);
  return (
    <span class="actor">
      {name ? <strong>{name}</strong> : <strong>{title}</strong>}
      {name && <span>{`, ${title}`}</span>}
      {unit && <span class="muted">{` · ${unit}`}</span>}
    </span>
  );
}

/** A time to the minute in the jurisdiction's zone, machine-readable too. */
export function Time(props: { ctx: ViewContext; at: Date | string | null | undefined; zone: string; dateOnly?: boolean }) {
  if (!props.at) return <span class="muted">—</span>;
  const iso = new Date(props.at).toISOString();
  return (
    <time dateTime={iso}>
      {props.dateOnly ? props.ctx.fmt.date(props.at, props.zone) : props.ctx.fmt.dateTime(props.at, props.zone)}
    </time>
  );
}

/**
 * The wrapper of a table that may be wider than the screen: it scrolls sideways, and is focusable and named (after
 * the table) so a keyboard user can scroll it too (axe's `scrollable-region-focusable`).
 */
export function TableScroll(props: { label: string; children: ComponentChildren }) {
  return (
    <div class="table-wrap" tabIndex={0} role="region" aria-label={props.label}>
      {props.children}
    </div>
  );
}

/** The register's procedure, department and status choices, shared by the register and the map (their own ids). */
export function RegisterChoices(props: {
  ctx: ViewContext;
  ids: { procedure: string; unit: string; status: string };
  procedures: { code: string; name: string }[];
  units: { code: string; name: string }[];
  query: { procedure?: string; unit?: string; status?: string };
  statusError?: string;
}) {
  const { ctx, ids, query } = props;
  const t = ctx.t;
  return (
    <>
      <div class="field">
        <label for={ids.procedure}>{t('register.procedure')}</label>
        <select id={ids.procedure} name="procedure">
          <option value="">{t('register.any')}</option>
          {props.procedures.map((p) => <option value={p.code} selected={p.code === query.procedure}>{p.name}</option>)}
        </select>
      </div>
      <div class="field">
        <label for={ids.unit}>{t('register.unit')}</label>
        <select id={ids.unit} name="unit">
          <option value="">{t('register.any')}</option>
          {props.units.map((u) => <option value={u.code} selected={u.code === query.unit}>{u.name}</option>)}
        </select>
      </div>
      <div class={props.statusError ? 'field has-error' : 'field'}>
        <label for={ids.status}>{t('register.status')}</label>
        <select id={ids.status} name="status">
          <option value="">{t('register.any')}</option>
          {STATUSES.map((s) => <option value={s} selected={s === query.status}>{t(`status.${s}`)}</option>)}
        </select>
      </div>
    </>
  );
}
