import { PDFArray, PDFDict, PDFDocument, PDFName, PDFRawStream, PDFRef, PDFStream, decodePDFRawStream, type PDFObject } from 'pdf-lib';
import sharp from 'sharp';
import type { AcceptedType } from '../../domain/documents.js';
import { exifKinds, iptcKinds, orderedKinds, pdfInfoKinds, xmpKinds, type MetadataKind } from '../../domain/fileMetadata.js';

/**
 * Removes a file's hidden details before it is encrypted and stored, when the reporter asks (ADR 0014): images are
 * decoded and encoded again with nothing but their pixels (sharp writes no EXIF, XMP, IPTC, comment or colour profile
 * unless told to; the EXIF orientation is applied to the pixels first so the picture still stands upright); PDFs lose
 * their Info dictionary, every XMP metadata stream and every object no longer reachable from the document (older
 * revisions kept by incremental saves). Returns the new bytes and the kinds of details found.
 */

/** A file this module could not read: the reporter is asked to send it as it is, or another one. */
export class UnreadableFile extends Error {}

/** Largest image, in pixels, decoded for stripping (a decompression bomb stops here). */
const MAX_PIXELS = 100_000_000;

/** The result of stripping one file. */
export interface StrippedFile {
  bytes: Buffer;
  removed: MetadataKind[];
}

/** Strips one file of a recognised type; throws `UnreadableFile` when it cannot be decoded. */
export async function stripMetadata(bytes: Buffer, type: AcceptedType): Promise<StrippedFile> {
  return type === 'application/pdf' ? stripPdf(bytes) : stripImage(bytes, type);
}

async function stripImage(bytes: Buffer, type: Exclude<AcceptedType, 'application/pdf'>): Promise<StrippedFile> {
  try {
    const animated = type !== 'image/jpeg';
    const meta = await sharp(bytes, { limitInputPixels: MAX_PIXELS, animated }).metadata();
    const kinds = [
      ...(meta.exif ? exifKinds(meta.exif) : []),
      ...(meta.xmp ? xmpKinds(meta.xmp.toString('utf8')) : []),
      ...(meta.iptc ? iptcKinds(meta.iptc) : []),
      ...((meta.comments?.length ?? 0) > 0 ? ['other' as const] : []),
    ];
    // Turning the pixels as the orientation said, so losing the tag does not lay the picture on its side.
    let image = sharp(bytes, { limitInputPixels: MAX_PIXELS, animated });
    if (meta.orientation && meta.orientation !== 1 && (meta.pages ?? 1) === 1) image = image.rotate();
    const out =
      type === 'image/jpeg' ? image.jpeg({ quality: 92, chromaSubsampling: '4:4:4' })
        : type === 'image/png' ? image.png()
          : image.webp(isLosslessWebp(bytes) ? { lossless: true } : { quality: 92 });
    return { bytes: await out.toBuffer(), removed: orderedKinds(kinds) };
  } catch {
    throw new UnreadableFile();
  }
}

/** Whether a WebP file's first image is lossless (a `VP8L` chunk), so it is encoded again without loss. */
function isLosslessWebp(bytes: Buffer): boolean {
  // RIFF header (12 bytes), then chunks; an extended file starts with VP8X and may have ICCP, ANIM… before the image.
  let at = 12;
  for (let i = 0; i < 16 && at + 8 <= bytes.length; i++) {
    const fourcc = bytes.toString('latin1', at, at + 4);
    if (fourcc === 'VP8L') return true;
    if (fourcc === 'VP8 ' || fourcc === 'ANMF') return false;
    at += 8 + bytes.readUInt32LE(at + 4) + (bytes.readUInt32LE(at + 4) % 2);
  }
  return false;
}

async function stripPdf(bytes: Buffer): Promise<StrippedFile> {
  let doc: PDFDocument;
  try {
    // Not `updateMetadata`: pdf-lib would otherwise write its own producer and dates into the Info dictionary.
    doc = await PDFDocument.load(bytes, { updateMetadata: false });
  } catch {
    throw new UnreadableFile();
  }
  const { context } = doc;
  const kinds: MetadataKind[] = [];
  const info = context.trailerInfo.Info;
  const infoDict = info instanceof PDFRef ? context.lookup(info) : info;
  if (infoDict instanceof PDFDict) kinds.push(...pdfInfoKinds(infoDict.keys().map((k) => k.decodeText())));
  context.trailerInfo.Info = undefined;
  // Every dictionary's XMP stream and Photoshop/Illustrator private data, wherever they hang (catalog, pages, images).
  const METADATA = PDFName.of('Metadata');
  const PIECE_INFO = PDFName.of('PieceInfo');
  for (const [, object] of context.enumerateIndirectObjects()) {
    const dict = object instanceof PDFDict ? object : object instanceof PDFStream ? object.dict : null;
    if (!dict) continue;
    const xmp = dict.get(METADATA);
    if (xmp !== undefined) {
      const stream = xmp instanceof PDFRef ? context.lookup(xmp) : xmp;
      kinds.push(...(stream instanceof PDFRawStream ? xmpKindsOf(stream) : ['other' as const]));
      dict.delete(METADATA);
    }
    if (dict.has(PIECE_INFO)) {
      kinds.push('other');
      dict.delete(PIECE_INFO);
    }
  }
  dropUnreachable(doc);
  try {
    return { bytes: Buffer.from(await doc.save({ updateFieldAppearances: false })), removed: orderedKinds(kinds) };
  } catch {
    throw new UnreadableFile();
  }
}

function xmpKindsOf(stream: PDFRawStream): MetadataKind[] {
  try {
    return xmpKinds(Buffer.from(decodePDFRawStream(stream).decode()).toString('utf8'));
  } catch {
    return ['other'];
  }
}

/** Deletes every indirect object the trailer's root no longer reaches (the Info dictionary, old revisions' objects). */
function dropUnreachable(doc: PDFDocument): void {
  const { context } = doc;
  const reached = new Set<string>();
  const stack: PDFObject[] = context.trailerInfo.Root ? [context.trailerInfo.Root] : [];
  if (context.trailerInfo.Encrypt) stack.push(context.trailerInfo.Encrypt);
  while (stack.length) {
    const object = stack.pop()!;
    if (object instanceof PDFRef) {
      if (reached.has(object.tag)) continue;
      reached.add(object.tag);
      const target = context.lookup(object);
      if (target) stack.push(target);
    } else if (object instanceof PDFDict) {
      for (const [, value] of object.entries()) stack.push(value);
    } else if (object instanceof PDFStream) {
      stack.push(object.dict);
    } else if (object instanceof PDFArray) {
      for (let i = 0; i < object.size(); i++) {
        const value = object.get(i);
        if (value) stack.push(value);
      }
    }
  }
  for (const [ref] of context.enumerateIndirectObjects()) if (!reached.has(ref.tag)) context.delete(ref);
}
