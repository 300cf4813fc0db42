import type { AppError } from '../errors.js';
import type { ViewContext } from './context.js';
import { Layout } from './Layout.js';

/** A full-page error in the visitor's language, with its stable id for support. */
export function ErrorPage(props: { ctx: ViewContext; error: AppError; message: string }) {
  const { ctx, error } = props;
  return (
    <Layout ctx={ctx} title={ctx.t('error.title')} office={ctx.path.startsWith('/office') || ctx.path.startsWith('/admin')}>
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
      <p class="muted">{ctx.t('error.code', { id: error.id, status: error.status })}</p>
      <p>
        <a href="/">{ctx.t('error.home')}</a>
      </p>
    </Layout>
  );
}
