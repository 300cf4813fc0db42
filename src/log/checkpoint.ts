/**
 * C2SP tlog-checkpoint: the note text naming a log (origin), its size and its root hash. Formatting and parsing
 * are both strict, so a checkpoint has exactly one spelling and a parsed one always re-formats to the same bytes.
 */
import { decodeBase64, encodeBase64, isCleanText, isCount } from './bytes.js';
import { LogError, malformed } from './errors.js';
import { HASH_SIZE } from './hash.js';
import { openNote, parseVerifierKey, signNote, type NoteSigner, type NoteVerifier, type OpenedNote } from './note.js';

/** A log's tree head at some size. */
export interface Checkpoint {
  /** The log's identity, e.g. `daylight.example.org/log`. */
  origin: string;
  /** Number of leaves. */
  size: number;
  /** RFC 6962 root hash at that size (32 bytes). */
  rootHash: Uint8Array;
  /** Opaque extra lines; not recommended, never produced by Daylight. */
  extensions: string[];
}

const DECIMAL = /^(?:0|[1-9][0-9]*)$/;

function checkLine(line: string, what: string): void {
  if (line.length === 0 || line.includes('\n') || !isCleanText(line)) {
    throw malformed(`checkpoint ${what} must be one non-empty line of text`);
  }
}

/** Formats the checkpoint note text: origin, decimal size, base64 root, extension lines, each ending in newline. */
export function formatCheckpoint(checkpoint: Checkpoint): string {
  checkLine(checkpoint.origin, 'origin');
  if (!isCount(checkpoint.size)) throw malformed(`checkpoint size must be a non-negative integer`);
  if (checkpoint.rootHash.length !== HASH_SIZE) throw malformed(`checkpoint root hash must be ${HASH_SIZE} bytes`);
  const extensions = checkpoint.extensions ?? [];
  extensions.forEach((line) => checkLine(line, 'extension line'));
  const lines = [checkpoint.origin, String(checkpoint.size), encodeBase64(checkpoint.rootHash), ...extensions];
  return lines.map((line) => `${line}\n`).join('');
}

/** Parses checkpoint note text (as returned by `openNote`), rejecting anything `formatCheckpoint` would not write. */
export function parseCheckpoint(text: string): Checkpoint {
  if (!text.endsWith('\n')) throw malformed('checkpoint text must end with a newline');
  const lines = text.slice(0, -1).split('\n');
  if (lines.length < 3) throw malformed('checkpoint needs an origin, a size and a root hash line');
  const [origin, sizeText, rootText, ...extensions] = lines as [string, string, string, ...string[]];
  checkLine(origin, 'origin');
  if (!DECIMAL.test(sizeText)) throw malformed(`checkpoint size must be a decimal without leading zeros: ${sizeText}`);
  const size = Number(sizeText);
  if (!Number.isSafeInteger(size)) throw malformed(`checkpoint size is too large: ${sizeText}`);
  const rootHash = decodeBase64(rootText);
  if (!rootHash || rootHash.length !== HASH_SIZE) throw malformed('checkpoint root hash must be base64 of 32 bytes');
  extensions.forEach((line) => checkLine(line, 'extension line'));
  return { origin, size, rootHash, extensions };
}

/** Formats and signs a checkpoint, returning the signed note served at `<prefix>/checkpoint`. */
export function signCheckpoint(checkpoint: Checkpoint, signer: NoteSigner): string {
  return signNote(formatCheckpoint(checkpoint), [signer]);
}

/** A checkpoint whose signature by the log's key has been verified. */
export interface VerifiedCheckpoint {
  checkpoint: Checkpoint;
  note: OpenedNote;
}

/**
 * Opens a signed checkpoint with the log's verifier (a `vkey` string or a parsed key) and checks that it names
 * the expected origin, by default the key's name, as the spec recommends and Daylight does.
 */
export function openCheckpoint(
  signedNote: string | Uint8Array,
  logKey: string | NoteVerifier,
  options: { origin?: string } = {},
): VerifiedCheckpoint {
  const verifier = typeof logKey === 'string' ? parseVerifierKey(logKey) : logKey;
  const note = openNote(signedNote, [verifier]);
  const checkpoint = parseCheckpoint(note.text);
  const origin = options.origin ?? verifier.name;
  if (checkpoint.origin !== origin) {
    throw new LogError('wrong_origin', `checkpoint is for log ${checkpoint.origin}, expected ${origin}`);
  }
  return { checkpoint, note };
}
