import { Secret, TOTP } from 'otpauth';

/** RFC 6238 parameters every authenticator app understands: SHA-1, 6 digits, 30-second steps. */
export const TOTP_PERIOD_S = 30;
const DIGITS = 6;
/** Steps accepted either side of the current one, for clocks that drift and codes typed late. */
export const TOTP_WINDOW = 1;

const totp = (secret: string, label = '', issuer = '') =>
  new TOTP({ secret: Secret.fromBase32(secret), algorithm: 'SHA1', digits: DIGITS, period: TOTP_PERIOD_S, label, issuer });

/** A fresh random TOTP secret (160 bits), in base32 as authenticator apps take it. */
export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

/** The time step a moment falls in (RFC 6238's T). */
export function totpStep(at: Date): number {
  return Math.floor(at.getTime() / 1000 / TOTP_PERIOD_S);
}

/** The code for a moment; tests and the demo use it, the server only compares. */
export function totpCode(secret: string, at: Date): string {
  return totp(secret).generate({ timestamp: at.getTime() });
}

/** The `otpauth://` address an authenticator app reads from the enrolment QR code. */
export function totpUri(secret: string, account: string, issuer: string): string {
  return totp(secret, account, issuer).toString();
}

/** Whether a typed second factor looks like an authenticator code (six digits, spaces allowed) rather than a recovery code. */
export function looksLikeTotp(typed: string): boolean {
  return /^\d{6}$/.test(typed.replace(/\s/g, ''));
}

export type TotpCheck = { ok: true; step: number } | { ok: false; reason: 'invalid' | 'replayed' };

/**
 * Checks a typed code against a secret at `now`, accepting the previous and next step too, and refusing any step
 * at or before `lastStep` (the last one accepted for this official): a code, once used, never opens a second
 * session, nor does an older one. Never throws. The comparison is otpauth's, in constant time.
 */
export function checkTotp(props: { secret: string; typed: string; now: Date; lastStep: number | null }): TotpCheck {
  const token = props.typed.replace(/\s/g, '');
  if (!/^\d{6}$/.test(token)) return { ok: false, reason: 'invalid' };
  const delta = totp(props.secret).validate({ token, timestamp: props.now.getTime(), window: TOTP_WINDOW });
  if (delta === null) return { ok: false, reason: 'invalid' };
  const step = totpStep(props.now) + delta;
  if (props.lastStep !== null && step <= props.lastStep) return { ok: false, reason: 'replayed' };
  return { ok: true, step };
}
