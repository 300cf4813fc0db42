import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { loadConfig } from '../../src/config.js';
import { buildServer } from '../../src/http/server.js';
import type { TestDatabase } from './db.js';

/** The configuration test servers run with: quiet, with limits a test can reach. */
export function testConfig(env: Record<string, string> = {}) {
  return loadConfig({ LOG_LEVEL: 'silent', DATA_DIR: 'memory://', FORM_RATE_LIMIT: '1000', UPLOAD_MAX_BYTES: String(256 * 1024), STATISTICS_CACHE_SECONDS: '0', ...env });
}

/**
 * A server over a test database, quiet, with limits a test can reach. `beforeReady` may add hooks (e.g. to watch
 * errors) before the server is sealed.
 */
export async function testServer(
  database: TestDatabase,
  env: Record<string, string> = {},
  options: { beforeReady?: (app: FastifyInstance) => void } = {},
): Promise<FastifyInstance> {
  const app = await buildServer({ db: database.db, config: testConfig(env) });
  options.beforeReady?.(app);
  await app.ready();
  return app;
}

/** A browser-like client for inject: keeps cookies and reads CSRF tokens from the forms it gets. */
export class Client {
  cookies = new Map<string, string>();
  constructor(readonly app: FastifyInstance) {}

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
    return this.keep(await this.app.inject({ method: 'GET', url, headers: { cookie: this.cookieHeader, ...headers } }));
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
      }),
    );
  }

  async login(login: string, password: string) {
    const res = await this.postForm('/office/login', { login, password }, { csrf: await this.csrf('/office/login') });
    if (res.statusCode !== 303) throw new Error(`login ${login} failed: ${res.statusCode}`);
    return res;
  }
}
