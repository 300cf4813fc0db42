/** Secrets of the demo city, published on purpose: nothing here may protect real data. */

/** The TOTP secret every demo official is enrolled with: published (README, the demo's banner), so never for real use. */
export const DEMO_TOTP_SECRET = 'DAYLIGHTDEMOSECRETDAYLIGHTDEMO23';

/** The server secret the demo's conflict and gift hashes are keyed with when the seed is given no keys (tests). */
export const DEMO_PARTY_SECRET = 'daylight-demo-party-secret-published-never-for-real-use';
