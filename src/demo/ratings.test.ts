import { describe, expect, it } from 'vitest';
import { planDemo } from './seed.js';

const NOW = new Date('2026-11-24T03:00:00Z');

describe('demo ratings', () => {
  it.each(['small', 'full'] as const)('rate only closed %s-demo cases, after closure and never in the future, the same every time', (size) => {
    const plan = planDemo({ size, now: NOW });
    const byId = new Map(plan.cases.map((c) => [c.id, c]));
    const closed = plan.cases.filter((c) => c.history.closedAt !== null);
    expect(plan.ratings.length).toBeGreaterThan(0);
    for (const r of plan.ratings) {
      const c = byId.get(r.applicationId)!;
      expect(c.history.closedAt).not.toBeNull();
      expect(r.at).toBeGreaterThanOrEqual(c.history.closedAt!);
      expect(r.at).toBeLessThanOrEqual(NOW.getTime());
      expect(r.unitId).toBe(c.history.unitId);
      expect(r.satisfaction).toBeGreaterThanOrEqual(1);
      expect(r.satisfaction).toBeLessThanOrEqual(5);
      expect(r.comment === null || r.comment.length <= 2000).toBe(true);
    }
    if (size === 'small') expect(plan.ratings.map((r) => r.applicationId)).toEqual(closed.map((c) => c.id));
    else expect(plan.ratings.length / closed.length).toBeGreaterThan(0.3);
    expect(planDemo({ size, now: NOW }).ratings).toEqual(plan.ratings);
  });
});
