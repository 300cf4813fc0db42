import { createHash } from 'node:crypto';
import { yearIn } from '../../src/domain/integrity.js';
import { presetModel } from '../../src/domain/integrityModel.js';
import { hashSecret, newToken } from '../../src/domain/secrets.js';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { createOfficial } from '../../src/commands/admin/officials.js';
import { createApiKey } from '../../src/commands/admin/createApiKey.js';
import { openOfficeSession } from '../../src/commands/officeAuth/sessions.js';
import { saveBidderProfile } from '../../src/commands/bidders/saveBidderProfile.js';
import { confirmSignInLink } from '../../src/commands/citizen/confirmSignInLink.js';
import { requestSignInLink } from '../../src/commands/citizen/requestSignInLink.js';
import { changeFollow } from '../../src/commands/follows/changeFollow.js';
import { createFollow } from '../../src/commands/follows/createFollow.js';
import { openInquiry } from '../../src/commands/inquiries/openInquiry.js';
import { declareConflict } from '../../src/commands/fair/declareConflict.js';
import { partyKeys } from '../../src/commands/fair/partyKeys.js';
import { recordAct } from '../../src/commands/recordAct.js';
import { debarSupplier } from '../../src/commands/contracts/debarSupplier.js';
import { openProcess } from '../../src/commands/contracts/openProcess.js';
import { recordContractAct } from '../../src/commands/contracts/recordContractAct.js';
import { insertProcurementProcedure } from '../../src/db/repos/contracts.js';
import { submitApplication } from '../../src/commands/submitApplication.js';
import { saveDraft } from '../../src/commands/drafts/saveDraft.js';
import { listProcedures } from '../../src/db/repos/publicRead.js';
import { linkSecret } from '../../src/db/repos/outbox.js';
import { createKeyring } from '../../src/db/repos/reports.js';
import { newKeyPair } from '../../src/domain/reportCrypto.js';
import { OFFICE_COOKIE, startSession } from '../../src/http/auth.js';
import { integrateAll } from '../../src/jobs/integrateLog.js';
import { buildOpenData } from '../../src/jobs/buildOpenData.js';
import { entriesPath, tilePath } from '../../src/log/index.js';
import { latestCheckpoint } from '../../src/log/store.js';
import { signLink } from '../../src/mail/links.js';
import { openTestDatabase, type DIALECTS, type TestDatabase } from './db.js';
import { CANARY, PDF, TEST_SIGN_IN_SECRET, createFixture, type Fixture } from './fixture.js';
import { fileApplication, testLogSigner, workApplication } from './log.js';
import { testConfig, testServer } from './server.js';

/**
 * Everyone a request can come from: the fixture's officials, the applicant of the worked case, a citizen signed in
 * by e-mail link, and API keys of the case's unit and of another unit.
 */
export const ROLES = ['anonymous', 'clerk', 'a1', 'road1', 'boss', 'auditor', 'admin', 'applicant', 'citizen', 'key-build', 'key-road'] as const;
export type Role = (typeof ROLES)[number];

const OFFICIALS = ['clerk', 'a1', 'road1', 'boss', 'auditor', 'admin'] as const;
const DIGEST = { hour: 8, timeZone: 'Asia/Seoul' };

/** Values a request consumes, made anew for each request that names them as `{{fresh:<name>}}`. */
export const FRESH = ['signInToken', 'email', 'name', 'code', 'followToken', 'inquiryNo', 'keyId', 'case', 'surveyToken', 'unassignedCase', 'conflictId'] as const;
export type Fresh = (typeof FRESH)[number];

/** A world with one of every record a route can be about, a server over it, and a session for every role. */
export interface Surface {
  database: TestDatabase;
  fx: Fixture;
  app: FastifyInstance;
  /** Real values for `{{name}}` placeholders in paths and bodies. */
  values: Record<string, string>;
  /** Headers that make a request come from `role`: its cookies and a valid CSRF token, or its API key. */
  headers(role: Role): Record<string, string>;
  /** Gives `role` a new session, after a request ended the one it had. */
  renewSession(role: Role): Promise<void>;
  /** A new value of a kind that a request uses up. */
  fresh(kind: Fresh): Promise<string>;
  /**
   * Replaces `{{name}}` and `{{fresh:kind}}` placeholders (also percent-encoded, as in a urlencoded body), making each
   * fresh value once per call.
   */
  fill(text: string, made?: Map<string, string>): Promise<string>;
  close(): Promise<void>;
}

/** Opens a surface; `beforeReady` may add hooks to the server (see `testServer`), `schema` names its PostgreSQL schema. */
export async function openSurface(
  dialect: (typeof DIALECTS)[number],
  options: { beforeReady?: (app: FastifyInstance) => void; schema?: string } = {},
): Promise<Surface> {
  const database = await openTestDatabase(dialect, { schema: options.schema });
  const db = database.db;
  const fx = await createFixture(db);
  const config = testConfig();
  const { a1, admin, fire1 } = fx.officials;
  let serial = 0;
  const unique = () => `${Date.now().toString(36)}${(serial++).toString(36)}`;

  const number = await fileApplication(db);
  await workApplication(db, fx, number, 1);
  const main = await db.selectFrom('application').select('id').where('number', '=', number).executeTakeFirstOrThrow();
  const documentId = (await db.selectFrom('document').select('id').where('application_id', '=', main.id).executeTakeFirstOrThrow()).id;
  // The applicant's access code is only ever shown once, so the applicant's case is filed here to keep it.
  const own = await submitApplication(db, {
    jurisdictionCode: 'TS', procedureCode: 'building-permit', title: 'Corner shop extension', location: { address: '3 Haneul-ro', lat: 37.51, lng: 127.02 },
    applicant: { name: CANARY.name, email: CANARY.email }, fields: { floor_area: '80' }, documents: [{ kind: 'plan', filename: 'plan.pdf', bytes: PDF }], channel: 'online',
  });
  const closed = await fileApplication(db, 'Approved warehouse');
  for (const [actor, act] of [
    [a1, { type: 'stage_started', stage: 'intake' }], [a1, { type: 'stage_completed', stage: 'intake' }],
    [fire1, { type: 'stage_started', stage: 'fire' }], [a1, { type: 'stage_started', stage: 'structure' }],
    [fire1, { type: 'stage_completed', stage: 'fire' }], [a1, { type: 'stage_completed', stage: 'structure' }],
    [a1, { type: 'stage_started', stage: 'decision' }], [a1, { type: 'decision', outcome: 'approved' }],
  ] as const) {
    await recordAct(db, { number: closed, act, actor });
  }
  const closedId = (await db.selectFrom('application').select('id').where('number', '=', closed).executeTakeFirstOrThrow()).id;
  const ask = async () =>
    String((await openInquiry(db, { number, asker: { kind: 'applicant', applicationId: main.id }, kind: 'question', text: `When will the intake review end? ${unique()}`, private: false, locale: 'en' })).no);
  const inquiryNo = await ask();
  // The reporting channel is open in the fixture's jurisdiction (its investigators' key ring exists), so a report can be filed.
  await createKeyring(db, fx.jurisdictionId, 'investigation', newKeyPair().publicKey);

  const signInToken = async (email: string) => {
    await requestSignInLink(db, { email, locale: 'en' });
    const row = await db.selectFrom('outbox').select('params').where('kind', '=', 'citizen_sign_in').where('recipient', '=', email).orderBy('id', 'desc').executeTakeFirstOrThrow();
    return (row.params as { token: string }).token;
  };
  const citizen = await confirmSignInLink(db, await signInToken('citizen@example.org'));

  const keys = {
    'key-build': await createApiKey(db, admin, fx.units.build, 'Building system'),
    'key-road': await createApiKey(db, admin, fx.units.road, 'Roads system'),
  };
  const newKeyId = async () => {
    await createApiKey(db, admin, fx.units.build, `Spare ${unique()}`);
    return String((await db.selectFrom('api_key').select('id').orderBy('id', 'desc').executeTakeFirstOrThrow()).id);
  };
  const secret = await linkSecret(db);
  const newFollow = async () => {
    const follow = await createFollow(db, { email: `follower.${unique()}@example.org`, locale: 'en', frequency: 'instant', target: { kind: 'application', number }, digest: DIGEST });
    return follow.id;
  };
  const followId = await newFollow();
  const stoppedFollowId = await newFollow();
  await changeFollow(db, { followId: stoppedFollowId, change: { stop: true }, digest: DIGEST });
  // The administration pages edit this official, so that no role's own account changes under the requests.
  const editable = await createOfficial(db, admin, {
    login: 'editable', password: 'a long enough password', unitId: fx.units.build, nameKo: '편집', nameEn: 'Ed Itable', titleKo: '주무관', titleEn: 'Officer', names: { ko: '편집', en: 'Ed Itable' }, titles: { ko: '주무관', en: 'Officer' }, roles: ['official'], active: true,
  });
  const procedureId = (await db.selectFrom('procedure').select('id').where('code', '=', 'building-permit').executeTakeFirstOrThrow()).id;

  // The Integrity Index: last year published (with no answers, so every figure is withheld), a fresh invitation per
  // survey answer (each token is single-use).
  const thisYear = yearIn(new Date(), 'Asia/Seoul');
  await db.insertInto('integrity_year').values({ jurisdiction_id: fx.jurisdictionId, year: thisYear - 1, model: JSON.stringify(presetModel('acrc_classic', 'department')), published_at: new Date(), published_by: fx.officials.auditor.id }).execute();
  const newSurveyToken = async () => {
    const filed = await fileApplication(db, `Surveyed case ${unique()}`);
    const row = await db.selectFrom('application').select(['id', 'unit_id']).where('number', '=', filed).executeTakeFirstOrThrow();
    const token = newToken();
    await db.insertInto('integrity_invitation').values({
      application_id: row.id, token_hash: hashSecret(token), jurisdiction_id: fx.jurisdictionId, year: thisYear, unit_id: row.unit_id,
      procedure_code: 'building-permit', outcome: 'granted', expires_at: new Date(Date.now() + 86_400_000),
    }).execute();
    await db.insertInto('integrity_year').values({ jurisdiction_id: fx.jurisdictionId, year: thisYear, model: JSON.stringify(presetModel('acrc_classic', 'department')) })
      .onConflict((oc) => oc.columns(['jurisdiction_id', 'year']).doNothing()).execute();
    return token;
  };
  const surveyToken = await newSurveyToken();

  // Two contracting processes of the building division: one taking bids, one whose stages the `next` form moves on.
  await insertProcurementProcedure(db, { jurisdictionId: fx.jurisdictionId, unitId: fx.units.build, code: 'contracts-build', unitName: { ko: '건축과', en: 'Building Division' } });
  const openContract = () => openProcess(db, {
    jurisdictionCode: 'TS', procedureCode: 'contracts-build', title: 'Library roof repair', place: '12 Haneul-ro', category: 'works', method: 'open',
    estimatedAmount: '120000000', currency: 'KRW', actor: a1,
  });
  const contractNumber = (await openContract()).number;
  for (const act of [{ type: 'stage_started', stage: 'planning' }, { type: 'stage_completed', stage: 'planning' }, { type: 'stage_started', stage: 'tender' }] as const) {
    await recordAct(db, { number: contractNumber, act, actor: a1 });
  }
  await recordContractAct(db, {
    number: contractNumber, act: { type: 'tender_published', tenderEnd: new Date(Date.now() + 90 * 86_400_000).toISOString() }, actor: a1,
    documents: [{ kind: 'tender', filename: 'notice.pdf', bytes: PDF, type: 'application/pdf' }],
  });
  const contractNextNumber = (await openContract()).number;
  // A debarred supplier, so its supplier page has something to show.
  await debarSupplier(db, { supplierName: 'Hanbit Roofing Co., Ltd.', reason: 'Collusion on the school roof tender', decision: 'Decision 2026-3', startsOn: '2026-01-01', endsOn: '2027-12-31', actor: fx.officials.boss });
  // The signed-in citizen bids for a company, so the bid form reaches the command.
  await saveBidderProfile(db, { citizenId: citizen.citizenId, companyName: 'Surface Roofing Co.', registrationNumber: '123-45-67890' });
  await integrateAll(db, testLogSigner());
  const size = (await latestCheckpoint(db))!.size;
  // The open-data downloads, built once, so their routes serve a real file.
  const openDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'daylight-surface-data-'));
  const openData = (await buildOpenData(db, { dir: openDataDir, licence: 'kogl-1', publicUrl: 'http://127.0.0.1:3000' }))!;
  const app = await testServer(database, { OPEN_DATA_DIR: openDataDir }, { beforeReady: options.beforeReady });
  // An application saved to finish later, complete enough to be filed from its check page.
  const [buildingPermit] = await listProcedures(db, { jurisdiction: 'TS', code: 'building-permit' });
  const draftToken = (await saveDraft(db, {
    procedure: buildingPermit!, locale: 'en', ttlDays: 30,
    values: { title: 'Saved pavilion', address: '4 Haneul-ro', applicant_name: 'Hong Gil-dong', applicant_email: 'hong@example.org', field_floor_area: '30' },
    files: [{ field: 'doc_plan', filename: 'plan.pdf', bytes: PDF }],
  })).token;

  const values: Record<string, string> = {
    number, documentId: String(documentId), inquiryNo, seq: '1', j: 'TS', code: 'building-permit', unitCode: 'TS-BUILD', locale: 'en',
    ownNumber: own.number, accessCode: own.accessCode, closedNumber: closed, contractNumber, contractNextNumber,
    tenderDocumentSha: createHash('sha256').update(PDF).digest('hex'),
    officialId: String(editable), unitId: String(fx.units.build), procedureId: String(procedureId), keyId: await newKeyId(),
    a2Id: String(fx.officials.a2.id),
    followToken: signLink(secret, { p: 'follow', f: followId }),
    stoppedFollowToken: signLink(secret, { p: 'follow', f: stoppedFollowId }),
    followConfirmToken: signLink(secret, { p: 'follow_confirm', f: followId }),
    rateToken: signLink(secret, { p: 'rate', a: closedId }),
    unsubscribeToken: signLink(secret, { p: 'unsubscribe_applicant', a: main.id }),
    signInToken: await signInToken('reader@example.org'),
    tile: tilePath(0, 0, Math.min(size, 256)).slice('tile/'.length),
    entries: entriesPath(0, Math.min(size, 256)).slice('tile/'.length),
    staticFile: 'app.css',
    surveyToken, integrityYear: String(thisYear - 1), integrityOpenYear: String(thisYear),
    leafletFile: 'leaflet.js',
    draftToken,
    dataFile: openData.files.find((f) => f.kind === 'events' && f.format === 'jsonl')!.name,
  };

  // Every browser role shares one CSRF secret; its token is taken from a page's form, as a browser would.
  const form = await app.inject({ method: 'GET', url: '/track' });
  const csrfCookie = (form.cookies as { name: string; value: string }[]).find((c) => c.name === '_csrf')!;
  const csrfToken = form.body.match(/name="_csrf" value="([^"]+)"/)![1]!;

  const sessionCookie = async (who: Parameters<typeof startSession>[3] | { officialId: number }) => {
    if ('officialId' in who) {
      // A fully signed-in official (second factor passed), as the sign-in routes open one.
      const { token } = await openOfficeSession(db, { officialId: who.officialId, pending: null, device: 'test', hours: config.SESSION_HOURS });
      return `${OFFICE_COOKIE}=${token}`;
    }
    let cookie = '';
    const reply = { setCookie: (name: string, value: string) => (cookie = `${name}=${value}`) } as unknown as FastifyReply;
    await startSession(db, reply, config, who);
    return cookie;
  };
  const sessions = new Map<Role, string>();
  const renewSession = async (role: Role) => {
    if ((OFFICIALS as readonly string[]).includes(role)) sessions.set(role, await sessionCookie({ officialId: fx.officials[role as (typeof OFFICIALS)[number]].id }));
    else if (role === 'applicant') sessions.set(role, await sessionCookie({ applicationId: main.id }));
    else if (role === 'citizen') sessions.set(role, await sessionCookie({ citizenId: citizen.citizenId }));
  };
  for (const role of ROLES) await renewSession(role);

  const headers = (role: Role): Record<string, string> => {
    if (role === 'key-build' || role === 'key-road') return { authorization: `Bearer ${keys[role]}` };
    const session = sessions.get(role);
    return { cookie: [`_csrf=${csrfCookie.value}`, ...(session ? [session] : [])].join('; '), 'x-csrf-token': csrfToken };
  };

  const fresh = async (kind: Fresh): Promise<string> => {
    switch (kind) {
      case 'signInToken':
        return signInToken(`reader.${unique()}@example.org`);
      case 'email':
        return `someone.${unique()}@example.org`;
      case 'name':
        return `n${unique()}`;
      case 'code':
        return `C${unique().toUpperCase()}`;
      case 'followToken':
        return signLink(secret, { p: 'follow', f: await newFollow() });
      case 'inquiryNo':
        return ask();
      case 'keyId':
        return newKeyId();
      case 'case': {
        const made = await fileApplication(db, `Scratch case ${unique()}`);
        await workApplication(db, fx, made, 0);
        return made;
      }
      case 'surveyToken':
        return newSurveyToken();
      case 'unassignedCase':
        return fileApplication(db, `Unassigned case ${unique()}`);
      case 'conflictId':
        return String(await declareConflict(db, { actor: fx.officials.a1, draft: { kind: 'relative', partyName: `Relative ${unique()}`, registration: '', address: '', parcel: '', note: '' }, keys: partyKeys(TEST_SIGN_IN_SECRET) }));
    }
  };

  const fill = async (text: string, made = new Map<string, string>()) => {
    let out = '';
    let last = 0;
    for (const m of text.matchAll(/(?:\{\{|%7B%7B)(fresh(?::|%3A))?([A-Za-z0-9]+)(?:\}\}|%7D%7D)/gi)) {
      out += text.slice(last, m.index);
      last = m.index + m[0].length;
      if (!m[1]) {
        if (!(m[2]! in values)) throw new Error(`no value for placeholder ${m[0]}`);
        out += values[m[2]!];
        continue;
      }
      if (!made.has(m[2]!)) made.set(m[2]!, await fresh(m[2] as Fresh));
      out += made.get(m[2]!);
    }
    return out + text.slice(last);
  };

  return {
    database, fx, app, values, headers, renewSession, fresh, fill,
    async close() {
      await app.close();
      await database.close();
      fs.rmSync(openDataDir, { recursive: true, force: true });
    },
  };
}
