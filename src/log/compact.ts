/**
 * Compact ranges: the few full-subtree hashes that summarise a tree's first `size` leaves, and the incremental
 * integrator built on them. The server appends thousands of leaves a second; each append costs about two hashes and
 * reports every new full-subtree hash so it can be stored (as tiles) without ever re-reading the tree.
 */
import { emptyRoot, HASH_SIZE, nodeHash } from './hash.js';
import { isCount } from './bytes.js';
import { LogError, malformed } from './errors.js';

/**
 * A full subtree: `level` 0 is a leaf; node (level, index) covers leaves [index * 2^level, (index + 1) * 2^level).
 * Only full subtrees are ever stored; hashes of incomplete right-edge subtrees are recomputed from them.
 */
export interface NodeId {
  level: number;
  index: number;
}

/** A stored full-subtree hash, as the integrator reports it. */
export interface StoredNode extends NodeId {
  hash: Uint8Array;
}

/**
 * The narrow storage function the algorithms need: the hash of the full subtree (level, index). It is only asked
 * for nodes that are complete in the tree being worked on, so a tile store can always answer from its tiles.
 */
export type HashReader = (level: number, index: number) => Uint8Array;

/** Called for every full-subtree hash the integrator creates, lowest level first for each leaf. */
export type NodeSink = (level: number, index: number, hash: Uint8Array) => void;

/** The full subtrees that make up the first `size` leaves, left to right (largest first): one per set bit of size. */
export function rightEdgeNodes(size: number): NodeId[] {
  if (!isCount(size)) throw new LogError('out_of_range', `tree size must be a non-negative integer, got ${size}`);
  const nodes: NodeId[] = [];
  // Arithmetic rather than bit operators: JavaScript's are 32-bit and logs may one day pass 2^32 entries.
  let rest = size;
  for (let level = 0; rest > 0; level++) {
    if (rest % 2 === 1) nodes.push({ level, index: rest - 1 });
    rest = Math.floor(rest / 2);
  }
  return nodes.reverse();
}

/** The right edge of a tree of some size: enough to append leaves and compute the root. */
export class CompactRange {
  private constructor(
    private treeSize: number,
    // One hash per set bit of treeSize, highest level first (the order of rightEdgeNodes).
    private readonly stack: Uint8Array[],
  ) {}

  /** The range of the empty tree. */
  static empty(): CompactRange {
    return new CompactRange(0, []);
  }

  /** The range of a stored tree of `size` leaves, reading its right-edge subtree hashes through `getHash`. */
  static fromReader(size: number, getHash: HashReader): CompactRange {
    const hashes = rightEdgeNodes(size).map(({ level, index }) => {
      const hash = getHash(level, index);
      if (hash.length !== HASH_SIZE) {
        throw malformed(`stored hash at level ${level}, index ${index} has ${hash.length} bytes`);
      }
      return hash;
    });
    return new CompactRange(size, hashes);
  }

  /** The range of a tree of `size` leaves from its right-edge hashes, in the order of `rightEdgeNodes(size)`. */
  static fromHashes(size: number, hashes: readonly Uint8Array[]): CompactRange {
    const expected = rightEdgeNodes(size).length;
    if (hashes.length !== expected || hashes.some((h) => h.length !== HASH_SIZE)) {
      throw malformed(`a tree of size ${size} needs ${expected} right-edge hashes of ${HASH_SIZE} bytes`);
    }
    return new CompactRange(size, [...hashes]);
  }

  /** Number of leaves covered. */
  get size(): number {
    return this.treeSize;
  }

  /** The right-edge hashes, in the order of `rightEdgeNodes(size)` (a copy of the list). */
  get hashes(): Uint8Array[] {
    return [...this.stack];
  }

  /** An independent copy, e.g. to try a batch without losing the current state. */
  clone(): CompactRange {
    return new CompactRange(this.treeSize, [...this.stack]);
  }

  /** Appends one leaf hash, reporting the leaf and every subtree it completes to `onNode`. */
  append(leafHash: Uint8Array, onNode?: NodeSink): void {
    if (leafHash.length !== HASH_SIZE) throw malformed(`a leaf hash must be ${HASH_SIZE} bytes`);
    let hash = leafHash;
    let index = this.treeSize;
    let level = 0;
    onNode?.(0, index, hash);
    // Like incrementing a binary counter: every trailing 1 bit of the old size is a left sibling to merge with.
    for (let rest = this.treeSize; rest % 2 === 1; rest = (rest - 1) / 2) {
      const left = this.stack.pop();
      if (left === undefined) throw new Error('compact range is inconsistent with its size');
      hash = nodeHash(left, hash);
      level++;
      index = Math.floor(index / 2);
      onNode?.(level, index, hash);
    }
    this.stack.push(hash);
    this.treeSize++;
  }

  /** The RFC 6962 root hash of the covered tree. */
  root(): Uint8Array {
    const last = this.stack.length - 1;
    let hash = this.stack[last];
    if (hash === undefined) return emptyRoot();
    // Incomplete subtrees hang to the right: fold from the smallest subtree leftwards.
    for (let i = last - 1; i >= 0; i--) hash = nodeHash(this.stack[i]!, hash);
    return hash;
  }
}

/** The outcome of integrating a batch of leaves. */
export interface Integration {
  /** Tree size after the batch. */
  size: number;
  /** Root hash after the batch. */
  root: Uint8Array;
  /** Every new full-subtree hash (leaves included), to be stored; ordered as created. */
  nodes: StoredNode[];
}

/**
 * Integrates `leafHashes` into the stored tree of `fromSize` leaves (read through `getHash`), returning the new
 * size, root and every new full-subtree hash. Pure: the caller stores the nodes and signs the new root.
 */
export function integrate(fromSize: number, getHash: HashReader, leafHashes: readonly Uint8Array[]): Integration {
  const range = CompactRange.fromReader(fromSize, getHash);
  const nodes: StoredNode[] = [];
  const sink: NodeSink = (level, index, hash) => nodes.push({ level, index, hash });
  for (const leaf of leafHashes) range.append(leaf, sink);
  return { size: range.size, root: range.root(), nodes };
}
