import type { FastifyRequest } from 'fastify';
import { describe, expect, it } from 'vitest';
import { gzipSync } from 'node:zlib';
import { acceptsGzip, mayShareRecord, ownBytes, renderedRecords } from './renderedRecords.js';

const request = (url: string, extra: { method?: string; cookies?: Record<string, string>; authorization?: string } = {}) =>
  ({ url, method: extra.method ?? 'GET', cookies: extra.cookies ?? {}, headers: extra.authorization ? { authorization: extra.authorization } : {} }) as unknown as FastifyRequest;

describe('mayShareRecord', () => {
  it.each([
    { name: 'bare address', req: request('/applications/2026-TS-0000001'), want: true },
    { name: 'one language choice', req: request('/applications/2026-TS-0000001?lang=en'), want: true },
    { name: 'HEAD', req: request('/applications/2026-TS-0000001', { method: 'HEAD' }), want: true },
    { name: 'a repeated language', req: request('/applications/2026-TS-0000001?lang=en&lang=en'), want: false },
    { name: 'another parameter', req: request('/applications/2026-TS-0000001?asked=1'), want: false },
    { name: 'an empty query', req: request('/applications/2026-TS-0000001?'), want: false },
    { name: 'a POST', req: request('/applications/2026-TS-0000001', { method: 'POST' }), want: false },
    { name: 'an official', req: request('/applications/2026-TS-0000001', { cookies: { dl_office: 'x' } }), want: false },
    { name: 'an applicant', req: request('/applications/2026-TS-0000001', { cookies: { dl_applicant: 'x' } }), want: false },
    { name: 'a citizen', req: request('/applications/2026-TS-0000001', { cookies: { dl_citizen: 'x' } }), want: false },
    { name: 'an API key', req: request('/api/v1/applications/2026-TS-0000001', { authorization: 'Bearer dlk_x' }), want: false },
    { name: 'only a form-token cookie', req: request('/applications/2026-TS-0000001', { cookies: { _csrf: 'x' } }), want: true },
  ])('$name → $want', ({ req, want }) => {
    expect(mayShareRecord(req)).toBe(want);
  });
});

describe('renderedRecords', () => {
  it('keeps nothing when its size is zero', () => {
    const cache = renderedRecords(0);
    cache.set('a', Buffer.from('bytes'));
    expect(cache.get('a')).toBeUndefined();
  });

  it('refuses a copy larger than an eighth of its size and evicts the least recently used beyond it', () => {
    const cache = renderedRecords(8_000);
    cache.set('huge', Buffer.from('x'.repeat(1_001)));
    expect(cache.get('huge')).toBeUndefined();
    for (let i = 0; i < 40; i++) cache.set(`k${i}`, Buffer.from('y'.repeat(300)));
    expect(cache.size().bytes).toBeLessThanOrEqual(8_000);
    expect(cache.get('k39')).toBeDefined();
    expect(cache.get('k0')).toBeUndefined();
  });

  it('counts a copy by its encoded bytes, not its characters', () => {
    const cache = renderedRecords(8_000);
    // 400 Hangul syllables are 1,200 bytes of UTF-8: over the eighth, though only 400 characters.
    cache.set('korean', Buffer.from('가'.repeat(400)));
    expect(cache.get('korean')).toBeUndefined();
    cache.set('short', Buffer.from('가'.repeat(300)));
    expect(cache.size().bytes).toBe(900 + 2 * 'short'.length);
  });
});

describe('renderedRecords: the memory a copy holds', () => {
  const block = Buffer.alloc(16_384, 7);
  it.each([
    { name: 'a window on a larger block', view: block.subarray(100, 4_196) },
    { name: 'a small Buffer from the shared pool', view: Buffer.from('a short record') },
    { name: "zlib's output, a slice of its work buffer", view: gzipSync(Buffer.from('가'.repeat(3_000)), { level: 6 }) },
    { name: 'a Buffer of its own', view: Buffer.allocUnsafeSlow(64).fill(1) },
  ])('keeps $name in memory of exactly its size, with the same bytes', ({ view }) => {
    const cache = renderedRecords(1_000_000);
    cache.set('k', view);
    const kept = cache.get('k')!;
    expect(kept.buffer.byteLength).toBe(view.byteLength);
    expect(kept.byteOffset).toBe(0);
    expect(kept.equals(view)).toBe(true);
    expect(cache.size().bytes).toBe(view.byteLength + 2);
    expect(ownBytes(view).equals(view)).toBe(true);
  });

  it('holds no more than its budget in blocks, however small the copies', () => {
    const cache = renderedRecords(64_000);
    const keys = Array.from({ length: 200 }, (_, i) => `record-${i}`);
    for (const key of keys) cache.set(key, gzipSync(Buffer.from(`${key} `.repeat(200)), { level: 6 }));
    const held = keys.map((k) => cache.get(k)).reduce((sum, b) => sum + (b ? b.buffer.byteLength : 0), 0);
    expect(held).toBeGreaterThan(0);
    expect(held).toBeLessThanOrEqual(64_000);
  });
});

describe('renderedRecords: lookups and copies being made', () => {
  it('counts hits and misses, also when nothing is kept', () => {
    const cache = renderedRecords(8_000);
    cache.get('a');
    cache.set('a', Buffer.from('bytes'));
    cache.get('a');
    cache.get('a');
    expect(cache.lookups()).toEqual({ hits: 2, misses: 1, joined: 0 });
    const none = renderedRecords(0);
    none.get('a');
    expect(none.lookups()).toEqual({ hits: 0, misses: 1, joined: 0 });
    expect(none.pending('a')).toBeUndefined();
  });

  it('hands a copy being made to those who wait, and forgets it once made', async () => {
    const cache = renderedRecords(8_000);
    expect(cache.pending('a')).toBeUndefined();
    let resolve: (copy: Buffer | undefined) => void = () => undefined;
    cache.making('a', new Promise((r) => (resolve = r)));
    const waiting = [cache.pending('a'), cache.pending('a')];
    expect(cache.pending('b')).toBeUndefined();
    resolve(Buffer.from('made'));
    for (const w of waiting) expect((await w)?.toString()).toBe('made');
    expect(cache.pending('a')).toBeUndefined();
    expect(cache.lookups().joined).toBe(2);
  });

  it('releases those waiting with nothing when the render fails', async () => {
    const cache = renderedRecords(8_000);
    let reject: (error: Error) => void = () => undefined;
    cache.making('a', new Promise((_, r) => (reject = r)));
    const waiting = cache.pending('a');
    reject(new Error('database gone'));
    expect(await waiting).toBeUndefined();
    expect(cache.pending('a')).toBeUndefined();
  });
});

describe('acceptsGzip', () => {
  it.each([
    { header: undefined, want: false },
    { header: '', want: false },
    { header: 'gzip', want: true },
    { header: 'gzip, deflate, br, zstd', want: true },
    { header: 'GZIP', want: true },
    { header: 'x-gzip', want: true },
    { header: 'br;q=1.0, gzip;q=0.8, *;q=0.1', want: true },
    { header: 'gzip;q=0', want: false },
    { header: 'gzip; q=0.000', want: false },
    { header: 'gzip;q=abc', want: false },
    { header: 'identity', want: false },
    { header: 'br', want: false },
    { header: '*', want: true },
    { header: '*;q=0', want: false },
    { header: '*, gzip;q=0', want: false },
    { header: 'gzip;q=0, *', want: false },
    { header: ['br', 'gzip'], want: true },
    { header: `${'x,'.repeat(2000)}gzip`, want: false },
  ])('$header → $want', ({ header, want }) => {
    expect(acceptsGzip(header)).toBe(want);
  });
});
