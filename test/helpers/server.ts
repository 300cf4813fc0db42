import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { loadConfig } from '../../src/config.js';
import { TOTP_PERIOD_S, totpCode, totpStep } from '../../src/domain/totp.js';
import type { LogDestination } from '../../src/http/logging.js';
import { buildServer } from '../../src/http/server.js';
import type { TestDatabase } from './db.js';
import { TEST_SIGN_IN_SECRET, totpSecretOf } from './fixture.js';

/**
 * What a test server's officials' authenticator apps know: the clock second-factor codes are checked against
 * (moved on when one official signs in again within the same 30 s, as a code is accepted only once), the last
 * step each login used, and the secrets of officials who enrolled through the enrolment page.
 */
interface Authenticators {
  offsetMs: number;
  lastStep: Map<string, number>;
  secrets: Map<string, string>;
}
const authenticators = new WeakMap<FastifyInstance, Authenticators>();

/** The configuration test servers run with: quiet, with limits a test can reach, and a known sign-in secret. */
export function testConfig(env: Record<string, string> = {}) {
  return loadConfig({ LOG_LEVEL: 'silent', DATA_DIR: 'memory://', FORM_RATE_LIMIT: '1000', REPORT_FILE_LIMIT: '1000', REPORT_RECEIPT_LIMIT: '1000', UPLOAD_MAX_BYTES: String(256 * 1024), STATISTICS_CACHE_SECONDS: '0', SIGN_IN_SECRET: TEST_SIGN_IN_SECRET, ...env });
}

/**
 * A server over a test database, quiet, with limits a test can reach. `beforeReady` may add hooks (e.g. to watch
 * errors) before the server is sealed.
 */
export async function testServer(
  database: TestDatabase,
  env: Record<string, string> = {},
  options: { beforeReady?: (app: FastifyInstance) => void; logStream?: LogDestination } = {},
): Promise<FastifyInstance> {
  const state: Authenticators = { offsetMs: 0, lastStep: new Map(), secrets: new Map() };
  const app = await buildServer({ db: database.db, config: testConfig(env), secondFactorClock: () => new Date(Date.now() + state.offsetMs), logStream: options.logStream });
  authenticators.set(app, state);
  options.beforeReady?.(app);
  await app.ready();
  return app;
}

/** The time on a test server's second-factor clock. */
export function secondFactorNow(app: FastifyInstance): Date {
  return new Date(Date.now() + (authenticators.get(app)?.offsetMs ?? 0));
}

/**
 * A fresh authenticator code for a login, as its app shows it: from the fixture's known secret, or the one the
 * official enrolled with here. When the current step was already used, the server's clock moves on to the next.
 */
export function authenticatorCode(app: FastifyInstance, login: string): string {
  const state = authenticators.get(app);
  if (!state) throw new Error('not a test server');
  const last = state.lastStep.get(login);
  const step = totpStep(secondFactorNow(app));
  if (last !== undefined && step <= last) state.offsetMs += (last + 1 - step) * TOTP_PERIOD_S * 1000;
  const now = secondFactorNow(app);
  state.lastStep.set(login, totpStep(now));
  return totpCode(state.secrets.get(login) ?? totpSecretOf(login), now);
}

/** Remembers the secret a login enrolled with through the enrolment page (read from the page, like a person would). */
export function rememberSecret(app: FastifyInstance, login: string, secret: string): void {
  authenticators.get(app)?.secrets.set(login, secret.replace(/\s/g, ''));
  authenticators.get(app)?.lastStep.delete(login);
}

/** A browser-like client for inject: keeps cookies and reads CSRF tokens from the forms it gets. */
export class Client {
  cookies = new Map<string, string>();
  /** `address` is the client's IP address as the server sees it (`request.ip`); 127.0.0.1 when not given. */
  constructor(readonly app: FastifyInstance, readonly address?: string) {}

  private get remote() {
    return this.address ? { remoteAddress: this.address } : {};
  }

  get cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  private keep(res: LightMyRequestResponse) {
    for (const c of res.cookies as { name: string; value: string; maxAge?: number }[]) {
      if (c.value === '' || c.maxAge === 0) this.cookies.delete(c.name);
      else this.cookies.set(c.name, c.value);
    }
    return res;
  }

  async get(url: string, headers: Record<string, string> = {}) {
    return this.keep(await this.app.inject({ method: 'GET', url, headers: { cookie: this.cookieHeader, ...headers }, ...this.remote }));
  }

  /** A CSRF token valid for this client, taken from a page with a form. */
  async csrf(page = '/track'): Promise<string> {
    const res = await this.get(page);
    const token = res.body.match(/name="_csrf" value="([^"]+)"/)?.[1];
    if (!token) throw new Error(`no CSRF token on ${page}`);
    return token;
  }

  async postForm(url: string, fields: Record<string, string | string[]>, options: { csrf?: string | false } = {}) {
    const token = options.csrf === undefined ? await this.csrf() : options.csrf;
    const body = new URLSearchParams();
    for (const [k, v] of Object.entries(fields)) for (const item of Array.isArray(v) ? v : [v]) body.append(k, item);
    if (token) body.set('_csrf', token);
    return this.keep(
      await this.app.inject({
        method: 'POST',
        url,
        headers: { cookie: this.cookieHeader, 'content-type': 'application/x-www-form-urlencoded' },
        payload: body.toString(),
        ...this.remote,
      }),
    );
  }

  async postMultipart(url: string, fields: Record<string, string>, files: { field: string; filename: string; bytes: Buffer; type?: string }[], options: { csrf?: string | false } = {}) {
    const token = options.csrf === undefined ? await this.csrf() : options.csrf;
    const boundary = '----daylight-test-boundary';
    const parts: Buffer[] = [];
    const all = { ...(token ? { _csrf: token } : {}), ...fields };
    for (const [k, v] of Object.entries(all)) {
      parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
    }
    for (const f of files) {
      parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${f.field}"; filename="${f.filename}"\r\nContent-Type: ${f.type ?? 'application/pdf'}\r\n\r\n`));
      parts.push(f.bytes, Buffer.from('\r\n'));
    }
    parts.push(Buffer.from(`--${boundary}--\r\n`));
    return this.keep(
      await this.app.inject({
        method: 'POST',
        url,
        headers: { cookie: this.cookieHeader, 'content-type': `multipart/form-data; boundary=${boundary}` },
        payload: Buffer.concat(parts),
        ...this.remote,
      }),
    );
  }

  /**
   * Signs an official in through the whole flow: password, then the authenticator code (or, for an official not
   * enrolled yet, the enrolment page: its key read from the page, a first code, the recovery codes). Returns the
   * response that opened the session.
   */
  async login(login: string, password: string) {
    const first = await this.postForm('/office/login', { login, password }, { csrf: await this.csrf('/office/login') });
    if (first.statusCode !== 303) throw new Error(`login ${login} failed: ${first.statusCode}`);
    const step = first.headers.location?.toString() ?? '';
    if (step.startsWith('/office/sign-in/code')) {
      const res = await this.postForm('/office/sign-in/code', { code: authenticatorCode(this.app, login) }, { csrf: await this.csrf('/office/sign-in/code') });
      if (res.statusCode !== 303) throw new Error(`second factor of ${login} refused: ${res.statusCode}`);
      return res;
    }
    if (step.startsWith('/office/sign-in/enrol')) {
      const page = await this.get('/office/sign-in/enrol');
      const secret = page.body.match(/data-testid="totp-secret">([A-Z2-7 ]+)</)?.[1];
      if (!secret) throw new Error(`no key on the enrolment page of ${login}`);
      rememberSecret(this.app, login, secret);
      const token = page.body.match(/name="_csrf" value="([^"]+)"/)![1]!;
      const res = await this.postForm('/office/sign-in/enrol', { code: authenticatorCode(this.app, login) }, { csrf: token });
      if (res.statusCode !== 200 || !res.body.includes('data-testid="recovery-codes"')) throw new Error(`enrolment of ${login} failed: ${res.statusCode}`);
      return res;
    }
    return first;
  }
}
