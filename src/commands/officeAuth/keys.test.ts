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
