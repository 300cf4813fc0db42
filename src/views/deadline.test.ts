import { describe, expect, it } from 'vitest';
import { formatters, translator } from '../i18n/index.js';
import type { Locale } from '../domain/types.js';
import type { ViewContext } from './context.js';
import { lateBy } from './deadline.js';

const ctx = (locale: Locale) => ({ locale, t: translator(locale), fmt: formatters(locale) }) as unknown as ViewContext;

describe('how late a clock is, in words', () => {
  it.each<[string, Locale, number, string]>([
    ['under a working day in hours', 'en', 90, 'Late by 1.5 working hours'],
    ['one working day', 'en', 480, 'Late by 1 working day'],
    ['a day and a half', 'en', 720, 'Late by 1.5 working days'],
    ['weeks in whole days, not hundreds of hours', 'en', 992 * 60, 'Late by 124 working days'],
    ['in Korean', 'ko', 992 * 60, '근무일 기준 124일 지연'],
    ['Russian few', 'ru', 3 * 480, 'Просрочка: 3 рабочих дня'],
    ['Russian many', 'ru', 25 * 480, 'Просрочка: 25 рабочих дней'],
  ])('%s', (_name, locale, minutes, expected) => {
    expect(lateBy(ctx(locale), minutes)).toBe(expected);
  });
});
