import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DIGEST_LENGTH, digestOfLeafHash, displayDocumentCode, formatDocumentCode, normalisePassage, parseDocumentCode } from './documentCode.js';

/** A naive base32 of the first 50 bits, bit by bit, to cross-check the shifting one. */
function naiveDigest(bytes: Uint8Array): string {
  const bits = [...bytes].map((b) => b.toString(2).padStart(8, '0')).join('');
  let out = '';
  for (let i = 0; i < DIGEST_LENGTH; i++) out += '0123456789ABCDEFGHJKMNPQRSTVWXYZ'[parseInt(bits.slice(i * 5, i * 5 + 5), 2)];
  return out;
}

describe('document codes', () => {
  it.each([
    ['zeros', new Uint8Array(32)],
    ['ones', new Uint8Array(32).fill(255)],
    ['a leaf hash', createHash('sha256').update('entry').digest()],
    ['another', createHash('sha256').update('other entry').digest()],
  ])('digest of %s is the first 50 bits in Crockford base32', (_name, hash) => {
    expect(digestOfLeafHash(hash)).toBe(naiveDigest(hash));
  });

  it('formats for links and for people, and reads either back', () => {
    const code = { number: '2026-GN-0001234', seq: 7, digest: 'K3QX9M2PT7' };
    expect(formatDocumentCode(code)).toBe('2026-GN-0001234.7.K3QX9M2PT7');
    expect(displayDocumentCode(code)).toBe('2026-GN-0001234 · 7 · K3QX9-M2PT7');
    expect(parseDocumentCode(formatDocumentCode(code))).toEqual(code);
    expect(parseDocumentCode(displayDocumentCode(code))).toEqual(code);
  });

  it.each([
    ['lower case with spaces', ' 2026-gn-0001234 7 k3qx9 m2pt7 ', { number: '2026-GN-0001234', seq: 7, digest: 'K3QX9M2PT7' }],
    ['slashes', '2026-GN-0001234/12/K3QX9-M2PT7', { number: '2026-GN-0001234', seq: 12, digest: 'K3QX9M2PT7' }],
    ['misread letters', '2026-GN-0001234.1.O1LI0M2PT7', { number: '2026-GN-0001234', seq: 1, digest: '01110M2PT7' }],
  ])('reads %s', (_name, input, expected) => {
    expect(parseDocumentCode(input)).toEqual(expected);
  });

  it.each([
    ['empty', ''],
    ['no digest', '2026-GN-0001234.7'],
    ['short digest', '2026-GN-0001234.7.K3QX9'],
    ['long digest', '2026-GN-0001234.7.K3QX9M2PT77'],
    ['a letter outside the alphabet', '2026-GN-0001234.7.K3QX9M2PTU'],
    ['sequence zero', '2026-GN-0001234.0.K3QX9M2PT7'],
    ['a malformed number', '26-GN-1234.7.K3QX9M2PT7'],
    ['a very long input', `2026-GN-0001234.7.${'K'.repeat(200)}`],
    ['a name', 'Hong Gildong'],
  ])('refuses %s', (_name, input) => {
    expect(parseDocumentCode(input)).toBeNull();
  });

  it('compares printed passages regardless of line breaks and spacing', () => {
    expect(normalisePassage('  Fence\n the site\tduring  works ')).toBe('Fence the site during works');
  });
});
