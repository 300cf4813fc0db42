import type { PublicActor } from '../db/schema.js';
import type { Channel } from '../domain/types.js';
import { mayRegister } from '../policies/index.js';
import { DAY_MS, MINUTE_MS, atLocal, isWorkingDay, localDay, officeMomentAfter, officeMomentOn } from './calendar.js';
import { DISTRICTS, type JurisdictionCode, type ProcedureTemplate } from './catalogue.js';
import type { CasePlan, Outcome, Stall } from './history.js';
import type { DemoOrganisation, DemoProcedure } from './model.js';
import { NAME_STEMS, applicant, type Applicant } from './people.js';
import type { Rng } from './random.js';
import { fill } from './texts.js';

/** What each demo application is: which procedure, when and how it came in, where, by whom, and its fate. */

export interface ApplicationSpec {
  jurisdiction: JurisdictionCode;
  code: string;
  receivedAt: number;
  channel: Channel;
  plan: CasePlan;
  lang: 'ko' | 'en';
  /** The applicant, when a planted pattern needs the same one on several cases; else a draw. */
  applicant?: Applicant;
}

export interface ApplicationDraft {
  spec: ApplicationSpec;
  procedure: DemoProcedure;
  recordedAt: number;
  title: string;
  address: string;
  parcelId: string | null;
  lat: number | null;
  lng: number | null;
  publicFields: Record<string, string>;
  privateFields: Record<string, string>;
  applicant: Applicant;
  receivedActor: PublicActor;
  receivedActorOfficialId: number | null;
  documents: { kind: string; filename: string }[];
}

const WINDOW_DAYS = 548; // eighteen months
const FULL_COUNT = 2100;
const CITY_WEIGHT = 2;

/** A plan with nothing unusual: approved at a normal pace. Scenarios and the random draw start from it. */
export function basePlan(overrides: Partial<CasePlan> = {}): CasePlan {
  return {
    outcome: 'approved',
    atStage: -1,
    withdrawWhileAwaiting: false,
    supplements: 0,
    consult: false,
    extraInspection: false,
    reassignAtStage: null,
    selfAssign: false,
    pace: 1,
    stall: null,
    systemActs: false,
    transfers: 0,
    ...overrides,
  };
}

/** Receipt instant for a channel near `base`: counters and systems work office hours; post arrives mornings. */
export function receiptMoment(base: number, channel: Channel, rng: Rng, now: number): number {
  const day = localDay(base);
  let at: number;
  if (channel === 'online') {
    // People file online mostly in the day, often in the evening, rarely before breakfast.
    const [from, to] = rng.weighted<[number, number]>([[[7 * 60, 9 * 60], 1], [[9 * 60, 18 * 60], 5], [[18 * 60, 24 * 60 - 1], 2]]);
    at = atLocal(day, rng.int(from, to), rng.int(0, 59));
  } else if (channel === 'post') {
    let d = day;
    while (!isWorkingDay(d)) d--;
    at = atLocal(d, rng.int(9 * 60, 11 * 60), 0);
  } else at = officeMomentOn(day, rng);
  return at < now ? at : now - rng.int(5, 90) * MINUTE_MS;
}

function randomPlan(rng: Rng, template: ProcedureTemplate, stageCount: number, channel: Channel, stalled: boolean): CasePlan {
  const outcome = rng.weighted<Outcome>([['approved', 58], ['approved_with_conditions', 17], ['rejected', 13], ['withdrawn', 9]]);
  const withdrawWhileAwaiting = outcome === 'withdrawn' && rng.chance(0.35);
  const plan = basePlan({
    outcome,
    atStage: outcome === 'rejected' ? (rng.chance(0.4) ? rng.int(0, stageCount - 2) : stageCount - 1) : rng.int(0, stageCount - 1),
    withdrawWhileAwaiting,
    supplements: withdrawWhileAwaiting ? 1 : rng.weighted([[0, 72], [1, 22], [2, 6]]),
    consult: template.consults.length > 0 && rng.chance(0.25),
    extraInspection: rng.chance(0.2),
    reassignAtStage: rng.chance(0.05) ? rng.int(0, stageCount - 1) : null,
    selfAssign: rng.chance(0.3),
    pace: rng.weighted([[rng.float(0.35, 0.9), 55], [rng.float(0.9, 1.4), 33], [rng.float(1.6, 3.2), 12]]),
    systemActs: channel === 'api' && rng.chance(0.5),
  });
  if (stalled) {
    // Left hanging: open cases that went quiet, which the overdue reports and the auditor should surface.
    const stall = rng.weighted<Stall>([
      [{ after: 'received' }, 2],
      [{ after: 'assigned' }, 2],
      [{ after: 'stage_started', count: rng.int(1, Math.max(1, stageCount - 1)) }, 4],
      [{ after: 'supplement_requested' }, 3],
      [{ after: 'consultation_requested' }, template.consults.length > 0 ? 2 : 0],
    ]);
    plan.stall = stall;
    plan.outcome = 'approved';
    if (stall.after === 'supplement_requested') plan.supplements = Math.max(1, plan.supplements);
    if (stall.after === 'consultation_requested') plan.consult = true;
  }
  return plan;
}

/** About 2,100 applications over the eighteen months before `now`, busier towards the present. */
export function fullSpecs(rng: Rng, org: DemoOrganisation, now: number): ApplicationSpec[] {
  const choices: (readonly [DemoProcedure, number])[] = org.procedures
    .filter((p) => p.isCurrent)
    .map((p) => [p, p.template.weight * (p.jurisdiction.code === 'HN' ? CITY_WEIGHT : 1)] as const);
  const specs: ApplicationSpec[] = [];
  const start = now - WINDOW_DAYS * DAY_MS;
  for (let i = 0; i < FULL_COUNT; i++) {
    // Volume grows by half over the window: density 0.8 + 0.4x, sampled by its inverse distribution.
    const u = rng.next();
    const x = (-0.8 + Math.sqrt(0.64 + 0.8 * u)) / 0.4;
    const channel = rng.weighted<Channel>([['online', 55], ['counter', 28], ['post', 8], ['api', 9]]);
    const receivedAt = receiptMoment(start + x * (now - start), channel, rng, now);
    const current = rng.weighted(choices);
    const procedure = versionAt(org, current.jurisdiction.code, current.code, receivedAt);
    specs.push({
      jurisdiction: current.jurisdiction.code,
      code: current.code,
      receivedAt,
      channel,
      lang: rng.chance(0.75) ? 'ko' : 'en',
      plan: { ...randomPlan(rng, current.template, procedure.stages.length, channel, i % 45 === 7), transfers: i % 97 === 50 ? 1 + (Math.floor(i / 97) % 3) : 0 },
    });
  }
  return specs;
}

/**
 * A dozen hand-picked applications that between them show every status, both districts' name settings,
 * parallel consultations, a supplement, a reassignment, a late entry and each channel.
 */
export function smallSpecs(rng: Rng, now: number): ApplicationSpec[] {
  const ago = (days: number, channel: Channel) => receiptMoment(now - days * DAY_MS, channel, rng, now);
  const spec = (jurisdiction: JurisdictionCode, code: string, days: number, channel: Channel, lang: 'ko' | 'en', plan: Partial<CasePlan>): ApplicationSpec => ({
    jurisdiction,
    code,
    receivedAt: ago(days, channel),
    channel,
    lang,
    plan: basePlan(plan),
  });
  return [
    spec('DB', 'building-permit', 150, 'online', 'ko', { outcome: 'approved_with_conditions', supplements: 1, consult: true }),
    spec('DB', 'food-restaurant-licence', 320, 'counter', 'ko', { selfAssign: true }),
    spec('SB', 'road-occupancy-permit', 120, 'online', 'en', { extraInspection: true, reassignAtStage: 1 }),
    spec('SB', 'outdoor-advertising-permit', 110, 'post', 'ko', { outcome: 'rejected', atStage: 1 }),
    spec('HN', 'traffic-impact-assessment', 160, 'api', 'en', { outcome: 'rejected', atStage: 3, systemActs: true }),
    spec('DB', 'estate-agent-registration', 90, 'online', 'ko', { outcome: 'withdrawn', withdrawWhileAwaiting: true, supplements: 1 }),
    spec('SB', 'tobacco-retail-designation', 95, 'counter', 'ko', { outcome: 'withdrawn', atStage: 0 }),
    spec('HN', 'redevelopment-plan-approval', 60, 'online', 'ko', { pace: 0.6, stall: { after: 'stage_started', count: 4 } }),
    spec('DB', 'land-form-change', 25, 'online', 'en', { pace: 0.5, consult: true, stall: { after: 'consultation_requested' } }),
    spec('SB', 'food-restaurant-licence', 21, 'online', 'ko', { pace: 0.5, supplements: 1, stall: { after: 'supplement_requested' } }),
    { ...spec('DB', 'building-use-approval', 0, 'online', 'ko', { stall: { after: 'received' } }), receivedAt: now - 2 * 3_600_000 },
    spec('SB', 'clinic-opening', 6, 'counter', 'en', { stall: { after: 'assigned' } }),
    // Delay accountability: a slow case with delay reasons and a supervisor's extension; ping-pong transfers, one
    // escalated at the third and left with the other department, one brought home and decided.
    spec('DB', 'building-permit', 200, 'online', 'en', { pace: 2.8 }),
    spec('SB', 'road-occupancy-permit', 40, 'online', 'en', { transfers: 3 }),
    spec('DB', 'food-restaurant-licence', 140, 'counter', 'ko', { transfers: 2 }),
  ];
}

/** The version of a procedure in force at a moment. */
export function versionAt(org: DemoOrganisation, jurisdiction: JurisdictionCode, code: string, at: number): DemoProcedure {
  let found: DemoProcedure | undefined;
  for (const p of org.procedures) {
    if (p.jurisdiction.code === jurisdiction && p.code === code && p.validFrom <= at && (!found || p.version > found.version)) found = p;
  }
  if (!found) throw new Error(`demo: no version of ${jurisdiction}/${code} in force at ${new Date(at).toISOString()}`);
  return found;
}

/** Fills in an application's public and private particulars and who registered it. */
export function draftApplication(rng: Rng, org: DemoOrganisation, spec: ApplicationSpec, now: number): ApplicationDraft {
  const procedure = versionAt(org, spec.jurisdiction, spec.code, spec.receivedAt);
  const t = procedure.template;
  const lang = spec.lang;
  const district = spec.jurisdiction === 'HN' ? rng.pick(DISTRICTS) : DISTRICTS.find((d) => d.code === spec.jurisdiction)!;
  const road = rng.pick(district.roads);
  const dong = rng.pick(district.dongs);
  const no = rng.int(1, 480);
  const lot = rng.int(1, 999);
  const kind = t.businessKinds ? rng.pick(t.businessKinds) : null;
  const stem = rng.pick(NAME_STEMS);
  const business = kind ? { ko: stem[0] + kind.ko, en: `${stem[1]} ${kind.en}` } : null;

  const publicFields: Record<string, string> = {};
  const privateFields: Record<string, string> = {};
  for (const f of t.fields) {
    if (!f.required && !rng.chance(0.7)) continue;
    const value = f.value({ rng, lang, business, kind }).trim();
    if (value) (f.public ? publicFields : privateFields)[f.key] = value;
  }

  const placeholders: Record<string, string> = {
    district: district.name[lang],
    road: road[lang],
    no: String(no),
    dong: dong[lang],
    biz: business?.[lang] ?? '',
    n: String(t.category === 'housing' ? rng.int(1, 12) : lot),
  };
  for (const [key, value] of Object.entries(publicFields)) {
    placeholders[key] = value;
    placeholders[`${key}_lc`] = value.charAt(0).toLowerCase() + value.slice(1);
  }
  const [titleKo, titleEn] = rng.pick(t.titles);
  const title = fill(lang === 'ko' ? titleKo : titleEn, placeholders);
  const floor = rng.chance(0.3) ? rng.int(1, 5) : null;
  const address =
    lang === 'ko'
      ? `하늘특별시 ${district.name.ko} ${road.ko} ${no}${floor ? `, ${floor}층` : ''}`
      : `${no} ${road.en}${floor ? `, ${floor}F` : ''}, ${district.name.en}, Haneul`;
  const parcelId = rng.chance(0.7) ? `${dong[lang]} ${lot}-${rng.int(1, 40)}` : null;
  const mapped = rng.chance(t.mapped ?? 0.88);
  const lat = mapped ? Math.round(rng.float(district.lat[0], district.lat[1]) * 1e6) / 1e6 : null;
  const lng = mapped ? Math.round(rng.float(district.lng[0], district.lng[1]) * 1e6) / 1e6 : null;


  let receivedActor: PublicActor = { kind: 'applicant' };
  let receivedActorOfficialId: number | null = null;
  let recordedAt = spec.receivedAt;
  if (spec.channel === 'counter' || spec.channel === 'post') {
    const civil = org.unitsByCode.get(`${spec.jurisdiction}-CIVIL`)!;
    const clerks = civil.members.filter((o) => o.roles.includes('clerk'));
    const clerk = clerks.length > 0 && rng.chance(0.9) ? rng.pick(clerks) : civil.supervisor;
    mayRegister({ kind: 'official', id: clerk.id, login: clerk.login, jurisdictionId: clerk.jurisdictionId, unitId: clerk.unitId, unitCode: clerk.unitCode, roles: clerk.roles }, { unitId: procedure.unit.id, jurisdictionId: procedure.jurisdiction.id });
    receivedActor = clerk.actor;
    receivedActorOfficialId = clerk.id;
    // Counter staff type the application in while the applicant waits; post is opened and entered later.
    recordedAt = spec.channel === 'counter' ? spec.receivedAt + rng.int(2, 20) * MINUTE_MS : officeMomentAfter(spec.receivedAt, rng, 0, 2);
  } else if (spec.channel === 'api') {
    const onBehalf = procedure.unit.staff.length > 0 && rng.chance(0.3) ? rng.pick(procedure.unit.staff) : null;
    receivedActor = onBehalf ? onBehalf.actor : procedure.unit.systemActor;
    receivedActorOfficialId = onBehalf?.id ?? null;
  }
  recordedAt = Math.min(recordedAt, now);

  const withFiles = spec.channel === 'online' || spec.channel === 'api' || (spec.channel === 'counter' && rng.chance(0.3));
  const documents = withFiles
    ? t.documents.filter((d) => d.required || rng.chance(0.4)).map((d) => ({ kind: d.key, filename: `${d.key}.pdf` }))
    : [];

  return {
    spec,
    procedure,
    recordedAt,
    title,
    address,
    parcelId,
    lat,
    lng,
    publicFields,
    privateFields,
    applicant: spec.applicant ?? applicantUnlikeOfficials(rng, org, lang),
    receivedActor,
    receivedActorOfficialId,
    documents,
  };
}

/** An applicant whose name is no official's: a published actor must never carry an applicant's name, even by chance. */
export function applicantUnlikeOfficials(rng: Rng, org: DemoOrganisation, lang: 'ko' | 'en'): Applicant {
  const names = new Set(org.officials.flatMap((o) => [o.name.ko, o.name.en]));
  for (;;) {
    const a = applicant(rng, lang);
    if (!names.has(a.name)) return a;
  }
}
