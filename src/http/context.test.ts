import { describe, expect, it } from 'vitest';
import { pagePath } from './context.js';

describe('the address a page links back to', () => {
  it.each<[string, string, string, Record<string, string>, string]>([
    ['a page read with GET is its own address', 'GET', '/register?q=x', { host: 'daylight.test' }, '/register?q=x'],
    ['a form shown again after a POST goes back to the page it was sent from', 'POST', '/admin/officials', { host: 'daylight.test', referer: 'http://daylight.test/admin?tab=officials' }, '/admin?tab=officials'],
    ['a POST from another site goes to the front page', 'POST', '/my/2026-TS-1/rating', { host: 'daylight.test', referer: 'https://elsewhere.example/admin' }, '/'],
    ['a POST without a referrer goes to the front page', 'POST', '/office/applications/2026-TS-1/acts', { host: 'daylight.test' }, '/'],
    ['a malformed referrer goes to the front page', 'POST', '/x', { host: 'daylight.test', referer: 'not a url' }, '/'],
  ])('%s', (_name, method, url, headers, expected) => {
    expect(pagePath({ method, url, headers })).toBe(expected);
  });
});
