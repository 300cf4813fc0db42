import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { formatCheckpoint, openCheckpoint, parseCheckpoint, signCheckpoint, type Checkpoint } from './checkpoint.js';
import { LogError } from './errors.js';
import { emptyRoot } from './hash.js';
import { generateKey, parseSignerKey, parseVerifierKey, signNote } from './note.js';

const reason = (r: string) => expect.objectContaining({ reason: r });
const ROOT = Buffer.from('CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=', 'base64');

describe('checkpoint text', () => {
  it('parses the spec example body and formats it back byte for byte', () => {
    const text = 'example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n';
    const checkpoint = parseCheckpoint(text);
    expect(checkpoint).toMatchObject({ origin: 'example.com/behind-the-sofa', size: 20_852_163, extensions: [] });
    expect(Buffer.from(checkpoint.rootHash).equals(ROOT)).toBe(true);
    expect(formatCheckpoint(checkpoint)).toBe(text);
  });

  it('keeps extension lines and formats the empty tree with size 0', () => {
    const withExtensions = 'log\n5\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\nfoo bar\nbaz\n';
    expect(parseCheckpoint(withExtensions).extensions).toEqual(['foo bar', 'baz']);
    expect(formatCheckpoint(parseCheckpoint(withExtensions))).toBe(withExtensions);
    expect(formatCheckpoint({ origin: 'log', size: 0, rootHash: emptyRoot(), extensions: [] })).toBe(
      'log\n0\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n',
    );
  });

  it('round-trips any valid checkpoint (property)', () => {
    const line = fc.string({ minLength: 1, maxLength: 30 }).filter((s) => !/[\u0000-\u001f]/.test(s));
    const hash = fc.uint8Array({ minLength: 32, maxLength: 32 });
    fc.assert(
      fc.property(line, fc.maxSafeNat(), hash, fc.array(line, { maxLength: 3 }), (origin, size, rootHash, ext) => {
        const checkpoint: Checkpoint = { origin, size, rootHash, extensions: ext };
        const parsed = parseCheckpoint(formatCheckpoint(checkpoint));
        expect({ ...parsed, rootHash: [...parsed.rootHash] }).toEqual({ ...checkpoint, rootHash: [...rootHash] });
      }),
    );
  });

  const root = 'CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=';
  it.each([
    ['a missing final newline', `log\n5\n${root}`],
    ['too few lines', 'log\n5\n'],
    ['an empty origin', `\n5\n${root}\n`],
    ['a leading zero in the size', `log\n05\n${root}\n`],
    ['a signed size', `log\n+5\n${root}\n`],
    ['a size with spaces', `log\n 5\n${root}\n`],
    ['a size in hex', `log\n0x5\n${root}\n`],
    ['a size past 2^53', `log\n9007199254740993\n${root}\n`],
    ['a short root', `log\n5\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2=\n`],
    ['a root in unpadded base64', `log\n5\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I\n`],
    ['a root in URL-safe base64', `log\n5\nCsUYapGGPo4dkMgIAUqom_Xajj7h2fB2MPA3j2jxq2I=\n`],
    ['a root with non-canonical trailing bits', `log\n5\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2J=\n`],
    ['an empty extension line', `log\n5\n${root}\n\nx\n`],
    ['a carriage return', `log\r\n5\n${root}\n`],
  ])('rejects a checkpoint with %s', (_what, text) => {
    expect(() => parseCheckpoint(text)).toThrow(reason('malformed'));
  });

  it('refuses to format a checkpoint it could not parse', () => {
    expect(() => formatCheckpoint({ origin: 'a\nb', size: 1, rootHash: ROOT, extensions: [] })).toThrow(LogError);
    expect(() => formatCheckpoint({ origin: 'log', size: -1, rootHash: ROOT, extensions: [] })).toThrow(LogError);
    const short = ROOT.subarray(1);
    expect(() => formatCheckpoint({ origin: 'log', size: 1, rootHash: short, extensions: [] })).toThrow(LogError);
    expect(() => formatCheckpoint({ origin: 'log', size: 1, rootHash: ROOT, extensions: [''] })).toThrow(LogError);
  });
});

describe('signed checkpoints', () => {
  const key = generateKey('daylight.example.org/log');
  const signer = parseSignerKey(key.privateKey);
  const checkpoint: Checkpoint = { origin: 'daylight.example.org/log', size: 1234, rootHash: ROOT, extensions: [] };

  it('opens a checkpoint signed by the log key, from the vkey string or a parsed key', () => {
    const note = signCheckpoint(checkpoint, signer);
    expect(note.startsWith('daylight.example.org/log\n1234\n')).toBe(true);
    expect(openCheckpoint(note, key.verifierKey).checkpoint.size).toBe(1234);
    expect(openCheckpoint(note, parseVerifierKey(key.verifierKey)).checkpoint.origin).toBe(checkpoint.origin);
  });

  it('rejects a checkpoint for another origin than the key name or the one asked for', () => {
    const note = signCheckpoint({ ...checkpoint, origin: 'other.example/log' }, signer);
    expect(() => openCheckpoint(note, key.verifierKey)).toThrow(reason('wrong_origin'));
    expect(openCheckpoint(note, key.verifierKey, { origin: 'other.example/log' }).checkpoint.size).toBe(1234);
  });

  it('rejects a changed size, a foreign key and a signed body that is not a checkpoint', () => {
    const note = signCheckpoint(checkpoint, signer);
    const changed = note.replace('\n1234\n', '\n1235\n');
    expect(() => openCheckpoint(changed, key.verifierKey)).toThrow(reason('invalid_signature'));
    const stranger = generateKey('daylight.example.org/log').verifierKey;
    expect(() => openCheckpoint(note, stranger)).toThrow(reason('unknown_key'));
    expect(() => openCheckpoint(signNote('daylight.example.org/log\nlots\n', [signer]), key.verifierKey)).toThrow(
      reason('malformed'),
    );
  });
});
