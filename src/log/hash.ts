/**
 * RFC 6962 section 2.1 hashing, and the bytes of a leaf. These run once per entry and once per tree node when a
 * whole log is verified (ten million entries is the target), so they reuse scratch buffers instead of building
 * concatenations, and use the one-shot `crypto.hash`.
 */
import { createHash, hash } from 'node:crypto';
import canonicalizeModule from 'canonicalize';
import { malformed } from './errors.js';

/** Size in bytes of every hash in the tree (SHA-256). */
export const HASH_SIZE = 32;

// The package is CommonJS with an ES-style declaration, so under NodeNext TypeScript types the default import as a
// namespace; at run time it is the function itself (some loaders wrap it in `default`).
const canonicalize = (
  typeof canonicalizeModule === 'function'
    ? canonicalizeModule
    : (canonicalizeModule as unknown as { default: unknown }).default
) as (input: unknown) => string | undefined;

// Entries larger than this are hashed without the scratch buffer so one huge entry does not pin memory forever.
const MAX_SCRATCH_ENTRY = 65_536;
let leafScratch = Buffer.alloc(1 + 4096);
const nodeScratch = Buffer.alloc(1 + 2 * HASH_SIZE);
nodeScratch[0] = 0x01;
const LEAF_PREFIX = Buffer.from([0x00]);

/** RFC 6962 leaf hash: SHA-256(0x00 || entry). */
export function leafHash(entry: Uint8Array): Uint8Array {
  const needed = entry.length + 1;
  if (entry.length > MAX_SCRATCH_ENTRY) {
    return createHash('sha256').update(LEAF_PREFIX).update(entry).digest();
  }
  if (leafScratch.length < needed) leafScratch = Buffer.alloc(Math.max(needed, leafScratch.length * 2));
  leafScratch[0] = 0x00;
  leafScratch.set(entry, 1);
  return hash('sha256', leafScratch.subarray(0, needed), 'buffer');
}

/** RFC 6962 interior node hash: SHA-256(0x01 || left || right); both children must be 32-byte hashes. */
export function nodeHash(left: Uint8Array, right: Uint8Array): Uint8Array {
  // A wrong length here is a caller's bug or a malformed proof; hashing it anyway would give a plausible-looking
  // root that verifies nothing.
  if (left.length !== HASH_SIZE || right.length !== HASH_SIZE) {
    throw malformed(`a tree hash must be ${HASH_SIZE} bytes, got ${left.length} and ${right.length}`);
  }
  nodeScratch.set(left, 1);
  nodeScratch.set(right, 1 + HASH_SIZE);
  return hash('sha256', nodeScratch, 'buffer');
}

const EMPTY_ROOT = hash('sha256', Buffer.alloc(0), 'buffer');

/** Root of the empty tree: SHA-256 of the empty string (a fresh copy, so callers may keep or change it). */
export function emptyRoot(): Uint8Array {
  return Uint8Array.from(EMPTY_ROOT);
}

/**
 * The log entry of a public event: UTF-8 of its RFC 8785 (JCS) canonical JSON without its own `log` member, so
 * anyone can recompute every leaf from the public API response. Does not change `publicEvent`.
 */
export function entryForEvent(publicEvent: object): Uint8Array {
  if (publicEvent === null || typeof publicEvent !== 'object' || Array.isArray(publicEvent)) {
    throw malformed('a public event must be a JSON object');
  }
  const withoutPosition: Record<string, unknown> = { ...(publicEvent as Record<string, unknown>) };
  delete withoutPosition.log;
  let json: string | undefined;
  try {
    json = canonicalize(withoutPosition);
  } catch (error) {
    // NaN, Infinity and BigInt have no JSON form; the public API could not have served them either.
    throw malformed(`the public event cannot be serialised as JSON: ${(error as Error).message}`);
  }
  if (json === undefined) throw malformed('the public event cannot be serialised as JSON');
  return Buffer.from(json, 'utf8');
}
