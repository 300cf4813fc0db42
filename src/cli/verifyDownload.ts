/**
 * Checks an open-data events download (`daylight-events-<size>.jsonl.gz` or `.csv.gz`) against the transparency log,
 * trusting nothing but the log's verifier key: the download's checkpoint must be signed by that key and still be part
 * of the log the deployment serves (the whole log is verified as `log:verify` does), and the download must hold every
 * entry of that checkpoint's tree exactly once, each row hashing to its entry's leaf. An edited, added or missing
 * row fails, naming it.
 */
import fs from 'node:fs';
import readline from 'node:readline';
import { createGunzip } from 'node:zlib';
import { bytesEqual } from '../log/bytes.js';
import { openCheckpoint } from '../log/checkpoint.js';
import { LogError } from '../log/errors.js';
import { entryForEvent, HASH_SIZE, leafHash } from '../log/hash.js';
import { MonitorError, monitorLog } from '../log/monitor.js';
import { httpLogSource } from './verify.js';

export interface DownloadCheck {
  url: string;
  key: string;
  /** The events file as downloaded (gzip-compressed JSON Lines or CSV). */
  file: string;
  /** The signed checkpoint note the download names (`checkpoint-<size>.txt` beside it). */
  checkpoint: string;
  progress?: (line: string) => void;
}

/** Splits one CSV line (RFC 4180, no line breaks inside cells, as the events file writes it) into its cells. */
export function csvCells(line: string): string[] {
  const cells: string[] = [];
  let i = 0;
  while (i <= line.length) {
    if (line[i] === '"') {
      let text = '';
      i++;
      for (;;) {
        const quote = line.indexOf('"', i);
        if (quote < 0) throw new Error('unterminated quote');
        text += line.slice(i, quote);
        if (line[quote + 1] === '"') {
          text += '"';
          i = quote + 2;
        } else {
          i = quote + 1;
          break;
        }
      }
      cells.push(text);
      if (i < line.length && line[i] !== ',') throw new Error('text after a quoted cell');
      i++;
    } else {
      const comma = line.indexOf(',', i);
      const end = comma < 0 ? line.length : comma;
      cells.push(line.slice(i, end));
      i = end + 1;
    }
  }
  return cells;
}

/** What the other files are checked by: the log holds events, so only the events file can be compared with it. */
const ONLY_EVENTS = 'Only the events file (daylight-events-<size>.jsonl.gz or .csv.gz) can be checked against the log; check the other files by the SHA-256 the data page lists.';

/** A public event (as the API serves it, with `log`) from one row of the events file. */
function eventOf(line: string, header: string[] | null): { event: Record<string, unknown>; index: number } {
  if (!header) {
    const event = JSON.parse(line) as Record<string, unknown> & { log?: { index?: unknown } | null };
    if (typeof event !== 'object' || event === null || !('application' in event) || !('seq' in event) || !('log' in event)) {
      throw new Error('it has no application, seq and log');
    }
    return { event, index: Number(event.log?.index) };
  }
  const cells = csvCells(line);
  if (cells.length !== header.length) throw new Error(`${cells.length} cells, the header names ${header.length}`);
  const at = (name: string) => cells[header.indexOf(name)] ?? '';
  const event = {
    application: at('application'),
    seq: Number(at('seq')),
    type: at('type'),
    occurred_at: at('occurred_at'),
    recorded_at: at('recorded_at'),
    actor: at('actor') === '' ? null : JSON.parse(at('actor')),
    data: JSON.parse(at('data')),
  };
  return { event, index: at('log_index') === '' ? Number.NaN : Number(at('log_index')) };
}

/** Verifies an events download against the log; rejects with a MonitorError naming the first problem. */
export async function verifyDownload(options: DownloadCheck): Promise<{ size: number; rows: number }> {
  const progress = options.progress ?? (() => undefined);
  let size: number;
  let rootHash: Uint8Array;
  try {
    ({ size, rootHash } = openCheckpoint(options.checkpoint, options.key).checkpoint);
  } catch (error) {
    if (error instanceof LogError) throw new MonitorError('signature', `the download's checkpoint: ${error.message}`);
    throw error;
  }
  progress(`download: names checkpoint ${size}, signed by the key; verifying the log still holds that tree`);
  const leaves = Buffer.alloc(size * HASH_SIZE);
  await monitorLog(httpLogSource(options.url), {
    key: options.key,
    previous: [{ size, rootHash }],
    onEntry: (index, _entry, leaf) => {
      if (index < size) leaves.set(leaf, index * HASH_SIZE);
    },
  });
  progress(`log: verified; comparing ${options.file} with its ${size} entries`);

  const seen = new Uint8Array(Math.ceil(size / 8));
  const csv = /\.csv(\.gz)?$/.test(options.file);
  const input = fs.createReadStream(options.file).pipe(createGunzip());
  const lines = readline.createInterface({ input, crlfDelay: Infinity });
  let header: string[] | null = null;
  let line = 0;
  let rows = 0;
  try {
    for await (const text of lines) {
      line++;
      if (text === '') continue;
      if (csv && !header) {
        // The file starts with a UTF-8 byte-order mark, so spreadsheets read it as UTF-8.
        header = csvCells(text.replace(/^\uFEFF/, ''));
        for (const name of ['application', 'seq', 'type', 'occurred_at', 'recorded_at', 'actor', 'data', 'log_index']) {
          if (!header.includes(name)) throw new MonitorError('download', `line 1: the header lacks the column ${name}. ${ONLY_EVENTS}`);
        }
        continue;
      }
      let row;
      try {
        row = eventOf(text, header);
      } catch (error) {
        throw new MonitorError('download', `line ${line}: not an event row (${(error as Error).message}). ${ONLY_EVENTS}`);
      }
      const { event, index } = row;
      const name = `${String(event.application)} #${String(event.seq)}`;
      if (!Number.isSafeInteger(index) || index < 0 || index >= size) {
        throw new MonitorError('download', `line ${line}: event ${name} claims log index ${index}, outside the checkpoint's ${size} entries`);
      }
      if (seen[index >> 3]! & (1 << (index & 7))) throw new MonitorError('download', `line ${line}: log entry ${index} appears twice`);
      seen[index >> 3]! |= 1 << (index & 7);
      if (!bytesEqual(leafHash(entryForEvent(event)), leaves.subarray(index * HASH_SIZE, (index + 1) * HASH_SIZE))) {
        throw new MonitorError('download', `line ${line}: event ${name} differs from log entry ${index}`);
      }
      rows++;
    }
  } catch (error) {
    if (error instanceof MonitorError) throw error;
    const hint = (error as { code?: string }).code === 'Z_DATA_ERROR' ? ' (give the .gz file as downloaded, not a decompressed copy)' : '';
    throw new MonitorError('download', `${options.file} cannot be read: ${(error as Error).message}${hint}`);
  }
  for (let index = 0; index < size; index++) {
    if (!(seen[index >> 3]! & (1 << (index & 7)))) throw new MonitorError('download', `log entry ${index} is missing from the download`);
  }
  return { size, rows };
}
