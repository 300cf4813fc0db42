import { describe, expect, it } from 'vitest';
import { shapeAct, shapeSupplementReceived, type ActFacts, type OfficeAct } from './acts.js';
import { eventPayload, type PersonalFieldName, type PublicPayloads } from './events.js';

const actor = { kind: 'official' as const, name: { ko: '김민준', en: 'Kim Min-jun' }, title: { ko: '주무관', en: 'Officer' } };
const fire = { code: 'TS-FIRE', name: { ko: '소방과', en: 'Fire Division' } };
const build = { code: 'TS-BUILD', name: { ko: '건축과', en: 'Building Division' } };
const base = (type: ActFacts['type'], extra: Partial<ActFacts> = {}): ActFacts => ({ stage: null, type, internalNote: '  checked the file  ', ...extra });

const PERSONAL: readonly PersonalFieldName[] = ['message', 'internal_note', 'assignee_id', 'unit_id', 'applicant', 'applicant_name', 'applicant_email', 'applicant_phone', 'email', 'phone', 'asker', 'asker_email', 'citizen_id', 'question', 'answer', 'text', 'private_fields'];

describe('shapeAct', () => {
  it.each<[string, OfficeAct, ActFacts, object, object]>([
    ['assignment', { type: 'assigned', officialId: 7 }, base('assigned', { assignee: { id: 7, actor } }), { assignee: actor }, { assignee_id: 7, internal_note: 'checked the file' }],
    ['reassignment with a reason', { type: 'assigned', officialId: 7, reason: ' leave ' }, base('reassigned', { assignee: { id: 7, actor } }), { assignee: actor, reason: 'leave' }, { assignee_id: 7, internal_note: 'checked the file' }],
    ['a started stage with a note', { type: 'stage_started', stage: 'intake', note: ' drawings ' }, base('stage_started', { stage: 'intake' }), { stage: 'intake', note: 'drawings' }, { internal_note: 'checked the file' }],
    ['a blank note', { type: 'stage_completed', stage: 'intake', note: '   ' }, base('stage_completed', { stage: 'intake', internalNote: undefined }), { stage: 'intake' }, {}],
    ['a supplement request', { type: 'supplement_requested', stage: 'intake', message: ' Send the section ' }, base('supplement_requested', { stage: 'intake' }), { stage: 'intake' }, { message: 'Send the section', internal_note: 'checked the file' }],
    ['a consultation', { type: 'consultation_requested', stage: 'fire', unitCode: 'TS-FIRE' }, base('consultation_requested', { stage: 'fire', consulted: { id: 3, unit: fire } }), { stage: 'fire', unit: fire }, { unit_id: 3, internal_note: 'checked the file' }],
    ['an answer to one', { type: 'consultation_answered', stage: '', requestSeq: 5 }, base('consultation_answered', { stage: 'fire' }), { stage: 'fire', request_seq: 5 }, { internal_note: 'checked the file' }],
    ['a decision', { type: 'decision', outcome: 'rejected', reasons: ' Too tall ', conditions: ' ', redress: 'Appeal' }, base('decision', { stage: 'decision' }), { stage: 'decision', outcome: 'rejected', reasons: 'Too tall', redress: 'Appeal' }, { internal_note: 'checked the file' }],
    ['a delay reason', { type: 'delay_reason_given', stage: null, reason: ' Survey ' }, base('delay_reason_given'), { reason: 'Survey' }, { internal_note: 'checked the file' }],
    ['an extension', { type: 'deadline_extended', stage: 'intake', newDue: '2026-04-30', reason: 'Survey' }, base('deadline_extended', { stage: 'intake', approver: { kind: 'official', title: { ko: '과장', en: 'Head' } } }), { stage: 'intake', new_due: '2026-04-30', reason: 'Survey', approved_by: '과장 / Head' }, { internal_note: 'checked the file' }],
    ['a third transfer', { type: 'transferred', unitCode: 'TS-FIRE', reason: 'Theirs' }, base('transferred', { transfer: { from: build, to: { id: 3, unit: fire }, number: 3, escalates: true } }), { from_unit: 'TS-BUILD', to_unit: 'TS-FIRE', unit: fire, reason: 'Theirs', transfer_number: 3, escalated: true }, { unit_id: 3, internal_note: 'checked the file' }],
    ['a withdrawal', { type: 'withdrawn' }, base('withdrawn', { internalNote: undefined }), {}, {}],
  ])('%s', (_name, act, facts, data, privateData) => {
    const shaped = shapeAct(act, facts);
    expect(shaped.type).toBe(facts.type);
    expect(shaped.data).toEqual(data);
    expect(shaped.privateData).toEqual(privateData);
    for (const field of PERSONAL) expect(shaped.data, field).not.toHaveProperty(field);
  });

  it('keeps the applicant’s covering note private', () => {
    expect(shapeSupplementReceived('intake', 2, ' Here it is ')).toEqual({ type: 'supplement_received', data: { stage: 'intake', document_count: 2 }, privateData: { message: 'Here it is' } });
    expect(shapeSupplementReceived('intake', 1, '  ').privateData).toEqual({});
  });

  it('has no room for personal data in a public payload (checked by the compiler)', () => {
    // Not object literals, which any type would check for extra members: values built elsewhere and passed on, as a
    // careless change would. The public types forbid the personal names themselves.
    const withMessage = { stage: 'intake', message: 'Send the section' };
    // @ts-expect-error: a message to the applicant is private, and cannot be written into the public part.
    const leaking: PublicPayloads['supplement_requested'] = withMessage;
    const withNote = { stage: 'intake', internal_note: 'x' };
    // @ts-expect-error: nor can an internal note.
    eventPayload('stage_started', withNote, {});
    const withId = { assignee: actor, assignee_id: 7 };
    // @ts-expect-error: nor an assignee's id, which only the office reads.
    eventPayload('assigned', withId, { assignee_id: 7 });
    expect(leaking).toBeDefined();
  });
});
