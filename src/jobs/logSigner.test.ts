import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.js';
import { generateKey, signNote, openNote, parseVerifierKey } from '../log/note.js';
import { defaultOrigin, KEY_FILE, loadLogSigner } from './logSigner.js';

const dirs: string[] = [];
function dataDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'daylight-key-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

describe('the log signing key', () => {
  it.each([
    ['http://127.0.0.1:3000', '127.0.0.1:3000/log'],
    ['https://daylight.example.org', 'daylight.example.org/log'],
    ['https://city.example.org/daylight/', 'city.example.org/daylight/log'],
  ])('defaults the origin of %s to %s', (url, origin) => {
    expect(defaultOrigin(url)).toBe(origin);
  });

  it('is generated on first start into the data folder, readable by the owner only, and reused afterwards', () => {
    const dir = dataDir();
    const config = loadConfig({ DATA_DIR: dir, PUBLIC_URL: 'https://daylight.example.org' });
    const first = loadLogSigner(config);
    expect(first).toMatchObject({ origin: 'daylight.example.org/log', source: 'file' });
    const file = path.join(dir, KEY_FILE);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.readFileSync(file, 'utf8')).toMatch(/^PRIVATE\+KEY\+daylight\.example\.org\/log\+[0-9a-f]{8}\+/);
    const again = loadLogSigner(config);
    expect(again.verifierKey).toBe(first.verifierKey);
    // The signer and the published key belong together.
    const note = signNote('daylight.example.org/log\n1\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n', [again.signer]);
    expect(openNote(note, [parseVerifierKey(first.verifierKey)]).verified).toHaveLength(1);
  });

  it('keeps the origin of the generated key even if the public address changes later', () => {
    const dir = dataDir();
    const first = loadLogSigner(loadConfig({ DATA_DIR: dir, PUBLIC_URL: 'http://127.0.0.1:3000' }));
    const later = loadLogSigner(loadConfig({ DATA_DIR: dir, PUBLIC_URL: 'https://daylight.example.org' }));
    expect(later.origin).toBe(first.origin);
  });

  it('refuses a key file other users can read', () => {
    const dir = dataDir();
    loadLogSigner(loadConfig({ DATA_DIR: dir }));
    fs.chmodSync(path.join(dir, KEY_FILE), 0o644);
    expect(() => loadLogSigner(loadConfig({ DATA_DIR: dir }))).toThrow(/chmod 600/);
  });

  it('comes from LOG_SIGNING_KEY when set, which must be named for LOG_ORIGIN, and is never echoed in errors', () => {
    const dir = dataDir();
    const { privateKey, verifierKey } = generateKey('daylight.example.org/log');
    const fromConfig = loadLogSigner(loadConfig({ DATA_DIR: dir, LOG_SIGNING_KEY: privateKey }));
    expect(fromConfig).toMatchObject({ origin: 'daylight.example.org/log', verifierKey, source: 'config' });
    expect(fs.existsSync(path.join(dir, KEY_FILE))).toBe(false);
    expect(() => loadLogSigner(loadConfig({ DATA_DIR: dir, LOG_SIGNING_KEY: privateKey, LOG_ORIGIN: 'other.example/log' }))).toThrow(
      /named daylight.example.org\/log but LOG_ORIGIN is other.example\/log/,
    );
    const broken = `${privateKey.slice(0, -6)}AAAAA=`;
    let message = '';
    try {
      loadLogSigner(loadConfig({ DATA_DIR: dir, LOG_SIGNING_KEY: broken }));
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/^LOG_SIGNING_KEY is not a valid/);
    expect(message).not.toContain(broken.split('+').at(-1)!.slice(0, 20));
    expect(() => loadConfig({ LOG_SIGNING_KEY: 'not-a-key' })).toThrow(/LOG_SIGNING_KEY/);
  });
});
