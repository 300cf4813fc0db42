import { readFileSync } from 'node:fs';
import { IntlMessageFormat } from 'intl-messageformat';
import { LOCALES, RTL_LOCALES, type Locale, type Localized } from '../domain/types.js';
import enCatalogue from './catalogues/en.json' with { type: 'json' };
import koCatalogue from './catalogues/ko.json' with { type: 'json' };
import { chooseParticles } from './particles.js';

/**
 * Message catalogues, one JSON file a locale in `catalogues/`: ICU MessageFormat texts keyed by message id, each
 * `{ "message": ..., "description": ... }` (the description, a note for translators, lives in the English source).
 * Translation platforms read this shape as "structured JSON" / WebExtension JSON.
 */
export type MessageKey = keyof typeof enCatalogue;
type CatalogueFile = Record<string, { message: string; description?: string }>;

function messagesOf(file: CatalogueFile): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, entry] of Object.entries(file)) out[key] = entry.message;
  return out;
}

/**
 * A translated catalogue read from beside this module (`npm run build` copies the folder into `dist/`). A locale whose
 * file is absent renders each message in English, as a missing key does; `catalogues.test.ts` fails on it.
 */
function readCatalogue(locale: Locale): Record<string, string> {
  try {
    return messagesOf(JSON.parse(readFileSync(new URL(`./catalogues/${locale}.json`, import.meta.url), 'utf8')) as CatalogueFile);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw error;
  }
}

export const CATALOGUES: Record<Locale, Record<string, string>> = {
  en: messagesOf(enCatalogue),
  ko: messagesOf(koCatalogue),
  zh: readCatalogue('zh'),
  fr: readCatalogue('fr'),
  es: readCatalogue('es'),
  ru: readCatalogue('ru'),
  ar: readCatalogue('ar'),
};

/** Each language's name in itself, as the language switcher lists them. */
export const LANGUAGE_NAMES: Record<Locale, string> = {
  ko: '한국어',
  en: 'English',
  zh: '简体中文',
  fr: 'Français',
  es: 'Español',
  ru: 'Русский',
  ar: 'العربية',
};

/** The writing direction of a language, for `<html dir>` and text in another language inside a page. */
export function directionOf(locale: Locale): 'ltr' | 'rtl' {
  return RTL_LOCALES.includes(locale) ? 'rtl' : 'ltr';
}

const cache = new Map<string, IntlMessageFormat>();

export type Translate = (key: MessageKey | string, values?: Record<string, string | number | Date>) => string;

/** A translator for one locale; unknown keys render as the key itself so a gap is visible, never blank. */
export function translator(locale: Locale): Translate {
  const catalogue = CATALOGUES[locale];
  return (key, values) => {
    const text = catalogue[key] ?? CATALOGUES.en[key];
    if (text === undefined) return key;
    if (!values && !text.includes('{')) return text;
    const id = `${locale}\u0000${key}`;
    let format = cache.get(id);
    if (!format) {
      // A message falling back to English is formatted with English plural rules, which its branches were written for.
      format = new IntlMessageFormat(text, catalogue[key] === undefined ? 'en' : intlTag(locale));
      cache.set(id, format);
    }
    const out = String(format.format(values));
    // Korean particles after a value are chosen for the value's last sound (`particles.ts`).
    return locale === 'ko' ? chooseParticles(out) : out;
  };
}

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

/**
 * A language tag as a browser sends it, mapped to one of ours: `zh-CN`, `zh-Hans`, `zh-SG` and bare `zh` are
 * simplified Chinese; `zh-TW`, `zh-HK`, `zh-MO` and `zh-Hant` (traditional script) are not offered, so they match
 * nothing and the next preference is tried; any region of the others (`fr-CA`, `es-419`, `ar-EG`, `en-US`) is its
 * language. Undefined when the tag is none of ours.
 */
export function localeOfTag(tag: string): Locale | undefined {
  const parts = tag.trim().toLowerCase().replace(/_/g, '-').split('-');
  const base = parts[0];
  if (base === 'zh') {
    if (parts.includes('hant')) return undefined;
    if (parts.includes('hans')) return 'zh';
    if (parts.some((p) => p === 'tw' || p === 'hk' || p === 'mo')) return undefined;
    return 'zh';
  }
  return isLocale(base) ? base : undefined;
}

/** The most languages of an Accept-Language header considered: a header is bounded, its list need not be. */
const MAX_LANGUAGE_RANGES = 32;

/** Picks the best supported locale from an Accept-Language header (RFC 9110 weights); Korean when nothing matches. */
export function negotiateLocale(header: string | undefined): Locale {
  if (!header) return 'ko';
  const ranked = header
    .slice(0, 1024)
    .split(',')
    .slice(0, MAX_LANGUAGE_RANGES)
    .map((part, index) => {
      const [tag, ...params] = part.trim().split(';');
      const q = params.find((p) => p.trim().startsWith('q='));
      return { tag: tag ?? '', q: q ? Number(q.trim().slice(2)) : 1, index };
    })
    .filter((x) => x.tag && !Number.isNaN(x.q) && x.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  for (const { tag } of ranked) {
    const locale = localeOfTag(tag);
    if (locale) return locale;
  }
  return 'ko';
}

/** Text chosen for a reader, with the language it is really in (which differs from the reader's on a fallback). */
export interface PickedText {
  text: string;
  lang: Locale;
  /** True when the reader's language was missing and the text is in the jurisdiction's main language instead. */
  fallback: boolean;
}

/**
 * Picks the text for a locale from a multilingual value, falling back to the jurisdiction's main language (Korean
 * unless told), then to Korean and English, so a missing translation shows the original rather than nothing.
 */
export function pickText(text: Localized | undefined | null, locale: Locale, main: Locale = 'ko'): PickedText {
  if (!text) return { text: '', lang: locale, fallback: false };
  const own = text[locale];
  if (own) return { text: own, lang: locale, fallback: false };
  for (const other of [main, 'ko', 'en'] as const) {
    const value = text[other];
    if (value) return { text: value, lang: other, fallback: true };
  }
  return { text: '', lang: locale, fallback: false };
}

/** Picks the text for a locale from a multilingual value (see `pickText` for the fallback). */
export function pick(text: Localized | undefined | null, locale: Locale, main: Locale = 'ko'): string {
  return pickText(text, locale, main).text;
}

/** The note after a text shown in another language than the reader's, "(in Korean)", in the reader's language. */
export function fallbackNote(locale: Locale, lang: Locale): string {
  const language = new Intl.DisplayNames([intlTag(locale)], { type: 'language' }).of(lang) ?? lang;
  return translator(locale)('i18n.fallback', { language });
}

/**
 * Picks the text for a locale as plain text for places that cannot carry markup (an `<option>`, a value inside a
 * message, a feed entry): a fallback is followed by the note naming its language, as `<Local>` shows it.
 */
export function pickMarked(text: Localized | undefined | null, locale: Locale, main: Locale = 'ko'): string {
  const picked = pickText(text, locale, main);
  return picked.fallback ? `${picked.text} ${fallbackNote(locale, picked.lang)}` : picked.text;
}

const formatterCache = new Map<Locale, ReturnType<typeof buildFormatters>>();

/** Locale-aware formatting of dates (in a jurisdiction's time zone) and numbers; built once per locale. */
export function formatters(locale: Locale) {
  let f = formatterCache.get(locale);
  if (!f) {
    f = buildFormatters(locale);
    formatterCache.set(locale, f);
  }
  return f;
}

/**
 * The BCP 47 tag each language formats with. Arabic keeps Latin digits (`nu-latn`): application numbers, codes and
 * hashes on the same page are Latin, government sites across the Arab world mostly print Western digits, and a date
 * copied from a page then matches the record; Egypt's Arabic-Indic digits would be one `-u-nu-arab` away (ADR 0017).
 */
const INTL_TAGS: Record<Locale, string> = {
  ko: 'ko-KR',
  en: 'en-GB',
  zh: 'zh-Hans-CN',
  fr: 'fr-FR',
  es: 'es-ES',
  ru: 'ru-RU',
  ar: 'ar-u-nu-latn',
};

/** The tag `Intl` formats a locale with. */
export function intlTag(locale: Locale): string {
  return INTL_TAGS[locale];
}

function buildFormatters(locale: Locale) {
  const tag = INTL_TAGS[locale];
  const dateTimes = new Map<string, Intl.DateTimeFormat>();
  const get = (timeZone: string, withTime: boolean) => {
    const id = `${timeZone}|${withTime}`;
    let f = dateTimes.get(id);
    if (!f) {
      f = new Intl.DateTimeFormat(tag, {
        timeZone,
        year: 'numeric',
        month: 'short',
        day: 'numeric',
        ...(withTime ? { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' } : {}),
      });
      dateTimes.set(id, f);
    }
    return f;
  };
  const numbers = new Intl.NumberFormat(tag);
  const money = new Intl.NumberFormat(tag, { style: 'currency', currency: 'KRW' });
  const twoDecimals = new Intl.NumberFormat(tag, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  const kilobytes = new Intl.NumberFormat(tag, { style: 'unit', unit: 'kilobyte', unitDisplay: 'short' });
  return {
    /** Date and time to the minute. */
    dateTime: (at: Date | string, timeZone: string) => get(timeZone, true).format(new Date(at)),
    date: (at: Date | string, timeZone: string) => get(timeZone, false).format(new Date(at)),
    number: (n: number) => numbers.format(n),
    money: (krw: number) => money.format(krw),
    /** A file's size in whole kilobytes, with the unit as the locale writes it ("12 KB", "12 ko", "12 КБ"). */
    kilobytes: (bytes: number) => kilobytes.format(Math.ceil(bytes / 1024)),
    /** A mean such as a satisfaction average, always with two decimals so a column lines up ("4.00", "3.79"). */
    mean: (n: number) => twoDecimals.format(n),
  };
}
export type Formatters = ReturnType<typeof buildFormatters>;
