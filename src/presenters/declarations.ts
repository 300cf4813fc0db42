import { bandRange, DECLARATION_BANDS, readSignedBand, type AssetCategory, type BandBounds } from '../domain/declarations.js';
import { bandLabel } from '../domain/gifts.js';
import type { DeclarationBandsColumn } from '../db/schema.js';
import { toCsv } from './csv.js';

/** A band as the register gives it: bounds in KRW and a label. */
export interface PublicBand {
  from: number;
  to: number | null;
  label: string;
}

/**
 * One official's line of the public register of declarations for a year: bands only — never an amount, an address,
 * a relative or any item — and whether the declaration was filed on time.
 */
export interface PublicDeclaration {
  year: number;
  jurisdiction: string;
  unit: { code: string; name: { ko: string; en: string } };
  official: { name?: { ko: string; en: string }; title: { ko: string; en: string } };
  /** `on_time`, `late`, `overdue` (due date passed, nothing filed) or `due` (not filed yet, still time). */
  filing: 'on_time' | 'late' | 'overdue' | 'due';
  amended: boolean;
  assets: PublicBand | null;
  debts: PublicBand | null;
  net: (PublicBand & { negative: boolean }) | null;
  change: { direction: 'up' | 'down' | 'none'; band: PublicBand | null } | null;
  categories: Partial<Record<AssetCategory, PublicBand>>;
  positions: number | null;
  interests: number | null;
}

const band = (index: number, bounds: BandBounds): PublicBand => {
  const range = bandRange(index, bounds);
  return { ...range, label: bandLabel(range) };
};

/** Shapes a register row; it only ever receives bands and counts (`db/repos/declarations.publicDeclarations`). */
export function presentDeclaration(
  year: number,
  row: {
    jurisdiction: string; unit_code: string; unit_ko: string; unit_en: string; title_ko: string; title_en: string; name_ko: string | null; name_en: string | null;
    bands: DeclarationBandsColumn | null; versions: string | null; on_time: boolean | null;
  },
  overdue: boolean,
): PublicDeclaration {
  const b = row.bands;
  // Each filing is read with the bounds it was banded with, so a later change of the bands leaves it true.
  const bounds = b?.bounds ?? DECLARATION_BANDS;
  const change = b?.change === null || b?.change === undefined ? null : readSignedBand(b.change, bounds);
  return {
    year,
    jurisdiction: row.jurisdiction,
    unit: { code: row.unit_code, name: { ko: row.unit_ko, en: row.unit_en } },
    official: { ...(row.name_ko && row.name_en ? { name: { ko: row.name_ko, en: row.name_en } } : {}), title: { ko: row.title_ko, en: row.title_en } },
    filing: b ? (row.on_time ? 'on_time' : 'late') : overdue ? 'overdue' : 'due',
    amended: Number(row.versions ?? 0) > 1,
    assets: b ? band(b.assets, bounds) : null,
    debts: b ? band(b.debts, bounds) : null,
    net: b ? { ...band(b.net >= 0 ? b.net : -1 - b.net, bounds), negative: b.net < 0 } : null,
    change: change ? { direction: change.direction, band: change.band ? { ...change.band, label: bandLabel(change.band) } : null } : null,
    categories: b ? Object.fromEntries(Object.entries(b.categories).map(([k, v]) => [k, band(v, bounds)])) : {},
    positions: b ? b.positions : null,
    interests: b ? b.interests : null,
  };
}

/** The public register as CSV (formula-guarded cells), one line per official. */
export function declarationsCsv(rows: PublicDeclaration[]): string {
  return toCsv(
    ['year', 'jurisdiction', 'unit_code', 'unit_ko', 'unit_en', 'official_ko', 'official_en', 'title_ko', 'title_en', 'filing', 'amended', 'assets_from_krw', 'assets_to_krw',
      'debts_from_krw', 'debts_to_krw', 'net_from_krw', 'net_to_krw', 'net_negative', 'change', 'change_from_krw', 'change_to_krw', 'positions', 'interests'],
    rows.map((r) => [
      r.year, r.jurisdiction, r.unit.code, r.unit.name.ko, r.unit.name.en, r.official.name?.ko, r.official.name?.en, r.official.title.ko, r.official.title.en, r.filing,
      r.amended, r.assets?.from, r.assets?.to, r.debts?.from, r.debts?.to, r.net?.from, r.net?.to, r.net?.negative, r.change?.direction, r.change?.band?.from,
      r.change?.band?.to, r.positions, r.interests,
    ]),
  );
}
