import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { LogError } from './errors.js';
import {
  formatVerifierKey,
  generateKey,
  isValidKeyName,
  keyId,
  openNote,
  parseSignerKey,
  parseVerifierKey,
  signNote,
} from './note.js';

// The C2SP signed-note spec's example ("Verifier keys" > "Example").
const SPEC_VKEY = 'example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k';
const SPEC_NOTE =
  'This is an example message.\n\n' +
  '— example.com/foo Uw2QOkn8srV1yJGh2VYRlL1Tnagv1YEq6TfXppzi2ONncAlTgK7Ztg1ERYNZXsYjOBH3mFXmRKuwHjG1Yu72IneyaQM=\n';

// The documented example of golang.org/x/mod/sumdb/note, the reference implementation. Ed25519 is
// deterministic, so signing the text with this private key must give exactly this note.
const GO_VKEY = 'PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW';
const GO_SKEY = 'PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz';
const GO_TEXT = "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n";
const GO_SIG_B64 = 'x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=';
const GO_SIG = `— PeterNeumann ${GO_SIG_B64}\n`;
const GO_NOTE = `${GO_TEXT}\n${GO_SIG}`;

const reason = (r: string) => expect.objectContaining({ reason: r });

describe('golden notes', () => {
  it('verifies the spec example with its vkey', () => {
    const verifier = parseVerifierKey(SPEC_VKEY);
    expect(verifier.name).toBe('example.com/foo');
    expect(verifier.keyId).toBe(0x530d903a);
    expect(keyId(verifier.name, verifier.publicKey)).toBe(0x530d903a);
    expect(openNote(SPEC_NOTE, [verifier])).toMatchObject({
      text: 'This is an example message.\n',
      verified: [{ name: 'example.com/foo', keyId: 0x530d903a }],
      unverified: [],
    });
  });

  it('reproduces the Go reference note byte for byte from its private key', () => {
    const signer = parseSignerKey(GO_SKEY);
    expect(signer.keyId).toBe(0xc74f20a3);
    expect(signer.verifierKey).toBe(GO_VKEY);
    expect(signNote(GO_TEXT, [signer])).toBe(GO_NOTE);
    expect(openNote(Buffer.from(GO_NOTE, 'utf8'), [parseVerifierKey(GO_VKEY)]).text).toBe(GO_TEXT);
  });
});

describe('keys', () => {
  it('generates keys whose private and verifier forms match and carry the spec key ID', () => {
    const { privateKey, verifierKey } = generateKey('daylight.example.org/log');
    expect(privateKey).toMatch(/^PRIVATE\+KEY\+daylight\.example\.org\/log\+[0-9a-f]{8}\+A[A-Za-z0-9+/]{43}$/);
    expect(verifierKey).toMatch(/^daylight\.example\.org\/log\+[0-9a-f]{8}\+A[A-Za-z0-9+/]{43}$/);
    const signer = parseSignerKey(privateKey);
    const verifier = parseVerifierKey(verifierKey);
    expect(signer.verifierKey).toBe(verifierKey);
    expect(verifier.keyId).toBe(signer.keyId);
    expect(formatVerifierKey(verifier.name, verifier.publicKey)).toBe(verifierKey);
    expect(verifierKey.split('+')[1]).toBe(privateKey.split('+')[3]);
  });

  it.each([
    ['a key ID that does not match', 'example.com/foo+530d903b+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k'],
    ['uppercase hex', 'example.com/foo+530D903A+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k'],
    ['a short key ID', 'example.com/foo+530d903+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k'],
    ['another signature type', 'example.com/foo+530d903a+AkyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k'],
    ['a truncated key', 'example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U'],
    ['no name', '+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k'],
    ['a name with a space', 'example com+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k'],
    ['a missing part', 'example.com/foo+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k'],
    ['a trailing newline', `${SPEC_VKEY}\n`],
  ])('rejects %s', (_what, vkey) => {
    expect(() => parseVerifierKey(vkey)).toThrow(reason('malformed'));
  });

  it('rejects private keys that are malformed or do not match their key ID', () => {
    expect(() => parseSignerKey(GO_SKEY.replace('c74f20a3', 'c74f20a4'))).toThrow(reason('malformed'));
    expect(() => parseSignerKey(GO_SKEY.slice('PRIVATE+KEY+'.length))).toThrow(reason('malformed'));
    expect(() => parseSignerKey(GO_VKEY)).toThrow(reason('malformed'));
  });

  it('accepts only names without spaces or plus signs', () => {
    for (const name of ['example.com/log', 'ünïcode', 'a']) expect(isValidKeyName(name), name).toBe(true);
    for (const name of ['', 'a b', 'a+b', 'a\u00a0b', 'a\u2003b', 'a\nb', 'a\tb', 'a\u0085b']) {
      expect(isValidKeyName(name), JSON.stringify(name)).toBe(false);
    }
    expect(() => generateKey('two words')).toThrow(LogError);
  });
});

describe('signing and opening notes', () => {
  const log = generateKey('daylight.example.org/log');
  const signer = parseSignerKey(log.privateKey);
  const verifier = parseVerifierKey(log.verifierKey);

  it('opens what it signs, for any clean text (property)', () => {
    const line = fc.string({ unit: 'grapheme', maxLength: 40 }).filter((s) => !/[\u0000-\u001f]/.test(s));
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 5 }), (lines) => {
        const text = `${lines.join('\n')}\n`;
        expect(openNote(signNote(text, [signer]), [verifier]).text).toBe(text);
      }),
      { numRuns: 50 },
    );
  });

  it('rejects a note whose text was changed', () => {
    const note = signNote('daylight\n42\n', [signer]);
    expect(() => openNote(note.replace('42', '43'), [verifier])).toThrow(reason('invalid_signature'));
  });

  it('rejects a note whose signature was changed', () => {
    const note = signNote('daylight\n42\n', [signer]);
    const line = note.split('\n')[3]!;
    const sig = Buffer.from(line.split(' ')[2]!, 'base64');
    sig[10]! ^= 1;
    const tampered = note.replace(line, `— ${signer.name} ${sig.toString('base64')}`);
    expect(() => openNote(tampered, [verifier])).toThrow(reason('invalid_signature'));
  });

  it('rejects a note signed by another key, even one with the same name', () => {
    const other = generateKey('daylight.example.org/log');
    const note = signNote('daylight\n42\n', [parseSignerKey(other.privateKey)]);
    expect(() => openNote(note, [verifier])).toThrow(reason('unknown_key'));
    expect(() => openNote(note, [])).toThrow(reason('unknown_key'));
  });

  it('rejects a signature by a trusted name and key ID made with another key', () => {
    const impostor = parseSignerKey(generateKey('daylight.example.org/log').privateKey);
    const note = signNote('daylight\n42\n', [{ ...impostor, keyId: verifier.keyId }]);
    expect(() => openNote(note, [verifier])).toThrow(reason('invalid_signature'));
  });

  it('ignores signatures by unknown keys (witnesses) but reports them', () => {
    const witness = parseSignerKey(generateKey('witness.example').privateKey);
    const note = signNote('daylight\n42\n', [witness, signer]);
    const opened = openNote(note, [verifier]);
    expect(opened.verified.map((s) => s.name)).toEqual([signer.name]);
    expect(opened.unverified.map((s) => s.name)).toEqual(['witness.example']);
    // A duplicated trusted signature is counted once.
    const doubled = note + note.split('\n\n')[1]!.split('\n').filter((l) => l.includes(signer.name)).join('\n') + '\n';
    expect(openNote(doubled, [verifier]).verified).toHaveLength(1);
  });

  it.each([
    ['no signatures', GO_TEXT],
    ['no blank line', `${GO_TEXT}${GO_SIG}`],
    ['a missing final newline', GO_NOTE.slice(0, -1)],
    ['a control character', `\u0001${GO_NOTE}`],
    ['a carriage return', GO_NOTE.replace('\n\n', '\r\n\n')],
    ['a signature line without the em dash', `${GO_TEXT}\n- PeterNeumann ${GO_SIG_B64}\n`],
    ['a name with a space', `${GO_NOTE}— Bad Name ${GO_SIG_B64}\n`],
    ['a signature that is not base64', `${GO_NOTE}— Other ${GO_SIG_B64.slice(0, -1)}\n`],
    ['a signature too short for a key ID', `${GO_NOTE}— Other AAAA\n`],
    ['an empty line among signatures', `${GO_NOTE}\n${GO_SIG}`.replace(`${GO_SIG}\n`, `${GO_SIG}\n\n`)],
  ])('rejects a note with %s', (_what, note) => {
    expect(() => openNote(note, [parseVerifierKey(GO_VKEY)])).toThrow(LogError);
  });

  it('rejects a note that is not UTF-8', () => {
    const bytes = Buffer.concat([Buffer.from([0xff]), Buffer.from(GO_NOTE, 'utf8')]);
    expect(() => openNote(bytes, [parseVerifierKey(GO_VKEY)])).toThrow(reason('malformed'));
  });

  it('refuses to sign text that could not be opened again', () => {
    expect(() => signNote('no newline', [signer])).toThrow(reason('malformed'));
    expect(() => signNote('bell\u0007\n', [signer])).toThrow(reason('malformed'));
    expect(() => signNote('text\n', [])).toThrow(reason('malformed'));
  });
});
