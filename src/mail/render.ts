import type { Locale, Localized } from '../domain/types.js';
import { isLocale, translator, type Translate, pick, intlTag } from '../i18n/index.js';
import type { ClaimedMail } from '../db/repos/outbox.js';
import { signLink } from './links.js';
import type { FollowTarget } from '../db/repos/follows.js';
import { followTargetText } from '../presenters/follows.js';
import type { MailMessage } from './transport.js';
import type { DraftSavedParams } from '../commands/drafts/saveDraft.js';
import type { IntegrityInvitationParams } from '../commands/integrity/inviteToSurvey.js';

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
    case 'follow_confirm':
      return followConfirm(mail, mail.params as unknown as FollowConfirmParams, t, locale, ctx);
    case 'follow_exists':
      return followExists(mail, mail.params as unknown as FollowConfirmParams, t, locale, ctx);
    case 'follow_alert':
    case 'follow_digest':
      return followAlert(mail, mail.params as unknown as AlertMailParams, t, locale, ctx);
    case 'draft_saved':
      return draftSaved(mail, mail.params as unknown as DraftSavedParams, t, locale, ctx);
    case 'integrity_invitation':
      return integrityInvitation(mail, mail.params as unknown as IntegrityInvitationParams, t, locale, ctx);
    default:
      throw new Error(`unknown mail kind ${mail.kind}`);
  }
}

function applicantEvent(mail: ClaimedMail, p: ApplicantEventParams, t: Translate, locale: Locale, ctx: RenderContext): MailMessage {
  const what = t(`event.${p.type}`, { stage: p.stage ? pick(p.stage, locale) : '', unit: '' });
  const unsubscribe = `${ctx.publicUrl}/mail/unsubscribe/${signLink(ctx.linkSecret, { p: 'unsubscribe_applicant', a: mail.application_id! })}`;
  const lines: Line[] = [
    t('mail.greeting'),
    t('mail.applicant.body', { number: p.number, title: p.title, what }),
  ];
  if (p.outcome) lines.push(t('mail.applicant.outcome', { outcome: t(`status.${p.outcome}`) }));
  if (p.type === 'supplement_requested') lines.push(t('mail.applicant.supplement'));
  // The closing e-mail invites the applicant to rate the service, through a signed link that needs no sign-in.
  if (p.type === 'decision' || p.type === 'withdrawn') {
    lines.push(t('mail.applicant.rate'));
    lines.push({ label: t('mail.applicant.rate_link'), href: `${ctx.publicUrl}/rate/${signLink(ctx.linkSecret, { p: 'rate', a: mail.application_id! })}` });
  }
  lines.push({ label: t('mail.applicant.public_link'), href: `${ctx.publicUrl}/applications/${p.number}` });
  // The private page, not the bare sign-in form: signed in with this address it opens without the access code.
  lines.push({ label: t('mail.applicant.track_link'), href: `${ctx.publicUrl}/my/${p.number}` });
  const subjectWhat = p.outcome ? `${what}: ${t(`status.${p.outcome}`)}` : what;
  return compose(mail, t, t('mail.applicant.subject', { number: p.number, what: subjectWhat }), lines, unsubscribe, t('mail.footer.applicant'));
}

/**
 * The invitation to the integrity survey, its own message beside the closing e-mail: a single-use link (its token is
 * dropped from the outbox once sent), the deadline, and who will see the answers: no one by name.
 */
function integrityInvitation(mail: ClaimedMail, p: IntegrityInvitationParams, t: Translate, locale: Locale, ctx: RenderContext): MailMessage {
  const until = new Intl.DateTimeFormat(intlTag(locale), { dateStyle: 'long', timeZone: p.zone }).format(new Date(p.until));
  const lines: Line[] = [
    t('mail.greeting'),
    t('integrity.mail.body', { number: p.number }),
    t('integrity.mail.anonymous'),
    { label: t('integrity.mail.link'), href: `${ctx.publicUrl}/integrity/survey/${p.token}?lang=${locale}` },
    t('integrity.mail.until', { date: until }),
  ];
  return compose(mail, t, t('integrity.mail.subject', { year: p.year, number: p.number }), lines, undefined, t('integrity.mail.footer'));
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

/** The link back to an application saved to finish later, and until when it works. */
function draftSaved(mail: ClaimedMail, p: DraftSavedParams, t: Translate, locale: Locale, ctx: RenderContext): MailMessage {
  const until = new Intl.DateTimeFormat(intlTag(locale), { dateStyle: 'long', timeZone: p.zone }).format(new Date(p.until));
  const lines: Line[] = [
    t('mail.greeting'),
    t('draft.mail.body', { procedure: pick(p.procedure, locale), until }),
    { label: t('draft.mail.link'), href: `${ctx.publicUrl}/apply/${p.token}` },
    t('draft.mail.keep_private'),
  ];
  return compose(mail, t, t('draft.mail.subject', { procedure: pick(p.procedure, locale) }), lines, undefined, t('draft.mail.footer'));
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

/** One public step of an application as an alert e-mail lists it. */
export interface AlertItem {
  number: string;
  title: string;
  address: string;
  procedure: Localized;
  type: string;
  stage?: Localized;
  outcome?: string;
  at: string;
}

/** Parameters of an instant alert or a digest, stored with the outbox row. */
export interface AlertMailParams {
  follow: number;
  target: FollowTarget;
  items: AlertItem[];
  /** Items left out of a digest past DIGEST_MAX_ITEMS. */
  more: number;
}

/** Parameters of a follow's confirmation e-mail (double opt-in). */
export interface FollowConfirmParams {
  follow: number;
  frequency: string;
  target: FollowTarget;
}

function followConfirm(mail: ClaimedMail, p: FollowConfirmParams, t: Translate, locale: Locale, ctx: RenderContext): MailMessage {
  const target = followTargetText(t, locale, p.target);
  const lines: Line[] = [
    t('mail.greeting'),
    t('mail.follow_confirm.body', { target, frequency: p.frequency }),
    { label: t('mail.follow_confirm.link'), href: `${ctx.publicUrl}/follows/confirm/${signLink(ctx.linkSecret, { p: 'follow_confirm', f: p.follow })}` },
    t('mail.follow_confirm.not_you'),
  ];
  return compose(mail, t, t('mail.follow_confirm.subject'), lines, undefined, t('mail.footer.follow_confirm'));
}

/** Someone asked again for alerts this address already receives: say so, with the link that manages them. */
function followExists(mail: ClaimedMail, p: FollowConfirmParams, t: Translate, locale: Locale, ctx: RenderContext): MailMessage {
  const manage = `${ctx.publicUrl}/follows/${signLink(ctx.linkSecret, { p: 'follow', f: p.follow })}`;
  const lines: Line[] = [
    t('mail.greeting'),
    t('mail.follow_exists.body', { target: followTargetText(t, locale, p.target), frequency: p.frequency }),
    { label: t('mail.follow.manage'), href: manage },
    t('mail.follow_confirm.not_you'),
  ];
  return compose(mail, t, t('mail.follow_exists.subject'), lines, manage, t('mail.footer.follow_confirm'));
}

/** One public step as an alert lists it: "2026-DB-0000123 “New house” (Building permit, 12 Main St): Decision — Approved". */
function alertItemText(item: AlertItem, t: Translate, locale: Locale): string {
  const what = eventWhat(item, t, locale);
  const outcome = item.outcome ? ` — ${t(`status.${item.outcome}`)}` : '';
  return t('mail.follow.item', { number: item.number, title: item.title, procedure: pick(item.procedure, locale), address: item.address, what: what + outcome });
}

/** An event's name, with its stage (or "whole application" for a deadline of the whole). */
function eventWhat(item: AlertItem, t: Translate, locale: Locale): string {
  return t(`event.${item.type}`, { stage: item.stage ? pick(item.stage, locale) : t('event.whole_application'), unit: '' });
}

function followAlert(mail: ClaimedMail, p: AlertMailParams, t: Translate, locale: Locale, ctx: RenderContext): MailMessage {
  const target = followTargetText(t, locale, p.target);
  const manage = `${ctx.publicUrl}/follows/${signLink(ctx.linkSecret, { p: 'follow', f: p.follow })}`;
  const lines: Line[] = [t('mail.greeting'), t(mail.kind === 'follow_digest' ? 'mail.follow_digest.intro' : 'mail.follow_alert.intro', { target })];
  for (const item of p.items) {
    lines.push(alertItemText(item, t, locale));
    lines.push({ label: t('mail.follow.open', { number: item.number }), href: `${ctx.publicUrl}/applications/${item.number}` });
  }
  if (p.more) lines.push(t('mail.follow_digest.more', { count: p.more }));
  lines.push({ label: t('mail.follow.manage'), href: manage });
  const first = p.items[0];
  const subject =
    mail.kind === 'follow_digest' || !first
      ? t('mail.follow_digest.subject', { count: p.items.length + p.more })
      : t('mail.follow_alert.subject', { number: first.number, what: eventWhat(first, t, locale) });
  return compose(mail, t, subject, lines, manage, t('mail.footer.follow', { target }));
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
