import { enrolmentSecret } from '../../commands/officeAuth/enrolSecondFactor.js';
import type { SignInKeys } from '../../commands/officeAuth/keys.js';
import { remainingRecoveryCodes } from '../../commands/officeAuth/recoveryCodes.js';
import { accountSecurity } from '../../db/repos/administration.js';
import type { Db } from '../../db/types.js';
import { totpUri } from '../../domain/totp.js';
import { secondFactorRequired } from '../../policies/secondFactor.js';
import type { ViewContext } from '../../views/context.js';
import { AccountPage, type EnrolmentView } from '../../views/officeSignIn.js';
import type { OfficialSession } from '../auth.js';

/**
 * The enrolment page's view: a QR code as an SVG data: URL (no request leaves the page) and the key as text.
 * `issuer` names this deployment in the authenticator app; `required` says the office stays closed until done.
 */
export async function enrolmentView(
  db: Db,
  keys: SignInKeys,
  enrolment: { sessionId: string; login: string; issuer: string; action: string; required: boolean },
): Promise<EnrolmentView> {
  const secret = await enrolmentSecret(db, keys, enrolment.sessionId);
  const uri = totpUri(secret, enrolment.login, enrolment.issuer);
  // Loaded on the first enrolment rather than at start.
  const { default: QRCode } = await import('qrcode');
  const svg = await QRCode.toString(uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
  return {
    qr: `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`,
    secret: secret.replace(/(.{4})(?=.)/g, '$1 '),
    account: enrolment.login,
    action: enrolment.action,
    required: enrolment.required,
  };
}

/** An official's own account page: their second factor, whether they must have one, recovery codes left. */
export async function accountPage(
  db: Db,
  ctx: ViewContext,
  official: OfficialSession,
  page: { mode: 'required' | 'optional'; notice?: string; errors?: Record<string, string> },
) {
  const row = await accountSecurity(db, official.id);
  return AccountPage({
    ctx,
    enrolledAt: row.totp_secret ? row.totp_enrolled_at : null,
    remainingCodes: await remainingRecoveryCodes(db, official.id),
    zone: row.time_zone,
    required: secondFactorRequired(official.roles, { mode: page.mode, others: row.second_factor_others }),
    notice: page.notice,
    errors: page.errors ?? {},
  });
}
