import type { ComponentChildren } from 'preact';
import type { PublicApplication } from '../../presenters/public.js';
import { PROCUREMENT_CATEGORY } from '../../domain/contracts.js';
import { redFlags } from '../../domain/redFlags.js';
import { explainFlag } from '../contractFlags.js';
import { Local, StageTrack, StatusBadge, Time, Timeline } from '../components.js';
import type { ViewContext } from '../context.js';
import { FollowLinks } from '../follows.js';
import { Layout } from '../Layout.js';

/** The public timeline of one application: stages with who and when, then every event in order. */
export function ApplicationPage(props: { ctx: ViewContext; app: PublicApplication; zone: string; privateLink?: boolean; extra?: ComponentChildren }) {
  const { ctx, app, zone } = props;
  const t = ctx.t;
  return (
    <Layout ctx={ctx} title={`${app.number} · ${app.title}`}>
      <p class="crumbs"><a href="/register">{t('register.title')}</a></p>
      <h1>
        <span class="number">{app.number}</span> <bdi>{app.title}</bdi>
      </h1>
      <p><StatusBadge ctx={ctx} status={app.status} /></p>
      <FollowLinks ctx={ctx} follow={app.closed_at ? undefined : `/follow?kind=application&number=${app.number}`} feed={`/applications/${app.number}/feed.atom`} />
      <dl class="facts">
        <dt>{t('application.procedure')}</dt>
        <dd>
          <a href={`/procedures/${app.jurisdiction.code}/${app.procedure.code}`}><Local ctx={ctx} text={app.procedure.name} /></a>
          <span class="muted">{` (${t('procedure.version')} ${app.procedure.version})`}</span>
        </dd>
        <dt>{t('application.unit')}</dt>
        <dd><Local ctx={ctx} text={app.unit.name} /></dd>
        <dt>{t('application.location')}</dt>
        <dd><bdi>{app.location.address}{app.location.parcel_id ? <> (<bdi dir="ltr">{app.location.parcel_id}</bdi>)</> : ''}</bdi></dd>
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
            <dt><Local ctx={ctx} text={d.label} /></dt>
            <dd><bdi>{d.value}</bdi></dd>
          </>
        ))}
      </dl>
      {props.privateLink && (
        <p class="notice"><a href={`/my/${app.number}`}>{t('application.private_view')}</a></p>
      )}

      {app.procedure.category === PROCUREMENT_CATEGORY && (
        <p class="notice">
          <a href={`/contracts/${app.number}/record.json`}>{t('contracts.ocds_record')}</a>
          {' · '}<a href={`/contracts/${app.number}/releases.json`}>{t('contracts.ocds_releases')}</a>
          {' · '}<a href="/contracts">{t('contracts.register_title')}</a>
        </p>
      )}
      <RedFlags ctx={ctx} app={app} />
      <StageTrack ctx={ctx} app={app} zone={zone} />
      <Timeline ctx={ctx} app={app} zone={zone} />
      {props.extra}
    </Layout>
  );
}

/** A contracting process's red flags, each explained and linked to the event that raised it; nothing when none. */
function RedFlags(props: { ctx: ViewContext; app: PublicApplication }) {
  const { ctx, app } = props;
  if (app.procedure.category !== PROCUREMENT_CATEGORY) return null;
  const flags = redFlags(app.events.map((e) => ({ seq: e.seq, type: e.type, occurredAt: e.occurred_at, data: e.data as Record<string, unknown> })));
  if (!flags.length) return null;
  return (
    <section class="card" aria-labelledby="red-flags">
      <h2 id="red-flags">{ctx.t('contracts.flags_title')}</h2>
      <p>{ctx.t('contracts.flags_lead')}</p>
      <ul>
        {flags.map((f) => <li>{explainFlag(ctx, f)} <a href={`#event-${f.seq}`}>#{f.seq}</a></li>)}
      </ul>
    </section>
  );
}
