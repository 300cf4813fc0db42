import { LICENCES, type Manifest, type ManifestFile } from '../domain/openData.js';
import { pick } from '../i18n/index.js';
import { COLUMNS, FILE_KINDS } from '../presenters/openData.js';
import { TableScroll } from './components.js';
import type { ViewContext } from './context.js';
import { Layout } from './Layout.js';

/** What the data page shows: the current build (or none yet), the licence, the jurisdictions Open311 serves. */
export interface DataPageProps {
  ctx: ViewContext;
  manifest: Manifest | null;
  licence: keyof typeof LICENCES;
  publicUrl: string;
  jurisdictions: { id: string; code: string; name: { ko: string; en: string } }[];
  /** The zone the build time is shown in (the first jurisdiction's). */
  timeZone: string;
}

/** A size in bytes, kB (1,000 bytes) or MB (1,000,000 bytes), as the SI prefixes the page names mean, in the page's language. */
export function fileSize(ctx: Pick<ViewContext, 't' | 'fmt'>, n: number): string {
  if (n < 1000) return ctx.t('opendata.bytes', { n });
  if (n < 999_950) return ctx.t('opendata.kilobytes', { n: ctx.fmt.number(Math.round(n / 100) / 10) });
  return ctx.t('opendata.megabytes', { n: ctx.fmt.number(Math.round(n / 100_000) / 10) });
}

function FileTable(props: { ctx: ViewContext; id: string; caption: string; files: ManifestFile[] }) {
  const { ctx, files } = props;
  const t = ctx.t;
  return (
    <TableScroll label={props.caption}>
      <table class="data-files" id={props.id}>
        <caption>{props.caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('opendata.file')}</th>
            <th scope="col">{t('opendata.format')}</th>
            <th scope="col" class="num">{t('opendata.rows')}</th>
            <th scope="col" class="num">{t('opendata.size')}</th>
          </tr>
        </thead>
        <tbody>
          {files.map((f) => (
            <tr data-file={f.name}>
              <td>
                <a href={`/data/files/${f.name}`} download>{f.name}</a>
                <div class="small"><span class="muted">{t('opendata.sha256')}</span> <code class="hash">{f.sha256}</code></div>
              </td>
              <td>{t(`opendata.format.${f.format}`)}</td>
              <td class="num">{ctx.fmt.number(f.rows)}</td>
              <td class="num">{fileSize(ctx, f.bytes)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}

/** `/data`: the open-data downloads with their sizes, dates and checksums, the licence, Open311 and the data dictionary. */
export function DataPage(props: DataPageProps) {
  const { ctx, manifest } = props;
  const t = ctx.t;
  const licence = LICENCES[props.licence];
  const files = manifest?.files ?? [];
  const checkpointFile = files.find((f) => f.kind === 'checkpoint');
  const bulk = files.filter((f) => f.kind === 'applications' || f.kind === 'events');
  const bldsAll = files.filter((f) => f.kind.startsWith('blds-') && f.jurisdiction === null);
  const scopes = [...new Set(files.filter((f) => f.kind.startsWith('blds-') && f.jurisdiction !== null).map((f) => f.jurisdiction!))];
  const nameOf = (code: string) => {
    const j = props.jurisdictions.find((x) => x.code === code);
    return j ? pick(j.name, ctx.locale) : code;
  };
  const events = files.find((f) => f.kind === 'events' && f.format === 'jsonl');
  return (
    <Layout ctx={ctx} title={t('opendata.title')}>
      <h1>{t('opendata.title')}</h1>
      <p class="lead">{t('opendata.lead')}</p>
      <nav class="contents" aria-labelledby="data-contents" data-testid="contents">
        <h2 id="data-contents">{t('journey.contents')}</h2>
        <ul>
          <li><a href="#licence">{t('opendata.licence')}</a></li>
          <li>
            <a href="#files">{t('opendata.files')}</a>
            {manifest && (
              <ul class="inline-list small">
                <li><a href="#files-bulk">{t('opendata.bulk')}</a></li>
                <li><a href="#files-blds">{t('opendata.blds_all')}</a></li>
                {scopes.map((code) => <li><a href={`#files-${code}`}>{nameOf(code)}</a></li>)}
              </ul>
            )}
          </li>
          <li><a href="#verify">{t('opendata.verify')}</a></li>
          <li><a href="#open311">{t('opendata.open311')}</a></li>
          <li>
            <a href="#dictionary">{t('opendata.dictionary')}</a>
            <ul class="inline-list small">
              {FILE_KINDS.map((kind) => <li><a href={`#kind-${kind}`}>{t(`opendata.kind.${kind}`)}</a></li>)}
            </ul>
          </li>
        </ul>
      </nav>

      <section aria-labelledby="licence">
        <h2 id="licence">{t('opendata.licence')}</h2>
        <p>
          {t('opendata.licence_text')} <a href={licence.url} rel="license">{pick(licence.name, ctx.locale)}</a>
        </p>
        <p>{t('opendata.attribution', { site: props.publicUrl })}</p>
      </section>

      <section aria-labelledby="files">
        <h2 id="files">{t('opendata.files')}</h2>
        {!manifest ? (
          <p>{t('opendata.no_build')}</p>
        ) : (
          <>
            <p>
              {t('opendata.built', { at: ctx.fmt.dateTime(manifest.generated_at, props.timeZone), size: ctx.fmt.number(manifest.checkpoint.size) })}{' '}
              {checkpointFile && <a href={`/data/files/${checkpointFile.name}`} download>{t('opendata.checkpoint_file')}</a>}
            </p>
            <p>{t('opendata.refresh')}</p>
            <FileTable ctx={ctx} id="files-bulk" caption={t('opendata.bulk')} files={bulk} />
            <FileTable ctx={ctx} id="files-blds" caption={t('opendata.blds_all')} files={bldsAll} />
            {scopes.map((code) => (
              <FileTable ctx={ctx} id={`files-${code}`} caption={t('opendata.blds_of', { jurisdiction: nameOf(code) })} files={files.filter((f) => f.jurisdiction === code)} />
            ))}
          </>
        )}
      </section>

      <section aria-labelledby="verify">
        <h2 id="verify">{t('opendata.verify')}</h2>
        <p>{t('opendata.verify_text')}</p>
        <pre class="command" tabIndex={0} role="region" aria-label={t('opendata.verify')}><code>{`npm run log:verify -- --url ${props.publicUrl} --key '<vkey>' \\\n  --download ${events?.name ?? 'daylight-events-<size>.jsonl.gz'} --checkpoint ${checkpointFile?.name ?? 'daylight-checkpoint-<size>.txt'}`}</code></pre>
        <p>{t('opendata.verify_key')} <a href="/log/key">/log/key</a></p>
      </section>

      <section aria-labelledby="open311">
        <h2 id="open311">{t('opendata.open311')}</h2>
        <p>{t('opendata.open311_text')}</p>
        <dl class="facts">
          <dt>{t('opendata.open311_endpoint')}</dt>
          <dd><code>{`${props.publicUrl}/open311/v2/`}</code></dd>
          <dt>{t('opendata.open311_discovery')}</dt>
          <dd><a href="/open311/discovery.xml">/open311/discovery.xml</a>, <a href="/open311/discovery.json">/open311/discovery.json</a></dd>
          <dt>{t('opendata.open311_jurisdictions')}</dt>
          <dd>
            {props.jurisdictions.length ? (
              <ul class="inline-list">
                {props.jurisdictions.map((j) => (
                  <li><code>{j.id}</code> ({pick(j.name, ctx.locale)})</li>
                ))}
              </ul>
            ) : t('opendata.open311_none')}
          </dd>
        </dl>
      </section>

      <section aria-labelledby="dictionary">
        <h2 id="dictionary">{t('opendata.dictionary')}</h2>
        <p>{t('opendata.dictionary_text')}</p>
        {FILE_KINDS.map((kind) => (
          <section aria-labelledby={`kind-${kind}`}>
            <h3 id={`kind-${kind}`}>{t(`opendata.kind.${kind}`)}</h3>
            <p>{t(`opendata.kind.${kind}.text`)}</p>
            <TableScroll label={t(`opendata.kind.${kind}`)}>
              <table class="dictionary">
                <caption class="visually-hidden">{t(`opendata.kind.${kind}`)}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('opendata.column')}</th>
                    <th scope="col">{t('opendata.meaning')}</th>
                  </tr>
                </thead>
                <tbody>
                  {COLUMNS[kind].map((c) => (
                    <tr>
                      <th scope="row"><code>{c}</code></th>
                      <td>{t(`opendata.column.${c}`)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableScroll>
          </section>
        ))}
      </section>
    </Layout>
  );
}
