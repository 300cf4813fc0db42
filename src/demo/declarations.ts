import { DEFAULT_RULES, filingGradeOf } from '../domain/declarationRules.js';
import { declarationBands, declarationDue, declarationTotals, mustFile, type AssetItem, type DeclarationBands, type DeclarationContent } from '../domain/declarations.js';
import { DAY_MS } from './calendar.js';
import type { DemoOfficial } from './model.js';
import { koreanName } from './people.js';
import type { Rng } from './random.js';

/**
 * Yearly declarations of assets and interests in the demo, so the public register and the reminders look like a
 * working office: last year everyone who must file did (a few late); this year most have filed on time, a few late,
 * and a few not at all. Values are drawn in realistic ranges (a flat in Seoul, savings, a car, a mortgage), so the
 * register's bands vary. The head of Dongbu-gu's building division has not filed this year: the browser journey
 * files theirs. Pure: the seed seals and writes what this plans.
 */

/** Heads of division are grade 5, team leaders 6, officers 7 (Korean local government); other roles are outside the grades. */
export function demoGrade(o: Pick<DemoOfficial, 'roles' | 'title'>): number | null {
  if (o.roles.includes('supervisor')) return 5;
  if (o.roles.includes('official')) return o.title.en === 'Team leader' ? 6 : 7;
  return null;
}

/** The official whose declaration the browser journey files, so the demo leaves theirs for this year unfiled. */
const JOURNEY_DECLARANT = 'db.build.head';

/** One planned version of a declaration: who, which year, when filed, and what it holds. */
export interface DemoDeclaration {
  officialId: number;
  jurisdictionId: string;
  year: number;
  filedAt: number;
  onTime: boolean;
  content: DeclarationContent;
  bands: DeclarationBands;
}

/** A value in won, rounded to ten thousand, between `min` and `max` millions. */
const millions = (rng: Rng, min: number, max: number) => Math.round(rng.float(min, max) * 100) * 10_000;

/** What an official of a Korean district office plausibly declares: a home or none, savings, perhaps shares, a car, a mortgage. */
function demoContent(rng: Rng, grade: number): DeclarationContent {
  const assets: AssetItem[] = [];
  const senior = grade <= 5 ? 1.6 : 1;
  const homeowner = rng.chance(grade <= 5 ? 0.85 : 0.6);
  const spouse = rng.chance(0.7) ? koreanName(rng).ko : null;
  if (homeowner) assets.push({ category: 'real_estate', holder: 'self', description: '아파트 / Flat', valueKrw: Math.round(millions(rng, 280, 900) * senior) });
  else assets.push({ category: 'real_estate', holder: 'self', description: '전세 보증금 / Lease deposit', valueKrw: millions(rng, 150, 400) });
  assets.push({ category: 'deposits', holder: 'self', description: '예금 / Savings', valueKrw: Math.round(millions(rng, 15, 120) * senior) });
  if (spouse && rng.chance(0.6)) assets.push({ category: 'deposits', holder: 'spouse', holderName: spouse, description: '예금 / Savings', valueKrw: millions(rng, 10, 80) });
  if (rng.chance(0.45)) assets.push({ category: 'securities', holder: 'self', description: '상장주식 / Listed shares', valueKrw: millions(rng, 10, 150) });
  if (rng.chance(0.8)) assets.push({ category: 'vehicles', holder: 'self', description: '승용차 / Car', valueKrw: millions(rng, 8, 45) });
  if (homeowner && rng.chance(0.65)) assets.push({ category: 'debts', holder: 'self', description: '주택담보대출 / Mortgage', valueKrw: millions(rng, 60, 400) });
  return { assets, positions: [], interests: [], note: '' };
}

/** A year later: assets other than cars grown (or shrunk) by `factor`, a part of the debts repaid. */
function aYearLater(content: DeclarationContent, factor: number, repaid: number): DeclarationContent {
  const at10k = (krw: number) => Math.round(krw / 10_000) * 10_000;
  const assets = content.assets.map((a) => ({
    ...a, valueKrw: a.category === 'debts' ? at10k(a.valueKrw * (1 - repaid)) : a.category === 'vehicles' ? at10k(a.valueKrw * 0.85) : at10k(a.valueKrw * factor),
  }));
  return { ...content, assets };
}

/**
 * Plans the demo's declarations for last year and this one, at `now`, for every official whose grade must file under
 * the default rules. The bands are computed as filing computes them, the change against last year's net worth
 * included; `zone` is the jurisdictions' time zone.
 */
export function planDeclarations(rng: Rng, officials: readonly DemoOfficial[], now: number, zone: string): DemoDeclaration[] {
  const thisYear = Number(new Intl.DateTimeFormat('en-US', { timeZone: zone, year: 'numeric' }).format(now));
  const out: DemoDeclaration[] = [];
  const filingGrade = filingGradeOf(DEFAULT_RULES);
  for (const o of officials) {
    const grade = demoGrade(o);
    if (!mustFile(grade, filingGrade)) continue;
    const own = rng.fork(`declaration:${o.id}`);
    let previousNet: number | null = null;
    const lastYear = demoContent(own, grade!);
    for (const year of [thisYear - 1, thisYear]) {
      const due = declarationDue(year, DEFAULT_RULES.dueMonth, zone, DEFAULT_RULES.dueDay).getTime();
      const start = declarationDue(year, 1, zone, 2).getTime();
      // Before the due date, some have not filed yet; after it, a few file late and a few (and the journey's head) not at all.
      const fate = own.weighted([['on_time', 90], ['late', 8], ['missing', year === thisYear ? 2 : 0]] as const);
      if (year === thisYear && o.login === JOURNEY_DECLARANT) continue;
      if (fate === 'missing') continue;
      const filedAt = fate === 'on_time' ? start + own.float(0, 0.999) * (due - start) : due + own.float(3, 90) * DAY_MS;
      if (filedAt >= now) continue;
      const content = year === thisYear ? aYearLater(lastYear, own.float(0.96, 1.12), own.float(0.03, 0.15)) : lastYear;
      out.push({ officialId: o.id, jurisdictionId: o.jurisdictionId, year, filedAt, onTime: filedAt <= due, content, bands: declarationBands(content, previousNet, DEFAULT_RULES.bands) });
      previousNet = declarationTotals(content).net;
    }
  }
  return out;
}
