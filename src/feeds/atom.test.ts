import { describe, expect, it } from 'vitest';
import { feedForPath, renderAtom, xml } from './atom.js';

describe('Atom feeds', () => {
  it.each([
    ['a < b & "c" \'d\'', 'a &lt; b &amp; &quot;c&quot; &apos;d&apos;'],
    ['bell\u0007 and nul\u0000 dropped', 'bell and nul dropped'],
    ['한국어 그대로', '한국어 그대로'],
    ['emoji 🏗 kept', 'emoji 🏗 kept'],
  ])('escapes %j', (input, expected) => {
    expect(xml(input)).toBe(expected);
  });

  it('dates the feed by its newest entry and escapes every field', () => {
    const out = renderAtom({
      id: 'http://x/f', title: 'T <1>', updated: '2020-01-01T00:00:00+09:00', selfUrl: 'http://x/f?a=1&b=2', alternateUrl: 'http://x/', lang: 'en',
      entries: [
        { id: 'http://x/1', title: 'One & two', updated: '2026-03-02T10:00:00+09:00', url: 'http://x/1', summary: '<script>' },
        { id: 'http://x/2', title: 'Two', updated: '2026-03-01T10:00:00+09:00', url: 'http://x/2', summary: 's' },
      ],
    });
    expect(out).toContain('<updated>2026-03-02T10:00:00+09:00</updated>\n  <link rel="self"');
    expect(out).toContain('href="http://x/f?a=1&amp;b=2"');
    expect(out).toContain('<title>One &amp; two</title>');
    expect(out).toContain('&lt;script&gt;');
    expect(out).not.toContain('<script>');
  });

  it.each([
    ['/applications/2026-GN-0001234', '/applications/2026-GN-0001234/feed.atom'],
    ['/register', '/register/feed.atom'],
    ['/register?unit=GN-BUILD&status=approved&cursor=abc&lang=en', '/register/feed.atom?unit=GN-BUILD&status=approved'],
    ['/applications/2026-GN-0001234/events/1/proof', undefined],
    ['/procedures', undefined],
  ])('offers a feed on %s', (path, feed) => {
    expect(feedForPath(path)).toBe(feed);
  });
});
