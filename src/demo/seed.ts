import { hash } from '@node-rs/argon2';
import { inTransaction } from '../db/repos/cases.js';
import { insertProcurementProcedure, procurementProcedures } from '../db/repos/contracts.js';
import { anyJurisdiction } from '../db/repos/jurisdictions.js';
import type { Db } from '../db/types.js';
import { hashSecret, normalizeAccessCode } from '../domain/secrets.js';
import { formatNumber } from '../domain/time.js';
import { draftApplication, fullSpecs, smallSpecs } from './applications.js';
import { localYear } from './calendar.js';
import { simulateCase } from './history.js';
import { buildOrganisation } from './org.js';
import { Rng } from './random.js';
import type { DemoCase, DemoOrganisation } from './model.js';
import { planInquiries, type DemoInquiries } from './inquiries.js';
import { advanceSequences, relaxForeignKeyChecks, writeCases, writeDesignatedDays, writeInquiries, writeOrganisation } from '../db/repos/demoData.js';
import { openReportKeys } from '../commands/reports/keys.js';
export { DEMO_TOTP_SECRET } from './secrets.js';
import { planRatings, writeRatings, type DemoRating } from './ratings.js';
import { planIntegrity, writeIntegrity, type DemoIntegrityYear } from './integrity.js';
import { DEMO_PARTY_SECRET, DEMO_TOTP_SECRET } from './secrets.js';
import { partyKeys, type PartyKeys } from '../commands/fair/partyKeys.js';
import { writeFairDemo } from '../db/repos/fair.js';
import { insertDemoDeclarations } from '../db/repos/declarations.js';
import { declarationOwner } from '../commands/fair/fileDeclaration.js';
import { planDeclarations, type DemoDeclaration } from './declarations.js';
import { isRegistrationField } from '../domain/conflicts.js';
import { plantedSpecs, plantedTruth, type Planted, type PlantedGift } from './planted.js';
import type { ApplicationSpec } from './applications.js';

/**
 * Seeds the demo city, Haneul Metropolitan City (하늘특별시), and its districts Dongbu-gu and Seobu-gu:
 * departments, officials, a procedure catalogue and applications with full histories. Everything is derived
 * from the seed and `now`, so the same options always give the same rows (apart from the password hash's
 * salt). Histories are played through the pure domain and written in bulk, not through the commands one by
 * one, and the read model columns are those the commands would have stored.
 */

export interface SeedOptions {
  size: 'full' | 'small';
  seed?: number;
  now?: Date;
  /**
   * Encrypts a TOTP secret for an official (`SignInKeys.seal`); when given, every demo official is enrolled in the
   * second factor with the published DEMO_TOTP_SECRET, so the demo signs in the way production does.
   */
  sealTotpSecret?: (officialId: number, secret: string) => string;
  /**
   * Keys for the applicants' hashes and the gift register (`commands/fair/partyKeys`), the server's own so its
   * rotation and signals match the demo's rows; a fixed published demo secret when not given.
   */
  partyKeys?: PartyKeys;
}

export interface SeedSummary {
  jurisdictions: number;
  units: number;
  officials: number;
  /** Current procedures (older versions kept for their applications are not counted). */
  procedures: number;
  applications: number;
  events: number;
  logins: { login: string; roles: string[]; unit: string }[];
  /** The one password every demo official shares. */
  password: string;
  /** The published TOTP secret every demo official is enrolled with, or null when they are not enrolled. */
  totpSecret: string | null;
  /** The access code that opens every demo application's applicant view. */
  accessCode: string;
}

export const DEFAULT_DEMO_SEED = 20261124;
export const DEMO_PASSWORD = 'daylight-demo';
export const DEMO_ACCESS_CODE = 'DEMO-0000-0000';

const LOGIN_ORDER = ['admin', 'auditor', 'investigator', 'custodian', 'clerk'];

/** The whole demo as generated in memory, before anything is written. */
export interface DemoPlan {
  organisation: DemoOrganisation;
  cases: DemoCase[];
  /** Last serial per jurisdiction and year, so new applications continue the numbering. */
  counters: { jurisdictionId: string; year: number; last: number }[];
  /** Applicants' ratings of closed cases. */
  ratings: DemoRating[];
  /** Integrity Index years with their anonymous answers. */
  integrity: DemoIntegrityYear[];
  /** Citizens' questions and objections (full demo only; their events are already in `cases`). */
  inquiries: DemoInquiries;
  /** Patterns planted for the auditors' signals (full demo only), and the planted gift. */
  planted: Planted[];
  plantedGifts: PlantedGift[];
  /** Yearly declarations of assets and interests, last year's and this year's (`demo/declarations`). */
  declarations: DemoDeclaration[];
}

/** Generates the demo in memory from the seed and `now`: the same options give the same plan; nothing is written. */
export function planDemo(options: SeedOptions): DemoPlan {
  const now = (options.now ?? new Date()).getTime();
  const rng = new Rng(options.seed ?? DEFAULT_DEMO_SEED);
  const org = buildOrganisation(rng.fork('organisation'), now);

  const specs = (options.size === 'full' ? fullSpecs(rng.fork('schedule'), org, now) : smallSpecs(rng.fork('schedule'), now))
    .sort((a, b) => a.receivedAt - b.receivedAt);
  const serials = new Map<string, { jurisdictionId: string; year: number; last: number }>();
  const make = (spec: ApplicationSpec, i: number, forks: { draft: Rng; history: Rng }): DemoCase => {
    const draft = draftApplication(forks.draft, org, spec, now);
    const jurisdiction = draft.procedure.jurisdiction;
    const year = localYear(spec.receivedAt);
    const key = `${jurisdiction.id}/${year}`;
    const counter = serials.get(key) ?? { jurisdictionId: jurisdiction.id, year, last: 0 };
    counter.last++;
    serials.set(key, counter);
    const number = formatNumber(year, jurisdiction.code, counter.last);
    const history = simulateCase(
      {
        rng: forks.history,
        now,
        lang: spec.lang,
        procedure: draft.procedure,
        unitsByCode: org.unitsByCode,
        officialsById: org.officialsById,
        unitIdsByCode: org.unitIdsByJurisdiction.get(jurisdiction.id)!,
        plan: spec.plan,
      },
      {
        at: spec.receivedAt,
        recordedAt: draft.recordedAt,
        actorOfficialId: draft.receivedActorOfficialId,
        actor: draft.receivedActor,
        data: {
          procedure: { code: draft.procedure.code, version: draft.procedure.version, name: draft.procedure.template.name },
          unit: { code: draft.procedure.unit.code, name: draft.procedure.unit.name },
          title: draft.title,
          location: {
            address: draft.address,
            ...(draft.parcelId ? { parcel_id: draft.parcelId } : {}),
            ...(draft.lat !== null && draft.lng !== null ? { lat: draft.lat, lng: draft.lng } : {}),
          },
          channel: spec.channel,
          fields: draft.publicFields,
          document_count: draft.documents.length,
        },
        documents: draft.documents,
      },
    );
    return { draft, id: i + 1, number, history };
  };
  const cases: DemoCase[] = specs.map((spec, i) => make(spec, i, { draft: rng.fork(`application:${i}`), history: rng.fork(`history:${i}`) }));
  // Patterns for the auditors' signals, after (and without disturbing) the honest majority: full demo only.
  let planted: Planted[] = [];
  let plantedGifts: PlantedGift[] = [];
  if (options.size === 'full') {
    const plant = plantedSpecs(rng.fork('planted'), org, now);
    const made = plant.specs.map((p, k) => make(p.spec, cases.length + k, { draft: rng.fork(`planted-application:${k}`), history: rng.fork(`planted-history:${k}`) }));
    cases.push(...made);
    const truth = plantedTruth(org, plant.specs, made, plant.year, plant.applicant);
    planted = truth.planted;
    plantedGifts = [truth.gift];
  }
  const ratings = planRatings(rng.fork('ratings'), cases, now, options.size);
  // Questions come last: they append to finished histories, and the small demo (the journeys' fixture) has none.
  const inquiries = options.size === 'full' ? planInquiries(rng.fork('inquiries'), org, cases, now) : { citizens: [], inquiries: [], redactions: [] };
  const integrity = planIntegrity(rng.fork('integrity'), org, now, 'Asia/Seoul', options.size);
  const declarations = planDeclarations(rng.fork('declarations'), org.officials, now, 'Asia/Seoul');
  return { organisation: org, cases, counters: [...serials.values()], ratings, inquiries, integrity, planted, plantedGifts, declarations };
}

/** Seeds an empty, migrated database; throws if it already holds jurisdictions. */
export async function seedDemo(db: Db, options: SeedOptions): Promise<SeedSummary> {
  // One argon2id hash for everyone (hashing per official would slow the first start for nothing), computed on
  // the thread pool while the plan is generated.
  const hashing = hash(DEMO_PASSWORD);
  const { organisation: org, cases, counters, ratings, inquiries, integrity, plantedGifts, declarations } = planDemo(options);
  const keys = options.partyKeys ?? partyKeys(DEMO_PARTY_SECRET);
  const passwordHash = await hashing;
  const accessCodeHash = hashSecret(normalizeAccessCode(DEMO_ACCESS_CODE));

  await inTransaction(db, async (trx) => {
    if (await anyJurisdiction(trx)) throw new Error('The database already holds jurisdictions; demo data is only seeded into an empty database.');
    await relaxForeignKeyChecks(trx);
    await writeOrganisation(trx, org, passwordHash, options.sealTotpSecret);
    await writeCases(trx, cases, accessCodeHash, counters);
    await writeRatings(trx, ratings);
    await writeIntegrity(trx, integrity, (j) => (org.officials.find((o) => o.jurisdictionId === j && o.roles.includes('auditor')) ?? org.officials.find((o) => o.roles.includes('auditor'))!).id, options.now?.getTime() ?? Date.now());
    await writeInquiries(trx, inquiries);
    await writeDesignatedDays(trx, org, (options.now ?? new Date()).getTime());
    await writeFairDemo(trx, ...fairRows(cases, plantedGifts, keys));
    await insertDemoDeclarations(trx, declarations.map((d) => ({ ...d, filedAt: new Date(d.filedAt), sealed: keys.seal(declarationOwner(d.officialId), JSON.stringify(d.content)) })));
    await advanceSequences(trx);
  });

  // The building division buys works through a procurement procedure (ADR 0022), so its officers can open processes
  // and companies can bid; kept when demo procurement data already gave the division one.
  const build = org.units.find((u) => u.code === 'DB-BUILD');
  if (build && !(await procurementProcedures(db)).some((p) => p.unit_id === build.id)) {
    await insertProcurementProcedure(db, { jurisdictionId: build.jurisdiction.id, unitId: build.id, code: 'contracts-db-build', unitName: { ko: build.name.ko, en: build.name.en ?? build.name.ko } });
  }

  // The reporting channel opens with its staff's keys (investigators first, so the custodian's ring follows), the way
  // their first unlock would; twice, so the first of each ring grants it to the others.
  const reportingStaff = org.officials.filter((o) => o.roles.some((r) => r === 'investigator' || r === 'custodian' || r === 'head'));
  for (let round = 0; round < 2; round++) for (const o of reportingStaff) await openReportKeys(db, o, DEMO_PASSWORD);

  const unitCode = new Map(org.units.map((u) => [u.id, u.code]));
  const rank = (login: string) => {
    const i = LOGIN_ORDER.findIndex((prefix) => login.startsWith(prefix));
    return i === -1 ? LOGIN_ORDER.length : i;
  };
  const logins = [...org.officials]
    .sort((a, b) => rank(a.login) - rank(b.login) || a.id - b.id)
    .map((o) => ({ login: o.login, roles: [...o.roles], unit: unitCode.get(o.unitId)! }));
  return {
    jurisdictions: new Set(org.units.map((u) => u.jurisdiction.id)).size,
    units: org.units.length,
    officials: org.officials.length,
    procedures: org.procedures.filter((p) => p.isCurrent).length,
    applications: cases.length,
    events: cases.reduce((n, c) => n + c.history.events.length, 0),
    logins,
    password: DEMO_PASSWORD,
    totpSecret: options.sealTotpSecret ? DEMO_TOTP_SECRET : null,
    accessCode: DEMO_ACCESS_CODE,
  };
}

/**
 * The fair-handling rows of the demo: every applicant's keyed hashes, and the gift register. The small demo (the
 * journeys' city) gets one gift planted too: from the first assigned case's applicant to its official.
 */
function fairRows(cases: DemoCase[], planted: PlantedGift[], keys: PartyKeys): Parameters<typeof writeFairDemo> extends [unknown, ...infer R] ? R : never {
  const parties = cases.flatMap((c) => {
    const applicantHash = keys.hash('name', c.draft.applicant.name);
    if (!applicantHash) return [];
    const registration = Object.entries(c.draft.privateFields).find(([k]) => isRegistrationField(k))?.[1];
    return [{ applicationId: c.id, jurisdictionId: c.draft.procedure.jurisdiction.id, applicantHash, registrationHash: keys.hash('registration', registration) }];
  });
  const gifts = [...planted];
  if (!gifts.length) {
    const held = [...cases].reverse().find((c) => c.history.state.assigneeId !== null && c.draft.procedure.unit.staff.some((o) => o.id === c.history.state.assigneeId));
    if (held) {
      const unit = held.draft.procedure.unit;
      const official = unit.staff.find((o) => o.id === held.history.state.assigneeId)!;
      gifts.push({ officialId: official.id, unitId: unit.id, jurisdictionId: official.jurisdictionId, offeredAt: held.draft.spec.receivedAt + 2 * 3_600_000, giver: held.draft.applicant, valueKrw: 150_000 });
    }
  }
  return [
    parties,
    gifts.map((g) => ({
      jurisdictionId: g.jurisdictionId, officialId: g.officialId, unitId: g.unitId, offeredOn: new Date(g.offeredAt + 9 * 3_600_000).toISOString().slice(0, 10), kind: 'gift',
      valueKrw: g.valueKrw, outcome: 'accepted', giverHash: keys.hash('name', g.giver.name),
      sealed: keys.seal(`gift:official:${g.officialId}`, JSON.stringify({ giver: g.giver.name, description: '과일 선물세트 / A fruit gift box' })),
    })),
  ];
}
