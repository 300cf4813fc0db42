import type { ComponentChildren } from 'preact';
import type { QueueRow } from '../../db/repos/office.js';
import type { ProcedureStage, StageState } from '../../domain/types.js';
import { pick } from '../../i18n/index.js';
import { InvolvementLabel, StatusBadge, TableScroll, Time } from '../components.js';
import type { ViewContext } from '../context.js';
import { Layout } from '../Layout.js';

/** The official's queue: cases assigned to them, then their unit's open cases; `top` comes first (escalations). */
export function QueuePage(props: { ctx: ViewContext; mine: QueueRow[]; unit: QueueRow[]; top?: ComponentChildren; extra?: ComponentChildren }) {
  const { ctx } = props;
  const t = ctx.t;
  const official = ctx.official!;
  return (
    <Layout ctx={ctx} title={t('queue.title')} office>
      <h1>{t('queue.title')}</h1>
      <p class="lead">{t('queue.lead', { unit: ctx.locale === 'ko' ? official.unitNameKo : official.unitNameEn })}</p>
      {props.top}
      <section>
        <h2>{t('queue.mine', { count: props.mine.length })}</h2>
        <QueueTable ctx={ctx} rows={props.mine} caption={t('queue.mine', { count: props.mine.length })} />
      </section>
      {props.extra}
      <section>
        <h2>{t('queue.unit', { count: props.unit.length })}</h2>
        <QueueTable ctx={ctx} rows={props.unit} caption={t('queue.unit', { count: props.unit.length })} />
      </section>
    </Layout>
  );
}

function currentStageName(ctx: ViewContext, stages: StageState[], defs: ProcedureStage[]): string {
  const active = stages.map((s, i) => (s.status === 'active' ? pick(defs[i]?.name, ctx.locale) : null)).filter(Boolean);
  if (active.length) return active.join(', ');
  const next = stages.findIndex((s) => s.status === 'pending');
  return next >= 0 ? `${ctx.t('queue.next')}: ${pick(defs[next]?.name, ctx.locale)}` : '—';
}

/**
 * One queue as a table; on a phone each row stacks into a card whose cells carry their column's name
 * (`data-label`, shown by the stylesheet), and wider than the screen it scrolls in a focusable region.
 */
function QueueTable(props: { ctx: ViewContext; rows: QueueRow[]; caption: string }) {
  const { ctx } = props;
  const t = ctx.t;
  if (!props.rows.length) return <p>{t('queue.empty')}</p>;
  const head = {
    number: t('register.number'),
    project: t('register.project'),
    stage: t('queue.stage'),
    status: t('register.status'),
    assignee: t('queue.assignee'),
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
              <td data-label={head.number}>
                <a href={`/office/applications/${r.number}`}>{r.number}</a>
                {r.overdue && <div><span class="clock-state clock-overdue"><span aria-hidden="true">⚠ </span>{t('clock.state.overdue')}</span></div>}
              </td>
              <td data-label={head.project}>
                {r.title}<div class="muted small">{pick({ ko: r.p_ko, en: r.p_en }, ctx.locale)}</div>
                <InvolvementLabel ctx={ctx} responsible={{ code: r.unit_code, ko: r.unit_ko, en: r.unit_en }} consulted={r.consulted} stages={r.stages} definitions={r.p_stages} />
              </td>
              <td data-label={head.stage}>{currentStageName(ctx, r.stages, r.p_stages)}</td>
              <td data-label={head.status}><StatusBadge ctx={ctx} status={r.status} /></td>
              <td data-label={head.assignee}>{r.o_en ? (ctx.locale === 'ko' ? r.o_ko : r.o_en) : <span class="muted">{t('queue.unassigned')}</span>}</td>
              <td data-label={head.received}><Time ctx={ctx} at={r.received_at} zone={r.time_zone} dateOnly /></td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}
