import type { Kysely } from 'kysely';
import { recordAct } from '../../src/commands/recordAct.js';
import { submitApplication } from '../../src/commands/submitApplication.js';
import type { DB } from '../../src/db/schema.js';
import type { LogSigner } from '../../src/jobs/logSigner.js';
import { generateKey, parseSignerKey } from '../../src/log/note.js';
import { CANARY, PDF, type Fixture } from './fixture.js';

/** A fresh log signing key for `origin`, as the app would load it from configuration. */
export function testLogSigner(origin = 'daylight.test/log'): LogSigner {
  const signer = parseSignerKey(generateKey(origin).privateKey);
  return { origin, verifierKey: signer.verifierKey, signer, source: 'config' };
}

/** Files an application online (with canary personal data) and returns its number. */
export async function fileApplication(db: Kysely<DB>, title = 'Two-storey retail building'): Promise<string> {
  const receipt = await submitApplication(db, {
    jurisdictionCode: 'TS',
    procedureCode: 'building-permit',
    title,
    location: { address: '12 Haneul-ro', lat: 37.5, lng: 127.01 },
    applicant: { name: CANARY.name, email: CANARY.email, phone: CANARY.phone },
    fields: { floor_area: '420', business_no: CANARY.business_no },
    documents: [{ kind: 'plan', filename: 'plan.pdf', bytes: PDF }],
    channel: 'online',
  });
  return receipt.number;
}

/** Works an application a little: assignment, the intake stage started, then `inspections` site inspections. */
export async function workApplication(db: Kysely<DB>, fx: Fixture, number: string, inspections = 1): Promise<void> {
  const { a1, boss } = fx.officials;
  await recordAct(db, { number, act: { type: 'assigned', officialId: a1.id }, actor: boss });
  await recordAct(db, { number, act: { type: 'stage_started', stage: 'intake' }, actor: a1 });
  for (let i = 0; i < inspections; i++) {
    await recordAct(db, { number, act: { type: 'site_inspection', stage: 'intake', note: `Visit ${i + 1}` }, actor: a1, internalNote: CANARY.internal });
  }
}

/** Inserts `count` events the way a bulk loader does: no log index, entered at the given times. */
export async function bulkInsertEvents(db: Kysely<DB>, number: string, count: number, recordedAt: (i: number) => Date): Promise<void> {
  const app = await db.selectFrom('application').select(['id', 'jurisdiction_id', 'last_seq']).where('number', '=', number).executeTakeFirstOrThrow();
  const rows = Array.from({ length: count }, (_, i) => ({
    jurisdiction_id: app.jurisdiction_id,
    application_id: app.id,
    seq: app.last_seq + 1 + i,
    type: 'site_inspection',
    occurred_at: recordedAt(i),
    recorded_at: recordedAt(i),
    actor_official_id: null,
    actor: JSON.stringify({ kind: 'system' }),
    data: JSON.stringify({ stage: 'intake', note: `Imported visit ${i}` }),
    log_index: null,
  }));
  await db.insertInto('event').values(rows).execute();
  await db.updateTable('application').set({ last_seq: app.last_seq + count }).where('id', '=', app.id).execute();
}
