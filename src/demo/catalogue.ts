import type { Category, Localized, ProcedureDocument, ProcedureField } from '../domain/types.js';
import { firmName } from './people.js';
import type { Rng } from './random.js';

/**
 * The demo city: Haneul Metropolitan City (하늘특별시) and two of its districts, their departments, streets
 * and the shape of a procedure template. The procedures themselves are in `procedures-city.ts` and
 * `procedures-district.ts`.
 */

export type JurisdictionCode = 'HN' | 'DB' | 'SB';

export interface JurisdictionDef {
  id: string;
  code: JurisdictionCode;
  name: Localized;
  /** False in Seobu-gu, so the demo shows the "role only" setting: titles and units without names. */
  showOfficialNames: boolean;
  /** Fictional switchboard prefix (Korean exchanges never start with 0). */
  phonePrefix: string;
}

export const JURISDICTIONS: readonly JurisdictionDef[] = [
  { id: 'haneul.example', code: 'HN', name: L('하늘특별시', 'Haneul Metropolitan City'), showOfficialNames: true, phonePrefix: '02-0120' },
  { id: 'dongbu.haneul.example', code: 'DB', name: L('하늘특별시 동부구', 'Dongbu-gu, Haneul'), showOfficialNames: true, phonePrefix: '02-0230' },
  { id: 'seobu.haneul.example', code: 'SB', name: L('하늘특별시 서부구', 'Seobu-gu, Haneul'), showOfficialNames: false, phonePrefix: '02-0340' },
];

export interface UnitDef {
  /** Code after the jurisdiction prefix: `BUILD` becomes `DB-BUILD`. */
  suffix: string;
  name: Localized;
  /** Officials with the `official` role besides the supervisor. */
  officials: number;
}

export const CITY_UNITS: readonly UnitDef[] = [
  { suffix: 'HOUSING', name: L('주택정비과', 'Housing & Redevelopment Division'), officials: 2 },
  { suffix: 'TRANSPORT', name: L('교통정책과', 'Transport Planning Division'), officials: 2 },
  { suffix: 'ENV', name: L('기후환경과', 'Climate & Environment Division'), officials: 2 },
  { suffix: 'ECON', name: L('경제정책과', 'Economy & Commerce Division'), officials: 1 },
  { suffix: 'CULTURE', name: L('문화관광과', 'Culture & Tourism Division'), officials: 1 },
  { suffix: 'DESIGN', name: L('건축디자인과', 'Architecture & Urban Design Division'), officials: 2 },
  { suffix: 'HEALTH', name: L('시민건강과', 'Public Health Division'), officials: 1 },
  { suffix: 'CIVIL', name: L('시민민원과', 'Civil Affairs Counter'), officials: 0 },
  { suffix: 'AUDIT', name: L('감사담당관', 'Audit & Inspection Office'), officials: 0 },
  { suffix: 'DIGITAL', name: L('디지털정책과', 'Digital Policy Division'), officials: 0 },
];

export const DISTRICT_UNITS: readonly UnitDef[] = [
  { suffix: 'BUILD', name: L('건축과', 'Building Permits Division'), officials: 3 },
  { suffix: 'ROADS', name: L('건설교통과', 'Roads & Transport Division'), officials: 2 },
  { suffix: 'ENV', name: L('청소환경과', 'Environment & Waste Division'), officials: 1 },
  { suffix: 'PLAN', name: L('도시계획과', 'Urban Planning & Land Management Division'), officials: 1 },
  { suffix: 'LAND', name: L('부동산정보과', 'Real Estate & Land Registry Division'), officials: 1 },
  { suffix: 'ECON', name: L('지역경제과', 'Economy & Commerce Division'), officials: 1 },
  { suffix: 'FOOD', name: L('위생과', 'Food Safety & Sanitation Division'), officials: 3 },
  { suffix: 'DESIGN', name: L('도시디자인과', 'Urban Design & Advertising Division'), officials: 2 },
  { suffix: 'HEALTH', name: L('보건소 의약과', 'Public Health Centre, Medical Affairs'), officials: 1 },
  { suffix: 'CIVIL', name: L('민원여권과', 'Civil Affairs Counter'), officials: 0 },
];

/** A district as the map and the address book know it. */
export interface DistrictPlaces {
  code: 'DB' | 'SB';
  name: Localized;
  roads: readonly Localized[];
  dongs: readonly Localized[];
  lat: readonly [number, number];
  lng: readonly [number, number];
}

export const DISTRICTS: readonly DistrictPlaces[] = [
  {
    code: 'DB',
    name: L('동부구', 'Dongbu-gu'),
    roads: [
      L('하늘로', 'Haneul-ro'), L('동부대로', 'Dongbu-daero'), L('새벽길', 'Saebyeok-gil'), L('해오름로', 'Haeoreum-ro'),
      L('솔빛길', 'Solbit-gil'), L('은행나무로', 'Eunhaengnamu-ro'), L('아침뜰길', 'Achimtteul-gil'), L('푸른숲로', 'Pureunsup-ro'),
    ],
    dongs: [L('새벽동', 'Saebyeok-dong'), L('해오름동', 'Haeoreum-dong'), L('솔빛동', 'Solbit-dong'), L('은행동', 'Eunhaeng-dong'), L('동산동', 'Dongsan-dong')],
    lat: [37.535, 37.585],
    lng: [127.03, 127.1],
  },
  {
    code: 'SB',
    name: L('서부구', 'Seobu-gu'),
    roads: [
      L('서부대로', 'Seobu-daero'), L('노을로', 'Noeul-ro'), L('달빛길', 'Dalbit-gil'), L('강변로', 'Gangbyeon-ro'),
      L('느티나무길', 'Neutinamu-gil'), L('하늘로', 'Haneul-ro'), L('별빛로', 'Byeolbit-ro'), L('물결길', 'Mulgyeol-gil'),
    ],
    dongs: [L('노을동', 'Noeul-dong'), L('달빛동', 'Dalbit-dong'), L('강변동', 'Gangbyeon-dong'), L('별빛동', 'Byeolbit-dong'), L('서원동', 'Seowon-dong')],
    lat: [37.5, 37.56],
    lng: [126.88, 126.95],
  },
];

/** What a field's value generator may draw on. */
export interface FieldContext {
  rng: Rng;
  lang: 'ko' | 'en';
  /** The business named in the title, when the procedure licenses one, and its kind ("국밥" / "Gukbap"). */
  business: Localized | null;
  kind: Localized | null;
}

export interface FieldDef extends ProcedureField {
  value: (c: FieldContext) => string;
}

export interface StageDef {
  key: string;
  name: Localized;
  /** Unit suffix in the same jurisdiction when another unit works the stage. */
  unit?: string;
  days: number;
  parallel?: boolean;
}

export interface VersionDef {
  /** Jurisdictions that kept this version in their history; all when absent. */
  onlyIn?: readonly JurisdictionCode[];
  feeKrw: number;
  statutoryDays: number;
  stages: readonly StageDef[];
}

/**
 * A procedure as the demo defines it once and instantiates in each listed jurisdiction. The last version is
 * current; earlier ones stay in the catalogue because applications filed under them keep them.
 */
export interface ProcedureTemplate {
  code: string;
  category: Category;
  /** Suffix of the owning unit. */
  unit: string;
  jurisdictions: readonly JurisdictionCode[];
  name: Localized;
  purpose: Localized;
  legalBasis: Localized;
  documents: readonly ProcedureDocument[];
  fields: readonly FieldDef[];
  versions: readonly VersionDef[];
  /** Relative number of applications per year. */
  weight: number;
  /**
   * Title patterns; placeholders `{district}`, `{road}`, `{no}`, `{dong}`, `{biz}` and `{n}` are filled in the
   * application's language, and `{key}` (or `{key_lc}`, lower-cased) with the public field of that key, so the
   * title and the fields describe the same project.
   */
  titles: readonly (readonly [string, string])[];
  /** Kinds of business the title names, e.g. restaurants (`{biz}` becomes "하늘국밥" / "Haneul Gukbap"). */
  businessKinds?: readonly Localized[];
  /** Stage where supplements are requested and ad hoc consultations and inspections happen. */
  reviewStage: string;
  /** Unit suffixes consulted ad hoc during review. */
  consults: readonly string[];
  /** Stages in which a site inspection is always recorded. */
  inspections: readonly string[];
  /** Share of applications carrying map coordinates (most; a few are filed with an address only). */
  mapped?: number;
}

export function L(ko: string, en: string): Localized {
  return { ko, en };
}

export function doc(key: string, ko: string, en: string, required = true): ProcedureDocument {
  return { key, name: L(ko, en), required };
}

export function stage(key: string, ko: string, en: string, days: number, extra: Partial<StageDef> = {}): StageDef {
  return { key, name: L(ko, en), days, ...extra };
}

/** The final stage of every procedure: the head of unit signs the decision. */
export function decisionStage(days = 1): StageDef {
  return stage('decision', '결재', 'Decision', days);
}

export function field(
  key: string,
  ko: string,
  en: string,
  type: ProcedureField['type'],
  flags: { required: boolean; public: boolean },
  value: (c: FieldContext) => string,
): FieldDef {
  return { key, label: L(ko, en), type, required: flags.required, public: flags.public, value };
}

/** Value generators shared by the procedure definitions. */
export const gen = {
  int: (min: number, max: number, step = 1) => (c: FieldContext) => String(Math.round(c.rng.int(min, max) / step) * step),
  area: (min: number, max: number) => (c: FieldContext) => (c.rng.int(min * 10, max * 10) / 10).toFixed(1),
  pick: (options: readonly Localized[]) => (c: FieldContext) => c.rng.pick(options)[c.lang],
  businessNumber: () => (c: FieldContext) => `${c.rng.int(101, 899)}-${c.rng.int(10, 99)}-${c.rng.int(10000, 99999)}`,
  business: () => (c: FieldContext) => c.business?.[c.lang] ?? '',
  /** A value that follows from the kind of business, e.g. a clinic's specialty from "치과의원". */
  byKind: (byEnglishKind: Record<string, Localized>) => (c: FieldContext) => (c.kind ? (byEnglishKind[c.kind.en]?.[c.lang] ?? '') : ''),
  firm: () => (c: FieldContext) => firmName(c.rng, c.lang),
  licence: (prefix: string) => (c: FieldContext) => `${prefix}-${c.rng.int(1998, 2024)}-${String(c.rng.int(1, 99999)).padStart(5, '0')}`,
  person: () => (c: FieldContext) => (c.lang === 'ko' ? c.rng.pick(['김', '이', '박', '최', '정']) + c.rng.pick(['영수', '정희', '성호', '미경', '동훈']) : c.rng.pick(['Kim Young-soo', 'Lee Jung-hee', 'Park Sung-ho', 'Choi Mi-kyung'])),
};
