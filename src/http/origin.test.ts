import type { FastifyRequest } from 'fastify';
import { describe, expect, it } from 'vitest';
import { sameOrigin } from './origin.js';

const request = (headers: Record<string, string>) => ({ headers: { host: 'daylight.example', ...headers } }) as unknown as FastifyRequest;

describe('sameOrigin', () => {
  it.each([
    ['a form of our own page (the page sends no referrer, so Origin is null)', { 'sec-fetch-site': 'same-origin', origin: 'null' }, true],
    ['a cross-site form', { 'sec-fetch-site': 'cross-site', origin: 'https://evil.example' }, false],
    ['a sibling subdomain', { 'sec-fetch-site': 'same-site', origin: 'https://x.daylight.example' }, false],
    ['an older browser from our page', { origin: 'https://daylight.example' }, true],
    ['an older browser from elsewhere', { origin: 'https://evil.example' }, false],
    ['an older browser with a null origin', { origin: 'null' }, false],
    ['a malformed origin', { origin: 'not a url' }, false],
    ['no browser at all', {}, true],
  ])('%s', (_name, headers, expected) => {
    expect(sameOrigin(request(headers))).toBe(expected);
  });
});
