/**
 * The pure part of Daylight's transparency log: RFC 6962 hashing and proofs, C2SP tiles, signed notes,
 * checkpoints and tlog proofs. No I/O; storage is passed in as functions.
 */
export { LogError, type LogErrorReason } from './errors.js';
export { HASH_SIZE, leafHash, nodeHash, emptyRoot, entryForEvent } from './hash.js';
export { bytesEqual, decodeBase64, encodeBase64 } from './bytes.js';
export {
  CompactRange,
  integrate,
  rightEdgeNodes,
  type HashReader,
  type Integration,
  type NodeId,
  type NodeSink,
  type StoredNode,
} from './compact.js';
export {
  rootFromLeafHashes,
  inclusionProof,
  consistencyProof,
  inclusionProofNodes,
  consistencyProofNodes,
  rootFromInclusionProof,
  verifyInclusion,
  verifyConsistency,
} from './merkle.js';
export {
  TILE_HEIGHT,
  TILE_WIDTH,
  MAX_TILE_LEVEL,
  MAX_ENTRY_SIZE,
  encodeTileIndex,
  tilePath,
  entriesPath,
  parseTilePath,
  tileWidth,
  tilesForTreeSize,
  tilesForNodes,
  tilesForIntegration,
  hashReaderFromTiles,
  tileRoot,
  tileFromHashes,
  rootFromTiles,
  integrateTiles,
  encodeEntryBundle,
  decodeEntryBundle,
  type TileId,
  type TileData,
  type TileRequest,
  type TileReader,
  type TileIntegration,
} from './tiles.js';
export {
  ED25519_TYPE,
  generateKey,
  keyId,
  isValidKeyName,
  formatVerifierKey,
  parseVerifierKey,
  parseSignerKey,
  signNote,
  openNote,
  type NoteSigner,
  type NoteVerifier,
  type NoteSignature,
  type OpenedNote,
} from './note.js';
export {
  formatCheckpoint,
  parseCheckpoint,
  signCheckpoint,
  openCheckpoint,
  type Checkpoint,
  type VerifiedCheckpoint,
} from './checkpoint.js';
export {
  TLOG_PROOF_HEADER,
  formatTlogProof,
  parseTlogProof,
  createTlogProof,
  verifyTlogProof,
  type TlogProof,
  type VerifiedTlogProof,
} from './proof.js';
