import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { emptyRoot, entryForEvent, leafHash, nodeHash } from './hash.js';
import { LogError } from './errors.js';
import { mth } from './testing/reference.js';

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

describe('RFC 6962 hashing', () => {
  it('hashes the empty tree, an empty leaf and a pair as RFC 6962 says', () => {
    expect(hex(emptyRoot())).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    // Leaf hash of the empty entry and the root of the two-leaf tree {"", 0x00}, from transparency-dev/merkle.
    const empty = leafHash(new Uint8Array());
    expect(hex(empty)).toBe('6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d');
    expect(hex(nodeHash(empty, leafHash(Uint8Array.of(0))))).toBe(
      'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
    );
  });

  it('agrees with the reference for entries of any size, including ones past the scratch buffer', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 70_000 }), fc.uint8Array({ maxLength: 300 }), (a, b) => {
        expect(hex(nodeHash(leafHash(a), leafHash(b)))).toBe(hex(mth([a, b])));
      }),
      { numRuns: 30 },
    );
  });

  it('returns independent hashes, so reusing scratch space never changes an earlier result', () => {
    const first = leafHash(Buffer.from('a'));
    const copy = hex(first);
    leafHash(Buffer.from('b'));
    nodeHash(first, first);
    expect(hex(first)).toBe(copy);
    const root = emptyRoot();
    root[0] = 0;
    expect(hex(emptyRoot())).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });

  it('refuses to hash children that are not 32-byte hashes', () => {
    expect(() => nodeHash(new Uint8Array(31), new Uint8Array(32))).toThrow(LogError);
    expect(() => nodeHash(new Uint8Array(32), new Uint8Array(33))).toThrow(LogError);
  });
});

describe('entryForEvent', () => {
  it('is the JCS form of the public event without its log member', () => {
    const event = { type: 'stage_started', seq: 2, log: { index: 17 }, application: '2026-GN-0001234', a: [1, 'é'] };
    expect(Buffer.from(entryForEvent(event)).toString('utf8')).toBe(
      '{"a":[1,"é"],"application":"2026-GN-0001234","seq":2,"type":"stage_started"}',
    );
    expect(event.log).toEqual({ index: 17 });
  });

  it('follows RFC 8785 for numbers and escapes', () => {
    const event = { n: [1e21, 0.000001, -0, 1.5e-7, 333333333.3333333], s: 'tab\there "quoted" \u2028', e: null };
    expect(Buffer.from(entryForEvent(event)).toString('utf8')).toBe(
      '{"e":null,"n":[1e+21,0.000001,0,1.5e-7,333333333.3333333],"s":"tab\\there \\"quoted\\" \u2028"}',
    );
  });

  it('sorts keys by UTF-16 code units, as in the RFC 8785 section 3.2.3 example', () => {
    const event = {
      '\u20ac': 'Euro Sign',
      '\r': 'Carriage Return',
      '\ufb33': 'Hebrew Letter Dalet With Dagesh',
      '1': 'One',
      '\ud83d\ude00': 'Emoji: Grinning Face',
      '\u0080': 'Control',
      '\u00f6': 'Latin Small Letter O With Diaeresis',
    };
    const json = Buffer.from(entryForEvent(event)).toString('utf8');
    // Object.keys would list "1" first (integer-like keys), so read the order from the text itself.
    const words = ['Carriage', 'One', 'Control', 'Diaeresis', 'Euro', 'Emoji', 'Hebrew'];
    const order = words.map((word) => json.indexOf(word));
    expect(order.every((at, i) => at > 0 && (i === 0 || at > order[i - 1]!))).toBe(true);
  });

  it('is the same for the same event whatever its key order, and changes when any public field changes', () => {
    const a = entryForEvent({ x: 1, y: { p: true, q: [1, 2] } });
    const b = entryForEvent({ y: { q: [1, 2], p: true }, x: 1, log: 99 });
    expect(hex(a)).toBe(hex(b));
    expect(hex(entryForEvent({ x: 2, y: { p: true, q: [1, 2] } }))).not.toBe(hex(a));
  });

  it('rejects what JSON cannot carry', () => {
    expect(() => entryForEvent({ n: Number.NaN })).toThrow(LogError);
    expect(() => entryForEvent({ n: 10n } as object)).toThrow(LogError);
    expect(() => entryForEvent([1, 2])).toThrow(LogError);
  });
});
