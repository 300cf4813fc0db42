import { searchRegister, type PublicCaseRow } from '../../db/repos/publicRead.js';
import type { Db } from '../../db/types.js';
import type { Locale } from '../../domain/types.js';
import { renderAtom, type AtomEntry } from '../../feeds/atom.js';
import { pickMarked, type Translate } from '../../i18n/index.js';
import { presentApplication, presentRegisterRow } from '../../presenters/public.js';
import { registerFiltersOrRefuse } from '../register.js';

/** Entries per register feed: the newest applications matching its filters. */
const FEED_SIZE = 50;

/** Who reads a feed and where: the reader's language, the site's public URL and the feed's own path (with its query). */
export interface FeedReader {
  t: Translate;
  locale: Locale;
  base: string;
  url: string;
}

/** An application's events as an Atom feed, newest first, built only from its public presentation. */
export function applicationFeed(found: PublicCaseRow, reader: FeedReader): string {
  const { t, locale, base } = reader;
  const a = presentApplication(found);
  const entries: AtomEntry[] = [...a.events].reverse().map((e) => {
    const stage = a.stages.find((s) => s.key === e.data.stage);
    const unit = e.data.unit as { name?: { ko: string; en: string } } | undefined;
    const title = t(`event.${e.type}`, { stage: stage ? pickMarked(stage.name, locale) : t('event.whole_application'), unit: unit?.name ? pickMarked(unit.name, locale) : '' });
    const note = ['note', 'reason', 'reasons', 'conditions'].map((k) => e.data[k]).filter((v): v is string => typeof v === 'string');
    return {
      id: `${base}/applications/${a.number}#event-${e.seq}`,
      title,
      updated: e.recorded_at,
      url: `${base}/applications/${a.number}#event-${e.seq}`,
      summary: [title, ...note].join('\n'),
    };
  });
  return renderAtom({
    id: `${base}/applications/${a.number}/feed.atom`,
    title: `${a.number} ${a.title}`,
    updated: a.received_at,
    selfUrl: `${base}${reader.url}`,
    alternateUrl: `${base}/applications/${a.number}`,
    lang: locale,
    entries,
  });
}

/**
 * The newest applications matching the register's filters in `query` as an Atom feed, titled by its filters; its id is
 * the feed's address without the language. Malformed filters are a validation error.
 */
export async function registerFeed(db: Db, query: Record<string, string | undefined>, reader: FeedReader, alternateUrl: string): Promise<string> {
  const { t, locale, base } = reader;
  const filters = registerFiltersOrRefuse({ ...query, cursor: undefined }, FEED_SIZE);
  const rows = (await searchRegister(db, filters)).map(presentRegisterRow);
  const described = [query.q, query.procedure, query.unit, query.status ? t(`status.${query.status}`) : undefined, query.from, query.to].filter(Boolean).join(' · ');
  return renderAtom({
    id: `${base}${reader.url.replace(/([?&])lang=[^&]*&?/, '$1').replace(/[?&]$/, '')}`,
    title: described ? `${t('feed.register_title')}: ${described}` : t('feed.register_title'),
    updated: new Date(0).toISOString(),
    selfUrl: `${base}${reader.url}`,
    alternateUrl,
    lang: locale,
    entries: rows.map((r) => ({
      id: `${base}/applications/${r.number}`,
      title: `${r.number} ${r.title}`,
      updated: r.closed_at ?? r.received_at,
      url: `${base}/applications/${r.number}`,
      summary: [pickMarked(r.procedure.name, locale), pickMarked(r.unit.name, locale), r.address, t(`status.${r.status}`)].join(' · '),
    })),
  });
}
