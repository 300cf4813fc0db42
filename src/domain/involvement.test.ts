import { describe, expect, it } from 'vitest';
import { unitInvolvement, type UnitInvolvement } from './involvement.js';
import type { StageStatus } from './types.js';

/** A food licence of the food division, with a structural check that the building division owns. */
const definitions = [
  { key: 'intake', unit_code: null },
  { key: 'structure', unit_code: 'DB-BUILD' },
  { key: 'hygiene', unit_code: null },
  { key: 'decision', unit_code: null },
];
const at = (...statuses: StageStatus[]) => definitions.map((d, i) => ({ key: d.key, status: statuses[i]! }));

describe('why a case is in the viewer’s queue', () => {
  it.each<[string, string, boolean, ReturnType<typeof at>, UnitInvolvement | null]>([
    ['the responsible unit sees no label', 'DB-FOOD', false, at('active', 'pending', 'pending', 'pending'), null],
    ['the responsible unit, even when it is also consulted', 'DB-FOOD', true, at('active', 'pending', 'pending', 'pending'), null],
    ['consulted on a food licence (2026-DB-0000571)', 'DB-BUILD', true, at('done', 'pending', 'pending', 'pending'), { consulted: true, stages: [] }],
    ['running its own stage of another unit’s case', 'DB-BUILD', false, at('done', 'active', 'pending', 'pending'), { consulted: false, stages: ['structure'] }],
    ['consulted while its own stage runs: both', 'DB-BUILD', true, at('done', 'active', 'pending', 'pending'), { consulted: true, stages: ['structure'] }],
    ['its stage may start now', 'DB-BUILD', false, at('done', 'pending', 'pending', 'pending'), { consulted: false, stages: ['structure'] }],
    ['its stage is done and nothing is asked of it', 'DB-BUILD', false, at('done', 'done', 'active', 'pending'), null],
    ['a unit with no stage and no consultation', 'DB-ROADS', false, at('active', 'pending', 'pending', 'pending'), null],
  ])('%s', (_, viewer, consulted, stages, expected) => {
    expect(unitInvolvement({ viewerUnitCode: viewer, responsibleUnitCode: 'DB-FOOD', consulted, stages, definitions })).toEqual(expected);
  });
});
