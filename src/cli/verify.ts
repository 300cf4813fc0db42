/**
 * `npm run log:verify -- --url https://daylight.example.org --key '<vkey>' [--state file] [--sample N | --all]`
 * `npm run log:verify -- --url … --key … --download daylight-events-<size>.jsonl.gz --checkpoint checkpoint-<size>.txt`
 *
 * An external monitor of a Daylight deployment: it trusts nothing but the verifier key it is given. It checks
 * the checkpoint's signature, fetches every tile and entry bundle, recomputes the tree, checks every entry hashes
 * into it and the root matches, checks the log still holds the tree saved in the state file by the previous run,
 * and compares a sample (or all) of the public API's events with their entries. Exit code 0: all holds; 1: a
 * check failed (the message says which); 2: bad usage or the deployment could not be reached.
 */
import fs from 'node:fs';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { bytesEqual, decodeBase64, encodeBase64 } from '../log/bytes.js';
import { entryForEvent, leafHash } from '../log/hash.js';
import { MonitorError, monitorLog, type LogSource } from '../log/monitor.js';
import { entriesPath, tilePath } from '../log/tiles.js';

/** The log of a deployment, read over HTTP from `<url>/log/`. */
export function httpLogSource(baseUrl: string): LogSource {
  const base = baseUrl.replace(/\/+$/, '');
  const get = async (path: string): Promise<Response> => {
    let response: Response;
    try {
      response = await fetch(`${base}/log/${path}`, { headers: { 'accept-encoding': 'gzip, identity' } });
    } catch (error) {
      throw new MonitorError('fetch', `cannot fetch ${base}/log/${path}: ${(error as Error).message}`);
    }
    if (!response.ok) {
      throw new MonitorError('unavailable', `the log does not serve ${base}/log/${path} (HTTP ${response.status})`);
    }
    return response;
  };
  return {
    checkpoint: async () => (await get('checkpoint')).text(),
    tile: async (level, index, width) => new Uint8Array(await (await get(tilePath(level, index, width))).arrayBuffer()),
    entries: async (index, width) => new Uint8Array(await (await get(entriesPath(index, width))).arrayBuffer()),
  };
}

/** What a previous run saw, kept between runs to prove the log only grew. */
export interface MonitorState {
  size: number;
  rootHash: Uint8Array;
  /** The signed checkpoint note, kept as evidence should the log ever contradict it. */
  note: string;
}

/** Reads a state file; undefined when it does not exist yet (the first run). */
export function readState(file: string): MonitorState | undefined {
  if (!fs.existsSync(file)) return undefined;
  const saved = JSON.parse(fs.readFileSync(file, 'utf8')) as { size: number; root: string; checkpoint: string };
  const rootHash = decodeBase64(saved.root);
  if (!Number.isSafeInteger(saved.size) || !rootHash) throw new Error(`${file} is not a log:verify state file`);
  return { size: saved.size, rootHash, note: saved.checkpoint };
}

/** Writes a state file atomically (a crash leaves the old one). */
export function writeState(file: string, state: MonitorState): void {
  const json = JSON.stringify({ size: state.size, root: encodeBase64(state.rootHash), checkpoint: state.note }, null, 2);
  fs.writeFileSync(`${file}.tmp`, `${json}\n`);
  fs.renameSync(`${file}.tmp`, file);
}

interface ApiEvent {
  application: string;
  seq: number;
  log: { index: number } | null;
  [member: string]: unknown;
}

export interface VerifyOptions {
  url: string;
  /** The log's verifier key, obtained out of band (not from the deployment being checked). */
  key: string;
  previous?: MonitorState;
  /** How many entries to compare with the public API, or every one. */
  sample?: number | 'all';
  /** Progress lines for people (stderr in the CLI). */
  progress?: (line: string) => void;
}

export interface VerifyReport extends MonitorState {
  /** Entries compared with the public API's events. */
  compared: number;
}

/** Picks `count` distinct random indexes below `size`. */
function pickSample(size: number, count: number): Set<number> {
  if (count >= size) return new Set(Array.from({ length: size }, (_, i) => i));
  const chosen = new Set<number>();
  while (chosen.size < count) chosen.add(Math.floor(Math.random() * size));
  return chosen;
}

/**
 * Verifies a deployment from outside; rejects with a MonitorError naming the first check that fails. With
 * `sample: 'all'`, every event the API serves is compared by leaf hash and every entry must be served by the API.
 */
export async function verifyDeployment(options: VerifyOptions): Promise<VerifyReport> {
  const base = options.url.replace(/\/+$/, '');
  const progress = options.progress ?? (() => undefined);
  const all = options.sample === 'all';
  // The sample is drawn once the size is known, from the checkpoint the monitor verifies first.
  let sample: Set<number> | undefined;
  const sampled = new Map<number, Uint8Array>();
  const leaves: Uint8Array[] = [];
  const applications = new Set<string>();
  let lastReport = 0;
  const started = Date.now();

  const result = await monitorLog(httpLogSource(base), {
    key: options.key,
    previous: options.previous ? [options.previous] : [],
    onCheckpoint: ({ size }) => {
      sample = pickSample(size, typeof options.sample === 'number' ? options.sample : 20);
    },
    onEntry: (index, entry, leaf) => {
      if (all) {
        leaves[index] = leaf;
        applications.add(applicationOf(index, entry));
        return;
      }
      if (sample?.has(index)) sampled.set(index, Uint8Array.from(entry));
    },
    onProgress: (done, total) => {
      if (Date.now() - lastReport > 1000 || done === total) {
        lastReport = Date.now();
        const rate = Math.round(done / Math.max(0.001, (Date.now() - started) / 1000));
        progress(`log: ${done.toLocaleString('en')} of ${total.toLocaleString('en')} entries verified (${rate.toLocaleString('en')}/s)`);
      }
    },
  });
  const size = result.checkpoint.size;
  progress(`log: checkpoint ${size} verified; comparing ${all ? 'every entry' : 'a sample of entries'} with the public API`);

  const records = new Map<string, ApiEvent[]>();
  const eventsOf = async (number: string): Promise<ApiEvent[]> => {
    let events = records.get(number);
    if (!events) {
      const url = `${base}/api/v1/applications/${encodeURIComponent(number)}`;
      const response = await fetch(url).catch((error: Error) => {
        throw new MonitorError('fetch', `cannot fetch ${url}: ${error.message}`);
      });
      if (!response.ok) throw new MonitorError('api', `${url} answered HTTP ${response.status} for an application in the log`);
      events = ((await response.json()) as { events: ApiEvent[] }).events;
      records.set(number, events);
    }
    return events;
  };

  let compared = 0;
  if (all) {
    const served = new Set<number>();
    let done = 0;
    for (const number of applications) {
      for (const event of await eventsOf(number)) {
        const index = event.log?.index;
        if (index === undefined || index >= size) continue;
        if (!bytesEqual(leafHash(entryForEvent(event)), leaves[index]!)) {
          throw new MonitorError('api', `the API serves event ${number} #${event.seq} differently from log entry ${index}`);
        }
        served.add(index);
        compared++;
      }
      records.delete(number);
      if (++done % 200 === 0) progress(`api: ${done} of ${applications.size} applications compared`);
    }
    for (let index = 0; index < size; index++) {
      if (!served.has(index)) throw new MonitorError('api', `log entry ${index} is not among the events the API serves`);
    }
  } else {
    for (const [index, entry] of sampled) {
      const { application, seq } = JSON.parse(Buffer.from(entry).toString('utf8')) as ApiEvent;
      const event = (await eventsOf(application)).find((e) => e.seq === seq);
      if (!event) throw new MonitorError('api', `log entry ${index} is event ${application} #${seq}, which the API does not serve`);
      if (event.log?.index !== index) {
        throw new MonitorError('api', `the API places event ${application} #${seq} at log index ${event.log?.index}, the log at ${index}`);
      }
      if (!bytesEqual(entryForEvent(event), entry)) {
        throw new MonitorError('api', `the API serves event ${application} #${seq} differently from log entry ${index}`);
      }
      compared++;
    }
  }
  return { size, rootHash: result.checkpoint.rootHash, note: result.note, compared };
}

function applicationOf(index: number, entry: Uint8Array): string {
  try {
    const number = (JSON.parse(Buffer.from(entry).toString('utf8')) as { application?: unknown }).application;
    if (typeof number === 'string') return number;
  } catch {
    // Reported below.
  }
  throw new MonitorError('entry', `log entry ${index} is not a Daylight event`);
}

const USAGE = `Usage: npm run log:verify -- --url <https://host> --key '<vkey>' [--state <file>] [--sample <N> | --all]
       npm run log:verify -- --url <https://host> --key '<vkey>' --download <events file> --checkpoint <checkpoint file>

  Run from a Daylight checkout (npm install first); give files as absolute paths or relative to the checkout.

  --url     the deployment's public address
  --key     the log's verifier key, obtained out of band (e.g. published by the city)
  --state   a file remembering the last verified checkpoint; the log must still contain it
  --sample  how many entries to compare with the public API (default 20)
  --all     compare every entry with the public API

  --download    an open-data events file (daylight-events-<size>.jsonl.gz or .csv.gz) to check against the log
  --checkpoint  the signed checkpoint it names (daylight-checkpoint-<size>.txt, from the same data page)`;

async function main(argv: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        url: { type: 'string' }, key: { type: 'string' }, state: { type: 'string' }, sample: { type: 'string' }, all: { type: 'boolean' },
        download: { type: 'string' }, checkpoint: { type: 'string' },
      },
    }));
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const sample = values.all ? 'all' : Number(values.sample ?? 20);
  if (!values.url || !values.key || (sample !== 'all' && !(Number.isInteger(sample) && sample >= 0))) {
    console.error(USAGE);
    return 2;
  }
  if (values.download) {
    if (!values.checkpoint) {
      console.error(USAGE);
      return 2;
    }
    try {
      const { verifyDownload } = await import('./verifyDownload.js');
      let checkpoint: string;
      try {
        checkpoint = fs.readFileSync(values.checkpoint, 'utf8');
        fs.accessSync(values.download, fs.constants.R_OK);
      } catch (error) {
        console.error(`Cannot read ${(error as { path?: string }).path ?? values.checkpoint}: ${(error as Error).message}\n\n${USAGE}`);
        return 2;
      }
      const report = await verifyDownload({ url: values.url, key: values.key, file: values.download, checkpoint, progress: (line) => console.error(line) });
      console.log(`OK: ${values.download} holds exactly the ${report.size} entries of the signed checkpoint, each matching its leaf (${report.rows} rows).`);
      return 0;
    } catch (error) {
      return failed(error);
    }
  }
  try {
    const previous = values.state ? readState(values.state) : undefined;
    const report = await verifyDeployment({ url: values.url, key: values.key, previous, sample, progress: (line) => console.error(line) });
    if (values.state) writeState(values.state, report);
    const since = previous ? `, consistent with the ${previous.size}-entry checkpoint seen before` : '';
    console.log(`OK: ${report.size} entries verified against root ${encodeBase64(report.rootHash)}${since}; ${report.compared} compared with the API.`);
    return 0;
  } catch (error) {
    return failed(error);
  }
}

/** Prints what failed and returns the exit code: 1 when a check failed, 2 when the deployment could not be checked. */
function failed(error: unknown): number {
  if (error instanceof MonitorError) {
    console.error(`FAILED (${error.check}): ${error.message}`);
    return error.check === 'fetch' ? 2 : 1;
  }
  console.error(`FAILED: ${(error as Error).message}`);
  return 2;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  void main(process.argv.slice(2)).then((code) => process.exit(code));
}
