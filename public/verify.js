// Verifies an event's transparency-log proof in the browser, as an enhancement: the proof links work without it.
// It talks only to this site: the proof (C2SP tlog-proof), the event as the public API serves it, and the log's
// key. It recomputes the leaf (RFC 8785 canonical JSON of the event without `log`), checks the inclusion proof
// up to the checkpoint's root (RFC 6962/9162) and the checkpoint's Ed25519 signature (C2SP signed-note) with Web
// Crypto. Where the browser lacks Ed25519 it checks the Merkle part only, and says so.

const encoder = new TextEncoder();

/** RFC 8785 canonical JSON for the values JSON can hold: sorted keys (UTF-16 order), ECMAScript number and string forms. */
export function canonicalize(value) {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError('JSON has no form for NaN or Infinity');
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map((item) => canonicalize(item === undefined ? null : item)).join(',')}]`;
  if (typeof value === 'object') {
    const keys = Object.keys(value).filter((key) => value[key] !== undefined).sort();
    return `{${keys.map((key) => `${JSON.stringify(key)}:${canonicalize(value[key])}`).join(',')}}`;
  }
  throw new TypeError(`JSON has no form for a ${typeof value}`);
}

/** The log entry of a public event: the UTF-8 of its canonical JSON without `log`. */
export function entryForEvent(event) {
  const rest = { ...event };
  delete rest.log;
  return encoder.encode(canonicalize(rest));
}

function decodeBase64(text) {
  if (!/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(text)) throw new VerifyError('other', 'bad base64');
  return Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
}

function concat(...parts) {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

function equal(a, b) {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}

/** A failed check; `kind` is entry, inclusion, signature or other. */
export class VerifyError extends Error {
  constructor(kind, message) {
    super(message);
    this.kind = kind;
  }
}

async function sha256(subtle, bytes) {
  return new Uint8Array(await subtle.digest('SHA-256', bytes));
}

/** RFC 6962 inclusion check (the algorithm of RFC 9162 section 2.1.3.2); arithmetic, not 32-bit shifts. */
export async function rootFromInclusion(subtle, leaf, index, size, proof) {
  if (index >= size) throw new VerifyError('inclusion', `entry ${index} is outside a tree of ${size}`);
  let fn = index;
  let sn = size - 1;
  let r = leaf;
  for (const p of proof) {
    if (sn === 0) throw new VerifyError('inclusion', 'the proof is too long');
    if (fn % 2 === 1 || fn === sn) {
      r = await sha256(subtle, concat([1], p, r));
      while (fn % 2 === 0 && fn !== 0) {
        fn /= 2;
        sn = Math.floor(sn / 2);
      }
    } else {
      r = await sha256(subtle, concat([1], r, p));
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  if (sn !== 0) throw new VerifyError('inclusion', 'the proof is too short');
  return r;
}

/** Splits a tlog proof into index, hashes and the signed checkpoint (text, origin, size, root, signatures). */
export function parseProof(text) {
  const split = text.indexOf('\n\n');
  if (split < 0) throw new VerifyError('other', 'not a tlog proof');
  const lines = text.slice(0, split).split('\n');
  if (lines[0] !== 'c2sp.org/tlog-proof@v1') throw new VerifyError('other', 'not a tlog proof');
  let at = lines[1]?.startsWith('extra ') ? 2 : 1;
  const indexMatch = /^index (0|[1-9][0-9]*)$/.exec(lines[at] ?? '');
  if (!indexMatch) throw new VerifyError('other', 'the proof has no index');
  const proof = lines.slice(at + 1).map(decodeBase64);
  const note = text.slice(split + 2);
  const noteSplit = note.lastIndexOf('\n\n');
  if (noteSplit < 0) throw new VerifyError('other', 'the checkpoint is not signed');
  const body = note.slice(0, noteSplit + 1);
  const [origin, sizeText, rootText] = body.split('\n');
  if (!/^(0|[1-9][0-9]*)$/.test(sizeText ?? '')) throw new VerifyError('other', 'the checkpoint has no size');
  const signatures = note
    .slice(noteSplit + 2)
    .split('\n')
    .filter((line) => line.startsWith('\u2014 '))
    .map((line) => {
      const [name, b64] = line.slice(2).split(' ');
      return { name, bytes: decodeBase64(b64 ?? '') };
    });
  return { index: Number(indexMatch[1]), proof, body, origin, size: Number(sizeText), root: decodeBase64(rootText ?? ''), signatures };
}

/** Parses a signed-note verifier key `<name>+<hex id>+<base64(0x01 || key)>`. */
export function parseVerifierKey(vkey) {
  // Names hold no '+', but base64 may: split at the first two only.
  const text = vkey.trim();
  const first = text.indexOf('+');
  const second = text.indexOf('+', first + 1);
  if (first < 0 || second < 0) throw new VerifyError('other', 'the log key is not a verifier key');
  const [name, idHex, b64] = [text.slice(0, first), text.slice(first + 1, second), text.slice(second + 1)];
  const bytes = decodeBase64(b64);
  if (!name || !/^[0-9a-f]{8}$/.test(idHex ?? '') || bytes.length !== 33 || bytes[0] !== 1) {
    throw new VerifyError('other', 'the log key is not an Ed25519 verifier key');
  }
  return { name, id: idHex, publicKey: bytes.slice(1) };
}

/**
 * Verifies a proof for a public event against the log's key. Returns { index, size, signature: true } when all
 * holds, { …, signature: false } when only the Merkle part could be checked (no Ed25519 in this browser), and
 * throws VerifyError saying which check failed otherwise.
 */
export async function verifyEventProof({ proofText, event, vkey, subtle = globalThis.crypto?.subtle }) {
  if (!subtle) throw new VerifyError('unsupported', 'no Web Crypto');
  const parsed = parseProof(proofText);
  const key = parseVerifierKey(vkey);
  if (parsed.origin !== key.name) throw new VerifyError('signature', `the checkpoint is for ${parsed.origin}, not ${key.name}`);
  if (!event.log || event.log.index !== parsed.index) throw new VerifyError('entry', 'the event is at another log position');
  const leaf = await sha256(subtle, concat([0], entryForEvent(event)));
  const root = await rootFromInclusion(subtle, leaf, parsed.index, parsed.size, parsed.proof);
  // A changed event and a changed proof look the same from here: neither leads to the signed root.
  if (!equal(root, parsed.root)) throw new VerifyError('inclusion', 'the event and proof do not lead to the checkpoint root');

  const idBytes = (await sha256(subtle, concat(encoder.encode(key.name), [0x0a, 0x01], key.publicKey))).slice(0, 4);
  const hex = Array.from(idBytes, (b) => b.toString(16).padStart(2, '0')).join('');
  if (hex !== key.id) throw new VerifyError('other', 'the log key’s ID does not match its key');
  const signature = parsed.signatures.find(
    (s) => s.name === key.name && s.bytes.length === 68 && equal(s.bytes.slice(0, 4), idBytes),
  );
  if (!signature) throw new VerifyError('signature', 'the checkpoint carries no signature by the log’s key');
  let cryptoKey;
  try {
    cryptoKey = await subtle.importKey('raw', key.publicKey, { name: 'Ed25519' }, false, ['verify']);
  } catch {
    return { index: parsed.index, size: parsed.size, signature: false };
  }
  const valid = await subtle.verify({ name: 'Ed25519' }, cryptoKey, signature.bytes.slice(4), encoder.encode(parsed.body));
  if (!valid) throw new VerifyError('signature', 'the checkpoint signature does not verify');
  return { index: parsed.index, size: parsed.size, signature: true };
}

async function fetchText(url) {
  const response = await fetch(url, { headers: { accept: 'text/plain, application/json' }, cache: 'no-store' });
  return { status: response.status, text: await response.text() };
}

function fill(template, values) {
  return template.replace(/\{(\w+)\}/g, (whole, name) => (name in values ? String(values[name]) : whole));
}

async function verifyInPage(list, link, status) {
  const msg = list.dataset;
  status.textContent = msg.msgVerifying;
  try {
    const seq = Number(link.dataset.proofSeq);
    const [proof, record, key] = await Promise.all([
      fetchText(link.href),
      fetchText(`/api/v1/applications/${encodeURIComponent(msg.logApplication)}`),
      fetchText('/log/key'),
    ]);
    if (proof.status === 404) {
      status.textContent = msg.msgNotYet;
      return;
    }
    if (proof.status !== 200 || record.status !== 200 || key.status !== 200) throw new VerifyError('other', 'the server did not answer');
    const event = JSON.parse(record.text).events.find((e) => e.seq === seq);
    if (!event) throw new VerifyError('entry', 'the event is missing from the public record');
    const result = await verifyEventProof({ proofText: proof.text, event, vkey: key.text });
    const values = { index: result.index, size: result.size };
    status.textContent = fill(result.signature ? msg.msgVerified : msg.msgMerkleOnly, values);
    status.dataset.result = result.signature ? 'verified' : 'merkle-only';
  } catch (error) {
    const kind = error instanceof VerifyError ? error.kind : 'other';
    const template = {
      entry: msg.msgFailedEntry,
      inclusion: msg.msgFailedInclusion,
      signature: msg.msgFailedSignature,
      unsupported: msg.msgUnsupported,
    }[kind];
    status.textContent = template ?? fill(msg.msgFailedOther, { reason: error instanceof Error ? error.message : String(error) });
    status.dataset.result = 'failed';
  }
}

function enhance() {
  for (const list of document.querySelectorAll('[data-log-application]')) {
    for (const link of list.querySelectorAll('a[data-proof-seq]')) {
      const status = link.parentElement.querySelector('.proof-status');
      const button = document.createElement('button');
      button.type = 'button';
      button.className = 'link-button';
      button.textContent = list.dataset.msgVerify;
      button.addEventListener('click', () => verifyInPage(list, link, status));
      link.after(' ', button);
    }
  }
}

if (typeof document !== 'undefined') {
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', enhance);
  else enhance();
}
