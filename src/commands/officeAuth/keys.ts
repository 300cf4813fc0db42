/**
 * The sign-in secret and the keys derived from it (HKDF-SHA256, one key per purpose): AES-256-GCM for TOTP secrets
 * at rest, and HMAC-SHA256 for recovery codes, throttling keys (login, address) and trusted-browser marks. The
 * secret comes from SIGN_IN_SECRET or from DATA_DIR/sign-in.secret, generated on first start (mode 0600), never
 * from the database: a copy of the database alone then reveals no TOTP secret and no address. ADR 0008.
 */
import { createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../../config.js';
import { ownerSealer } from '../../domain/seal.js';

/** File in DATA_DIR holding the generated secret, readable by the owner only. */
export const SECRET_FILE = 'sign-in.secret';

/** What sign-in needs from the server secret; the secret itself never leaves this module. */
export interface SignInKeys {
  /** Encrypts a TOTP secret for one official (the ciphertext is bound to `owner`, e.g. `official:42`). */
  seal(owner: string, plaintext: string): string;
  /** Decrypts what `seal` made for the same owner; throws when it was altered or made for another. */
  open(owner: string, sealed: string): string;
  /** The keyed hash of a recovery code (already normalised). */
  recoveryHash(code: string): string;
  /** The throttling key of a login, and of a (login, client address) pair. */
  loginKey(login: string): string;
  sourceKey(login: string, address: string): string;
  /** The mark a browser keeps after signing in to a login, and whether a mark is genuine for it. */
  browserMark(login: string): string;
  isBrowserMark(login: string, mark: string | undefined): boolean;
}

const derive = (secret: string, purpose: string) => Buffer.from(hkdfSync('sha256', secret, 'daylight sign-in', purpose, 32));

/** Derives the sign-in keys from a server secret. */
export function signInKeys(secret: string): SignInKeys {
  const sealing = derive(secret, 'totp secret encryption v1');
  const recovery = derive(secret, 'recovery code hash v1');
  const throttle = derive(secret, 'throttle key v1');
  const browser = derive(secret, 'trusted browser v1');
  const mac = (key: Buffer, ...parts: string[]) => createHmac('sha256', key).update(parts.join('\u0000')).digest('base64url');
  return {
    ...ownerSealer(sealing),
    recoveryHash: (code) => mac(recovery, code),
    loginKey: (login) => `login:${mac(throttle, 'login', login)}`,
    sourceKey: (login, address) => `source:${mac(throttle, 'source', login, address)}`,
    browserMark: (login) => mac(browser, login),
    isBrowserMark(login, mark) {
      if (!mark) return false;
      const expected = Buffer.from(mac(browser, login));
      const given = Buffer.from(mark);
      return given.length === expected.length && timingSafeEqual(given, expected);
    },
  };
}

/**
 * The server's sign-in secret: SIGN_IN_SECRET, else DATA_DIR/sign-in.secret, else a new random one written there
 * (mode 0600). Throws a message naming the file when it is open to other users.
 */
export function loadSignInSecret(config: Pick<Config, 'SIGN_IN_SECRET' | 'dataDir'>): string {
  if (config.SIGN_IN_SECRET) return config.SIGN_IN_SECRET;
  const file = path.join(config.dataDir, SECRET_FILE);
  if (!fs.existsSync(file)) {
    fs.mkdirSync(config.dataDir, { recursive: true });
    try {
      // 'wx' fails if another process created the file meanwhile; then that secret is the one to use.
      const fd = fs.openSync(file, 'wx', 0o600);
      fs.writeFileSync(fd, `${randomBytes(48).toString('base64url')}\n`);
      fs.fsyncSync(fd);
      fs.closeSync(fd);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  const mode = fs.statSync(file).mode & 0o777;
  if (mode & 0o077) throw new Error(`${file} is open to other users (mode ${mode.toString(8)}); run chmod 600 on it.`);
  const secret = fs.readFileSync(file, 'utf8').trim();
  if (secret.length < 32) throw new Error(`${file} holds a secret shorter than 32 characters; delete it to generate a new one (officials must then enrol again).`);
  return secret;
}
