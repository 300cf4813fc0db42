import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CANARY, PDF, TEST_SIGN_IN_SECRET, createFixture, type Fixture } from '../../../test/helpers/fixture.js';
import { DIALECTS, openTestDatabase, type TestDatabase } from '../../../test/helpers/db.js';
import { loadCase } from '../../db/repos/cases.js';
import { AppError } from '../../errors.js';
import { submitApplication, type SubmitApplicationProps } from '../submitApplication.js';
import { declareConflict, type ConflictDraft } from './declareConflict.js';
import { assignByRotation, overrideAssignment } from './overrideAssignment.js';
import { partyKeys } from './partyKeys.js';
import { recuse } from './recuse.js';

const keys = partyKeys(TEST_SIGN_IN_SECRET);
const draft = (over: Partial<ConflictDraft>): ConflictDraft => ({ kind: 'relative', partyName: '', registration: '', address: '', parcel: '', note: '', ...over });

async function errorOf(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('expected an AppError');
}

describe.each(DIALECTS)('fair handling on %s', (dialect) => {
  let database: TestDatabase;
  let fx: Fixture;
  beforeAll(async () => {
    database = await openTestDatabase(dialect);
    fx = await createFixture(database.db);
  });
  afterAll(async () => database?.close());
  const db = () => database.db;
  const file = (over: Partial<SubmitApplicationProps> = {}) =>
    submitApplication(db(), {
      jurisdictionCode: 'TS', procedureCode: 'building-permit', title: 'Retail building', location: { address: '12 Haneul-ro', parcelId: '1168010100-1' },
      applicant: { name: CANARY.name }, fields: { floor_area: '420', business_no: CANARY.business_no }, documents: [{ kind: 'plan', filename: 'plan.pdf', bytes: PDF }],
      channel: 'online', assignment: { keys }, ...over,
    });
  const assignee = async (number: string) => (await loadCase(db(), number)).state.assigneeId;
  const events = async (number: string) =>
    db().selectFrom('event as e').innerJoin('application as a', 'a.id', 'e.application_id').select(['e.type', 'e.data', 'e.private_data', 'e.actor']).where('a.number', '=', number).orderBy('e.seq').execute();
  const count = async (table: 'event' | 'conflict_declaration') => Number((await db().selectFrom(table).select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow()).n);

  it('assigns a filed case at once by rotation, to an official of the unit, with the rule on the public record', async () => {
    const { number } = await file();
    const list = await events(number);
    expect(list.map((e) => e.type)).toEqual(['received', 'assigned_by_rotation']);
    expect(list[1]!.data).toMatchObject({ rule: 'rotation-v1', assignee: { kind: 'official', unit: { code: 'TS-BUILD' } } });
    expect([fx.officials.a1.id, fx.officials.a2.id]).toContain(await assignee(number));
    expect(JSON.stringify(list[1]!.data)).not.toContain(CANARY.name);
    // The next case goes to the colleague with fewer open cases.
    const next = await file({ applicant: { name: 'Another applicant' }, fields: { floor_area: '10' } });
    expect(await assignee(next.number)).not.toBe(await assignee(number));
  });

  it('never assigns to an official whose declared conflict matches the applicant, however the name is written', async () => {
    await declareConflict(db(), { actor: fx.officials.a1, draft: draft({ partyName: '주식회사 한빛건설', note: 'my brother-in-law runs it' }), keys });
    for (let i = 0; i < 4; i++) {
      const { number } = await file({ applicant: { name: '(주) 한빛 건설' }, fields: { floor_area: '10' } });
      expect(await assignee(number)).toBe(fx.officials.a2.id);
    }
    // Nor by registration number alone, nor by the parcel of a neighbour.
    await declareConflict(db(), { actor: fx.officials.a2, draft: draft({ kind: 'neighbour', parcel: '1168010100 1 0777' }), keys });
    const byParcel = await file({ applicant: { name: 'Someone else' }, location: { address: '1 Road', parcelId: '1168010100-1-0777' }, fields: { floor_area: '10' } });
    expect(await assignee(byParcel.number)).toBe(fx.officials.a1.id);
    const stored = await db().selectFrom('conflict_declaration').selectAll().execute();
    expect(JSON.stringify(stored)).not.toContain('한빛');
    expect(JSON.stringify(stored)).not.toContain('0777');
  });

  it('leaves a case unassigned when nobody is eligible, and the supervisor may not rotate it then', async () => {
    await declareConflict(db(), { actor: fx.officials.a1, draft: draft({ partyName: 'Both Conflicted Ltd' }), keys });
    await declareConflict(db(), { actor: fx.officials.a2, draft: draft({ kind: 'former_employer', partyName: 'BOTH CONFLICTED' }), keys });
    const { number } = await file({ applicant: { name: 'Both Conflicted Co., Ltd.' }, fields: { floor_area: '10' } });
    expect((await events(number)).map((e) => e.type)).toEqual(['received']);
    expect((await errorOf(assignByRotation(db(), { number, actor: fx.officials.boss, keys }))).key).toBe('fair.error.nobody_eligible');
  });

  it('moves a case to a colleague at once when its official declares a conflict on it', async () => {
    const { number } = await file({ applicant: { name: 'Recusal Test' }, fields: { floor_area: '10' } });
    const first = (await assignee(number))!;
    const holder = first === fx.officials.a1.id ? fx.officials.a1 : fx.officials.a2;
    const result = await recuse(db(), { number, actor: holder, kind: 'relative', reason: CANARY.message, keys });
    expect(result.assigneeId).not.toBe(first);
    expect(await assignee(number)).toBe(result.assigneeId);
    const last = (await events(number)).at(-1)!;
    expect(last.type).toBe('recused');
    expect(JSON.stringify(last.data)).not.toContain(CANARY.message);
    expect(last.private_data).toMatchObject({ reason: CANARY.message, recused_official_id: first });
    // The rotation never gives it back to them.
    const back = await overrideAssignment(db(), { number, actor: fx.officials.boss, officialId: first, reason: 'short of staff', keys }).catch((e: unknown) => e);
    expect((back as AppError).fields[0]).toMatchObject({ field: 'official_id', key: 'fair.error.assignee_recused' });
  });

  it('lets a supervisor override with a reason, recorded privately, and flags an override over a declared conflict', async () => {
    const { number } = await file({ applicant: { name: '한빛건설' }, fields: { floor_area: '10' } });
    expect(await assignee(number)).toBe(fx.officials.a2.id);
    const before = await count('event');
    for (const [props, key] of [
      [{ reason: '  ' }, 'error.validation'],
      [{ officialId: fx.officials.road1.id }, 'error.validation'],
      [{ officialId: fx.officials.a2.id }, 'error.validation'],
      [{ actor: fx.officials.a2 }, 'fair.error.forbidden_override'],
    ] as const) {
      const e = await errorOf(overrideAssignment(db(), Object.assign({ number, actor: fx.officials.boss, officialId: fx.officials.a1.id, reason: 'x', keys }, props)));
      expect(e.key).toBe(key);
    }
    expect(await count('event')).toBe(before);
    await overrideAssignment(db(), { number, actor: fx.officials.boss, officialId: fx.officials.a1.id, reason: CANARY.internal, keys });
    expect(await assignee(number)).toBe(fx.officials.a1.id);
    const last = (await events(number)).at(-1)!;
    expect(last.type).toBe('assignment_overridden');
    expect(JSON.stringify(last.data)).not.toContain(CANARY.internal);
    expect(last.private_data).toMatchObject({ reason: CANARY.internal, previous_assignee_id: fx.officials.a2.id, over_conflict: true });
  });

  it('refuses a declaration with nothing to match on, naming the field, and writes nothing', async () => {
    const before = await count('conflict_declaration');
    const e = await errorOf(declareConflict(db(), { actor: fx.officials.a1, draft: draft({ partyName: '(주)', note: 'x' }), keys }));
    expect(e.fields.map((f) => f.field)).toEqual(['party_name']);
    const kind = await errorOf(declareConflict(db(), { actor: fx.officials.a1, draft: draft({ kind: 'enemy', partyName: 'Kim' }), keys }));
    expect(kind.fields.map((f) => f.field)).toEqual(['kind']);
    expect(await count('conflict_declaration')).toBe(before);
  });
});
