/**
 * Writes a printed document (a receipt, a decision notice) as an A4 PDF with PDFKit: fonts embedded and subset
 * (`fonts.ts`), OpenType shaping by fontkit (Arabic joining included), lines laid out here so that Arabic and the
 * Latin numbers inside it run in the right directions (`bidi.ts`), and a QR code drawn as vector squares.
 *
 * The PDF is tagged (PDF/UA's structure, ISO 14289): a structure tree of a heading, sections with their headings,
 * paragraphs for each label and value, and the QR code as a figure with its link as alternative text; rules are
 * artifacts. The document's language (`/Lang`) and title (shown instead of the file name) are set, so a screen
 * reader announces the title, reads in the right voice and follows the reading order rather than the drawing order.
 */
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import type { Font } from 'fontkit';
import { directionOfLocale, visualRuns, withoutBidiControls, wrap, type Direction } from './bidi.js';
import type { DocumentFonts } from './fonts.js';

/** One labelled fact of a document; a fact with an empty label is a paragraph of its section. */
export interface PrintedField {
  label: string;
  value: string;
}

/** What a printed document says, already in its reader's language. */
export interface PrintedDocument {
  locale: string;
  /** The office that issues it: jurisdiction and department. */
  issuer: string;
  title: string;
  /** Sections of facts; a note is printed small under them. */
  sections: { heading: string; fields: PrintedField[]; note?: string }[];
  /** The public part anyone may check: the link the QR code carries and the lines printed beside it. */
  verification: { heading: string; url: string; lines: string[] };
  footer: string;
}

const PAGE = { width: 595.28, height: 841.89, margin: 50 };
const GREY = '#555555';
const INK = '#111111';
const QR_SIZE = 88;
/**
 * OpenType features per font. PDFKit lays text out word by word unless features are given; a run of Arabic must be
 * shaped (and reversed) whole, with all of the font's default features (joining forms, required ligatures). The CJK
 * font's contextual alternates and ligatures cost tens of milliseconds a line and change nothing a document needs
 * (text is composed to NFC first, so no composition is needed either); kerning and marks stay.
 */
const SHAPING: Record<FontKey, { features: PDFKit.Mixins.OpenTypeFeatures[] }> = {
  arabic: { features: [] },
  main: { features: { calt: false, liga: false, clig: false, dlig: false, locl: false, ccmp: false, rlig: false } as unknown as PDFKit.Mixins.OpenTypeFeatures[] },
};

type FontKey = 'main' | 'arabic';

/** Brackets swap shapes in right-to-left text (fontkit does this itself inside the Arabic runs it shapes). */
const MIRRORED: Record<string, string> = { '(': ')', ')': '(', '[': ']', ']': '[', '{': '}', '}': '{', '<': '>', '>': '<', '«': '»', '»': '«' };

/** fontkit reverses a run whose first letter (or Arabic-Indic digit) is Arabic or Hebrew, as right to left. */
function shapedRightToLeft(text: string): boolean {
  for (const char of text) {
    if (/[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF]/u.test(char)) return true;
    if (/\p{L}/u.test(char)) return false;
  }
  return false;
}

class Writer {
  readonly doc: PDFKit.PDFDocument;
  readonly direction: Direction;
  y = PAGE.margin;
  /** The structure element new content is tagged inside: the document, or a section of it. */
  private parent: PDFKit.PDFStructureElement;
  private readonly root: PDFKit.PDFStructureElement;

  constructor(
    readonly fonts: DocumentFonts,
    locale: string,
    title: string,
  ) {
    this.direction = directionOfLocale(locale);
    this.doc = new PDFDocument({
      size: 'A4', margin: PAGE.margin, compress: true, lang: locale, displayTitle: true, tagged: true, pdfVersion: '1.7',
      info: { Title: title, Creator: 'Daylight' },
    });
    this.root = this.doc.struct('Document');
    this.doc.addStructure(this.root);
    this.parent = this.root;
    if (fonts.main) this.doc.registerFont('main', fonts.main as unknown as PDFKit.Mixins.PDFFontSource);
    if (fonts.arabic) this.doc.registerFont('arabic', fonts.arabic as unknown as PDFKit.Mixins.PDFFontSource);
  }

  private font(key: FontKey): Font | null {
    return key === 'arabic' ? this.fonts.arabic ?? this.fonts.main : this.fonts.main;
  }

  /** The font a character is drawn with: Arabic letters and digits in the Arabic font when there is one. */
  private fontFor(char: string, current: FontKey | undefined): FontKey {
    const code = char.codePointAt(0)!;
    if (/[\u0600-\u08FF\uFB50-\uFDFF\uFE70-\uFEFF]/u.test(char) && this.fonts.arabic) return 'arabic';
    if (current && /[\s\p{P}\p{S}]/u.test(char) && this.font(current)?.hasGlyphForCodePoint(code)) return current;
    if (this.fonts.main?.hasGlyphForCodePoint(code) || !this.fonts.arabic?.hasGlyphForCodePoint(code)) return 'main';
    return 'arabic';
  }

  /** A run's text split by font, in logical order. */
  private segments(text: string): { key: FontKey; text: string }[] {
    const out: { key: FontKey; text: string }[] = [];
    for (const char of text) {
      const last = out[out.length - 1];
      const key = this.fontFor(char, last?.key);
      if (last && last.key === key) last.text += char;
      else out.push({ key, text: char });
    }
    return out;
  }

  /** Selects a font and size; Helvetica (Latin-1 only) when no font was found. */
  private use(key: FontKey, size: number): void {
    const font = this.font(key);
    this.doc.font(font ? (key === 'arabic' && this.fonts.arabic ? 'arabic' : 'main') : 'Helvetica').fontSize(size);
  }

  private printable(key: FontKey, text: string): string {
    return this.font(key) ? text : text.replace(/[^\x20-\x7e\u00a0-\u00ff]/gu, '?');
  }

  /** Widths already measured in this document: shaping a run is the costly part of laying a line out. */
  private readonly widths = new Map<string, number>();

  private width(text: string, size: number): number {
    const key = `${size}|${text}`;
    const known = this.widths.get(key);
    if (known !== undefined) return known;
    const measured = this.measure(text, size);
    this.widths.set(key, measured);
    return measured;
  }

  private measure(text: string, size: number): number {
    let total = 0;
    for (const s of this.segments(text)) {
      this.use(s.key, size);
      total += this.doc.widthOfString(this.printable(s.key, s.text), SHAPING[s.key]);
    }
    return total;
  }

  private ascent(key: FontKey, size: number): number {
    const font = this.font(key);
    return font ? (font.ascent / font.unitsPerEm) * size : 0.718 * size;
  }

  /** Starts a new page when fewer than `needed` points are left. */
  ensure(needed: number): void {
    if (this.y + needed > PAGE.height - PAGE.margin) {
      this.doc.addPage();
      this.y = PAGE.margin;
    }
  }

  /** A paragraph wrapped between `left` and `right`, aligned to the start side of the document's direction. */
  paragraph(text: string, options: { size: number; color?: string; left?: number; right?: number; after?: number }): void {
    const left = options.left ?? PAGE.margin;
    const right = options.right ?? PAGE.width - PAGE.margin;
    const size = options.size;
    const lineHeight = size * 1.45;
    for (const source of withoutBidiControls(text).normalize('NFC').split('\n')) {
      for (const line of wrap(source, right - left, (t) => this.width(t, size))) {
        this.ensure(lineHeight);
        const runs = visualRuns(line, this.direction);
        const total = runs.reduce((sum, r) => sum + this.width(r.text, size), 0);
        let x = this.direction === 'rtl' ? right - total : left;
        const baseline = this.y + size * 1.1;
        for (const run of runs) {
          const parts = this.segments(run.text);
          if (run.direction === 'rtl') parts.reverse();
          for (const part of parts) {
            let drawn = this.printable(part.key, part.text);
            // fontkit lays a run out right to left when it starts with Arabic; anything else is drawn as given.
            const reversedByShaper = this.font(part.key) !== null && shapedRightToLeft(drawn);
            if (reversedByShaper !== (run.direction === 'rtl')) {
              const chars = [...drawn].reverse();
              drawn = (run.direction === 'rtl' ? chars.map((c) => MIRRORED[c] ?? c) : chars).join('');
            }
            this.use(part.key, size);
            this.doc.fillColor(options.color ?? INK).text(drawn, x, baseline - this.ascent(part.key, size), { lineBreak: false, ...SHAPING[part.key] });
            x += this.doc.widthOfString(drawn, SHAPING[part.key]);
          }
        }
        this.y += lineHeight;
      }
    }
    this.y += options.after ?? 0;
  }

  /** Draws content as one structure element (`P`, `H1`, `Figure`…) of the current section. */
  tagged(type: string, draw: () => void, options: PDFKit.Mixins.StructureElementOptions = {}): void {
    this.parent.add(this.doc.struct(type, options, [draw]));
  }

  /**
   * A paragraph as one structure element. In a right-to-left document the element also carries its text in logical
   * order (`ActualText`): a line mixing Arabic with Korean or Latin is drawn in visual order, which extractors
   * reassemble each their own way, while assistive technology reads the actual text as written.
   */
  text(type: 'P' | 'H1' | 'H2', text: string, options: Parameters<Writer['paragraph']>[1]): void {
    this.tagged(type, () => this.paragraph(text, options), this.direction === 'rtl' ? { actual: text } : {});
  }

  /** A section (`Sect`) of the structure: what `body` tags goes inside it. */
  section(body: () => void): void {
    const section = this.doc.struct('Sect');
    this.parent.add(section);
    const outer = this.parent;
    this.parent = section;
    body();
    this.parent = outer;
    section.end();
  }

  /** A horizontal rule, an artifact that assistive technology skips. */
  rule(): void {
    this.doc.markContent('Artifact', { type: 'Layout' });
    this.doc.moveTo(PAGE.margin, this.y).lineTo(PAGE.width - PAGE.margin, this.y).lineWidth(0.6).strokeColor('#999999').stroke();
    this.doc.endMarkedContent();
    this.y += 10;
  }

  /** Where the QR code sits: at the start side of the page. */
  private qrLeft(): number {
    return this.direction === 'rtl' ? PAGE.width - PAGE.margin - QR_SIZE : PAGE.margin;
  }

  /** The column beside the QR code, where the lines it explains are printed. */
  qrColumn(): { left: number; right: number } {
    const gap = 14;
    const x0 = this.qrLeft();
    return this.direction === 'rtl' ? { left: PAGE.margin, right: x0 - gap } : { left: x0 + QR_SIZE + gap, right: PAGE.width - PAGE.margin };
  }

  /** The QR code at the start side, as filled squares (crisp at any print resolution, and small). */
  qr(url: string, top: number): void {
    const qr = QRCode.create(url, { errorCorrectionLevel: 'M' });
    const count = qr.modules.size;
    const cell = QR_SIZE / count;
    const x0 = this.qrLeft();
    for (let row = 0; row < count; row++) {
      let col = 0;
      while (col < count) {
        if (!qr.modules.get(row, col)) {
          col++;
          continue;
        }
        const start = col;
        while (col < count && qr.modules.get(row, col)) col++;
        this.doc.rect(x0 + start * cell, top + row * cell, (col - start) * cell, cell);
      }
    }
    this.doc.fillColor('#000000').fill();
  }

  /**
   * A ligature of several Arabic letters (lam-alef, "لا") is one glyph, drawn within a run laid out right to left. Text
   * extractors and screen readers turn such a run round character by character to read it in logical order, which
   * would turn the ligature's own letters round too ("ال"); so its letters are listed in visual order in the font's
   * ToUnicode map, and read back right. PDFKit keeps that map per document in the embedded font (`unicode`, by glyph).
   */
  private mapLigaturesForReading(): void {
    const arabic = (this.doc as unknown as { _fontFamilies: Record<string, { unicode?: (number[] | undefined)[] } | undefined> })._fontFamilies.arabic;
    const unicode = arabic?.unicode;
    if (!unicode) return;
    unicode.forEach((codePoints, glyph) => {
      if (codePoints && codePoints.length > 1 && codePoints.every((c) => c >= 0x0600 && c <= 0x06ff)) unicode[glyph] = [...codePoints].reverse();
    });
  }

  async finish(): Promise<Buffer> {
    this.root.end();
    this.mapLigaturesForReading();
    const chunks: Buffer[] = [];
    this.doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    const done = new Promise<void>((resolve, reject) => {
      this.doc.on('end', resolve);
      this.doc.on('error', reject);
    });
    this.doc.end();
    await done;
    return Buffer.concat(chunks);
  }
}

/** The document as PDF bytes. */
export async function renderPdf(printed: PrintedDocument, fonts: DocumentFonts): Promise<Buffer> {
  const w = new Writer(fonts, printed.locale, printed.title);
  w.text('P', printed.issuer, { size: 10, color: GREY, after: 2 });
  w.text('H1', printed.title, { size: 20, after: 6 });
  w.rule();
  for (const section of printed.sections) {
    w.ensure(60);
    w.section(() => {
      w.text('H2', section.heading, { size: 12.5, after: 2 });
      for (const field of section.fields) {
        w.ensure(34);
        if (field.label) w.text('P', field.label, { size: 8, color: GREY });
        w.text('P', field.value || '—', { size: 10.5, after: 3 });
      }
      if (section.note) w.text('P', section.note, { size: 8, color: GREY });
    });
    w.y += 6;
  }
  // The verification block stays whole on one page: the QR code beside the lines it explains.
  w.ensure(QR_SIZE + 40);
  w.rule();
  const top = w.y;
  const column = w.qrColumn();
  w.section(() => {
    w.text('H2', printed.verification.heading, { size: 11, ...column, after: 2 });
    w.tagged('Figure', () => w.qr(printed.verification.url, top), { alt: printed.verification.url });
    for (const line of printed.verification.lines) w.text('P', line, { size: 8.5, ...column, after: 1 });
  });
  w.y = Math.max(w.y, top + QR_SIZE) + 12;
  w.text('P', printed.footer, { size: 8, color: GREY });
  return w.finish();
}
