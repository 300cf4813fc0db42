import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { signCheckpoint } from './checkpoint.js';
import { integrate, type HashReader } from './compact.js';
import { entryForEvent, leafHash } from './hash.js';
import { generateKey, parseSignerKey } from './note.js';
import { createTlogProof, formatTlogProof, parseTlogProof, TLOG_PROOF_HEADER, verifyTlogProof } from './proof.js';

const reason = (r: string) => expect.objectContaining({ reason: r });
const ORIGIN = 'daylight.example.org/log';
const key = generateKey(ORIGIN);
const signer = parseSignerKey(key.privateKey);

// A small log of public events, stored as full-subtree hashes.
const EVENTS = Array.from({ length: 300 }, (_, i) => ({
  application: `2026-GN-${String(i).padStart(7, '0')}`,
  seq: 1,
  log: { index: i },
}));
const ENTRIES = EVENTS.map(entryForEvent);
const integration = integrate(0, () => new Uint8Array(32), ENTRIES.map(leafHash));
const STORE = new Map(integration.nodes.map((n) => [`${n.level}/${n.index}`, n.hash]));
const getHash: HashReader = (level, index) => STORE.get(`${level}/${index}`)!;
const CHECKPOINT = signCheckpoint({ origin: ORIGIN, size: 300, rootHash: integration.root, extensions: [] }, signer);

describe('tlog proofs', () => {
  it('has the C2SP layout: header, index, hashes, blank line, checkpoint verbatim', () => {
    const text = createTlogProof(5, CHECKPOINT, getHash);
    const lines = text.split('\n');
    expect(lines[0]).toBe(TLOG_PROOF_HEADER);
    expect(lines[1]).toBe('index 5');
    const blank = lines.indexOf('');
    expect(blank).toBe(2 + 9); // ceil(log2(300)) hashes for this leaf
    expect(lines.slice(2, blank).every((l) => /^[A-Za-z0-9+/]{43}=$/.test(l))).toBe(true);
    expect(text.endsWith(`\n\n${CHECKPOINT}`)).toBe(true);
  });

  it('verifies for every entry, offline, with only the vkey (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 299 }), (index) => {
        const text = createTlogProof(index, CHECKPOINT, getHash);
        const verified = verifyTlogProof(text, ENTRIES[index]!, key.verifierKey);
        expect(verified.index).toBe(index);
        expect(verified.checkpoint.size).toBe(300);
        expect(verified.extra).toBeUndefined();
      }),
      { numRuns: 40 },
    );
  });

  it('carries opaque extra data and parses back to its parts', () => {
    const extra = Buffer.from('hello');
    const text = createTlogProof(7, CHECKPOINT, getHash, extra);
    expect(text.split('\n')[1]).toBe('extra aGVsbG8=');
    expect(Buffer.from(verifyTlogProof(text, ENTRIES[7]!, key.verifierKey).extra!).toString()).toBe('hello');
    const parts = parseTlogProof(text);
    expect(formatTlogProof(parts)).toBe(text);
  });

  it('verifies a proof for a one-entry log, which has no hashes', () => {
    const root = leafHash(ENTRIES[0]!);
    const checkpoint = signCheckpoint({ origin: ORIGIN, size: 1, rootHash: root, extensions: [] }, signer);
    const text = formatTlogProof({ index: 0, proof: [], checkpoint });
    expect(text.startsWith(`${TLOG_PROOF_HEADER}\nindex 0\n\n`)).toBe(true);
    expect(verifyTlogProof(Buffer.from(text), ENTRIES[0]!, key.verifierKey).index).toBe(0);
  });

  it('rejects another entry, a changed event, or the right entry at another index', () => {
    const text = createTlogProof(5, CHECKPOINT, getHash);
    expect(() => verifyTlogProof(text, ENTRIES[6]!, key.verifierKey)).toThrow(reason('root_mismatch'));
    const changed = entryForEvent({ ...EVENTS[5]!, seq: 2 });
    expect(() => verifyTlogProof(text, changed, key.verifierKey)).toThrow(reason('root_mismatch'));
    expect(() => verifyTlogProof(text.replace('index 5', 'index 4'), ENTRIES[5]!, key.verifierKey)).toThrow(
      reason('root_mismatch'),
    );
  });

  it('rejects a tampered hash, a tampered checkpoint or a foreign key', () => {
    const text = createTlogProof(5, CHECKPOINT, getHash);
    const hashLine = text.split('\n')[3]!;
    const flipped = (hashLine[0] === 'A' ? 'B' : 'A') + hashLine.slice(1);
    expect(() => verifyTlogProof(text.replace(hashLine, flipped), ENTRIES[5]!, key.verifierKey)).toThrow(
      reason('root_mismatch'),
    );
    expect(() => verifyTlogProof(text.replace(`\n300\n`, `\n301\n`), ENTRIES[5]!, key.verifierKey)).toThrow(
      reason('invalid_signature'),
    );
    expect(() => verifyTlogProof(text, ENTRIES[5]!, generateKey(ORIGIN).verifierKey)).toThrow(reason('unknown_key'));
    expect(() => verifyTlogProof(text, ENTRIES[5]!, key.verifierKey, { origin: 'other.example/log' })).toThrow(
      reason('wrong_origin'),
    );
  });

  it('rejects an index outside the checkpoint and a proof with a hash too few or too many', () => {
    const text = createTlogProof(5, CHECKPOINT, getHash);
    expect(() => verifyTlogProof(text.replace('index 5', 'index 300'), ENTRIES[5]!, key.verifierKey)).toThrow(
      reason('out_of_range'),
    );
    const lines = text.split('\n');
    const dropped = [...lines.slice(0, 2), ...lines.slice(3)].join('\n');
    expect(() => verifyTlogProof(dropped, ENTRIES[5]!, key.verifierKey)).toThrow(reason('wrong_proof_size'));
    const added = [...lines.slice(0, 2), lines[2]!, ...lines.slice(2)].join('\n');
    expect(() => verifyTlogProof(added, ENTRIES[5]!, key.verifierKey)).toThrow(reason('wrong_proof_size'));
  });

  const good = () => createTlogProof(5, CHECKPOINT, getHash);
  it.each([
    ['another header', () => good().replace(TLOG_PROOF_HEADER, 'c2sp.org/tlog-proof@v2')],
    ['no index line', () => good().replace('index 5\n', '')],
    ['an index with a leading zero', () => good().replace('index 5', 'index 05')],
    ['an index without the space', () => good().replace('index 5', 'index5')],
    ['extra after the index', () => good().replace('index 5\n', 'index 5\nextra aGVsbG8=\n')],
    ['extra that is not base64', () => good().replace('index 5\n', 'extra *\nindex 5\n')],
    ['a hash that is not base64', () => good().replace(/\n([A-Za-z0-9+/]{43}=)\n/, '\n$1!\n')],
    ['a hash of 31 bytes', () => good().replace(/\n[A-Za-z0-9+/]{43}=\n/, `\n${'A'.repeat(42)}==\n`)],
    ['CRLF line ends', () => good().replace(/\n/g, '\r\n')],
    ['no checkpoint', () => good().slice(0, good().indexOf('\n\n') + 2)],
    ['no blank line', () => good().replace('\n\n', '\n')],
  ])('rejects a proof with %s', (_what, make) => {
    expect(() => verifyTlogProof(make(), ENTRIES[5]!, key.verifierKey)).toThrow(reason('malformed'));
  });
});
