import type { PublicActor } from '../db/schema.js';
import type { Localized, ProcedureStage, Role } from '../domain/types.js';
import { atLocal, localDay } from './calendar.js';
import { CITY_UNITS, DISTRICT_UNITS, JURISDICTIONS, L, type JurisdictionDef, type ProcedureTemplate } from './catalogue.js';
import type { DemoOfficial, DemoOrganisation, DemoProcedure, DemoUnit } from './model.js';
import { inCityLanguages } from './languages.js';
import { officialNameInCityLanguages } from './officialNames.js';
import { koreanName } from './people.js';
import { CITY_PROCEDURES } from './procedures-city.js';
import { DISTRICT_PROCEDURES } from './procedures-district.js';
import type { Rng } from './random.js';

/** Builds the demo organisation in memory: units, officials with memorable logins, and the procedure catalogue. */

const HEAD = L('과장', 'Head of division');
const TEAM_LEADER = L('팀장', 'Team leader');
const OFFICER = L('주무관', 'Officer');
const INSPECTOR = L('감사관', 'Inspector');
/** The reporting channel's demo staff: two investigators, a custodian of reporters' identities, and the head of office. */
const REPORTING_STAFF: [string, Role[], Localized, Localized][] = [
  ['investigator', ['investigator'], L('정조사', 'Jeong Jo-sa'), L('조사관', 'Investigator')],
  ['investigator2', ['investigator'], L('한조사', 'Han Jo-sa'), L('조사관', 'Investigator')],
  ['custodian', ['custodian'], L('서보관', 'Seo Bo-gwan'), L('신원 관리관', 'Custodian')],
  ['mayor', ['head'], L('하늘시장', 'Mayor of Haneul'), L('시장', 'Mayor')],
];

/** How long before `now` the demo catalogue was set up, and when the newer procedure versions took effect. */
const CATALOGUE_AGE_DAYS = 3 * 365;
const NEW_VERSION_AGE_DAYS = 270;

/** Counter staff per jurisdiction: login names in the order the summary lists them. */
const CLERKS: Record<string, string[]> = { DB: ['clerk', 'clerk2'], SB: ['clerk3'], HN: ['clerk4'] };

/**
 * An official's name and title in the languages the jurisdiction offers: the city's in all seven (a name explicitly
 * translated, like the mayor's, or transliterated), the districts' in Korean and English only, as
 * `officialPublicActor` reads them from the rows the demo writes.
 */
function inLanguagesOf(jurisdiction: JurisdictionDef, name: Localized, title: Localized): [Localized, Localized] {
  if (jurisdiction.code !== CITY_CODE) return [name, title];
  const translated = inCityLanguages(name);
  return [translated === name ? officialNameInCityLanguages(name) : translated, inCityLanguages(title)];
}

/** A department's name in the languages its jurisdiction offers, as `writeOrganisation` stores it. */
function unitNameIn(jurisdiction: JurisdictionDef, name: Localized): Localized {
  return jurisdiction.code === CITY_CODE ? inCityLanguages(name) : name;
}

/** The demo city, which offers all seven languages; the districts offer Korean and English. */
const CITY_CODE = 'HN';

export function officialActor(jurisdiction: JurisdictionDef, unit: { code: string; name: Localized }, name: Localized, title: Localized): PublicActor {
  const actor: PublicActor = { kind: 'official', title, unit: { code: unit.code, name: unit.name } };
  if (jurisdiction.showOfficialNames) actor.name = name;
  return actor;
}

export function buildOrganisation(rng: Rng, now: number): DemoOrganisation {
  const createdAt = atLocal(localDay(now) - CATALOGUE_AGE_DAYS, 9 * 60);
  const units: DemoUnit[] = [];
  const officials: DemoOfficial[] = [];
  const usedNames = new Set<string>();

  const newName = (): Localized => {
    for (;;) {
      const name = koreanName(rng);
      if (!usedNames.has(name.ko)) {
        usedNames.add(name.ko);
        return name;
      }
    }
  };

  for (const j of JURISDICTIONS) {
    const defs = j.code === 'HN' ? CITY_UNITS : DISTRICT_UNITS;
    defs.forEach((def, index) => {
      const code = `${j.code}-${def.suffix}`;
      const unitId = units.length + 1;
      const addOfficial = (login: string, roles: Role[], givenTitle: Localized): DemoOfficial => {
        const [name, title] = inLanguagesOf(j, newName(), givenTitle);
        const official: DemoOfficial = {
          id: officials.length + 1,
          login,
          jurisdictionId: j.id,
          unitId,
          unitCode: code,
          roles,
          name,
          title,
          actor: officialActor(j, { code, name: unitNameIn(j, def.name) }, name, title),
          lateRate: 0.025,
        };
        officials.push(official);
        return official;
      };
      const prefix = `${j.code}.${def.suffix}`.toLowerCase();
      const supervisor = addOfficial(`${prefix}.head`, ['supervisor'], HEAD);
      const staff: DemoOfficial[] = [];
      for (let k = 1; k <= def.officials; k++) {
        staff.push(addOfficial(`${prefix}.${k}`, ['official'], k === 1 && def.officials > 1 ? TEAM_LEADER : OFFICER));
      }
      const members = [supervisor, ...staff];
      if (def.suffix === 'CIVIL') for (const login of CLERKS[j.code] ?? []) members.push(addOfficial(login, ['clerk'], OFFICER));
      if (def.suffix === 'AUDIT') members.push(addOfficial('auditor', ['auditor'], INSPECTOR));
      if (def.suffix === 'DIGITAL') members.push(addOfficial('admin', ['admin'], OFFICER));
      units.push({
        id: unitId,
        code,
        jurisdiction: j,
        name: def.name,
        phone: `${j.phonePrefix}-${String(1100 + index * 10).padStart(4, '0')}`,
        email: `${def.suffix.toLowerCase()}@${j.id}`,
        supervisor,
        staff,
        members,
        systemActor: { kind: 'system', unit: { code, name: unitNameIn(j, def.name) } },
      });
    });
  }

  // A few officials enter their acts late as a habit: the auditor's late-entry report has something to find.
  const workers = officials.filter((o) => o.roles.includes('official'));
  for (let i = 0; i < 3; i++) rng.pick(workers).lateRate = 0.25;

  // The reporting channel's staff in the city's audit office, named without the generator (so nobody else's name moves).
  const audit = units.find((u) => u.code === 'HN-AUDIT');
  if (audit) {
    for (const [login, roles, givenName, givenTitle] of REPORTING_STAFF) {
      const [name, title] = inLanguagesOf(audit.jurisdiction, givenName, givenTitle);
      const official: DemoOfficial = {
        id: officials.length + 1, login, jurisdictionId: audit.jurisdiction.id, unitId: audit.id, unitCode: audit.code, roles, name, title,
        actor: officialActor(audit.jurisdiction, { code: audit.code, name: unitNameIn(audit.jurisdiction, audit.name) }, name, title), lateRate: 0,
      };
      officials.push(official);
      audit.members.push(official);
    }
  }

  const unitsByCode = new Map(units.map((u) => [u.code, u]));
  const procedures = buildProcedures(unitsByCode, createdAt, atLocal(localDay(now) - NEW_VERSION_AGE_DAYS, 0));
  const unitIdsByJurisdiction = new Map<string, Map<string, number>>();
  for (const u of units) {
    const map = unitIdsByJurisdiction.get(u.jurisdiction.id) ?? new Map<string, number>();
    map.set(u.code, u.id);
    unitIdsByJurisdiction.set(u.jurisdiction.id, map);
  }
  return {
    units,
    officials,
    procedures,
    unitsByCode,
    officialsById: new Map(officials.map((o) => [o.id, o])),
    unitIdsByJurisdiction,
    createdAt,
  };
}

function buildProcedures(unitsByCode: Map<string, DemoUnit>, createdAt: number, newVersionsFrom: number): DemoProcedure[] {
  const procedures: DemoProcedure[] = [];
  const templates: readonly ProcedureTemplate[] = [...CITY_PROCEDURES, ...DISTRICT_PROCEDURES];
  const unitOf = (j: JurisdictionDef, suffix: string): DemoUnit => {
    const unit = unitsByCode.get(`${j.code}-${suffix}`);
    if (!unit) throw new Error(`demo catalogue: no unit ${j.code}-${suffix}`);
    return unit;
  };
  for (const j of JURISDICTIONS) {
    for (const t of templates) {
      if (!t.jurisdictions.includes(j.code)) continue;
      const own = unitOf(j, t.unit);
      const versions = t.versions.filter((v) => !v.onlyIn || v.onlyIn.includes(j.code));
      versions.forEach((v, index) => {
        const stages: ProcedureStage[] = v.stages.map((s) => ({
          key: s.key,
          name: s.name,
          unit_code: s.unit ? unitOf(j, s.unit).code : null,
          days: s.days,
          parallel: s.parallel ?? false,
        }));
        if (stages[stages.length - 1]?.key !== 'decision') throw new Error(`demo catalogue: ${t.code} must end with a decision stage`);
        procedures.push({
          id: procedures.length + 1,
          code: t.code,
          version: index + 1,
          isCurrent: index === versions.length - 1,
          jurisdiction: j,
          template: t,
          unit: own,
          feeKrw: v.feeKrw,
          statutoryDays: v.statutoryDays,
          stages,
          stageUnits: v.stages.map((s) => (s.unit ? unitOf(j, s.unit) : own)),
          validFrom: index === 0 ? createdAt : newVersionsFrom,
        });
      });
    }
  }
  // Every unit a procedure relies on must have someone to do the work.
  for (const p of procedures) for (const u of p.stageUnits) if (u.members.length === 0) throw new Error(`demo: unit ${u.code} has no staff`);
  return procedures;
}
