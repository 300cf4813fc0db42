/** Secrets of the demo city, published on purpose: nothing here may protect real data. */

/** The TOTP secret every demo official is enrolled with: published (README, the demo's banner), so never for real use. */
export const DEMO_TOTP_SECRET = 'DAYLIGHTDEMOSECRETDAYLIGHTDEMO23';
