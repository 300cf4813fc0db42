import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { partyKeys } from '../../src/commands/fair/partyKeys.js';
import { submitApplication } from '../../src/commands/submitApplication.js';
import { loadCase } from '../../src/db/repos/cases.js';
import { CANARY, PASSWORD, PDF, TEST_SIGN_IN_SECRET, createFixture, type Fixture } from '../helpers/fixture.js';
import { DIALECTS, openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { Client, testServer } from '../helpers/server.js';

/** Planted values the public register must never show: exact amounts, a relative's name, an address. */
const AMOUNT = '387654321';
const ADDRESS = 'Canary-Apartment 1203-4477';

/** Yearly declarations over HTTP: the form keeps what was typed, the public register shows bands only. */
describe.each(DIALECTS)('yearly declarations over HTTP on %s', (dialect) => {
  let database: TestDatabase;
  let fx: Fixture;
  let app: FastifyInstance;
  const year = new Date().getUTCFullYear();
  beforeAll(async () => {
    database = await openTestDatabase(dialect);
    fx = await createFixture(database.db);
    // The head of division is of a published grade; the officials must file, their register is not public.
    await database.db.updateTable('official').set({ grade: 5 }).where('id', '=', fx.officials.boss.id).execute();
    await database.db.updateTable('official').set({ grade: 7 }).where('id', 'in', [fx.officials.a1.id, fx.officials.a2.id]).execute();
    app = await testServer(database);
  });
  afterAll(async () => {
    await app?.close();
    await database?.close();
  });
  const as = async (login: string) => {
    const c = new Client(app);
    await c.login(login, PASSWORD);
    return c;
  };
  const declaration = (over: Record<string, string> = {}) => ({
    year: String(year),
    asset_0_category: 'real_estate', asset_0_holder: 'self', asset_0_description: ADDRESS, asset_0_value: AMOUNT,
    asset_1_category: 'deposits', asset_1_holder: 'spouse', asset_1_holder_name: CANARY.name, asset_1_description: CANARY.message, asset_1_value: '25,000,000',
    asset_2_category: 'debts', asset_2_holder: 'self', asset_2_description: 'Mortgage', asset_2_value: '100000000',
    interest_0_company: 'Hanbit Construction Co., Ltd.', interest_0_registration: CANARY.business_no, interest_0_holder: 'lineal_descendant', interest_0_stake: '10% shares',
    note: '', ...over,
  });

  it('files a declaration, keeps what was typed through an error, and publishes only bands for a published grade', async () => {
    const boss = await as('boss');
    const token = await boss.csrf('/office/declaration');
    const before = (await boss.get('/office/declaration')).body;
    expect(before).toContain('data-testid="declaration-state"');
    const bad = await boss.postForm('/office/declaration', declaration({ asset_1_holder_name: '', asset_0_value: 'a lot' }), { csrf: token });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain(ADDRESS);
    expect(bad.body).toContain('f-asset_1_holder_name-error');
    expect(bad.body).toContain('f-asset_0_value-error');
    expect(await database.db.selectFrom('asset_declaration').select('id').execute()).toEqual([]);
    const more = await boss.postForm('/office/declaration', { ...declaration(), more: '1' }, { csrf: token });
    expect(more.statusCode).toBe(200);
    expect(more.body).toContain('name="asset_8_category"');
    const ok = await boss.postForm('/office/declaration', declaration(), { csrf: token });
    expect(ok.statusCode).toBe(303);
    const own = (await boss.get('/office/declaration')).body;
    expect(own).toContain(CANARY.name);
    expect(own).toContain('387,654,321');
    // An amendment is a new version; both are kept.
    expect((await boss.postForm('/office/declaration', declaration({ asset_2_value: '50000000', note: 'Repaid half the mortgage' }), { csrf: token })).statusCode).toBe(303);
    expect((await boss.get('/office/declaration')).body).toContain('data-testid="declaration-version-2"');

    const anonymous = new Client(app);
    for (const url of [`/integrity/declarations?year=${year}`, `/integrity/declarations.csv?year=${year}`, `/integrity/declarations.json?year=${year}`]) {
      const res = await anonymous.get(url);
      expect(res.statusCode, url).toBe(200);
      for (const canary of [...Object.values(CANARY), AMOUNT, '387,654,321', ADDRESS, 'Mortgage', 'Hanbit', 'Repaid']) expect(res.body, url).not.toContain(canary);
    }
    const json = (await anonymous.get(`/integrity/declarations.json?year=${year}`)).json();
    // Only the published grade: the head of division, not the officials of grade 7.
    expect(json.declarations).toHaveLength(1);
    expect(json.declarations[0]).toMatchObject({
      year, unit: { code: 'TS-BUILD' }, amended: true, positions: 0, interests: 1,
      assets: { from: 300_000_001, to: 1_000_000_000 }, debts: { from: 10_000_001, to: 50_000_000 }, net: { from: 300_000_001, to: 1_000_000_000, negative: false },
      change: null,
    });
    const stored = JSON.stringify(await database.db.selectFrom('asset_declaration').selectAll().execute());
    for (const canary of [CANARY.name, AMOUNT, ADDRESS]) expect(stored).not.toContain(canary);
  });

  it('turns a declared business interest into a conflict the rotation avoids', async () => {
    // The boss's interest above names Hanbit Construction; a1 declares the same company's interest and a2 none.
    const a1 = await as('a1');
    const token = await a1.csrf('/office/declaration');
    expect((await a1.postForm('/office/declaration', declaration({ interest_0_company: '주식회사 한빛건설', interest_0_registration: '' }), { csrf: token })).statusCode).toBe(303);
    expect((await a1.get('/office/conflicts')).body).toContain('/office/declaration');
    const keys = partyKeys(TEST_SIGN_IN_SECRET);
    for (let i = 0; i < 3; i++) {
      const { number } = await submitApplication(database.db, {
        jurisdictionCode: 'TS', procedureCode: 'building-permit', title: 'Tower', location: { address: '1 Road' }, applicant: { name: '(주) 한빛 건설' },
        fields: { floor_area: '10' }, documents: [{ kind: 'plan', filename: 'plan.pdf', bytes: PDF }], channel: 'online', assignment: { keys },
      });
      expect((await loadCase(database.db, number)).state.assigneeId).toBe(fx.officials.a2.id);
    }
  });

  it('lists who must file for auditors, overdue or filed, and lets them read a declaration in clear', async () => {
    const auditor = await as('auditor');
    const roster = await auditor.get(`/office/declarations?year=${year}`);
    expect(roster.statusCode).toBe(200);
    expect(roster.body).toContain('data-testid="declaration-roster"');
    // a2 must file (grade 7) and has not.
    expect(roster.body).toMatch(/data-status="(overdue|due)"/);
    const one = await auditor.get(`/office/declarations/${fx.officials.boss.id}?year=${year}`);
    expect(one.statusCode).toBe(200);
    expect(one.body).toContain(CANARY.name);
    expect((await auditor.get(`/office/declarations/999999?year=${year}`)).statusCode).toBe(404);
    const a2 = await as('a2');
    expect((await a2.get(`/office/declarations?year=${year}`)).statusCode).toBe(403);
  });
});
