import { describe, expect, it } from 'vitest';
import { cleanBody, withoutInvisibleControls } from './text.js';

describe('invisible controls', () => {
  it.each([
    ['Corner bakery', 'Corner bakery'],
    ['abc\u202Efdp.exe', 'abcfdp.exe'],
    ['\u2066isolate\u2069', 'isolate'],
    ['\u202Aembed\u202C', 'embed'],
    ['\u202Dltr override', 'ltr override'],
    ['line\nbreak\ttab\r', 'line\nbreak\ttab\r'],
    ['مرحبا\u200F 123 \u061C', 'مرحبا\u200F 123 \u061C'],
    ['한글 제목', '한글 제목'],
    ['note\u0001', 'note'],
    ['bell\u0007 escape\u001b[31m', 'bell escape[31m'],
    ['vertical\u000btab\u000cfeed', 'verticaltabfeed'],
    ['delete\u007f and C1\u0085\u009b', 'delete and C1'],
    ['nul\u0000 stays to be refused', 'nul\u0000 stays to be refused'],
    ['Ä é ñ \u00a0 no-break space', 'Ä é ñ \u00a0 no-break space'],
  ])('%j', (given, expected) => {
    expect(withoutInvisibleControls(given)).toBe(expected);
  });

  it('cleans nested bodies and multipart fields but leaves files alone', () => {
    const file = { type: 'file', filename: 'a\u202E.pdf', _buf: Buffer.from('x') };
    const body = cleanBody({ title: 'a\u202Eb\u0001', roles: ['x\u2067', 'y'], nested: { deep: 'q\u2066' }, part: { type: 'field', value: 'v\u202E' }, file });
    expect(body).toEqual({ title: 'ab', roles: ['x', 'y'], nested: { deep: 'q' }, part: { type: 'field', value: 'v' }, file });
  });
});
