/**
 * One error type for everything the log rejects, with a stable reason, so a verifier CLI, the HTTP layer and
 * tests can tell a malformed input from a proof that does not hold without parsing messages.
 */
export type LogErrorReason =
  /** The input does not follow the format (a path, a note, a checkpoint, a proof, a hash of the wrong size). */
  | 'malformed'
  /** A size or index is outside what the tree allows, e.g. an index at or past the tree size. */
  | 'out_of_range'
  /** A proof has more or fewer hashes than the tree shape requires. */
  | 'wrong_proof_size'
  /** A proof is well-formed but the hashes it leads to are not the expected root. */
  | 'root_mismatch'
  /** A signature by a trusted key does not verify. */
  | 'invalid_signature'
  /** No signature by a trusted key was found. */
  | 'unknown_key'
  /** A checkpoint names a different log than the one the verifier trusts. */
  | 'wrong_origin';

/** Raised by every parser and verifier in `log/`; `reason` is stable, `message` is for people. */
export class LogError extends Error {
  constructor(
    readonly reason: LogErrorReason,
    message: string,
  ) {
    super(message);
    this.name = 'LogError';
  }
}

/** Shorthand for `new LogError('malformed', message)`, the most common rejection. */
export function malformed(message: string): LogError {
  return new LogError('malformed', message);
}
