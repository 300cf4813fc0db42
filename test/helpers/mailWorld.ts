import type { FastifyInstance } from 'fastify';
import { loadConfig } from '../../src/config.js';
import type { SendOptions } from '../../src/jobs/sendMail.js';
import { createMailer, type Mailer } from '../../src/mail/transport.js';
import { openTestDatabase, type DIALECTS, type TestDatabase } from './db.js';
import { createFixture, type Fixture } from './fixture.js';
import { testServer } from './server.js';
import { startTestSmtp, type TestSmtp } from './smtp.js';

/** A test database with its fixture, a real in-process SMTP server, a mailer sending to it and a server using it. */
export interface MailWorld {
  database: TestDatabase;
  fx: Fixture;
  smtp: TestSmtp;
  mailer: Mailer;
  server: FastifyInstance;
  /** Options for `sendPendingMail` (three attempts, a minute's first retry). */
  sendOptions: SendOptions;
  close(): Promise<void>;
}

/** Opens a MailWorld whose links point at `publicUrl`. */
export async function openMailWorld(dialect: (typeof DIALECTS)[number], publicUrl: string): Promise<MailWorld> {
  const database = await openTestDatabase(dialect);
  const fx = await createFixture(database.db);
  const smtp = await startTestSmtp();
  const mailer = createMailer(loadConfig({ SMTP_URL: smtp.url, PUBLIC_URL: publicUrl }));
  const server = await testServer(database, { PUBLIC_URL: publicUrl, SMTP_URL: smtp.url });
  return {
    database, fx, smtp, mailer, server,
    sendOptions: { publicUrl, maxAttempts: 3, retryBaseMs: 60_000 },
    async close() {
      await server.close();
      mailer.close();
      await smtp.close();
      await database.close();
    },
  };
}
