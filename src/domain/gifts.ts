/**
 * The gift register's pure parts: what may be recorded, and the value bands the public register shows instead of
 * amounts (as US federal disclosure forms do), with Korea's Improper Solicitation and Graft Act limits in mind
 * (KRW 50,000 for a gift, 1,000,000 for any single offer).
 */

export const GIFT_KINDS = ['gift', 'hospitality', 'travel', 'other'] as const;
export const GIFT_OUTCOMES = ['refused', 'accepted', 'handed_over'] as const;
export type GiftKind = (typeof GIFT_KINDS)[number];
export type GiftOutcome = (typeof GIFT_OUTCOMES)[number];

/** Upper bounds (KRW, inclusive) of the bands; above the last is the open band. */
export const VALUE_BANDS = [50_000, 100_000, 300_000, 1_000_000, 5_000_000] as const;

/** The band of a value, as its bounds: `[0, 50000]`, …, `[5000001, null]` for the open band. */
export function valueBand(krw: number): { from: number; to: number | null } {
  let from = 0;
  for (const to of VALUE_BANDS) {
    if (krw <= to) return { from, to };
    from = to + 1;
  }
  return { from, to: null };
}

/** The band as the register prints it, e.g. "50,001–100,000" or "5,000,001+". */
export function bandLabel(band: { from: number; to: number | null }): string {
  const f = (n: number) => n.toLocaleString('en-US');
  return band.to === null ? `${f(band.from)}+` : `${f(band.from)}–${f(band.to)}`;
}

/** The most a value may be (KRW): beyond is a typing error. */
export const MAX_GIFT_KRW = 10_000_000_000;
