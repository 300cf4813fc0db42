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
