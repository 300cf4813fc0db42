import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { integrate, rightEdgeNodes } from './compact.js';
import { LogError } from './errors.js';
import { leafHash } from './hash.js';
import { inclusionProof, inclusionProofNodes, consistencyProof, verifyConsistency, verifyInclusion } from './merkle.js';
import {
  decodeEntryBundle,
  encodeEntryBundle,
  encodeTileIndex,
  entriesPath,
  hashReaderFromTiles,
  integrateTiles,
  parseTilePath,
  rootFromTiles,
  tileFromHashes,
  tilePath,
  tileRoot,
  tilesForIntegration,
  tilesForNodes,
  tilesForTreeSize,
  tileWidth,
  type TileReader,
} from './tiles.js';
import { entries, mth } from './testing/reference.js';

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

describe('tile paths', () => {
  it.each([
    [0, '000'],
    [7, '007'],
    [999, '999'],
    [1000, 'x001/000'],
    [1234, 'x001/234'],
    [1_234_067, 'x001/x234/067'],
    [1_000_000_000, 'x001/x000/x000/000'],
  ])('index %i is %s', (index, encoded) => {
    expect(encodeTileIndex(index)).toBe(encoded);
  });

  it.each([
    [tilePath(0, 1_234_067), 'tile/0/x001/x234/067'],
    [tilePath(1, 1_234_067, 12), 'tile/1/x001/x234/067.p/12'],
    [tilePath(63, 0, 255), 'tile/63/000.p/255'],
    [tilePath(2, 5, 256), 'tile/2/005'],
    [entriesPath(1_234_067), 'tile/entries/x001/x234/067'],
    [entriesPath(0, 1), 'tile/entries/000.p/1'],
  ])('%s', (got, want) => {
    expect(got).toBe(want);
  });

  it('parses what it formats (property)', () => {
    const widths = fc.integer({ min: 1, max: 256 });
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 63 }), fc.maxSafeNat(), widths, (level, index, width) => {
        expect(parseTilePath(tilePath(level, index, width))).toEqual({ kind: 'tile', level, index, width });
        expect(parseTilePath(entriesPath(index, width))).toEqual({ kind: 'entries', index, width });
      }),
    );
  });

  it.each([
    '',
    '/tile/0/000',
    'tile/0/000/',
    'tiles/0/000',
    'tile/0',
    'tile/00/000',
    'tile/01/000',
    'tile/64/000',
    'tile/-1/000',
    'tile/x/000',
    'tile/0/00',
    'tile/0/0000',
    'tile/0/1',
    'tile/0/x001',
    'tile/0/001/234',
    'tile/0/x001/x234',
    'tile/0/x000/001',
    'tile/0/x000/x001/000',
    'tile/0/X001/000',
    'tile/0/x01/000',
    'tile/0/+01',
    'tile/0/ 01',
    'tile/0/000.p',
    'tile/0/000.p/',
    'tile/0/000.p/0',
    'tile/0/000.p/256',
    'tile/0/000.p/012',
    'tile/0/000.p/+1',
    'tile/0/000.p/1/2',
    'tile/0/x001.p/1/000',
    'tile/0/000.q/1',
    'tile/entries',
    'tile/entries/1',
    'tile/entries/x000/000',
    'tile/entries/000.p/256',
    'tile/0/x999/x999/x999/x999/x999/999',
    'tile/0/x009/x007/x199/x254/x740/993',
  ])('rejects %j', (path) => {
    expect(() => parseTilePath(path)).toThrow(LogError);
  });

  it('accepts the largest safe index', () => {
    expect(parseTilePath('tile/0/x009/x007/x199/x254/x740/991')).toMatchObject({ index: Number.MAX_SAFE_INTEGER });
  });

  it('refuses to format impossible tiles', () => {
    expect(() => tilePath(64, 0)).toThrow(LogError);
    expect(() => tilePath(0, -1)).toThrow(LogError);
    expect(() => tilePath(0, 0, 0)).toThrow(LogError);
    expect(() => tilePath(0, 0, 257)).toThrow(LogError);
    expect(() => entriesPath(1.5)).toThrow(LogError);
  });
});

describe('which tiles a tree has', () => {
  it('matches the spec example for 70,000 leaves', () => {
    const tiles = tilesForTreeSize(70_000);
    const level0 = tiles.filter((t) => t.level === 0);
    expect(level0.filter((t) => t.width === 256)).toHaveLength(273);
    expect(level0.filter((t) => t.width < 256)).toEqual([{ level: 0, index: 273, width: 112 }]);
    expect(tiles.filter((t) => t.level === 1)).toEqual([
      { level: 1, index: 0, width: 256 },
      { level: 1, index: 1, width: 17 },
    ]);
    expect(tiles.filter((t) => t.level >= 2)).toEqual([{ level: 2, index: 0, width: 1 }]);
  });

  it('has a full level-0 tile and a partial level-1 tile of width 1 at 256 leaves, and nothing when empty', () => {
    expect(tilesForTreeSize(256)).toEqual([
      { level: 0, index: 0, width: 256 },
      { level: 1, index: 0, width: 1 },
    ]);
    expect(tilesForTreeSize(0)).toEqual([]);
    expect(tilesForTreeSize(1)).toEqual([{ level: 0, index: 0, width: 1 }]);
  });

  it('agrees with tileWidth for every tile (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 20_000_000 }), (size) => {
        const tiles = tilesForTreeSize(size);
        expect(tiles.every((tile) => tileWidth(tile.level, tile.index, size) === tile.width)).toBe(true);
        expect(tiles.filter((tile) => tile.level === 0).reduce((sum, tile) => sum + tile.width, 0)).toBe(size);
        expect(tileWidth(0, Math.ceil(size / 256), size)).toBe(0);
      }),
      { numRuns: 50 },
    );
  });
});

/** A tile store as the server keeps it: the latest version of each tile. */
function tileStore() {
  const tiles = new Map<string, Uint8Array>();
  const read: TileReader = (level, index) => {
    const tile = tiles.get(`${level}/${index}`);
    if (!tile) throw new Error(`missing tile ${level}/${index}`);
    return tile;
  };
  return { tiles, read };
}

const ENTRIES = entries(70_000);
const LEAVES = ENTRIES.map(leafHash);

describe('integrating leaves into tiles', () => {
  it('builds the same tiles, widths and roots as hashing every node, batch after batch', () => {
    const store = tileStore();
    const nodes = new Map<string, Uint8Array>();
    let size = 0;
    // Batches of awkward sizes cross tile boundaries at every level, including the level-2 tile at 65,536.
    for (const count of [1, 2, 253, 1, 255, 256, 300, 4000, 257, 60_000, 4675]) {
      const batch = LEAVES.slice(size, size + count);
      const needed = new Set(tilesForIntegration(size).map((t) => `${t.level}/${t.index}`));
      const reader: TileReader = (level, index) => {
        expect(needed.has(`${level}/${index}`), `read tile ${level}/${index} it did not list`).toBe(true);
        return store.read(level, index);
      };
      const result = integrateTiles(size, reader, batch);
      for (const node of integrate(size, (l, i) => nodes.get(`${l}/${i}`)!, batch).nodes) {
        nodes.set(`${node.level}/${node.index}`, node.hash);
      }
      for (const tile of result.tiles) store.tiles.set(`${tile.level}/${tile.index}`, tile.data);
      size += batch.length;
      expect(result.size).toBe(size);
      expect(hex(result.root)).toBe(hex(rootFromTiles(size, store.read)));
      // Every tile of the new tree is stored at its width and holds exactly the node hashes it should.
      for (const tile of tilesForTreeSize(size)) {
        const stored = store.read(tile.level, tile.index);
        expect(stored.length, `tile ${tile.level}/${tile.index}`).toBe(tile.width * 32);
        expect(hex(stored)).toBe(hex(tileFromHashes(tile, (l, i) => nodes.get(`${l}/${i}`)!)));
      }
    }
    expect(size).toBe(70_000);
    expect(hex(rootFromTiles(size, store.read))).toBe(hex(mth(ENTRIES)));
    // The hash a full tile contributes above is the next level's entry.
    expect(hex(tileRoot(store.read(0, 5)))).toBe(hex(store.read(1, 0).subarray(5 * 32, 6 * 32)));

    // Proofs served from tiles verify, for leaves and sizes across tile boundaries.
    const reader = hashReaderFromTiles(store.read);
    const cases = [[0, 1], [255, 256], [256, 257], [65_535, 65_536], [12_345, 69_999], [69_999, 70_000]];
    for (const [index, treeSize] of cases) {
      const proof = inclusionProof(index!, treeSize!, reader);
      verifyInclusion(LEAVES[index!]!, index!, treeSize!, proof, mth(ENTRIES.slice(0, treeSize!)));
      expect(tilesForNodes(inclusionProofNodes(index!, treeSize!), treeSize!).every((t) => t.width >= 1)).toBe(true);
    }
    const proof = consistencyProof(1000, 70_000, reader);
    verifyConsistency(1000, 70_000, proof, mth(ENTRIES.slice(0, 1000)), mth(ENTRIES));
  });

  it('reads node hashes between tile levels by rehashing the tile', () => {
    const store = tileStore();
    for (const tile of integrateTiles(0, store.read, LEAVES.slice(0, 600)).tiles) {
      store.tiles.set(`${tile.level}/${tile.index}`, tile.data);
    }
    const reader = hashReaderFromTiles(store.read);
    for (const [level, index] of [[0, 599], [3, 40], [7, 1], [8, 1], [9, 0]]) {
      const begin = index! * 2 ** level!;
      const want = mth(ENTRIES.slice(begin, begin + 2 ** level!));
      expect(hex(reader(level!, index!)), `${level}/${index}`).toBe(hex(want));
    }
    expect(() => reader(2, 150)).toThrow(LogError);
  });

  it('lists the right-edge tiles it needs, at their widths', () => {
    expect(tilesForIntegration(0)).toEqual([]);
    expect(tilesForIntegration(70_000)).toEqual(tilesForNodes(rightEdgeNodes(70_000), 70_000));
    expect(tilesForIntegration(70_000)).toEqual([
      { level: 2, index: 0, width: 1 },
      { level: 1, index: 1, width: 17 },
      { level: 0, index: 273, width: 112 },
    ]);
  });
});

describe('entry bundles', () => {
  it('round-trips entries as uint16 length-prefixed bytes', () => {
    const list = [new Uint8Array(), Buffer.from('a'), new Uint8Array(65_535).fill(7), Buffer.from('{"x":1}')];
    const bundle = encodeEntryBundle(list);
    expect(hex(bundle.subarray(0, 5))).toBe('0000000161');
    expect(decodeEntryBundle(bundle, 4).map(hex)).toEqual(list.map(hex));
  });

  it('round-trips any list of up to 256 entries (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 600 }), { maxLength: 256 }), (list) => {
        expect(decodeEntryBundle(encodeEntryBundle(list), list.length).map(hex)).toEqual(list.map(hex));
      }),
      { numRuns: 50 },
    );
  });

  it('rejects truncated bundles, wrong counts and oversize entries', () => {
    const bundle = encodeEntryBundle([Buffer.from('abc'), Buffer.from('de')]);
    expect(() => decodeEntryBundle(bundle.subarray(0, bundle.length - 1))).toThrow(LogError);
    expect(() => decodeEntryBundle(bundle.subarray(0, 6))).toThrow(LogError);
    expect(() => decodeEntryBundle(bundle, 3)).toThrow(LogError);
    expect(() => encodeEntryBundle([new Uint8Array(65_536)])).toThrow(LogError);
    expect(() => encodeEntryBundle(Array.from({ length: 257 }, () => new Uint8Array()))).toThrow(LogError);
    expect(() => decodeEntryBundle(new Uint8Array(2 * 257))).toThrow(LogError);
  });
});
