import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CANARY, PDF, TEST_SIGN_IN_SECRET, createFixture, type Fixture } from '../../../test/helpers/fixture.js';
import { DIALECTS, openTestDatabase, type TestDatabase } from '../../../test/helpers/db.js';
import { loadCase } from '../../db/repos/cases.js';
import { recordAct } from '../recordAct.js';
import { submitApplication } from '../submitApplication.js';
import { declareConflict } from './declareConflict.js';
import { partyKeys } from './partyKeys.js';

const keys = partyKeys(TEST_SIGN_IN_SECRET);

describe.each(DIALECTS)('the rotation after a transfer and for a stage another unit works, on %s', (dialect) => {
  let database: TestDatabase;
  let fx: Fixture;
  beforeAll(async () => {
    database = await openTestDatabase(dialect);
    fx = await createFixture(database.db);
  });
  afterAll(async () => database?.close());
  const db = () => database.db;
  const file = (applicant: string) =>
    submitApplication(db(), {
      jurisdictionCode: 'TS', procedureCode: 'building-permit', title: 'Retail building', location: { address: '12 Haneul-ro', parcelId: '1168010100-1' },
      applicant: { name: applicant }, fields: { floor_area: '420', business_no: CANARY.business_no }, documents: [{ kind: 'plan', filename: 'plan.pdf', bytes: PDF }],
      channel: 'online', assignment: { keys },
    });
  const events = async (number: string) =>
    db().selectFrom('event as e').innerJoin('application as a', 'a.id', 'e.application_id').select(['e.type', 'e.data', 'e.private_data', 'e.actor']).where('a.number', '=', number).orderBy('e.seq').execute();

  it('assigns a transferred case by rotation in the receiving unit at once, with the decision kept for the auditor', async () => {
    const { number } = await file('Transfer Applicant');
    const recorded = await recordAct(db(), { number, act: { type: 'transferred', unitCode: 'TS-ROAD', reason: 'A road matter' }, actor: fx.officials.boss, assignment: { keys } });
    expect(recorded.type).toBe('transferred');
    const list = await events(number);
    expect(list.map((e) => e.type)).toEqual(['received', 'assigned_by_rotation', 'transferred', 'assigned_by_rotation']);
    const last = list.at(-1)!;
    expect(last.data).toMatchObject({ rule: 'rotation-v1', assignee: { unit: { code: 'TS-ROAD' } } });
    expect(last.actor).toMatchObject({ kind: 'system', unit: { code: 'TS-ROAD' } });
    expect(last.private_data).toMatchObject({ assignee_id: fx.officials.road1.id, rotation: { chosen: fx.officials.road1.id } });
    const after = await loadCase(db(), number);
    expect(after.state.assigneeId).toBe(fx.officials.road1.id);
    expect(after.app.assigned_official_id).toBe(fx.officials.road1.id);
    expect(after.app.unit_id).toBe(fx.units.road);
  });

  it('leaves a transferred case unassigned when nobody in the receiving unit is eligible, and without keys as before', async () => {
    await declareConflict(db(), { actor: fx.officials.road1, draft: { kind: 'relative', partyName: 'Road Conflict Ltd', registration: '', address: '', parcel: '', note: '' }, keys });
    const { number } = await file('Road Conflict Co., Ltd.');
    await recordAct(db(), { number, act: { type: 'transferred', unitCode: 'TS-ROAD', reason: 'A road matter' }, actor: fx.officials.boss, assignment: { keys } });
    expect((await events(number)).at(-1)!.type).toBe('transferred');
    expect((await loadCase(db(), number)).state.assigneeId).toBeNull();
    const other = await file('Someone Without Keys');
    await recordAct(db(), { number: other.number, act: { type: 'transferred', unitCode: 'TS-ROAD', reason: 'A road matter' }, actor: fx.officials.boss });
    expect((await events(other.number)).at(-1)!.type).toBe('transferred');
  });

  it("gives a stage another unit works a handler of that unit when it starts, and the case keeps its assignee", async () => {
    const { number } = await file('Stage Applicant');
    const holder = (await loadCase(db(), number)).state.assigneeId!;
    const actor = holder === fx.officials.a1.id ? fx.officials.a1 : fx.officials.a2;
    for (const act of [{ type: 'stage_started', stage: 'intake' }, { type: 'stage_completed', stage: 'intake' }, { type: 'stage_started', stage: 'structure' }] as const) {
      await recordAct(db(), { number, act, actor, assignment: { keys } });
    }
    // A stage the case's own unit works gets no handler of its own.
    expect((await events(number)).at(-1)!.type).toBe('stage_started');
    await recordAct(db(), { number, act: { type: 'stage_started', stage: 'fire' }, actor, assignment: { keys } });
    const list = await events(number);
    const last = list.at(-1)!;
    expect(last.type).toBe('assigned_by_rotation');
    expect(last.data).toMatchObject({ stage: 'fire', rule: 'rotation-v1', assignee: { unit: { code: 'TS-FIRE' } } });
    expect(last.private_data).toMatchObject({ assignee_id: fx.officials.fire1.id });
    const after = await loadCase(db(), number);
    expect(after.state.assigneeId).toBe(holder);
    expect(after.state.stages.find((s) => s.key === 'fire')).toMatchObject({ status: 'active', official_id: fx.officials.fire1.id });
    expect(after.app.assigned_official_id).toBe(holder);
  });

  it('counts a running stage in the stage unit official’s workload', async () => {
    // fire1 now handles a running stage; the rotation reads it as open work (a unit of one official still chooses them).
    const { rotationCandidates } = await import('../../db/repos/fair.js');
    const candidates = await db().transaction().execute((trx) => rotationCandidates(trx, fx.units.fire));
    expect(candidates.find((c) => c.id === fx.officials.fire1.id)?.openCases).toBe(1);
  });
});
