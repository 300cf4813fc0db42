/**
 * What hidden details a file carries, in words a reporter understands: where it was made, with which device, by whom,
 * when, with which program, and anything else. Pure: reads the metadata blocks an image or PDF library hands over and
 * names their kinds; never returns the values themselves.
 */

export const METADATA_KINDS = ['location', 'device', 'author', 'dates', 'software', 'other'] as const;
export type MetadataKind = (typeof METADATA_KINDS)[number];

/** The kinds in a fixed order, each once. */
export function orderedKinds(kinds: Iterable<MetadataKind>): MetadataKind[] {
  const set = new Set(kinds);
  return METADATA_KINDS.filter((k) => set.has(k));
}

// TIFF tags (EXIF 2.32) by what they tell about the person.
const TAG_KIND: Record<number, MetadataKind> = {
  0x8825: 'location', // GPS IFD pointer
  0x010f: 'device', 0x0110: 'device', 0xa431: 'device', 0xa433: 'device', 0xa434: 'device', 0xa435: 'device', 0xa432: 'device', // make, model, serials, lens
  0x013b: 'author', 0x8298: 'author', 0x9c9d: 'author', 0xa430: 'author', // artist, copyright, XPAuthor, camera owner
  0x0132: 'dates', 0x9003: 'dates', 0x9004: 'dates', // date and time, original, digitised
  0x0131: 'software', 0x000b: 'software', // software, processing software
  0x927c: 'other', 0x9286: 'other', 0x010e: 'other', 0x9c9b: 'other', 0x9c9c: 'other', 0x9c9e: 'other', 0x9c9f: 'other', 0xa420: 'other', // maker notes, comments, titles, unique id
};
// Tags that say how to show the image, not who or where: not worth naming.
const LAYOUT_TAGS = new Set([0x9000, 0x9101, 0xa000, 0x0112, 0x011a, 0x011b, 0x0128, 0x0213, 0x8769, 0xa001, 0xa002, 0xa003, 0x0100, 0x0101, 0x0102, 0x0103, 0x0106, 0x0115, 0x011c, 0x0201, 0x0202]);
const EXIF_IFD = 0x8769;
const GPS_IFD = 0x8825;

/**
 * The kinds of details in an EXIF block (`Exif\0\0` and a TIFF structure, as image libraries return it). Reads at
 * most 4 directories of at most 512 entries; a damaged block counts as `other`.
 */
export function exifKinds(exif: Uint8Array): MetadataKind[] {
  const kinds = new Set<MetadataKind>();
  const start = exif.length >= 6 && String.fromCharCode(...exif.subarray(0, 4)) === 'Exif' ? 6 : 0;
  const view = new DataView(exif.buffer, exif.byteOffset + start, exif.byteLength - start);
  if (view.byteLength < 8) return exif.length ? ['other'] : [];
  const order = view.getUint16(0);
  const little = order === 0x4949;
  if (!little && order !== 0x4d4d) return ['other'];
  const u16 = (o: number) => view.getUint16(o, little);
  const u32 = (o: number) => view.getUint32(o, little);
  const queue: { offset: number; gps: boolean }[] = [{ offset: u32(4), gps: false }];
  const seen = new Set<number>();
  try {
    while (queue.length && seen.size < 4) {
      const { offset, gps } = queue.shift()!;
      if (seen.has(offset) || offset + 2 > view.byteLength) continue;
      seen.add(offset);
      const count = Math.min(u16(offset), 512);
      for (let i = 0; i < count; i++) {
        const entry = offset + 2 + i * 12;
        if (entry + 12 > view.byteLength) break;
        const tag = u16(entry);
        if (gps) {
          kinds.add('location');
          continue;
        }
        if (tag === EXIF_IFD || tag === GPS_IFD) queue.push({ offset: u32(entry + 8), gps: tag === GPS_IFD });
        if (tag === GPS_IFD) continue;
        const kind = TAG_KIND[tag];
        if (kind) kinds.add(kind);
        else if (!LAYOUT_TAGS.has(tag)) kinds.add('other');
      }
    }
  } catch {
    kinds.add('other');
  }
  return orderedKinds(kinds);
}

/** The kinds of details in an XMP packet (XML text), by the properties it names. */
export function xmpKinds(xmp: string): MetadataKind[] {
  const kinds = new Set<MetadataKind>();
  const has = (re: RegExp) => re.test(xmp);
  if (has(/GPS(Latitude|Longitude|Altitude)|photoshop:City|Iptc4xmpCore:Location|photoshop:Country/)) kinds.add('location');
  if (has(/tiff:(Make|Model)|aux:(SerialNumber|Lens)|exifEX:(BodySerialNumber|LensModel)/)) kinds.add('device');
  if (has(/dc:creator|dc:rights|xmpRights:|photoshop:AuthorsPosition|pdf:Author/)) kinds.add('author');
  if (has(/xmp:(CreateDate|ModifyDate|MetadataDate)|photoshop:DateCreated|exif:DateTime/)) kinds.add('dates');
  if (has(/xmp:CreatorTool|pdf:Producer|xmpMM:History/)) kinds.add('software');
  if (!kinds.size && xmp.trim()) kinds.add('other');
  return orderedKinds(kinds);
}

/** The kinds of details in an IPTC block (Photoshop resources or bare IPTC records). */
export function iptcKinds(iptc: Uint8Array): MetadataKind[] {
  const kinds = new Set<MetadataKind>();
  // IPTC-IIM records are 0x1C, record 2, dataset: by-line 80, credit 110, copyright 116; city 90, sub-location 92,
  // province 95, country 101; date created 55.
  for (let i = 0; i + 2 < iptc.length; i++) {
    if (iptc[i] !== 0x1c || iptc[i + 1] !== 0x02) continue;
    const dataset = iptc[i + 2]!;
    if ([80, 110, 116, 122].includes(dataset)) kinds.add('author');
    else if ([90, 92, 95, 100, 101].includes(dataset)) kinds.add('location');
    else if ([55, 60, 62, 63].includes(dataset)) kinds.add('dates');
    else kinds.add('other');
  }
  if (!kinds.size && iptc.length) kinds.add('other');
  return orderedKinds(kinds);
}

/** The kinds of details in a PDF's Info dictionary, by its keys. */
export function pdfInfoKinds(keys: readonly string[]): MetadataKind[] {
  const kinds = new Set<MetadataKind>();
  for (const key of keys) {
    if (key === 'Author') kinds.add('author');
    else if (key === 'CreationDate' || key === 'ModDate') kinds.add('dates');
    else if (key === 'Creator' || key === 'Producer') kinds.add('software');
    else kinds.add('other');
  }
  return orderedKinds(kinds);
}
