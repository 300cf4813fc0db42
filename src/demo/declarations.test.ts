import { describe, expect, it } from 'vitest';
import { declarationDue, mustFile } from '../domain/declarations.js';
import { demoGrade } from './declarations.js';
import { planDemo } from './seed.js';

const ZONE = 'Asia/Seoul';

describe('the demo’s yearly declarations', () => {
  it.each(['small', 'full'] as const)('look like a working office in the %s demo: most on time, a few late, one or two missing', (size) => {
    const now = new Date('2026-11-24T03:00:00Z');
    const { organisation, declarations } = planDemo({ size, now });
    const filers = organisation.officials.filter((o) => mustFile(demoGrade(o), 7));
    const of = (year: number) => declarations.filter((d) => d.year === year);
    // Last year everybody who must file did; this year all but a few.
    expect(new Set(of(2025).map((d) => d.officialId)).size).toBe(filers.length);
    const thisYear = of(2026);
    const missing = filers.filter((o) => !thisYear.some((d) => d.officialId === o.id));
    expect(missing.length).toBeGreaterThanOrEqual(1);
    expect(missing.length).toBeLessThanOrEqual(4);
    // The head whose declaration the browser journey files has not filed yet.
    expect(missing.map((o) => o.login)).toContain('db.build.head');
    expect(thisYear.filter((d) => d.onTime).length / thisYear.length).toBeGreaterThan(0.75);
    expect(declarations.some((d) => !d.onTime)).toBe(true);
    for (const d of declarations) {
      expect(d.filedAt).toBeLessThan(now.getTime());
      expect(d.onTime).toBe(d.filedAt <= declarationDue(d.year, 2, ZONE).getTime());
    }
    // The register's bands vary, and this year's carry the change since last year.
    expect(new Set(declarations.map((d) => d.bands.net)).size).toBeGreaterThan(2);
    expect(thisYear.every((d) => d.bands.change !== null)).toBe(true);
  });

  it('files nobody late before the due date has passed, and nothing after now', () => {
    const now = new Date('2026-02-10T03:00:00Z');
    const { declarations } = planDemo({ size: 'small', now });
    const thisYear = declarations.filter((d) => d.year === 2026);
    expect(thisYear.length).toBeGreaterThan(0);
    expect(thisYear.every((d) => d.onTime && d.filedAt < now.getTime())).toBe(true);
  });
});
