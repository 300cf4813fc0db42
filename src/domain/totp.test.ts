import { describe, expect, it } from 'vitest';
import { checkTotp, newTotpSecret, totpCode, totpStep, totpUri } from './totp.js';

// RFC 6238 appendix B's SHA-1 secret ("12345678901234567890") in base32.
const RFC_SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
const at = (seconds: number) => new Date(seconds * 1000);

describe('TOTP codes', () => {
  it.each([
    [59, '287082'],
    [1111111109, '081804'],
    [1234567890, '005924'],
    [2000000000, '279037'],
  ])('match RFC 6238 at %i s', (seconds, code) => {
    expect(totpCode(RFC_SECRET, at(seconds))).toBe(code);
  });

  it('makes 160-bit base32 secrets and an otpauth address apps read', () => {
    expect(newTotpSecret()).toMatch(/^[A-Z2-7]{32}$/);
    expect(totpUri(RFC_SECRET, 'db.build.1', 'Daylight city.example')).toMatch(/^otpauth:\/\/totp\/.*db\.build\.1\?.*secret=GEZDGNBVGY3TQOJQ/);
  });
});

describe('checking a typed code', () => {
  const now = at(1_000_000_020); // step 33333334, 20 s into it
  const step = totpStep(now);
  const code = (offsetSteps: number) => totpCode(RFC_SECRET, at((step + offsetSteps) * 30 + 1));
  it.each([
    ['the current step', 0, null, { ok: true, step }],
    ['the previous step (typed late)', -1, null, { ok: true, step: step - 1 }],
    ['the next step (a clock ahead)', 1, null, { ok: true, step: step + 1 }],
    ['two steps back', -2, null, { ok: false, reason: 'invalid' }],
    ['two steps ahead', 2, null, { ok: false, reason: 'invalid' }],
    ['the step already used', 0, step, { ok: false, reason: 'replayed' }],
    ['an earlier step than the one used', -1, step, { ok: false, reason: 'replayed' }],
    ['the next step after the current was used', 1, step, { ok: true, step: step + 1 }],
  ] as const)('%s', (_name, offset, lastStep, expected) => {
    expect(checkTotp({ secret: RFC_SECRET, typed: code(offset), now, lastStep })).toEqual(expected);
  });

  it.each([['', 'empty'], ['12345', 'five digits'], ['1234567', 'seven digits'], ['abcdef', 'letters']])('refuses %j (%s)', (typed) => {
    expect(checkTotp({ secret: RFC_SECRET, typed, now, lastStep: null })).toEqual({ ok: false, reason: 'invalid' });
  });

  it('accepts a code typed with spaces', () => {
    const typed = code(0).replace(/(\d{3})/, '$1 ');
    expect(checkTotp({ secret: RFC_SECRET, typed, now, lastStep: null })).toEqual({ ok: true, step });
  });
});
