import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../helpers/db.js';
import { probesFor, writtenDateProbes, type Probe } from '../helpers/fuzzCases.js';
import { ROUTE_REQUESTS, routeKey } from '../helpers/routeRequests.js';
import { startSandbox, type Sandbox, type SandboxRequest, type SandboxResult } from '../helpers/sandbox.js';

/**
 * A bounded, seeded fuzzer over every registered route. DESIGN: "no request, however its dates, sizes or repetitions
 * are chosen, blocks the server for more than a fraction of a second; no request answers 5xx for bad input". Every
 * answer must be below 500 and come within LIMIT_MS (timed around `app.inject`). The server runs in a child process
 * so that a request that blocks its event loop is cut off at HARD_LIMIT_MS by killing it; it is then started afresh.
 * `FUZZ_SEED` replays another run; `FUZZ_REPORT=<file>` writes every failure as JSON.
 */
const SEED = Number(process.env.FUZZ_SEED ?? 20_260_214);
const LIMIT_MS = 3000;
const HARD_LIMIT_MS = 4000;
const SHOWN = 250;

interface Failure {
  route: string;
  what: string;
  role: string;
  method: string;
  url: string;
  status: number | 'no answer' | 'harness error';
  ms: number;
  body: string;
  errors: string[];
}

const clip = (text: string, n: number) => (text.length > n ? `${text.slice(0, n)}…(${text.length} chars)` : text);

function judge(probe: Probe, request: SandboxRequest, result: SandboxResult, failures: Failure[]): boolean {
  const base = { route: probe.route, what: probe.what, role: request.role, method: request.method };
  if ('timedOut' in result) {
    failures.push({ ...base, url: result.url, status: 'no answer', ms: result.timedOut, body: `no answer within ${result.timedOut} ms; the server was killed and replaced`, errors: [] });
    return false;
  }
  if ('failed' in result) {
    failures.push({ ...base, url: request.url, status: 'harness error', ms: 0, body: result.failed, errors: [] });
    return false;
  }
  if ('skipped' in result) return true;
  if (result.status >= 500 || result.ms > LIMIT_MS) {
    failures.push({ ...base, url: result.url, status: result.status, ms: result.ms, body: result.body.replace(/\s+/g, ' ').slice(0, 200), errors: result.errors });
  }
  return true;
}

function report(failures: Failure[], total: number, dialect: string, restarts: number): string {
  const lines = [
    `${failures.length} of ${total} fuzzed requests failed on ${dialect} (answer ≥ 500 or slower than ${LIMIT_MS} ms; ${restarts} blocked servers killed).`,
    `Seed ${SEED}: FUZZ_SEED=${SEED} npx vitest run test/http/fuzz.test.ts replays this run.`,
  ];
  for (const f of failures.slice(0, SHOWN)) {
    lines.push(`${f.route} — ${f.what}`);
    lines.push(`  ${f.role} ${f.method} ${clip(f.url, 200)} → ${f.status} in ${f.ms} ms: ${f.body || '(empty body)'}`);
    if (f.errors[0]) lines.push(...f.errors[0].split('\n').map((l) => `  ${l}`));
  }
  if (failures.length > SHOWN) lines.push(`… and ${failures.length - SHOWN} more (FUZZ_REPORT=<file> writes them all).`);
  return lines.join('\n');
}

describe.each(DIALECTS)('fuzzing every route on %s', (dialect) => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox(dialect);
  }, 120_000);
  afterAll(async () => {
    await sandbox?.close();
  });

  const registered = () => [
    ...new Set(sandbox.ready.routes.flatMap((r) => (Array.isArray(r.method) ? r.method : [r.method]).filter((m) => m !== 'HEAD').map((m) => routeKey(m, r.url)))),
  ];

  it('has a request to start from for every registered route', () => {
    expect(registered().filter((k) => !(k in ROUTE_REQUESTS)), 'add these routes to test/helpers/routeRequests.ts').toEqual([]);
  });

  it(`answers every fuzzed request below 500 within ${LIMIT_MS} ms`, async () => {
    console.log(`fuzzing on ${dialect} with seed ${SEED} (FUZZ_SEED to replay)`);
    const probes = registered().filter((k) => k in ROUTE_REQUESTS).flatMap((k) => probesFor(k, SEED));
    const written = writtenDateProbes();
    const failures: Failure[] = [];
    const timing: Record<string, number> = {};
    const slowest: [number, string][] = [];
    let total = 0;
    const send = async (probe: Probe, request: SandboxRequest) => {
      total++;
      const started = Date.now();
      const result = await sandbox.send(request, HARD_LIMIT_MS);
      timing[probe.route] = (timing[probe.route] ?? 0) + Date.now() - started;
      slowest.push([Date.now() - started, `${probe.route} — ${probe.what} (${request.role})`]);
      return judge(probe, request, result, failures);
    };
    for (const probe of [...probes, ...written]) {
      // Far-away dates are what blocked servers before: have a replacement ready in case one blocks again.
      if (probe === written[0]) sandbox.warmSpare();
      const answered = await send(probe, probe.request);
      // Reads of what the probe wrote; after a killed server there is nothing left to read.
      for (const read of answered ? (probe.then ?? []) : []) {
        await send({ ...probe, what: `${read.method} ${read.url.replace(/\{\{fresh:\w+\}\}/, 'it')} after ${probe.what}` }, read);
      }
    }
    if (process.env.FUZZ_REPORT) writeFileSync(process.env.FUZZ_REPORT.replace('{dialect}', dialect), JSON.stringify({ seed: SEED, dialect, total, timing, slowest: slowest.sort((a, b) => b[0] - a[0]).slice(0, 60), failures }, null, 1));
    expect(failures, report(failures, total, dialect, sandbox.restarts)).toEqual([]);
  }, 20 * 60_000);
});
