import type { ComponentChildren } from 'preact';
import type { QueueRow } from '../../db/repos/office.js';
import { QUEUE_SORTS, type QueueQuery } from '../../domain/queue.js';
import type { Locale, ProcedureStage, StageState } from '../../domain/types.js';
import { pickMarked } from '../../i18n/index.js';
import { InvolvementLabel, Local, StatusBadge, TableScroll, Time } from '../components.js';
import type { ViewContext } from '../context.js';
import { Layout } from '../Layout.js';

/** A queue row with its clock (`domain/queue.queueDue`): the date, whose it is, and whether it is overdue. */
export type QueueViewRow = QueueRow & { due_at: string | null; due_stage: string | null; due_provisional: boolean };

/** One queue as the page shows it: the rows kept and ordered, how many the queue holds, and how many were read. */
export interface QueueList {
  rows: QueueViewRow[];
  total: number;
  read: number;
}

/** The official's queue: cases assigned to them, then their unit's open cases; `top` comes first (escalations). */
export function QueuePage(props: { ctx: ViewContext; mine: QueueList; unit: QueueList; query: QueueQuery; top?: ComponentChildren; extra?: ComponentChildren }) {
  const { ctx, query } = props;
  const t = ctx.t;
  const official = ctx.official!;
  const filtered = query.overdueOnly || query.text !== '';
  // The heading says what the list holds: the count shown, and of how many when a filter or the limit left some out.
  const heading = (key: string, list: QueueList) => {
    const label = t(key, { count: list.rows.length });
    return filtered || list.read < list.total ? `${label} · ${t('journey.queue_of', { total: list.total })}` : label;
  };
  return (
    <Layout ctx={ctx} title={t('queue.title')} office>
      <h1>{t('queue.title')}</h1>
      <p class="lead">{t('queue.lead', { unit: ctx.locale === 'ko' ? official.unitNameKo : official.unitNameEn })} {t(`journey.queue_order.${query.sort}`)}</p>
      <form method="get" action="/office" class="filters queue-filters" role="search" aria-label={t('journey.queue_filter')}>
        <div class="field">
          <label for="queue-sort">{t('journey.queue_sort')}</label>
          <select id="queue-sort" name="sort">
            {QUEUE_SORTS.map((s) => <option value={s} selected={query.sort === s}>{t(`journey.queue_sort.${s}`)}</option>)}
          </select>
        </div>
        <div class="field">
          <label for="queue-q">{t('journey.queue_text')}</label>
          <input id="queue-q" name="q" value={query.text} />
        </div>
        <div class="field choice">
          <input type="checkbox" id="queue-overdue" name="overdue" value="1" checked={query.overdueOnly} />
          <label for="queue-overdue">{t('journey.queue_overdue_only')}</label>
        </div>
        <div class="actions">
          <button type="submit">{t('journey.queue_apply')}</button>
          {filtered && <p class="small"><a href={`/office?sort=${query.sort}`}>{t('journey.queue_clear')}</a></p>}
        </div>
      </form>
      <p class="muted small">{t('queue_clock.explained')}</p>
      {props.top}
      <section>
        <h2>{heading('queue.mine', props.mine)}</h2>
        <QueueTable ctx={ctx} rows={props.mine.rows} caption={heading('queue.mine', props.mine)} />
      </section>
      {props.extra}
      <section>
        <h2>{heading('queue.unit', props.unit)}</h2>
        <QueueTable ctx={ctx} rows={props.unit.rows} caption={heading('queue.unit', props.unit)} />
      </section>
    </Layout>
  );
}

function currentStageName(ctx: ViewContext, stages: StageState[], defs: ProcedureStage[], main: Locale): string {
  const active = stages.map((s, i) => (s.status === 'active' ? pickMarked(defs[i]?.name, ctx.locale, main) : null)).filter(Boolean);
  if (active.length) return active.join(', ');
  const next = stages.findIndex((s) => s.status === 'pending');
  return next >= 0 ? `${ctx.t('queue.next')}: ${pickMarked(defs[next]?.name, ctx.locale, main)}` : '—';
}

/** Whose date the due column shows: a stage by name, or the whole application; and whether it waits on a pause. */
function dueOf(ctx: ViewContext, r: QueueViewRow): string {
  const def = r.due_stage === null ? undefined : r.p_stages.find((s) => s.key === r.due_stage);
  const whose = def ? ctx.t('queue_clock.stage', { stage: pickMarked(def.name, ctx.locale, r.main_locale) }) : ctx.t('queue_clock.application');
  return r.due_provisional ? `${whose} · ${ctx.t('queue_clock.paused')}` : whose;
}

/**
 * One queue as a table; on a phone each row stacks into a card whose cells carry their column's name
 * (`data-label`, shown by the stylesheet), and wider than the screen it scrolls in a focusable region.
 */
function QueueTable(props: { ctx: ViewContext; rows: QueueViewRow[]; caption: string }) {
  const { ctx } = props;
  const t = ctx.t;
  if (!props.rows.length) return <p>{t('queue.empty')}</p>;
  const head = {
    number: t('register.number'),
    project: t('register.project'),
    stage: t('queue.stage'),
    status: t('register.status'),
    assignee: t('queue.assignee'),
    due: t('journey.queue_due'),
    received: t('register.received'),
  };
  return (
    <TableScroll label={props.caption}>
      <table class="queue">
        <caption class="visually-hidden">{props.caption}</caption>
        <thead>
          <tr>
            {Object.values(head).map((h) => <th scope="col">{h}</th>)}
          </tr>
        </thead>
        <tbody>
          {props.rows.map((r) => (
            <tr>
              <td data-label={head.number} class="nowrap">
                <a href={`/office/applications/${r.number}`} dir="ltr">{r.number}</a>
              </td>
              <td data-label={head.project}>
                {r.title}<div class="muted small"><Local ctx={ctx} text={r.procedure_name} main={r.main_locale} /></div>
                <InvolvementLabel ctx={ctx} responsible={{ code: r.unit_code, ko: r.unit_ko, en: r.unit_en }} consulted={r.consulted} stages={r.stages} definitions={r.p_stages} />
              </td>
              <td data-label={head.stage}>{currentStageName(ctx, r.stages, r.p_stages, r.main_locale)}</td>
              <td data-label={head.status}><StatusBadge ctx={ctx} status={r.status} /></td>
              <td data-label={head.assignee} class="nowrap">{r.o_en ? (ctx.locale === 'ko' ? r.o_ko : r.o_en) : <span class="muted">{t('queue.unassigned')}</span>}</td>
              <td data-label={head.due} data-testid="queue-due">
                {r.due_at ? (
                  <>
                    <span class="nowrap"><Time ctx={ctx} at={r.due_at} zone={r.time_zone} dateOnly /></span>
                    {r.overdue && <div><span class="clock-state clock-overdue"><span aria-hidden="true">⚠ </span>{t('clock.state.overdue')}</span></div>}
                    <div class="muted small">{dueOf(ctx, r)}</div>
                  </>
                ) : <span class="muted">{t('journey.queue_no_due')}</span>}
              </td>
              <td data-label={head.received} class="nowrap"><Time ctx={ctx} at={r.received_at} zone={r.time_zone} dateOnly /></td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}
