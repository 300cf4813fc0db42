import { describe, expect, it } from 'vitest';
import { cleanFilename, sniffType } from './documents.js';

describe('sniffType', () => {
  it.each([
    ['pdf', Buffer.from('%PDF-1.7\n...'), 'application/pdf'],
    ['png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]), 'image/png'],
    ['jpeg', Buffer.from([0xff, 0xd8, 0xff, 0xe0]), 'image/jpeg'],
    ['webp', Buffer.from('RIFF\0\0\0\0WEBPVP8 '), 'image/webp'],
    ['html claiming to be pdf', Buffer.from('<html>%PDF-'), null],
    ['exe', Buffer.from('MZ\x90\x00'), null],
    ['empty', Buffer.alloc(0), null],
  ])('%s', (_name, bytes, want) => {
    expect(sniffType(bytes)).toBe(want);
  });
});

describe('cleanFilename', () => {
  it.each([
    ['../../etc/passwd', 'passwd'],
    ['C:\\Users\\kim\\도면.pdf', '도면.pdf'],
    ['a"b<c>.pdf', 'abc.pdf'],
    ['', 'document'],
  ])('%j → %j', (input, want) => expect(cleanFilename(input)).toBe(want));
});
