import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csvCells, verifyDownload } from '../../src/cli/verifyDownload.js';
import { recordAct } from '../../src/commands/recordAct.js';
import { saveOpenDataSettings } from '../../src/commands/admin/saveOpenDataSettings.js';
import type { Manifest } from '../../src/domain/openData.js';
import { buildOpenData, EXPORT_PAGE } from '../../src/jobs/buildOpenData.js';
import { integrateAll } from '../../src/jobs/integrateLog.js';
import { decodeBase64 } from '../../src/log/bytes.js';
import { MonitorError } from '../../src/log/monitor.js';
import { COLUMNS } from '../../src/presenters/openData.js';
import type { PublicApplication } from '../../src/presenters/public.js';
import { DIALECTS, openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { CANARY, PASSWORD, createFixture, type Fixture } from '../helpers/fixture.js';
import { bulkInsertEvents, fileApplication, testLogSigner, workApplication } from '../helpers/log.js';
import { Client, testServer } from '../helpers/server.js';

async function failure(promise: Promise<unknown>): Promise<MonitorError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof MonitorError) return error;
    throw error;
  }
  throw new Error('expected the check to fail');
}

const lines = (bytes: Buffer) => gunzipSync(bytes).toString('utf8').split('\n').filter(Boolean);

describe.each(DIALECTS)('open-data downloads on %s', (dialect) => {
  let database: TestDatabase;
  let fx: Fixture;
  let app: FastifyInstance;
  let url: string;
  let dir: string;
  let manifest: Manifest;
  let lateNumber: string;
  const log = testLogSigner();
  const numbers: string[] = [];
  const read = (name: string) => fs.readFileSync(path.join(dir, manifest.folder, name));
  const named = (kind: string, format: string, jurisdiction: string | null = null) =>
    manifest.files.find((f) => f.kind === kind && f.format === format && f.jurisdiction === jurisdiction)!;

  beforeAll(async () => {
    database = await openTestDatabase(dialect);
    fx = await createFixture(database.db);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'daylight-open-data-'));
    for (let i = 0; i < 3; i++) numbers.push(await fileApplication(database.db, `Application ${i}`));
    await workApplication(database.db, fx, numbers[0]!, 2);
    const { a1, fire1 } = fx.officials;
    const steps: [Parameters<typeof recordAct>[1]['act'], typeof a1][] = [
      [{ type: 'stage_completed', stage: 'intake' }, a1],
      [{ type: 'stage_started', stage: 'fire' }, fire1],
      [{ type: 'stage_completed', stage: 'fire' }, fire1],
      [{ type: 'stage_started', stage: 'structure' }, a1],
      [{ type: 'stage_completed', stage: 'structure' }, a1],
      [{ type: 'stage_started', stage: 'decision' }, a1],
    ];
    for (const [act, actor] of steps) await recordAct(database.db, { number: numbers[0]!, act, actor });
    await recordAct(database.db, {
      number: numbers[0]!, act: { type: 'decision', outcome: 'approved', reasons: 'Meets the code' }, actor: fx.officials.boss, internalNote: CANARY.internal,
    });
    await workApplication(database.db, fx, numbers[1]!, 1);
    await recordAct(database.db, { number: numbers[2]!, act: { type: 'withdrawn' }, actor: fx.officials.a1 });
    // More events than one export page, so the keyset paging is crossed inside one application.
    await bulkInsertEvents(database.db, numbers[1]!, EXPORT_PAGE + 10, (i) => new Date(Date.now() - 3_600_000 + i));
    await integrateAll(database.db, log);
    // Filed after the checkpoint: not in any file.
    lateNumber = await fileApplication(database.db, 'Filed after the checkpoint');
    manifest = (await buildOpenData(database.db, { dir, licence: 'cc-by-4.0', publicUrl: 'https://daylight.test' }))!;
    app = await testServer(database, { OPEN_DATA_DIR: dir, OPEN_DATA_LICENCE: 'cc-by-4.0' });
    await app.listen({ port: 0, host: '127.0.0.1' });
    url = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    await database?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('lists every file with its rows, size and checksum, all named after one checkpoint', () => {
    const size = manifest.checkpoint.size;
    expect(size).toBeGreaterThan(EXPORT_PAGE);
    expect(manifest.licence).toBe('cc-by-4.0');
    expect(manifest.files.map((f) => f.name)).toContain(`daylight-events-${size}.jsonl.gz`);
    expect(manifest.files.map((f) => f.name)).toContain(`blds-permits-ts-${size}.csv.gz`);
    expect(manifest.files.map((f) => f.name)).toContain(`daylight-checkpoint-${size}.txt`);
    for (const f of manifest.files) {
      expect(f.name).toContain(`-${size}.`);
      const bytes = read(f.name);
      expect(bytes.length, f.name).toBe(f.bytes);
      expect(createHash('sha256').update(bytes).digest('hex'), f.name).toBe(f.sha256);
    }
    expect(read(named('checkpoint', 'txt').name).toString()).toBe(manifest.checkpoint.note);
  });

  it('builds the same bytes from the same checkpoint, so a restored or a second instance serves identical files', async () => {
    // Built files are not backed up: a restore rebuilds them from the restored log, and this is why that is enough.
    const again = fs.mkdtempSync(path.join(os.tmpdir(), 'daylight-open-data-again-'));
    try {
      const checkpoint = { size: manifest.checkpoint.size, rootHash: decodeBase64(manifest.checkpoint.root_hash)!, note: manifest.checkpoint.note };
      const rebuilt = (await buildOpenData(database.db, { dir: again, licence: 'cc-by-4.0', publicUrl: 'https://daylight.test', checkpoint }))!;
      expect(rebuilt.files.map((f) => [f.name, f.rows, f.bytes, f.sha256])).toEqual(manifest.files.map((f) => [f.name, f.rows, f.bytes, f.sha256]));
    } finally {
      fs.rmSync(again, { recursive: true, force: true });
    }
  });

  it('holds every event inside the checkpoint exactly once, as the API serves it, and nothing after it', async () => {
    const events = lines(read(named('events', 'jsonl').name)).map((l) => JSON.parse(l) as PublicApplication['events'][number]);
    expect(events).toHaveLength(manifest.checkpoint.size);
    expect(new Set(events.map((e) => e.log!.index)).size).toBe(manifest.checkpoint.size);
    expect(events.some((e) => e.application === lateNumber)).toBe(false);
    const served = (await app.inject({ method: 'GET', url: `/api/v1/applications/${numbers[0]}` })).json() as PublicApplication;
    expect(events.filter((e) => e.application === numbers[0])).toEqual(served.events);
    const csv = lines(read(named('events', 'csv').name));
    expect(csv[0]!.startsWith('\uFEFF')).toBe(true);
    expect(csvCells(csv[0]!.replace(/^\uFEFF/, '').replace(/\r$/, ''))).toEqual([...COLUMNS.events]);
    expect(csv).toHaveLength(manifest.checkpoint.size + 1);
  });

  it('derives each application from its events, as it stood at the checkpoint', () => {
    const rows = lines(read(named('applications', 'jsonl').name)).map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(rows.map((r) => r.number)).toEqual(numbers);
    expect(rows[0]).toMatchObject({ status: 'approved', title: 'Application 0', unit_code: 'TS-BUILD', jurisdiction_id: 'test.example', procedure_code: 'building-permit', lat: 37.5, lng: 127.01, channel: 'online' });
    expect(rows[0]!.closed_at).toMatch(/\+09:00$/);
    expect(rows[1]).toMatchObject({ status: 'in_review', active_stages: 'intake', closed_at: null });
    expect(rows[1]!.event_count).toBeGreaterThan(EXPORT_PAGE);
    expect(rows[2]).toMatchObject({ status: 'withdrawn' });
    const csv = lines(read(named('applications', 'csv').name));
    expect(csv).toHaveLength(4);
  });

  it('maps permits, status changes and inspections onto BLDS, per jurisdiction and for all', () => {
    const permits = JSON.parse(gunzipSync(read(named('blds-permits', 'json').name)).toString()) as Record<string, unknown>[];
    expect(permits.map((p) => [p.PermitNum, p.StatusCurrentMapped])).toEqual([
      [numbers[0], 'Permit Issued'], [numbers[1], 'Inspection Phase'], [numbers[2], 'Permit Cancelled'],
    ]);
    expect(permits[0]).toMatchObject({ PermitClassMapped: 'Non-Residential', PermitTypeMapped: 'Building', PermitType: 'building-permit', Link: `https://daylight.test/applications/${numbers[0]}`, StageStatus: 'closed' });
    expect(permits[0]!.AppliedDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(permits[0]!.IssuedDate).toBe(permits[0]!.CompletedDate);
    expect(permits[1]).toMatchObject({ Stage: 'Intake review', StageStatus: 'active', IssuedDate: '' });
    const changes = JSON.parse(gunzipSync(read(named('blds-status-changes', 'json').name)).toString()) as Record<string, unknown>[];
    const first = changes.filter((c) => c.PermitNum === numbers[0]);
    expect(first.map((c) => [c.StatusPrevious, c.StatusCurrent, c.Stage, c.StageStatus])).toEqual([
      ['', 'received', '', ''],
      ['received', 'in_review', 'Intake review', 'active'],
      ['in_review', 'in_review', 'Intake review', 'done'],
      ['in_review', 'in_review', 'Fire safety consultation', 'active'],
      ['in_review', 'in_review', 'Fire safety consultation', 'done'],
      ['in_review', 'in_review', 'Structural review', 'active'],
      ['in_review', 'in_review', 'Structural review', 'done'],
      ['in_review', 'in_review', 'Decision', 'active'],
      ['in_review', 'approved', 'Decision', 'done'],
    ]);
    const inspections = JSON.parse(gunzipSync(read(named('blds-inspections', 'json').name)).toString()) as Record<string, unknown>[];
    expect(inspections.filter((i) => i.PermitNum === numbers[0]).map((i) => i.InspectionNotes)).toEqual(['Visit 1', 'Visit 2']);
    const own = lines(read(named('blds-permits', 'csv', 'TS').name));
    expect(own).toHaveLength(4);
    expect(csvCells(own[0]!.replace(/^\uFEFF/, '').replace(/\r$/, ''))).toEqual([...COLUMNS['blds-permits']]);
  });

  it('never writes personal data into any file, the data page or the manifest', async () => {
    for (const f of manifest.files) {
      const text = f.format === 'txt' ? read(f.name).toString() : gunzipSync(read(f.name)).toString();
      for (const value of Object.values(CANARY)) expect(text, f.name).not.toContain(value);
    }
    for (const page of ['/data', '/data?lang=en', '/api/v1/data']) {
      const res = await app.inject({ method: 'GET', url: page });
      expect(res.statusCode).toBe(200);
      for (const value of Object.values(CANARY)) expect(res.body).not.toContain(value);
    }
  });

  it('serves the files and their manifest, with the licence, and a data dictionary of every column', async () => {
    const events = named('events', 'jsonl');
    const res = await app.inject({ method: 'GET', url: `/data/files/${events.name}` });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/gzip');
    expect(createHash('sha256').update(res.rawPayload).digest('hex')).toBe(events.sha256);
    expect(res.headers.etag).toBe(`"${events.sha256}"`);
    const again = await app.inject({ method: 'GET', url: `/data/files/${events.name}`, headers: { 'if-none-match': `"${events.sha256}"` } });
    expect(again.statusCode).toBe(304);
    for (const bad of ['nothing.csv.gz', '..%2Fmanifest.json', `daylight-events-1.jsonl.gz`]) {
      expect((await app.inject({ method: 'GET', url: `/data/files/${bad}` })).statusCode).toBe(404);
    }
    const api = (await app.inject({ method: 'GET', url: '/api/v1/data' })).json();
    expect(api.licence).toMatchObject({ id: 'cc-by-4.0', url: 'https://creativecommons.org/licenses/by/4.0/' });
    expect(api.checkpoint.size).toBe(manifest.checkpoint.size);
    expect(api.files).toHaveLength(manifest.files.length);
    const page = (await app.inject({ method: 'GET', url: '/data?lang=en' })).body;
    expect(page).toContain('Creative Commons Attribution 4.0 International');
    for (const f of manifest.files) {
      expect(page.includes(`href="/data/files/${f.name}"`), f.name).toBe(true);
      if (f.kind !== 'checkpoint') expect(page.includes(f.sha256), f.name).toBe(true);
    }
    for (const columns of Object.values(COLUMNS)) for (const c of columns) expect(page).toContain(`<code>${c}</code>`);
    // The CSV files start with a byte-order mark, and the dictionary says so and how to read them.
    expect(gunzipSync(read(named('applications', 'csv').name)).subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(page).toContain('byte-order mark');
    expect(page).toContain('utf-8-sig');
    expect(page).not.toContain('opendata.');
    const korean = (await app.inject({ method: 'GET', url: '/data?lang=ko' })).body;
    expect(korean).toContain('데이터 사전');
    expect(korean).not.toContain('opendata.');
  });

  it('checks a download against the log, and a tampered, shortened or forged one fails naming the row', async () => {
    const key = log.verifierKey;
    const checkpoint = manifest.checkpoint.note;
    const jsonl = path.join(dir, manifest.folder, named('events', 'jsonl').name);
    const csv = path.join(dir, manifest.folder, named('events', 'csv').name);
    expect(await verifyDownload({ url, key, file: jsonl, checkpoint })).toEqual({ size: manifest.checkpoint.size, rows: manifest.checkpoint.size });
    expect(await verifyDownload({ url, key, file: csv, checkpoint })).toEqual({ size: manifest.checkpoint.size, rows: manifest.checkpoint.size });

    const original = lines(fs.readFileSync(jsonl));
    const write = (name: string, rows: string[]) => {
      const file = path.join(dir, name);
      fs.writeFileSync(file, gzipSync(`${rows.join('\n')}\n`));
      return file;
    };
    const visit = original.findIndex((l) => l.includes('"Visit 1"'));
    const edited = original.map((l, i) => (i === visit ? l.replace('"Visit 1"', '"Visit one"') : l));
    const tampered = await failure(verifyDownload({ url, key, file: write('tampered.jsonl.gz', edited), checkpoint }));
    expect(tampered.check).toBe('download');
    expect(tampered.message).toMatch(new RegExp(`^line ${visit + 1}: event ${numbers[0]} #\\d+ differs from log entry \\d+$`));
    const missing = await failure(verifyDownload({ url, key, file: write('short.jsonl.gz', original.slice(1)), checkpoint }));
    expect(missing.message).toMatch(/is missing from the download/);
    const doubled = await failure(verifyDownload({ url, key, file: write('double.jsonl.gz', [...original, original[0]!]), checkpoint }));
    expect(doubled.message).toMatch(/appears twice/);
    const csvRows = lines(fs.readFileSync(csv));
    const csvEdited = csvRows.map((l, i) => (i === 1 ? l.replace('Application 0', 'Application X') : l));
    expect(csvEdited[1]).not.toBe(csvRows[1]);
    expect((await failure(verifyDownload({ url, key, file: write('tampered.csv.gz', csvEdited), checkpoint }))).check).toBe('download');
    const otherKey = testLogSigner().verifierKey;
    expect((await failure(verifyDownload({ url, key: otherKey, file: jsonl, checkpoint }))).check).toBe('signature');
  });

  it.each([
    { file: 'the applications file (JSON Lines)', kind: 'applications', format: 'jsonl', want: /^line 1: not an event row \(it has no application, seq and log\)\. Only the events file/ },
    { file: 'the applications file (CSV)', kind: 'applications', format: 'csv', want: /^line 1: the header lacks the column application\. Only the events file/ },
    { file: 'a decompressed events file', kind: 'events', format: 'jsonl', gunzip: true, want: /cannot be read: .*\(give the \.gz file as downloaded, not a decompressed copy\)$/ },
  ])('says plainly why $file cannot be checked against the log', async ({ kind, format, gunzip, want }) => {
    let file = path.join(dir, manifest.folder, named(kind, format).name);
    if (gunzip) {
      file = path.join(dir, 'decompressed.jsonl');
      fs.writeFileSync(file, gunzipSync(fs.readFileSync(path.join(dir, manifest.folder, named(kind, format).name))));
    }
    const error = await failure(verifyDownload({ url, key: log.verifierKey, file, checkpoint: manifest.checkpoint.note }));
    expect(error.check).toBe('download');
    expect(error.message).toMatch(want);
  });

  it('lets an administrator set the licence, formats and mapping on a form that keeps what was typed through an error', async () => {
    const admin = new Client(app);
    await admin.login('admin', PASSWORD);
    const form = await admin.get('/admin/open-data?lang=en');
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('name="class_TS_building-permit"');
    const token = form.body.match(/name="_csrf" value="([^"]+)"/)![1]!;
    const bad = await admin.postForm('/admin/open-data?lang=en', { licence: 'gpl', blds_json_TS: 'yes', 'class_TS_building-permit': 'Residential', 'type_TS_building-permit': 'Rocket' }, { csrf: token });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Choose one of the licences listed.');
    expect(bad.body).toContain('Choose one of BLDS’s permit types.');
    expect(bad.body).toMatch(/<option value="Rocket" selected[^>]*>Rocket<\/option>/);
    expect(bad.body).toMatch(/<option value="Residential" selected/);
    expect((await database.db.selectFrom('open_data_setting').selectAll().execute())).toEqual([]);
    const good = await admin.postForm('/admin/open-data', { licence: 'cc-by-4.0', blds_json_TS: 'yes', 'class_TS_building-permit': 'Residential', 'type_TS_building-permit': 'Building' }, { csrf: token });
    expect(good.statusCode).toBe(303);
    expect(good.headers.location).toBe('/admin/open-data?saved=1');
    const saved = (await admin.get('/admin/open-data?saved=1&lang=en')).body;
    expect(saved).toMatch(/value="cc-by-4.0"[^>]*checked/);
    expect(saved).toMatch(/name="blds_json_TS" value="yes" checked/);
    expect(saved).not.toMatch(/name="blds_csv_TS" value="yes" checked/);
    const anonymous = await app.inject({ method: 'GET', url: '/admin/open-data' });
    expect(anonymous.statusCode).toBe(303);
  });

  it('follows the administrator’s settings: the licence, each jurisdiction’s formats and the BLDS mapping; keeps the previous build', async () => {
    const fields: Record<string, string> = { licence: 'cc0-1.0', blds_csv_TS: 'yes', 'class_TS_building-permit': 'Residential', 'type_TS_building-permit': 'Demolition' };
    await saveOpenDataSettings(database.db, fx.officials.admin, fields);
    const second = (await buildOpenData(database.db, { dir, licence: 'kogl-1', publicUrl: 'https://daylight.test' }))!;
    expect(second.licence).toBe('cc0-1.0');
    expect(second.files.filter((f) => f.jurisdiction === 'TS').map((f) => f.format)).toEqual(['csv', 'csv', 'csv']);
    const permits = JSON.parse(gunzipSync(fs.readFileSync(path.join(dir, second.folder, second.files.find((f) => f.kind === 'blds-permits' && f.format === 'json')!.name))).toString()) as Record<string, unknown>[];
    expect(permits[0]).toMatchObject({ PermitClassMapped: 'Residential', PermitTypeMapped: 'Demolition' });
    await saveOpenDataSettings(database.db, fx.officials.admin, { ...fields, blds_csv_TS: '' });
    const third = (await buildOpenData(database.db, { dir, licence: 'kogl-1', publicUrl: 'https://daylight.test' }))!;
    expect(third.files.some((f) => f.jurisdiction === 'TS')).toBe(false);
    const folders = fs.readdirSync(dir).filter((n) => n.startsWith('build-')).sort();
    expect(folders).toEqual([second.folder, third.folder].sort());
    const api = (await app.inject({ method: 'GET', url: '/api/v1/data' })).json();
    expect(api.generated_at).toBe(third.generated_at);
    expect(api.licence.id).toBe('cc0-1.0');
  });

});
