import { DateTime } from 'luxon';

/**
 * Yearly declarations of assets and interests, the pure parts: what a declaration holds, how a form's fields become
 * one, who must file and by when, and the value bands the public register shows instead of amounts. The categories
 * and thresholds follow Korea's Public Service Ethics Act (cash, deposits, securities and debts from KRW 10 million;
 * gold and jewellery from 5 million; real estate always) and the StAR guide's content (assets, liabilities, outside
 * positions, business interests). ADR 0015.
 */

export const ASSET_CATEGORIES = ['real_estate', 'deposits', 'securities', 'cash', 'gold_jewellery', 'vehicles', 'other_assets', 'debts'] as const;
export type AssetCategory = (typeof ASSET_CATEGORIES)[number];

/** Whose asset it is: the official, their spouse, or a lineal relative (the Act's "self, spouse and lineal relatives"). */
export const HOLDERS = ['self', 'spouse', 'lineal_ascendant', 'lineal_descendant'] as const;
export type Holder = (typeof HOLDERS)[number];

/** The value (KRW) from which an item of a category must be declared; lower ones may be, and count the same. */
export const DECLARATION_THRESHOLDS: Record<AssetCategory, number> = {
  real_estate: 0, deposits: 10_000_000, securities: 10_000_000, cash: 10_000_000, gold_jewellery: 5_000_000, vehicles: 0, other_assets: 5_000_000, debts: 10_000_000,
};

/** Upper bounds (KRW, inclusive) of the public register's bands; above the last is the open band. */
export const DECLARATION_BANDS = [10_000_000, 50_000_000, 100_000_000, 300_000_000, 1_000_000_000, 3_000_000_000, 10_000_000_000] as const;

/** The most one item may be worth (KRW): beyond is a typing error. */
export const MAX_ITEM_KRW = 1_000_000_000_000;

/** Rows a form may hold, so nothing typed makes the work grow. */
export const MAX_ROWS = { assets: 60, positions: 20, interests: 20 } as const;

/** One asset or debt. `holderName` (for a relative) and `description` (what and where: an address) are never public. */
export interface AssetItem {
  category: AssetCategory;
  holder: Holder;
  holderName?: string;
  description: string;
  valueKrw: number;
}

/** An outside position: a board seat, an advisory role, a paid or unpaid office. */
export interface OutsidePosition {
  organisation: string;
  role: string;
  paid: boolean;
}

/** A business interest: a shareholding or a stake in a company, of the official or a relative. */
export interface BusinessInterest {
  company: string;
  registration: string;
  holder: Holder;
  stake: string;
}

/** What a declaration holds, sealed for its official and auditors. */
export interface DeclarationContent {
  assets: AssetItem[];
  positions: OutsidePosition[];
  interests: BusinessInterest[];
  /** Why an amendment was filed (empty for a first version). */
  note: string;
}

/** The clear part of a declaration: band indexes only (`bandOf`), for the public register. */
export interface DeclarationBands {
  assets: number;
  debts: number;
  /** Net worth's band, negative (−1 − band) when debts exceed assets. */
  net: number;
  /** Change of the net worth since the previous year's declaration as a signed band (`signedBand`); null when none. */
  change: number | null;
  categories: Partial<Record<AssetCategory, number>>;
  positions: number;
  interests: number;
  /** The band bounds (KRW) the indexes above refer to, fixed at filing; absent on filings banded with the defaults. */
  bounds?: number[];
}

export interface FieldProblem {
  field: string;
  key: string;
  values?: Record<string, string | number>;
}

/** Ascending upper bounds (KRW) of value bands: the defaults, or a jurisdiction's own. */
export type BandBounds = readonly number[];

/** The band index of a value: 0 for up to the first bound, …, `bounds.length` for the open band. */
export function bandOf(krw: number, bounds: BandBounds = DECLARATION_BANDS): number {
  const i = bounds.findIndex((to) => Math.abs(krw) <= to);
  return i === -1 ? bounds.length : i;
}

/** A band's bounds in KRW: `[0, 10000000]`, `[10000001, 50000000]`, …, `[10000000001, null]`. */
export function bandRange(band: number, bounds: BandBounds = DECLARATION_BANDS): { from: number; to: number | null } {
  const to = bounds[band] ?? null;
  const from = band === 0 ? 0 : bounds[band - 1]! + 1;
  return { from, to };
}

/** A signed amount as a band: 0 for no change, `1 + band` up, `−(1 + band)` down. */
export function signedBand(krw: number, bounds: BandBounds = DECLARATION_BANDS): number {
  if (krw === 0) return 0;
  return Math.sign(krw) * (1 + bandOf(krw, bounds));
}

/** The signed band back as direction and bounds. */
export function readSignedBand(value: number, bounds: BandBounds = DECLARATION_BANDS): { direction: 'up' | 'down' | 'none'; band: { from: number; to: number | null } | null } {
  if (value === 0) return { direction: 'none', band: null };
  return { direction: value > 0 ? 'up' : 'down', band: bandRange(Math.abs(value) - 1, bounds) };
}

/** Totals of a declaration's assets and debts (KRW). */
export function declarationTotals(content: Pick<DeclarationContent, 'assets'>): { assets: number; debts: number; net: number; byCategory: Partial<Record<AssetCategory, number>> } {
  const byCategory: Partial<Record<AssetCategory, number>> = {};
  for (const item of content.assets) byCategory[item.category] = (byCategory[item.category] ?? 0) + item.valueKrw;
  const debts = byCategory.debts ?? 0;
  const assets = Object.entries(byCategory).filter(([k]) => k !== 'debts').reduce((sum, [, v]) => sum + (v ?? 0), 0);
  return { assets, debts, net: assets - debts, byCategory };
}

/**
 * The bands the public register may show of a declaration, with the change since the previous year's net worth,
 * banded with `bounds` and carrying them, so the register reads the indexes with the bounds they were made with.
 */
export function declarationBands(content: DeclarationContent, previousNet: number | null, bounds: BandBounds = DECLARATION_BANDS): DeclarationBands {
  const totals = declarationTotals(content);
  const categories: Partial<Record<AssetCategory, number>> = {};
  for (const [k, v] of Object.entries(totals.byCategory)) categories[k as AssetCategory] = bandOf(v ?? 0, bounds);
  return {
    assets: bandOf(totals.assets, bounds),
    debts: bandOf(totals.debts, bounds),
    net: totals.net >= 0 ? bandOf(totals.net, bounds) : -1 - bandOf(totals.net, bounds),
    change: previousNet === null ? null : signedBand(totals.net - previousNet, bounds),
    categories,
    positions: content.positions.length,
    interests: content.interests.length,
    bounds: [...bounds],
  };
}

/** Whether an official of `grade` must file, where officials of `filingGrade` or more senior must (0: nobody). */
export const mustFile = (grade: number | null, filingGrade: number) => grade !== null && filingGrade > 0 && grade <= filingGrade;

/**
 * The end of the due day of `year` in the jurisdiction's time zone: the last instant a declaration is on time. A null
 * day is the month's last; a day the month lacks that year (29 February) is its last day too.
 */
export function declarationDue(year: number, dueMonth: number, timeZone: string, dueDay: number | null = null): Date {
  const month = DateTime.fromObject({ year, month: dueMonth, day: 1 }, { zone: timeZone });
  const day = dueDay === null ? month.daysInMonth! : Math.min(dueDay, month.daysInMonth!);
  return month.set({ day }).endOf('day').toJSDate();
}

/** Where an official stands for a year: filed on time, filed late, not filed yet (still due), or overdue. */
export type FilingStatus = 'on_time' | 'late' | 'due' | 'overdue';

export function filingStatus(filed: { onTime: boolean } | null, due: Date, now: Date): FilingStatus {
  if (filed) return filed.onTime ? 'on_time' : 'late';
  return now.getTime() > due.getTime() ? 'overdue' : 'due';
}

/** Days left until the due date (0 on the day, negative once passed), counted in whole days. */
export function daysLeft(due: Date, now: Date): number {
  return Math.ceil((due.getTime() - now.getTime()) / 86_400_000);
}

const LIMITS = { text: 300, name: 100, note: 1000 } as const;

/** A whole number of won from what was typed (digits, with commas, spaces or dots as thousands separators); null if not one. */
export function parseKrw(text: string): number | null {
  const compact = text.replace(/[\s,._']/g, '').replace(/^₩|원$/g, '');
  if (!/^\d{1,13}$/.test(compact)) return null;
  return Number(compact);
}

/**
 * Reads the declaration form's fields (`asset_<i>_category`, `asset_<i>_holder`, `asset_<i>_holder_name`,
 * `asset_<i>_description`, `asset_<i>_value`; `position_<i>_organisation`, `_role`, `_paid`; `interest_<i>_company`,
 * `_registration`, `_holder`, `_stake`; `note`). Rows left wholly empty are skipped; every problem names its field.
 */
export function readDeclaration(
  values: Readonly<Record<string, string>>, offered: readonly AssetCategory[] = ASSET_CATEGORIES,
): { content: DeclarationContent; problems: FieldProblem[] } {
  const v = (name: string) => (values[name] ?? '').trim();
  const problems: FieldProblem[] = [];
  const tooLong = (field: string, max: number) => {
    if (v(field).length > max) problems.push({ field, key: 'declaration.error.too_long', values: { max } });
  };
  const assets: AssetItem[] = [];
  for (let i = 0; i < MAX_ROWS.assets; i++) {
    const f = (name: string) => `asset_${i}_${name}`;
    if (!v(f('category')) && !v(f('description')) && !v(f('value')) && !v(f('holder_name'))) continue;
    const category = v(f('category')) as AssetCategory;
    if (!ASSET_CATEGORIES.includes(category)) problems.push({ field: f('category'), key: 'declaration.error.category_required' });
    else if (!offered.includes(category)) problems.push({ field: f('category'), key: 'declaration.error.category_not_offered' });
    const holder = (v(f('holder')) || 'self') as Holder;
    if (!HOLDERS.includes(holder)) problems.push({ field: f('holder'), key: 'declaration.error.holder_required' });
    if (holder !== 'self' && !v(f('holder_name'))) problems.push({ field: f('holder_name'), key: 'declaration.error.holder_name_required' });
    if (!v(f('description'))) problems.push({ field: f('description'), key: 'declaration.error.description_required' });
    const value = parseKrw(v(f('value')));
    if (value === null || value > MAX_ITEM_KRW) problems.push({ field: f('value'), key: 'declaration.error.value_invalid' });
    tooLong(f('description'), LIMITS.text);
    tooLong(f('holder_name'), LIMITS.name);
    assets.push({ category, holder, ...(holder !== 'self' ? { holderName: v(f('holder_name')) } : {}), description: v(f('description')), valueKrw: value ?? 0 });
  }
  const positions: OutsidePosition[] = [];
  for (let i = 0; i < MAX_ROWS.positions; i++) {
    const f = (name: string) => `position_${i}_${name}`;
    if (!v(f('organisation')) && !v(f('role'))) continue;
    if (!v(f('organisation'))) problems.push({ field: f('organisation'), key: 'declaration.error.organisation_required' });
    if (!v(f('role'))) problems.push({ field: f('role'), key: 'declaration.error.role_required' });
    tooLong(f('organisation'), LIMITS.text);
    tooLong(f('role'), LIMITS.text);
    positions.push({ organisation: v(f('organisation')), role: v(f('role')), paid: v(f('paid')) === 'yes' });
  }
  const interests: BusinessInterest[] = [];
  for (let i = 0; i < MAX_ROWS.interests; i++) {
    const f = (name: string) => `interest_${i}_${name}`;
    if (!v(f('company')) && !v(f('registration')) && !v(f('stake'))) continue;
    if (!v(f('company'))) problems.push({ field: f('company'), key: 'declaration.error.company_required' });
    const holder = (v(f('holder')) || 'self') as Holder;
    if (!HOLDERS.includes(holder)) problems.push({ field: f('holder'), key: 'declaration.error.holder_required' });
    for (const name of ['company', 'registration', 'stake']) tooLong(f(name), LIMITS.text);
    interests.push({ company: v(f('company')), registration: v(f('registration')), holder, stake: v(f('stake')) });
  }
  tooLong('note', LIMITS.note);
  return { content: { assets, positions, interests, note: v('note') }, problems };
}

/** A declaration's content as the form's fields, for filling the form again (an amendment starts from the last version). */
export function declarationFields(content: DeclarationContent): Record<string, string> {
  const out: Record<string, string> = {};
  content.assets.forEach((a, i) => {
    Object.assign(out, { [`asset_${i}_category`]: a.category, [`asset_${i}_holder`]: a.holder, [`asset_${i}_holder_name`]: a.holderName ?? '', [`asset_${i}_description`]: a.description, [`asset_${i}_value`]: String(a.valueKrw) });
  });
  content.positions.forEach((p, i) => Object.assign(out, { [`position_${i}_organisation`]: p.organisation, [`position_${i}_role`]: p.role, [`position_${i}_paid`]: p.paid ? 'yes' : '' }));
  content.interests.forEach((b, i) => Object.assign(out, { [`interest_${i}_company`]: b.company, [`interest_${i}_registration`]: b.registration, [`interest_${i}_holder`]: b.holder, [`interest_${i}_stake`]: b.stake }));
  return out;
}

/** How many rows of each kind a form shows: the rows typed (the highest index used) and a few empty ones, bounded. */
export function formRows(values: Readonly<Record<string, string>>, extra = 3): { assets: number; positions: number; interests: number } {
  const used = (prefix: string) => {
    let top = -1;
    for (const [k, val] of Object.entries(values)) {
      const m = new RegExp(`^${prefix}_(\\d+)_`).exec(k);
      if (m && val.trim()) top = Math.max(top, Number(m[1]));
    }
    return top + 1;
  };
  return {
    assets: Math.min(MAX_ROWS.assets, Math.max(4, used('asset') + extra)),
    positions: Math.min(MAX_ROWS.positions, Math.max(2, used('position') + Math.min(extra, 2))),
    interests: Math.min(MAX_ROWS.interests, Math.max(2, used('interest') + Math.min(extra, 2))),
  };
}
