import { PDFBool, PDFDict, PDFDocument, PDFName, PDFString } from 'pdf-lib';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { describe, expect, it } from 'vitest';
import { pdfText } from '../../test/helpers/pdfText.js';
import { documentFonts } from './fonts.js';
import { renderPdf, type PrintedDocument } from './pdf.js';

const printed = (locale: string): PrintedDocument => ({
  locale,
  issuer: '시험시 · 건축과',
  title: locale === 'ko' ? '민원 접수증' : 'Receipt of application',
  sections: [{ heading: 'Application', fields: [{ label: 'Application number', value: '2026-TS-0000001' }, { label: 'Title', value: 'Corner bakery 빵집' }], note: 'Printed for the applicant only.' }],
  verification: { heading: 'Check this document', url: 'https://daylight.test/verify/2026-TS-0000001.1.K3QX9M2PT7', lines: ['Verification code: 2026-TS-0000001 · 1 · K3QX9-M2PT7'] },
  footer: 'Printed from https://daylight.test.',
});

describe('printed PDFs', () => {
  it('without any font found, still prints, in Latin letters, and tells the operator what to install', async () => {
    const fonts = documentFonts('ko', ['/nonexistent/fonts']);
    expect(fonts.main).toBeNull();
    expect(fonts.warnings.join(' ')).toContain('fonts-noto-cjk');
    const { pages, text } = await pdfText(await renderPdf(printed('ko'), fonts));
    expect(pages).toBe(1);
    expect(text).toContain('2026-TS-0000001');
    expect(text).toContain('Corner bakery');
    expect(text).not.toContain('빵집');
  });

  it('with the Noto fonts, prints Hangul as text that reads back', async () => {
    const fonts = documentFonts('ko');
    expect(fonts.warnings).toEqual([]);
    const { text } = await pdfText(await renderPdf(printed('ko'), fonts));
    expect(text).toContain('민원 접수증');
    expect(text).toContain('Corner bakery 빵집');
  });
});

describe('printed PDFs for screen readers', () => {
  it('are tagged: marked, with a structure tree in reading order, the document’s language and its title shown', async () => {
    const bytes = await renderPdf(printed('ar'), documentFonts('ar'));
    const pdf = await PDFDocument.load(bytes, { updateMetadata: false });
    const catalog = pdf.catalog;
    const markInfo = catalog.lookup(PDFName.of('MarkInfo'), PDFDict);
    expect(markInfo.get(PDFName.of('Marked'))).toBe(PDFBool.True);
    expect(catalog.get(PDFName.of('StructTreeRoot'))).toBeDefined();
    expect(catalog.lookup(PDFName.of('Lang'), PDFString).decodeText()).toBe('ar');
    expect(catalog.lookup(PDFName.of('ViewerPreferences'), PDFDict).get(PDFName.of('DisplayDocTitle'))).toBe(PDFBool.True);
    expect(pdf.getTitle()).toBe('Receipt of application');

    // The structure as PDF.js hands it to assistive technology: a heading, sections, and the QR code as a figure.
    const doc = await getDocument({ data: new Uint8Array(bytes), isEvalSupported: false }).promise;
    const tree = await (await doc.getPage(1)).getStructTree();
    await doc.destroy();
    const roles: string[] = [];
    const alts: string[] = [];
    const walk = (node: { role?: string; alt?: string; children?: unknown[] }) => {
      if (node.role) roles.push(node.role);
      if (node.alt) alts.push(node.alt);
      for (const child of node.children ?? []) walk(child as typeof node);
    };
    walk(tree as unknown as Parameters<typeof walk>[0]);
    expect(roles.slice(0, 4)).toEqual(['Root', 'Document', 'P', 'H1']);
    expect(roles.filter((r) => r === 'Sect')).toHaveLength(2);
    expect(roles).toContain('Figure');
    // The QR code's alternative text is its link; in a right-to-left document each paragraph carries its logical text.
    expect(alts).toContain('https://daylight.test/verify/2026-TS-0000001.1.K3QX9M2PT7');
    expect(alts).toContain('Corner bakery 빵집');
    // Tagging changes nothing in the text a reader extracts.
    const { text } = await pdfText(bytes);
    expect(text).toContain('2026-TS-0000001');
    expect(text).toContain('Receipt of application');
  });
});
