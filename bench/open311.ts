import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import { loadConfig } from '../src/config.js';
import { buildServer } from '../src/http/server.js';
import { OPEN311_BASE } from '../src/http/routes/open311.js';
import type { BenchWorld } from './data.js';

/**
 * Open311 GeoReport v2's request list at the world's size, through the real server (`inject`, so no socket): each kind
 * of filter the spec has, in JSON and XML, on the first page and on the deepest page the list serves. Every request
 * must answer 200; the figures are p50 and p95 per kind, against the register search's target (p95 < 100 ms).
 */
export interface Open311Kind {
  kind: string;
  p50: number;
  p95: number;
  rows: number;
}

const RUNS = 30;

export async function benchOpen311(world: BenchWorld, log: (line: string) => void): Promise<Open311Kind[]> {
  const db = world.database.db;
  const config = loadConfig({ LOG_LEVEL: 'silent', DATABASE_URL: world.url, DATA_DIR: os.tmpdir(), PORT: '0' });
  const app = await buildServer({ db, config });
  try {
    const j = (await sql<{ id: string }>`SELECT id FROM jurisdiction ORDER BY code LIMIT 1`.execute(db)).rows[0]!.id;
    const procedure = (await sql<{ code: string }>`SELECT procedure_code AS code FROM application GROUP BY 1 ORDER BY count(*) DESC LIMIT 1`.execute(db)).rows[0]!.code;
    const numbers = (await sql<{ number: string }>`SELECT number FROM application ORDER BY random() LIMIT 200`.execute(db)).rows.map((r) => r.number);
    const newest = (await sql<{ at: Date }>`SELECT max(received_at) AS at FROM application`.execute(db)).rows[0]!.at;
    const day = 86_400_000;
    const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const older = (days: number) => iso(newest.getTime() - days * day);
    const base = `${OPEN311_BASE}/requests`;
    const q = (format: string, params: Record<string, string>) => `${base}.${format}?${new URLSearchParams({ jurisdiction_id: j, ...params })}`;
    const kinds: { kind: string; path: (i: number) => string }[] = [
      { kind: 'default (last 90 days), JSON', path: () => q('json', {}) },
      { kind: 'default, XML', path: () => q('xml', {}) },
      { kind: 'status=open', path: () => q('json', { status: 'open' }) },
      { kind: 'status=closed', path: () => q('json', { status: 'closed' }) },
      { kind: 'service_code', path: () => q('json', { service_code: procedure }) },
      { kind: 'service_code + status=closed', path: () => q('json', { service_code: procedure, status: 'closed' }) },
      { kind: 'a year ago, 30 days', path: () => q('json', { start_date: older(395), end_date: older(365) }) },
      { kind: 'page 50 of 200 (the deepest served)', path: () => q('json', { page_size: '200', page: '50' }) },
      { kind: 'service_request_id, 10 ids', path: (i) => q('json', { service_request_id: numbers.slice((i * 10) % 190, ((i * 10) % 190) + 10).join(',') }) },
    ];
    const out: Open311Kind[] = [];
    for (const k of kinds) {
      const times: number[] = [];
      let rows = 0;
      for (let i = 0; i < RUNS + 3; i++) {
        const t = performance.now();
        const response = await app.inject({ method: 'GET', url: k.path(i) });
        const elapsed = performance.now() - t;
        if (response.statusCode !== 200) throw new Error(`${k.kind}: ${response.statusCode} ${response.body.slice(0, 200)}`);
        if (i < 3) continue; // warm-up
        times.push(elapsed);
        rows = k.path(i).includes('.json') ? (JSON.parse(response.body) as unknown[]).length : response.body.split('<request>').length - 1;
      }
      times.sort((a, b) => a - b);
      const at = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))]!;
      out.push({ kind: k.kind, p50: at(0.5), p95: at(0.95), rows });
      log(`  ${k.kind}: p50 ${at(0.5).toFixed(1)} ms, p95 ${at(0.95).toFixed(1)} ms`);
    }
    return out;
  } finally {
    await app.close();
  }
}
