/**
 * C2SP tlog-tiles: the tree served as static tiles of 256 hashes (height 8) and entry bundles. Paths, which tiles
 * a tree size has, reading node hashes out of tiles, integrating new leaves straight into tiles, and the bundle
 * encoding. Everything here is pure; the store hands tiles in as a function.
 */
import { isCount } from './bytes.js';
import { CompactRange, rightEdgeNodes, type HashReader, type NodeId } from './compact.js';
import { LogError, malformed } from './errors.js';
import { HASH_SIZE, nodeHash } from './hash.js';

/** Tree levels per tile. */
export const TILE_HEIGHT = 8;
/** Hashes in a full tile (2^TILE_HEIGHT), and entries in a full bundle. */
export const TILE_WIDTH = 256;
/** Highest tile level the spec allows. */
export const MAX_TILE_LEVEL = 63;
/** Largest entry an entry bundle can carry (uint16 length prefix). */
export const MAX_ENTRY_SIZE = 65_535;

/** A tile (or entry bundle) of a given width: 256 for a full tile, 1–255 for a partial one. */
export interface TileId {
  level: number;
  index: number;
  width: number;
}

/** A tile with its bytes (width × 32 bytes). */
export interface TileData extends TileId {
  data: Uint8Array;
}

/** What a request path names: a hash tile, or an entry bundle. */
export type TileRequest = ({ kind: 'tile' } & TileId) | { kind: 'entries'; index: number; width: number };

/** Reads the stored bytes of tile (level, index); a tile wider than needed is fine, a narrower one is an error. */
export type TileReader = (level: number, index: number) => Uint8Array;

function checkWidth(width: number): void {
  if (!Number.isInteger(width) || width < 1 || width > TILE_WIDTH) {
    throw malformed(`tile width must be 1 to ${TILE_WIDTH}, got ${width}`);
  }
}

/** The `x001/x234/067` encoding of a tile index: 3-digit groups, all but the last prefixed with `x`. */
export function encodeTileIndex(index: number): string {
  if (!isCount(index)) throw malformed(`tile index must be a non-negative integer, got ${index}`);
  let digits = String(index);
  digits = digits.padStart(Math.ceil(digits.length / 3) * 3, '0');
  const groups: string[] = [];
  for (let i = 0; i < digits.length; i += 3) groups.push(digits.slice(i, i + 3));
  return groups.map((group, i) => (i < groups.length - 1 ? `x${group}` : group)).join('/');
}

function widthSuffix(width: number): string {
  checkWidth(width);
  return width === TILE_WIDTH ? '' : `.p/${width}`;
}

/** Path of a hash tile below the log prefix: `tile/<L>/<N>[.p/<W>]`. */
export function tilePath(level: number, index: number, width: number = TILE_WIDTH): string {
  if (!Number.isInteger(level) || level < 0 || level > MAX_TILE_LEVEL) {
    throw malformed(`tile level must be 0 to ${MAX_TILE_LEVEL}, got ${level}`);
  }
  return `tile/${level}/${encodeTileIndex(index)}${widthSuffix(width)}`;
}

/** Path of an entry bundle below the log prefix: `tile/entries/<N>[.p/<W>]`. */
export function entriesPath(index: number, width: number = TILE_WIDTH): string {
  return `tile/entries/${encodeTileIndex(index)}${widthSuffix(width)}`;
}

const LEVEL = /^(?:0|[1-9][0-9]?)$/;
const WIDTH = /^[1-9][0-9]{0,2}$/;
const INNER_GROUP = /^x[0-9]{3}$/;
const LAST_GROUP = /^[0-9]{3}$/;

/**
 * Parses a path below the log prefix (`tile/0/x001/x234/067.p/12`, `tile/entries/000`) and rejects every
 * non-canonical spelling (leading zeros, a leading `x000` group, `.p/256`), so each resource has exactly one URL.
 */
export function parseTilePath(path: string): TileRequest {
  const parts = path.split('/');
  if (parts[0] !== 'tile' || parts.length < 3) throw malformed(`not a tile path: ${path}`);
  const kind = parts[1] === 'entries' ? 'entries' : 'tile';
  if (kind === 'tile' && !(LEVEL.test(parts[1]!) && Number(parts[1]) <= MAX_TILE_LEVEL)) {
    throw malformed(`tile level must be 0 to ${MAX_TILE_LEVEL} without leading zeros: ${path}`);
  }
  let groups = parts.slice(2);
  let width = TILE_WIDTH;
  const last = groups[groups.length - 1]!;
  const beforeLast = groups[groups.length - 2];
  if (beforeLast?.endsWith('.p')) {
    if (!WIDTH.test(last) || Number(last) >= TILE_WIDTH) throw malformed(`partial width must be 1 to 255: ${path}`);
    width = Number(last);
    groups = [...groups.slice(0, -2), beforeLast.slice(0, -2)];
  }
  // Six groups already exceed 2^53; the safe-integer check below catches the rest.
  if (groups.length > 6) throw malformed(`tile index too large: ${path}`);
  groups.forEach((group, i) => {
    const pattern = i < groups.length - 1 ? INNER_GROUP : LAST_GROUP;
    if (!pattern.test(group)) throw malformed(`tile index must be x-prefixed 3-digit groups: ${path}`);
  });
  if (groups.length > 1 && groups[0] === 'x000') throw malformed(`tile index has leading zero groups: ${path}`);
  const index = Number(groups.map((g) => g.replace('x', '')).join(''));
  if (!Number.isSafeInteger(index)) throw malformed(`tile index too large: ${path}`);
  return kind === 'entries' ? { kind, index, width } : { kind, level: Number(parts[1]), index, width };
}

/** Number of hashes at tile level `level` in a tree of `size` leaves (stored nodes at tree level 8 × level). */
function hashesAtTileLevel(level: number, size: number): number {
  return Math.floor(size / TILE_WIDTH ** level);
}

/** How many hashes tile (level, index) holds in a tree of `size` leaves: 0 (absent), 1–255 (partial) or 256. */
export function tileWidth(level: number, index: number, size: number): number {
  const count = hashesAtTileLevel(level, size) - index * TILE_WIDTH;
  return Math.max(0, Math.min(TILE_WIDTH, count));
}

/** Every tile (full and partial) that a tree of `size` leaves consists of, level by level, left to right. */
export function tilesForTreeSize(size: number): TileId[] {
  if (!isCount(size)) throw new LogError('out_of_range', `tree size must be a non-negative integer, got ${size}`);
  const tiles: TileId[] = [];
  for (let level = 0; hashesAtTileLevel(level, size) > 0; level++) {
    const count = hashesAtTileLevel(level, size);
    for (let index = 0; index * TILE_WIDTH < count; index++) {
      tiles.push({ level, index, width: Math.min(TILE_WIDTH, count - index * TILE_WIDTH) });
    }
  }
  return tiles;
}

/** Where full subtree (level, index) lives: its tile, and the run of tile hashes it is the root of. */
function locateNode(
  level: number,
  index: number,
): { tileLevel: number; tileIndex: number; offset: number; span: number } {
  const tileLevel = Math.floor(level / TILE_HEIGHT);
  const span = 2 ** (level - tileLevel * TILE_HEIGHT);
  const first = index * span;
  return { tileLevel, tileIndex: Math.floor(first / TILE_WIDTH), offset: first % TILE_WIDTH, span };
}

/** The tiles, at their widths in a tree of `size` leaves, that hold the given full subtrees (deduplicated). */
export function tilesForNodes(nodes: readonly NodeId[], size: number): TileId[] {
  const seen = new Map<string, TileId>();
  for (const { level, index } of nodes) {
    const { tileLevel, tileIndex } = locateNode(level, index);
    const width = tileWidth(tileLevel, tileIndex, size);
    if (width === 0) throw new LogError('out_of_range', `node ${level}/${index} is not in a tree of size ${size}`);
    seen.set(`${tileLevel}/${tileIndex}`, { level: tileLevel, index: tileIndex, width });
  }
  return [...seen.values()];
}

/** Merkle root of `count` consecutive hashes of a tile starting at `offset` (count a power of two). */
function tileSubtreeHash(tile: Uint8Array, offset: number, count: number): Uint8Array {
  if (count === 1) return tile.subarray(offset * HASH_SIZE, (offset + 1) * HASH_SIZE);
  const half = count / 2;
  return nodeHash(tileSubtreeHash(tile, offset, half), tileSubtreeHash(tile, offset + half, half));
}

/**
 * A HashReader answering from tiles: a node at a tile level is one stored hash; a node between tile levels is
 * rehashed from the up to 128 tile hashes below it, as the spec intends.
 */
export function hashReaderFromTiles(readTile: TileReader): HashReader {
  return (level, index) => {
    const { tileLevel, tileIndex, offset, span } = locateNode(level, index);
    const tile = readTile(tileLevel, tileIndex);
    if (tile.length % HASH_SIZE !== 0 || tile.length < (offset + span) * HASH_SIZE) {
      throw malformed(`tile ${tileLevel}/${tileIndex} has ${tile.length} bytes, too few for node ${level}/${index}`);
    }
    return Uint8Array.from(tileSubtreeHash(tile, offset, span));
  };
}

/** The hash a full tile contributes to the tile level above: the Merkle root of its 256 hashes. */
export function tileRoot(tile: Uint8Array): Uint8Array {
  if (tile.length !== TILE_WIDTH * HASH_SIZE) throw malformed(`a full tile has ${TILE_WIDTH * HASH_SIZE} bytes`);
  return Uint8Array.from(tileSubtreeHash(tile, 0, TILE_WIDTH));
}

/** Builds a tile's bytes from stored node hashes (tree level 8 × level), e.g. when serving from a node table. */
export function tileFromHashes(tile: TileId, getHash: HashReader): Uint8Array {
  checkWidth(tile.width);
  const data = new Uint8Array(tile.width * HASH_SIZE);
  for (let i = 0; i < tile.width; i++) {
    const hash = getHash(tile.level * TILE_HEIGHT, tile.index * TILE_WIDTH + i);
    if (hash.length !== HASH_SIZE) throw malformed(`stored hash for tile ${tile.level}/${tile.index} is not 32 bytes`);
    data.set(hash, i * HASH_SIZE);
  }
  return data;
}

/** Root hash of a tree of `size` leaves, computed from its tiles. */
export function rootFromTiles(size: number, readTile: TileReader): Uint8Array {
  return CompactRange.fromReader(size, hashReaderFromTiles(readTile)).root();
}

/** The tiles `integrateTiles(fromSize, …)` reads: those holding the right edge of the tree of `fromSize` leaves. */
export function tilesForIntegration(fromSize: number): TileId[] {
  return tilesForNodes(rightEdgeNodes(fromSize), fromSize);
}

/** The outcome of integrating a batch into tiles. */
export interface TileIntegration {
  size: number;
  root: Uint8Array;
  /** Every tile that changed, with its full new contents, lowest level first; write them all, then sign. */
  tiles: TileData[];
}

/**
 * Appends `leafHashes` to the tree of `fromSize` leaves stored as tiles and returns the new size, root and the
 * tiles to write. `readTile` must return the stored tiles listed by `tilesForIntegration(fromSize)`; only their
 * first `tileWidth(…, fromSize)` hashes are used.
 */
export function integrateTiles(
  fromSize: number,
  readTile: TileReader,
  leafHashes: readonly Uint8Array[],
): TileIntegration {
  const range = CompactRange.fromReader(fromSize, hashReaderFromTiles(readTile));
  const added = new Map<string, { level: number; index: number; hashes: Uint8Array[] }>();
  for (const leaf of leafHashes) {
    range.append(leaf, (level, index, hash) => {
      // Only every eighth tree level is stored; the levels between are rehashed from the tile when needed.
      if (level % TILE_HEIGHT !== 0) return;
      const tileLevel = level / TILE_HEIGHT;
      const tileIndex = Math.floor(index / TILE_WIDTH);
      const key = `${tileLevel}/${tileIndex}`;
      let entry = added.get(key);
      if (!entry) added.set(key, (entry = { level: tileLevel, index: tileIndex, hashes: [] }));
      entry.hashes.push(hash);
    });
  }
  const tiles: TileData[] = [];
  for (const { level, index, hashes } of added.values()) {
    const before = tileWidth(level, index, fromSize);
    const width = before + hashes.length;
    const data = new Uint8Array(width * HASH_SIZE);
    if (before > 0) {
      const stored = readTile(level, index);
      if (stored.length < before * HASH_SIZE) throw malformed(`stored tile ${level}/${index} is too narrow`);
      data.set(stored.subarray(0, before * HASH_SIZE));
    }
    hashes.forEach((hash, i) => data.set(hash, (before + i) * HASH_SIZE));
    tiles.push({ level, index, width, data });
  }
  tiles.sort((a, b) => a.level - b.level || a.index - b.index);
  return { size: range.size, root: range.root(), tiles };
}

/** Encodes an entry bundle: each entry as a big-endian uint16 length and its bytes. */
export function encodeEntryBundle(entries: readonly Uint8Array[]): Uint8Array {
  if (entries.length > TILE_WIDTH) throw malformed(`an entry bundle holds at most ${TILE_WIDTH} entries`);
  let total = 0;
  for (const entry of entries) {
    if (entry.length > MAX_ENTRY_SIZE) throw malformed(`entries have at most ${MAX_ENTRY_SIZE} bytes: ${entry.length}`);
    total += 2 + entry.length;
  }
  const bundle = new Uint8Array(total);
  let at = 0;
  for (const entry of entries) {
    bundle[at] = entry.length >> 8;
    bundle[at + 1] = entry.length & 0xff;
    bundle.set(entry, at + 2);
    at += 2 + entry.length;
  }
  return bundle;
}

/** Decodes an entry bundle into views of its entries; throws if truncated or if the count is not `expectedCount`. */
export function decodeEntryBundle(bundle: Uint8Array, expectedCount?: number): Uint8Array[] {
  const entries: Uint8Array[] = [];
  let at = 0;
  while (at < bundle.length) {
    if (at + 2 > bundle.length) throw malformed('entry bundle ends inside a length prefix');
    const length = (bundle[at]! << 8) | bundle[at + 1]!;
    if (at + 2 + length > bundle.length) throw malformed('entry bundle ends inside an entry');
    entries.push(bundle.subarray(at + 2, at + 2 + length));
    at += 2 + length;
    if (entries.length > TILE_WIDTH) throw malformed(`an entry bundle holds at most ${TILE_WIDTH} entries`);
  }
  if (expectedCount !== undefined && entries.length !== expectedCount) {
    throw malformed(`entry bundle has ${entries.length} entries, expected ${expectedCount}`);
  }
  return entries;
}
