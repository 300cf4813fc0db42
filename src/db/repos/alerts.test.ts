import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordAct } from '../../commands/recordAct.js';
import { submitApplication } from '../../commands/submitApplication.js';
import { sequenceCommitted } from '../../jobs/integrateLog.js';
import { CANARY, PDF, createFixture, type Fixture } from '../../../test/helpers/fixture.js';
import { DIALECTS, openTestDatabase, type TestDatabase } from '../../../test/helpers/db.js';
import { asAlertDispatcher, candidateFollows, eventsAfter, type AlertEvent } from './alerts.js';

const HOUR = 3_600_000;
/** The events a unit's, a procedure's or an area's followers hear about. */
const WIDE = ['received'];
const T0 = Date.UTC(2026, 2, 2, 0, 0);

/** A follow as the test plants it; the expected candidates are worked out from these in plain code, not SQL. */
interface Planted {
  kind: 'application' | 'unit' | 'procedure' | 'area';
  application?: number;
  unit?: number;
  procedure?: string;
  /** Centre and half-width of the box, in degrees. */
  box?: { lat: number; lng: number; half: number };
  confirmedAt: number | null;
  stopped?: boolean;
}

describe.each(DIALECTS)('alert candidates on %s', (dialect) => {
  let database: TestDatabase;
  let fixture: Fixture;

  beforeAll(async () => {
    database = await openTestDatabase(dialect);
    fixture = await createFixture(database.db);
  });
  afterAll(async () => database?.close());

  it('finds, for a whole batch of events in one statement, exactly the live follows each event may concern, the wide ones only for wide events', async () => {
    const db = database.db;
    // Three applications: two placed on the map a little apart, one with no coordinates.
    const places = [{ lat: 37.5, lng: 127.0 }, { lat: 37.6, lng: 127.1 }, null];
    const ids: number[] = [];
    for (const [i, place] of places.entries()) {
      const at = new Date(T0 + i * HOUR);
      const { number } = await submitApplication(db, {
        jurisdictionCode: 'TS', procedureCode: 'building-permit', title: `Followed ${i}`, location: { address: `${i} Follow-ro` },
        applicant: { name: CANARY.name }, fields: { floor_area: '5' }, documents: [{ kind: 'plan', filename: 'p.pdf', bytes: PDF }], channel: 'counter',
        receivedAt: at, now: at,
      });
      const { id } = await db.updateTable('application').set({ lat: place?.lat ?? null, lng: place?.lng ?? null }).where('number', '=', number).returning('id').executeTakeFirstOrThrow();
      await recordAct(db, { number, act: { type: 'assigned', officialId: fixture.officials.a1.id }, actor: fixture.officials.boss, occurredAt: new Date(at.getTime() + HOUR / 2) });
      ids.push(Number(id));
    }
    const build = fixture.units.build;
    const planted: Planted[] = [
      { kind: 'application', application: ids[0], confirmedAt: T0 - HOUR },
      { kind: 'application', application: ids[1], confirmedAt: T0 - HOUR, stopped: true },
      { kind: 'application', application: ids[2], confirmedAt: null },
      { kind: 'unit', unit: build, confirmedAt: T0 - HOUR },
      { kind: 'unit', unit: fixture.units.fire, confirmedAt: T0 - HOUR },
      // Confirmed only after every event was recorded (events are recorded at the database's clock).
      { kind: 'procedure', procedure: 'building-permit', confirmedAt: Date.now() + 24 * HOUR },
      { kind: 'procedure', procedure: 'other-permit', confirmedAt: T0 - HOUR },
      { kind: 'area', box: { lat: 37.5, lng: 127.0, half: 0.01 }, confirmedAt: T0 - HOUR },
      { kind: 'area', box: { lat: 37.55, lng: 127.05, half: 0.06 }, confirmedAt: T0 - HOUR },
      { kind: 'area', box: { lat: 37.6, lng: 127.1, half: 0.01 }, confirmedAt: T0 - HOUR, stopped: true },
      { kind: 'area', box: { lat: 10, lng: 10, half: 0.01 }, confirmedAt: T0 - HOUR },
      { kind: 'procedure', procedure: 'building-permit', confirmedAt: T0 - HOUR },
    ];
    const followIds: number[] = [];
    for (const [i, p] of planted.entries()) {
      const row = await db
        .insertInto('follow')
        .values({
          email: `f${i}@example.org`, locale: 'ko', kind: p.kind, frequency: 'instant',
          application_id: p.application ?? null, unit_id: p.unit ?? null,
          jurisdiction_id: p.procedure ? fixture.jurisdictionId : null, procedure_code: p.procedure ?? null,
          lat: p.box?.lat ?? null, lng: p.box?.lng ?? null, radius_m: p.box ? 500 : null,
          min_lat: p.box ? p.box.lat - p.box.half : null, max_lat: p.box ? p.box.lat + p.box.half : null,
          min_lng: p.box ? p.box.lng - p.box.half : null, max_lng: p.box ? p.box.lng + p.box.half : null,
          created_at: new Date(T0 - 2 * HOUR), confirmed_at: p.confirmedAt === null ? null : new Date(p.confirmedAt),
          stopped_at: p.stopped ? new Date(T0) : null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      followIds.push(Number(row.id));
    }
    await sequenceCommitted(db);
    const events = (await asAlertDispatcher(db, (trx) => eventsAfter(trx, -1, 1000)))!;
    expect(events.length).toBeGreaterThanOrEqual(6);

    const expected = (e: AlertEvent): number[] =>
      planted
        .flatMap((p, i) => {
          if (p.stopped || p.confirmedAt === null || p.confirmedAt > new Date(e.recorded_at).getTime()) return [];
          if (p.kind !== 'application' && !WIDE.includes(e.type)) return [];
          const hit =
            (p.kind === 'application' && p.application === Number(e.application_id)) ||
            (p.kind === 'unit' && p.unit === e.unit_id) ||
            (p.kind === 'procedure' && p.procedure === e.procedure_code) ||
            (p.kind === 'area' && e.lat !== null && e.lng !== null && Math.abs(e.lat - p.box!.lat) <= p.box!.half && Math.abs(e.lng - p.box!.lng) <= p.box!.half);
          return hit ? [followIds[i]!] : [];
        })
        .sort((a, b) => a - b);

    const found = (await asAlertDispatcher(db, (trx) => candidateFollows(trx, events, WIDE)))!;
    for (const e of events) {
      expect((found.get(Number(e.id)) ?? []).map((f) => f.id).sort((a, b) => a - b), `event ${e.id} (${e.type})`).toEqual(expected(e));
    }
    // The planted set reaches every kind.
    const all = new Set([...found.values()].flat().map((f) => f.id));
    expect(all).toEqual(new Set([followIds[0], followIds[3], followIds[7], followIds[8], followIds[11]]));
    // Each follow comes whole, as the matcher and the e-mails read it.
    const areaFollow = [...found.values()].flat().find((f) => f.id === followIds[7])!;
    expect(areaFollow).toMatchObject({ kind: 'area', email: 'f7@example.org', frequency: 'instant', radius_m: 500 });
    // An empty batch asks nothing.
    expect((await asAlertDispatcher(db, (trx) => candidateFollows(trx, [], WIDE)))!.size).toBe(0);
  });
});
