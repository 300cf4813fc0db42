import fs from 'node:fs/promises';
import path from 'node:path';
import type { Transporter } from 'nodemailer';
import type { Config } from '../config.js';

/** A message ready to send. */
export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Becomes the Message-ID, so a receiver can tell a repeat from a new message. */
  idempotencyKey: string;
  locale: string;
  headers?: Record<string, string>;
}

/** Sends mail: over SMTP when configured, otherwise into a folder the developer page lists. */
export interface Mailer {
  kind: 'smtp' | 'folder';
  send(message: MailMessage): Promise<{ messageId: string }>;
  close(): void;
}

/** A message as written into the mail folder (`<name>.json` beside `<name>.eml`). */
export interface StoredMail {
  messageId: string;
  date: string;
  from: string;
  to: string;
  subject: string;
  text: string;
  locale: string;
}

/** The Mailer the configuration asks for. */
export function createMailer(config: Pick<Config, 'SMTP_URL' | 'mailFrom' | 'mailDir' | 'publicUrl'>): Mailer {
  const host = new URL(config.publicUrl).hostname || 'daylight.invalid';
  const envelope = (m: MailMessage) => ({
    from: config.mailFrom,
    to: m.to,
    subject: m.subject,
    text: m.text,
    html: m.html,
    messageId: `<${m.idempotencyKey}@${host}>`,
    headers: { 'Content-Language': m.locale, 'Auto-Submitted': 'auto-generated', ...m.headers },
  });
  // nodemailer is loaded with the first message rather than at start; `close` closes a transport only if one was made.
  let transport: Promise<Transporter> | undefined;
  const open = () =>
    (transport ??= import('nodemailer').then(({ default: nodemailer }) =>
      config.SMTP_URL ? nodemailer.createTransport(config.SMTP_URL) : nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' })));
  const close = () => void transport?.then((t) => t.close());
  if (config.SMTP_URL) {
    return {
      kind: 'smtp',
      async send(m) {
        const info = await (await open()).sendMail(envelope(m));
        return { messageId: info.messageId };
      },
      close,
    };
  }
  return {
    kind: 'folder',
    async send(m) {
      const info = await (await open()).sendMail(envelope(m));
      await fs.mkdir(config.mailDir, { recursive: true });
      const date = new Date();
      const name = `${date.toISOString().replace(/[:.]/g, '-')}-${m.idempotencyKey.replace(/[^\w-]/g, '_')}`;
      const stored: StoredMail = { messageId: info.messageId, date: date.toISOString(), from: config.mailFrom, to: m.to, subject: m.subject, text: m.text, locale: m.locale };
      await fs.writeFile(path.join(config.mailDir, `${name}.eml`), info.message as Buffer);
      await fs.writeFile(path.join(config.mailDir, `${name}.json`), JSON.stringify(stored, null, 2));
      return { messageId: info.messageId };
    },
    close,
  };
}

/** The messages in the mail folder, newest first; [] when the folder does not exist. */
export async function readMailFolder(dir: string, limit = 200): Promise<StoredMail[]> {
  let names: string[];
  try {
    names = (await fs.readdir(dir)).filter((n) => n.endsWith('.json'));
  } catch {
    return [];
  }
  names.sort().reverse();
  const out: StoredMail[] = [];
  for (const n of names.slice(0, limit)) out.push(JSON.parse(await fs.readFile(path.join(dir, n), 'utf8')) as StoredMail);
  return out;
}
