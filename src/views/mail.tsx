import type { StoredMail } from '../mail/transport.js';
import type { ViewContext } from './context.js';
import { Time } from './components.js';
import { Csrf, Layout } from './Layout.js';

/** Text with its http(s) addresses made into links (the mail folder's bodies are plain text). */
function linkify(text: string) {
  return text.split(/(https?:\/\/[^\s<>"]+)/).map((part, i) => (i % 2 ? <a href={part}>{part}</a> : part));
}

/** Confirms before stopping e-mails (a link scanner following the link must not unsubscribe anyone). */
export function UnsubscribePage(props: { ctx: ViewContext; token: string; number: string; done: boolean }) {
  const { ctx } = props;
  const t = ctx.t;
  return (
    <Layout ctx={ctx} title={t('mail.unsubscribe.title')}>
      <h1>{t('mail.unsubscribe.title')}</h1>
      {props.done ? (
        <p class="notice" role="status">{t('mail.unsubscribe.done', { number: props.number })}</p>
      ) : (
        <form method="post" action={`/mail/unsubscribe/${props.token}`} class="stack narrow">
          <Csrf ctx={ctx} />
          <p>{t('mail.unsubscribe.lead', { number: props.number })}</p>
          <button type="submit">{t('mail.unsubscribe.submit')}</button>
        </form>
      )}
      <p><a href={`/applications/${props.number}`}>{t('mail.unsubscribe.back')}</a></p>
    </Layout>
  );
}

/** The developer's view of the mail folder: what would have been sent, newest first. */
export function DevMailPage(props: { ctx: ViewContext; mails: StoredMail[]; dir: string; zone: string }) {
  const { ctx } = props;
  const t = ctx.t;
  return (
    <Layout ctx={ctx} title={t('mail.dev.title')}>
      <h1>{t('mail.dev.title')}</h1>
      <p class="lead">{t('mail.dev.lead', { dir: props.dir })}</p>
      {props.mails.length === 0 ? (
        <p>{t('mail.dev.none')}</p>
      ) : (
        props.mails.map((m) => (
          <article class="card" lang={m.locale}>
            <h2>{m.subject}</h2>
            <dl class="facts">
              <dt>{t('mail.dev.to')}</dt>
              <dd>{m.to}</dd>
              <dt>{t('mail.dev.date')}</dt>
              <dd><Time ctx={ctx} at={m.date} zone={props.zone} /></dd>
            </dl>
            <pre class="mail-text">{linkify(m.text)}</pre>
          </article>
        ))
      )}
    </Layout>
  );
}
