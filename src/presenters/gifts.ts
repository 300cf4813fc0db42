import { bandLabel, valueBand } from '../domain/gifts.js';
import { toCsv } from './csv.js';

/** A gift as the public register gives it: no giver, no description, no amount (only its band). */
export interface PublicGift {
  month: string;
  jurisdiction: string;
  unit: { code: string; name: { ko: string; en: string } };
  official: { name?: { ko: string; en: string }; title: { ko: string; en: string } };
  kind: string;
  value_band: { from: number; to: number | null; label: string };
  outcome: string;
}

/** Shapes a register row for the public; it never receives the sealed giver or description. */
export function presentGift(row: {
  month: string; jurisdiction: string; kind: string; value_krw: number; outcome: string; unit_code: string; unit_ko: string; unit_en: string;
  title_ko: string; title_en: string; name_ko: string | null; name_en: string | null;
}): PublicGift {
  const band = valueBand(row.value_krw);
  return {
    month: row.month,
    jurisdiction: row.jurisdiction,
    unit: { code: row.unit_code, name: { ko: row.unit_ko, en: row.unit_en } },
    official: { ...(row.name_ko && row.name_en ? { name: { ko: row.name_ko, en: row.name_en } } : {}), title: { ko: row.title_ko, en: row.title_en } },
    kind: row.kind,
    value_band: { ...band, label: bandLabel(band) },
    outcome: row.outcome,
  };
}

/** The public register as CSV (formula-guarded cells). */
export function giftsCsv(gifts: PublicGift[]): string {
  return toCsv(
    ['month', 'jurisdiction', 'unit_code', 'unit_ko', 'unit_en', 'official_ko', 'official_en', 'title_ko', 'title_en', 'kind', 'value_from_krw', 'value_to_krw', 'outcome'],
    gifts.map((g) => [
      g.month, g.jurisdiction, g.unit.code, g.unit.name.ko, g.unit.name.en, g.official.name?.ko, g.official.name?.en, g.official.title.ko, g.official.title.en, g.kind,
      g.value_band.from, g.value_band.to, g.outcome,
    ]),
  );
}
