import { createHmac, timingSafeEqual } from 'node:crypto';

/** What a signed link in an e-mail grants; `p` names the purpose so a token for one thing opens nothing else. */
export type LinkClaim =
  | { p: 'unsubscribe_applicant'; a: number }
  /** Rating the service of application `a` without signing in (sent with the closing e-mail; the window still applies). */
  | { p: 'rate'; a: number }
  /** Managing or stopping follow `f` without signing in (every alert carries it). */
  | { p: 'follow'; f: number }
  /** Confirming follow `f` (double opt-in); only the confirmation e-mail carries it. */
  | { p: 'follow_confirm'; f: number };

/** Signs a claim as `<payload>.<mac>` (base64url JSON, HMAC-SHA256 with the site's link secret). */
export function signLink(secret: string, claim: LinkClaim): string {
  const payload = Buffer.from(JSON.stringify(claim)).toString('base64url');
  return `${payload}.${mac(secret, payload)}`;
}

/** The claim a token carries when its signature holds and its purpose is `purpose`; undefined otherwise. Never throws. */
export function verifyLink<P extends LinkClaim['p']>(secret: string, token: string, purpose: P): Extract<LinkClaim, { p: P }> | undefined {
  const [payload, given, extra] = token.split('.');
  if (!payload || !given || extra !== undefined) return undefined;
  const expected = Buffer.from(mac(secret, payload));
  const actual = Buffer.from(given);
  if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) return undefined;
  try {
    const claim = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as LinkClaim;
    return claim && claim.p === purpose ? (claim as Extract<LinkClaim, { p: P }>) : undefined;
  } catch {
    return undefined;
  }
}

function mac(secret: string, payload: string): string {
  return createHmac('sha256', secret).update(payload).digest('base64url');
}
