import { debarSupplier } from '../commands/contracts/debarSupplier.js';
import { openProcess } from '../commands/contracts/openProcess.js';
import { recordContractAct } from '../commands/contracts/recordContractAct.js';
import { recordAct } from '../commands/recordAct.js';
import { inTransaction } from '../db/repos/cases.js';
import { insertProcurementProcedure } from '../db/repos/contracts.js';
import type { Db } from '../db/types.js';
import type { OfficialActor } from '../domain/actor.js';
import { CONTRACT_STAGES, type ContractAct, type ContractStage, type Method, type ProcurementCategory } from '../domain/contracts.js';
import type { AppError } from '../errors.js';
import type { DemoOrganisation, DemoUnit } from './model.js';
import { buildOrganisation } from './org.js';
import { Rng } from './random.js';
import { DEFAULT_DEMO_SEED } from './seed.js';

/**
 * A year of the demo city's procurement, played through the same commands an officer's forms call (`openProcess`,
 * `recordAct`, `recordContractAct`, `debarSupplier`), each at its own moment of a simulated clock, so every rule and
 * every event is the real one. A process is a plan — its terms, its bids, its award, its amendments — and the player
 * walks it stage by stage until the clock reaches the demo's `now`: a process opened long ago is completed, one opened
 * last week is still in its tender. A later event type is one more step in `playProcess` at its stage.
 */

const DAY = 86_400_000;

/** The departments that buy, with the category they mostly buy. */
const BUYERS: { unit: string; category: ProcurementCategory }[] = [
  { unit: 'HN-TRANSPORT', category: 'works' },
  { unit: 'HN-ENV', category: 'services' },
  { unit: 'HN-CULTURE', category: 'goods' },
  { unit: 'DB-ROADS', category: 'works' },
  { unit: 'SB-ROADS', category: 'works' },
];

const SUPPLIERS = [
  '(주)한빛건설', 'Hanbit Construction Co., Ltd.', '대성토건(주)', 'Daeseong Engineering Inc.', '(주)푸른환경', 'Green Harbour Services Ltd.', '미래문화산업(주)',
  'Seoul Signal Systems Co., Ltd.', '(주)누리조경', 'Haneul Digital Corp.',
];

/** The supplier the demo debars while one of its contracts runs. */
export const DEMO_DEBARRED_SUPPLIER = '(주)부실건설';
/** The supplier that wins most of the transport division's contracts (a planted concentration). */
const FAVOURED = '대성토건(주)';

const TITLES: Record<ProcurementCategory, [string, string][]> = {
  works: [
    ['하늘대로 도로 포장 보수 공사', 'Haneul-daero resurfacing works'], ['보행자 육교 내진 보강 공사', 'Footbridge seismic retrofit'],
    ['버스정류장 쉘터 설치 공사', 'Bus shelter installation works'], ['하천 산책로 정비 공사', 'Riverside path works'], ['공영주차장 방수 공사', 'Public car park waterproofing'],
  ],
  services: [
    ['생활폐기물 수집·운반 용역', 'Household waste collection services'], ['대기질 측정망 유지관리 용역', 'Air quality network maintenance'],
    ['공원 수목 관리 용역', 'Park tree care services'], ['탄소중립 실행계획 수립 용역', 'Carbon neutrality plan study'],
  ],
  goods: [
    ['시립도서관 도서 구입', 'Books for the city library'], ['축제 무대 음향장비 구매', 'Festival stage sound equipment'],
    ['박물관 전시 조명 구매', 'Museum exhibition lighting'], ['관광안내소 키오스크 구매', 'Tourist office kiosks'],
  ],
};

/** One process of the demo: its terms and how it goes. Amounts in won. */
export interface ProcessPlan {
  unit: string;
  title: string;
  category: ProcurementCategory;
  method: Method;
  estimate: number;
  /** Days before the demo's `now` the process was opened. */
  age: number;
  /** Bids as shares of the estimate (competitive methods); the winner is the lowest. */
  bids: { supplier: string; share: number }[];
  /** A direct award's supplier and share of the estimate. */
  direct?: { supplier: string; share: number };
  /** Shares of the signed value each amendment brings it to, with its reason. */
  amendments: { share: number; reason: string }[];
  /** Working the award stage this many days (5 is on time). */
  awardDays: number;
  /** Withdrawn (cancelled) at this stage instead of going on. */
  withdrawnAt?: ContractStage;
}

/** The plans of the demo's processes: the full demo's year, or the small demo's handful. */
export function planContracts(size: 'full' | 'small'): ProcessPlan[] {
  const plans: ProcessPlan[] = [];
  const count = size === 'full' ? 24 : 8;
  for (let i = 0; i < count; i++) {
    const buyer = BUYERS[i % BUYERS.length]!;
    const titles = TITLES[buyer.category];
    const [ko, en] = titles[Math.floor(i / BUYERS.length) % titles.length]!;
    const method: Method = i % 7 === 3 ? 'direct' : i % 5 === 2 ? 'limited' : i % 6 === 4 ? 'selective' : 'open';
    const estimate = (buyer.category === 'works' ? 300 + ((i * 37) % 500) : 40 + ((i * 13) % 150)) * 1_000_000;
    const bidders = 2 + (i % 3);
    plans.push({
      unit: buyer.unit, title: `${ko} (${en})`, category: buyer.category, method, estimate,
      // From 350 days ago to last week, so every stage has processes in it now.
      age: size === 'full' ? 350 - Math.floor((i * 343) / count) : [2, 9, 18, 27, 40, 75, 110, 160][i]!,
      bids: Array.from({ length: bidders }, (_, b) => ({ supplier: SUPPLIERS[(i + b * 3) % SUPPLIERS.length]!, share: 0.86 + (((i + 1) * (b + 2) * 7) % 12) / 100 })),
      direct: method === 'direct' ? { supplier: SUPPLIERS[(i + 4) % SUPPLIERS.length]!, share: 0.9 } : undefined,
      amendments: i % 4 === 1 ? [{ share: 1.08, reason: '설계 변경에 따른 물량 증가 / More quantities after a design change' }] : [],
      awardDays: 3,
      withdrawnAt: i % 11 === 10 ? 'evaluation' : undefined,
    });
  }
  return [...plans, ...plantedContracts(size)];
}

/** Processes whose records raise the red flags auditors review: one of each kind the events can show. */
function plantedContracts(size: 'full' | 'small'): ProcessPlan[] {
  const base: Pick<ProcessPlan, 'amendments' | 'awardDays' | 'bids'> = { amendments: [], awardDays: 3, bids: [] };
  const planted: ProcessPlan[] = [
    // One bid in an open tender.
    { ...base, unit: 'HN-CULTURE', title: '시립미술관 수장고 항온항습기 구매 (Museum storage climate units)', category: 'goods', method: 'open', estimate: 180_000_000, age: 150,
      bids: [{ supplier: '미래문화산업(주)', share: 0.99 }] },
    // Awarded 12% above the estimate.
    { ...base, unit: 'DB-ROADS', title: '동부 제2교 보수 공사 (Dongbu Second Bridge repairs)', category: 'works', method: 'open', estimate: 600_000_000, age: 170,
      bids: [{ supplier: 'Hanbit Construction Co., Ltd.', share: 1.12 }, { supplier: '(주)누리조경', share: 1.19 }] },
    // Amendments raising the value by 38%; awarded to the supplier debarred while it runs.
    { ...base, unit: 'SB-ROADS', title: '서부 하수관로 정비 공사 (Seobu sewer renewal works)', category: 'works', method: 'open', estimate: 800_000_000, age: 200,
      bids: [{ supplier: DEMO_DEBARRED_SUPPLIER, share: 0.88 }, { supplier: '(주)한빛건설', share: 0.93 }],
      amendments: [{ share: 1.15, reason: '지하 매설물 추가 발견 / Unrecorded pipes found underground' }, { share: 1.38, reason: '공사 구간 연장 / The works extended by 300 m' }] },
    // A direct award of works just under the open-tender threshold.
    { ...base, unit: 'HN-ENV', title: '소공원 조성 공사 (Pocket park works)', category: 'works', method: 'direct', estimate: 199_000_000, age: 120,
      direct: { supplier: '(주)누리조경', share: 0.985 } },
    // An award long after the award stage was due.
    { ...base, unit: 'HN-TRANSPORT', title: '교통신호 제어기 교체 (Traffic signal controllers)', category: 'goods', method: 'open', estimate: 350_000_000, age: 140, awardDays: 14,
      bids: [{ supplier: 'Seoul Signal Systems Co., Ltd.', share: 0.95 }, { supplier: FAVOURED, share: 0.97 }] },
  ];
  // The transport division's favourite wins most of its contracts of the year (full demo only: it needs many awards).
  if (size === 'full') {
    for (const [k, [ko, en]] of ([['교차로 개선 공사', 'Junction improvement works'], ['자전거도로 확충 공사', 'Cycle lane extension'], ['보도 턱 낮춤 공사', 'Kerb lowering works']] as const).entries()) {
      planted.push({ ...base, unit: 'HN-TRANSPORT', title: `${ko} (${en})`, category: 'works', method: 'open', estimate: 420_000_000 + k * 50_000_000, age: 300 - k * 60,
        bids: [{ supplier: FAVOURED, share: 0.87 }, { supplier: '(주)한빛건설', share: 0.94 }, { supplier: 'Hanbit Construction Co., Ltd.', share: 0.96 }] });
    }
  }
  return planted;
}

/** Minimum tender periods in calendar days the player gives each method, comfortably above the working-day minimums. */
const TENDER_DAYS: Record<Method, number> = { open: 24, selective: 18, limited: 14, direct: 0 };

/** The officer who works a department's processes: its first official, else its head. */
function officerOf(unit: DemoUnit): OfficialActor {
  const o = unit.staff[0] ?? unit.supervisor;
  return { kind: 'official', id: o.id, login: o.login, jurisdictionId: o.jurisdictionId, unitId: o.unitId, unitCode: o.unitCode, roles: o.roles };
}

/** Creates each buying department's procurement procedure. */
export async function writeProcurementProcedures(db: Db, org: DemoOrganisation): Promise<void> {
  await inTransaction(db, async (trx) => {
    for (const b of BUYERS) {
      const unit = org.unitsByCode.get(b.unit)!;
      await insertProcurementProcedure(trx, { jurisdictionId: unit.jurisdiction.id, unitId: unit.id, code: `contracts-${b.unit.toLowerCase()}`, unitName: unit.name });
    }
  });
}

/**
 * Plays every plan up to `now` through the commands, then debars the demo's debarred supplier from a day after its
 * award, while its contract runs. Returns the processes' numbers.
 */
/**
 * Plays every plan in turn. `giveWay`, when given, is awaited before each act: a demo recording its procurement while
 * it serves lets the visitors' requests go first.
 */
export async function playContracts(db: Db, org: DemoOrganisation, plans: readonly ProcessPlan[], now: number, giveWay?: () => Promise<void>): Promise<string[]> {
  const numbers: string[] = [];
  let debarFrom: number | null = null;
  for (const plan of plans) {
    await giveWay?.();
    const { number, awardedAt } = await playProcess(db, org, plan, now, giveWay);
    numbers.push(number);
    if (plan.bids[0]?.supplier === DEMO_DEBARRED_SUPPLIER && awardedAt) debarFrom = awardedAt + 20 * DAY;
  }
  if (debarFrom !== null && debarFrom < now) {
    const head = org.unitsByCode.get('SB-ROADS')!.supervisor;
    const date = (ms: number) => new Date(ms + 9 * 3_600_000).toISOString().slice(0, 10);
    await debarSupplier(db, {
      supplierName: DEMO_DEBARRED_SUPPLIER, reason: '입찰 담합 확인 / Collusion with other bidders established by the Fair Trade Commission',
      decision: '서부구 계약심의 2026-4호 / Seobu-gu contract review decision 2026-4', startsOn: date(debarFrom), endsOn: date(debarFrom + 540 * DAY),
      actor: { kind: 'official', id: head.id, login: head.login, jurisdictionId: head.jurisdictionId, unitId: head.unitId, unitCode: head.unitCode, roles: head.roles },
    });
  }
  return numbers;
}

/** Plays one process stage by stage, each act at its moment, stopping at the first moment past `now`. */
async function playProcess(db: Db, org: DemoOrganisation, plan: ProcessPlan, now: number, giveWay?: () => Promise<void>): Promise<{ number: string; awardedAt: number | null }> {
  const unit = org.unitsByCode.get(plan.unit)!;
  const actor = officerOf(unit);
  let at = now - plan.age * DAY;
  let awardedAt: number | null = null;
  const { number } = await openProcess(db, {
    jurisdictionCode: unit.jurisdiction.code, procedureCode: `contracts-${plan.unit.toLowerCase()}`, title: plan.title, place: pickPlace(unit), category: plan.category,
    method: plan.method, estimatedAmount: String(plan.estimate), currency: 'KRW', actor, now: new Date(at),
  });
  /** Runs a step `days` later unless that is past `now`; false once the clock has caught up. */
  const step = async (days: number, run: (when: Date) => Promise<unknown>) => {
    const next = at + days * DAY;
    if (next > now - 3_600_000) return false;
    at = next;
    await giveWay?.();
    try {
      await run(new Date(at));
    } catch (error) {
      throw new Error(`demo process ${number} (${plan.title}) at ${new Date(at).toISOString()}: ${(error as Error).message}`, { cause: error });
    }
    return true;
  };
  /** A stage act; a stage that ran past its due date (a weekend, a holiday) gets its delay reason first, as an officer must. */
  const stage = (type: 'stage_started' | 'stage_completed', key: string) => async (when: Date) => {
    try {
      await recordAct(db, { number, act: { type, stage: key }, actor, now: when });
    } catch (error) {
      if (type !== 'stage_completed' || (error as AppError).key !== 'error.delay_reason_required') throw error;
      await recordAct(db, { number, act: { type: 'delay_reason_given', stage: key, reason: '휴일 및 서류 보완 / Holidays and missing papers' }, actor, now: when });
      await recordAct(db, { number, act: { type, stage: key }, actor, now: when });
    }
  };
  const act = (a: ContractAct) => (when: Date) => recordContractAct(db, { number, act: a, actor, now: when });
  const krw = (share: number) => ({ amount: Math.round((plan.estimate * share) / 1000) * 1000, currency: 'KRW' });
  const lowest = [...plan.bids.keys()].sort((a, b) => plan.bids[a]!.share - plan.bids[b]!.share)[0] ?? 0;
  let signed = 0;
  for (const key of CONTRACT_STAGES) {
    if (!(await step(key === 'planning' ? 0.1 : 0.2, stage('stage_started', key)))) return { number, awardedAt };
    if (plan.withdrawnAt === key) {
      await step(2, (when) => recordAct(db, { number, act: { type: 'withdrawn' }, actor, now: when }));
      return { number, awardedAt };
    }
    const competitive = plan.method !== 'direct';
    let days = 2;
    switch (key) {
      case 'tender':
        if (!competitive) break;
        {
          const tenderEnd = new Date(at + (0.5 + TENDER_DAYS[plan.method]) * DAY);
          if (!(await step(0.5, act({ type: 'tender_published', tenderEnd: tenderEnd.toISOString() })))) return { number, awardedAt };
          for (const bid of plan.bids) {
            if (!(await step(TENDER_DAYS[plan.method] / (plan.bids.length + 1), act({ type: 'bid_received', bidder: { name: bid.supplier }, value: krw(bid.share), integrityPact: true })))) return { number, awardedAt };
          }
          days = Math.max(0.2, (tenderEnd.getTime() - at) / DAY + 0.1);
        }
        break;
      case 'bid_opening':
        if (competitive && !(await step(0.1, act({ type: 'bids_opened' })))) return { number, awardedAt };
        days = 0.2;
        break;
      case 'evaluation':
        if (competitive && !(await step(3, act({
          type: 'bids_evaluated',
          scores: plan.bids.map((b, k) => ({ bid: k + 1, score: Math.round(100 - (b.share - 0.85) * 100), reason: '가격 및 기술 평가 / Price and technical merit' })),
        })))) return { number, awardedAt };
        break;
      case 'award': {
        const value = competitive ? krw(plan.bids[lowest]!.share) : krw(plan.direct!.share);
        const supplier = competitive ? plan.bids[lowest]!.supplier : plan.direct!.supplier;
        const done = await step(plan.awardDays, act({ type: 'awarded', bid: competitive ? lowest + 1 : null, supplier: { name: supplier }, value, reasons: '최저가 적격 낙찰 / Lowest compliant offer' }));
        if (!done) return { number, awardedAt };
        awardedAt = at;
        // An award stage worked past its due date cannot close without the reason on the record.
        if (plan.awardDays > 5 && !(await step(0.1, (when) => recordAct(db, { number, act: { type: 'delay_reason_given', stage: 'award', reason: '입찰자 이의 검토 / Reviewing a bidder’s objection' }, actor, now: when })))) {
          return { number, awardedAt };
        }
        break;
      }
      case 'standstill':
        days = 5;
        break;
      case 'contract': {
        const value = competitive ? krw(plan.bids[lowest]!.share) : krw(plan.direct!.share);
        if (!(await step(2, act({ type: 'contract_signed', value })))) return { number, awardedAt };
        signed = value.amount;
        break;
      }
      case 'implementation':
        for (const a of plan.amendments) {
          if (!(await step(25, act({ type: 'contract_amended', reason: a.reason, value: { amount: Math.round((signed * a.share) / 1000) * 1000, currency: 'KRW' } })))) return { number, awardedAt };
        }
        await step(45, (when) => recordAct(db, { number, act: { type: 'decision', outcome: 'approved', reasons: '준공 검사 완료 / Completion inspection passed' }, actor, now: when }));
        return { number, awardedAt };
      default:
        break;
    }
    if (!(await step(days, stage('stage_completed', key)))) return { number, awardedAt };
  }
  return { number, awardedAt };
}

function pickPlace(unit: DemoUnit): string {
  return `${unit.name.ko} 관내 (${unit.name.en})`;
}

/**
 * Seeds the demo city's year of procurement into a database `seedDemo` has just filled: the buying departments'
 * procedures, then every plan played through the commands. Kept apart from `seedDemo`, whose bulk-written applications
 * the seed's own checks count, and run by the CLI right after it.
 */
export async function seedDemoContracts(
  db: Db,
  options: { size: 'full' | 'small'; seed?: number; now?: Date; giveWay?: () => Promise<void> },
): Promise<{ processes: number }> {
  const now = (options.now ?? new Date()).getTime();
  const org = buildOrganisation(new Rng(options.seed ?? DEFAULT_DEMO_SEED).fork('organisation'), now);
  await writeProcurementProcedures(db, org);
  return { processes: (await playContracts(db, org, planContracts(options.size), now, options.giveWay)).length };
}
