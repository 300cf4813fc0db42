import { isDelayCategory } from '../domain/delays.js';
import type { ComponentChildren } from 'preact';
import type { RegisterRow } from '../db/repos/publicRead.js';
import type { PublicActor } from '../db/schema.js';
import { unitInvolvement } from '../domain/involvement.js';
import { stagePlan } from '../domain/stagePlan.js';
import { STATUSES, type Locale, type Localized, type PeriodUnitName, type ProcedureStage, type StageState } from '../domain/types.js';
import { directionOf, fallbackNote, pickMarked, pickText } from '../i18n/index.js';
import type { PublicApplication } from '../presenters/public.js';
import type { ViewContext } from './context.js';
import { DeadlineFacts, localDay } from './deadline.js';
import { ProofLink, proofListAttributes, VerifyScript } from './proof.js';
/** A stage's expected duration in its own unit: working days, working hours or calendar days. */
export function periodLabel(ctx: ViewContext, amount: number, unit: PeriodUnitName | undefined): string {
  if (unit === 'working_hours') return ctx.t('catalogue.hours', { hours: amount });
  if (unit === 'calendar_days') return ctx.t('catalogue.calendar_days', { days: amount });
  return ctx.t('catalogue.days', { days: amount });
}

/**
 * A stored name or text in the reader's language, or, where nobody wrote it in that language, in the jurisdiction's
 * main language with its `lang` (so it is pronounced and hyphenated right) and a small note naming the language.
 */
export function Local(props: { ctx: ViewContext; text: Localized | undefined | null; main?: Locale }) {
  const { ctx } = props;
  const picked = pickText(props.text, ctx.locale, props.main);
  if (!picked.fallback) return <>{picked.text}</>;
  return (
    <>
      <span lang={picked.lang} dir={directionOf(picked.lang)}>{picked.text}</span>{' '}
      <span class="fallback-lang">{fallbackNote(ctx.locale, picked.lang)}</span>
    </>
  );
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
  const unit = actor.unit ? pickMarked(actor.unit.name, ctx.locale) : '';
  if (actor.kind === 'system') return <span>{ctx.t('actor.system', { unit })}</span>;
  const name = actor.name ? pickMarked(actor.name, ctx.locale) : null;
  const title = pickMarked(actor.title, ctx.locale);
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
 * An interval "(lower–upper)", isolated left to right so that on an Arabic page its ends keep their order and the dash
 * does not read as a minus sign (ADR 0017).
 */
export function Interval(props: { lower: string; upper: string }) {
  return <bdi dir="ltr" class="interval">({props.lower}–{props.upper})</bdi>;
}

/**
 * Values for a message that writes "{lower}–{upper}" itself: on a right-to-left page the pair is wrapped in a
 * left-to-right isolate (U+2066 … U+2069) opened before the first end and closed after the second, since markup cannot
 * reach inside a message. Every catalogue writes the two placeholders side by side around a dash.
 */
export function intervalEnds(ctx: ViewContext, lower: string, upper: string): { lower: string; upper: string } {
  return directionOf(ctx.locale) === 'rtl' ? { lower: `\u2066${lower}`, upper: `${upper}\u2069` } : { lower, upper };
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

/**
 * The register's results as a table (used on the front page and the register). With no rows it says so, in `empty`'s
 * words when given (null: nothing, where the count above already says it).
 */
export function RegisterTable(props: { ctx: ViewContext; rows: RegisterRow[]; empty?: string | null }) {
  const { ctx } = props;
  const t = ctx.t;
  if (!props.rows.length) return props.empty === null ? null : <p>{props.empty ?? t('register.none')}</p>;
  return (
    <div class="table-wrap">
      <table class="register">
        <caption class="visually-hidden">{t('register.caption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('register.number')}</th>
            <th scope="col">{t('register.project')}</th>
            <th scope="col">{t('register.procedure')}</th>
            <th scope="col">{t('register.status')}</th>
            <th scope="col">{t('register.received')}</th>
          </tr>
        </thead>
        <tbody>
          {props.rows.map((r) => (
            <tr>
              <td class="nowrap"><a href={`/applications/${r.number}`} dir="ltr">{r.number}</a></td>
              <td>
                <bdi>{r.title}</bdi>
                <div class="muted small"><bdi>{r.address}</bdi></div>
              </td>
              <td>
                <Local ctx={ctx} text={r.procedure_name} main={r.main_locale} />
                <div class="muted small"><Local ctx={ctx} text={r.unit_name} main={r.main_locale} /></div>
              </td>
              <td class="nowrap"><StatusBadge ctx={ctx} status={r.status} /></td>
              <td class="nowrap"><Time ctx={ctx} at={r.received_at} zone={r.time_zone} dateOnly /></td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/**
 * Why another unit's case is in the viewer's queue: "Consultation for …" and/or "Stage for …: …"; nothing when the
 * viewer's unit is the responsible one.
 */
export function InvolvementLabel(props: {
  ctx: ViewContext;
  responsible: { code: string; ko: string; en: string };
  consulted: boolean;
  stages: StageState[];
  definitions: ProcedureStage[];
}) {
  const { ctx } = props;
  if (!ctx.official) return null;
  const involvement = unitInvolvement({
    viewerUnitCode: ctx.official.unitCode,
    responsibleUnitCode: props.responsible.code,
    consulted: props.consulted,
    stages: props.stages,
    definitions: props.definitions,
  });
  if (!involvement) return null;
  const unit = pickMarked(props.responsible, ctx.locale);
  const names = involvement.stages.map((k) => pickMarked(props.definitions.find((d) => d.key === k)?.name, ctx.locale) || k).join(', ');
  return (
    <div class="involvement" data-testid="involvement">
      {involvement.consulted && <span class="involvement-tag">{ctx.t('queue.involvement.consulted', { unit })}</span>}
      {involvement.stages.length > 0 && <span class="involvement-tag">{ctx.t('queue.involvement.stage', { unit, stages: names })}</span>}
    </div>
  );
}

/** The stages of an application as a visual track: status, start and completion to the minute, who acted. */
export function StageTrack(props: { ctx: ViewContext; app: PublicApplication; zone: string }) {
  const { ctx, app, zone } = props;
  const t = ctx.t;
  const clock = app.clock;
  const next = clock?.next_stage ? app.stages.find((s) => s.key === clock.next_stage!.stage) : undefined;
  // Honest words for a plan that slipped: a start that has passed, and stages planned past the statutory due date
  // (flagged, never capped: the law's date stays the promise, the stage dates stay their own arithmetic).
  const plan = clock ? stagePlan(clock, app.stages) : null;
  const stageNames = (keys: string[]) => keys.map((k) => pickMarked(app.stages.find((s) => s.key === k)?.name, ctx.locale) || k).join(', ');
  const appLate = clock?.application.state === 'overdue' || clock?.application.state === 'long_overdue';
  const beyondDue = plan && !appLate ? plan.beyondDue : [];
  const appDue = clock?.application.due_at ? ctx.fmt.dateTime(clock.application.due_at, zone) : '';
  const nextStart = next ? plan?.starts.get(next.key) : undefined;
  return (
    <>
      {clock && clock.application.due_at && (
        <section class="clock-overall" aria-labelledby="deadlines">
          <h2 id="deadlines">{t('clock.heading')}</h2>
          <p><strong>{t('clock.overall')}</strong></p>
          <DeadlineFacts ctx={ctx} clock={clock.application} zone={zone} id="deadline-application" calendarHref={`/calendars/${app.jurisdiction.code}`} />
          {beyondDue.length > 0 && (
            <p class="plan-overrun" data-testid="plan-overrun">
              <span aria-hidden="true">⚠ </span>
              {t('clock.plan_overrun', {
                due: appDue,
                stage: stageNames([beyondDue.at(-1)!.stage]),
                at: ctx.fmt.dateTime(beyondDue.at(-1)!.due_at, zone),
              })}
            </p>
          )}
          {next && clock.next_stage && (
            <p data-testid="next-stage">
              {t(nextStart?.kind === 'late' ? 'clock.next_stage_late' : nextStart?.kind === 'waiting' ? 'clock.next_stage_waiting' : 'clock.next_stage', {
                stage: pickMarked(next.name, ctx.locale),
                at: ctx.fmt.dateTime(clock.next_stage.expected_start_at, zone),
                waiting: nextStart?.kind === 'waiting' ? stageNames(nextStart.waitingFor) : '',
              })}
            </p>
          )}
          {clock.transfer_count > 0 && <p>{t('clock.transfers', { count: clock.transfer_count })}</p>}
          {appLate && clock.stages.some((c) => c.status === 'running' && c.state !== 'overdue' && c.state !== 'long_overdue') && (
            <p class="clock-explain" data-testid="late-but-stage-on-time">{t('journey.late_but_stage_on_time', { due: appDue })}</p>
          )}
        </section>
      )}
      <h2 id="stages">{t('application.stages')}</h2>
      <ol class="stage-track" aria-labelledby="stages">
        {app.stages.map((s, i) => {
          const c = clock?.stages.find((x) => x.stage === s.key);
          const late = c?.state === 'overdue' || c?.state === 'long_overdue';
          const start = plan?.starts.get(s.key);
          return (
          <li class={`stage stage-${s.status}${late ? ' stage-overdue' : ''}`} data-stage={s.key}>
            <span class="stage-dot" aria-hidden="true">{s.status === 'done' ? '✓' : i + 1}</span>
            <div class="stage-body">
              <h3><Local ctx={ctx} text={s.name} /></h3>
              <p>
                <span class={`stage-status stage-status-${s.status}`}>{t(`stage.${s.status}`)}</span>
                <span class="muted">{` · ${periodLabel(ctx, s.expected_days, s.period_unit)}`}</span>
              </p>
              <dl class="stage-times">
                <dt>{t('stage.started')}</dt>
                <dd><Time ctx={ctx} at={s.started_at} zone={zone} /></dd>
                <dt>{t('stage.completed')}</dt>
                <dd><Time ctx={ctx} at={s.completed_at} zone={zone} /></dd>
                <dt>{t('stage.by')}</dt>
                <dd><ActorLabel ctx={ctx} actor={s.actor} /></dd>
                {c && s.status === 'pending' && c.expected_start_at && (
                  <>
                    <dt>{start && start.kind !== 'expected' ? t('clock.expected_start_was') : t('clock.expected_start')}</dt>
                    <dd>
                      <Time ctx={ctx} at={c.expected_start_at} zone={zone} />
                      {start?.kind === 'late' && <span class="start-late">{` · ${t('clock.start_late')}`}</span>}
                      {start?.kind === 'waiting' && <span class="start-late">{` · ${t('clock.start_waiting', { waiting: stageNames(start.waitingFor) })}`}</span>}
                    </dd>
                  </>
                )}
              </dl>
              {c && <DeadlineFacts ctx={ctx} clock={c} zone={zone} id={`deadline-${s.key}`} calendarHref={`/calendars/${app.jurisdiction.code}`} />}
              {beyondDue.some((b) => b.stage === s.key) && (
                <p class="plan-overrun-stage"><span aria-hidden="true">⚠ </span>{t('clock.after_application_due', { due: appDue })}</p>
              )}
            </div>
          </li>
          );
        })}
      </ol>

    </>
  );
}

/** Every public event in order, with who acted, when it happened, and when it was entered if later. */
export function Timeline(props: { ctx: ViewContext; app: PublicApplication; zone: string; privateNotes?: Map<number, Record<string, unknown>> }) {
  const { ctx, app, zone } = props;
  const t = ctx.t;
  return (
    <>
      <h2>{t('application.timeline')}</h2>
      <details class="proof-explain">
        <summary>{t('journey.proof_what')}</summary>
        <p>{t('journey.proof_explain')}</p>
        <p><a href="/log/key">{t('journey.proof_key')}</a> · <a href="/log/checkpoint">{t('journey.proof_checkpoint')}</a></p>
      </details>
      <ol class="timeline" {...proofListAttributes(ctx, app.number)}>
        {app.events.map((e) => (
          <li id={`event-${e.seq}`} class={`event event-${e.type}`}>
            <div class="event-head">
              <strong>{t(`event.${e.type}`, eventValues(ctx, e.data, app))}</strong>
              {e.data.outcome !== undefined && <> <StatusBadge ctx={ctx} status={String(e.data.outcome)} /></>}
            </div>
            <p class="event-meta">
              <Time ctx={ctx} at={e.occurred_at} zone={zone} />
              {' · '}
              <ActorLabel ctx={ctx} actor={e.actor} />
            </p>
            {lateBy(e.occurred_at, e.recorded_at, ctx.lateEntryMinutes) && (
              <p class="late">{t('event.entered_later', { at: ctx.fmt.dateTime(e.recorded_at, zone) })}</p>
            )}
            <EventDetails ctx={ctx} data={e.data} zone={zone} />
            {props.privateNotes && <PrivateDetails ctx={ctx} data={props.privateNotes.get(e.seq)} />}
            <p class="event-links small">
              <a href={`#event-${e.seq}`}>#{e.seq}</a>
              {' · '}
              <a href={`/api/v1/applications/${app.number}#event-${e.seq}`}>{t('event.json')}</a>
              <ProofLink ctx={ctx} number={app.number} seq={e.seq} logIndex={e.log?.index ?? null} />
            </p>
          </li>
        ))}
      </ol>
      <VerifyScript />
    </>
  );
}

/** Office-only details of an event: internal notes and messages to the applicant. */
function PrivateDetails(props: { ctx: ViewContext; data: Record<string, unknown> | undefined }) {
  const { ctx, data } = props;
  if (!data) return null;
  const rows = (['internal_note', 'message'] as const).filter((k) => typeof data[k] === 'string');
  if (!rows.length) return null;
  return (
    <dl class="event-details private">
      {rows.map((k) => (
        <>
          <dt>{ctx.t(`event.field.${k}`)}</dt>
          <dd>{String(data[k])}</dd>
        </>
      ))}
    </dl>
  );
}

/** True when an act was entered more than the configured time (default an hour) after it happened. */
export function lateBy(occurred: string, recorded: string, minutes = 60): boolean {
  return Date.parse(recorded) - Date.parse(occurred) > minutes * 60_000;
}

function eventValues(ctx: ViewContext, data: Record<string, unknown>, app: PublicApplication): Record<string, string> {
  const stage = app.stages.find((s) => s.key === data.stage);
  const unit = data.unit as { name?: { ko: string; en: string } } | undefined;
  return {
    stage: stage ? pickMarked(stage.name, ctx.locale) : data.stage ? String(data.stage) : ctx.t('event.whole_application'),
    unit: unit?.name ? pickMarked(unit.name, ctx.locale) : '',
  };
}

/** The public details of an event: notes, reasons, conditions, routes of redress. */
function EventDetails(props: { ctx: ViewContext; data: Record<string, unknown>; zone: string }) {
  const { ctx, data, zone } = props;
  const t = ctx.t;
  const rows: [string, string][] = [];
  if (data.assignee && typeof data.assignee === 'object') {
    const a = data.assignee as { name?: { ko: string; en: string }; title?: { ko: string; en: string } };
    rows.push([t('event.field.assignee'), a.name ? `${pickMarked(a.name, ctx.locale)} (${pickMarked(a.title, ctx.locale)})` : pickMarked(a.title, ctx.locale)]);
  }
  // A delay's category, in the reader's language, before its text (events from before categories have only the text).
  if (isDelayCategory(data.category)) rows.push([t('event.field.delay_category'), t(`delay_category.${data.category}`)]);
  for (const key of ['reason', 'note', 'reasons', 'conditions', 'redress'] as const) {
    if (typeof data[key] === 'string') rows.push([t(`event.field.${key}`), data[key] as string]);
  }
  if (typeof data.new_due === 'string') {
    const due = /^\d{4}-\d{2}-\d{2}$/.test(data.new_due) ? localDay(ctx, data.new_due) : ctx.fmt.dateTime(data.new_due, zone);
    rows.push([t('event.field.new_due'), due]);
  }
  if (typeof data.approved_by === 'string' && data.approved_by) rows.push([t('event.field.approved_by'), data.approved_by]);
  if (typeof data.from_unit === 'string') rows.push([t('event.field.from_unit'), data.from_unit]);
  if (typeof data.to_unit === 'string') {
    const unit = data.unit as { name?: { ko: string; en: string } } | undefined;
    rows.push([t('event.field.to_unit'), unit?.name ? `${pickMarked(unit.name, ctx.locale)} (${data.to_unit})` : data.to_unit]);
  }
  if (typeof data.transfer_number === 'number') rows.push([t('clock.transfers', { count: data.transfer_number }), '']);
  if (data.escalated === true) rows.push([t('event.escalated'), '']);
  if (typeof data.due_at === 'string') rows.push([t('event.field.due_at'), ctx.fmt.dateTime(data.due_at, zone)]);
  if (typeof data.document_count === 'number' && data.document_count > 0) {
    rows.push([t('event.field.documents'), ctx.fmt.number(data.document_count)]);
  }
  rows.push(...contractDetails(ctx, data, zone));
  if (!rows.length) return null;
  return (
    <dl class="event-details">
      {rows.map(([k, v]) => (
        <>
          <dt>{k}</dt>
          <dd>{v}</dd>
        </>
      ))}
    </dl>
  );
}

type Money = { amount: number; currency: string };
const money = (ctx: ViewContext, v: Money) => `${ctx.fmt.number(v.amount)} ${v.currency}`;

/** What a contracting process's event publishes (`domain/contracts`): the tender period, the opened bids, scores, award and value. */
function contractDetails(ctx: ViewContext, data: Record<string, unknown>, zone: string): [string, string][] {
  const t = ctx.t;
  const rows: [string, string][] = [];
  const period = data.tender_period as { end?: string } | undefined;
  if (typeof period?.end === 'string') rows.push([t('contracts.field.tender_end'), ctx.fmt.dateTime(period.end, zone)]);
  if (typeof data.bid === 'number') rows.push([t('contracts.detail.bid'), `#${data.bid}`]);
  if (Array.isArray(data.bids)) {
    for (const b of data.bids as { bid: number; bidder: { name: string }; value: Money }[]) rows.push([t('contracts.detail.bid_n', { bid: b.bid }), `${b.bidder.name} — ${money(ctx, b.value)}`]);
  }
  if (Array.isArray(data.scores)) {
    for (const s of data.scores as { bid: number; score: number; reason: string }[]) rows.push([t('contracts.detail.score_n', { bid: s.bid }), `${ctx.fmt.number(s.score)} — ${s.reason}`]);
  }
  if (Array.isArray(data.documents)) {
    for (const d of data.documents as { filename: string; sha256: string }[]) rows.push([t('contracts.field.documents'), `${d.filename} (SHA-256 ${d.sha256.slice(0, 12)}…)`]);
  }
  if (typeof data.milestone === 'number') rows.push([t('contracts.field.milestone'), `${data.milestone}. ${String(data.title ?? '')}`]);
  if (typeof data.payment === 'number') rows.push([t('contracts.field.payment'), `#${data.payment}`]);
  if (typeof data.due_date === 'string') rows.push([t('contracts.field.due_date'), localDay(ctx, data.due_date)]);
  if (data.due && typeof data.due === 'object') rows.push([t('contracts.detail.due'), money(ctx, data.due as Money)]);
  const supplier = data.supplier as { name?: string } | undefined;
  if (typeof supplier?.name === 'string') rows.push([t('contracts.col.supplier'), supplier.name]);
  if (data.previous_value && typeof data.previous_value === 'object') rows.push([t('contracts.detail.previous_value'), money(ctx, data.previous_value as Money)]);
  if (data.value && typeof data.value === 'object') rows.push([t('contracts.detail.value'), money(ctx, data.value as Money)]);
  return rows;
}
