import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { integrate, type HashReader } from './compact.js';
import { LogError } from './errors.js';
import { leafHash } from './hash.js';
import {
  consistencyProof,
  consistencyProofNodes,
  inclusionProof,
  inclusionProofNodes,
  rootFromLeafHashes,
  verifyConsistency,
  verifyInclusion,
} from './merkle.js';
import { entries, mth, path, proof as referenceProof } from './testing/reference.js';

const VECTORS = fileURLToPath(new URL('../../../shared/testdata/merkle/', import.meta.url));
const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');
const hexes = (list: readonly Uint8Array[]) => list.map(hex);
const b64 = (text: string) => new Uint8Array(Buffer.from(text, 'base64'));

function jsonFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? jsonFiles(full) : name.endsWith('.json') ? [full] : [];
  });
}

/** Runs `check`; true if it passed, false if it threw a LogError (anything else is a bug and fails the test). */
function accepts(check: () => void): boolean {
  try {
    check();
    return true;
  } catch (error) {
    if (!(error instanceof LogError)) throw error;
    return false;
  }
}

// One stored tree serves every smaller size: a full subtree's hash never changes as the log grows, and the proof
// builders may only ask for full subtrees inside the size they work on, which the reader below enforces.
const MAX = 2100;
const ENTRIES = entries(MAX);
const LEAVES = ENTRIES.map(leafHash);
const STORE = new Map<string, Uint8Array>();
for (const node of integrate(0, () => new Uint8Array(32), LEAVES).nodes) {
  STORE.set(`${node.level}/${node.index}`, node.hash);
}

function reader(size: number): HashReader {
  return (level, index) => {
    if ((index + 1) * 2 ** level > size) throw new Error(`asked for ${level}/${index}, not full in a tree of ${size}`);
    const hash = STORE.get(`${level}/${index}`);
    if (!hash) throw new Error(`no stored node ${level}/${index}`);
    return hash;
  };
}

const rootOf = (size: number) => mth(ENTRIES.slice(0, size));

describe('transparency-dev/merkle inclusion vectors', () => {
  const files = jsonFiles(join(VECTORS, 'inclusion'));

  it('finds the vectors', () => {
    expect(files.filter((f) => f.endsWith('happy-path.json')).length).toBeGreaterThanOrEqual(5);
  });

  it.each(files.map((f) => [f.slice(VECTORS.length), f]))('%s', (_name, file) => {
    const v = JSON.parse(readFileSync(file, 'utf8')) as {
      leafIdx: number;
      treeSize: number;
      root: string;
      leafHash: string;
      proof: string[] | null;
      wantErr: boolean;
    };
    if (file.endsWith('happy-path.json')) expect(v.wantErr).toBe(false);
    const proof = (v.proof ?? []).map(b64);
    const ok = accepts(() => verifyInclusion(b64(v.leafHash), v.leafIdx, v.treeSize, proof, b64(v.root)));
    expect(ok).toBe(!v.wantErr);
  });
});

describe('transparency-dev/merkle consistency vectors', () => {
  const files = jsonFiles(join(VECTORS, 'consistency'));

  it('finds the vectors', () => {
    expect(files.filter((f) => f.endsWith('happy-path.json')).length).toBeGreaterThanOrEqual(5);
  });

  it.each(files.map((f) => [f.slice(VECTORS.length), f]))('%s', (_name, file) => {
    const v = JSON.parse(readFileSync(file, 'utf8')) as {
      size1: number;
      size2: number;
      root1: string;
      root2: string;
      proof: string[] | null;
      wantErr: boolean;
    };
    if (file.endsWith('happy-path.json')) expect(v.wantErr).toBe(false);
    const ok = accepts(() => verifyConsistency(v.size1, v.size2, (v.proof ?? []).map(b64), b64(v.root1), b64(v.root2)));
    expect(ok).toBe(!v.wantErr);
  });
});

describe('fast root and proofs against the RFC 6962 reference', () => {
  it('computes every root for sizes 0 to 300', () => {
    for (let size = 0; size <= 300; size++) {
      expect(hex(rootFromLeafHashes(LEAVES.slice(0, size))), `size ${size}`).toBe(hex(rootOf(size)));
    }
  });

  it('builds every inclusion and consistency proof for sizes up to 40, and they verify', () => {
    for (let size = 1; size <= 40; size++) {
      const d = ENTRIES.slice(0, size);
      const root = rootOf(size);
      for (let index = 0; index < size; index++) {
        const got = inclusionProof(index, size, reader(size));
        expect(hexes(got), `leaf ${index} of ${size}`).toEqual(hexes(path(index, d)));
        verifyInclusion(LEAVES[index]!, index, size, got, root);
      }
      for (let size1 = 1; size1 <= size; size1++) {
        const got = consistencyProof(size1, size, reader(size));
        expect(hexes(got), `${size1} to ${size}`).toEqual(hexes(referenceProof(size1, d)));
        verifyConsistency(size1, size, got, rootOf(size1), root);
      }
    }
  });

  const sizes = fc.oneof(fc.integer({ min: 1, max: 300 }), fc.integer({ min: 301, max: MAX }));

  it('matches the reference for random inclusion proofs (property)', () => {
    fc.assert(
      fc.property(
        sizes.chain((size) => fc.tuple(fc.constant(size), fc.integer({ min: 0, max: size - 1 }))),
        ([size, index]) => {
          const got = inclusionProof(index, size, reader(size));
          expect(hexes(got)).toEqual(hexes(path(index, ENTRIES.slice(0, size))));
          verifyInclusion(LEAVES[index]!, index, size, got, rootOf(size));
        },
      ),
      { numRuns: 60 },
    );
  });

  it('matches the reference for random consistency proofs (property)', () => {
    fc.assert(
      fc.property(
        sizes.chain((size) => fc.tuple(fc.integer({ min: 1, max: size }), fc.constant(size))),
        ([size1, size2]) => {
          const got = consistencyProof(size1, size2, reader(size2));
          expect(hexes(got)).toEqual(hexes(referenceProof(size1, ENTRIES.slice(0, size2))));
          verifyConsistency(size1, size2, got, rootOf(size1), rootOf(size2));
        },
      ),
      { numRuns: 60 },
    );
  });

  it('lists exactly the nodes a proof reads, so storage can fetch them first', () => {
    fc.assert(
      fc.property(
        sizes.chain((size) => fc.tuple(fc.integer({ min: 1, max: size }), fc.constant(size))),
        ([a, size]) => {
          const asked: string[] = [];
          const spy: HashReader = (level, index) => (asked.push(`${level}/${index}`), reader(size)(level, index));
          inclusionProof(a - 1, size, spy);
          expect(inclusionProofNodes(a - 1, size).map((n) => `${n.level}/${n.index}`)).toEqual(asked);
          asked.length = 0;
          consistencyProof(a, size, spy);
          expect(consistencyProofNodes(a, size).map((n) => `${n.level}/${n.index}`)).toEqual(asked);
        },
      ),
      { numRuns: 40 },
    );
  });
});

type Mutation = { kind: string; apply: (p: Uint8Array[]) => Uint8Array[] };

function mutations(length: number): fc.Arbitrary<Mutation> {
  const flip = fc.tuple(fc.integer({ min: 0, max: Math.max(0, length - 1) }), fc.integer({ min: 0, max: 255 })).map(
    ([at, bit]): Mutation => ({
      kind: `flip bit ${bit} of hash ${at}`,
      apply: (p) =>
        p.map((h, i) => (i === at ? h.map((byte, j) => (j === bit >> 3 ? byte ^ (1 << (bit & 7)) : byte)) : h)),
    }),
  );
  const extra = fc.uint8Array({ minLength: 32, maxLength: 32 });
  const options: fc.Arbitrary<Mutation>[] = [
    extra.map((h): Mutation => ({ kind: 'append a hash', apply: (p) => [...p, h] })),
    extra.map((h): Mutation => ({ kind: 'prepend a hash', apply: (p) => [h, ...p] })),
  ];
  if (length > 0) {
    options.push(flip, fc.constant<Mutation>({ kind: 'drop the last hash', apply: (p) => p.slice(0, -1) }));
  }
  if (length > 1) {
    options.push(fc.constant<Mutation>({ kind: 'swap two hashes', apply: (p) => [p[1]!, p[0]!, ...p.slice(2)] }));
  }
  return fc.oneof(...options);
}

describe('mutated proofs fail', () => {
  const sizes = fc.integer({ min: 1, max: 600 });

  it('rejects any changed inclusion proof, index, size or leaf (property)', () => {
    fc.assert(
      fc.property(
        sizes.chain((size) => fc.tuple(fc.constant(size), fc.integer({ min: 0, max: size - 1 }))),
        fc.nat(),
        ([size, index], seed) => {
          const good = inclusionProof(index, size, reader(size));
          const root = rootOf(size);
          fc.assert(
            fc.property(mutations(good.length), (m) => {
              // Swapping two equal hashes changes nothing; the entries are distinct, so this cannot happen here.
              const bad = m.apply(good);
              expect(accepts(() => verifyInclusion(LEAVES[index]!, index, size, bad, root)), m.kind).toBe(false);
            }),
            { numRuns: 5, seed },
          );
          expect(accepts(() => verifyInclusion(LEAVES[index]!, index ^ 1, size, good, root))).toBe(false);
          expect(accepts(() => verifyInclusion(LEAVES[(index + 1) % MAX]!, index, size, good, root))).toBe(false);
          // A wrong size with the same path shape cannot be caught by the proof; the signed checkpoint binds size
          // and root together. Doubling the size always changes the shape.
          expect(accepts(() => verifyInclusion(LEAVES[index]!, index, size * 2, good, root))).toBe(false);
          expect(accepts(() => verifyInclusion(LEAVES[index]!, index, size, good, rootOf(size + 1)))).toBe(false);
        },
      ),
      { numRuns: 80 },
    );
  });

  it('rejects any changed consistency proof, size or root (property)', () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 2, max: 600 })
          .chain((size) => fc.tuple(fc.integer({ min: 1, max: size - 1 }), fc.constant(size))),
        fc.nat(),
        ([size1, size2], seed) => {
          const good = consistencyProof(size1, size2, reader(size2));
          const [root1, root2] = [rootOf(size1), rootOf(size2)];
          fc.assert(
            fc.property(mutations(good.length), (m) => {
              expect(accepts(() => verifyConsistency(size1, size2, m.apply(good), root1, root2)), m.kind).toBe(false);
            }),
            { numRuns: 5, seed },
          );
          expect(accepts(() => verifyConsistency(size1 + 1, size2, good, root1, root2))).toBe(false);
          // As with inclusion, only a size that changes the proof's shape can be caught; the checkpoint binds the rest.
          expect(accepts(() => verifyConsistency(size1, size2 * 2, good, root1, root2))).toBe(false);
          expect(accepts(() => verifyConsistency(size1, size2, good, root2, root1))).toBe(false);
          expect(accepts(() => verifyConsistency(size1, size2, good, rootOf(size1 + 1), root2))).toBe(false);
        },
      ),
      { numRuns: 80 },
    );
  });
});

describe('proof edge cases', () => {
  it('refuses indexes and sizes outside the tree with out_of_range', () => {
    const cases: Array<[string, () => unknown]> = [
      ['index = size', () => inclusionProof(3, 3, reader(3))],
      ['negative index', () => inclusionProof(-1, 3, reader(3))],
      ['fractional size', () => inclusionProof(0, 2.5, reader(3))],
      ['consistency from 0', () => consistencyProof(0, 3, reader(3))],
      ['shrinking tree', () => consistencyProof(4, 3, reader(4))],
      ['verify index = size', () => verifyInclusion(LEAVES[0]!, 1, 1, [], LEAVES[0]!)],
      ['verify shrinking', () => verifyConsistency(2, 1, [], rootOf(2), rootOf(1))],
    ];
    for (const [name, run] of cases) {
      expect(() => run(), name).toThrow(expect.objectContaining({ reason: 'out_of_range' }));
    }
  });

  it('says what is wrong: a proof of the wrong length, or a root that does not match', () => {
    const good = inclusionProof(5, 13, reader(13));
    expect(() => verifyInclusion(LEAVES[5]!, 5, 13, good.slice(1), rootOf(13))).toThrow(
      expect.objectContaining({ reason: 'wrong_proof_size' }),
    );
    expect(() => verifyInclusion(LEAVES[6]!, 5, 13, good, rootOf(13))).toThrow(
      expect.objectContaining({ reason: 'root_mismatch' }),
    );
    expect(() => verifyInclusion(LEAVES[5]!.subarray(1), 5, 13, good, rootOf(13))).toThrow(
      expect.objectContaining({ reason: 'malformed' }),
    );
  });

  it('accepts the one-leaf and equal-size cases without a proof', () => {
    verifyInclusion(LEAVES[0]!, 0, 1, [], rootOf(1));
    verifyConsistency(7, 7, [], rootOf(7), rootOf(7));
    expect(consistencyProof(7, 7, reader(7))).toEqual([]);
  });
});
