import { describe, expect, it } from 'vitest';
import { RegisterFilterError, namedChoices, readRegisterQuery, registerFilters } from './register.js';

describe('the register’s department choices', () => {
  const unit = (code: string, ko: string, en: string, jurisdiction: [string, string]) => ({ code, name: { ko, en }, jurisdiction: { ko: jurisdiction[0], en: jurisdiction[1] } });
  const units = [
    unit('DB-BUILD', '건축과', 'Building Division', ['동부구', 'Dongbu-gu']),
    unit('SB-BUILD', '건축과', 'Building Division', ['서부구', 'Seobu-gu']),
    unit('CITY-ROAD', '도로과', 'Roads Division', ['하늘시', 'Haneul City']),
  ];
  it.each<[string, 'ko' | 'en', string[]]>([
    ['names alike in Korean are told apart by jurisdiction, a unique one stays plain', 'ko', ['건축과 (동부구)', '건축과 (서부구)', '도로과']],
    ['and in English', 'en', ['Building Division (Dongbu-gu)', 'Building Division (Seobu-gu)', 'Roads Division']],
  ])('%s', (_name, locale, expected) => {
    expect(namedChoices(locale, { procedures: [], units }).units.map((u) => u.name)).toEqual(expected);
  });
});

describe('the register’s filters', () => {
  it.each<[string, Record<string, string>, string | null]>([
    ['a period in order', { from: '2026-01-01', to: '2026-01-31' }, null],
    ['one day', { from: '2026-01-05', to: '2026-01-05' }, null],
    ['a period that ends before it starts', { from: '2026-02-01', to: '2026-01-31' }, 'from_after_to'],
    ['an unknown order', { sort: 'sideways' }, 'other'],
    ['a malformed cursor going back', { before: '%%%' }, 'other'],
    ['a day that does not exist', { from: '2026-02-30' }, 'other'],
    ['a leap day that does', { from: '2028-02-29' }, null],
  ])('%s', (_name, query, problem) => {
    let got: string | null = null;
    try {
      registerFilters(query, 25);
    } catch (e) {
      got = e instanceof RegisterFilterError ? e.problem : 'other';
    }
    expect(got).toBe(problem);
  });
});

describe('reading the register’s query one parameter at a time', () => {
  it.each<[string, Record<string, string>, string[], boolean, string[]]>([
    ['a bad order leaves the status and department in force', { status: 'approved', unit: 'DB-BUILD', sort: 'due' }, ['sort'], false, ['status', 'unit']],
    ['a month that does not exist leaves the end date in force', { from: '2025-13-45', to: '2026-01-31' }, ['from'], false, ['to']],
    ['a reversed period matches nothing and is named on its end', { from: '2026-02-01', to: '2026-01-31' }, ['to'], true, ['from', 'to']],
    ['a good query has no issue', { q: 'x', status: 'received', from: '2026-01-01' }, [], false, ['q', 'status', 'from']],
  ])('%s', (_name, query, fields, empty, kept) => {
    const got = readRegisterQuery(query, 25);
    expect(got.issues.map((i) => i.field)).toEqual(fields);
    expect(got.empty).toBe(empty);
    expect(kept.every((k) => k in got.filters)).toBe(true);
  });
});
