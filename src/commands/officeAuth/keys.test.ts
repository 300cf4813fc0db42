import { describe, expect, it } from 'vitest';
import { signInKeys } from './keys.js';

const keys = signInKeys('a-server-secret-of-at-least-32-characters');

describe('sign-in keys', () => {
  it('seals a TOTP secret so that only the same key and owner open it', () => {
    const sealed = keys.seal('official:7', 'JBSWY3DPEHPK3PXP');
    expect(sealed).not.toContain('JBSWY3DPEHPK3PXP');
    expect(sealed).not.toBe(keys.seal('official:7', 'JBSWY3DPEHPK3PXP'));
    expect(keys.open('official:7', sealed)).toBe('JBSWY3DPEHPK3PXP');
    expect(() => keys.open('official:8', sealed)).toThrow();
    expect(() => signInKeys('another-server-secret-of-32-characters!').open('official:7', sealed)).toThrow();
    const tampered = sealed.slice(0, -2) + (sealed.endsWith('A') ? 'BA' : 'AA');
    expect(() => keys.open('official:7', tampered)).toThrow();
  });

  it('keys throttling and recovery hashes, never showing the address or login', () => {
    const source = keys.sourceKey('a1', '203.0.113.9');
    expect(source).not.toContain('203.0.113.9');
    expect(source).not.toBe(keys.sourceKey('a1', '203.0.113.10'));
    expect(keys.loginKey('a1')).not.toContain('a1');
    expect(keys.recoveryHash('ABCD2345EFGH')).toBe(keys.recoveryHash('ABCD2345EFGH'));
  });

  it('recognises its own browser marks only', () => {
    expect(keys.isBrowserMark('a1', keys.browserMark('a1'))).toBe(true);
    expect(keys.isBrowserMark('a2', keys.browserMark('a1'))).toBe(false);
    expect(keys.isBrowserMark('a1', undefined)).toBe(false);
    expect(keys.isBrowserMark('a1', 'forged')).toBe(false);
  });
});

describe('the sign-in secret', () => {
  it('is generated once into the data folder, readable by its owner only, unless configured', async () => {
    const fs = await import('node:fs');
    const os = await import('node:os');
    const path = await import('node:path');
    const { loadConfig } = await import('../../config.js');
    const { loadSignInSecret, SECRET_FILE } = await import('./keys.js');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'daylight-secret-'));
    try {
      const first = loadSignInSecret(loadConfig({ DATA_DIR: dir }));
      expect(first.length).toBeGreaterThanOrEqual(32);
      expect(fs.statSync(path.join(dir, SECRET_FILE)).mode & 0o777).toBe(0o600);
      expect(loadSignInSecret(loadConfig({ DATA_DIR: dir }))).toBe(first);
      expect(loadSignInSecret(loadConfig({ DATA_DIR: dir, SIGN_IN_SECRET: 'x'.repeat(40) }))).toBe('x'.repeat(40));
      fs.chmodSync(path.join(dir, SECRET_FILE), 0o644);
      expect(() => loadSignInSecret(loadConfig({ DATA_DIR: dir }))).toThrow(/chmod 600/);
      expect(() => loadConfig({ SIGN_IN_SECRET: 'too-short' })).toThrow(/SIGN_IN_SECRET/);
      expect(() => loadConfig({ SECOND_FACTOR: 'sometimes' })).toThrow(/SECOND_FACTOR/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
