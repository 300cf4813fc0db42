/**
 * The in-browser text check (`public/commitment.js`), run in Node with the same Web Crypto API the browser has,
 * against the server's `commitText`: any text, salts of the server's form, and line breaks the way HTML shows them.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { webcrypto } from 'node:crypto';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { commitText, newSalt, normalizeText } from '../../src/domain/inquiry.js';

interface CommitmentModule {
  commitText(salt: string, text: string, subtle?: SubtleCrypto): Promise<string>;
  matchesCommitment(salt: string, shown: string, sha256: string, subtle?: SubtleCrypto): Promise<boolean>;
}

const subtle = webcrypto.subtle as unknown as SubtleCrypto;
let browser: CommitmentModule;
beforeAll(async () => {
  // A computed specifier: the script is plain JavaScript for browsers, with no TypeScript declarations.
  browser = (await import(pathToFileURL(path.resolve('public/commitment.js')).href)) as CommitmentModule;
});

describe('public/commitment.js', () => {
  it('computes the same commitment as the server for any text', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'grapheme', maxLength: 200 }), async (text) => {
        const salt = newSalt();
        expect(await browser.commitText(salt, text, subtle)).toBe(commitText(salt, text));
      }),
      { numRuns: 200 },
    );
  });

  it.each([
    ['a one-line text', 'Why so slow?', 'Why so slow?', true],
    ['Korean', '왜 이렇게 오래 걸리나요?', '왜 이렇게 오래 걸리나요?', true],
    ['a stored LF text shown as is', 'line one\nline two', 'line one\nline two', true],
    ['an older CR LF text, shown with LF by the HTML parser', 'line one\r\nline two', 'line one\nline two', true],
    ['a changed text', 'We approve it.', 'We reject it.', false],
    ['a text with a space added', 'Why so slow?', 'Why so slow? ', false],
  ])('%s', async (_name, stored, shown, match) => {
    const salt = newSalt();
    expect(await browser.matchesCommitment(salt, shown, commitText(salt, stored), subtle)).toBe(match);
  });

  it('refuses a right text under another salt', async () => {
    expect(await browser.matchesCommitment(newSalt(), 'Why so slow?', commitText(newSalt(), 'Why so slow?'), subtle)).toBe(false);
  });
});

describe('normalizeText', () => {
  it.each([
    ['  padded  ', 'padded'],
    ['a\r\nb', 'a\nb'],
    ['a\rb', 'a\nb'],
    ['a\n\nb\r\n', 'a\n\nb'],
  ])('%j → %j', (input, output) => expect(normalizeText(input)).toBe(output));
});
