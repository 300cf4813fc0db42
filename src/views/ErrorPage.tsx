import type { AppError } from '../errors.js';
import type { ViewContext } from './context.js';
import { Layout } from './Layout.js';

/** A full-page error in the visitor's language, with its stable id for support. */
export function ErrorPage(props: { ctx: ViewContext; error: AppError; message: string }) {
  const { ctx, error } = props;
  const office = ctx.path.startsWith('/office') || ctx.path.startsWith('/admin');
  return (
    <Layout ctx={ctx} title={ctx.t('error.title')} office={office}>
      <h1>{ctx.t('error.title')}</h1>
      <p class="lead">{props.message}</p>
      {error.fields.length > 0 && (
        <ul>
          {error.fields.map((f) => (
            <li>
              <code>{f.field}</code>: {ctx.t(f.key, f.values)}
            </li>
          ))}
        </ul>
      )}
      {/* A page not found is often a mistyped or old number: offer the ways to find a case or a procedure again. */}
      {error.status === 404 && !office && (
        <ul class="inline-list" data-testid="not-found-ways">
          <li><a href="/register">{ctx.t('nav.register')}</a></li>
          <li><a href="/track">{ctx.t('nav.track')}</a></li>
          <li><a href="/procedures">{ctx.t('nav.procedures')}</a></li>
        </ul>
      )}
      {/* Refused: the way to the right door, not only the front page. */}
      {(error.status === 401 || error.status === 403) && ctx.path.startsWith('/my/') && (
        <p data-testid="refused-way"><a href="/track">{ctx.t('nav.track')}</a></p>
      )}
      {error.status === 403 && office && ctx.official && (
        <p data-testid="refused-way"><a href="/office">{ctx.t('nav.queue')}</a></p>
      )}
      <p>
        <a href="/">{ctx.t('error.home')}</a>
      </p>
      <p class="muted small">{ctx.t('error.code', { id: error.id, status: error.status })}</p>
    </Layout>
  );
}
