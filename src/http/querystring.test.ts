import { describe, expect, it } from 'vitest';
import { parseQueryString } from './querystring.js';

describe('parseQueryString', () => {
  it.each([
    ['q=a', { q: 'a' }],
    ['q=a&q=b', { q: 'a' }],
    ['unit=a&status=open&unit=b', { unit: 'a', status: 'open' }],
    ['q=%ff', { q: '\ufffd' }],
    ['q=%E2%80%AE', { q: '' }],
    ['q=a+b', { q: 'a b' }],
    ['__proto__=x&constructor=y&q=1', { q: '1' }],
    ['', {}],
    ['=x&flag', { '': 'x', flag: '' }],
  ])('%j', (text, expected) => {
    expect(parseQueryString(text)).toEqual(expected);
    expect(Object.getPrototypeOf(parseQueryString(text))).toBe(Object.prototype);
  });

  it('keeps at most a hundred parameters', () => {
    const text = Array.from({ length: 500 }, (_, i) => `p${i}=${i}`).join('&');
    expect(Object.keys(parseQueryString(text))).toHaveLength(100);
  });
});
