import type { Locale, Localized } from '../domain/types.js';
import { isLocale, translator, type Translate } from '../i18n/index.js';
import type { ClaimedMail } from '../db/repos/outbox.js';
import { signLink } from './links.js';
import type { MailMessage } from './transport.js';

/** What rendering needs besides the outbox row. */
export interface RenderContext {
  publicUrl: string;
  linkSecret: string;
}

/** Public parameters of an applicant's notification, stored with the outbox row (no personal data beyond the recipient). */
export interface ApplicantEventParams {
  number: string;
  title: string;
  type: string;
  stage?: Localized;
  outcome?: string;
}

/** Renders an outbox row into the e-mail, in the recipient's language; throws on an unknown kind. */
export function renderMail(mail: ClaimedMail, ctx: RenderContext): MailMessage {
  const locale: Locale = isLocale(mail.locale) ? mail.locale : 'ko';
  const t = translator(locale);
  switch (mail.kind) {
    case 'applicant_event':
      return applicantEvent(mail, mail.params as unknown as ApplicantEventParams, t, locale, ctx);
    case 'inquiry_answered':
      return inquiryAnswered(mail, mail.params as unknown as InquiryAnsweredParams, t, ctx);
    case 'citizen_sign_in':
      return citizenSignIn(mail, mail.params as unknown as SignInParams, t, ctx);
    default:
      throw new Error(`unknown mail kind ${mail.kind}`);
  }
}

function applicantEvent(mail: ClaimedMail, p: ApplicantEventParams, t: Translate, locale: Locale, ctx: RenderContext): MailMessage {
  const what = t(`event.${p.type}`, { stage: p.stage ? p.stage[locale] : '', unit: '' });
  const unsubscribe = `${ctx.publicUrl}/mail/unsubscribe/${signLink(ctx.linkSecret, { p: 'unsubscribe_applicant', a: mail.application_id! })}`;
  const lines: Line[] = [
    t('mail.greeting'),
    t('mail.applicant.body', { number: p.number, title: p.title, what }),
  ];
  if (p.outcome) lines.push(t('mail.applicant.outcome', { outcome: t(`status.${p.outcome}`) }));
  if (p.type === 'supplement_requested') lines.push(t('mail.applicant.supplement'));
  lines.push({ label: t('mail.applicant.public_link'), href: `${ctx.publicUrl}/applications/${p.number}` });
  lines.push({ label: t('mail.applicant.track_link'), href: `${ctx.publicUrl}/track` });
  return compose(mail, t, t('mail.applicant.subject', { number: p.number, what }), lines, unsubscribe, t('mail.footer.applicant'));
}

/** Parameters of a sign-in e-mail: the link's token (its only copy outside the mail) and how long it lasts. */
export interface SignInParams {
  token: string;
  minutes: number;
}

function citizenSignIn(mail: ClaimedMail, p: SignInParams, t: Translate, ctx: RenderContext): MailMessage {
  const lines: Line[] = [
    t('mail.greeting'),
    t('mail.sign_in.body', { minutes: p.minutes }),
    { label: t('mail.sign_in.link'), href: `${ctx.publicUrl}/signin/${p.token}` },
    t('mail.sign_in.not_you'),
  ];
  return compose(mail, t, t('mail.sign_in.subject'), lines, undefined, t('mail.footer.sign_in'));
}

/** Parameters of the e-mail telling an asker their question was answered (the answer itself is on the page). */
export interface InquiryAnsweredParams {
  number: string;
  title: string;
  no: number;
}

function inquiryAnswered(mail: ClaimedMail, p: InquiryAnsweredParams, t: Translate, ctx: RenderContext): MailMessage {
  const lines: Line[] = [
    t('mail.greeting'),
    t('mail.inquiry.body', { number: p.number, title: p.title, no: p.no }),
    { label: t('mail.inquiry.link'), href: `${ctx.publicUrl}/applications/${p.number}#inquiry-${p.no}` },
    { label: t('mail.inquiry.private_link'), href: `${ctx.publicUrl}/me` },
  ];
  return compose(mail, t, t('mail.inquiry.subject', { number: p.number, no: p.no }), lines, undefined, t('mail.footer.inquiry'));
}

type Line = string | { label: string; href: string };

/** Plain text and HTML bodies from the same lines, with the footer and a List-Unsubscribe header. */
function compose(mail: ClaimedMail, t: Translate, subject: string, lines: Line[], unsubscribe: string | undefined, why: string): MailMessage {
  const text = [
    ...lines.map((l) => (typeof l === 'string' ? l : `${l.label}: ${l.href}`)),
    '',
    '--',
    why,
    ...(unsubscribe ? [`${t('mail.footer.unsubscribe')}: ${unsubscribe}`] : []),
  ].join('\n\n');
  const html = [
    `<!doctype html><html lang="${escapeHtml(mail.locale)}"><body>`,
    ...lines.map((l) => (typeof l === 'string' ? `<p>${escapeHtml(l)}</p>` : `<p><a href="${escapeHtml(l.href)}">${escapeHtml(l.label)}</a></p>`)),
    `<hr><p><small>${escapeHtml(why)}${unsubscribe ? ` <a href="${escapeHtml(unsubscribe)}">${escapeHtml(t('mail.footer.unsubscribe'))}</a>` : ''}</small></p>`,
    '</body></html>',
  ].join('\n');
  return { to: mail.recipient, subject, text, html, idempotencyKey: mail.idempotency_key, locale: mail.locale, headers: unsubscribe ? { 'List-Unsubscribe': `<${unsubscribe}>` } : {} };
}

/** Escapes text for HTML content and attribute values. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}
