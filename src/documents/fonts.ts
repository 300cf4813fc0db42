/**
 * The fonts printed documents embed, found on the machine (never downloaded): Noto Sans CJK for Hangul, Chinese,
 * Latin and Cyrillic, Noto Sans Arabic for Arabic. Opening a font parses tens of megabytes, so each is opened once
 * per process and kept. When none is found the writer falls back to PDF's built-in Helvetica, which has Latin only,
 * and `warnings` says what to install (ADR 0018).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import * as fontkit from 'fontkit';
import type { Locale } from '../domain/types.js';

/** Where Debian (fonts-noto-cjk, fonts-noto-core, fonts-dejavu-core) and Fedora put these fonts. */
export const DEFAULT_FONT_DIRS = [
  '/usr/share/fonts/opentype/noto',
  '/usr/share/fonts/truetype/noto',
  '/usr/share/fonts/google-noto-cjk',
  '/usr/share/fonts/google-noto-sans-cjk-fonts',
  '/usr/share/fonts/google-noto',
  '/usr/share/fonts/google-noto-sans-arabic-fonts',
  '/usr/share/fonts/truetype/dejavu',
  '/usr/share/fonts/dejavu-sans-fonts',
];

interface Candidate {
  file: string;
  /** The face inside a collection (.ttc). */
  face?: string;
}

/** The CJK collection's face that draws a locale's Han characters the way its readers write them. */
function cjkFace(locale: Locale | string): string {
  return locale === 'zh' ? 'SC' : 'KR';
}

function mainCandidates(locale: Locale | string): Candidate[] {
  const face = cjkFace(locale);
  return [
    { file: 'NotoSansCJK-Regular.ttc', face: `NotoSansCJK${face.toLowerCase()}-Regular` },
    { file: `NotoSansCJK${face.toLowerCase()}-Regular.otf` },
    { file: `NotoSans${face === 'SC' ? 'SC' : 'KR'}-Regular.otf` },
    // Latin and Cyrillic only: Korean and Chinese would show as boxes, so a warning names the missing package.
    { file: 'NotoSans-Regular.ttf' },
    { file: 'DejaVuSans.ttf' },
  ];
}

const ARABIC_CANDIDATES: Candidate[] = [{ file: 'NotoSansArabic-Regular.ttf' }, { file: 'NotoNaskhArabic-Regular.ttf' }, { file: 'DejaVuSans.ttf' }];

/** A sample a locale's documents cannot do without, to check a found font covers the locale's script. */
const SAMPLE: Record<string, string> = { ko: '접', zh: '受', ru: 'Ж', ar: 'ب', en: 'R', fr: 'é', es: 'ñ' };

export interface DocumentFonts {
  /** Draws everything but Arabic; null means Helvetica. */
  main: fontkit.Font | null;
  /** Draws Arabic; null when no font with Arabic was found. */
  arabic: fontkit.Font | null;
  /** What an operator should do, when a locale's script has no font here. */
  warnings: string[];
}

const opened = new Map<string, fontkit.Font | null>();

function open(dirs: readonly string[], candidate: Candidate): fontkit.Font | null {
  for (const dir of dirs) {
    const file = path.join(dir, candidate.file);
    const key = `${file}#${candidate.face ?? ''}`;
    if (opened.has(key)) {
      const font = opened.get(key);
      if (font) return font;
      continue;
    }
    let font: fontkit.Font | null = null;
    if (existsSync(file)) {
      try {
        const found = fontkit.openSync(file, candidate.face);
        font = 'layout' in found ? found : null;
      } catch {
        font = null;
      }
    }
    opened.set(key, font);
    if (font) return font;
  }
  return null;
}

const chosen = new Map<string, DocumentFonts>();

/** The fonts for a locale's documents from folders `dirs` (searched in order), cached per process. */
export function documentFonts(locale: Locale | string, dirs: readonly string[] = DEFAULT_FONT_DIRS): DocumentFonts {
  const key = `${cjkFace(locale)}|${locale === 'ar' ? 'ar' : ''}|${dirs.join(':')}`;
  const cached = chosen.get(key);
  if (cached) return cached;
  const main = mainCandidates(locale).reduce<fontkit.Font | null>((found, c) => found ?? open(dirs, c), null);
  const arabic = ARABIC_CANDIDATES.reduce<fontkit.Font | null>((found, c) => found ?? open(dirs, c), null);
  const warnings: string[] = [];
  const sample = SAMPLE[locale] ?? 'R';
  const covering = locale === 'ar' ? arabic : main;
  if (!covering || !covering.hasGlyphForCodePoint(sample.codePointAt(0)!)) {
    warnings.push(
      `No font for ${locale} documents in ${dirs.join(':')}: printed receipts and notices in ${locale} fall back to Latin letters. ` +
        'Install Noto Sans CJK and Noto Sans Arabic (Debian: apt-get install fonts-noto-cjk fonts-noto-core) or set DOCUMENT_FONT_DIRS.',
    );
  }
  const fonts = { main, arabic, warnings };
  chosen.set(key, fonts);
  return fonts;
}

/** The folders named by `DOCUMENT_FONT_DIRS`, or the defaults. */
export function fontDirs(setting: string | undefined): string[] {
  return setting ? setting.split(':').filter(Boolean) : DEFAULT_FONT_DIRS;
}
