import path from 'node:path';
import { z } from 'zod';
import { DEFAULT_OPEN_TENDER_THRESHOLDS, type OpenTenderThresholds } from './domain/redFlags.js';

/** Every setting Daylight reads from the environment, typed and documented; mirrored in `.env.example`. */
const schema = z.object({
  /** TCP port the HTTP server listens on. */
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** Interface to bind; 127.0.0.1 keeps a demo private, 0.0.0.0 serves a network. */
  HOST: z.string().min(1).default('127.0.0.1'),
  /** Folder for the embedded database, its lock file and generated keys. */
  DATA_DIR: z.string().min(1).default('data'),
  /** PostgreSQL connection string; when unset Daylight runs on embedded PGlite inside DATA_DIR. */
  DATABASE_URL: z.string().url().optional(),
  /** The address the public uses, e.g. https://daylight.example.org; defaults to http://HOST:PORT. */
  PUBLIC_URL: z.string().url().optional(),
  /** Send cookies with the Secure flag; defaults to true when PUBLIC_URL is https. */
  COOKIE_SECURE: z.enum(['true', 'false']).optional(),
  /** Largest accepted upload, in bytes, per file. */
  UPLOAD_MAX_BYTES: z.coerce.number().int().positive().default(10 * 1024 * 1024),
  /** Most files one submission may carry. */
  UPLOAD_MAX_FILES: z.coerce.number().int().positive().default(10),
  /** Fastify log level. */
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** 'json' (one JSON object a line, for a log collector) or 'pretty' (for people; `npm run demo` uses it). */
  LOG_FORMAT: z.enum(['json', 'pretty']).default('json'),
  /** Seed demo data on first start when the database is empty: 'full', 'small' or 'none'. */
  SEED: z.enum(['full', 'small', 'none']).default('none'),
  /** Hours an office session lasts at most from sign-in, however active (the absolute timeout). */
  SESSION_HOURS: z.coerce.number().positive().default(12),
  /** Minutes without any request after which an office session ends (the idle timeout). */
  SESSION_IDLE_MINUTES: z.coerce.number().positive().max(24 * 60).default(30),
  /** Officials' second factor (TOTP): 'required' for every role that sees personal data, or 'optional' (trials only). */
  SECOND_FACTOR: z.enum(['required', 'optional']).default('required'),
  /** Server secret (at least 32 characters) that keys encrypting TOTP secrets and hashing sign-in addresses; generated into DATA_DIR/sign-in.secret when unset. */
  SIGN_IN_SECRET: z.string().min(32, 'must be at least 32 characters (e.g. openssl rand -base64 48)').optional(),
  /** Failed sign-ins for one login from one address before that address must wait; each further failure doubles the wait. */
  LOGIN_MAX_FAILURES: z.coerce.number().int().positive().default(5),
  /** Longest wait, in minutes, imposed on one address for one login after repeated failures (never a lockout of the account). */
  LOCKOUT_MINUTES: z.coerce.number().positive().default(15),
  /** Failed sign-ins for one login from all addresses within an hour after which every new address waits LOGIN_SLOWDOWN_SECONDS between attempts. */
  LOGIN_GLOBAL_FAILURES: z.coerce.number().int().positive().default(100),
  /** Seconds between attempts on a login under distributed guessing (past LOGIN_GLOBAL_FAILURES); browsers that signed in to it before are exempt. */
  LOGIN_SLOWDOWN_SECONDS: z.coerce.number().int().min(1).max(3600).default(30),
  /** Requests per minute per address on submission and login forms. */
  FORM_RATE_LIMIT: z.coerce.number().int().positive().default(30),
  /** The transparency log's Ed25519 key (`PRIVATE+KEY+<origin>+...`); required when several instances share a database. */
  LOG_SIGNING_KEY: z.string().startsWith('PRIVATE+KEY+', 'must be a signed-note private key (PRIVATE+KEY+...)').optional(),
  /** The log's checkpoint origin, without scheme; defaults to the public host plus /log, e.g. daylight.example.org/log. */
  LOG_ORIGIN: z.string().regex(/^[^\s+]+$/, 'must be one word without spaces or "+"').optional(),
  /** Milliseconds between the log integrator's checks for new events (it also runs right after each write). */
  LOG_INTEGRATE_INTERVAL_MS: z.coerce.number().int().min(10).max(60_000).default(250),
  /** Minutes after which an act entered later than it happened is marked as a late entry on the timeline and in the audit view. */
  LATE_ENTRY_MINUTES: z.coerce.number().int().min(1).max(7 * 24 * 60).default(60),
  /** Days after a report's closure when its content, identity, messages and files are deleted (the figures stay); 0 keeps them. */
  REPORT_RETENTION_DAYS: z.coerce.number().int().min(0).max(3650).default(365),
  /** Reports in a cell of the reporting channel's public figures below which the cell's counts are withheld. */
  REPORT_MIN_CELL: z.coerce.number().int().min(1).max(100).default(5),
  /** The bodies investigators may refer a report to, comma-separated, from police, prosecutor, anti_corruption_commission, audit_board, ombudsman ("other" with a name is always offered). */
  REPORT_REFERRAL_BODIES: z
    .string()
    .default('police,prosecutor,anti_corruption_commission,audit_board,ombudsman')
    .transform((v) => v.split(',').map((b) => b.trim()).filter(Boolean))
    .pipe(z.array(z.enum(['police', 'prosecutor', 'anti_corruption_commission', 'audit_board', 'ombudsman'], 'must list only police, prosecutor, anti_corruption_commission, audit_board or ombudsman'))),
  /** Reports one address may file per hour (counted in memory under a keyed hash, never stored). */
  REPORT_FILE_LIMIT: z.coerce.number().int().min(1).max(1000).default(10),
  /** Receipts one address may try per hour on the reporter's mailbox (counted the same way). */
  REPORT_RECEIPT_LIMIT: z.coerce.number().int().min(1).max(1000).default(20),
  /** Milliseconds between scans for stages and applications passing their due dates; 0 turns the scan off. */
  OVERDUE_SCAN_INTERVAL_MS: z.coerce.number().int().min(0).max(86_400_000).default(60_000),
  /** SMTP server for outgoing mail, e.g. smtps://user:pass@mail.example.org:465; when unset, mail goes to MAIL_DIR. */
  SMTP_URL: z.string().regex(/^smtps?:\/\/[^\s]+$/, 'must be an smtp:// or smtps:// URL').optional(),
  /** The From address of outgoing mail, e.g. "Daylight <no-reply@daylight.example.org>"; defaults to no-reply at the public host. */
  MAIL_FROM: z.string().min(3).optional(),
  /** Folder that receives mail when no SMTP_URL is set (listed at /dev/mail); defaults to DATA_DIR/mail. */
  MAIL_DIR: z.string().min(1).optional(),
  /** Milliseconds between the mail sender's passes; it also runs right after each write, and only then when 0. */
  MAIL_SEND_INTERVAL_MS: z.coerce.number().int().min(0).max(3_600_000).default(2_000),
  /** Attempts to deliver one message before giving it up. */
  MAIL_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(8),
  /** Milliseconds before the first retry of a failed message; doubled for each further retry. */
  MAIL_RETRY_BASE_MS: z.coerce.number().int().min(100).max(86_400_000).default(60_000),
  /** Map tiles as an XYZ template, e.g. https://tile.openstreetmap.org/{z}/{x}/{y}.png; unset: no map, the list only (no third-party requests). */
  MAP_TILE_URL: z.string().superRefine((v, ctx) => { const problem = tileTemplateProblem(v); if (problem) ctx.addIssue({ code: 'custom', message: problem }); }).optional(),
  /** The credit the tile server requires, shown on the map, e.g. "© OpenStreetMap contributors". */
  MAP_TILE_ATTRIBUTION: z.string().max(300).default(''),
  /** Where the map opens when no area is chosen, as "lat,lng" in degrees. */
  MAP_CENTER: z
    .string()
    .regex(/^\s*-?\d{1,2}(\.\d+)?\s*,\s*-?\d{1,3}(\.\d+)?\s*$/, 'must be "lat,lng" in degrees, e.g. 37.5665,126.978')
    .refine((v) => { const [lat, lng] = v.split(',').map(Number); return Math.abs(lat!) <= 90 && Math.abs(lng!) <= 180; }, 'latitude must be within ±90 and longitude within ±180')
    .default('37.545,126.99')
    .transform((v) => { const [lat, lng] = v.split(',').map(Number); return { lat: lat!, lng: lng! }; }),
  /** Seconds public statistics are reused before being recomputed (in the background, serving the previous figures meanwhile); 0 recomputes on every request. */
  STATISTICS_CACHE_SECONDS: z.coerce.number().int().min(0).max(86_400).default(300),
  /** Seconds between the passes that recompute and store the auditors' signals of this year and the last (when anything changed); 0 stops the job. */
  SIGNALS_REFRESH_SECONDS: z.coerce.number().int().min(0).max(86_400).default(600),
  /** Megabytes of rendered public records (pages and API records for anonymous visitors) kept in memory; 0 keeps none. */
  RECORD_CACHE_MB: z.coerce.number().int().min(0).max(4_096).default(32),
  /** Milliseconds between the alert dispatcher's passes (matching new events to follows, sending digests); it also runs after each write. */
  ALERT_INTERVAL_MS: z.coerce.number().int().min(0).max(3_600_000).default(10_000),
  /** Local hour (0–23) at which daily digests of alerts are sent. */
  DIGEST_HOUR: z.coerce.number().int().min(0).max(23).default(8),
  /** IANA time zone of DIGEST_HOUR, e.g. Asia/Seoul. */
  DIGEST_TIME_ZONE: z.string().refine((zone) => Intl.supportedValuesOf('timeZone').includes(zone) || zone === 'UTC', 'must be an IANA time zone such as Asia/Seoul').default('Asia/Seoul'),
  /** Days after an application closes during which its applicant may rate the service or change their rating. */
  RATING_WINDOW_DAYS: z.coerce.number().int().min(1).max(365).default(30),
  /** Days an application saved to finish later (or waiting on its "check your answers" page) is kept before it is deleted. */
  DRAFT_TTL_DAYS: z.coerce.number().int().min(1).max(365).default(30),
  /** Integrity survey answers that wait in the ballot box before they are counted together, in a random order, so none can be matched to its invitation (ADR 0013). */
  INTEGRITY_MIX_BATCH: z.coerce.number().int().min(2).max(1000).default(5),
  /** 'on' lists the mail folder (every e-mail, sign-in links included) at /dev/mail for anyone: for a demo on a private address only; `npm run demo` turns it on. */
  MAIL_FOLDER_PAGE: z.enum(['on', 'off']).default('off'),
  /** The proxies in front of Daylight whose X-Forwarded-For is believed: their addresses or CIDR ranges, comma-separated, or a hop count; unset trusts none. */
  TRUST_PROXY: z
    .string()
    .regex(/^(\d{1,2}|[0-9a-fA-F.:]+(\/\d{1,3})?(\s*,\s*[0-9a-fA-F.:]+(\/\d{1,3})?)*)$/, 'must be a hop count (e.g. 1) or proxy addresses/CIDR ranges separated by commas (e.g. 10.0.0.0/8,127.0.0.1)')
    .optional(),
  /** Where to report a security problem, for /.well-known/security.txt (a mailto: or https: URI); defaults to security@ the public host. */
  SECURITY_CONTACT: z.string().regex(/^(mailto:|https:\/\/)\S+$/, 'must be a mailto: or https:// URI').optional(),
  /** Bearer token a Prometheus scraper must send to read /metrics (at least 32 characters); /metrics answers 404 unless this or METRICS_ALLOW is set. */
  METRICS_TOKEN: z.string().min(32, 'must be at least 32 characters (e.g. openssl rand -hex 32)').optional(),
  /** Addresses or CIDR ranges allowed to read /metrics, comma-separated (as the server sees them: see TRUST_PROXY); with METRICS_TOKEN, both must hold. */
  METRICS_ALLOW: z
    .string()
    .regex(/^[0-9a-fA-F.:]+(\/\d{1,3})?(\s*,\s*[0-9a-fA-F.:]+(\/\d{1,3})?)*$/, 'must be addresses or CIDR ranges separated by commas (e.g. 10.0.0.0/8,127.0.0.1)')
    .optional(),
  /** Seconds an event may wait for a signed checkpoint before /readyz reports the log integrator stalled. */
  READY_LOG_LAG_SECONDS: z.coerce.number().int().min(5).max(86_400).default(60),
  /** Passphrase (at least 16 characters) that encrypts the log's signing key and the sign-in secret inside backups; unset: backups carry no keys. */
  BACKUP_PASSPHRASE: z.string().min(16, 'must be at least 16 characters').optional(),
  /** PostgreSQL: milliseconds one statement may run before the server cancels it; 0 sets no limit. */
  DATABASE_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(0).max(86_400_000).default(30_000),
  /** PostgreSQL: milliseconds a connection may sit idle inside a transaction before the server ends it (and frees its locks); 0 sets no limit. */
  DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS: z.coerce.number().int().min(0).max(86_400_000).default(60_000),
  /** PostgreSQL: milliseconds a request waits for a database connection before it is answered 503 (service unavailable). */
  DATABASE_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(5_000),
  /** Folder the open-data downloads are built into and served from (listed at /data); defaults to DATA_DIR/open-data. */
  OPEN_DATA_DIR: z.string().min(1).optional(),
  /**
   * Where the heavy background jobs (the open-data build, the auditors' signals) run: 'auto' in a child process of
   * their own for each pass on PostgreSQL and in the server's process on the embedded database; 'inline' always in the server's process.
   */
  JOBS_PROCESS: z.enum(['auto', 'inline']).default('auto'),
  /** Heap limit, in MB, of each background job's child process (the signals of a year at 1,000,000 applications took about 550). */
  JOBS_HEAP_MB: z.coerce.number().int().min(64).max(65_536).default(2048),
  /** Hours between builds of the open-data downloads in the app process (at most 24, so they are refreshed at least daily); 0 builds them only with `daylight open-data`. */
  OPEN_DATA_REFRESH_HOURS: z.coerce.number().min(0).max(24).default(24),
  /** The licence the open data is published under until an administrator sets one on /admin/open-data: kogl-1 (Korea Open Government Licence, type 1: attribution), cc-by-4.0 or cc0-1.0. */
  OPEN_DATA_LICENCE: z.enum(['kogl-1', 'cc-by-4.0', 'cc0-1.0']).default('kogl-1'),
  /** Folders (separated by ':') searched for the fonts printed receipts and notices embed: Noto Sans CJK (Hangul, Chinese, Latin, Cyrillic) and Noto Sans Arabic; Debian's and Fedora's Noto folders when unset. */
  DOCUMENT_FONT_DIRS: z.string().min(1).optional(),
  /** Where people report an accessibility problem (a mailto: or https: URL), named on /accessibility; defaults to mailto:accessibility@ the public host. */
  ACCESSIBILITY_CONTACT: z.string().regex(/^(mailto:|https:\/\/)\S+$/, 'must be a mailto: or https:// URL').optional(),
  /**
   * OCDS `ocid` prefixes of contracting processes (ADR 0022): `CODE=ocds-xxxxxx` pairs, comma separated, one per
   * jurisdiction code; a jurisdiction not named uses OCDS_PREFIX. Register a prefix with the Open Contracting Partnership.
   */
  OCDS_PREFIXES: z.string().regex(/^([A-Z]{2,4}=ocds-[a-z0-9]{6})(,[A-Z]{2,4}=ocds-[a-z0-9]{6})*$/).optional(),
  OCDS_PREFIX: z.string().regex(/^ocds-[a-z0-9]{6}$/).default('ocds-dlight'),
  /**
   * The values below which a contract may be awarded directly, per category, in one currency (`CUR:works=N,goods=N,services=N`):
   * a direct award just under one is a red flag for auditors. Defaults to the demo city's won ceilings.
   */
  OPEN_TENDER_THRESHOLDS: z.string().regex(/^[A-Z]{3}:works=\d{1,14},goods=\d{1,14},services=\d{1,14}$/, 'must be CUR:works=N,goods=N,services=N').optional(),
});

export type Config = z.infer<typeof schema> & {
  publicUrl: string;
  cookieSecure: boolean;
  dataDir: string;
  mailFrom: string;
  mailDir: string;
  /** Whether /dev/mail lists the mail folder: asked for, and no SMTP server configured. */
  mailFolderPage: boolean;
  /** Fastify's `trustProxy`: false, a hop count, or the trusted proxies' addresses. */
  trustProxy: false | number | string[];
  securityContact: string;
  accessibilityContact: string;
  openDataDir: string;
  /** The `ocid` prefix of each jurisdiction code named in OCDS_PREFIXES. */
  ocdsPrefixes: Record<string, string>;
  /** OPEN_TENDER_THRESHOLDS read, or the default. */
  openTenderThresholds: OpenTenderThresholds;
};

/** Reads and validates the configuration; throws an error naming each invalid variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const picked = Object.fromEntries(Object.keys(schema.shape).map((k) => [k, env[k] === '' ? undefined : env[k]]));
  const parsed = schema.safeParse(picked);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const c = parsed.data;
  const publicUrl = (c.PUBLIC_URL ?? `http://${c.HOST === '0.0.0.0' ? 'localhost' : c.HOST}:${c.PORT}`).replace(/\/$/, '');
  const cookieSecure = c.COOKIE_SECURE ? c.COOKIE_SECURE === 'true' : publicUrl.startsWith('https:');
  const mailFrom = c.MAIL_FROM ?? `Daylight <no-reply@${new URL(publicUrl).hostname}>`;
  const mailDir = path.resolve(c.MAIL_DIR ?? path.join(c.DATA_DIR, 'mail'));
  if (c.MAIL_FOLDER_PAGE === 'on' && publicUrl.startsWith('https:')) {
    throw new Error('Invalid configuration:\n  MAIL_FOLDER_PAGE: must be off when PUBLIC_URL is https (it would show every e-mail, sign-in links included, to anyone)');
  }
  const mailFolderPage = c.MAIL_FOLDER_PAGE === 'on' && !c.SMTP_URL;
  const trustProxy = !c.TRUST_PROXY ? false : /^\d+$/.test(c.TRUST_PROXY) ? Number(c.TRUST_PROXY) : c.TRUST_PROXY.split(',').map((a) => a.trim());
  const securityContact = c.SECURITY_CONTACT ?? `mailto:security@${new URL(publicUrl).hostname}`;
  const openDataDir = path.resolve(c.OPEN_DATA_DIR ?? path.join(c.DATA_DIR, 'open-data'));
  const accessibilityContact = c.ACCESSIBILITY_CONTACT ?? `mailto:accessibility@${new URL(publicUrl).hostname}`;
  const ocdsPrefixes = Object.fromEntries((c.OCDS_PREFIXES ?? '').split(',').filter(Boolean).map((pair) => pair.split('=') as [string, string]));
  const openTenderThresholds = c.OPEN_TENDER_THRESHOLDS ? parseOpenTenderThresholds(c.OPEN_TENDER_THRESHOLDS) : DEFAULT_OPEN_TENDER_THRESHOLDS;
  return { ...c, publicUrl, cookieSecure, dataDir: path.resolve(c.DATA_DIR), mailFrom, mailDir, mailFolderPage, trustProxy, securityContact, accessibilityContact, openDataDir, ocdsPrefixes, openTenderThresholds };
}

/** Reads `CUR:works=N,goods=N,services=N` (already matched by the schema's pattern). */
function parseOpenTenderThresholds(text: string): OpenTenderThresholds {
  const [currency = '', pairs = ''] = text.split(':');
  const amounts = Object.fromEntries(pairs.split(',').map((p) => p.split('=')).map(([k, v]) => [k, Number(v)]));
  return { currency, amounts: { works: amounts.works ?? 0, goods: amounts.goods ?? 0, services: amounts.services ?? 0 } };
}

/**
 * What is wrong with a map tile URL template, or null when it is usable: http(s), with {z}, {x} and {y}, and
 * {s} (a subdomain) only as the host's first label so the Content-Security-Policy can name the origin.
 */
export function tileTemplateProblem(template: string): string | null {
  if (!/^https?:\/\//.test(template)) return 'must start with http:// or https://';
  for (const p of ['{z}', '{x}', '{y}']) if (!template.includes(p)) return `must contain ${p}, e.g. https://tile.example.org/{z}/{x}/{y}.png`;
  if (/[{}]/.test(template.replace(/\{[zxysr]\}/g, ''))) return 'may only contain the placeholders {z}, {x}, {y}, {s} and {r}';
  let url: URL;
  try {
    url = new URL(template.replace(/^(https?:\/\/)\{s\}\./, '$1a.').replace(/\{[zxysr]\}/g, '0'));
  } catch {
    return 'is not a valid URL';
  }
  if (url.username || url.password) return 'must not contain a user name or password';
  const host = template.replace(/^https?:\/\/(\{s\}\.)?/, '').split('/')[0]!;
  if (host.includes('{') || /\{s\}/.test(template.replace(/^https?:\/\/\{s\}\./, ''))) return 'may name a placeholder in the host only as {s}, its first label';
  return null;
}

/** The Content-Security-Policy source of a tile template's server, e.g. https://*.tile.example.org for {s}. */
export function tileOrigin(template: string): string {
  const url = new URL(template.replace(/^(https?:\/\/)\{s\}\./, '$1a.').replace(/\{[zxysr]\}/g, '0'));
  return template.match(/^https?:\/\/\{s\}\./) ? `${url.protocol}//*.${url.host.slice(2)}` : url.origin;
}
