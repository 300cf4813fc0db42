import { describe, expect, it } from 'vitest';
import { LOCALES, type Locale } from '../domain/types.js';
import { directionOf, formatters, localeOfTag, negotiateLocale, pickText, translator } from './index.js';

describe('negotiateLocale', () => {
  it.each<[string | undefined, Locale]>([
    [undefined, 'ko'],
    ['', 'ko'],
    ['de-DE,de;q=0.9', 'ko'],
    ['en-US,en;q=0.9', 'en'],
    ['zh-CN,zh;q=0.9,en;q=0.8', 'zh'],
    ['zh-Hans-CN', 'zh'],
    ['zh-SG', 'zh'],
    ['zh-TW,zh;q=0.9', 'zh'],
    ['zh-Hant-HK,en;q=0.5', 'en'],
    ['zh-TW,ja;q=0.8', 'ko'],
    ['fr-CA,fr;q=0.9,en;q=0.5', 'fr'],
    ['es-419,es;q=0.9', 'es'],
    ['ar-EG,ar;q=0.9,en;q=0.5', 'ar'],
    ['ru', 'ru'],
    ['ko-KR,ko;q=0.9,en-US;q=0.8', 'ko'],
    ['en;q=0.5,fr;q=0.9', 'fr'],
    ['fr;q=0,ar', 'ar'],
    ['de,es;q=0.7,ru;q=0.7', 'es'],
    ['*', 'ko'],
    ['fr_FR', 'fr'],
  ])('%s → %s', (header, expected) => {
    expect(negotiateLocale(header)).toBe(expected);
  });

  it('reads only the first ranges of a very long header', () => {
    expect(negotiateLocale(`${'de,'.repeat(5000)}fr`)).toBe('ko');
  });
});

describe('localeOfTag', () => {
  it.each<[string, Locale | undefined]>([
    ['zh-Hant', undefined],
    ['zh-MO', undefined],
    ['zh-hans-tw', 'zh'],
    ['AR-SA', 'ar'],
    ['pt-BR', undefined],
  ])('%s → %s', (tag, expected) => {
    expect(localeOfTag(tag)).toBe(expected);
  });
});

describe('pickText', () => {
  const name = { ko: '건축허가', en: 'Building permit', fr: 'Permis de construire' };
  it.each<[Locale, Locale, string, Locale, boolean]>([
    ['fr', 'ko', 'Permis de construire', 'fr', false],
    ['en', 'ko', 'Building permit', 'en', false],
    ['ar', 'ko', '건축허가', 'ko', true],
    ['ar', 'en', 'Building permit', 'en', true],
    ['zh', 'fr', 'Permis de construire', 'fr', true],
  ])('%s with main language %s', (locale, main, text, lang, fallback) => {
    expect(pickText(name, locale, main)).toEqual({ text, lang, fallback });
  });
  it('is empty for nothing', () => {
    expect(pickText(undefined, 'fr').text).toBe('');
  });
});

describe('formatters', () => {
  const at = '2026-03-05T06:07:00Z';
  it.each<[Locale, RegExp]>([
    ['ko', /2026년 3월 5일/],
    ['en', /5 Mar 2026/],
    ['zh', /2026年3月5日/],
    ['fr', /5 mars 2026/],
    ['es', /5 mar 2026/],
    ['ru', /5 мар\. 2026/],
    ['ar', /5 مارس 2026/],
  ])('%s writes a date its readers expect', (locale, pattern) => {
    expect(formatters(locale).date(at, 'Asia/Seoul')).toMatch(pattern);
  });

  it('keeps Latin digits in Arabic and mirrors nothing else', () => {
    const ar = formatters('ar');
    expect(ar.number(1234567)).toMatch(/^1[,٬]234[,٬]567$/);
    expect(ar.dateTime(at, 'Asia/Seoul')).not.toMatch(/[٠-٩]/);
  });

  it.each<[Locale, RegExp]>([
    ['ko', /^₩1,234,000$/],
    ['en', /^₩1,234,000$/],
    ['fr', /^1\s234\s000\s₩$/],
    ['ru', /^1\s234\s000\s₩$/],
    ['es', /^1\.234\.000\sKRW$/],
    ['ar', /^\u200f?1,234,000\s₩$/],
    ['zh', /^₩1,234,000$/],
  ])('%s formats won as its readers write money', (locale, pattern) => {
    expect(formatters(locale).money(1234000)).toMatch(pattern);
  });
});

describe('translator', () => {
  it('sets Arabic right to left and every other language left to right', () => {
    expect(LOCALES.filter((l) => directionOf(l) === 'rtl')).toEqual(['ar']);
  });
  it('chooses Korean particles in Korean only', () => {
    expect(translator('ko')('nav.skip')).toBeTruthy();
    const en = translator('en');
    expect(en('nav.skip')).toBe('Skip to content');
  });

  it.each([
    ['en', 1, 'working_days', 'Period: 1 working day,'],
    ['en', 15, 'working_days', 'Period: 15 working days,'],
    ['en', 1, 'working_hours', 'Period: 1 working hour,'],
    ['en', 1, 'calendar_days', 'Period: 1 calendar day,'],
    ['en', 30, 'calendar_days', 'Period: 30 calendar days,'],
    ['fr', 1, 'working_days', 'Délai : 1 jour ouvré,'],
    ['fr', 2, 'working_days', 'Délai : 2 jours ouvrés,'],
    ['es', 1, 'working_days', 'Plazo: 1 día hábil,'],
    ['es', 10, 'calendar_days', 'Plazo: 10 días naturales,'],
  ] as const)('says a period of %s %i %s in the right number', (locale, amount, unit, start) => {
    expect(translator(locale)('clock.step.period', { amount, unit, mode: unit, source: 'the law' })).toMatch(new RegExp(`^${start}`));
  });
});
