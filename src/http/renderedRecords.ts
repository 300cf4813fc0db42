import { gunzipSync, gzipSync } from 'node:zlib';
import { LRUCache } from 'lru-cache';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import { render } from 'preact-render-to-string';
import { findPublicCase, publicCaseVersion, type PublicCaseRow } from '../db/repos/publicRead.js';
import type { Db } from '../db/types.js';
import { notFound } from '../errors.js';
import { hasIdentity, publicRecordCaching } from './caching.js';

/**
 * Rendered public records kept in memory: the bytes of an application's public page or API record, as an anonymous
 * visitor gets them, gzip-compressed (sent so to every client that accepts it, decompressed for the others), so that a popular record costs one indexed query (is this copy still current?) rather than
 * reading every event, replaying the case's clock and rendering again.
 *
 * A copy is keyed by everything the record depends on: the address asked for, the language, the record's version
 * (its number of events, how many still wait for a log index, its calendar's version) and the five-minute bucket in
 * which due-date states are computed. Several instances each keep their own copies; none is served once the version
 * in the database has moved. Only anonymous requests read or fill it: an official, an applicant or a citizen signed
 * in sees their own page, which is never kept.
 */
export interface RenderedRecords {
  /** The (compressed) bytes kept under `key`, or undefined. */
  get(key: string): Buffer | undefined;
  /** Keeps `bytes` under `key` unless they are larger than an eighth of the cache. */
  set(key: string, bytes: Buffer): void;
  /** How many copies are kept and their total size in bytes (for the bench and operators). */
  size(): { entries: number; bytes: number };
  /**
   * The copy another request is making under `key` right now, if one is, resolving to it (or to undefined when that
   * request keeps nothing). A request that misses waits for it rather than reading and rendering the same record
   * again: a popular record whose version just moved, or whose time bucket just turned, is asked for by many
   * visitors at once.
   */
  pending(key: string): Promise<Buffer | undefined> | undefined;
  /** Tells later requests that `key` is being made until `making` settles. */
  making(key: string, making: Promise<Buffer | undefined>): void;
  /**
   * Since the start: lookups that found a copy, lookups that did not, and how many of those waited for a copy another
   * request was making (`pending`) instead of rendering. For the bench and operators.
   */
  lookups(): { hits: number; misses: number; joined: number };
}

declare module 'fastify' {
  interface FastifyInstance {
    /** This instance's rendered public records (for operators' figures and tests). */
    renderedRecords: RenderedRecords;
  }
}

/** Due-date states move with time: a copy is never older than this. */
export const RECORD_BUCKET_MS = 5 * 60_000;

export function renderedRecords(maxBytes: number): RenderedRecords {
  if (maxBytes <= 0) {
    let misses = 0;
    return {
      get: () => void misses++, set: () => undefined, size: () => ({ entries: 0, bytes: 0 }),
      pending: () => undefined, making: () => undefined, lookups: () => ({ hits: 0, misses, joined: 0 }),
    };
  }
  const cache = new LRUCache<string, Buffer>({
    maxSize: maxBytes,
    // The encoded bytes as they are, plus the key (a JavaScript string, one or two bytes a character: two keeps the
    // bound honest). Bytes kept encoded are written to the socket as they are, with no conversion on each hit.
    sizeCalculation: (value, key) => value.byteLength + 2 * key.length,
    maxEntrySize: Math.max(1, Math.floor(maxBytes / 8)),
    ttl: RECORD_BUCKET_MS,
  });
  const inFlight = new Map<string, Promise<Buffer | undefined>>();
  let hits = 0;
  let misses = 0;
  let joined = 0;
  return {
    get: (key) => {
      const kept = cache.get(key);
      if (kept === undefined) misses++;
      else hits++;
      return kept;
    },
    set: (key, bytes) => void cache.set(key, ownBytes(bytes)),
    size: () => ({ entries: cache.size, bytes: cache.calculatedSize }),
    pending: (key) => {
      const making = inFlight.get(key);
      if (making) joined++;
      return making;
    },
    making: (key, making) => {
      // A failed render resolves to nothing for those waiting: each then renders for itself.
      const settled = making.catch(() => undefined);
      inFlight.set(key, settled);
      void settled.then(() => {
        if (inFlight.get(key) === settled) inFlight.delete(key);
      });
    },
    lookups: () => ({ hits, misses, joined }),
  };
}

/**
 * The bytes of `view` in memory of their own. A Buffer can be a window on a larger block (zlib's output of up to 16 KB
 * is a slice of its 16 KB work buffer; a small Buffer made from a string shares an 8 KB pool), and a kept window
 * holds the whole block: 32 MB of 4 KB copies held 130 MB. A kept copy owns exactly what the budget counts.
 */
export function ownBytes(view: Buffer): Buffer {
  if (view.byteOffset === 0 && view.buffer.byteLength === view.byteLength) return view;
  const own = Buffer.allocUnsafeSlow(view.byteLength);
  view.copy(own);
  return own;
}

/**
 * Whether a request may be answered from, and fill, the shared copies: a GET or HEAD from a visitor who carries no
 * session and no API key, for the record's own address with nothing in its query but one language choice.
 */
export function mayShareRecord(request: FastifyRequest): boolean {
  if (request.method !== 'GET' && request.method !== 'HEAD') return false;
  if (hasIdentity(request)) return false;
  const query = request.url.indexOf('?');
  // One spelling per copy: `?lang=en&lang=en` and the like are answered, but never fill the cache.
  return query < 0 || /^lang=[a-z]{2}$/.test(request.url.slice(query + 1));
}

/** The key of a shared copy: kind, address, language, version parts and the time bucket. */
function recordKey(request: FastifyRequest, parts: readonly (string | number)[], now = Date.now()): string {
  return [request.url, request.locale, ...parts, Math.floor(now / RECORD_BUCKET_MS)].join('\u0000');
}

export const HTML = 'text/html; charset=utf-8';
export const JSON_TYPE = 'application/json; charset=utf-8';

/** A page as the bytes a browser gets. */
export function htmlDocument(node: VNode): string {
  return `<!doctype html>${render(node)}`;
}

/** Sends a page (`reply.page`; also for a reply no decorator has reached, as the router's own refusals get). */
export function sendPage(reply: FastifyReply, node: VNode, status = 200): FastifyReply {
  return reply.code(status).type(HTML).send(htmlDocument(node));
}

/**
 * An anonymous visitor's public record (`mayShareRecord`): one indexed query for its version, then null (answer 304)
 * when the visitor's copy is current, the bytes kept for that version, or what `build` makes of the record, kept
 * for the next visitor unless `build` says the bytes are the visitor's own.
 */
export async function sharedPublicRecord(
  db: Db,
  request: FastifyRequest,
  reply: FastifyReply,
  rendered: RenderedRecords,
  kind: 'page' | 'api',
  number: string,
  build: (found: PublicCaseRow) => Promise<{ bytes: string; keep: boolean }>,
): Promise<Buffer | null> {
  const version = await publicCaseVersion(db, number);
  if (!version) throw notFound('error.application_not_found');
  const parts = [kind, number, version.events, version.unsequenced, version.calendarVersion];
  if (publicRecordCaching(request, reply, parts)) return null;
  const key = recordKey(request, parts);
  const kept = rendered.get(key);
  if (kept !== undefined) return forClient(request, reply, kept);
  // Another visitor's request is rendering this very version: its copy is the one this request would make.
  const pending = rendered.pending(key);
  const joined = pending && (await pending);
  if (joined) return forClient(request, reply, joined);
  let made: (copy: Buffer | undefined) => void = () => undefined;
  if (!pending) rendered.making(key, new Promise<Buffer | undefined>((resolve) => (made = resolve)));
  try {
    const found = await findPublicCase(db, number);
    if (!found) throw notFound('error.application_not_found');
    const built = await build(found);
    const bytes = Buffer.from(built.bytes, 'utf8');
    // The visitor's own bytes (a page with a form token) are neither kept nor handed to anyone waiting.
    if (!built.keep) return bytes;
    // Kept compressed, once: every browser and CDN accepts gzip, so a hit writes a fifth to an eighth of the bytes
    // (most of a hit's cost is writing them), and the same budget holds several times more records.
    const compressed = gzipSync(bytes, { level: 6 });
    rendered.set(key, compressed);
    made(compressed);
    return forClient(request, reply, compressed);
  } finally {
    // Once settled, a promise ignores this: it releases those waiting when nothing was kept or the render failed.
    made(undefined);
  }
}

/** A kept copy as the client can read it: as it is with `Content-Encoding: gzip`, or decompressed for one that cannot. */
function forClient(request: FastifyRequest, reply: FastifyReply, compressed: Buffer): Buffer {
  if (!acceptsGzip(request.headers['accept-encoding'])) return gunzipSync(compressed);
  reply.header('content-encoding', 'gzip');
  return compressed;
}

/**
 * Whether an `Accept-Encoding` header accepts gzip (RFC 9110 §12.5.3): `gzip` (or its old alias `x-gzip`), or `*`
 * when gzip is not named, with a quality above zero. Bounded: a header longer than a browser's is read no further.
 */
export function acceptsGzip(header: string | string[] | undefined): boolean {
  if (header === undefined) return false;
  const text = (Array.isArray(header) ? header.join(',') : header).slice(0, 1024).toLowerCase();
  let star: boolean | undefined;
  for (const item of text.split(',', 32)) {
    const [name = '', ...params] = item.split(';').map((part) => part.trim());
    const q = params.find((param) => param.startsWith('q='));
    const quality = q === undefined ? 1 : Number(q.slice(2));
    const accepted = Number.isFinite(quality) && quality > 0;
    if (name === 'gzip' || name === 'x-gzip') return accepted;
    if (name === '*') star = accepted;
  }
  return star ?? false;
}
