import { ASSET_CATEGORIES, DECLARATION_BANDS, DECLARATION_THRESHOLDS, MAX_ITEM_KRW, parseKrw, type AssetCategory, type FieldProblem } from './declarations.js';

/**
 * A jurisdiction's rules for yearly declarations, as an administrator sets them: whether declarations are required,
 * the grades that file and whose bands are published, the due date, the categories offered with their thresholds,
 * and the public register's bands. The defaults are Korea's Public Service Ethics Act and the StAR guide's
 * categories (`domain/declarations`). Pure: reading the form, filling it again, and naming what a change changed.
 */

/** A category offered on the declaration form, with the value (KRW) from which an item of it must be declared. */
export interface DeclarationCategoryRule {
  category: AssetCategory;
  thresholdKrw: number;
}

export interface DeclarationRules {
  required: boolean;
  /** Officials of this grade or more senior file (1 most senior … 9). */
  filingGrade: number;
  /** Officials of this grade or more senior have their bands published (0: nobody). */
  publicGrade: number;
  dueMonth: number;
  /** The due month's day; null for its last day. */
  dueDay: number | null;
  categories: DeclarationCategoryRule[];
  /** The public register's band bounds (KRW), ascending. */
  bands: number[];
}

/** The categories the Act and the StAR guide name, each with the Act's threshold, in the form's order. */
export const DEFAULT_CATEGORIES: DeclarationCategoryRule[] = ASSET_CATEGORIES.map((category) => ({ category, thresholdKrw: DECLARATION_THRESHOLDS[category] }));

/** The rules a jurisdiction has until an administrator changes them (the Act's: grade 7 files, grade 5 published, end of February). */
export const DEFAULT_RULES: DeclarationRules = {
  required: true, filingGrade: 7, publicGrade: 5, dueMonth: 2, dueDay: null, categories: DEFAULT_CATEGORIES, bands: [...DECLARATION_BANDS],
};

/** The most band bounds a jurisdiction may set: enough for a fine register, few enough to read. */
export const MAX_BANDS = 15;

/** The longest day of each month (29 for February: a leap year's due date; other years fall back to the 28th). */
const MONTH_DAYS = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;

/** A jurisdiction's stored columns as rules; a null list means the defaults. */
export function rulesOf(row: {
  declaration_required: boolean; declaration_filing_grade: number; declaration_public_grade: number; declaration_due_month: number; declaration_due_day: number | null;
  declaration_categories: DeclarationCategoryRule[] | null; declaration_bands: number[] | null;
}): DeclarationRules {
  return {
    required: row.declaration_required,
    filingGrade: row.declaration_filing_grade,
    publicGrade: row.declaration_public_grade,
    dueMonth: row.declaration_due_month,
    dueDay: row.declaration_due_day,
    categories: row.declaration_categories ?? DEFAULT_CATEGORIES,
    bands: row.declaration_bands ?? [...DECLARATION_BANDS],
  };
}

/** The grade from which officials must file under these rules: 0 (nobody) when declarations are not required. */
export const filingGradeOf = (rules: Pick<DeclarationRules, 'required' | 'filingGrade'>) => (rules.required ? rules.filingGrade : 0);

/** The categories offered, in order. */
export const offeredCategories = (rules: Pick<DeclarationRules, 'categories'>) => rules.categories.map((c) => c.category);

const categoryField = (c: AssetCategory) => `category_${c}`;
const thresholdField = (c: AssetCategory) => `threshold_${c}`;

/** A small whole number from a form field, or null. */
function wholeNumber(text: string): number | null {
  return /^\d{1,2}$/.test(text) ? Number(text) : null;
}

/**
 * Reads the administrator's form (`required`, `filing_grade`, `public_grade`, `due_month`, `due_day`, per category
 * `category_<c>` and `threshold_<c>`, `bands` one amount per line). Every problem names its field.
 */
export function readRulesForm(values: Readonly<Record<string, string>>): { rules: DeclarationRules; problems: FieldProblem[] } {
  const v = (name: string) => (values[name] ?? '').trim();
  const problems: FieldProblem[] = [];
  const typedFiling = wholeNumber(v('filing_grade'));
  const filingGrade = typedFiling !== null && typedFiling >= 1 && typedFiling <= 9 ? typedFiling : null;
  if (filingGrade === null) problems.push({ field: 'filing_grade', key: 'declaration.rules.error.grade' });
  const publicGrade = wholeNumber(v('public_grade'));
  if (publicGrade === null || publicGrade > 9) problems.push({ field: 'public_grade', key: 'declaration.rules.error.grade' });
  else if (filingGrade !== null && publicGrade > filingGrade) problems.push({ field: 'public_grade', key: 'declaration.rules.error.public_beyond_filing' });
  const dueMonth = wholeNumber(v('due_month'));
  if (dueMonth === null || dueMonth < 1 || dueMonth > 12) problems.push({ field: 'due_month', key: 'declaration.rules.error.month' });
  let dueDay: number | null = null;
  if (v('due_day')) {
    dueDay = wholeNumber(v('due_day'));
    const longest = dueMonth !== null && dueMonth >= 1 && dueMonth <= 12 ? MONTH_DAYS[dueMonth - 1]! : 31;
    if (dueDay === null || dueDay < 1 || dueDay > longest) problems.push({ field: 'due_day', key: 'declaration.rules.error.day', values: { max: longest } });
  }
  const categories: DeclarationCategoryRule[] = [];
  for (const category of ASSET_CATEGORIES) {
    if (v(categoryField(category)) !== 'yes') continue;
    const threshold = v(thresholdField(category)) ? parseKrw(v(thresholdField(category))) : 0;
    if (threshold === null || threshold > MAX_ITEM_KRW) problems.push({ field: thresholdField(category), key: 'declaration.rules.error.threshold' });
    categories.push({ category, thresholdKrw: threshold ?? 0 });
  }
  if (!categories.length) problems.push({ field: categoryField(ASSET_CATEGORIES[0]), key: 'declaration.rules.error.no_category' });
  const lines = v('bands').split(/[\r\n;]+/).map((l) => l.trim()).filter(Boolean);
  const bands = lines.map(parseKrw);
  if (!lines.length || lines.length > MAX_BANDS) problems.push({ field: 'bands', key: 'declaration.rules.error.band_count', values: { max: MAX_BANDS } });
  else if (bands.some((b) => b === null || b < 1 || b > MAX_ITEM_KRW)) problems.push({ field: 'bands', key: 'declaration.rules.error.band_amount' });
  else if (bands.some((b, i) => i > 0 && b! <= bands[i - 1]!)) problems.push({ field: 'bands', key: 'declaration.rules.error.band_order' });
  return {
    rules: {
      required: v('required') === 'yes', filingGrade: filingGrade ?? 0, publicGrade: publicGrade ?? 0, dueMonth: dueMonth ?? 0, dueDay, categories,
      bands: bands.map((b) => b ?? 0),
    },
    problems,
  };
}

/** An amount with commas between thousands, as the form shows it and `parseKrw` reads it back. */
const groupDigits = (krw: number) => String(krw).replace(/\B(?=(\d{3})+(?!\d))/g, ',');

/** The rules as the form's fields, for showing the saved rules. */
export function rulesFields(rules: DeclarationRules): Record<string, string> {
  const out: Record<string, string> = {
    required: rules.required ? 'yes' : '', filing_grade: String(rules.filingGrade), public_grade: String(rules.publicGrade), due_month: String(rules.dueMonth),
    due_day: rules.dueDay === null ? '' : String(rules.dueDay), bands: rules.bands.map(groupDigits).join('\n'),
  };
  for (const category of ASSET_CATEGORIES) {
    const rule = rules.categories.find((c) => c.category === category);
    out[categoryField(category)] = rule ? 'yes' : '';
    out[thresholdField(category)] = groupDigits(rule?.thresholdKrw ?? DECLARATION_THRESHOLDS[category]);
  }
  return out;
}

/** A setting that a change can touch, as the history names it. */
export type RuleSetting = 'required' | 'filing_grade' | 'public_grade' | 'due_date' | 'categories' | 'thresholds' | 'bands';

/** What changed between two versions of the rules. */
export function rulesChanges(before: DeclarationRules, after: DeclarationRules): RuleSetting[] {
  const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
  const changes: RuleSetting[] = [];
  if (before.required !== after.required) changes.push('required');
  if (before.filingGrade !== after.filingGrade) changes.push('filing_grade');
  if (before.publicGrade !== after.publicGrade) changes.push('public_grade');
  if (before.dueMonth !== after.dueMonth || before.dueDay !== after.dueDay) changes.push('due_date');
  if (!same(offeredCategories(before), offeredCategories(after))) changes.push('categories');
  const thresholds = (r: DeclarationRules) => r.categories.filter((c) => offeredCategories(before).includes(c.category) && offeredCategories(after).includes(c.category));
  if (!same(thresholds(before), thresholds(after))) changes.push('thresholds');
  if (!same(before.bands, after.bands)) changes.push('bands');
  return changes;
}
