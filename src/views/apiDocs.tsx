import type { ViewContext } from './context.js';
import { Layout } from './Layout.js';

interface OpenApiOperation {
  summary?: string;
  tags?: string[];
  parameters?: { name: string; in: string; required?: boolean; description?: string; schema?: { type?: string; enum?: string[] } }[];
  requestBody?: unknown;
  responses?: Record<string, { description?: string }>;
  security?: unknown[];
}

/** Human-readable API documentation rendered on the server from the generated OpenAPI description. */
export function ApiDocsPage(props: { ctx: ViewContext; spec: { info: { title: string; description?: string }; paths: Record<string, Record<string, OpenApiOperation>> } }) {
  const { ctx, spec } = props;
  const t = ctx.t;
  return (
    <Layout ctx={ctx} title={t('api.title')}>
      <h1>{t('api.title')}</h1>
      <p class="lead">{t('api.lead')}</p>
      <p>
        <a href="/api/openapi.json">{t('api.openapi')}</a>
      </p>
      {Object.entries(spec.paths).map(([path, methods]) =>
        Object.entries(methods).map(([method, op]) => (
          <section class="panel api-op">
            <h2>
              <code class={`method method-${method}`}>{method.toUpperCase()}</code> <code>{path}</code>
            </h2>
            {op.summary && <p>{op.summary}</p>}
            {op.security && <p class="muted">{t('api.auth_required')}</p>}
            {op.parameters && op.parameters.length > 0 && (
              <table>
                <caption>{t('api.parameters')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('api.name')}</th>
                    <th scope="col">{t('api.in')}</th>
                    <th scope="col">{t('api.description')}</th>
                  </tr>
                </thead>
                <tbody>
                  {op.parameters.map((p) => (
                    <tr>
                      <td><code>{p.name}</code>{p.required ? ' *' : ''}</td>
                      <td>{p.in}</td>
                      <td>{p.description ?? (p.schema?.enum ? p.schema.enum.join(', ') : p.schema?.type ?? '')}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
            {op.requestBody !== undefined && (
              <details>
                <summary>{t('api.request_body')}</summary>
                <pre>{JSON.stringify(op.requestBody, null, 2)}</pre>
              </details>
            )}
            <p class="small muted">{t('api.responses')}: {Object.keys(op.responses ?? {}).join(', ')}</p>
          </section>
        )),
      )}
    </Layout>
  );
}
