import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { CompactRange, integrate, rightEdgeNodes, type HashReader, type StoredNode } from './compact.js';
import { LogError } from './errors.js';
import { emptyRoot, leafHash } from './hash.js';
import { entries, mth } from './testing/reference.js';

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');
const ENTRIES = entries(1200);
const LEAVES = ENTRIES.map(leafHash);

describe('rightEdgeNodes', () => {
  it.each([
    [0, []],
    [1, [[0, 0]]],
    [2, [[1, 0]]],
    [6, [[2, 0], [1, 2]]],
    [7, [[2, 0], [1, 2], [0, 6]]],
    [256, [[8, 0]]],
    [70_000, [[16, 0], [12, 16], [8, 272], [6, 1092], [5, 2186], [4, 4374]]],
  ] as Array<[number, Array<[number, number]>]>)('size %i', (size, want) => {
    expect(rightEdgeNodes(size).map((n) => [n.level, n.index])).toEqual(want);
  });

  it('covers exactly the first `size` leaves with full subtrees, largest first (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }), (size) => {
        let covered = 0;
        for (const { level, index } of rightEdgeNodes(size)) {
          expect(index * 2 ** level).toBe(covered);
          covered += 2 ** level;
        }
        expect(covered).toBe(size);
      }),
    );
  });
});

/** An in-memory node store, as the server keeps (in tiles) and the reference computes. */
function nodeStore() {
  const nodes = new Map<string, Uint8Array>();
  const read: HashReader = (level, index) => {
    const hash = nodes.get(`${level}/${index}`);
    if (!hash) throw new Error(`missing node ${level}/${index}`);
    return hash;
  };
  const write = (list: StoredNode[]) => list.forEach((n) => nodes.set(`${n.level}/${n.index}`, n.hash));
  return { nodes, read, write };
}

describe('integrate', () => {
  it('grows a tree batch by batch to the reference root, storing every full subtree exactly once (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 90 }), { minLength: 1, maxLength: 12 }), (batches) => {
        const store = nodeStore();
        let size = 0;
        for (const count of batches) {
          const batch = LEAVES.slice(size, size + count);
          const result = integrate(size, store.read, batch);
          for (const node of result.nodes) {
            expect(store.nodes.has(`${node.level}/${node.index}`), 'stored twice').toBe(false);
            // Every reported node is the reference MTH of the leaves it covers.
            const begin = node.index * 2 ** node.level;
            expect(hex(node.hash)).toBe(hex(mth(ENTRIES.slice(begin, begin + 2 ** node.level))));
          }
          store.write(result.nodes);
          size += batch.length;
          expect(result.size).toBe(size);
          expect(hex(result.root)).toBe(hex(mth(ENTRIES.slice(0, size))));
        }
        // A tree of n leaves has floor(n / 2^l) full subtrees at each level l.
        let expected = 0;
        for (let level = 0; 2 ** level <= size; level++) expected += Math.floor(size / 2 ** level);
        expect(store.nodes.size).toBe(expected);
      }),
      { numRuns: 40 },
    );
  });

  it('reads only the right edge of the stored tree', () => {
    const store = nodeStore();
    store.write(integrate(0, store.read, LEAVES.slice(0, 1000)).nodes);
    const asked: string[] = [];
    integrate(1000, (level, index) => (asked.push(`${level}/${index}`), store.read(level, index)), LEAVES.slice(1000));
    expect(asked).toEqual(rightEdgeNodes(1000).map((n) => `${n.level}/${n.index}`));
  });

  it('gives the empty root for an empty tree and an empty batch', () => {
    const result = integrate(0, () => { throw new Error('nothing to read'); }, []);
    expect(result).toMatchObject({ size: 0, nodes: [] });
    expect(hex(result.root)).toBe(hex(emptyRoot()));
  });
});

describe('CompactRange', () => {
  it('restores from its hashes and continues identically', () => {
    const range = CompactRange.empty();
    LEAVES.slice(0, 77).forEach((leaf) => range.append(leaf));
    const restored = CompactRange.fromHashes(range.size, range.hashes);
    const copy = range.clone();
    for (const r of [range, restored, copy]) LEAVES.slice(77, 100).forEach((leaf) => r.append(leaf));
    expect(hex(restored.root())).toBe(hex(mth(ENTRIES.slice(0, 100))));
    expect(hex(copy.root())).toBe(hex(range.root()));
  });

  it('rejects a right edge that does not fit the size, and leaf hashes of the wrong length', () => {
    expect(() => CompactRange.fromHashes(3, [LEAVES[0]!])).toThrow(LogError);
    expect(() => CompactRange.fromHashes(1, [new Uint8Array(31)])).toThrow(LogError);
    expect(() => CompactRange.fromReader(1, () => new Uint8Array(16))).toThrow(LogError);
    expect(() => CompactRange.empty().append(new Uint8Array(33))).toThrow(LogError);
    expect(() => rightEdgeNodes(-1)).toThrow(LogError);
  });
});
