import { describe, expect, it } from 'vitest';
import { exifKinds, iptcKinds, orderedKinds, pdfInfoKinds, xmpKinds } from './fileMetadata.js';

/** A little-endian TIFF block with IFD0 holding `tags` (each a SHORT of value 1), and `Exif\0\0` before it. */
function exif(tags: number[], gpsTags: number[] = []): Uint8Array {
  const entries = [...tags, ...(gpsTags.length ? [0x8825] : [])].sort((a, b) => a - b);
  const ifd0 = 8;
  const gpsAt = ifd0 + 2 + entries.length * 12 + 4;
  const size = gpsAt + (gpsTags.length ? 2 + gpsTags.length * 12 + 4 : 0);
  const view = new DataView(new ArrayBuffer(size));
  view.setUint16(0, 0x4949);
  view.setUint16(2, 42, true);
  view.setUint32(4, ifd0, true);
  const write = (at: number, list: number[], gps: boolean) => {
    view.setUint16(at, list.length, true);
    list.forEach((tag, i) => {
      const e = at + 2 + i * 12;
      view.setUint16(e, tag, true);
      view.setUint16(e + 2, 3, true);
      view.setUint32(e + 4, 1, true);
      view.setUint32(e + 8, !gps && tag === 0x8825 ? gpsAt : 1, true);
    });
  };
  write(ifd0, entries, false);
  if (gpsTags.length) write(gpsAt, gpsTags, true);
  return new Uint8Array([...Buffer.from('Exif\0\0'), ...new Uint8Array(view.buffer)]);
}

describe('naming the hidden details of a file', () => {
  it.each([
    ['camera make and model', exif([0x010f, 0x0110]), ['device']],
    ['GPS coordinates', exif([], [1, 2, 3, 4]), ['location']],
    ['artist and copyright', exif([0x013b, 0x8298]), ['author']],
    ['dates and software', exif([0x0132, 0x0131]), ['dates', 'software']],
    ['only how to show the picture', exif([0x0112, 0x011a, 0x011b, 0x0128]), []],
    ['an unknown tag', exif([0x4321]), ['other']],
    ['everything at once', exif([0x010f, 0x013b, 0x0132], [1]), ['location', 'device', 'author', 'dates']],
    ['a damaged block', new Uint8Array([...Buffer.from('Exif\0\0'), 0x12, 0x34, 0, 0, 0, 0, 0, 0]), ['other']],
  ])('EXIF with %s', (_, block, kinds) => {
    expect(exifKinds(block)).toEqual(kinds);
  });

  it('reads an EXIF directory that points at itself only once', () => {
    const block = exif([0x010f]);
    // Make IFD0's "next" pointer loop back to itself: the reader stops.
    new DataView(block.buffer, 6).setUint32(8 + 2 + 12, 8, true);
    expect(exifKinds(block)).toEqual(['device']);
  });

  it.each([
    ['<dc:creator>A</dc:creator><exif:GPSLatitude>1</exif:GPSLatitude>', ['location', 'author']],
    ['<tiff:Model>X</tiff:Model><xmp:CreatorTool>Y</xmp:CreatorTool><xmp:CreateDate>2026</xmp:CreateDate>', ['device', 'dates', 'software']],
    ['<x:xmpmeta/>', ['other']],
    ['', []],
  ])('XMP %s', (xmp, kinds) => {
    expect(xmpKinds(xmp)).toEqual(kinds);
  });

  it.each([
    [[0x1c, 0x02, 80, 0, 1, 0x41], ['author']],
    [[0x1c, 0x02, 90, 0, 1, 0x41, 0x1c, 0x02, 55, 0, 1, 0x31], ['location', 'dates']],
    [[0x38, 0x42, 0x49, 0x4d], ['other']],
  ])('IPTC %j', (bytes, kinds) => {
    expect(iptcKinds(new Uint8Array(bytes))).toEqual(kinds);
  });

  it('names a PDF’s Info keys, each kind once and in order', () => {
    expect(pdfInfoKinds(['Producer', 'Author', 'CreationDate', 'ModDate', 'Title'])).toEqual(['author', 'dates', 'software', 'other']);
    expect(pdfInfoKinds([])).toEqual([]);
    expect(orderedKinds(['other', 'location', 'other'])).toEqual(['location', 'other']);
  });
});
