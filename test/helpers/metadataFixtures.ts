import { PDFDocument, PDFName } from 'pdf-lib';
import sharp from 'sharp';

/**
 * Evidence files carrying hidden details a reporter could be found by: GPS coordinates, a camera and its serial
 * number, an author, in EXIF and XMP (images) and in the Info dictionary, an XMP stream and an orphaned object of an
 * older revision (PDF). Each canary is text that must never survive stripping.
 */
export const METADATA_CANARY = {
  artist: 'CANARY-ARTIST-Qm41',
  camera: 'CanaryCam-X9',
  serial: 'CANARY-SERIAL-77120',
  xmpAuthor: 'CANARY-XMP-AUTHOR-Lp2',
  pdfAuthor: 'CANARY-PDF-AUTHOR-Zt8',
  pdfXmp: 'CANARY-PDF-XMP-Wd5',
  pdfOrphan: 'CANARY-PDF-OLD-REVISION-Hs3',
};

/** Latitude 37°33′44.55″ N, longitude 126°58′1″ E: a street in Seoul, as EXIF rationals. */
const GPS = { GPSLatitudeRef: 'N', GPSLatitude: '37/1 33/1 4455/100', GPSLongitudeRef: 'E', GPSLongitude: '126/1 58/1 1/1' };

const XMP = `<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">`
  + `<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:exif="http://ns.adobe.com/exif/1.0/">`
  + `<dc:creator><rdf:Seq><rdf:li>${METADATA_CANARY.xmpAuthor}</rdf:li></rdf:Seq></dc:creator><exif:GPSLatitude>37,33.7425N</exif:GPSLatitude>`
  + `</rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>`;

/** A 24 × 16 photo of `type` with GPS, camera, serial number and author in EXIF (and XMP where the format keeps it). */
export async function photoWithMetadata(type: 'image/jpeg' | 'image/png' | 'image/webp'): Promise<Buffer> {
  const base = sharp({ create: { width: 24, height: 16, channels: 3, background: { r: 200, g: 120, b: 40 } } });
  const encoded = type === 'image/jpeg' ? base.jpeg() : type === 'image/png' ? base.png() : base.webp({ lossless: true });
  return encoded
    .withExif({ IFD0: { Artist: METADATA_CANARY.artist, Make: METADATA_CANARY.camera, Model: 'X9 Pro' }, IFD2: { BodySerialNumber: METADATA_CANARY.serial }, IFD3: GPS })
    .withXmp(XMP)
    .toBuffer();
}

/** A one-page PDF with an author in its Info dictionary, an XMP stream, and an unreachable object from an older revision. */
export async function pdfWithMetadata(): Promise<Buffer> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  doc.addPage([300, 200]).drawText('Receipt for 3,000,000 won', { x: 20, y: 100, size: 14 });
  doc.setAuthor(METADATA_CANARY.pdfAuthor);
  doc.setCreator('CanaryWriter 2');
  doc.setCreationDate(new Date('2026-03-04T09:00:00Z'));
  const xmp = doc.context.stream(`<x:xmpmeta xmlns:x="adobe:ns:meta/"><dc:creator>${METADATA_CANARY.pdfXmp}</dc:creator></x:xmpmeta>`, { Type: 'Metadata', Subtype: 'XML' });
  doc.catalog.set(PDFName.of('Metadata'), doc.context.register(xmp));
  const saved = Buffer.from(await doc.save({ useObjectStreams: false }));
  // An object an earlier revision referenced and a later one dropped: still in the file's bytes.
  const header = saved.indexOf('\n') + 1;
  return Buffer.concat([saved.subarray(0, header), Buffer.from(`99 0 obj\n<< /Author (${METADATA_CANARY.pdfOrphan}) >>\nendobj\n`), saved.subarray(header)]);
}

/** Whether any canary (as written, or as PDF's UTF-16 hex) is in the bytes. */
export function carriesCanary(bytes: Buffer): string | undefined {
  const hex = bytes.toString('latin1').toUpperCase();
  return Object.values(METADATA_CANARY).find((c) => bytes.includes(c) || hex.includes(Buffer.from(`\ufeff${c}`, 'utf16le').swap16().toString('hex').toUpperCase()));
}
