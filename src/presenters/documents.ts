/**
 * The documents an applicant keeps: the receipt and the decision notice, as `documents/pdf` prints them, and the
 * certificate that ties each to one public event of the record (ADR 0018). Everything certified comes from the public
 * presentation; the applicant's name is added to the printed page only, in its own section, and never enters the code.
 */
import { digestOfLeafHash, displayDocumentCode, formatDocumentCode, type DocumentCode } from '../domain/documentCode.js';
import type { PublicActor } from '../db/schema.js';
import type { PrintedDocument, PrintedField } from '../documents/pdf.js';
import { pickMarked, type Formatters, type Translate } from '../i18n/index.js';
import type { Locale } from '../domain/types.js';
import { entryForEvent, leafHash } from '../log/hash.js';
import type { PublicApplication, PublicEvent } from './public.js';

/** The two kinds of document, each certifying one event: the filing, or the latest decision. */
export type DocumentKind = 'receipt' | 'decision';

/** What ties a printed document to the record: its code, the full leaf hash, and the log entry once it has one. */
export interface Certificate {
  code: DocumentCode;
  /** SHA-256 leaf hash (RFC 6962) of the event's log entry, hex. */
  leafHash: string;
  logIndex: number | null;
}

/** The event a document of `kind` certifies, if the application has one. */
export function certifiedEvent(app: PublicApplication, kind: DocumentKind): PublicEvent | undefined {
  if (kind === 'receipt') return app.events.find((e) => e.type === 'received');
  return [...app.events].reverse().find((e) => e.type === 'decision');
}

/** The kind of document an event is certified by, if any. */
export function kindOfEvent(event: PublicEvent): DocumentKind | undefined {
  return event.type === 'received' ? 'receipt' : event.type === 'decision' ? 'decision' : undefined;
}

/** The certificate of a public event: its leaf hash, recomputed from the public form exactly as the log hashes it. */
export function certificateOf(event: PublicEvent): Certificate {
  const hash = leafHash(entryForEvent(event));
  return {
    code: { number: event.application, seq: event.seq, digest: digestOfLeafHash(hash) },
    leafHash: Buffer.from(hash).toString('hex'),
    logIndex: event.log?.index ?? null,
  };
}

/** The public address of a document's verification page. */
export function verificationUrl(publicUrl: string, code: DocumentCode): string {
  return `${publicUrl}/verify/${formatDocumentCode(code)}`;
}

/** An actor as plain text, as the timeline names them. */
export function actorText(t: Translate, locale: Locale, actor: PublicActor | null): string {
  if (!actor) return '—';
  if (actor.kind === 'applicant') return t('actor.applicant');
  const unit = actor.unit ? pickMarked(actor.unit.name, locale) : '';
  if (actor.kind === 'system') return t('actor.system', { unit });
  const title = pickMarked(actor.title, locale);
  const who = actor.name ? `${pickMarked(actor.name, locale)}, ${title}` : title;
  return unit ? `${who} · ${unit}` : who;
}

/** What a printed document needs from the reader's language. */
export interface DocumentContext {
  locale: Locale;
  t: Translate;
  fmt: Formatters;
}

/** The public facts both documents print about the application. */
function applicationFields(ctx: DocumentContext, app: PublicApplication): PrintedField[] {
  const { t, locale } = ctx;
  return [
    { label: t('document.number'), value: app.number },
    { label: t('application.procedure'), value: pickMarked(app.procedure.name, locale) },
    { label: t('apply.project_title'), value: app.title },
    { label: t('apply.address'), value: app.location.address },
    { label: t('application.unit'), value: pickMarked(app.unit.name, locale) },
  ];
}

function verificationBlock(ctx: DocumentContext, certificate: Certificate, publicUrl: string): PrintedDocument['verification'] {
  const { t, fmt } = ctx;
  const url = verificationUrl(publicUrl, certificate.code);
  return {
    heading: t('document.verify_heading'),
    url,
    lines: [
      t('document.verify_how', { url: `${publicUrl}/verify` }),
      t('document.verify_code', { code: displayDocumentCode(certificate.code) }),
      certificate.logIndex === null ? t('document.log_pending') : t('document.log_entry', { index: fmt.number(certificate.logIndex) }),
      t('document.leaf_hash', { hash: certificate.leafHash }),
      url,
    ],
  };
}

function applicantSection(ctx: DocumentContext, applicantName: string) {
  return {
    heading: ctx.t('document.applicant_heading'),
    fields: [{ label: ctx.t('apply.name'), value: applicantName }],
    note: ctx.t('document.applicant_private'),
  };
}

/** What either document is made from: the public record with its clock, and the applicant's name for their copy. */
export interface DocumentProps {
  app: PublicApplication;
  applicantName: string;
  publicUrl: string;
  /** The jurisdiction's time zone, which the document's times are printed in. */
  zone: string;
  printedAt: Date;
}

/** A document around its own sections: the issuer, the certified event's verification block, the footer. */
function printedDocument(ctx: DocumentContext, props: DocumentProps, event: PublicEvent, title: string, sections: PrintedDocument['sections']): PrintedDocument {
  const { t, fmt, locale } = ctx;
  return {
    locale,
    issuer: `${pickMarked(props.app.jurisdiction.name, locale)} · ${pickMarked(props.app.unit.name, locale)}`,
    title,
    sections,
    verification: verificationBlock(ctx, certificateOf(event), props.publicUrl),
    footer: t('document.footer', { date: fmt.dateTime(props.printedAt, props.zone), site: props.publicUrl }),
  };
}

/** The receipt: the filing as recorded, its legal due date, and how to come back. */
export function receiptDocument(ctx: DocumentContext, props: DocumentProps): PrintedDocument | undefined {
  const { t, fmt } = ctx;
  const { app, zone } = props;
  const received = certifiedEvent(app, 'receipt');
  if (!received) return undefined;
  const facts = [
    ...applicationFields(ctx, app),
    { label: t('application.received'), value: `${fmt.dateTime(received.occurred_at, zone)} · ${t(`channel.${app.channel}`)}` },
    ...(app.clock?.application.due_at ? [{ label: t('journey.receipt_due'), value: fmt.date(app.clock.application.due_at, zone) }] : []),
  ];
  const comeBack = t('document.come_back', { url: `${props.publicUrl}/track`, signin: `${props.publicUrl}/signin` });
  return printedDocument(ctx, props, received, t('document.receipt_title'), [
    { heading: t('journey.receipt_facts'), fields: facts },
    applicantSection(ctx, props.applicantName),
    { heading: t('journey.come_back_heading'), fields: [{ label: '', value: comeBack }] },
  ]);
}

/** The decision notice: the outcome with its reasons, conditions and routes of redress, as the record states them. */
export function decisionDocument(ctx: DocumentContext, props: DocumentProps): PrintedDocument | undefined {
  const { t, fmt, locale } = ctx;
  const { app, zone } = props;
  const decision = certifiedEvent(app, 'decision');
  if (!decision) return undefined;
  const text = (key: string) => (typeof decision.data[key] === 'string' ? String(decision.data[key]) : '');
  const decisionFields: PrintedField[] = [
    { label: t('document.outcome'), value: t(`status.${String(decision.data.outcome ?? app.status)}`) },
    { label: t('document.decided_at'), value: fmt.dateTime(decision.occurred_at, zone) },
    { label: t('document.decided_by'), value: actorText(t, locale, decision.actor) },
    ...(['reasons', 'conditions', 'redress'] as const).flatMap((key) => (text(key) ? [{ label: t(`event.field.${key}`), value: text(key) }] : [])),
  ];
  return printedDocument(ctx, props, decision, t('document.decision_title'), [
    { heading: t('journey.decision_heading'), fields: decisionFields },
    { heading: t('document.application_heading'), fields: applicationFields(ctx, app) },
    applicantSection(ctx, props.applicantName),
  ]);
}
