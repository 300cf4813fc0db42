import { LOCALES, type Localized } from '../../domain/types.js';
import type { OtherLanguages } from '../schema.js';

/**
 * A stored name as the domain reads it: Korean and English from their columns, the other languages from the row's
 * `names` (or a `texts` member), keeping only languages Daylight offers with a non-empty text.
 */
export function localized(ko: string, en: string, others: OtherLanguages | null | undefined): Localized {
  const out: Localized = { ko, en };
  if (others && typeof others === 'object') {
    for (const locale of LOCALES) {
      if (locale === 'ko' || locale === 'en') continue;
      const text = others[locale];
      if (typeof text === 'string' && text.trim()) out[locale] = text;
    }
  }
  return out;
}

/** The languages beyond Korean and English of a multilingual text, as its row stores them. */
export function otherLanguages(text: Localized): OtherLanguages {
  const out: OtherLanguages = {};
  for (const locale of LOCALES) {
    if (locale === 'ko' || locale === 'en') continue;
    const value = text[locale]?.trim();
    if (value) out[locale] = value;
  }
  return out;
}
