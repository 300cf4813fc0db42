import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { partyKeys } from '../../src/commands/fair/partyKeys.js';
import { recuse } from '../../src/commands/fair/recuse.js';
import { CANARY, PASSWORD, TEST_SIGN_IN_SECRET, createFixture, type Fixture } from '../helpers/fixture.js';
import { DIALECTS, openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { Client, testServer } from '../helpers/server.js';
import { fileApplication } from '../helpers/log.js';

/** Fair handling over HTTP: forms keep what was typed through errors, and nothing personal reaches a public output. */
describe.each(DIALECTS)('fair handling over HTTP on %s', (dialect) => {
  let database: TestDatabase;
  let fx: Fixture;
  let app: FastifyInstance;
  const keys = partyKeys(TEST_SIGN_IN_SECRET);
  beforeAll(async () => {
    database = await openTestDatabase(dialect);
    fx = await createFixture(database.db);
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

  it('records a gift and publishes only its month, band and outcome (planted canaries stay private)', async () => {
    const a1 = await as('a1');
    const year = new Date().getUTCFullYear();
    const token = await a1.csrf('/office/gifts');
    const bad = await a1.postForm('/office/gifts', { offered_on: 'yesterday', kind: 'gift', value: 'lots', outcome: 'accepted', giver: CANARY.name, description: CANARY.message }, { csrf: token });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain(CANARY.message);
    expect(bad.body).toContain('YYYY-MM-DD');
    const ok = await a1.postForm('/office/gifts', { offered_on: `${year}-01-15`, kind: 'gift', value: '120,000', outcome: 'handed_over', giver: CANARY.name, description: CANARY.message }, { csrf: token });
    expect(ok.statusCode).toBe(303);
    expect((await a1.get('/office/gifts')).body).toContain(CANARY.message);
    const anonymous = new Client(app);
    for (const url of [`/integrity/gifts?year=${year}`, `/integrity/gifts.csv?year=${year}`, `/integrity/gifts.json?year=${year}`, `/integrity/signals?year=${year}`, `/integrity/signals.json?year=${year}`]) {
      const res = await anonymous.get(url);
      expect(res.statusCode, url).toBe(200);
      for (const canary of Object.values(CANARY)) expect(res.body, url).not.toContain(canary);
    }
    const json = (await anonymous.get(`/integrity/gifts.json?year=${year}`)).json();
    expect(json.gifts[0]).toMatchObject({ month: `${year}-01`, value_band: { from: 100_001, to: 300_000 }, outcome: 'handed_over', unit: { code: 'TS-BUILD' } });
  });

  it('keeps a declaration and a recusal reason out of every public page of the case', async () => {
    const a2 = await as('a2');
    const token = await a2.csrf('/office/conflicts');
    const refused = await a2.postForm('/office/conflicts', { kind: 'relative', party_name: '', registration: '', address: '', parcel: '', note: CANARY.internal }, { csrf: token });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain(CANARY.internal);
    const declared = await a2.postForm('/office/conflicts', { kind: 'relative', party_name: CANARY.name, registration: '', address: '', parcel: '', note: CANARY.internal }, { csrf: token });
    expect(declared.statusCode).toBe(303);
    expect((await a2.get('/office/conflicts')).body).toContain(CANARY.name);
    const number = await fileApplication(database.db, 'Recusal page check');
    await recuse(database.db, { number, actor: fx.officials.a1, kind: 'neighbour', reason: CANARY.message, keys });
    const anonymous = new Client(app);
    for (const url of [`/applications/${number}`, `/api/v1/applications/${number}`, `/applications/${number}/feed.atom`]) {
      const body = (await anonymous.get(url)).body;
      for (const canary of Object.values(CANARY)) expect(body, url).not.toContain(canary);
    }
    expect((await anonymous.get(`/applications/${number}`)).body).toContain('담당자 회피');
  });
});
