import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../src/commands/admin/createApiKey.js';
import { recordAct } from '../../src/commands/recordAct.js';
import { submitApplication } from '../../src/commands/submitApplication.js';
import { PASSWORD, PDF, createFixture, type Fixture } from '../helpers/fixture.js';
import { DIALECTS, openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { Client, testServer } from '../helpers/server.js';

type Who = 'anonymous' | 'clerk' | 'a1' | 'road1' | 'boss' | 'auditor' | 'admin' | 'key-build' | 'key-road';
type Action = 'queue' | 'case' | 'document' | 'act' | 'assign-other' | 'counter' | 'admin' | 'create-key' | 'api-event' | 'api-create';

// Expected outcome per role and action: 'ok', or the status a refusal carries (303 = sent to sign in; an
// anonymous form post is refused for its missing CSRF secret before anything else, 403; API keys open only /api).
const MATRIX: Record<Who, Record<Action, 'ok' | number>> = {
  anonymous: { queue: 303, case: 303, document: 303, act: 403, 'assign-other': 403, counter: 303, admin: 303, 'create-key': 403, 'api-event': 401, 'api-create': 401 },
  clerk: { queue: 'ok', case: 'ok', document: 'ok', act: 403, 'assign-other': 403, counter: 'ok', admin: 403, 'create-key': 403, 'api-event': 403, 'api-create': 'ok' },
  a1: { queue: 'ok', case: 'ok', document: 'ok', act: 'ok', 'assign-other': 403, counter: 'ok', admin: 403, 'create-key': 403, 'api-event': 'ok', 'api-create': 403 },
  road1: { queue: 'ok', case: 403, document: 403, act: 403, 'assign-other': 403, counter: 'ok', admin: 403, 'create-key': 403, 'api-event': 403, 'api-create': 403 },
  boss: { queue: 'ok', case: 'ok', document: 'ok', act: 'ok', 'assign-other': 'ok', counter: 'ok', admin: 403, 'create-key': 403, 'api-event': 'ok', 'api-create': 'ok' },
  auditor: { queue: 'ok', case: 'ok', document: 'ok', act: 403, 'assign-other': 403, counter: 'ok', admin: 403, 'create-key': 403, 'api-event': 403, 'api-create': 403 },
  admin: { queue: 'ok', case: 'ok', document: 'ok', act: 403, 'assign-other': 403, counter: 'ok', admin: 'ok', 'create-key': 'ok', 'api-event': 403, 'api-create': 403 },
  'key-build': { queue: 303, case: 303, document: 303, act: 403, 'assign-other': 403, counter: 303, admin: 303, 'create-key': 403, 'api-event': 'ok', 'api-create': 'ok' },
  'key-road': { queue: 303, case: 303, document: 303, act: 403, 'assign-other': 403, counter: 303, admin: 303, 'create-key': 403, 'api-event': 403, 'api-create': 403 },
};

describe.each(DIALECTS)('authorization matrix on %s', (dialect) => {
  let database: TestDatabase;
  let fx: Fixture;
  let app: FastifyInstance;
  let number: string;
  let documentId: number;
  const keys: Record<string, string> = {};
  const clients = new Map<Who, Client>();

  beforeAll(async () => {
    database = await openTestDatabase(dialect);
    fx = await createFixture(database.db);
    app = await testServer(database);
    ({ number } = await submitApplication(database.db, {
      jurisdictionCode: 'TS', procedureCode: 'building-permit', title: 'Matrix case', location: { address: '1 Test-ro' },
      applicant: { name: 'A' }, fields: { floor_area: '10' }, documents: [{ kind: 'plan', filename: 'p.pdf', bytes: PDF }], channel: 'online',
    }));
    await recordAct(database.db, { number, act: { type: 'stage_started', stage: 'intake' }, actor: fx.officials.a1 });
    documentId = (await database.db.selectFrom('document').select('id').executeTakeFirstOrThrow()).id;
    keys['key-build'] = await createApiKey(database.db, fx.officials.admin, fx.units.build, 'Build system');
    keys['key-road'] = await createApiKey(database.db, fx.officials.admin, fx.units.road, 'Road system');
    for (const who of Object.keys(MATRIX) as Who[]) {
      const client = new Client(app);
      if (!who.startsWith('key') && who !== 'anonymous') await client.login(who, PASSWORD);
      clients.set(who, client);
    }
  });
  afterAll(async () => {
    await app?.close();
    await database?.close();
  });

  async function perform(who: Who, action: Action) {
    const client = clients.get(who)!;
    const key = keys[who];
    const auth: Record<string, string> = key ? { authorization: `Bearer ${key}` } : {};
    const token = who === 'anonymous' || key ? 'none' : await client.csrf('/track');
    const api = (url: string, payload: object) =>
      app.inject({ method: 'POST', url, headers: { ...auth, cookie: client.cookieHeader, 'x-csrf-token': token, 'content-type': 'application/json' }, payload });
    switch (action) {
      case 'queue':
        return client.get('/office', auth);
      case 'case':
        return client.get(`/office/applications/${number}`, auth);
      case 'document':
        return client.get(`/office/applications/${number}/documents/${documentId}`, auth);
      case 'act':
        return client.postForm(`/office/applications/${number}/acts`, { type: 'site_inspection', stage: 'intake', note: 'ok' }, { csrf: token });
      case 'assign-other': {
        const res = await client.postForm(`/office/applications/${number}/acts`, { type: 'assigned', official_id: String(fx.officials.a2.id), reason: 'rotation' }, { csrf: token });
        return res;
      }
      case 'counter':
        return client.get('/office/register/TS/building-permit', auth);
      case 'admin':
        return client.get('/admin', auth);
      case 'create-key':
        return client.postForm('/admin/keys', { unit_id: String(fx.units.build), label: 'x' }, { csrf: token });
      case 'api-event':
        return api(`/api/v1/applications/${number}/events`, { type: 'site_inspection', stage: 'intake', note: 'via api' });
      case 'api-create':
        return api('/api/v1/applications', { jurisdiction: 'TS', procedure: 'building-permit', title: 'API case', location: { address: 'x' }, applicant: { name: 'n' }, fields: { floor_area: '5' }, channel: 'counter' });
    }
  }

  const rows = (Object.keys(MATRIX) as Who[]).flatMap((who) => (Object.keys(MATRIX[who]) as Action[]).map((action) => [who, action, MATRIX[who][action]] as const));
  it.each(rows)('%s → %s: %s', async (who, action, expected) => {
    const res = await perform(who, action);
    if (expected === 'ok') {
      expect(res.statusCode, res.body.slice(0, 300)).toBeLessThan(400);
      expect(res.headers.location ?? '').not.toContain('/office/login');
    } else {
      expect(res.statusCode, res.body.slice(0, 300)).toBe(expected);
    }
    // Re-assigning back keeps the matrix independent of order.
    if (action === 'assign-other' && expected === 'ok') {
      await recordAct(database.db, { number, act: { type: 'assigned', officialId: fx.officials.a1.id, reason: 'reset' }, actor: fx.officials.boss });
    }
  });
});
