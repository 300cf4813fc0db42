import { PDFDocument } from 'pdf-lib';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { carriesCanary, pdfWithMetadata, photoWithMetadata } from '../../../test/helpers/metadataFixtures.js';
import { UnreadableFile, stripMetadata } from './stripMetadata.js';

describe('stripping a reporter’s files of their hidden details', () => {
  it.each(['image/jpeg', 'image/png', 'image/webp'] as const)('removes GPS, camera and author from a %s and keeps the picture', async (type) => {
    const photo = await photoWithMetadata(type);
    expect(carriesCanary(photo), 'the fixture carries its canaries').toBeDefined();
    const before = await sharp(photo).metadata();
    expect(before.exif).toBeDefined();

    const { bytes, removed } = await stripMetadata(photo, type);
    expect(removed).toEqual(expect.arrayContaining(['location', 'device', 'author']));
    expect(carriesCanary(bytes)).toBeUndefined();
    const after = await sharp(bytes).metadata();
    expect(after.exif).toBeUndefined();
    expect(after.xmp).toBeUndefined();
    expect(after.iptc).toBeUndefined();
    expect(after.format).toBe(before.format);
    expect([after.width, after.height]).toEqual([24, 16]);
  });

  it('turns a picture upright before dropping its orientation tag', async () => {
    const sideways = await sharp({ create: { width: 30, height: 10, channels: 3, background: '#446' } }).jpeg().withMetadata({ orientation: 6 }).toBuffer();
    const { bytes } = await stripMetadata(sideways, 'image/jpeg');
    const after = await sharp(bytes).metadata();
    expect([after.width, after.height, after.orientation]).toEqual([10, 30, undefined]);
  });

  it('removes a PDF’s Info dictionary, its XMP stream and an older revision’s objects, keeping its pages', async () => {
    const pdf = await pdfWithMetadata();
    expect(carriesCanary(pdf)).toBeDefined();
    const { bytes, removed } = await stripMetadata(pdf, 'application/pdf');
    expect(removed).toEqual(['author', 'dates', 'software']);
    expect(carriesCanary(bytes)).toBeUndefined();
    expect(bytes.includes('CanaryWriter')).toBe(false);
    const reopened = await PDFDocument.load(bytes, { updateMetadata: false });
    expect(reopened.getPageCount()).toBe(1);
    expect(reopened.getAuthor()).toBeUndefined();
  });

  it('says so when nothing was hidden', async () => {
    const plain = await sharp({ create: { width: 4, height: 4, channels: 3, background: '#fff' } }).png().toBuffer();
    expect((await stripMetadata(plain, 'image/png')).removed).toEqual([]);
  });

  it.each([
    ['a PDF without a document', Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n'), 'application/pdf'],
    ['a truncated JPEG', Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a]), 'image/jpeg'],
  ] as const)('refuses %s it cannot read', async (_, bytes, type) => {
    await expect(stripMetadata(bytes, type)).rejects.toBeInstanceOf(UnreadableFile);
  });
});
