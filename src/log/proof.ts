/**
 * C2SP tlog-proof: an offline-verifiable receipt that an entry is in the log, made of the entry's index, its
 * inclusion proof and a signed checkpoint. Daylight links one from every public event; anyone holding the log's
 * `vkey` can check it without asking the server anything.
 */
import { decodeBase64, encodeBase64, isCount } from './bytes.js';
import { openCheckpoint, parseCheckpoint, type Checkpoint } from './checkpoint.js';
import type { HashReader } from './compact.js';
import { LogError, malformed } from './errors.js';
import { HASH_SIZE, leafHash } from './hash.js';
import { inclusionProof, verifyInclusion } from './merkle.js';
import type { NoteVerifier } from './note.js';

/** First line of every proof. */
export const TLOG_PROOF_HEADER = 'c2sp.org/tlog-proof@v1';

/** The parts of a tlog proof. */
export interface TlogProof {
  /** Zero-based index of the entry in the log. */
  index: number;
  /** Inclusion proof hashes, leaf's sibling first. */
  proof: Uint8Array[];
  /** The signed checkpoint, verbatim (signed note text, ending in a newline). */
  checkpoint: string;
  /** Opaque, unauthenticated extra data; Daylight does not use it. */
  extra?: Uint8Array;
}

/** Formats a tlog proof (`.tlog-proof` file contents). */
export function formatTlogProof(parts: TlogProof): string {
  if (!isCount(parts.index)) throw malformed('proof index must be a non-negative integer');
  if (!parts.checkpoint.endsWith('\n')) throw malformed('signed checkpoint must end with a newline');
  const lines = [TLOG_PROOF_HEADER];
  if (parts.extra !== undefined) lines.push(`extra ${encodeBase64(parts.extra)}`);
  lines.push(`index ${parts.index}`);
  for (const hash of parts.proof) {
    if (hash.length !== HASH_SIZE) throw malformed(`proof hashes must be ${HASH_SIZE} bytes`);
    lines.push(encodeBase64(hash));
  }
  return `${lines.join('\n')}\n\n${parts.checkpoint}`;
}

/**
 * Builds the proof for entry `index` against a signed checkpoint the log produced, reading stored hashes through
 * `getHash` for the checkpoint's tree size. The checkpoint is the server's own, so its signature is not re-checked.
 */
export function createTlogProof(
  index: number,
  signedCheckpoint: string,
  getHash: HashReader,
  extra?: Uint8Array,
): string {
  const split = signedCheckpoint.lastIndexOf('\n\n');
  if (split < 0) throw malformed('not a signed checkpoint');
  const { size } = parseCheckpoint(signedCheckpoint.slice(0, split + 1));
  const proof = inclusionProof(index, size, getHash);
  return formatTlogProof({ index, proof, checkpoint: signedCheckpoint, ...(extra ? { extra } : {}) });
}

const DECIMAL = /^(?:0|[1-9][0-9]*)$/;

/** Parses a tlog proof strictly; does not check signatures or hashes (see `verifyTlogProof`). */
export function parseTlogProof(text: string): TlogProof {
  // Header, extra and index lines are non-empty and hash lines are non-empty, so the first blank line is the
  // boundary before the checkpoint.
  const split = text.indexOf('\n\n');
  if (split < 0) throw malformed('tlog proof has no blank line before its checkpoint');
  const lines = text.slice(0, split).split('\n');
  const checkpoint = text.slice(split + 2);
  if (lines[0] !== TLOG_PROOF_HEADER) throw malformed(`tlog proof must start with ${TLOG_PROOF_HEADER}`);
  let at = 1;
  let extra: Uint8Array | undefined;
  if (lines[at]?.startsWith('extra ')) {
    const decoded = decodeBase64(lines[at]!.slice('extra '.length));
    if (!decoded) throw malformed('tlog proof extra data is not base64');
    extra = decoded;
    at++;
  }
  const indexLine = lines[at] ?? '';
  const indexText = indexLine.startsWith('index ') ? indexLine.slice('index '.length) : '';
  if (!DECIMAL.test(indexText)) throw malformed('tlog proof needs an "index <decimal>" line');
  const index = Number(indexText);
  if (!Number.isSafeInteger(index)) throw malformed('tlog proof index is too large');
  const proof = lines.slice(at + 1).map((line, i) => {
    const hash = decodeBase64(line);
    if (!hash || hash.length !== HASH_SIZE) throw malformed(`tlog proof line ${at + 2 + i} is not a base64 hash`);
    return hash;
  });
  if (checkpoint.length === 0) throw malformed('tlog proof has no checkpoint');
  return { index, proof, checkpoint, ...(extra ? { extra } : {}) };
}

/** What a verified proof establishes. */
export interface VerifiedTlogProof {
  index: number;
  checkpoint: Checkpoint;
  extra?: Uint8Array;
}

/**
 * Verifies a tlog proof for `entry` (the leaf's bytes): the checkpoint must be signed by `logKey` for its origin
 * (by default the key's name), then the entry must be included at the index in that checkpoint's tree. Throws a
 * LogError saying which check failed.
 */
export function verifyTlogProof(
  proofText: string | Uint8Array,
  entry: Uint8Array,
  logKey: string | NoteVerifier,
  options: { origin?: string } = {},
): VerifiedTlogProof {
  let text: string;
  try {
    text = typeof proofText === 'string' ? proofText : new TextDecoder('utf-8', { fatal: true }).decode(proofText);
  } catch {
    throw malformed('tlog proof is not valid UTF-8');
  }
  const parts = parseTlogProof(text);
  const { checkpoint } = openCheckpoint(parts.checkpoint, logKey, options);
  if (parts.index >= checkpoint.size) {
    const size = checkpoint.size;
    throw new LogError('out_of_range', `entry ${parts.index} is not in the checkpoint's tree of size ${size}`);
  }
  verifyInclusion(leafHash(entry), parts.index, checkpoint.size, parts.proof, checkpoint.rootHash);
  return { index: parts.index, checkpoint, ...(parts.extra ? { extra: parts.extra } : {}) };
}
