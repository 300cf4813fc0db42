/**
 * A monitor's check of a whole tiled log, as anyone outside can run it: the checkpoint's signature, every entry
 * bundle against its level-0 tile, every higher tile against the tree recomputed from the entries, the root
 * against the checkpoint, and the tree at a previously seen size against that checkpoint's root (so the log only
 * grew). The log is read through a `LogSource`, so the same code checks a deployment over HTTP or a synthetic
 * log in a benchmark.
 */
import { bytesEqual, encodeBase64 } from './bytes.js';
import { openCheckpoint, type Checkpoint } from './checkpoint.js';
import { CompactRange } from './compact.js';
import { LogError } from './errors.js';
import { HASH_SIZE, leafHash } from './hash.js';
import { decodeEntryBundle, TILE_HEIGHT, TILE_WIDTH, tileWidth } from './tiles.js';

/** Where a monitor reads a log from; each call returns the resource's bytes or throws. */
export interface LogSource {
  /** The signed checkpoint note. */
  checkpoint(): Promise<string>;
  /** Hash tile `level/index` at `width` hashes. */
  tile(level: number, index: number, width: number): Promise<Uint8Array>;
  /**
   * Entry bundle `index` at `width` entries. Without it the leaf hashes of the level-0 tiles are taken as given
   * and only the tree above them is checked (the operator's audit compares leaves with events itself).
   */
  entries?(index: number, width: number): Promise<Uint8Array>;
}

/** What the monitor found wrong; `check` names the failed check for scripts, the message is for people. */
export class MonitorError extends Error {
  constructor(
    /**
     * `fetch`: the log could not be reached; `unavailable`: it answered an error for a resource it must serve;
     * `download`: an open-data download differs from the log.
     */
    readonly check: 'signature' | 'rollback' | 'consistency' | 'entry' | 'tile' | 'root' | 'api' | 'download' | 'fetch' | 'unavailable',
    message: string,
  ) {
    super(message);
    this.name = 'MonitorError';
  }
}

export interface MonitorOptions {
  /** The log's verifier key (`vkey`), obtained out of band; the checkpoint must be signed by it. */
  key: string;
  /** Checkpoints seen before: the log must still contain exactly those trees. */
  previous?: readonly { size: number; rootHash: Uint8Array }[];
  /** Called once the checkpoint's signature holds, before any entry is read. */
  onCheckpoint?: (checkpoint: Checkpoint) => void;
  /** Called with every entry once it is known to hash into the tree (e.g. to compare with the API). */
  onEntry?: (index: number, entry: Uint8Array, leaf: Uint8Array) => void;
  /** Called after each bundle with entries verified so far and the total. */
  onProgress?: (done: number, total: number) => void;
  /** Bundles fetched ahead of the one being checked. */
  concurrency?: number;
}

export interface MonitorResult {
  checkpoint: Checkpoint;
  /** The signed note as fetched, to save as the next run's previous checkpoint. */
  note: string;
}

function hashAt(tile: Uint8Array, i: number): Uint8Array {
  return tile.subarray(i * HASH_SIZE, (i + 1) * HASH_SIZE);
}

/** Fetches in order with up to `ahead` requests in flight; a failure surfaces when its turn comes. */
function prefetcher<T>(count: number, ahead: number, load: (n: number) => Promise<T>): () => Promise<T> {
  const queue: Promise<T>[] = [];
  let next = 0;
  return () => {
    while (queue.length < ahead && next < count) {
      const promise = load(next++);
      promise.catch(() => undefined); // Handled when awaited; this only keeps Node from calling it unhandled.
      queue.push(promise);
    }
    return queue.shift()!;
  };
}

/**
 * Verifies the whole log behind `source`. Resolves with the verified checkpoint, or rejects with a MonitorError
 * naming the first thing that does not hold (or the fetch that failed).
 */
export async function monitorLog(source: LogSource, options: MonitorOptions): Promise<MonitorResult> {
  const note = await source.checkpoint();
  let checkpoint: Checkpoint;
  try {
    checkpoint = openCheckpoint(note, options.key).checkpoint;
  } catch (error) {
    if (error instanceof LogError) throw new MonitorError('signature', `checkpoint: ${error.message}`);
    throw error;
  }
  options.onCheckpoint?.(checkpoint);
  const { size, rootHash } = checkpoint;
  const previous = [...(options.previous ?? [])].sort((a, b) => a.size - b.size);
  const largest = previous[previous.length - 1];
  if (largest && largest.size > size) {
    throw new MonitorError('rollback', `the log shrank: it was ${largest.size} entries, the checkpoint now says ${size}`);
  }
  let nextPrevious = 0;
  const checkPrevious = (range: CompactRange) => {
    while (previous[nextPrevious]?.size === range.size) {
      const seen = previous[nextPrevious++]!;
      if (!bytesEqual(range.root(), seen.rootHash)) {
        throw new MonitorError(
          'consistency',
          `the first ${seen.size} entries no longer give the root seen before (${encodeBase64(seen.rootHash)}): ` +
            'the log was rewritten',
        );
      }
    }
  };

  // Higher tiles are fetched when the recomputation reaches them; only one per level is held at a time.
  const upper = new Map<number, { index: number; hashes: Uint8Array }>();
  const pendingUpper: { level: number; index: number; hash: Uint8Array }[] = [];
  const checkUpper = async () => {
    for (const { level, index, hash } of pendingUpper.splice(0)) {
      const tileIndex = Math.floor(index / TILE_WIDTH);
      let tile = upper.get(level);
      if (!tile || tile.index !== tileIndex) {
        const width = tileWidth(level, tileIndex, size);
        const hashes = await source.tile(level, tileIndex, width);
        if (hashes.length !== width * HASH_SIZE) {
          throw new MonitorError('tile', `tile ${level}/${tileIndex} has ${hashes.length} bytes, expected ${width * HASH_SIZE}`);
        }
        upper.set(level, (tile = { index: tileIndex, hashes }));
      }
      if (!bytesEqual(hashAt(tile.hashes, index % TILE_WIDTH), hash)) {
        throw new MonitorError('tile', `hash ${index % TILE_WIDTH} of tile ${level}/${tileIndex} is not the recomputed subtree hash`);
      }
    }
  };

  const range = CompactRange.empty();
  checkPrevious(range);
  const sink = (level: number, index: number, hash: Uint8Array) => {
    if (level > 0 && level % TILE_HEIGHT === 0) pendingUpper.push({ level: level / TILE_HEIGHT, index, hash });
  };
  const bundles = Math.ceil(size / TILE_WIDTH);
  const next = prefetcher(bundles, options.concurrency ?? 8, (n) => {
    const width = tileWidth(0, n, size);
    return Promise.all([source.entries?.(n, width), source.tile(0, n, width)]);
  });
  for (let n = 0; n < bundles; n++) {
    const width = tileWidth(0, n, size);
    const [bundle, leaves] = await next();
    let entries: Uint8Array[] | undefined;
    try {
      entries = bundle && decodeEntryBundle(bundle, width);
    } catch (error) {
      throw new MonitorError('entry', `entry bundle ${n}: ${(error as Error).message}`);
    }
    if (leaves.length !== width * HASH_SIZE) {
      throw new MonitorError('tile', `tile 0/${n} has ${leaves.length} bytes, expected ${width * HASH_SIZE}`);
    }
    for (let i = 0; i < width; i++) {
      const index = n * TILE_WIDTH + i;
      const leaf = entries ? leafHash(entries[i]!) : Uint8Array.from(hashAt(leaves, i));
      if (entries && !bytesEqual(leaf, hashAt(leaves, i))) {
        throw new MonitorError('entry', `entry ${index} does not hash to leaf ${i} of tile 0/${n}: the entry or the tree was changed`);
      }
      if (entries) options.onEntry?.(index, entries[i]!, leaf);
      range.append(leaf, sink);
      checkPrevious(range);
    }
    await checkUpper();
    options.onProgress?.(Math.min(size, (n + 1) * TILE_WIDTH), size);
  }
  if (!bytesEqual(range.root(), rootHash)) {
    throw new MonitorError('root', `the entries give root ${encodeBase64(range.root())}, the checkpoint says ${encodeBase64(rootHash)}`);
  }
  return { checkpoint, note };
}
