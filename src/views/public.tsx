import type { ComponentChildren } from 'preact';
import type { CatalogueRow, RegisterRow } from '../db/repos/publicRead.js';
import { stagePlan } from '../domain/stagePlan.js';
import { pick } from '../i18n/index.js';
import type { PublicApplication } from '../presenters/public.js';
import { ActorLabel, RegisterChoices, StatusBadge, Time, periodLabel } from './components.js';
import type { ViewContext } from './context.js';
import { Layout } from './Layout.js';
import { ProofLink, proofListAttributes, VerifyScript } from './proof.js';
import { FollowLinks } from './follows.js';
import { feedForPath } from '../feeds/atom.js';
import { DeadlineFacts, localDay } from './deadline.js';

/** The front page: what Daylight is, a number lookup, and the ways in. */
export function HomePage(props: { ctx: ViewContext; recent: RegisterRow[] }) {
  const { ctx } = props;
  const t = ctx.t;
  return (
    <Layout ctx={ctx} title={t('home.title')}>
      <section class="hero">
        <h1>{t('home.heading')}</h1>
        <p class="lead">{t('home.lead')}</p>
        <form method="get" action="/register" class="search-inline" role="search">
          <label for="home-q">{t('home.search_label')}</label>
          <div class="row">
            <input id="home-q" name="q" type="search" placeholder="2026-DB-0000123" />
            <button type="submit">{t('action.search')}</button>
          </div>
        </form>
      </section>
      <section class="cards" aria-label={t('home.ways')}>
        <a class="card" href="/procedures">
          <h2>{t('home.apply_title')}</h2>
          <p>{t('home.apply_text')}</p>
        </a>
        <a class="card" href="/register">
          <h2>{t('home.register_title')}</h2>
          <p>{t('home.register_text')}</p>
        </a>
        <a class="card" href="/track">
          <h2>{t('home.track_title')}</h2>
          <p>{t('home.track_text')}</p>
        </a>
      </section>
      <section>
        <h2>{t('home.recent')}</h2>
        <RegisterTable ctx={ctx} rows={props.recent} />
      </section>
    </Layout>
  );
}

/** The catalogue, grouped by category. */
export function CataloguePage(props: { ctx: ViewContext; procedures: CatalogueRow[] }) {
  const { ctx } = props;
  const t = ctx.t;
  const byCategory = new Map<string, CatalogueRow[]>();
  for (const p of props.procedures) byCategory.set(p.category, [...(byCategory.get(p.category) ?? []), p]);
  return (
    <Layout ctx={ctx} title={t('catalogue.title')}>
      <h1>{t('catalogue.title')}</h1>
      <p class="lead">{t('catalogue.lead')}</p>
      {[...byCategory.entries()].map(([category, list]) => (
        <section class="category">
          <h2>{t(`category.${category}`)}</h2>
          <ul class="procedure-list">
            {list.map((p) => (
              <li>
                <a href={`/procedures/${p.jurisdiction.code}/${p.code}`}>{pick(p.name, ctx.locale)}</a>
                <span class="muted">
                  {` · ${pick(p.jurisdiction.name, ctx.locale)} · ${t('catalogue.days', { days: p.statutory_days })}`}
                </span>
              </li>
            ))}
          </ul>
        </section>
      ))}
    </Layout>
  );
}

/** One procedure explained: purpose, legal basis, documents, fee, stages and how long each may take. */
export function ProcedurePage(props: { ctx: ViewContext; p: CatalogueRow }) {
  const { ctx, p } = props;
  const t = ctx.t;
  return (
    <Layout ctx={ctx} title={pick(p.name, ctx.locale)}>
      <p class="crumbs"><a href="/procedures">{t('catalogue.title')}</a></p>
      <h1>{pick(p.name, ctx.locale)}</h1>
      <p class="lead">{pick(p.purpose, ctx.locale)}</p>
      <dl class="facts">
        <dt>{t('procedure.jurisdiction')}</dt>
        <dd>{pick(p.jurisdiction.name, ctx.locale)}</dd>
        <dt>{t('procedure.unit')}</dt>
        <dd>{pick(p.unit.name, ctx.locale)}</dd>
        <dt>{t('procedure.legal_basis')}</dt>
        <dd>{pick(p.legal_basis, ctx.locale)}</dd>
        <dt>{t('procedure.fee')}</dt>
        <dd>{p.fee_krw ? ctx.fmt.money(p.fee_krw) : t('procedure.free')}</dd>
        <dt>{t('procedure.period')}</dt>
        <dd>{t('catalogue.days', { days: p.statutory_days })}</dd>
        <dt>{t('procedure.version')}</dt>
        <dd>{p.version}</dd>
      </dl>
      <h2>{t('procedure.documents')}</h2>
      <ul>
        {p.documents.map((d) => (
          <li>
            {pick(d.name, ctx.locale)} {d.required ? <strong>({t('form.required')})</strong> : <span class="muted">({t('form.optional')})</span>}
          </li>
        ))}
      </ul>
      <h2>{t('procedure.stages')}</h2>
      <ol class="stage-defs">
        {p.stages.map((s) => (
          <li>
            <strong>{pick(s.name, ctx.locale)}</strong>
            <span class="muted">{` · ${periodLabel(ctx, s.days, s.period_unit)}${s.parallel ? ` · ${t('procedure.parallel')}` : ''}`}</span>
          </li>
        ))}
      </ol>
      <p>
        <a class="button" href={`/procedures/${p.jurisdiction.code}/${p.code}/apply`}>{t('procedure.apply_online')}</a>
      </p>
      <FollowLinks ctx={ctx} follow={`/follow?kind=procedure&j=${p.jurisdiction.code}&procedure=${encodeURIComponent(p.code)}`} feed={`/procedures/${encodeURIComponent(p.code)}/feed.atom`} />
    </Layout>
  );
}

/** The register's results as a table (used on the front page and the register). */
export function RegisterTable(props: { ctx: ViewContext; rows: RegisterRow[] }) {
  const { ctx } = props;
  const t = ctx.t;
  if (!props.rows.length) return <p>{t('register.none')}</p>;
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
              <td><a href={`/applications/${r.number}`}>{r.number}</a></td>
              <td>
                {r.title}
                <div class="muted small">{r.address}</div>
              </td>
              <td>
                {pick(r.procedure_name, ctx.locale)}
                <div class="muted small">{pick(r.unit_name, ctx.locale)}</div>
              </td>
              <td><StatusBadge ctx={ctx} status={r.status} /></td>
              <td><Time ctx={ctx} at={r.received_at} zone={r.time_zone} dateOnly /></td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export interface RegisterQuery {
  q?: string;
  procedure?: string;
  unit?: string;
  status?: string;
  from?: string;
  to?: string;
}

/** The public register: search and filters (GET, so results can be bookmarked and shared), keyset paging. */
export function RegisterPage(props: {
  ctx: ViewContext;
  query: RegisterQuery;
  rows: RegisterRow[];
  nextHref: string | null;
  procedures: { code: string; name: string }[];
  units: { code: string; name: string }[];
  error?: string;
}) {
  const { ctx, query } = props;
  const t = ctx.t;
  return (
    <Layout ctx={ctx} title={t('register.title')}>
      <h1>{t('register.title')}</h1>
      <p class="lead">{t('register.lead')}</p>
      <form method="get" action="/register" class="filters" role="search">
        <div class="field">
          <label for="r-q">{t('register.q')}</label>
          <input id="r-q" name="q" type="search" value={query.q ?? ''} />
        </div>
        <RegisterChoices ctx={ctx} ids={{ procedure: 'r-procedure', unit: 'r-unit', status: 'r-status' }} procedures={props.procedures} units={props.units} query={query} />
        <div class="field">
          <label for="r-from">{t('register.from')}</label>
          <input id="r-from" name="from" type="date" value={query.from ?? ''} />
        </div>
        <div class="field">
          <label for="r-to">{t('register.to')}</label>
          <input id="r-to" name="to" type="date" value={query.to ?? ''} />
        </div>
        <div class="field actions">
          <button type="submit">{t('action.search')}</button>
        </div>
      </form>
      {props.error && <p class="error-text" role="alert">{props.error}</p>}
      <p class="small">
        <a href={`/map?${new URLSearchParams(Object.entries({ procedure: query.procedure, unit: query.unit, status: query.status, from: query.from, to: query.to }).filter((e): e is [string, string] => !!e[1]))}`}>{t('register.on_map')}</a>
      </p>
      <FollowLinks
        ctx={ctx}
        follow={query.unit ? `/follow?kind=unit&unit=${encodeURIComponent(query.unit)}` : undefined}
        feed={feedForPath(ctx.path)}
      />
      <RegisterTable ctx={ctx} rows={props.rows} />
      {props.nextHref && (
        <nav class="pager" aria-label={t('register.paging')}>
          <a href={props.nextHref} rel="next">{t('register.next')}</a>
        </nav>
      )}
    </Layout>
  );
}

/** The public timeline of one application: stages with who and when, then every event in order. */
export function ApplicationPage(props: { ctx: ViewContext; app: PublicApplication; zone: string; privateLink?: boolean; extra?: ComponentChildren }) {
  const { ctx, app, zone } = props;
  const t = ctx.t;
  return (
    <Layout ctx={ctx} title={`${app.number} · ${app.title}`}>
      <p class="crumbs"><a href="/register">{t('register.title')}</a></p>
      <h1>
        <span class="number">{app.number}</span> {app.title}
      </h1>
      <p><StatusBadge ctx={ctx} status={app.status} /></p>
      <FollowLinks ctx={ctx} follow={app.closed_at ? undefined : `/follow?kind=application&number=${app.number}`} feed={`/applications/${app.number}/feed.atom`} />
      <dl class="facts">
        <dt>{t('application.procedure')}</dt>
        <dd>
          <a href={`/procedures/${app.jurisdiction.code}/${app.procedure.code}`}>{pick(app.procedure.name, ctx.locale)}</a>
          <span class="muted">{` (${t('procedure.version')} ${app.procedure.version})`}</span>
        </dd>
        <dt>{t('application.unit')}</dt>
        <dd>{pick(app.unit.name, ctx.locale)}</dd>
        <dt>{t('application.location')}</dt>
        <dd>{app.location.address}{app.location.parcel_id ? ` (${app.location.parcel_id})` : ''}</dd>
        <dt>{t('application.received')}</dt>
        <dd><Time ctx={ctx} at={app.received_at} zone={zone} /> · {t(`channel.${app.channel}`)}</dd>
        {app.closed_at && (
          <>
            <dt>{t('application.closed')}</dt>
            <dd><Time ctx={ctx} at={app.closed_at} zone={zone} /></dd>
          </>
        )}
        <dt>{t('application.statutory')}</dt>
        <dd>{t('catalogue.days', { days: app.procedure.statutory_days })}</dd>
        {app.details.map((d) => (
          <>
            <dt>{pick(d.label, ctx.locale)}</dt>
            <dd>{d.value}</dd>
          </>
        ))}
      </dl>
      {props.privateLink && (
        <p class="notice"><a href={`/my/${app.number}`}>{t('application.private_view')}</a></p>
      )}

      <StageTrack ctx={ctx} app={app} zone={zone} />
      <Timeline ctx={ctx} app={app} zone={zone} />
      {props.extra}
    </Layout>
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
  const stageNames = (keys: string[]) => keys.map((k) => pick(app.stages.find((s) => s.key === k)?.name, ctx.locale) || k).join(', ');
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
                stage: pick(next.name, ctx.locale),
                at: ctx.fmt.dateTime(clock.next_stage.expected_start_at, zone),
                waiting: nextStart?.kind === 'waiting' ? stageNames(nextStart.waitingFor) : '',
              })}
            </p>
          )}
          {clock.transfer_count > 0 && <p>{t('clock.transfers', { count: clock.transfer_count })}</p>}
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
              <h3>{pick(s.name, ctx.locale)}</h3>
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
    stage: stage ? pick(stage.name, ctx.locale) : data.stage ? String(data.stage) : ctx.t('event.whole_application'),
    unit: unit?.name ? pick(unit.name, ctx.locale) : '',
  };
}

/** The public details of an event: notes, reasons, conditions, routes of redress. */
function EventDetails(props: { ctx: ViewContext; data: Record<string, unknown>; zone: string }) {
  const { ctx, data, zone } = props;
  const t = ctx.t;
  const rows: [string, string][] = [];
  if (data.assignee && typeof data.assignee === 'object') {
    const a = data.assignee as { name?: { ko: string; en: string }; title?: { ko: string; en: string } };
    rows.push([t('event.field.assignee'), a.name ? `${pick(a.name, ctx.locale)} (${pick(a.title, ctx.locale)})` : pick(a.title, ctx.locale)]);
  }
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
    rows.push([t('event.field.to_unit'), unit?.name ? `${pick(unit.name, ctx.locale)} (${data.to_unit})` : data.to_unit]);
  }
  if (typeof data.transfer_number === 'number') rows.push([t('clock.transfers', { count: data.transfer_number }), '']);
  if (data.escalated === true) rows.push([t('event.escalated'), '']);
  if (typeof data.due_at === 'string') rows.push([t('event.field.due_at'), ctx.fmt.dateTime(data.due_at, zone)]);
  if (typeof data.document_count === 'number' && data.document_count > 0) {
    rows.push([t('event.field.documents'), ctx.fmt.number(data.document_count)]);
  }
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
