import { describe, expect, it } from 'vitest';
import { seal, unseal } from './seal.js';

describe('seal', () => {
  it('opens only with the same credential and purpose', () => {
    const sealed = seal('7K3M-9QXD-2HWA', 'token-one', 'receipt');
    expect(sealed).not.toContain('7K3M');
    expect(unseal(sealed, 'token-one', 'receipt')).toBe('7K3M-9QXD-2HWA');
    expect(unseal(sealed, 'token-two', 'receipt')).toBeNull();
    expect(unseal(sealed, 'token-one', 'idempotency')).toBeNull();
  });

  it('gives a different text each time and refuses an altered one', () => {
    const a = seal('{"n":1}', 'k', 'p');
    expect(seal('{"n":1}', 'k', 'p')).not.toBe(a);
    const parts = a.split('.');
    const flipped = [parts[0], parts[1], parts[2], parts[3]!.replace(/^./, (c) => (c === 'A' ? 'B' : 'A'))].join('.');
    expect(unseal(flipped, 'k', 'p')).toBeNull();
    expect(unseal('garbage', 'k', 'p')).toBeNull();
    expect(unseal('v1.x.y.z', 'k', 'p')).toBeNull();
  });

  it.each(['', 'ascii', '한글 텍스트', '{"deep":{"x":[1,2,3]}}', 'x'.repeat(100_000)])('round-trips %#', (text) => {
    expect(unseal(seal(text, 'c', 'p'), 'c', 'p')).toBe(text);
  });
});
