import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** One message as the test SMTP server received and parsed it. */
export interface ReceivedMail {
  envelopeTo: string[];
  to: string;
  subject: string;
  text: string;
  html: string;
  headers: Map<string, unknown>;
  messageId: string;
}

/** An in-process SMTP server that keeps what it receives; `failNext` refuses the next N messages with a 451. */
export interface TestSmtp {
  url: string;
  received: ReceivedMail[];
  failNext: number;
  close(): Promise<void>;
}

/** Starts a real SMTP server on a free local port (no TLS, no authentication). */
export async function startTestSmtp(): Promise<TestSmtp> {
  const state: TestSmtp = { url: '', received: [], failNext: 0, close: async () => {} };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', async () => {
        if (state.failNext > 0) {
          state.failNext--;
          const error = new Error('try again later') as Error & { responseCode: number };
          error.responseCode = 451;
          return callback(error);
        }
        const parsed = await simpleParser(Buffer.concat(chunks));
        state.received.push({
          envelopeTo: session.envelope.rcptTo.map((r) => r.address),
          to: parsed.to && !Array.isArray(parsed.to) ? parsed.to.text : '',
          subject: parsed.subject ?? '',
          text: parsed.text ?? '',
          html: typeof parsed.html === 'string' ? parsed.html : '',
          headers: parsed.headers as Map<string, unknown>,
          messageId: parsed.messageId ?? '',
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  state.url = `smtp://127.0.0.1:${port}`;
  state.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return state;
}
