import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openProcess } from '../../src/commands/contracts/openProcess.js';
import { recordContractAct } from '../../src/commands/contracts/recordContractAct.js';
import { recordAct } from '../../src/commands/recordAct.js';
import { insertProcurementProcedure } from '../../src/db/repos/contracts.js';
import { buildOpenData } from '../../src/jobs/buildOpenData.js';
import { integrateAll } from '../../src/jobs/integrateLog.js';
import { DIALECTS, openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { createFixture, type Fixture } from '../helpers/fixture.js';
import { fileApplication, testLogSigner } from '../helpers/log.js';
import { testServer } from '../helpers/server.js';

/** Sealed bids reach no public page, feed or download before the recorded opening. */
const CANARY_BIDDER = 'Sealedcanary Wq4 Industries';
const CANARY_AMOUNT = '876543219';

describe.each(DIALECTS)('contracts over HTTP on %s', (dialect) => {
  let database: TestDatabase;
  let fx: Fixture;
  let app: FastifyInstance;
  let number: string;
  const signer = testLogSigner();
  beforeAll(async () => {
    database = await openTestDatabase(dialect);
    fx = await createFixture(database.db);
    await insertProcurementProcedure(database.db, { jurisdictionId: fx.jurisdictionId, unitId: fx.units.build, code: 'contracts-build', unitName: { ko: '건축과', en: 'Building Division' } });
    app = await testServer(database);
    number = (await openProcess(database.db, {
      jurisdictionCode: 'TS', procedureCode: 'contracts-build', title: 'Park benches', place: 'Haneul Park', category: 'goods', method: 'open',
      estimatedAmount: '900000000', currency: 'KRW', actor: fx.officials.a1,
    })).number;
    for (const act of [{ type: 'stage_started', stage: 'planning' }, { type: 'stage_completed', stage: 'planning' }, { type: 'stage_started', stage: 'tender' }] as const) {
      await recordAct(database.db, { number, act, actor: fx.officials.a1 });
    }
    await recordContractAct(database.db, { number, act: { type: 'tender_published', tenderEnd: new Date(Date.now() + 60 * 86_400_000).toISOString() }, actor: fx.officials.a1 });
    await recordContractAct(database.db, { number, act: { type: 'bid_received', bidder: { name: CANARY_BIDDER }, value: { amount: Number(CANARY_AMOUNT), currency: 'KRW' }, integrityPact: true }, actor: fx.officials.a1 });
  });
  afterAll(async () => {
    await app?.close();
    await database?.close();
  });

  const publicOutputs = async () => {
    await integrateAll(database.db, signer);
    const urls = [
      `/applications/${number}`, `/applications/${number}?lang=en`, `/api/v1/applications/${number}`, `/applications/${number}/feed.atom`, '/register/feed.atom', '/units/TS-BUILD/feed.atom', '/procedures/contracts-build/feed.atom',
      '/contracts', '/contracts?supplier=Sealed', '/contracts/releases.json', `/contracts/${number}/releases.json`, `/contracts/${number}/record.json`, '/register',
    ];
    const bodies = [];
    for (const url of urls) {
      const res = await app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(200);
      bodies.push(res.body);
    }
    return bodies.join('\n');
  };

  it('shows no bidder or amount anywhere public before the opening, and every bid after it', async () => {
    const before = await publicOutputs();
    expect(before).toContain('Park benches');
    expect(before).not.toContain('Sealedcanary');
    expect(before).not.toContain(CANARY_AMOUNT);
    expect(before).not.toContain('876,543,219');

    for (const act of [{ type: 'stage_completed', stage: 'tender' }, { type: 'stage_started', stage: 'bid_opening' }] as const) {
      await recordAct(database.db, { number, act, actor: fx.officials.a1 });
    }
    await recordContractAct(database.db, { number, act: { type: 'bids_opened' }, actor: fx.officials.a1 });
    const after = await publicOutputs();
    expect(after).toContain(CANARY_BIDDER);
    expect(after).toContain(CANARY_AMOUNT);
    expect(after).toContain('876,543,219');
    // The only bid of an open tender is a red flag on the process's public page, linked to the opening.
    const page = await app.inject({ method: 'GET', url: `/applications/${number}?lang=en` });
    expect(page.body).toContain('Only one bid in an open tender');
    expect(before).not.toContain('Only one bid in an open tender');
  });

  it('lists the process in the register by its terms and names the OCDS record after the jurisdiction’s prefix', async () => {
    const listed = await app.inject({ method: 'GET', url: '/contracts?category=goods&method=open&unit=TS-BUILD' });
    expect(listed.body).toContain(number);
    const other = await app.inject({ method: 'GET', url: '/contracts?category=works' });
    expect(other.body).not.toContain(number);
    const record = await app.inject({ method: 'GET', url: `/contracts/${number}/record.json` });
    expect(JSON.parse(record.body).records[0].ocid).toBe(`ocds-dlight-${number}`);
    expect((await app.inject({ method: 'GET', url: '/contracts/2026-TS-9999999/record.json' })).statusCode).toBe(404);
  });

  it('leaves the process out of the application register, the applications API, Open311 and the applications and BLDS files', async () => {
    const permit = await fileApplication(database.db, 'Corner bakery extension');
    await integrateAll(database.db, signer);
    const lists = ['/register', '/register?unit=TS-BUILD', '/api/v1/applications', '/open311/v2/requests.json?jurisdiction_id=test.example', '/register/feed.atom', '/'];
    for (const url of lists) {
      const res = await app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(200);
      expect(res.body, url).toContain(permit);
      expect(res.body, url).not.toContain(number);
    }
    expect((await app.inject({ method: 'GET', url: `/open311/v2/requests/${number}.json?jurisdiction_id=test.example` })).statusCode).toBe(404);
    // The process stays on its own page and in the contracts register.
    expect((await app.inject({ method: 'GET', url: '/contracts' })).body).toContain(number);

    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'daylight-contracts-open-data-'));
    const manifest = (await buildOpenData(database.db, { dir, licence: 'cc-by-4.0', publicUrl: 'https://daylight.test' }))!;
    const text = (kind: string, format: string) => {
      const file = manifest.files.find((f) => f.kind === kind && f.format === format && f.jurisdiction === null)!;
      return gunzipSync(fs.readFileSync(path.join(dir, manifest.folder, file.name))).toString('utf8');
    };
    for (const [kind, format] of [['applications', 'jsonl'], ['applications', 'csv'], ['blds-permits', 'json'], ['blds-status-changes', 'json']]) {
      expect(text(kind!, format!), kind).not.toContain(number);
    }
    expect(text('applications', 'jsonl')).toContain(permit);
    // The events files mirror the log entry for entry, the process's events included.
    expect(text('events', 'jsonl')).toContain(number);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
