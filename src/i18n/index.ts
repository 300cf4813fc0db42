import { IntlMessageFormat } from 'intl-messageformat';
import { LOCALES, type Locale, type Localized } from '../domain/types.js';
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

export const CATALOGUES: Record<Locale, Record<string, string>> = {
  en: messagesOf(enCatalogue),
  ko: messagesOf(koCatalogue),
};

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
      format = new IntlMessageFormat(text, locale);
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

/** Picks the best supported locale from an Accept-Language header; Korean when nothing matches. */
export function negotiateLocale(header: string | undefined): Locale {
  if (!header) return 'ko';
  const ranked = header
    .split(',')
    .map((part) => {
      const [tag, ...params] = part.trim().split(';');
      const q = params.find((p) => p.trim().startsWith('q='));
      return { tag: (tag ?? '').toLowerCase(), q: q ? Number(q.trim().slice(2)) : 1 };
    })
    .filter((x) => x.tag && !Number.isNaN(x.q))
    .sort((a, b) => b.q - a.q);
  for (const { tag } of ranked) {
    const base = tag.split('-')[0];
    if (isLocale(base)) return base;
  }
  return 'ko';
}

/** Picks the text for a locale from a bilingual value. */
export function pick(text: Localized | undefined | null, locale: Locale): string {
  if (!text) return '';
  return text[locale] || text.en || text.ko;
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

function buildFormatters(locale: Locale) {
  const tag = locale === 'ko' ? 'ko-KR' : 'en-GB';
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
  return {
    /** Date and time to the minute. */
    dateTime: (at: Date | string, timeZone: string) => get(timeZone, true).format(new Date(at)),
    date: (at: Date | string, timeZone: string) => get(timeZone, false).format(new Date(at)),
    number: (n: number) => numbers.format(n),
    money: (krw: number) => money.format(krw),
    /** A mean such as a satisfaction average, always with two decimals so a column lines up ("4.00", "3.79"). */
    mean: (n: number) => twoDecimals.format(n),
  };
}
export type Formatters = ReturnType<typeof buildFormatters>;
