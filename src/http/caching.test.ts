import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { keepCookiesPrivate } from './caching.js';

describe('keepCookiesPrivate', () => {
  it.each([
    { name: 'public with a cookie becomes private', cacheControl: 'public, max-age=60', cookie: true, want: 'private, no-cache', etag: false },
    { name: 'public without a cookie stays public', cacheControl: 'public, max-age=60', cookie: false, want: 'public, max-age=60', etag: true },
    { name: 'private with a cookie is left alone', cacheControl: 'private, no-store', cookie: true, want: 'private, no-store', etag: true },
  ])('$name', async ({ cacheControl, cookie, want, etag }) => {
    const app = Fastify();
    app.addHook('onSend', async (_request, reply, payload) => {
      keepCookiesPrivate(reply);
      return payload;
    });
    app.get('/', async (_request, reply) => {
      reply.header('cache-control', cacheControl).header('etag', 'W/"x"');
      if (cookie) reply.header('set-cookie', 'a=b');
      return 'ok';
    });
    const res = await app.inject({ method: 'GET', url: '/' });
    expect(res.headers['cache-control']).toBe(want);
    expect(res.headers.etag !== undefined).toBe(etag);
    await app.close();
  });
});
