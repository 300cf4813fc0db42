import { randomBytes } from 'node:crypto';
import { Kysely, PostgresDialect, type DatabaseIntrospector } from 'kysely';
import pg from 'pg';
import { migrateToLatest } from '../src/db/migrate.js';
import { openDatabase, type Database } from '../src/db/pool.js';
import type { OfficialActor } from '../src/domain/actor.js';
import type { PublicActor } from '../src/domain/events.js';
import type { DecisionOutcome, EventType, ProcedureStage } from '../src/domain/types.js';
import type { OfficeAct } from '../src/domain/acts.js';
import type { Db } from '../src/db/types.js';
import { createFixture, STAGES as BUILDING_STAGES } from '../test/helpers/fixture.js';
import { calendarFor } from '../src/db/repos/calendars.js';
import { calendarKey } from '../src/db/repos/statistics.js';
import { generate, postgresTarget, type BulkTarget, type GenProcedure, type GenerateResult } from './generate.js';

/**
 * The benchmark world: the test fixture's jurisdiction, widened to seven procedures and nine units, then N
 * applications with their events generated straight in SQL. Every history is a legal path through the real
 * workflow: each variant below is checked with `decide` and folded with `evolve` here, and the projection
 * (`application.stages`, status, assignee, active units) is written from that fold, so the public page,
 * the register and `recordAct` (which replays the events) all see consistent cases.
 */

export interface BenchProcedure {
  id: number;
  code: string;
  unitCode: string;
  stages: ProcedureStage[];
  /** The official of the procedure's unit, who works the case. */
  caseOfficial: OfficialActor;
  /** The official of the unit consulted at stage 1. */
  consultOfficial: OfficialActor;
}

export interface BenchWorld {
  url: string;
  schema: string;
  searchPath: string;
  /** The parent process's pool (register search, recordAct). */
  database: Database;
  jurisdictionCode: string;
  units: string[];
  procedures: BenchProcedure[];
  applications: number;
  events: number;
  /** True when the schema was made by this run (and is dropped at the end). */
  created: boolean;
  /**
   * An embedded world (`bench/pglite.ts`): the data folder `openDatabase({ dataDir })` opens, which one process at a
   * time may hold; `url` and `searchPath` are then empty.
   */
  dataDir?: string;
  timings: { setupMs: number; applicationsMs: number; privateMs: number; eventsMs: number; vacuumAnalyzeMs: number; totalMs: number };
}

export const JURISDICTION_ID = 'test.example';

/** The part of a database the world's setup reads and writes through (`generate.ts` has one for each kind). */
export type Queryable = Pick<BulkTarget, 'query'>;

/** Extra units beside the fixture's TS-BUILD, TS-FIRE and TS-ROAD; one official each. */
const EXTRA_UNITS = [
  { code: 'TS-FOOD', ko: '위생과', en: 'Food Safety Division', login: 'food1', official: ['정위생', 'Jung Wi-saeng'] },
  { code: 'TS-ADV', ko: '광고물관리과', en: 'Outdoor Advertising Division', login: 'adv1', official: ['오광고', 'Oh Gwang-go'] },
  { code: 'TS-ENV', ko: '자원순환과', en: 'Waste Management Division', login: 'env1', official: ['신환경', 'Shin Hwan-gyeong'] },
  { code: 'TS-TRADE', ko: '지역경제과', en: 'Local Economy Division', login: 'trade1', official: ['장경제', 'Jang Gyeong-je'] },
  { code: 'TS-TRAFFIC', ko: '교통행정과', en: 'Transport Division', login: 'traffic1', official: ['임교통', 'Lim Gyo-tong'] },
  { code: 'TS-HEALTH', ko: '보건소', en: 'Public Health Centre', login: 'health1', official: ['조보건', 'Jo Bo-geon'] },
] as const;

interface ProcedureDef {
  code: string;
  unitCode: string;
  category: string;
  name: [string, string];
  days: number;
  /** Stage 1 is a consultation with another unit; stages 1 and 2 run in parallel. */
  stages: ProcedureStage[];
  weight: number;
  objects: [string, string][];
  publicFields: Record<string, string>;
}

const stage = (key: string, ko: string, en: string, unit: string | null, days: number, parallel: boolean): ProcedureStage => ({
  key, name: { ko, en }, unit_code: unit, days, parallel,
});

const PROCEDURES: ProcedureDef[] = [
  {
    code: 'building-permit', unitCode: 'TS-BUILD', category: 'building', name: ['건축허가', 'Building permit'], days: 15,
    stages: BUILDING_STAGES, weight: 30, publicFields: { floor_area: '420' },
    objects: [['단독주택 신축', 'detached house'], ['다세대주택 신축', 'multi-family housing'], ['업무시설 증축', 'office extension'],
      ['창고 증축', 'warehouse extension'], ['근린생활시설 신축', 'neighbourhood facility'], ['주차타워 신축', 'parking tower'], ['어린이집 리모델링', 'daycare remodelling']],
  },
  {
    code: 'food-licence', unitCode: 'TS-FOOD', category: 'food', name: ['식품영업허가', 'Food business licence'], days: 10,
    stages: [stage('intake', '접수 검토', 'Intake review', null, 1, false), stage('hygiene', '위생 협의', 'Hygiene consultation', 'TS-HEALTH', 3, true),
      stage('site', '현장 확인', 'Site inspection', null, 3, true), stage('decision', '결재', 'Decision', null, 1, false)],
    weight: 20, publicFields: {},
    objects: [['제과점', 'bakery'], ['일반음식점', 'restaurant'], ['휴게음식점 카페', 'cafe'], ['반찬가게', 'side-dish shop'], ['즉석판매제조업', 'takeaway kitchen'], ['단란주점', 'karaoke bar']],
  },
  {
    code: 'ad-permit', unitCode: 'TS-ADV', category: 'advertising', name: ['옥외광고물 허가', 'Outdoor advertising permit'], days: 10,
    stages: [stage('intake', '접수 검토', 'Intake review', null, 1, false), stage('road', '도로 안전 협의', 'Road safety consultation', 'TS-ROAD', 3, true),
      stage('design', '디자인 심의', 'Design review', null, 5, true), stage('decision', '결재', 'Decision', null, 1, false)],
    weight: 12, publicFields: {},
    objects: [['옥상 간판', 'rooftop billboard'], ['LED 전광판', 'LED screen'], ['돌출 간판', 'projecting sign'], ['현수막 게시대', 'banner stand'], ['지주 간판', 'pole sign']],
  },
  {
    code: 'road-occupancy', unitCode: 'TS-ROAD', category: 'roads', name: ['도로점용허가', 'Road occupancy permit'], days: 7,
    stages: [stage('intake', '접수 검토', 'Intake review', null, 1, false), stage('traffic', '교통 협의', 'Traffic consultation', 'TS-TRAFFIC', 3, true),
      stage('safety', '안전 검토', 'Safety review', null, 2, true), stage('decision', '결재', 'Decision', null, 1, false)],
    weight: 12, publicFields: {},
    objects: [['공사용 가설울타리', 'construction hoarding'], ['타워크레인 설치', 'tower crane'], ['비계 설치', 'scaffolding'], ['노상 적치', 'kerbside storage'], ['지하 배관 매설', 'underground pipework']],
  },
  {
    code: 'waste-licence', unitCode: 'TS-ENV', category: 'environment', name: ['폐기물처리업 허가', 'Waste business licence'], days: 20,
    stages: [stage('intake', '접수 검토', 'Intake review', null, 2, false), stage('fire', '소방 협의', 'Fire safety consultation', 'TS-FIRE', 5, true),
      stage('facility', '시설 검토', 'Facility review', null, 7, true), stage('decision', '결재', 'Decision', null, 1, false)],
    weight: 8, publicFields: {},
    objects: [['재활용 선별장', 'recycling sorting plant'], ['음식물 처리시설', 'food waste plant'], ['건설폐기물 보관소', 'construction waste depot'], ['폐기물 수집 운반', 'waste collection fleet']],
  },
  {
    code: 'large-store', unitCode: 'TS-TRADE', category: 'commerce', name: ['대규모점포 등록', 'Large store registration'], days: 30,
    stages: [stage('intake', '접수 검토', 'Intake review', null, 2, false), stage('traffic', '교통 협의', 'Traffic consultation', 'TS-TRAFFIC', 10, true),
      stage('impact', '상권 영향 평가', 'Local commerce impact', null, 15, true), stage('decision', '결재', 'Decision', null, 1, false)],
    weight: 8, publicFields: {},
    objects: [['대형마트', 'hypermarket'], ['복합쇼핑몰', 'shopping mall'], ['전문점', 'category killer store'], ['아울렛', 'outlet mall']],
  },
  {
    code: 'traffic-impact', unitCode: 'TS-TRAFFIC', category: 'transport', name: ['교통영향평가', 'Traffic impact assessment'], days: 30,
    stages: [stage('intake', '접수 검토', 'Intake review', null, 2, false), stage('road', '도로 협의', 'Road consultation', 'TS-ROAD', 10, true),
      stage('review', '평가 심의', 'Assessment review', null, 15, true), stage('decision', '결재', 'Decision', null, 1, false)],
    weight: 10, publicFields: {},
    objects: [['공동주택 단지', 'housing estate'], ['물류센터', 'logistics centre'], ['종합병원', 'general hospital'], ['대학교 캠퍼스', 'university campus'], ['환승센터', 'transit hub']],
  },
];

type Role = 'case' | 'consult';
export interface Step {
  type: Exclude<EventType, 'received'>;
  stage?: 0 | 1 | 2 | 3;
  outcome?: DecisionOutcome;
  role: Role;
}

/** The path every complete case takes after `received` (seq 2 to 9). */
const PATH: Step[] = [
  { type: 'assigned', role: 'case' },
  { type: 'stage_started', stage: 0, role: 'case' },
  { type: 'stage_completed', stage: 0, role: 'case' },
  { type: 'stage_started', stage: 1, role: 'consult' },
  { type: 'stage_started', stage: 2, role: 'case' },
  { type: 'stage_completed', stage: 1, role: 'consult' },
  { type: 'stage_completed', stage: 2, role: 'case' },
  { type: 'stage_started', stage: 3, role: 'case' },
];

/** The act a step stands for, as `recordAct` would receive it. */
export function actOf(step: Step, stages: readonly ProcedureStage[], officialId: number): OfficeAct {
  const key = step.stage === undefined ? '' : stages[step.stage]!.key;
  switch (step.type) {
    case 'assigned':
      return { type: 'assigned', officialId };
    case 'stage_started':
    case 'stage_completed':
    case 'site_inspection':
      return { type: step.type, stage: key };
    case 'supplement_requested':
      return { type: 'supplement_requested', stage: key, message: 'Please send the revised drawings.' };
    case 'decision':
      return step.outcome === 'rejected'
        ? { type: 'decision', outcome: 'rejected', reasons: 'The site plan breaches the height limit.', redress: 'Administrative appeal within 90 days.' }
        : step.outcome === 'approved_with_conditions'
          ? { type: 'decision', outcome: 'approved_with_conditions', conditions: 'Works only on weekdays 08:00-18:00.' }
          : { type: 'decision', outcome: 'approved' };
    case 'withdrawn':
      return { type: 'withdrawn' };
    default:
      throw new Error(`no act for ${step.type}`);
  }
}

/** The steps `recordAct` is driven through in the write benchmark, from a freshly received case to approval. */
/** Applications still as filed (received, one event), newest first: the write benchmarks work their whole path. */
export function freshApplications(db: Db, limit: number) {
  return db
    .selectFrom('application')
    .select(['number', 'procedure_id'])
    .where('status', '=', 'received')
    .where('last_seq', '=', 1)
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}

export const WRITE_PATH: Step[] = [...PATH, { type: 'decision', outcome: 'approved', role: 'case' }];

export interface WorldOptions {
  url: string;
  applications: number;
  /** Reuse a populated schema of an earlier run (BENCH_SCHEMA); nothing is generated or dropped. */
  reuseSchema?: string;
  /** Mean events per application (BENCH_EVENTS_PER_APPLICATION); 20 when unset. */
  eventsPerApplication?: number;
  /** The newest application is received a minute before this; the present when unset (tests fix it to compare worlds). */
  now?: Date;
  /** A progress bar on stderr while generating; on unless false. */
  progress?: boolean;
  log?: (line: string) => void;
}

/** The benchmark jurisdiction's calendar and its key, for the generated cases' stored outcomes. */
export async function outcomeCalendar(db: Db) {
  const j = await db.selectFrom('jurisdiction').select(['id', 'calendar_version', 'time_zone', 'country']).where('id', '=', JURISDICTION_ID).executeTakeFirstOrThrow();
  return { calendar: await calendarFor(db, j), calendarKey: calendarKey(j) };
}

/** Creates `bench_<random>`, migrates it, builds the world and generates the applications. */
export async function createWorld(options: WorldOptions): Promise<BenchWorld> {
  const log = options.log ?? (() => {});
  const started = performance.now();
  const schema = options.reuseSchema ?? `bench_${randomBytes(5).toString('hex')}`;
  if (!/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`bad schema name ${schema}`);
  const searchPath = `${schema},public`;
  const admin = new pg.Client({ connectionString: options.url, options: `-c search_path=${searchPath}` });
  await admin.connect();
  const target = postgresTarget(admin);
  let database: Database | undefined;
  try {
    if (!options.reuseSchema) await admin.query(`CREATE SCHEMA ${schema}`);
    database = await openDatabase({ url: options.url, searchPath, poolSize: 20 });
    const db = database.db;
    // A reused schema is brought up to date too, so that it matches the code being measured.
    await migrateSchema(options.url, schema);
    if (!options.reuseSchema) {
      await createFixture(db);
      await widenWorld(target);
    }
    const procedures = await loadProcedures(target);
    const units = (await admin.query<{ code: string }>('SELECT code FROM unit ORDER BY code')).rows.map((r) => r.code);
    const setupMs = performance.now() - started;
    const timings = { setupMs, applicationsMs: 0, privateMs: 0, eventsMs: 0, vacuumAnalyzeMs: 0, totalMs: 0 };

    if (!options.reuseSchema) {
      await admin.query(`SET work_mem = '256MB'`);
      await admin.query(`SET maintenance_work_mem = '512MB'`);
      const generated = await fillWorld(target, db, procedures, options);
      log(`  outcomes of ${generated.outcomes} decided cases in ${fmtSec(generated.outcomesMs)}`);
      timings.applicationsMs = generated.applicationsMs;
      timings.privateMs = generated.privateMs;
      timings.eventsMs = generated.eventsMs;
      log(`  applications: ${options.applications} in ${fmtSec(timings.applicationsMs)}`);
      log(`  events in ${fmtSec(timings.eventsMs)}`);
      const t = performance.now();
      // Bulk-loaded rows have no hint bits or visibility map yet; a running system's autovacuum would have set them.
      await admin.query('VACUUM (ANALYZE) application, application_private, event, number_counter, log_sequence');
      timings.vacuumAnalyzeMs = performance.now() - t;
      log(`  vacuum + analyze in ${fmtSec(timings.vacuumAnalyzeMs)}`);
    }
    const counts = await admin.query<{ apps: number; events: number }>(
      `SELECT (SELECT count(*) FROM application)::int AS apps, (SELECT count(*) FROM event)::int AS events`,
    );
    timings.totalMs = performance.now() - started;
    return {
      url: options.url,
      schema,
      searchPath,
      database,
      jurisdictionCode: 'TS',
      units,
      procedures,
      applications: counts.rows[0]!.apps,
      events: counts.rows[0]!.events,
      created: !options.reuseSchema,
      timings,
    };
  } catch (error) {
    await database?.close();
    if (!options.reuseSchema) await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).catch(() => {});
    throw error;
  } finally {
    await admin.end();
  }
}

/**
 * Generates the applications, their private rows, events and stored outcomes into a migrated database holding the
 * widened fixture, and sets the numbering counters after them. `db` is the same database seen through Kysely.
 */
export async function fillWorld(
  target: BulkTarget,
  db: Db,
  procedures: BenchProcedure[],
  options: { applications: number; eventsPerApplication?: number; progress?: boolean; now?: Date },
): Promise<GenerateResult> {
  const generated = await generate(target, {
    applications: options.applications,
    eventsPerApplication: options.eventsPerApplication ?? 20,
    jurisdictionId: JURISDICTION_ID,
    procedures: await generatorProcedures(target, procedures),
    unitIds: new Map((await target.query<{ id: number; code: string }>('SELECT id, code FROM unit')).rows.map((r) => [r.code, r.id])),
    now: options.now ?? new Date(),
    progress: options.progress ?? true,
    outcomes: await outcomeCalendar(db),
  });
  await target.query(`
    INSERT INTO number_counter (jurisdiction_id, year, last)
    SELECT jurisdiction_id, split_part(number, '-', 1)::int, max(split_part(number, '-', 3)::int)
    FROM application GROUP BY 1, 2
    ON CONFLICT (jurisdiction_id, year) DO UPDATE SET last = excluded.last`);
  return generated;
}

/** Closes the pool and drops the schema this run created. */
export async function dropWorld(world: BenchWorld, keep = false): Promise<void> {
  await world.database.close();
  if (!world.created || keep) return;
  const admin = new pg.Client({ connectionString: world.url });
  await admin.connect();
  try {
    await admin.query(`DROP SCHEMA ${world.schema} CASCADE`);
  } finally {
    await admin.end();
  }
}

export function fmtSec(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

/**
 * Runs the project's migrations in `schema`. Kysely's Migrator, given no `migrationTableSchema`, takes a
 * `kysely_migration` table in any schema of the database for its own and then fails on the missing lock table,
 * so a fresh schema cannot be migrated while another one (a test's, a kept bench run's) exists. Its
 * introspector is narrowed here to the bench schema; the migrations themselves are the project's.
 */
async function migrateSchema(url: string, schema: string): Promise<void> {
  class SchemaDialect extends PostgresDialect {
    override createIntrospector(db: Kysely<unknown>): DatabaseIntrospector {
      const base = super.createIntrospector(db);
      return {
        getSchemas: () => base.getSchemas(),
        getTables: async (o) => (await base.getTables(o)).filter((t) => t.schema === schema),
        getMetadata: async (o) => ({ tables: (await base.getMetadata(o)).tables.filter((t) => t.schema === schema) }),
      };
    }
  }
  const pool = new pg.Pool({ connectionString: url, max: 1, options: `-c search_path=${schema},public` });
  const db = new Kysely<unknown>({ dialect: new SchemaDialect({ pool }) });
  try {
    await migrateToLatest(db);
  } finally {
    await db.destroy();
  }
}

/** Adds the extra units, their officials and six more procedures to the fixture's world. */
export async function widenWorld(c: Queryable): Promise<void> {
  const hash = (await c.query<{ password_hash: string }>(`SELECT password_hash FROM official WHERE login = 'a1'`)).rows[0]!.password_hash;
  for (const u of EXTRA_UNITS) {
    const { rows } = await c.query<{ id: number }>(
      `INSERT INTO unit (jurisdiction_id, code, name_ko, name_en) VALUES ($1, $2, $3, $4) RETURNING id`,
      [JURISDICTION_ID, u.code, u.ko, u.en],
    );
    await c.query(
      `INSERT INTO official (jurisdiction_id, unit_id, login, password_hash, name_ko, name_en, title_ko, title_en, roles)
       VALUES ($1, $2, $3, $4, $5, $6, '주무관', 'Officer', '{official}')`,
      [JURISDICTION_ID, rows[0]!.id, u.login, hash, u.official[0], u.official[1]],
    );
  }
  for (const p of PROCEDURES) {
    if (p.code === 'building-permit') continue;
    await c.query(
      `INSERT INTO procedure (jurisdiction_id, code, version, is_current, category, unit_id, name_ko, name_en, purpose_ko, purpose_en,
         legal_basis_ko, legal_basis_en, fee_krw, statutory_days, documents, fields, stages)
       SELECT $1, $2, 1, true, $3, u.id, $4, $5, $4 || ' 신청', 'Apply for a ' || lower($5), '관련 법령', 'The relevant act', 20000, $6, $7, '[]', $8
       FROM unit u WHERE u.code = $9`,
      [JURISDICTION_ID, p.code, p.category, p.name[0], p.name[1], p.days,
        JSON.stringify([{ key: 'plan', name: { ko: '도면', en: 'Plans' }, required: true }]), JSON.stringify(p.stages), p.unitCode],
    );
  }
}

export async function loadProcedures(c: Queryable): Promise<BenchProcedure[]> {
  const officials = (
    await c.query<{ id: number; login: string; unit_id: number; code: string; roles: string[] }>(
      `SELECT o.id, o.login, o.unit_id, u.code, o.roles FROM official o JOIN unit u ON u.id = o.unit_id
       WHERE 'official' = ANY (o.roles) ORDER BY o.id`,
    )
  ).rows;
  const officialOf = (unitCode: string): OfficialActor => {
    const o = officials.find((r) => r.code === unitCode);
    if (!o) throw new Error(`no official in ${unitCode}`);
    return { kind: 'official', id: o.id, login: o.login, jurisdictionId: JURISDICTION_ID, unitId: o.unit_id, unitCode: o.code, roles: ['official'] };
  };
  const rows = (await c.query<{ id: number; code: string; stages: ProcedureStage[] }>(`SELECT id, code, stages FROM procedure WHERE is_current ORDER BY id`)).rows;
  return PROCEDURES.map((def) => {
    const row = rows.find((r) => r.code === def.code);
    if (!row) throw new Error(`procedure ${def.code} missing`);
    if (row.stages.length !== 4) throw new Error(`procedure ${def.code} must have 4 stages`);
    return {
      id: row.id,
      code: def.code,
      unitCode: def.unitCode,
      stages: row.stages,
      caseOfficial: officialOf(def.unitCode),
      consultOfficial: officialOf(row.stages[1]!.unit_code ?? def.unitCode),
    };
  });
}


/** The generator's view of each procedure: ids, the public faces of its officials and units, words for titles. */
async function generatorProcedures(c: Queryable, procedures: BenchProcedure[]): Promise<GenProcedure[]> {
  const units = new Map(
    (await c.query<{ id: number; code: string; name_ko: string; name_en: string }>('SELECT id, code, name_ko, name_en FROM unit')).rows.map((u) => [
      u.code,
      { id: u.id, ref: { code: u.code, name: { ko: u.name_ko, en: u.name_en } } },
    ]),
  );
  const officials = new Map(
    (await c.query<{ id: number; name_ko: string; name_en: string; title_ko: string; title_en: string; unit_code: string }>(
      `SELECT o.id, o.name_ko, o.name_en, o.title_ko, o.title_en, u.code AS unit_code FROM official o JOIN unit u ON u.id = o.unit_id`,
    )).rows.map((o) => [o.id, o]),
  );
  const clerk = (await c.query<{ id: number }>(`SELECT id FROM official WHERE login = 'clerk'`)).rows[0]!.id;
  const actor = (id: number): PublicActor => {
    const o = officials.get(id)!;
    return { kind: 'official', name: { ko: o.name_ko, en: o.name_en }, title: { ko: o.title_ko, en: o.title_en }, unit: units.get(o.unit_code)!.ref };
  };
  const rows = new Map(
    (await c.query<{ id: number; version: number; name_ko: string; name_en: string; statutory_days: number }>(
      'SELECT id, version, name_ko, name_en, statutory_days FROM procedure',
    )).rows.map((r) => [r.id, r]),
  );
  return procedures.map((p) => {
    const def = PROCEDURES.find((d) => d.code === p.code)!;
    const row = rows.get(p.id)!;
    const own = units.get(p.unitCode)!;
    const consulted = units.get(p.consultOfficial.unitCode)!;
    return {
      procedureId: p.id,
      code: p.code,
      version: row.version,
      name: { ko: row.name_ko, en: row.name_en },
      unitId: own.id,
      unit: own.ref,
      consultUnitId: consulted.id,
      consultUnit: consulted.ref,
      stages: p.stages,
      days: row.statutory_days,
      caseOfficialId: p.caseOfficial.id,
      consultOfficialId: p.consultOfficial.id,
      clerkOfficialId: clerk,
      caseActor: actor(p.caseOfficial.id),
      consultActor: actor(p.consultOfficial.id),
      clerkActor: actor(clerk),
      systemActor: { kind: 'system', unit: own.ref },
      objects: def.objects,
      publicFields: def.publicFields,
      weight: def.weight,
    };
  });
}
