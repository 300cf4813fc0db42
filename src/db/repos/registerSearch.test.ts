import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROCUREMENT_CATEGORY } from '../../domain/contracts.js';
import { STATUSES, type Status } from '../../domain/types.js';
import { createFixture, type Fixture } from '../../../test/helpers/fixture.js';
import { DIALECTS, openTestDatabase, type TestDatabase } from '../../../test/helpers/db.js';
import { seeded } from '../../../test/helpers/fuzzCases.js';
import { up as raiseSearchTextStatistics } from '../migrations/0044_register_text_statistics.js';
import { isNumberStart, searchRegister, type RegisterFilters } from './publicRead.js';

describe('which needles read like the start of an application number', () => {
  it.each([
    ['2025-t', true],
    ['2025-ts', true],
    ['2025-ts-', true],
    ['2026-ts-004', true],
    ['2026-ts-0012345', true],
    ['2026-abcd-0012345-x', true],
    ['2025-', false], // no letter yet: a year followed by anything, which a date in a title also is
    ['2025', false],
    ['025-ts', false],
    ['x2025-ts', false],
    ['2025-ts-0012345 대치', false], // a number and a word: the trigram index serves it
    ['2025-TS', false], // needles are lower-cased before they are asked
    ['2025-ts_1', false],
    ['2025-ts%', false],
    ['2025-t' + 'x'.repeat(18), true], // 24 characters: the index holds that many
    ['2025-t' + 'x'.repeat(19), false],
  ])('%s → %s', (needle, expected) => {
    expect(isNumberStart(needle)).toBe(expected);
  });
});

const DAY = 86_400_000;

interface Stored {
  id: number;
  received_at: Date;
}

/**
 * The register search as it was before number-start needles had their own path, kept as the reference: every match
 * of `LIKE '%needle%'` and the filters, put in reading order and paged here rather than in SQL.
 */
async function referencePage(db: TestDatabase['db'], f: RegisterFilters): Promise<number[]> {
  let query = db
    .selectFrom('application as a')
    .innerJoin('procedure as p', 'p.id', 'a.procedure_id')
    .innerJoin('unit as u', 'u.id', 'a.unit_id')
    .select(['a.id', 'a.received_at'])
    .where('p.category', '<>', PROCUREMENT_CATEGORY);
  if (f.q?.trim()) query = query.where('a.search_text', 'like', `%${f.q.trim().toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
  if (f.unit) query = query.where('u.code', '=', f.unit);
  if (f.procedure) query = query.where('a.procedure_code', '=', f.procedure);
  if (f.status) query = query.where('a.status', '=', f.status);
  if (f.from) query = query.where('a.received_at', '>=', f.from);
  if (f.to) query = query.where('a.received_at', '<', f.to);
  const newestFirst = (f.sort ?? 'newest') === 'newest';
  const key = (r: Stored) => [r.received_at.getTime(), r.id] as const;
  const before = (x: Stored, y: Stored) => {
    const [a, b] = [key(x), key(y)];
    const older = a[0] < b[0] || (a[0] === b[0] && a[1] < b[1]);
    return newestFirst ? !older && (a[0] !== b[0] || a[1] !== b[1]) : older;
  };
  const rows = (await query.execute()).sort((x, y) => (before(x, y) ? -1 : before(y, x) ? 1 : 0));
  const at = (c: { receivedAt: Date; id: number }): Stored => ({ received_at: c.receivedAt, id: c.id });
  if (f.after) return rows.filter((r) => before(at(f.after!), r)).slice(0, f.limit).map((r) => r.id);
  if (f.before) return rows.filter((r) => before(r, at(f.before!))).slice(-f.limit).map((r) => r.id);
  return rows.slice(0, f.limit).map((r) => r.id);
}

describe.each(DIALECTS)('the register search on %s', (dialect) => {
  let database: TestDatabase;
  let fx: Fixture;

  beforeAll(async () => {
    database = await openTestDatabase(dialect);
    fx = await createFixture(database.db);
    const db = database.db;
    const copyProcedure = (code: string, category: string, unitId: number) => sql`
      INSERT INTO procedure (jurisdiction_id, code, version, is_current, category, unit_id, name_ko, name_en, purpose_ko, purpose_en,
        legal_basis_ko, legal_basis_en, fee_krw, statutory_days, documents, fields, stages, created_by)
      SELECT jurisdiction_id, ${code}, version, is_current, ${category}, ${unitId}, name_ko, name_en, purpose_ko, purpose_en,
        legal_basis_ko, legal_basis_en, fee_krw, statutory_days, documents, fields, stages, created_by
      FROM procedure WHERE code = 'building-permit'`.execute(db);
    await copyProcedure('fire-check', 'fire', fx.units.fire);
    await copyProcedure('road-works', PROCUREMENT_CATEGORY, fx.units.road);
    const procedures = await db.selectFrom('procedure').select(['id', 'code', 'unit_id']).execute();

    // Two years of numbers under two codes, received mostly in the order of their serials, with some entered late
    // (a lower serial, an earlier time), groups received at the same second, titles and addresses that name other
    // applications' numbers, dates and lot numbers, and a few numbers of no usual shape.
    const rand = seeded(20261206).next;
    const words = ['riverside bakery', '배관 공사', '현수막 설치', '제과점', 'sunrise hall', 'station tower crane', '한남 비계'];
    const rows: Record<string, unknown>[] = [];
    const serials = new Map<string, number>();
    let time = Date.parse('2025-03-01T00:00:00Z');
    for (let i = 0; i < 420; i++) {
      if (i % 7 !== 3) time += Math.floor(rand() * 3 * DAY);
      const year = new Date(time).getUTCFullYear();
      const code = rand() < 0.8 ? 'TS' : 'TX';
      const head = `${year}-${code}`;
      const serial = (serials.get(head) ?? 0) + 1 + (rand() < 0.05 ? 9_990 : 0);
      serials.set(head, serial);
      const lateBy = rand() < 0.1 ? Math.floor(rand() * 40 * DAY) : 0;
      const number = i % 97 === 5 ? `X${year}-ts-${i}` : i % 89 === 7 ? `${year}-TS-L${i}` : `${head}-${String(serial).padStart(7, '0')}`;
      const other = `${2025 + Math.floor(rand() * 2)}-TS-${String(1 + Math.floor(rand() * 40)).padStart(7, '0')}`;
      const title = rand() < 0.1 ? `re ${other} ${words[i % words.length]}` : rand() < 0.05 ? `due 2025-ts${i} ${words[i % words.length]}` : words[i % words.length]!;
      const address = rand() < 0.3 ? `서울 중구 ${1000 + i}-${i % 9}` : `서울 성동구 ${2025 + (i % 3)}-tx 길`;
      const procedure = procedures[Math.floor(rand() * procedures.length)]!;
      rows.push({
        jurisdiction_id: fx.jurisdictionId, number, procedure_id: procedure.id, procedure_code: procedure.code, unit_id: procedure.unit_id,
        title, address, parcel_id: rand() < 0.5 ? `11022${i}-558-0000` : null, channel: 'counter',
        status: STATUSES[Math.floor(rand() * STATUSES.length)]!, received_at: new Date(time - lateBy), stages: '[]', last_seq: 1,
        access_code_hash: 'x',
      });
    }
    await db.insertInto('application').values(rows as never).execute();
  });
  afterAll(async () => {
    await database?.close();
  });

  const needles = [
    '2025-ts', '2025-t', '2025-ts-', '2025-ts-000', '2025-ts-0000012', '2026-ts-00', '2025-tx', '2026-tx-000', '2024-ts',
    '2025-ts-0000012 re', '2025-', '2025', 'ts-000', '0000012', 'riverside', '배관', '현수막 설치', '1005-5', '2026-tx 길',
    'X2025-TS', '2025-ts1', '2025-ts_', '%', '',
  ];
  const filters: [string, Partial<RegisterFilters>][] = [
    ['no filter', {}],
    ['a status', { status: 'in_review' as Status }],
    ['a unit', { unit: 'TS-FIRE' }],
    ['a procedure', { procedure: 'building-permit' }],
    ['a period', { from: new Date('2025-06-01T00:00:00Z'), to: new Date('2026-02-01T00:00:00Z') }],
    ['oldest first', { sort: 'oldest' }],
    ['a status, oldest first', { status: 'approved' as Status, sort: 'oldest' }],
  ];

  // A text search with other filters first asks for all its matches when they are few; these limits make it take
  // that path always (the default, over this small register), never (0), and on some pages but not others (3).
  it.each(filters)('lists the same rows in the same order as LIKE, page after page both ways, with %s', async (_, extra) => {
    const db = database.db;
    for (const textProbeLimit of [undefined, 0, 3]) {
      const search = (f: RegisterFilters) => searchRegister(db, f, { textProbeLimit });
      for (const q of needles) {
        const f: RegisterFilters = { q, ...extra, limit: 6 };
        const label = `${q} (probe ${textProbeLimit ?? 'default'})`;
        let page = await search(f);
        expect(page.map((r) => r.id), `${label} first page`).toEqual(await referencePage(db, f));
        for (let n = 0; page.length === f.limit && n < 12; n++) {
          const last = page[page.length - 1]!;
          const after = { ...f, after: { receivedAt: last.received_at, id: last.id } };
          const next = await search(after);
          expect(next.map((r) => r.id), `${label} after ${last.id}`).toEqual(await referencePage(db, after));
          if (next.length) {
            const first = next[0]!;
            const back = { ...f, before: { receivedAt: first.received_at, id: first.id } };
            expect((await search(back)).map((r) => r.id), `${label} before ${first.id}`).toEqual(await referencePage(db, back));
          }
          page = next;
        }
      }
    }
  });

  // The planner matches a LIKE pattern against the column's histogram: with the default hundred entries a word in one
  // application in a hundred is guessed rare, and the register then sorts every match of a common word. The migration
  // that raises it analyses a register holding applications at once (this one holds 420, all distinct).
  it('keeps a histogram of up to a thousand search texts, built when the migration raises it over a filled register', async () => {
    const db = database.db;
    const { rows: [setting] } = await sql<{ target: number }>`
      SELECT attstattarget AS target FROM pg_attribute WHERE attrelid = 'application'::regclass AND attname = 'search_text'`.execute(db);
    expect(Number(setting?.target)).toBe(1000);
    await raiseSearchTextStatistics(db as never);
    const { rows: [stats] } = await sql<{ bounds: number | null }>`
      SELECT array_length(histogram_bounds::text::text[], 1) AS bounds FROM pg_stats
      WHERE schemaname = current_schema() AND tablename = 'application' AND attname = 'search_text'`.execute(db);
    expect(Number(stats?.bounds)).toBeGreaterThan(101);
  });

  it('finds a number as typed, a title naming it, and no number of another year', async () => {
    const db = database.db;
    const named = await db.selectFrom('application').select(['number', 'title']).where('title', 'like', 're %').orderBy('id').executeTakeFirstOrThrow();
    const mentioned = named.title.split(' ')[1]!;
    const found = (await searchRegister(db, { q: mentioned.toLowerCase(), limit: 100 })).map((r) => r.number);
    expect(found).toContain(named.number);
    expect(await searchRegister(db, { q: '2024-ts', limit: 10 })).toEqual([]);
  });
});
