import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFixture, type Fixture } from '../../../test/helpers/fixture.js';
import { DIALECTS, openTestDatabase, type TestDatabase } from '../../../test/helpers/db.js';
import { calendarOfJurisdiction } from '../../db/repos/calendars.js';
import { listCalendarChanges } from '../../db/repos/calendarChanges.js';
import { AppError } from '../../errors.js';
import { saveJurisdiction } from '../admin/saveJurisdiction.js';
import { addCalendarDay } from './addCalendarDay.js';
import { ImportRefused, importCalendarDays, previewCalendarImport } from './importCalendarDays.js';
import { removeCalendarDay } from './removeCalendarDay.js';
import { saveCalendarSettings } from './saveCalendarSettings.js';

async function errorOf(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('expected an AppError');
}

const ICS = (events: string) => `BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Test//Test//EN\r\n${events}END:VCALENDAR\r\n`;
const EVENT = (date: string, summary: string, extra = '') =>
  `BEGIN:VEVENT\r\nUID:${date}@test\r\nDTSTAMP:20250101T000000Z\r\nDTSTART;VALUE=DATE:${date.replace(/-/g, '')}\r\nSUMMARY:${summary}\r\n${extra}END:VEVENT\r\n`;
const SETTINGS = { weekend: 'sat_sun', country: 'KR', region: '', hoursStart: '09:00', hoursEnd: '18:00', breakStart: '12:00', breakEnd: '13:00' };

describe.each(DIALECTS)('calendar commands on %s', (dialect) => {
  let database: TestDatabase;
  let fx: Fixture;
  const J = () => fx.jurisdictionId;
  const version = async () => (await database.db.selectFrom('jurisdiction').select('calendar_version').where('id', '=', J()).executeTakeFirstOrThrow()).calendar_version;
  const counts = async () => ({
    days: (await database.db.selectFrom('calendar_closure').select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow()).n,
    changes: (await database.db.selectFrom('calendar_change').select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow()).n,
    version: await version(),
  });

  beforeAll(async () => {
    database = await openTestDatabase(dialect);
    fx = await createFixture(database.db);
  });
  afterAll(async () => {
    await database?.close();
  });

  it('adds a designated holiday with a reason: a new version, a public change, and the day closed', async () => {
    const before = await version();
    const v = await addCalendarDay(database.db, fx.officials.admin, {
      jurisdictionId: J(), date: '2025-01-27', kind: 'designated', nameKo: '임시공휴일', nameEn: 'Temporary holiday', reason: 'Cabinet decision of 8 January 2025',
    });
    expect(v).toBe(before + 1);
    const calendar = await calendarOfJurisdiction(database.db, J());
    expect(calendar.version).toBe(v);
    expect(calendar.whyClosed('2025-01-27')).toMatchObject({ kind: 'holiday', source: 'designated', name: { ko: '임시공휴일', en: 'Temporary holiday' } });
    const [change] = await listCalendarChanges(database.db, J());
    expect(change).toMatchObject({ version: v, kind: 'day_added', reason: 'Cabinet decision of 8 January 2025', data: { date: '2025-01-27', kind: 'designated' } });
    expect(change!.actor).toMatchObject({ kind: 'official', unit: { code: expect.any(String) } });
  });

  it('refuses bad input with field errors and writes nothing', async () => {
    const before = await counts();
    const add = (over: Record<string, string>) =>
      errorOf(addCalendarDay(database.db, fx.officials.admin, { jurisdictionId: J(), date: '2025-03-04', kind: 'closure', nameKo: '이전', nameEn: 'Move', reason: 'x', ...over } as never));
    expect((await add({ date: '2025-02-30' })).fields).toContainEqual(expect.objectContaining({ field: 'date', key: 'error.invalid_date' }));
    expect((await add({ date: '1890-03-01' })).fields).toContainEqual(expect.objectContaining({ field: 'date', key: 'error.calendar_date_out_of_range' }));
    expect((await add({ date: '2025-01-27' })).fields).toContainEqual(expect.objectContaining({ field: 'date', key: 'error.closure_exists' }));
    expect((await add({ reason: ' ' })).fields).toContainEqual(expect.objectContaining({ field: 'reason', key: 'error.calendar_reason_required' }));
    expect((await add({ kind: 'party' })).fields).toContainEqual(expect.objectContaining({ field: 'kind' }));
    expect((await add({ jurisdictionId: 'nowhere.example' })).id).toBe('validation');
    expect((await errorOf(addCalendarDay(database.db, fx.officials.a1, { jurisdictionId: J(), date: '2025-03-04', kind: 'closure', nameKo: 'x', nameEn: 'x', reason: 'x' }))).id).toBe('forbidden');
    expect(await counts()).toEqual(before);
  });

  it('removes a recorded day, opens a day the rules close, and refuses a day already open', async () => {
    expect(await removeCalendarDay(database.db, fx.officials.admin, { jurisdictionId: J(), date: '2025-01-27', reason: 'Recorded in error' })).toBe('removed');
    expect((await calendarOfJurisdiction(database.db, J())).isWorkingDay('2025-01-27')).toBe(true);
    // 2026-06-03 is an election day by statute; an office that opens that day says so.
    expect(await removeCalendarDay(database.db, fx.officials.admin, { jurisdictionId: J(), date: '2026-06-03', reason: 'Polling station duty: the counter opens' })).toBe('opened');
    expect((await calendarOfJurisdiction(database.db, J())).isWorkingDay('2026-06-03')).toBe(true);
    const [opened] = await listCalendarChanges(database.db, J());
    expect(opened).toMatchObject({ kind: 'day_opened', data: { date: '2026-06-03', was: { source: 'statute' } } });
    const before = await counts();
    expect((await errorOf(removeCalendarDay(database.db, fx.officials.admin, { jurisdictionId: J(), date: '2025-03-04', reason: 'x' }))).fields[0]).toMatchObject({ key: 'error.calendar_day_open' });
    expect(await counts()).toEqual(before);
    // Removing the opening closes the day again.
    expect(await removeCalendarDay(database.db, fx.officials.admin, { jurisdictionId: J(), date: '2026-06-03', reason: 'The counter stays closed after all' })).toBe('removed');
    expect((await calendarOfJurisdiction(database.db, J())).whyClosed('2026-06-03')?.source).toBe('statute');
  });

  it('sets a Friday–Saturday weekend, another country and office hours, and refuses an unknown country', async () => {
    const v = await saveCalendarSettings(database.db, fx.officials.admin, { jurisdictionId: J(), ...SETTINGS, weekend: 'fri_sat', hoursStart: '08:00', hoursEnd: '16:00', breakStart: '', breakEnd: '', reason: 'New office rules' });
    const calendar = await calendarOfJurisdiction(database.db, J());
    expect(calendar.version).toBe(v);
    expect(calendar.weekend).toEqual([5, 6]);
    expect(calendar.isWorkingDay('2025-03-09')).toBe(true); // a Sunday
    expect(calendar.workingHours).toEqual({ start: '08:00', end: '16:00', breaks: [] });
    const [change] = await listCalendarChanges(database.db, J());
    expect(change).toMatchObject({ kind: 'settings_changed', data: { before: { weekend: [6, 7] }, after: { weekend: [5, 6] } } });

    const before = await counts();
    const bad = await errorOf(saveCalendarSettings(database.db, fx.officials.admin, { jurisdictionId: J(), ...SETTINGS, country: 'XQ', region: 'ZZ', hoursStart: '25:00', reason: 'x' }));
    expect(bad.fields.map((f) => `${f.field} ${f.key}`)).toEqual(['country error.unknown_country', 'hours_start error.time_of_day']);
    const region = await errorOf(saveCalendarSettings(database.db, fx.officials.admin, { jurisdictionId: J(), ...SETTINGS, country: 'DE', region: 'XX', reason: 'x' }));
    expect(region.fields).toEqual([expect.objectContaining({ field: 'region', key: 'error.unknown_region' })]);
    const same = await errorOf(saveCalendarSettings(database.db, fx.officials.admin, { jurisdictionId: J(), ...SETTINGS, weekend: 'fri_sat', hoursStart: '08:00', hoursEnd: '16:00', breakStart: '', breakEnd: '', reason: 'x' }));
    expect(same.fields[0]).toMatchObject({ key: 'error.calendar_unchanged' });
    expect(await counts()).toEqual(before);
    await saveCalendarSettings(database.db, fx.officials.admin, { jurisdictionId: J(), ...SETTINGS, reason: 'Back to the usual week' });
  });

  it('previews an iCalendar file without writing, then imports exactly what it showed', async () => {
    const text = ICS(EVENT('2025-06-03', '제21대 대통령선거') + EVENT('2025-10-03', '개천절') + EVENT('2024-10-01', '임시공휴일(국군의 날)'));
    const before = await counts();
    const preview = await previewCalendarImport(database.db, fx.officials.admin, { jurisdictionId: J(), filename: 'designated.ics', bytes: Buffer.from(text) });
    expect(preview.problems).toEqual([]);
    expect(preview.plan.days.map((d) => `${d.date} ${d.action}`)).toEqual(['2025-06-03 add', '2025-10-03 already_holiday', '2024-10-01 add']);
    expect(await counts()).toEqual(before);
    const v = await importCalendarDays(database.db, fx.officials.admin, { jurisdictionId: J(), filename: preview.filename, text: preview.text, kind: 'designated', expectedVersion: preview.version, reason: 'Designated by the cabinet' });
    expect(v).toBe(before.version + 1);
    const calendar = await calendarOfJurisdiction(database.db, J());
    expect(calendar.whyClosed('2025-06-03')).toMatchObject({ source: 'designated', name: { ko: '제21대 대통령선거' } });
    expect(calendar.whyClosed('2024-10-01')?.source).toBe('designated');
    const [change] = await listCalendarChanges(database.db, J());
    expect(change).toMatchObject({ kind: 'imported', data: { file: 'designated.ics', kind: 'designated', days: [{ date: '2024-10-01' }, { date: '2025-06-03' }] } });
    expect(await counts()).toMatchObject({ days: before.days + 2, changes: before.changes + 1 });
  });

  it('imports the public-data portal’s CSV of special days in EUC-KR, leaving days that are not holidays alone', async () => {
    const csv = 'dateKind,dateName,isHoliday,locdate,seq\r\n01,1월1일,Y,20260101,1\r\n01,식목일,N,20260405,1\r\n01,임시공휴일,Y,20261002,1\r\n';
    const bytes = new Uint8Array(Buffer.from(new TextEncoderEucKr().encode(csv)));
    const preview = await previewCalendarImport(database.db, fx.officials.admin, { jurisdictionId: J(), filename: 'special-days.csv', bytes });
    expect(preview.problems).toEqual([]);
    expect(preview.plan.days.map((d) => `${d.date} ${d.name} ${d.action}`)).toEqual(['2026-01-01 1월1일 already_holiday', '2026-04-05 식목일 not_a_holiday', '2026-10-02 임시공휴일 add']);
    await importCalendarDays(database.db, fx.officials.admin, { jurisdictionId: J(), filename: preview.filename, text: preview.text, kind: 'designated', expectedVersion: preview.version, reason: 'KASI special days 2026' });
    expect((await calendarOfJurisdiction(database.db, J())).whyClosed('2026-10-02')?.source).toBe('designated');
  });

  it('refuses a whole file for one bad day, a file it cannot read, and an import whose calendar moved since the preview', async () => {
    const before = await counts();
    const mixed = ICS(EVENT('2027-03-02', 'Good day') + EVENT('2199-01-01', 'Far future') + 'BEGIN:VEVENT\r\nUID:t@test\r\nDTSTART:20270305T100000Z\r\nSUMMARY:Timed\r\nEND:VEVENT\r\n');
    const preview = await previewCalendarImport(database.db, fx.officials.admin, { jurisdictionId: J(), filename: 'mixed.ics', bytes: Buffer.from(mixed) });
    expect(preview.problems.map((p) => `${p.at} ${p.key}`)).toEqual(['2 error.calendar_date_out_of_range', '3 error.calendar_event_timed']);
    const refused = await errorOf(importCalendarDays(database.db, fx.officials.admin, { jurisdictionId: J(), filename: 'mixed.ics', text: mixed, kind: 'designated', expectedVersion: preview.version, reason: 'x' }));
    expect(refused).toBeInstanceOf(ImportRefused);
    const garbage = await previewCalendarImport(database.db, fx.officials.admin, { jurisdictionId: J(), filename: 'x.ics', bytes: Buffer.from('BEGIN:VCALENDAR\nthis is not a calendar') });
    expect(garbage.problems.map((p) => p.key)).toEqual(['error.calendar_file_unreadable']);
    const binary = await previewCalendarImport(database.db, fx.officials.admin, { jurisdictionId: J(), filename: 'x.csv', bytes: new Uint8Array([0xff, 0xfe, 0x00, 0xd8, 0x81]) });
    expect(binary.problems.length).toBeGreaterThan(0);
    const columns = await previewCalendarImport(database.db, fx.officials.admin, { jurisdictionId: J(), filename: 'x.csv', bytes: Buffer.from('a,b\n1,2\n') });
    expect(columns.problems.map((p) => p.key)).toEqual(['error.calendar_csv_columns']);
    expect(await counts()).toEqual(before);

    const good = ICS(EVENT('2027-03-02', 'Office move'));
    const first = await previewCalendarImport(database.db, fx.officials.admin, { jurisdictionId: J(), filename: 'move.ics', bytes: Buffer.from(good) });
    await addCalendarDay(database.db, fx.officials.admin, { jurisdictionId: J(), date: '2027-04-06', kind: 'closure', nameKo: '정전', nameEn: 'Power cut', reason: 'Utility works' });
    const moved = await errorOf(importCalendarDays(database.db, fx.officials.admin, { jurisdictionId: J(), filename: 'move.ics', text: good, kind: 'closure', expectedVersion: first.version, reason: 'x' }));
    expect(moved.key).toBe('error.calendar_changed_since_preview');
    expect((await calendarOfJurisdiction(database.db, J())).isWorkingDay('2027-03-02')).toBe(true);
  });

  it('keeps the history append-only, and records a time zone changed on the jurisdiction form', async () => {
    await expect(sql`UPDATE calendar_change SET reason = 'rewritten'`.execute(database.db)).rejects.toThrow(/append-only/);
    await expect(sql`DELETE FROM calendar_change`.execute(database.db)).rejects.toThrow(/append-only/);
    const j = await database.db.selectFrom('jurisdiction').selectAll().where('id', '=', J()).executeTakeFirstOrThrow();
    await saveJurisdiction(database.db, fx.officials.admin, { id: j.id, code: j.code, nameKo: j.name_ko, nameEn: j.name_en, timeZone: 'Asia/Tokyo', showOfficialNames: j.show_official_names });
    const [change] = await listCalendarChanges(database.db, J());
    expect(change).toMatchObject({ kind: 'time_zone_changed', version: j.calendar_version + 1, data: { from: 'Asia/Seoul', to: 'Asia/Tokyo' }, actor: null });
    await saveJurisdiction(database.db, fx.officials.admin, { id: j.id, code: j.code, nameKo: j.name_ko, nameEn: j.name_en, timeZone: 'Asia/Seoul', showOfficialNames: j.show_official_names });
  });
});

/** EUC-KR bytes of a text, as a Korean spreadsheet saves a CSV (Node decodes EUC-KR but has no encoder). */
class TextEncoderEucKr {
  encode(text: string): Uint8Array {
    const decoder = new TextDecoder('euc-kr');
    const table = new Map<string, number[]>();
    for (let lead = 0xb0; lead <= 0xc8; lead++) {
      for (let trail = 0xa1; trail <= 0xfe; trail++) table.set(decoder.decode(new Uint8Array([lead, trail])), [lead, trail]);
    }
    const out: number[] = [];
    for (const ch of text) {
      if (ch.charCodeAt(0) < 0x80) out.push(ch.charCodeAt(0));
      else out.push(...(table.get(ch) ?? [0x3f]));
    }
    return new Uint8Array(out);
  }
}
