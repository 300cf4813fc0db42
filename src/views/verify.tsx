import { displayDocumentCode, formatDocumentCode } from '../domain/documentCode.js';
import { actorText } from '../presenters/documents.js';
import type { Verification } from '../http/pages/verify.js';
import { Local, StatusBadge, Time } from './components.js';
import type { ViewContext } from './context.js';
import { Field, Layout, aria, fieldId } from './Layout.js';

/**
 * The public verification page of a printed receipt or decision notice: a form for the code, and for a code the
 * record's public part beside what the check found. Nothing personal is shown: the page reads only the public record.
 */
export function VerifyPage(props: { ctx: ViewContext; code?: string; error?: string; result?: Verification }) {
  const { ctx, result } = props;
  const t = ctx.t;
  return (
    <Layout ctx={ctx} title={t('verify.title')}>
      <h1>{t('verify.title')}</h1>
      <p class="lead">{t('verify.lead')}</p>
      <form method="get" action="/verify" class="stack narrow no-print" novalidate>
        <Field id={fieldId('code')} label={t('verify.code_label')} hint={t('verify.code_hint')} error={props.error}>
          <input {...aria(fieldId('code'), props.error, true)} name="code" value={props.code ?? ''} autoComplete="off" spellcheck={false} dir="ltr" />
        </Field>
        <button type="submit">{t('verify.submit')}</button>
      </form>
      {result && !result.found && (
        <p class="notice warning" role="status" data-testid="verify-result">{t('verify.not_found', { code: displayDocumentCode(result.code) })}</p>
      )}
      {result?.found && <VerifyResult ctx={ctx} result={result} />}
    </Layout>
  );
}

function VerifyResult(props: { ctx: ViewContext; result: Extract<Verification, { found: true }> }) {
  const { ctx, result } = props;
  const t = ctx.t;
  const { app, event, certificate } = result;
  const good = result.matches && result.log.state !== 'mismatch';
  const text = (key: string) => (typeof event.data[key] === 'string' && event.data[key] ? String(event.data[key]) : undefined);
  const proofUrl = `/api/v1/applications/${app.number}/events/${event.seq}/proof`;
  return (
    <section aria-labelledby="verify-result-heading" class={`panel verify ${good ? 'verified' : 'not-verified'}`}>
      <h2 id="verify-result-heading">{t(result.kind === 'receipt' ? 'verify.kind_receipt' : 'verify.kind_decision')}</h2>
      <p class={good ? 'notice' : 'notice warning'} role="status" data-testid="verify-result">
        {/* A code that does not match a record the log still vouches for is most often mistyped: say so first. */}
        <strong>{good ? t('verify.matches') : result.matches || result.log.state === 'mismatch' ? t('verify.differs') : t('verify.code_differs')}</strong>
      </p>
      {result.superseded && <p class="warning">{t('verify.superseded')}</p>}
      <h3>{t('verify.certified_heading')}</h3>
      <p>{t('verify.compare_paper')}</p>
      <dl class="facts" data-testid="verify-certified">
        <dt>{t('document.number')}</dt>
        <dd><a href={`/applications/${app.number}#event-${event.seq}`} dir="ltr">{app.number}</a></dd>
        <dt>{t('application.procedure')}</dt>
        <dd><Local ctx={ctx} text={app.procedure.name} /></dd>
        <dt>{t('apply.project_title')}</dt>
        <dd><bdi>{app.title}</bdi></dd>
        <dt>{t('apply.address')}</dt>
        <dd><bdi>{app.location.address}</bdi></dd>
        <dt>{t(result.kind === 'receipt' ? 'application.received' : 'document.decided_at')}</dt>
        <dd><Time ctx={ctx} at={event.occurred_at} zone={result.zone} /></dd>
        {result.kind === 'decision' && (
          <>
            <dt>{t('document.outcome')}</dt>
            <dd><StatusBadge ctx={ctx} status={String(event.data.outcome ?? app.status)} /></dd>
            <dt>{t('document.decided_by')}</dt>
            <dd>{actorText(t, ctx.locale, event.actor)}</dd>
            {(['reasons', 'conditions', 'redress'] as const).map((key) =>
              text(key) ? (
                <>
                  <dt>{t(`event.field.${key}`)}</dt>
                  <dd class="prewrap">{text(key)}</dd>
                </>
              ) : null,
            )}
          </>
        )}
      </dl>
      <h3>{t('verify.checks_heading')}</h3>
      <ul class="checks">
        <li data-testid="verify-digest">
          {result.matches ? t('verify.digest_ok', { code: displayDocumentCode(result.code) }) : t('verify.digest_bad', { code: displayDocumentCode(result.code), recorded: displayDocumentCode(certificate.code) })}
        </li>
        <li data-testid="verify-log">
          {result.log.state === 'included' && t('verify.log_included', { index: ctx.fmt.number(result.log.index), size: ctx.fmt.number(result.log.size) })}
          {result.log.state === 'pending' && t('verify.log_pending')}
          {result.log.state === 'mismatch' && t('verify.log_mismatch')}
          {result.log.state === 'included' && (
            <>
              {' '}
              <a href={proofUrl} download={`${app.number}-${event.seq}.tlog-proof`}>{t('log.proof')}</a>
              {' · '}
              <a href={`/applications/${app.number}#event-${event.seq}`}>{t('verify.timeline_link')}</a>
            </>
          )}
        </li>
        <li>
          {t('verify.leaf_hash')} <code class="hash">{certificate.leafHash}</code>
        </li>
      </ul>
      <h3 id="passage-heading">{t('verify.passage_heading')}</h3>
      <form method="get" action={`/verify/${formatDocumentCode(result.code)}`} class="stack no-print" aria-labelledby="passage-heading">
        <Field id={fieldId('passage')} label={t('verify.passage_label')} hint={t('verify.passage_hint')}>
          <textarea {...aria(fieldId('passage'), undefined, true)} name="passage" rows={4}>{result.passage?.text ?? ''}</textarea>
        </Field>
        <button type="submit">{t('verify.passage_submit')}</button>
      </form>
      {result.passage && (
        <p class={result.passage.matched ? 'notice' : 'notice warning'} role="status" data-testid="verify-passage">
          {result.passage.matched ? t('verify.passage_matches', { field: t(result.passage.matched) }) : t('verify.passage_differs')}
        </p>
      )}
      <p class="muted small">{t('verify.privacy')}</p>
    </section>
  );
}
