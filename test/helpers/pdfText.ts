import { createRequire } from 'node:module';
import path from 'node:path';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

// PDF.js reads the metrics of PDF's 14 standard fonts (a PDF without embedded fonts uses them) from its own package.
const standardFontDataUrl = `${path.join(path.dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json')), 'standard_fonts')}/`;

/** The text of every page of a PDF, as PDF.js extracts it (what a screen reader or a copy-paste gets), one line a page. */
export async function pdfText(bytes: Uint8Array): Promise<{ pages: number; text: string }> {
  const doc = await getDocument({ data: new Uint8Array(bytes), useSystemFonts: false, isEvalSupported: false, standardFontDataUrl }).promise;
  const pages: string[] = [];
  for (let i = 1; i <= doc.numPages; i++) {
    const content = await (await doc.getPage(i)).getTextContent();
    pages.push(content.items.map((item) => ('str' in item ? item.str : '')).join(' '));
  }
  await doc.destroy();
  return { pages: doc.numPages, text: pages.join('\n') };
}

/** Text without any whitespace, for comparing what was printed across line breaks. */
export const squeezed = (text: string) => text.replace(/\s+/g, '');

/**
 * The texts of a tagged PDF's structure elements as assistive technology receives them (an element's alternative or
 * actual text), in reading order, with each element's role.
 */
export async function pdfStructure(bytes: Uint8Array): Promise<{ role: string; text?: string }[]> {
  const doc = await getDocument({ data: new Uint8Array(bytes), useSystemFonts: false, isEvalSupported: false, standardFontDataUrl }).promise;
  const out: { role: string; text?: string }[] = [];
  type Node = { role?: string; alt?: string; children?: Node[] };
  const walk = (node: Node) => {
    if (node.role) out.push({ role: node.role, ...(node.alt ? { text: node.alt } : {}) });
    for (const child of node.children ?? []) walk(child);
  };
  for (let i = 1; i <= doc.numPages; i++) walk(((await (await doc.getPage(i)).getStructTree()) ?? {}) as Node);
  await doc.destroy();
  return out;
}
