/** An Atom 1.0 feed (RFC 4287) as Daylight publishes it: public data only, built by the feeds routes. */
export interface AtomFeed {
  /** A permanent IRI; we use the feed's own URL. */
  id: string;
  title: string;
  /** RFC 3339. */
  updated: string;
  selfUrl: string;
  alternateUrl: string;
  lang: string;
  entries: AtomEntry[];
}

export interface AtomEntry {
  id: string;
  title: string;
  updated: string;
  url: string;
  summary: string;
}

/** Serialises a feed as XML; every text and attribute is escaped and stripped of characters XML 1.0 forbids. */
export function renderAtom(feed: AtomFeed): string {
  const updated = feed.entries.reduce((max, e) => (e.updated > max ? e.updated : max), feed.updated);
  const lines = [
    '<?xml version="1.0" encoding="utf-8"?>',
    `<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${xml(feed.lang)}">`,
    `  <id>${xml(feed.id)}</id>`,
    `  <title>${xml(feed.title)}</title>`,
    `  <updated>${xml(updated)}</updated>`,
    `  <link rel="self" type="application/atom+xml" href="${xml(feed.selfUrl)}"/>`,
    `  <link rel="alternate" type="text/html" href="${xml(feed.alternateUrl)}"/>`,
    '  <author><name>Daylight</name></author>',
    '  <generator>Daylight</generator>',
  ];
  for (const e of feed.entries) {
    lines.push(
      '  <entry>',
      `    <id>${xml(e.id)}</id>`,
      `    <title>${xml(e.title)}</title>`,
      `    <updated>${xml(e.updated)}</updated>`,
      `    <link rel="alternate" type="text/html" href="${xml(e.url)}"/>`,
      `    <summary type="text">${xml(e.summary)}</summary>`,
      '  </entry>',
    );
  }
  lines.push('</feed>', '');
  return lines.join('\n');
}

/** Escapes text for XML content and double-quoted attributes, dropping characters XML 1.0 cannot carry. */
export function xml(value: string): string {
  return value
    .replace(/[^\u0009\u000A\u000D\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);
}

/** The feed a public page offers through `<link rel="alternate">`, worked out from its path; undefined for others. */
export function feedForPath(pathAndQuery: string): string | undefined {
  const [path, query] = pathAndQuery.split('?', 2) as [string, string | undefined];
  const app = /^\/applications\/([0-9]{4}-[A-Z]{2,4}-[0-9]{7})$/.exec(path);
  if (app) return `/applications/${app[1]}/feed.atom`;
  if (path === '/register') {
    const params = new URLSearchParams(query ?? '');
    params.delete('cursor');
    params.delete('lang');
    const rest = params.toString();
    return `/register/feed.atom${rest ? `?${rest}` : ''}`;
  }
  return undefined;
}
