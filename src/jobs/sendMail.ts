import type { Db } from '../db/types.js';
import { claimDueMail, linkSecret, markMailFailed, markMailSent } from '../db/repos/outbox.js';
import { retryDelayMs } from '../domain/notifications.js';
import { renderMail } from '../mail/render.js';
import type { Mailer } from '../mail/transport.js';
import { startKickable, type KickableJob } from './kickable.js';

/**
 * The mail sender: claims due outbox rows in a short transaction (one sender at a time, by advisory lock; each row
 * leased), sends them outside any transaction, then marks each sent or schedules its retry with exponential backoff.
 * A message is sent at most once unless the process dies between the SMTP acknowledgement and the mark; then it is
 * sent again after its lease, with the same Message-ID (ADR 0004).
 */

export interface SendOptions {
  publicUrl: string;
  /** Attempts before a message is given up (`failed_at`). */
  maxAttempts: number;
  /** Delay before the first retry; doubled for each further one. */
  retryBaseMs: number;
  /** How long a claimed message stays invisible to other senders. */
  leaseMs?: number;
  batch?: number;
  now?: () => Date;
}

export interface SendResult {
  sent: number;
  failed: number;
}

/** One pass: sends every due message it can claim. */
export async function sendPendingMail(db: Db, mailer: Mailer, options: SendOptions): Promise<SendResult> {
  const now = options.now ?? (() => new Date());
  const claimed = await claimDueMail(db, now(), options.batch ?? 50, options.leaseMs ?? 5 * 60_000);
  if (!claimed.length) return { sent: 0, failed: 0 };
  const secret = await linkSecret(db);
  let sent = 0;
  let failed = 0;
  for (const mail of claimed) {
    try {
      const message = renderMail(mail, { publicUrl: options.publicUrl, linkSecret: secret });
      const info = await mailer.send(message);
      await markMailSent(db, mail.id, info.messageId, now());
      sent++;
    } catch (error) {
      failed++;
      const retry = mail.attempts < options.maxAttempts ? new Date(now().getTime() + retryDelayMs(mail.attempts, options.retryBaseMs)) : null;
      await markMailFailed(db, mail.id, error instanceof Error ? error.message : String(error), now(), retry);
    }
  }
  return { sent, failed };
}

export type MailSender = KickableJob;

/** Starts sending on a timer and on demand; passes never overlap within the process. */
export function startMailSender(
  db: Db,
  mailer: Mailer,
  options: SendOptions & { intervalMs: number; onError: (error: unknown) => void },
): MailSender {
  const job = startKickable(async () => (await sendPendingMail(db, mailer, options)).sent > 0, options);
  return {
    kick: job.kick,
    async stop() {
      await job.stop();
      mailer.close();
    },
  };
}
