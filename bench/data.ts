import { randomBytes } from 'node:crypto';
import { Kysely, PostgresDialect, type DatabaseIntrospector } from 'kysely';
import pg from 'pg';
import { migrateToLatest } from '../src/db/migrate.js';
import { openDatabase, type Database } from '../src/db/pool.js';
import { activeUnits } from '../src/db/repos/cases.js';
import type { OfficialActor } from '../src/domain/actor.js';
import type { DecisionOutcome, EventType, ProcedureStage, Status } from '../src/domain/types.js';
import { decide, evolve, initialState, type CaseState } from '../src/domain/workflow.js';
import type { OfficeAct } from '../src/domain/acts.js';
import type { Db } from '../src/db/types.js';
import { createFixture, STAGES as BUILDING_STAGES } from '../test/helpers/fixture.js';

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
  timings: { setupMs: number; applicationsMs: number; privateMs: number; eventsMs: number; vacuumAnalyzeMs: number; totalMs: number };
}

const JURISDICTION_ID = 'test.example';

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

/** Place names (Korean and English in step), adjectives, districts and streets for titles and addresses. */
const PLACES_KO = ['강남', '마포', '서초', '용산', '잠실', '한남', '반포', '성수', '망원', '연남', '합정', '이태원', '청담', '도곡', '대치', '문정', '상암', '여의도', '목동', '홍제'];
const PLACES_EN = ['Gangnam', 'Mapo', 'Seocho', 'Yongsan', 'Jamsil', 'Hannam', 'Banpo', 'Seongsu', 'Mangwon', 'Yeonnam', 'Hapjeong', 'Itaewon', 'Cheongdam', 'Dogok', 'Daechi', 'Munjeong', 'Sangam', 'Yeouido', 'Mokdong', 'Hongje'];
const ADJECTIVES = ['riverside', 'hillside', 'corner', 'garden', 'central', 'northern', 'southern', 'old town', 'lakeside', 'station', 'market', 'harbour', 'parkview', 'sunrise'];
const DISTRICTS = ['강남구', '마포구', '서초구', '용산구', '송파구', '종로구', '중구', '성동구', '영등포구', '양천구', '서대문구'];
const STREETS = ['테헤란로', '강남대로', '도산대로', '양화로', '세종대로', '올림픽로', '한강대로', '월드컵로', '성수이로', '동호로', '왕십리로', '국회대로', '목동로', '통일로'];

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

interface Variant {
  status: Status;
  steps: Step[];
  /** Share of applications, in percent. */
  weight: number;
}

/** Histories by final status; (status, number of events) identifies a variant. About 7 events per case on average. */
const VARIANTS: Variant[] = [
  { status: 'received', steps: [], weight: 12 },
  ...[3, 4, 5, 6, 7, 8, 9].map((events): Variant => ({ status: 'in_review', steps: PATH.slice(0, events - 1), weight: 4 })),
  { status: 'awaiting_applicant', steps: [...PATH.slice(0, 5), { type: 'supplement_requested', stage: 2, role: 'case' }], weight: 8 },
  { status: 'approved', steps: [...PATH, { type: 'decision', outcome: 'approved', role: 'case' }], weight: 28 },
  { status: 'approved_with_conditions', steps: [...PATH, { type: 'decision', outcome: 'approved_with_conditions', role: 'case' }], weight: 8 },
  { status: 'rejected', steps: [...PATH.slice(0, 5), { type: 'decision', outcome: 'rejected', role: 'case' }], weight: 8 },
  { status: 'withdrawn', steps: [...PATH.slice(0, 2), { type: 'withdrawn', role: 'case' }], weight: 8 },
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

/** Folds a variant through the real workflow, with seq numbers standing in for times; throws if a step is illegal. */
function foldVariant(v: Variant, stages: ProcedureStage[], caseId: number, consultId: number) {
  const at = (seq: number) => new Date(Date.UTC(2000, 0, 1) + seq * 1000).toISOString();
  const seqOf = (iso: string | null) => (iso === null ? null : (Date.parse(iso) - Date.UTC(2000, 0, 1)) / 1000);
  let state: CaseState = initialState(stages, at(1));
  v.steps.forEach((step, i) => {
    const seq = i + 2;
    const officialId = step.role === 'case' ? caseId : consultId;
    const act = actOf(step, stages, caseId);
    const decided = decide(state, act, at(seq), stages);
    const data: Record<string, unknown> = {};
    if (decided.stage) data.stage = decided.stage;
    if (act.type === 'assigned') data.assignee_id = act.officialId;
    if (act.type === 'decision') data.outcome = act.outcome;
    state = evolve(state, { seq, type: decided.type, occurredAt: at(seq), officialId, data });
  });
  if (state.status !== v.status) throw new Error(`variant ${v.status} folds to ${state.status}`);
  return {
    lastSeq: state.lastSeq,
    assignee: state.assigneeId,
    closed: ['approved', 'approved_with_conditions', 'rejected', 'withdrawn'].includes(state.status),
    state,
    stages: state.stages.map((s) => ({ key: s.key, status: s.status, s: seqOf(s.started_at), c: seqOf(s.completed_at), official_id: s.official_id })),
  };
}

export interface WorldOptions {
  url: string;
  applications: number;
  /** Reuse a populated schema of an earlier run (BENCH_SCHEMA); nothing is generated or dropped. */
  reuseSchema?: string;
  log?: (line: string) => void;
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
  let database: Database | undefined;
  try {
    if (!options.reuseSchema) await admin.query(`CREATE SCHEMA ${schema}`);
    database = await openDatabase({ url: options.url, searchPath, poolSize: 20 });
    const db = database.db;
    // A reused schema is brought up to date too, so that it matches the code being measured.
    await migrateSchema(options.url, schema);
    if (!options.reuseSchema) {
      await createFixture(db);
      await widenWorld(admin);
    }
    const procedures = await loadProcedures(admin);
    const units = (await admin.query<{ code: string }>('SELECT code FROM unit ORDER BY code')).rows.map((r) => r.code);
    const setupMs = performance.now() - started;
    const timings = { setupMs, applicationsMs: 0, privateMs: 0, eventsMs: 0, vacuumAnalyzeMs: 0, totalMs: 0 };

    if (!options.reuseSchema) {
      await admin.query(`SET work_mem = '256MB'`);
      await admin.query(`SET maintenance_work_mem = '512MB'`);
      await prepareTemplates(admin, procedures);
      const t0 = new Date(Math.floor(Date.now() / 1000) * 1000 - 60_000);
      let t = performance.now();
      await insertApplications(admin, options.applications, t0);
      timings.applicationsMs = performance.now() - t;
      log(`  applications: ${options.applications} in ${fmtSec(timings.applicationsMs)}`);
      t = performance.now();
      await admin.query(`
        INSERT INTO application_private (application_id, applicant_name, applicant_email, applicant_phone, fields)
        SELECT id, '신청인 ' || id, 'applicant' || id || '@example.org', '010-' || lpad((id % 10000)::text, 4, '0') || '-' || lpad((id % 9973)::text, 4, '0'),
               jsonb_build_object('business_no', 'BRN-' || lpad(id::text, 9, '0'))
        FROM application ORDER BY id`);
      timings.privateMs = performance.now() - t;
      t = performance.now();
      await insertEvents(admin, t0);
      timings.eventsMs = performance.now() - t;
      await admin.query(`
        INSERT INTO number_counter (jurisdiction_id, year, last)
        SELECT jurisdiction_id, split_part(number, '-', 1)::int, max(split_part(number, '-', 3)::int)
        FROM application GROUP BY 1, 2
        ON CONFLICT (jurisdiction_id, year) DO UPDATE SET last = excluded.last`);
      await admin.query('UPDATE log_sequence SET next_index = (SELECT coalesce(max(log_index) + 1, 0) FROM event)');
      await admin.query('DROP TABLE bench_proc, bench_combo, bench_tpl');
      log(`  events in ${fmtSec(timings.eventsMs)}`);
      t = performance.now();
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
async function widenWorld(c: pg.Client): Promise<void> {
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

async function loadProcedures(c: pg.Client): Promise<BenchProcedure[]> {
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

/** Cumulative lower bounds for width_bucket: [0, w1, w1+w2, ...] as fractions. */
function thresholds(weights: number[]): number[] {
  const total = weights.reduce((a, b) => a + b, 0);
  const out: number[] = [];
  let acc = 0;
  for (const w of weights) {
    out.push(acc / total);
    acc += w;
  }
  return out;
}

/** Per-procedure facts, per (procedure, variant) projections and per-variant event templates, as tables. */
async function prepareTemplates(c: pg.Client, procedures: BenchProcedure[]): Promise<void> {
  const unitIds = new Map((await c.query<{ id: number; code: string }>('SELECT id, code FROM unit')).rows.map((r) => [r.code, r.id]));
  await c.query(`CREATE TABLE bench_proc (pidx int PRIMARY KEY, procedure_id int, code text, unit_id int, case_official int, consult_official int,
    clerk_official int, case_actor jsonb, consult_actor jsonb, clerk_actor jsonb, system_actor jsonb, proc_json jsonb, unit_json jsonb,
    keys text[], objects_ko text[], objects_en text[], fields_json jsonb)`);
  await c.query(`CREATE TABLE bench_combo (pidx int, vidx int, status text, last_seq int, tpl jsonb, assignee int, active_units int[], closed boolean,
    PRIMARY KEY (pidx, vidx))`);
  await c.query(`CREATE TABLE bench_tpl (status text, last_seq int, seq int, type text, stage_idx int, role text, outcome text)`);

  const actorSql = (officialId: number) => `
    SELECT jsonb_build_object('kind', 'official', 'name', jsonb_build_object('ko', o.name_ko, 'en', o.name_en),
      'title', jsonb_build_object('ko', o.title_ko, 'en', o.title_en),
      'unit', jsonb_build_object('code', u.code, 'name', jsonb_build_object('ko', u.name_ko, 'en', u.name_en)))
    FROM official o JOIN unit u ON u.id = o.unit_id WHERE o.id = ${officialId}`;
  const clerk = (await c.query<{ id: number }>(`SELECT id FROM official WHERE login = 'clerk'`)).rows[0]!.id;
  for (const [pidx, p] of procedures.entries()) {
    const def = PROCEDURES.find((d) => d.code === p.code)!;
    await c.query(
      `INSERT INTO bench_proc
       SELECT $1, pr.id, pr.code, pr.unit_id, $2, $3, $4, (${actorSql(p.caseOfficial.id)}), (${actorSql(p.consultOfficial.id)}), (${actorSql(clerk)}),
         jsonb_build_object('kind', 'system', 'unit', jsonb_build_object('code', u.code, 'name', jsonb_build_object('ko', u.name_ko, 'en', u.name_en))),
         jsonb_build_object('code', pr.code, 'version', pr.version, 'name', jsonb_build_object('ko', pr.name_ko, 'en', pr.name_en)),
         jsonb_build_object('code', u.code, 'name', jsonb_build_object('ko', u.name_ko, 'en', u.name_en)),
         $5::text[], $6::text[], $7::text[], $8::jsonb
       FROM procedure pr JOIN unit u ON u.id = pr.unit_id WHERE pr.id = $9`,
      [pidx + 1, p.caseOfficial.id, p.consultOfficial.id, clerk, p.stages.map((s) => s.key), def.objects.map((o) => o[0]), def.objects.map((o) => o[1]),
        JSON.stringify(def.publicFields), p.id],
    );
    for (const [vidx, v] of VARIANTS.entries()) {
      const f = foldVariant(v, p.stages, p.caseOfficial.id, p.consultOfficial.id);
      const units = activeUnits(f.state, p.stages, unitIds.get(p.unitCode)!, unitIds, new Map());
      await c.query(`INSERT INTO bench_combo VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, [
        pidx + 1, vidx + 1, v.status, f.lastSeq, JSON.stringify(f.stages), f.assignee, units, f.closed,
      ]);
    }
  }
  for (const v of VARIANTS) {
    const lastSeq = v.steps.length + 1;
    await c.query(`INSERT INTO bench_tpl VALUES ($1, $2, 1, 'received', NULL, 'receiver', NULL)`, [v.status, lastSeq]);
    for (const [i, s] of v.steps.entries()) {
      await c.query(`INSERT INTO bench_tpl VALUES ($1, $2, $3, $4, $5, $6, $7)`, [v.status, lastSeq, i + 2, s.type, s.stage ?? null, s.role, s.outcome ?? null]);
    }
  }
  await c.query('ANALYZE bench_proc, bench_combo, bench_tpl');
}

/** `to_char` of a case's n-th event time, in the ISO form the domain stores in `stages` JSON. */
const isoAt = (seqExpr: string) =>
  `CASE WHEN ${seqExpr} IS NULL THEN NULL ELSE to_char((x.received_at + ((${seqExpr})::int - 1) * x.gap) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') END`;

const stageJson = (k: number) =>
  `jsonb_build_object('key', c.tpl->${k}->>'key', 'status', c.tpl->${k}->>'status', 'started_at', ${isoAt(`c.tpl->${k}->>'s'`)},
     'completed_at', ${isoAt(`c.tpl->${k}->>'c'`)}, 'official_id', c.tpl->${k}->'official_id')`;

/** Event spacing: up to two days, squeezed for recent cases so that every event lies in the past. */
const GAP = (receivedAt: string) => `date_trunc('second', least(interval '2 days', ($1::timestamptz - ${receivedAt}) / 12))`;

async function insertApplications(c: pg.Client, n: number, t0: Date): Promise<void> {
  const procT = thresholds(PROCEDURES.map((p) => p.weight));
  const varT = thresholds(VARIANTS.map((v) => v.weight));
  await c.query('SELECT setseed(0.4242)');
  await c.query(
    `INSERT INTO application (jurisdiction_id, number, procedure_id, procedure_code, unit_id, title, address, parcel_id, lat, lng, channel,
       status, received_at, closed_at, assigned_official_id, active_unit_ids, stages, last_seq, access_code_hash, updated_at)
     SELECT '${JURISDICTION_ID}',
       x.yr || '-TS-' || lpad((row_number() OVER (PARTITION BY x.yr ORDER BY x.i))::text, 7, '0'),
       p.procedure_id, p.code, p.unit_id,
       ($3::text[])[1 + x.place] || ' ' || p.objects_ko[1 + floor(x.r_obj * array_length(p.objects_ko, 1))::int] || ' · '
         || ($4::text[])[1 + x.place] || ' ' || ($5::text[])[1 + floor(x.r_adj * array_length($5::text[], 1))::int] || ' '
         || p.objects_en[1 + floor(x.r_obj * array_length(p.objects_en, 1))::int],
       '서울특별시 ' || ($6::text[])[1 + floor(x.r_dist * array_length($6::text[], 1))::int] || ' '
         || ($7::text[])[1 + floor(x.r_street * array_length($7::text[], 1))::int] || ' ' || (1 + floor(x.r_no * 400))::int,
       CASE WHEN x.r_parcel < 0.7 THEN '11' || lpad((floor(x.r_parcel * 1e7))::int::text, 8, '0') || '-' || (100 + floor(x.r_no * 899))::int || '-0000' END,
       CASE WHEN x.r_geo < 0.8 THEN round((37.45 + x.r_geo * 0.25)::numeric, 6)::float8 END,
       CASE WHEN x.r_geo < 0.8 THEN round((126.85 + x.r_no * 0.3)::numeric, 6)::float8 END,
       (ARRAY['online', 'counter', 'post', 'api'])[width_bucket(x.r_chan, ARRAY[0, 0.6, 0.85, 0.95]::float8[])],
       c.status, x.received_at,
       CASE WHEN c.closed THEN x.received_at + (c.last_seq - 1) * x.gap END,
       c.assignee, c.active_units,
       jsonb_build_array(${stageJson(0)}, ${stageJson(1)}, ${stageJson(2)}, ${stageJson(3)}),
       c.last_seq, md5('access' || x.i), x.received_at + (c.last_seq - 1) * x.gap
     FROM (
       SELECT g.*, extract(year FROM g.received_at AT TIME ZONE 'Asia/Seoul')::int AS yr, ${GAP('g.received_at')} AS gap
       FROM (
         SELECT i, date_trunc('second', $1::timestamptz - interval '548 days' + (i - random()) * (interval '548 days' / $2::int)) AS received_at,
           random() AS r_proc, random() AS r_var, random() AS r_obj, random() AS r_adj, random() AS r_dist, random() AS r_street,
           random() AS r_no, random() AS r_parcel, random() AS r_geo, random() AS r_chan, floor(random() * ${PLACES_KO.length})::int AS place
         FROM generate_series(1, $2::int) AS i
         OFFSET 0
       ) g
     ) x
     JOIN bench_proc p ON p.pidx = width_bucket(x.r_proc, $8::float8[])
     JOIN bench_combo c ON c.pidx = p.pidx AND c.vidx = width_bucket(x.r_var, $9::float8[])
     ORDER BY x.i`,
    [t0, n, PLACES_KO, PLACES_EN, ADJECTIVES, DISTRICTS, STREETS, procT, varT],
  );
}

async function insertEvents(c: pg.Client, t0: Date): Promise<void> {
  const at = `(a.received_at + (t.seq - 1) * a.gap)`;
  const officialFor = `CASE t.role WHEN 'case' THEN p.case_official WHEN 'consult' THEN p.consult_official
      WHEN 'receiver' THEN CASE WHEN a.channel IN ('counter', 'post') THEN p.clerk_official END END`;
  await c.query(
    `INSERT INTO event (jurisdiction_id, application_id, seq, type, occurred_at, recorded_at, actor_official_id, actor, data, private_data, log_index)
     SELECT a.jurisdiction_id, a.id, t.seq, t.type, ${at},
       -- one act in twenty is entered late (visible as recorded_at > occurred_at)
       ${at} + CASE WHEN (a.id * 7 + t.seq) % 20 = 0 THEN a.gap / 2 ELSE interval '0' END,
       ${officialFor},
       CASE t.role WHEN 'case' THEN p.case_actor WHEN 'consult' THEN p.consult_actor
         ELSE CASE a.channel WHEN 'online' THEN '{"kind":"applicant"}'::jsonb WHEN 'api' THEN p.system_actor ELSE p.clerk_actor END END,
       CASE t.type
         WHEN 'received' THEN jsonb_build_object('procedure', p.proc_json, 'unit', p.unit_json, 'title', a.title,
           'location', jsonb_build_object('address', a.address)
             || CASE WHEN a.parcel_id IS NULL THEN '{}'::jsonb ELSE jsonb_build_object('parcel_id', a.parcel_id) END
             || CASE WHEN a.lat IS NULL THEN '{}'::jsonb ELSE jsonb_build_object('lat', a.lat, 'lng', a.lng) END,
           'channel', a.channel, 'fields', p.fields_json, 'document_count', CASE WHEN a.channel = 'online' THEN 2 ELSE 0 END)
         WHEN 'assigned' THEN jsonb_build_object('assignee', p.case_actor)
         WHEN 'withdrawn' THEN '{}'::jsonb
         WHEN 'decision' THEN jsonb_build_object('stage', CASE WHEN t.outcome = 'rejected' THEN p.keys[2] ELSE p.keys[4] END, 'outcome', t.outcome)
           || CASE t.outcome
                WHEN 'approved_with_conditions' THEN '{"conditions":"Works only on weekdays 08:00-18:00."}'::jsonb
                WHEN 'rejected' THEN '{"reasons":"The site plan breaches the height limit.","redress":"Administrative appeal within 90 days."}'::jsonb
                ELSE '{}'::jsonb END
         ELSE jsonb_build_object('stage', p.keys[t.stage_idx + 1])
       END,
       CASE t.type
         WHEN 'assigned' THEN jsonb_build_object('assignee_id', p.case_official)
         WHEN 'supplement_requested' THEN '{"message":"Please send the revised drawings."}'::jsonb
         ELSE '{}'::jsonb END,
       a.base + t.seq - 1
     FROM (
       SELECT a.*, ${GAP('a.received_at')} AS gap, sum(a.last_seq) OVER (ORDER BY a.id) - a.last_seq AS base
       FROM application a
     ) a
     JOIN bench_proc p ON p.procedure_id = a.procedure_id
     JOIN bench_tpl t ON t.status = a.status AND t.last_seq = a.last_seq`,
    [t0],
  );
}
