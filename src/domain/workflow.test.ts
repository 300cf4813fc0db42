import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.js';
import type { ProcedureStage } from './types.js';
import { decide, evolve, initialState, replay, type Act, type CaseState, type EventFact } from './workflow.js';

const stage = (key: string, parallel = false): ProcedureStage => ({ key, name: { ko: key, en: key }, unit_code: null, days: 5, parallel });
const STAGES = [stage('intake'), stage('fire', true), stage('traffic', true), stage('review'), stage('decision')];
const T0 = '2026-03-02T00:00:00.000Z';
const at = (minutes: number) => new Date(Date.parse(T0) + minutes * 60_000).toISOString();

/** Applies a list of acts through decide + evolve, as the command does. */
function run(acts: Act[], stages = STAGES): CaseState {
  let state = initialState(stages, T0);
  acts.forEach((act, i) => {
    const decided = decide(state, act, at(i + 1), stages);
    const data: Record<string, unknown> = { ...(decided.stage ? { stage: decided.stage } : {}) };
    if (act.type === 'assigned') data.assignee_id = act.officialId;
    if (act.type === 'decision') data.outcome = act.outcome;
    if (act.type === 'consultation_answered') data.request_seq = act.requestSeq;
    state = evolve(state, { seq: state.lastSeq + 1, type: decided.type, occurredAt: at(i + 1), officialId: 7, data });
  });
  return state;
}

const start = (s: string): Act => ({ type: 'stage_started', stage: s });
const complete = (s: string): Act => ({ type: 'stage_completed', stage: s });
const throughReview: Act[] = [start('intake'), complete('intake'), start('fire'), start('traffic'), complete('fire'), complete('traffic'), start('review'), complete('review'), start('decision')];

function errorKey(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    if (e instanceof AppError) return e.key;
    throw e;
  }
  return undefined;
}

describe('decide: acts refused with a named rule', () => {
  it.each<[string, Act[], Act, string]>([
    ['completing a stage that never started', [], complete('intake'), 'error.stage_not_active'],
    ['completing a stage twice (two tabs, or a colleague first)', [start('intake'), complete('intake')], complete('intake'), 'error.stage_already_finished'],
    ['starting a stage twice', [start('intake')], start('intake'), 'error.stage_not_pending'],
    ['skipping ahead of an open stage', [start('intake')], start('review'), 'error.previous_stage_open'],
    ['starting after a parallel run that is still open', [start('intake'), complete('intake'), start('fire')], start('review'), 'error.previous_stage_open'],
    ['an unknown stage', [], start('nope'), 'error.unknown_stage'],
    ['approving before the last stage', [start('intake')], { type: 'decision', outcome: 'approved' }, 'error.approval_needs_final_stage'],
    ['rejecting without reasons', [start('intake')], { type: 'decision', outcome: 'rejected', redress: 'appeal' }, 'error.rejection_needs_reasons'],
    ['rejecting without redress', [start('intake')], { type: 'decision', outcome: 'rejected', reasons: 'incomplete' }, 'error.rejection_needs_redress'],
    ['conditional approval without conditions', throughReview, { type: 'decision', outcome: 'approved_with_conditions' }, 'error.conditions_required'],
    ['a decision with nothing in progress', [], { type: 'decision', outcome: 'approved' }, 'error.decision_needs_active_stage'],
    ['completing the last stage without a decision', throughReview, complete('decision'), 'error.last_stage_needs_decision'],
    ['a second supplement request', [start('intake'), { type: 'supplement_requested', stage: 'intake', message: 'x' }], { type: 'supplement_requested', stage: 'intake', message: 'y' }, 'error.supplement_already_open'],
    ['completing while a supplement is awaited', [start('intake'), { type: 'supplement_requested', stage: 'intake', message: 'x' }], complete('intake'), 'error.awaiting_supplement'],
    ['a supplement answer nobody asked for', [start('intake')], { type: 'supplement_received', documentCount: 1 }, 'error.no_supplement_requested'],
    ['a supplement answer without documents', [start('intake'), { type: 'supplement_requested', stage: 'intake', message: 'x' }], { type: 'supplement_received', documentCount: 0 }, 'error.supplement_needs_documents'],
    ['completing with an open consultation', [start('intake'), { type: 'consultation_requested', stage: 'intake', unitCode: 'X' }], complete('intake'), 'error.consultation_open'],
    ['answering a consultation never requested', [start('intake')], { type: 'consultation_answered', stage: '', requestSeq: 99 }, 'error.no_such_consultation'],
    ['reassigning without a reason', [{ type: 'assigned', officialId: 1 }], { type: 'assigned', officialId: 2 }, 'error.reassign_needs_reason'],
    ['assigning the same official again', [{ type: 'assigned', officialId: 1 }], { type: 'assigned', officialId: 1, reason: 'x' }, 'error.already_assigned'],
    ['anything after withdrawal', [{ type: 'withdrawn' }], start('intake'), 'error.case_closed'],
    ['anything after a decision', [start('intake'), { type: 'decision', outcome: 'rejected', reasons: 'r', redress: 'a' }], start('fire'), 'error.case_closed'],
  ])('%s', (_name, before, act, key) => {
    const state = run(before);
    expect(errorKey(() => decide(state, act, at(100), STAGES))).toBe(key);
  });

  it('refuses an act dated before the previous one', () => {
    const state = run([start('intake')]);
    expect(errorKey(() => decide(state, complete('intake'), T0, STAGES))).toBe('error.occurred_before_previous');
  });
});

describe('decide and evolve: what each accepted act does', () => {
  it.each<[string, Act[], Partial<CaseState> & { stageStatuses?: string }]>([
    ['a new application', [], { status: 'received', stageStatuses: 'pending pending pending pending pending' }],
    ['starting the first stage', [start('intake')], { status: 'in_review', stageStatuses: 'active pending pending pending pending' }],
    ['parallel consultations side by side', [start('intake'), complete('intake'), start('fire'), start('traffic')], { stageStatuses: 'done active active pending pending' }],
    ['a supplement request pauses for the applicant', [start('intake'), { type: 'supplement_requested', stage: 'intake', message: 'x' }], { status: 'awaiting_applicant' }],
    ['the supplement answer resumes review', [start('intake'), { type: 'supplement_requested', stage: 'intake', message: 'x' }, { type: 'supplement_received', documentCount: 2 }], { status: 'in_review', openSupplement: null }],
    ['approval closes every stage', [...throughReview, { type: 'decision', outcome: 'approved' }], { status: 'approved', stageStatuses: 'done done done done done' }],
    ['rejection at intake skips the rest', [start('intake'), { type: 'decision', outcome: 'rejected', reasons: 'r', redress: 'a' }], { status: 'rejected', stageStatuses: 'done skipped skipped skipped skipped' }],
    ['withdrawal', [start('intake'), { type: 'withdrawn' }], { status: 'withdrawn', stageStatuses: 'skipped skipped skipped skipped skipped' }],
    ['assignment then reassignment', [{ type: 'assigned', officialId: 1 }, { type: 'assigned', officialId: 2, reason: 'leave' }], { assigneeId: 2 }],
  ])('%s', (_name, acts, want) => {
    const state = run(acts);
    const { stageStatuses, ...rest } = want;
    expect(state).toMatchObject(rest);
    if (stageStatuses) expect(state.stages.map((s) => s.status).join(' ')).toBe(stageStatuses);
  });

  it('turns a second assignment into a reassignment', () => {
    const state = run([{ type: 'assigned', officialId: 1 }]);
    expect(decide(state, { type: 'assigned', officialId: 2, reason: 'leave' }, at(50), STAGES).type).toBe('reassigned');
  });

  it('records stage times from when acts happened', () => {
    const state = run([start('intake'), complete('intake')]);
    expect(state.stages[0]).toMatchObject({ started_at: at(1), completed_at: at(2), official_id: 7 });
  });

  it('replay rebuilds the same state from the event history', () => {
    const events: EventFact[] = [
      { seq: 1, type: 'received', occurredAt: T0, officialId: null, data: {} },
      { seq: 2, type: 'stage_started', occurredAt: at(1), officialId: 3, data: { stage: 'intake' } },
      { seq: 3, type: 'consultation_requested', occurredAt: at(2), officialId: 3, data: { stage: 'intake' } },
      { seq: 4, type: 'consultation_answered', occurredAt: at(3), officialId: 4, data: { stage: 'intake', request_seq: 3 } },
    ];
    const state = replay(STAGES, events);
    expect(state.openConsultations).toEqual([]);
    expect(state.lastSeq).toBe(4);
    expect(state.stages[0]!.status).toBe('active');
  });
});

describe('decide: delay accountability', () => {
  const started = () => run([start('intake')]);
  it.each<[string, Act[], Act, string[], string | undefined]>([
    ['an overdue stage without a reason cannot be completed', [start('intake')], complete('intake'), ['intake'], 'error.delay_reason_required'],
    ['an overdue stage with a reason can be completed', [start('intake'), { type: 'delay_reason_given', stage: 'intake', reason: 'Staff shortage' }], complete('intake'), ['intake'], undefined],
    ['a reason for another stage does not count', [start('intake'), { type: 'delay_reason_given', stage: null, reason: 'General' }], complete('intake'), ['intake'], 'error.delay_reason_required'],
    ['a stage on time needs no reason', [start('intake')], complete('intake'), [], undefined],
    ['a decision on an overdue last stage needs a reason', throughReview, { type: 'decision', outcome: 'approved' }, ['decision'], 'error.delay_reason_required'],
    ['a delay reason needs words', [start('intake')], { type: 'delay_reason_given', stage: 'intake', reason: '  ' }, [], 'error.delay_reason_needs_text'],
    ['a category alone is a reason', [start('intake')], { type: 'delay_reason_given', stage: 'intake', category: 'waiting_other_body', reason: '' }, [], undefined],
    ['a category with words is a reason', [start('intake')], { type: 'delay_reason_given', stage: 'intake', category: 'workload', reason: 'Two officers on leave' }, [], undefined],
    ['"other" needs words', [start('intake')], { type: 'delay_reason_given', stage: 'intake', category: 'other', reason: ' ' }, [], 'error.delay_reason_needs_text'],
    ['"other" with words is a reason', [start('intake')], { type: 'delay_reason_given', stage: 'intake', category: 'other', reason: 'A flood closed the office' }, [], undefined],
    ['an unknown category is refused', [start('intake')], { type: 'delay_reason_given', stage: 'intake', category: 'bribery' as never, reason: 'x' }, [], 'error.delay_category_unknown'],
    ['an overdue stage with a category alone can be completed', [start('intake'), { type: 'delay_reason_given', stage: 'intake', category: 'site_inspection', reason: '' }], complete('intake'), ['intake'], undefined],
    ['an extension needs a reason', [start('intake')], { type: 'deadline_extended', stage: 'intake', newDue: '2026-04-01', reason: '' }, [], 'error.extension_needs_reason'],
    ['an extension needs a readable date', [start('intake')], { type: 'deadline_extended', stage: 'intake', newDue: 'soon', reason: 'x' }, [], 'error.extension_needs_date'],
    ['no extension for a finished stage', [start('intake'), complete('intake')], { type: 'deadline_extended', stage: 'intake', newDue: '2026-04-01', reason: 'x' }, [], 'error.stage_already_finished'],
    ['a transfer needs a reason', [], { type: 'transferred', unitCode: 'X', reason: '' }, [], 'error.transfer_needs_reason'],
  ])('%s', (_name, before, act, overdue, key) => {
    const state = run(before);
    expect(errorKey(() => decide(state, act, at(100), STAGES, overdue))).toBe(key);
  });

  it('records delay reasons by stage and clears the assignee on a transfer', () => {
    let state = evolve(started(), { seq: 3, type: 'delay_reason_given', occurredAt: at(5), officialId: 9, data: { stage: 'intake', reason: 'r' } });
    expect(state.delayReasons).toEqual(['intake']);
    // A delay reason is not work on the stage: the stage keeps its official.
    expect(state.stages[0]!.official_id).toBe(7);
    state = evolve({ ...state, assigneeId: 7 }, { seq: 4, type: 'transferred', occurredAt: at(6), officialId: 9, data: { from_unit: 'A', to_unit: 'B', reason: 'r' } });
    expect(state.assigneeId).toBeNull();
  });
});

describe('questions beside the workflow', () => {
  it('leaves the state alone: status, stages and the time a late entry must follow', () => {
    const before = run([start('intake')]);
    const asked = evolve(before, { seq: before.lastSeq + 1, type: 'inquiry_opened', occurredAt: at(500), officialId: null, data: { inquiry: 1 } });
    const answered = evolve(asked, { seq: asked.lastSeq + 1, type: 'inquiry_answered', occurredAt: at(600), officialId: 7, data: { inquiry: 1 } });
    expect({ ...answered, lastSeq: before.lastSeq }).toEqual(before);
    expect(answered.lastSeq).toBe(before.lastSeq + 2);
    // An act that happened before the question may still be entered after it.
    expect(decide(answered, complete('intake'), at(2), STAGES).type).toBe('stage_completed');
  });

  it.each([
    ['a decided application', [...throughReview, { type: 'decision', outcome: 'approved' } as Act], undefined],
    ['an application in review', [start('intake')], undefined],
    ['a withdrawn application', [{ type: 'withdrawn' } as Act], 'error.inquiry_on_withdrawn'],
  ])('a question on %s', (_, acts, refusal) => {
    const state = run(acts);
    expect(errorKey(() => decide(state, { type: 'inquiry_opened' }, at(1000), STAGES))).toBe(refusal);
  });
});

describe('redacting a published text', () => {
  it('needs a reason, and changes nothing in the workflow', () => {
    const state = run([start('intake')]);
    expect(errorKey(() => decide(state, { type: 'inquiry_redacted', reason: '  ' }, at(9), STAGES))).toBe('error.redaction_needs_reason');
    expect(decide(state, { type: 'inquiry_redacted', reason: 'Personal data' }, at(9), STAGES).type).toBe('inquiry_redacted');
  });
});
