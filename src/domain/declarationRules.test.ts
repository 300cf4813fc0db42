import { describe, expect, it } from 'vitest';
import { DEFAULT_RULES, filingGradeOf, offeredCategories, readRulesForm, rulesChanges, rulesFields, type DeclarationRules } from './declarationRules.js';
import { bandOf, bandRange, declarationBands, declarationDue, readDeclaration } from './declarations.js';

const defaults = rulesFields(DEFAULT_RULES);

describe('the administrator’s form of declaration rules', () => {
  it('reads back the rules it was filled with', () => {
    expect(readRulesForm(defaults)).toEqual({ rules: DEFAULT_RULES, problems: [] });
  });

  it.each<[string, Record<string, string>, string, string]>([
    ['a filing grade outside 1–9', { filing_grade: '0' }, 'filing_grade', 'declaration.rules.error.grade'],
    ['a filing grade that is not a number', { filing_grade: 'seven' }, 'filing_grade', 'declaration.rules.error.grade'],
    ['publishing grades that do not file', { filing_grade: '5', public_grade: '7' }, 'public_grade', 'declaration.rules.error.public_beyond_filing'],
    ['a thirteenth month', { due_month: '13' }, 'due_month', 'declaration.rules.error.month'],
    ['30 February', { due_month: '2', due_day: '30' }, 'due_day', 'declaration.rules.error.day'],
    ['31 April', { due_month: '4', due_day: '31' }, 'due_day', 'declaration.rules.error.day'],
    ['a threshold in words', { threshold_deposits: 'ten million' }, 'threshold_deposits', 'declaration.rules.error.threshold'],
    ['no band', { bands: '  ' }, 'bands', 'declaration.rules.error.band_count'],
    ['sixteen bands', { bands: Array.from({ length: 16 }, (_, i) => String((i + 1) * 1000)).join('\n') }, 'bands', 'declaration.rules.error.band_count'],
    ['a band of nothing', { bands: '0\n100' }, 'bands', 'declaration.rules.error.band_amount'],
    ['bands out of order', { bands: '50,000,000\n10,000,000' }, 'bands', 'declaration.rules.error.band_order'],
    ['a band repeated', { bands: '10000000\n10000000' }, 'bands', 'declaration.rules.error.band_order'],
  ])('refuses %s, naming the field', (_, change, field, key) => {
    const { problems } = readRulesForm({ ...defaults, ...change });
    expect(problems).toEqual([expect.objectContaining({ field, key })]);
  });

  it('refuses a form offering no category', () => {
    const none = Object.fromEntries(Object.entries(defaults).filter(([k]) => !k.startsWith('category_')));
    expect(readRulesForm(none).problems).toEqual([{ field: 'category_real_estate', key: 'declaration.rules.error.no_category' }]);
  });

  it('accepts 29 February, an empty day (the month’s last), separators and a category removed', () => {
    const { rules, problems } = readRulesForm({ ...defaults, due_month: '2', due_day: '29', bands: '20,000,000; 200.000.000\r\n2 000 000 000', category_gold_jewellery: '', threshold_deposits: '20,000,000' });
    expect(problems).toEqual([]);
    expect(rules).toMatchObject({ dueDay: 29, bands: [20_000_000, 200_000_000, 2_000_000_000] });
    expect(offeredCategories(rules)).not.toContain('gold_jewellery');
    expect(rules.categories.find((c) => c.category === 'deposits')?.thresholdKrw).toBe(20_000_000);
    expect(readRulesForm({ ...defaults, due_day: '' }).rules.dueDay).toBeNull();
  });

  it('files nobody when declarations are not required, whatever the grade', () => {
    expect(filingGradeOf({ required: false, filingGrade: 7 })).toBe(0);
    expect(filingGradeOf({ required: true, filingGrade: 7 })).toBe(7);
  });
});

describe('what a change of the rules changed', () => {
  const change = (over: Partial<DeclarationRules>) => rulesChanges(DEFAULT_RULES, { ...DEFAULT_RULES, ...over });
  it.each<[string, Partial<DeclarationRules>, string[]]>([
    ['nothing', {}, []],
    ['switching declarations off', { required: false }, ['required']],
    ['the due day', { dueDay: 15 }, ['due_date']],
    ['a category removed', { categories: DEFAULT_RULES.categories.filter((c) => c.category !== 'vehicles') }, ['categories']],
    ['a threshold raised', { categories: DEFAULT_RULES.categories.map((c) => (c.category === 'cash' ? { ...c, thresholdKrw: 20_000_000 } : c)) }, ['thresholds']],
    ['bands and grades', { bands: [1_000_000], filingGrade: 6, publicGrade: 4 }, ['filing_grade', 'public_grade', 'bands']],
  ])('names %s', (_, over, settings) => {
    expect(change(over)).toEqual(settings);
  });
});

describe('declarations under a jurisdiction’s rules', () => {
  it.each<[number, number, number | null, string]>([
    [2026, 2, null, '2026-02-28T14:59:59.999Z'],
    [2028, 2, null, '2028-02-29T14:59:59.999Z'],
    [2027, 2, 29, '2027-02-28T14:59:59.999Z'],
    [2028, 2, 29, '2028-02-29T14:59:59.999Z'],
    [2026, 3, 15, '2026-03-15T14:59:59.999Z'],
    [2026, 12, 31, '2026-12-31T14:59:59.999Z'],
  ])('a declaration for %i due in month %i, day %s, is on time until %s (Seoul)', (year, month, day, until) => {
    expect(declarationDue(year, month, 'Asia/Seoul', day).toISOString()).toBe(until);
  });

  it('refuses a category the jurisdiction no longer offers, naming its row', () => {
    const { problems } = readDeclaration({ asset_0_category: 'gold_jewellery', asset_0_description: 'Ring', asset_0_value: '6000000' }, ['real_estate', 'deposits']);
    expect(problems).toEqual([{ field: 'asset_0_category', key: 'declaration.error.category_not_offered' }]);
  });

  it('bands a filing with the bounds in force and keeps them, so the register reads it truly later', () => {
    const content = { assets: [{ category: 'deposits' as const, holder: 'self' as const, description: 'Bank', valueKrw: 70_000_000 }], positions: [], interests: [], note: '' };
    const own = [20_000_000, 200_000_000];
    const bands = declarationBands(content, null, own);
    expect(bands.bounds).toEqual(own);
    expect(bandRange(bands.assets, bands.bounds)).toEqual({ from: 20_000_001, to: 200_000_000 });
    // Read with the defaults instead, the same index would claim 10,000,001–50,000,000: untrue.
    expect(bandRange(bands.assets)).not.toEqual(bandRange(bandOf(70_000_000)));
  });
});
