import { AppError } from '../errors.js';
import { withoutInvisibleControls } from './text.js';

/** Accepted upload types, recognised by their first bytes rather than by what the browser claims. */
export const ACCEPTED_TYPES = ['application/pdf', 'image/png', 'image/jpeg', 'image/webp'] as const;
export type AcceptedType = (typeof ACCEPTED_TYPES)[number];

const startsWith = (bytes: Uint8Array, prefix: number[], offset = 0) =>
  bytes.length >= offset + prefix.length && prefix.every((b, i) => bytes[offset + i] === b);

/** The real content type of a file, or null when it is none of the accepted kinds. */
export function sniffType(bytes: Uint8Array): AcceptedType | null {
  if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46, 0x2d])) return 'application/pdf';
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith(bytes, [0x52, 0x49, 0x46, 0x46]) && startsWith(bytes, [0x57, 0x45, 0x42, 0x50], 8)) return 'image/webp';
  return null;
}

/** A file name safe to echo back in a Content-Disposition header and on a page. */
export function cleanFilename(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const cleaned = withoutInvisibleControls(base).replace(/[\u0000-\u001f\u007f"<>]/g, '').trim().slice(0, 120);
  return cleaned || 'document';
}

/** A file as received at the edge, before its type is trusted. */
export interface UploadedDocument {
  /** Key of the procedure's document this file answers, or `other`. */
  kind: string;
  filename: string;
  bytes: Buffer;
}

/** A file whose type was recognised from its bytes and whose name was cleaned: ready to store. */
export interface CheckedDocument extends UploadedDocument {
  type: AcceptedType;
}

/** Recognises every upload's type and cleans its name; refuses the lot, naming the file, when one is not accepted. */
export function checkUploads(documents: readonly UploadedDocument[]): CheckedDocument[] {
  return documents.map((d) => {
    const type = sniffType(d.bytes);
    if (!type) throw new AppError('unsupported_media_type', 'error.document_type', { filename: cleanFilename(d.filename) });
    return { ...d, filename: cleanFilename(d.filename), type };
  });
}
