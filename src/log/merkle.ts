/**
 * RFC 6962 Merkle proofs: building inclusion and consistency proofs from stored full-subtree hashes, and verifying
 * them with the algorithms of RFC 9162 sections 2.1.3.2 and 2.1.4.2. Verification throws a `LogError` naming what
 * is wrong and returns nothing, so a forgotten check cannot be mistaken for a pass (`if (!verify…)` does not
 * type-check).
 */
import { bytesEqual, isCount, toHex } from './bytes.js';
import { CompactRange, type HashReader, type NodeId } from './compact.js';
import { LogError, malformed } from './errors.js';
import { HASH_SIZE, nodeHash } from './hash.js';

/** RFC 6962 root of a list of leaf hashes, computed incrementally (no recursion, O(log n) memory). */
export function rootFromLeafHashes(hashes: readonly Uint8Array[]): Uint8Array {
  const range = CompactRange.empty();
  for (const hash of hashes) range.append(hash);
  return range.root();
}

/** Largest power of two strictly below n (n >= 2): the split point k of RFC 6962. */
function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/** True for 1, 2, 4, 8, …; arithmetic because bit operators are 32-bit in JavaScript. */
function isPowerOfTwo(n: number): boolean {
  let k = 1;
  while (k < n) k *= 2;
  return k === n;
}

/** Reads a stored full-subtree hash, refusing anything that is not a hash so it cannot end up inside a proof. */
function read(getHash: HashReader, level: number, index: number): Uint8Array {
  const hash = getHash(level, index);
  if (hash.length !== HASH_SIZE) throw malformed(`stored hash at level ${level}, index ${index} has ${hash.length} bytes`);
  return hash;
}

/** log2 of a power of two. */
function log2(powerOfTwo: number): number {
  let level = 0;
  for (let k = powerOfTwo; k > 1; k /= 2) level++;
  return level;
}

/**
 * MTH(D[begin:end]) for a range that starts on a multiple of the largest power of two not above its length, as all
 * ranges in RFC 6962's recursion do: it is a run of full subtrees, largest first, folded from the right.
 */
function rangeHash(begin: number, end: number, getHash: HashReader): Uint8Array {
  const parts: Uint8Array[] = [];
  let at = begin;
  while (at < end) {
    let width = 1;
    while (width * 2 <= end - at) width *= 2;
    parts.push(read(getHash, log2(width), at / width));
    at += width;
  }
  let hash = parts[parts.length - 1]!;
  for (let i = parts.length - 2; i >= 0; i--) hash = nodeHash(parts[i]!, hash);
  return hash;
}

function checkCount(n: number, what: string): void {
  if (!isCount(n)) throw new LogError('out_of_range', `${what} must be a non-negative integer, got ${n}`);
}

/**
 * RFC 6962 PATH(index, D[size]): the inclusion proof for leaf `index` in the tree of `size` leaves, leaf's sibling
 * first. `getHash` is asked only for full subtrees inside the tree.
 */
export function inclusionProof(index: number, size: number, getHash: HashReader): Uint8Array[] {
  checkCount(index, 'leaf index');
  checkCount(size, 'tree size');
  if (index >= size) throw new LogError('out_of_range', `leaf index ${index} is not in a tree of size ${size}`);
  // Walk RFC 6962's recursion top-down over the subtree [begin, end) that holds the leaf, then reverse.
  const path: Uint8Array[] = [];
  let begin = 0;
  let end = size;
  while (end - begin > 1) {
    const k = splitPoint(end - begin);
    if (index < begin + k) {
      path.push(rangeHash(begin + k, end, getHash));
      end = begin + k;
    } else {
      path.push(read(getHash, log2(k), begin / k));
      begin += k;
    }
  }
  return path.reverse();
}

/**
 * RFC 6962 PROOF(size1, D[size2]): the consistency proof between trees of size1 and size2 leaves,
 * 0 < size1 <= size2 (empty when the sizes are equal). `getHash` is asked only for full subtrees.
 */
export function consistencyProof(size1: number, size2: number, getHash: HashReader): Uint8Array[] {
  checkCount(size1, 'first tree size');
  checkCount(size2, 'second tree size');
  if (size1 === 0) throw new LogError('out_of_range', 'there is no consistency proof from the empty tree');
  if (size1 > size2) throw new LogError('out_of_range', `tree size ${size1} is larger than ${size2}`);
  // SUBPROOF(m, D[begin:end], complete) top-down; `complete` stays true while the old tree is a left prefix
  // whose root the verifier already knows.
  const proof: Uint8Array[] = [];
  let begin = 0;
  let end = size2;
  let complete = true;
  for (;;) {
    const m = size1 - begin;
    if (m === end - begin) {
      if (!complete) proof.push(rangeHash(begin, end, getHash));
      break;
    }
    const k = splitPoint(end - begin);
    if (m <= k) {
      proof.push(rangeHash(begin + k, end, getHash));
      end = begin + k;
    } else {
      proof.push(read(getHash, log2(k), begin / k));
      begin += k;
      complete = false;
    }
  }
  return proof.reverse();
}

/** Records which full subtrees a proof function asks for, so storage can fetch them (or their tiles) first. */
function nodesAskedBy(build: (getHash: HashReader) => unknown): NodeId[] {
  const nodes: NodeId[] = [];
  const placeholder = new Uint8Array(HASH_SIZE);
  build((level, index) => {
    nodes.push({ level, index });
    return placeholder;
  });
  return nodes;
}

/** The full subtrees `inclusionProof(index, size, …)` will read. */
export function inclusionProofNodes(index: number, size: number): NodeId[] {
  return nodesAskedBy((getHash) => inclusionProof(index, size, getHash));
}

/** The full subtrees `consistencyProof(size1, size2, …)` will read. */
export function consistencyProofNodes(size1: number, size2: number): NodeId[] {
  return nodesAskedBy((getHash) => consistencyProof(size1, size2, getHash));
}

function checkHash(hash: Uint8Array, what: string): void {
  if (!(hash instanceof Uint8Array) || hash.length !== HASH_SIZE) {
    throw malformed(`${what} must be a ${HASH_SIZE}-byte hash, got ${hash?.length ?? 'nothing'}`);
  }
}

function shortHex(hash: Uint8Array): string {
  return hash.length === HASH_SIZE ? `${toHex(hash).slice(0, 16)}…` : `<${hash.length} bytes>`;
}

/**
 * The root an inclusion proof leads to (RFC 9162 2.1.3.2 steps 1–4); throws if the index is outside the tree or
 * the proof has the wrong number of hashes for its shape.
 */
export function rootFromInclusionProof(
  leafHash: Uint8Array,
  index: number,
  size: number,
  proof: readonly Uint8Array[],
): Uint8Array {
  checkCount(index, 'leaf index');
  checkCount(size, 'tree size');
  if (index >= size) throw new LogError('out_of_range', `leaf index ${index} is not in a tree of size ${size}`);
  checkHash(leafHash, 'leaf hash');
  proof.forEach((hash, i) => checkHash(hash, `proof hash ${i}`));
  // fn walks the leaf's path up, sn the path of the last leaf; where they meet the tree's right edge bends.
  let fn = index;
  let sn = size - 1;
  let r = leafHash;
  for (const p of proof) {
    if (sn === 0) throw new LogError('wrong_proof_size', `inclusion proof is longer than the path of leaf ${index}`);
    if (fn % 2 === 1 || fn === sn) {
      r = nodeHash(p, r);
      // On the right edge, levels with no right sibling are skipped.
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn /= 2;
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      r = nodeHash(r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  if (sn !== 0) throw new LogError('wrong_proof_size', `inclusion proof is shorter than the path of leaf ${index}`);
  return r;
}

/** Verifies that `leafHash` is leaf `index` of the tree of `size` leaves with `root`; throws a LogError if not. */
export function verifyInclusion(
  leafHash: Uint8Array,
  index: number,
  size: number,
  proof: readonly Uint8Array[],
  root: Uint8Array,
): void {
  const computed = rootFromInclusionProof(leafHash, index, size, proof);
  if (!bytesEqual(computed, root)) {
    throw new LogError(
      'root_mismatch',
      `inclusion proof for leaf ${index} leads to root ${shortHex(computed)}, not ${shortHex(root)} (size ${size})`,
    );
  }
}

/**
 * Verifies that the tree of size2 leaves with root2 extends the tree of size1 leaves with root1 (RFC 9162
 * 2.1.4.2); throws a LogError if not. Equal sizes need an empty proof and equal roots. A proof from the empty tree
 * is refused: every tree extends it, so such a "proof" would show nothing and usually means a missing checkpoint.
 */
export function verifyConsistency(
  size1: number,
  size2: number,
  proof: readonly Uint8Array[],
  root1: Uint8Array,
  root2: Uint8Array,
): void {
  checkCount(size1, 'first tree size');
  checkCount(size2, 'second tree size');
  if (size1 > size2) {
    throw new LogError('out_of_range', `tree size ${size1} is larger than ${size2}: a log never shrinks`);
  }
  if (size1 === 0) throw new LogError('out_of_range', 'a consistency proof from the empty tree proves nothing');
  if (size1 === size2) {
    if (proof.length !== 0) throw new LogError('wrong_proof_size', 'trees of equal size need an empty proof');
    if (!bytesEqual(root1, root2)) {
      throw new LogError('root_mismatch', `two different roots for the same tree size ${size1}`);
    }
    return;
  }
  if (proof.length === 0) {
    throw new LogError('wrong_proof_size', `a consistency proof from ${size1} to ${size2} is empty`);
  }
  checkHash(root1, 'first root');
  checkHash(root2, 'second root');
  proof.forEach((hash, i) => checkHash(hash, `proof hash ${i}`));

  // When the old tree is a complete subtree its root is the starting point and is not repeated in the proof.
  const path = isPowerOfTwo(size1) ? [root1, ...proof] : proof;
  let fn = size1 - 1;
  let sn = size2 - 1;
  while (fn % 2 === 1) {
    fn = (fn - 1) / 2;
    sn = Math.floor(sn / 2);
  }
  let fr = path[0]!;
  let sr = path[0]!;
  for (let i = 1; i < path.length; i++) {
    const c = path[i]!;
    if (sn === 0) throw new LogError('wrong_proof_size', `consistency proof from ${size1} to ${size2} is too long`);
    if (fn % 2 === 1 || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn /= 2;
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      sr = nodeHash(sr, c);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  if (sn !== 0) throw new LogError('wrong_proof_size', `consistency proof from ${size1} to ${size2} is too short`);
  if (!bytesEqual(fr, root1)) {
    const computed = shortHex(fr);
    throw new LogError('root_mismatch', `consistency proof gives ${computed} at size ${size1}, not ${shortHex(root1)}`);
  }
  if (!bytesEqual(sr, root2)) {
    const computed = shortHex(sr);
    throw new LogError('root_mismatch', `consistency proof gives ${computed} at size ${size2}, not ${shortHex(root2)}`);
  }
}
