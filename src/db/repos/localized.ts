import { LOCALES, type Locale, type Localized, type ProcedureStage } from '../../domain/types.js';
import type { OtherLanguages } from '../schema.js';

/**
 * A stored name as the domain reads it: Korean and English from their columns, the other languages from the row's
 * `names` (or a `texts` member), keeping only languages Daylight offers with a non-empty text. Given the
 * jurisdiction's `offered` languages, a text written in a language it does not offer is left out, so a reader of
 * that language sees the main language, marked, as for a missing translation (ADR 0017).
 */
export function localized(ko: string, en: string, others: OtherLanguages | null | undefined, offered?: readonly Locale[]): Localized {
  const out: Localized = { ko, en };
  if (others && typeof others === 'object') {
    for (const locale of LOCALES) {
      if (locale === 'ko' || locale === 'en') continue;
      if (offered && !offered.includes(locale)) continue;
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

/** A procedure's stages with their names kept to the languages its jurisdiction offers (see `localized`). */
export function offeredStages(stages: ProcedureStage[], offered: readonly Locale[]): ProcedureStage[] {
  return stages.map((s) => ({ ...s, name: localized(s.name.ko, s.name.en, s.name, offered) }));
}
