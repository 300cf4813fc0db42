import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { debarSupplier } from '../../src/commands/contracts/debarSupplier.js';
import { openProcess } from '../../src/commands/contracts/openProcess.js';
import { recordContractAct } from '../../src/commands/contracts/recordContractAct.js';
import { recordAct } from '../../src/commands/recordAct.js';
import { declareConflict, withdrawDeclaredConflict } from '../../src/commands/fair/declareConflict.js';
import { partyKeys } from '../../src/commands/fair/partyKeys.js';
import { insertProcurementProcedure } from '../../src/db/repos/contracts.js';
import { DIALECTS, openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { PASSWORD, TEST_SIGN_IN_SECRET, createFixture, type Fixture } from '../helpers/fixture.js';
import { Client, testServer } from '../helpers/server.js';

/** What an official's declaration of interest says: never on a public page, nor in the auditors' explanation. */
const DECLARED_SPELLING = 'HANEUL STONE CO., LTD.';
const DECLARATION_CANARY = 'Declcanary Wv5 my brother-in-law runs it';

/** An auditor's reason, which the public counts must never show. */
const REASON_CANARY = 'Reasoncanary Zq8 the maker is the only one';

describe.each(DIALECTS)('the contracts register, suppliers and red flags on %s', (dialect) => {
  let database: TestDatabase;
  let fx: Fixture;
  let app: FastifyInstance;
  let nearThreshold: string;
  let small: string;
  const others: string[] = [];

  const open = async (title: string, method: string, amount: string, category = 'works') => (await openProcess(database.db, {
    jurisdictionCode: 'TS', procedureCode: 'contracts-build', title, place: 'Haneul Park', category, method, estimatedAmount: amount, currency: 'KRW', actor: fx.officials.a1,
  })).number;
  /** Moves a direct award's process to its award stage and awards it. */
  const awardDirectly = async (number: string, supplier: string, amount: number) => {
    for (const stage of ['planning', 'tender', 'bid_opening', 'evaluation']) {
      await recordAct(database.db, { number, act: { type: 'stage_started', stage }, actor: fx.officials.a1 });
      await recordAct(database.db, { number, act: { type: 'stage_completed', stage }, actor: fx.officials.a1 });
    }
    await recordAct(database.db, { number, act: { type: 'stage_started', stage: 'award' }, actor: fx.officials.a1 });
    await recordContractAct(database.db, { number, act: { type: 'awarded', bid: null, supplier: { name: supplier }, value: { amount, currency: 'KRW' }, reasons: 'Sole maker of the fitting' }, actor: fx.officials.a1 });
  };

  beforeAll(async () => {
    database = await openTestDatabase(dialect);
    fx = await createFixture(database.db);
    await insertProcurementProcedure(database.db, { jurisdictionId: fx.jurisdictionId, unitId: fx.units.build, code: 'contracts-build', unitName: { ko: '건축과', en: 'Building Division' } });
    small = await open('Bench paint', 'direct', '5000000', 'goods');
    for (let i = 0; i < 25; i++) others.push(await open(`Kerb repair ${i}`, 'open', '300000000'));
    nearThreshold = await open('Playground fence', 'direct', '195000000');
    await awardDirectly(nearThreshold, 'Hanbit Roofing Co., Ltd.', 192_000_000);
    await debarSupplier(database.db, { supplierName: '(주)부실건설', reason: 'False documents', decision: 'Decision 2026-9', startsOn: '2026-01-01', endsOn: '2027-06-30', actor: fx.officials.boss });
    app = await testServer(database);
  });
  afterAll(async () => {
    await app?.close();
    await database?.close();
  });
  const get = (url: string) => app.inject({ method: 'GET', url });

  it('finds processes by estimated value and dates, counts them and says which search term it could not read', async () => {
    const ranged = await get('/contracts?min=100,000,000&max=200000000&lang=en');
    expect(ranged.body).toContain(nearThreshold);
    expect(ranged.body).not.toContain(small);
    expect(ranged.body).not.toContain(others[0]);
    expect(ranged.body).toContain('One contracting process matches.');
    const today = new Date().toISOString().slice(0, 10);
    expect((await get(`/contracts?from=${today}&category=goods&lang=en`)).body).toContain(small);
    expect((await get('/contracts?to=2020-01-01&lang=en')).body).toContain('No contracting process matches.');

    const bad = await get('/contracts?min=lots&max=5&from=2026-02-30x&lang=en');
    expect(bad.statusCode).toBe(200);
    expect(bad.body).toContain('Enter an amount in whole units');
    expect(bad.body).toContain('Enter a date as year-month-day');
    expect(bad.body).toContain('value="lots"');
    const reversed = await get('/contracts?min=200000000&max=100000000&lang=en');
    expect(reversed.body).toContain('The upper amount is below the lower one');
  });

  it('pages through the register both ways in either order', async () => {
    const first = await get('/contracts?lang=en');
    expect(first.body).toContain('27 contracting processes match.');
    expect(first.body).toContain(nearThreshold);
    expect(first.body).not.toContain(small);
    const next = first.body.match(/href="(\/contracts\?[^"]*cursor=[^"]+)" rel="next"/)?.[1]?.replace(/&amp;/g, '&');
    expect(next).toBeTruthy();
    const second = await get(next!);
    expect(second.body).toContain(small);
    expect(second.body).not.toContain(nearThreshold);
    const prev = second.body.match(/href="(\/contracts\?[^"]*before=[^"]+)" rel="prev"/)?.[1]?.replace(/&amp;/g, '&');
    expect((await get(prev!)).body).toContain(nearThreshold);
    const oldest = await get('/contracts?sort=oldest&lang=en');
    expect(oldest.body).toContain(small);
    expect(oldest.body).not.toContain(nearThreshold);
  });

  it('shows a supplier’s contracts with their values, and a debarred supplier’s debarment', async () => {
    const listed = await get('/contracts?supplier=hanbit&lang=en');
    expect(listed.body).toContain('href="/contracts/suppliers/hanbitroofing"');
    const page = await get('/contracts/suppliers/hanbitroofing?lang=en');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Hanbit Roofing Co., Ltd.');
    expect(page.body).toContain(nearThreshold);
    expect(page.body).toContain('192,000,000 KRW');
    const debarred = await get(`/contracts/suppliers/${encodeURIComponent('부실건설')}?lang=en`);
    expect(debarred.body).toContain('False documents');
    expect(debarred.body).toContain('2027-06-30');
    expect((await get('/contracts/debarments')).body).toContain(`href="/contracts/suppliers/${encodeURIComponent('부실건설')}"`);
    expect((await get('/contracts/suppliers/nobodyatall')).statusCode).toBe(404);
    expect((await get('/contracts/suppliers/Not%20A%20Key')).statusCode).toBe(404);
  });

  it('lets an auditor review a red flag, refusing a review without a reason, and publishes counts without the reason', async () => {
    const auditor = new Client(app);
    await auditor.login('auditor', PASSWORD);
    const page = await auditor.get('/office/contracts/flags?lang=en');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Playground fence');
    expect(page.body).toContain('A direct award 4% under the open-tender threshold of 200,000,000 KRW');
    const key = `red_flag:${nearThreshold}:near_threshold:`;
    const fullKey = page.body.match(new RegExp(`value="(${key}\\d+)"`))?.[1];
    expect(fullKey).toBeTruthy();
    expect((await auditor.get('/office/contracts/flags?kind=single_bid&lang=en')).body).not.toContain('Playground fence');

    const refused = await auditor.postForm('/office/contracts/flags/review?lang=en', { key: fullKey!, decision: 'dismissed', reason: '  ' });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('value="dismissed" checked');
    const before = await get('/contracts/data?lang=en');
    expect(before.body).toMatch(/Building Division <span class="small">TS-BUILD<\/span><\/td><td>\d{4}<\/td><td class="num">1<\/td><td class="num">0<\/td>/);

    const done = await auditor.postForm('/office/contracts/flags/review', { key: fullKey!, decision: 'dismissed', reason: REASON_CANARY, q_kind: 'near_threshold' });
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe('/office/contracts/flags?kind=near_threshold&done=dismissed');
    expect((await auditor.get('/office/contracts/flags')).body).toContain(REASON_CANARY);
    const after = await get('/contracts/data?lang=en');
    expect(after.body).toMatch(/Building Division <span class="small">TS-BUILD<\/span><\/td><td>\d{4}<\/td><td class="num">1<\/td><td class="num">1<\/td><td class="num">0<\/td>/);
    expect(after.body).toContain('ocds-dlight-{number}');
    expect(after.body).toContain('/contracts/releases.json');
    for (const url of ['/contracts/data', '/contracts', `/applications/${nearThreshold}`, '/contracts/releases.json', `/contracts/${nearThreshold}/record.json`]) {
      expect((await get(url)).body, url).not.toContain('Reasoncanary');
    }
    // A flag no process raises cannot be reviewed.
    expect((await auditor.postForm('/office/contracts/flags/review', { key: `red_flag:${small}:single_bid:3`, decision: 'referred', reason: 'x' })).statusCode).toBe(404);
  });

  it('shows auditors a supplier in conflict with the official who awarded it, and nothing of the declaration anywhere public', async () => {
    const keys = partyKeys(TEST_SIGN_IN_SECRET);
    const declare = (partyName: string, note = '') => declareConflict(database.db, { actor: fx.officials.a1, keys, draft: { kind: 'relative', partyName, registration: '', address: '', parcel: '', note } });
    // In force at the award: raised. Withdrawn before the award, or declared after it: not raised.
    await declare(DECLARED_SPELLING, DECLARATION_CANARY);
    const conflicted = await open('Stone steps at the library', 'direct', '30000000');
    await awardDirectly(conflicted, 'Haneul Stone', 12_000_000);
    const withdrawn = await declare('Bada Marine');
    await withdrawDeclaredConflict(database.db, { actor: fx.officials.a1, id: withdrawn });
    const cleared = await open('Pier railings', 'direct', '30000000');
    await awardDirectly(cleared, 'Bada Marine Co., Ltd.', 11_000_000);
    const later = await open('Paving of the square', 'direct', '30000000');
    await awardDirectly(later, 'Gureum Paving', 13_000_000);
    await declare('Gureum Paving');

    const auditor = new Client(app);
    await auditor.login('auditor', PASSWORD);
    const page = await auditor.get('/office/contracts/flags?kind=conflicted_supplier&lang=en');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Stone steps at the library');
    expect(page.body).toContain('The official who recorded the award had declared a conflict of interest with Haneul Stone, in force at the time.');
    expect(page.body).not.toContain('Pier railings');
    expect(page.body).not.toContain('Paving of the square');
    expect(page.body).not.toContain(DECLARED_SPELLING);
    expect(page.body).not.toContain('Declcanary');
    const key = page.body.match(new RegExp(`value="(red_flag:${conflicted}:conflicted_supplier:\\d+)"`))?.[1];
    expect(key).toBeTruthy();
    expect((await auditor.postForm('/office/contracts/flags/review', { key: key!, decision: 'referred', reason: 'Ask the division who else could have awarded it' })).statusCode).toBe(303);

    // The public counts leave the flag out, and no public page says anything of the declaration.
    const data = await get('/contracts/data?lang=en');
    expect(data.body).toMatch(/Building Division <span class="small">TS-BUILD<\/span><\/td><td>\d{4}<\/td><td class="num">1<\/td><td class="num">1<\/td><td class="num">0<\/td>/);
    const urls = ['/contracts/data', '/contracts', '/contracts?supplier=haneul', `/applications/${conflicted}`, `/applications/${conflicted}?lang=en`, '/contracts/suppliers/haneulstone',
      '/contracts/releases.json', `/contracts/${conflicted}/record.json`, `/api/v1/applications/${conflicted}`, '/contracts/debarments'];
    for (const url of urls) {
      const response = await get(url);
      expect(response.statusCode, url).toBe(200);
      const body = response.body;
      expect(body, url).not.toContain(DECLARED_SPELLING);
      expect(body, url).not.toContain('Declcanary');
      expect(body, url).not.toContain('conflict of interest');
      expect(body, url).not.toContain('conflicted_supplier');
    }
    expect((await get(`/applications/${conflicted}?lang=en`)).body).toContain('Haneul Stone');
  });
});
