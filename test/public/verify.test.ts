/**
 * The in-browser verifier (`public/verify.js`), run in Node with the same Web Crypto API the browser has: its
 * canonical JSON against the `canonicalize` package the server uses, its Merkle check against the server's
 * proofs, and every way a proof can fail.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { webcrypto } from 'node:crypto';
import canonicalizeModule from 'canonicalize';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  createTlogProof,
  decodeBase64,
  encodeBase64,
  entryForEvent,
  generateKey,
  integrate,
  leafHash,
  parseSignerKey,
  signCheckpoint,
  type HashReader,
} from '../../src/log/index.js';

interface VerifyModule {
  canonicalize(value: unknown): string;
  entryForEvent(event: object): Uint8Array;
  rootFromInclusion(subtle: SubtleCrypto, leaf: Uint8Array, index: number, size: number, proof: Uint8Array[]): Promise<Uint8Array>;
  verifyEventProof(args: { proofText: string; event: object; vkey: string; subtle?: SubtleCrypto }): Promise<{ index: number; size: number; signature: boolean }>;
  VerifyError: new (kind: string, message: string) => Error & { kind: string };
}

const canonicalize = (typeof canonicalizeModule === 'function' ? canonicalizeModule : (canonicalizeModule as { default: unknown }).default) as (v: unknown) => string;
const subtle = webcrypto.subtle as unknown as SubtleCrypto;
let browser: VerifyModule;
beforeAll(async () => {
  // A computed specifier: the script is plain JavaScript for browsers, with no TypeScript declarations.
  browser = (await import(pathToFileURL(path.resolve('public/verify.js')).href)) as VerifyModule;
});

/** A small log of public events, with a signed checkpoint and a way to build proofs. */
function buildLog(events: object[], origin = 'daylight.test/log') {
  const key = generateKey(origin);
  const signer = parseSignerKey(key.privateKey);
  const nodes = new Map<string, Uint8Array>();
  const tree = integrate(0, () => { throw new Error('empty'); }, events.map((e) => leafHash(entryForEvent(e))));
  tree.nodes.forEach((n) => nodes.set(`${n.level}/${n.index}`, n.hash));
  const { root, size } = tree;
  const getHash: HashReader = (level, index) => nodes.get(`${level}/${index}`)!;
  const note = signCheckpoint({ origin, size, rootHash: root, extensions: [] }, signer);
  return { vkey: key.verifierKey, proof: (index: number) => createTlogProof(index, note, getHash) };
}

const events = Array.from({ length: 11 }, (_, i) => ({
  application: '2026-TS-0000042',
  seq: i + 1,
  type: i === 0 ? 'received' : 'site_inspection',
  occurred_at: '2026-03-02T09:15:00+09:00',
  recorded_at: '2026-03-02T09:20:00+09:00',
  actor: i === 0 ? { kind: 'applicant' } : { kind: 'official', name: { ko: '김민준', en: 'Kim Min-jun' }, unit: { code: 'TS-BUILD', name: { ko: '건축과', en: 'Building' } } },
  data: { stage: 'intake', note: `방문 ${i} — “quoted” \u0007 😀`, floor_area: 420.5, flags: [true, null, 1e21] },
  log: { index: i },
}));

describe('the browser’s canonical JSON', () => {
  it('matches the canonicalize package the server hashes with, for any JSON value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(browser.canonicalize(value)).toBe(canonicalize(value));
      }),
      { numRuns: 2000 },
    );
  });

  it.each<[string, unknown]>([
    ['keys sorted by UTF-16 code units, not code points', { '\uffff': 1, '😀': 2, a: 3, B: 4, '': 5 }],
    ['numbers in ECMAScript form', [0, -0, 1e21, 1e-7, 0.1 + 0.2, -5e-324, 123456789012345680000]],
    ['escapes', ['\u0000\u001f\u007f"\\/\n\t\u2028', 'é', '한국어']],
    ['nesting', { b: [{ d: 1, c: [] }, {}], a: null }],
  ])('matches on %s', (_name, value) => {
    expect(browser.canonicalize(value)).toBe(canonicalize(value));
  });

  it('gives the same entry bytes as the server for public events', () => {
    for (const event of events) expect(Buffer.from(browser.entryForEvent(event))).toEqual(Buffer.from(entryForEvent(event)));
  });
});

describe('the browser’s proof check', () => {
  it('recomputes the root of every inclusion proof the server builds, for every index of trees up to 33', async () => {
    for (let size = 1; size <= 33; size++) {
      const leaves = Array.from({ length: size }, (_, i) => leafHash(Buffer.from(`entry ${i}`)));
      const tree = integrate(0, () => { throw new Error('empty'); }, leaves);
      const nodes = new Map(tree.nodes.map((n) => [`${n.level}/${n.index}`, n.hash]));
      const { root } = tree;
      const signer = parseSignerKey(generateKey('x').privateKey);
      for (let index = 0; index < size; index++) {
        const proofText = createTlogProof(index, signCheckpoint({ origin: 'x', size, rootHash: root, extensions: [] }, signer), (l, i) => nodes.get(`${l}/${i}`)!);
        const hashes = proofText.split('\n\n')[0]!.split('\n').slice(2).map((line) => decodeBase64(line)!);
        const computed = await browser.rootFromInclusion(subtle, leaves[index]!, index, size, hashes);
        expect(encodeBase64(computed), `${index} of ${size}`).toBe(encodeBase64(root));
      }
    }
  });

  it('verifies a genuine proof, signature included', async () => {
    const log = buildLog(events);
    for (const event of events) {
      const result = await browser.verifyEventProof({ proofText: log.proof(event.log.index), event, vkey: log.vkey, subtle });
      expect(result).toEqual({ index: event.log.index, size: events.length, signature: true });
    }
  });

  it('says when only the Merkle part could be checked (no Ed25519 in the browser)', async () => {
    const log = buildLog(events);
    const withoutEd25519 = {
      digest: (algorithm: string, data: BufferSource) => subtle.digest(algorithm, data),
      importKey: () => Promise.reject(new DOMException('Unrecognized algorithm name', 'NotSupportedError')),
    } as unknown as SubtleCrypto;
    const result = await browser.verifyEventProof({ proofText: log.proof(3), event: events[3]!, vkey: log.vkey, subtle: withoutEd25519 });
    expect(result).toEqual({ index: 3, size: 11, signature: false });
  });

  const failures: [string, string, (log: ReturnType<typeof buildLog>) => { proofText: string; event: object; vkey: string }][] = [
    ['a changed event', 'inclusion', (log) => ({ proofText: log.proof(4), event: { ...events[4]!, data: { note: 'rewritten' } }, vkey: log.vkey })],
    ['another event’s proof', 'entry', (log) => ({ proofText: log.proof(5), event: events[4]!, vkey: log.vkey })],
    ['a changed proof hash', 'inclusion', (log) => {
      const lines = log.proof(4).split('\n');
      lines[2] = encodeBase64(new Uint8Array(32));
      return { proofText: lines.join('\n'), event: events[4]!, vkey: log.vkey };
    }],
    ['a forged checkpoint signature', 'signature', (log) => {
      const text = log.proof(4);
      const last = text.trimEnd().split('\n').at(-1)!;
      const sig = decodeBase64(last.split(' ')[2]!)!;
      sig[10] = sig[10]! ^ 1;
      return { proofText: text.replace(last, `${last.split(' ').slice(0, 2).join(' ')} ${encodeBase64(sig)}`), event: events[4]!, vkey: log.vkey };
    }],
    ['a checkpoint of another log', 'signature', (log) => ({ proofText: log.proof(4), event: events[4]!, vkey: buildLog(events, 'other.test/log').vkey })],
    ['a key of the same name that did not sign it', 'signature', (log) => ({ proofText: log.proof(4), event: events[4]!, vkey: buildLog(events).vkey })],
  ];
  it.each(failures)('rejects %s (%s)', async (_name, kind, make) => {
    const args = make(buildLog(events));
    await expect(browser.verifyEventProof({ ...args, subtle })).rejects.toMatchObject({ kind });
  });
});
