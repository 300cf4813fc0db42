import { describe, expect, it } from 'vitest';
import type { OfficialActor } from '../domain/actor.js';
import type { ProcedureStage, Role } from '../domain/types.js';
import { decide, evolve, initialState, type Act, type CaseState } from '../domain/workflow.js';
import { offeredActs } from './caseActs.js';
import type { CaseScope } from './index.js';

const stage = (key: string, parallel = false): ProcedureStage => ({ key, name: { ko: key, en: key }, unit_code: null, days: 5, parallel });
const STAGES = [stage('intake'), stage('fire', true), stage('traffic', true), stage('review'), stage('decision')];
const T0 = '2026-03-02T00:00:00.000Z';
const at = (minutes: number) => new Date(Date.parse(T0) + minutes * 60_000).toISOString();

/** The state after these acts, recorded through decide and evolve as the command records them. */
function after(acts: Act[]): CaseState {
  let state = initialState(STAGES, T0);
  acts.forEach((act, i) => {
    const decided = decide(state, act, at(i + 1), STAGES);
    const data: Record<string, unknown> = decided.stage ? { stage: decided.stage } : {};
    if (act.type === 'decision') data.outcome = act.outcome;
    state = evolve(state, { seq: state.lastSeq + 1, type: decided.type, occurredAt: at(i + 1), officialId: 7, data });
  });
  return state;
}

const start = (s: string): Act => ({ type: 'stage_started', stage: s });
const complete = (s: string): Act => ({ type: 'stage_completed', stage: s });

const BUILDING = 10;
const ROADS = 20;
const official = (roles: Role[], unitId = BUILDING): OfficialActor => ({ kind: 'official', id: 7, login: 'kim', jurisdictionId: 'city', unitId, unitCode: `U${unitId}`, roles });
const scope = (activeUnitIds: number[] = []): CaseScope => ({ unitId: BUILDING, activeUnitIds, assigneeId: null });
const NOW = at(1000);

describe('the stages the case page offers to start', () => {
  it.each<[string, Act[], string[]]>([
    ['a new case: the first stage only', [], ['intake']],
    ['a stage in progress: none, the next waits for it', [start('intake')], []],
    ['after the first stage: both parallel stages', [start('intake'), complete('intake')], ['fire', 'traffic']],
    ['one parallel stage started: the other still may', [start('intake'), complete('intake'), start('fire')], ['traffic']],
    ['both parallel stages done: the stage after them', [start('intake'), complete('intake'), start('fire'), start('traffic'), complete('fire'), complete('traffic')], ['review']],
    ['a withdrawn case: none', [start('intake'), { type: 'withdrawn' }], []],
  ])('%s', (_name, acts, expected) => {
    expect(offeredActs(official(['official']), scope(), after(acts), STAGES, NOW).startable).toEqual(expected);
  });

  it('says whether the case is closed', () => {
    expect(offeredActs(official(['official']), scope(), after([]), STAGES, NOW).closed).toBe(false);
    expect(offeredActs(official(['official']), scope(), after([{ type: 'withdrawn' }]), STAGES, NOW).closed).toBe(true);
  });
});

describe('whether the case page offers the act forms', () => {
  it.each<[string, OfficialActor, CaseScope, boolean, boolean]>([
    ['an official of the case’s unit: acts, does not supervise', official(['official']), scope(), true, false],
    ['a supervisor of the case’s unit: both', official(['supervisor']), scope(), true, true],
    ['an official of a unit working a stage now: acts', official(['official'], ROADS), scope([ROADS]), true, false],
    ['a supervisor of a unit working a stage now: both', official(['supervisor'], ROADS), scope([ROADS]), true, true],
    ['an official of a unit with no work on it now: neither', official(['official'], ROADS), scope(), false, false],
    ['a clerk of the case’s unit: neither', official(['clerk']), scope(), false, false],
    ['an auditor: neither', official(['auditor']), scope(), false, false],
    ['an administrator: neither', official(['admin']), scope(), false, false],
  ])('%s', (_name, actor, caseScope, mayAct, maySupervise) => {
    const offered = offeredActs(actor, caseScope, after([]), STAGES, NOW);
    expect({ mayAct: offered.mayAct, maySupervise: offered.maySupervise }).toEqual({ mayAct, maySupervise });
  });
});

describe('the decision the case page offers at each stage', () => {
  const all = [start('intake'), complete('intake'), start('fire'), start('traffic'), complete('fire'), complete('traffic'), start('review'), complete('review')];
  it.each<[string, Act[], string[]]>([
    ['nothing started: no decision', [], []],
    ['the first stage in progress: only a rejection', [start('intake')], ['rejected']],
    ['a middle stage in progress: only a rejection', all.slice(0, 7), ['rejected']],
    ['the final stage in progress: every outcome', [...all, start('decision')], ['approved', 'approved_with_conditions', 'rejected']],
    ['the final stage waiting on a supplement: none', [...all, start('decision'), { type: 'supplement_requested', stage: 'decision', message: 'm' }], []],
    ['a withdrawn case: none', [start('intake'), { type: 'withdrawn' }], []],
  ])('%s', (_name, acts, expected) => {
    expect(offeredActs(official(['official']), scope(), after(acts), STAGES, NOW).decisionOutcomes).toEqual(expected);
  });
});

describe('the stages an extension is offered for', () => {
  it.each<[string, Act[], string[]]>([
    ['nothing started: none (the whole application only)', [], []],
    ['the first stage in progress: that stage', [start('intake')], ['intake']],
    ['two parallel stages in progress: both, never the pending ones', [start('intake'), complete('intake'), start('fire'), start('traffic')], ['fire', 'traffic']],
  ])('%s', (_name, acts, expected) => {
    expect(offeredActs(official(['supervisor']), scope(), after(acts), STAGES, NOW).extendable).toEqual(expected);
  });
});

describe('who is offered to assign the case to someone else', () => {
  it.each<[string, OfficialActor, boolean]>([
    ['an official: only to take it', official(['official']), false],
    ['a supervisor: to anyone', official(['supervisor']), true],
  ])('%s', (_name, actor, expected) => {
    expect(offeredActs(actor, scope(), after([]), STAGES, NOW).mayAssignOthers).toBe(expected);
  });
});
