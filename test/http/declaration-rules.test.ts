import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_RULES, rulesFields } from '../../src/domain/declarationRules.js';
import { PASSWORD, createFixture, type Fixture } from '../helpers/fixture.js';
import { DIALECTS, openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { Client, testServer } from '../helpers/server.js';

/** An administrator sets a jurisdiction's declaration rules; the form, the roster and the public register follow them. */
describe.each(DIALECTS)('declaration rules over HTTP on %s', (dialect) => {
  let database: TestDatabase;
  let fx: Fixture;
  let app: FastifyInstance;
  const year = new Date().getUTCFullYear();
  beforeAll(async () => {
    database = await openTestDatabase(dialect);
    fx = await createFixture(database.db);
    // Both are of a published grade, so the register shows each one's bands.
    await database.db.updateTable('official').set({ grade: 5 }).where('id', 'in', [fx.officials.boss.id, fx.officials.a1.id]).execute();
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
    year: String(year), asset_0_category: 'deposits', asset_0_holder: 'self', asset_0_description: 'Savings account', asset_0_value: '70,000,000', note: '', ...over,
  });
  const rules = (over: Record<string, string> = {}) => ({ ...rulesFields(DEFAULT_RULES), ...over });
  const changed = { category_gold_jewellery: '', threshold_deposits: '20,000,000', due_month: '3', due_day: '15', bands: '20000000\n200000000\n2000000000' };
  const jurisdiction = () => database.db.selectFrom('jurisdiction').selectAll().where('code', '=', 'TS').executeTakeFirstOrThrow();
  const register = async () => (await new Client(app).get(`/integrity/declarations.json?year=${year}`)).json().declarations as { unit: { code: string }; official: { title: { en: string } }; filing: string; assets: { from: number; to: number } | null }[];

  it('refuses a bad form naming each field, keeping what was typed and changing nothing', async () => {
    const admin = await as('admin');
    const page = await admin.get('/admin/declarations/TS');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('name="threshold_gold_jewellery"');
    const token = await admin.csrf('/admin/declarations/TS');
    const before = await jurisdiction();
    const bad = await admin.postForm('/admin/declarations/TS', rules({ filing_grade: '6', public_grade: '8', threshold_cash: 'lots', bands: '90,000,000\n30,000,000' }), { csrf: token });
    expect(bad.statusCode).toBe(400);
    for (const field of ['public_grade', 'threshold_cash', 'bands']) expect(bad.body, field).toContain(`f-${field}-error`);
    expect(bad.body).toContain('value="lots"');
    expect(bad.body).toContain('90,000,000\n30,000,000');
    expect(await jurisdiction()).toEqual(before);
    expect(await database.db.selectFrom('declaration_rules_change').select('id').execute()).toEqual([]);
    expect((await admin.get('/admin/declarations/XX')).statusCode).toBe(404);
  });

  it('applies changed rules to new filings, while published bands stay true for filings already made', async () => {
    // The head of division files under the default bands: 70,000,000 is in 50,000,001–100,000,000.
    const boss = await as('boss');
    expect((await boss.postForm('/office/declaration', declaration(), { csrf: await boss.csrf('/office/declaration') })).statusCode).toBe(303);

    const admin = await as('admin');
    const token = await admin.csrf('/admin/declarations/TS');
    const saved = await admin.postForm('/admin/declarations/TS', rules(changed), { csrf: token });
    expect(saved.statusCode).toBe(303);
    expect(saved.headers.location).toBe('/admin/declarations/TS?saved=1');
    const history = (await admin.get('/admin/declarations/TS')).body;
    expect(history).toContain('data-testid="declaration-rules-history"');
    // Who changed it (the admin's Korean name, the default language), and what, against the defaults it replaced.
    expect(history).toContain('<td>관리자</td><td>신고 기한, 신고 대상 종류, 신고 기준 금액, 공개 구간</td>');
    const j = await jurisdiction();
    expect(j).toMatchObject({ declaration_due_month: 3, declaration_due_day: 15, declaration_bands: [20_000_000, 200_000_000, 2_000_000_000] });

    // The official's form no longer offers the category removed and quotes the new threshold and due date.
    const a1 = await as('a1');
    const form = (await a1.get('/office/declaration')).body;
    expect(form).not.toContain('value="gold_jewellery"');
    expect(form).toContain('₩ 20,000,000');
    expect(form).toContain(`${year}년 3월 15일`);
    const a1Token = await a1.csrf('/office/declaration');
    const refused = await a1.postForm('/office/declaration', declaration({ asset_1_category: 'gold_jewellery', asset_1_description: 'Ring', asset_1_value: '6000000' }), { csrf: a1Token });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('f-asset_1_category-error');
    expect(refused.body).toContain('Savings account');
    expect((await a1.postForm('/office/declaration', declaration(), { csrf: a1Token })).statusCode).toBe(303);

    // The same 70,000,000: the boss's row keeps the band it was published with, a1's is banded with the new bounds.
    const rows = await register();
    const of = (title: string) => rows.find((r) => r.official.title.en === title);
    expect(of('Head of division')?.assets).toMatchObject({ from: 50_000_001, to: 100_000_000 });
    expect(rows.filter((r) => r.assets?.from === 20_000_001 && r.assets.to === 200_000_000)).toHaveLength(1);
    expect(await database.db.selectFrom('declaration_rules_change').select(['version', 'changed_by']).execute()).toEqual([{ version: 1, changed_by: fx.officials.admin.id }]);
  });

  it('lists nobody as due once declarations are no longer required, keeping those who filed', async () => {
    const admin = await as('admin');
    const token = await admin.csrf('/admin/declarations/TS');
    const current = (await admin.get('/admin/declarations/TS')).body;
    expect(current).toContain('value="20,000,000"');
    expect((await admin.postForm('/admin/declarations/TS', rules({ ...changed, required: '' }), { csrf: token })).statusCode).toBe(303);
    const rows = await register();
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.filing === 'on_time' || r.filing === 'late')).toBe(true);
    const auditor = await as('auditor');
    expect((await auditor.get(`/office/declarations?year=${year}`)).body).not.toContain('data-status=');
    expect((await auditor.get('/admin/declarations/TS')).statusCode).toBe(403);
    const page = (await admin.get('/admin/declarations/TS')).body;
    expect(page).toContain('<td>2</td>');
    expect(page).toContain('<td>관리자</td><td>신고 의무 여부</td>');
    expect(await database.db.selectFrom('declaration_rules_change').select('version').orderBy('version').execute()).toEqual([{ version: 1 }, { version: 2 }]);
  });
});
