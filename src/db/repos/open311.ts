import { sql, type Kysely } from 'kysely';
import { PROCUREMENT_CATEGORY } from '../../domain/contracts.js';
import type { Status } from '../../domain/types.js';
import type { DB } from '../schema.js';
import { PUBLIC_EVENT_COLUMNS, publicCaseRow, publicCases, type PublicCaseRow } from './publicRead.js';

/**
 * Queries behind Open311 GeoReport v2. Like every public query they select public columns only: the applicant's
 * name and contacts live in `application_private` and `event.private_data`, which nothing here reads.
 */

export interface Open311Jurisdiction {
  id: string;
  code: string;
  name_ko: string;
  name_en: string;
  time_zone: string;
  /** Whether it serves Open311 (an administrator's setting; on unless turned off). */
  open311: boolean;
}

/** Every jurisdiction, by its Open311 `jurisdiction_id` (its id, e.g. `gangnam.go.kr`), and whether it serves Open311. */
export async function open311Jurisdictions(db: Kysely<DB>): Promise<Open311Jurisdiction[]> {
  const rows = await db
    .selectFrom('jurisdiction as j')
    .leftJoin('open_data_jurisdiction as o', 'o.jurisdiction_id', 'j.id')
    .select(['j.id', 'j.code', 'j.name_ko', 'j.name_en', 'j.time_zone', 'o.open311'])
    .orderBy('j.code')
    .execute();
  return rows.map((r) => ({ ...r, open311: r.open311 ?? true }));
}

export interface RequestFilters {
  jurisdictionId: string;
  numbers: string[] | null;
  procedureCodes: string[] | null;
  from: Date | null;
  to: Date | null;
  statuses: Status[] | null;
  offset: number;
  limit: number;
}

/** The public columns of an event, and its application's id. */
const EVENT_COLUMNS = ['application_id', ...PUBLIC_EVENT_COLUMNS] as const;

/**
 * One page of a jurisdiction's applications as public records (newest first). An open request carries every public
 * event, so its clock can be computed for `expected_datetime`; a closed one carries its latest event only, which is
 * all of its history an Open311 record shows (`status_notes`). At most three queries whatever the page size.
 */
export async function open311Requests(db: Kysely<DB>, f: RequestFilters): Promise<PublicCaseRow[]> {
  let query = publicCases(db)
    .where('a.jurisdiction_id', '=', f.jurisdictionId)
    // Contracting processes are no service requests (ADR 0022).
    .where('p.category', '<>', PROCUREMENT_CATEGORY);
  if (f.numbers) query = query.where('a.number', 'in', f.numbers.length ? f.numbers : ['']);
  if (f.procedureCodes) query = query.where('a.procedure_code', 'in', f.procedureCodes.length ? f.procedureCodes : ['']);
  if (f.statuses) query = query.where('a.status', 'in', f.statuses);
  if (f.from) query = query.where('a.received_at', '>=', f.from);
  if (f.to) query = query.where('a.received_at', '<=', f.to);
  const rows = await query.orderBy('a.received_at', 'desc').orderBy('a.id', 'desc').offset(f.offset).limit(f.limit).execute();
  if (!rows.length) return [];
  const open = rows.filter((r) => !r.closed_at).map((r) => r.id);
  const closed = rows.filter((r) => r.closed_at).map((r) => r.id);
  const [every, latest] = await Promise.all([
    open.length
      ? db.selectFrom('event').select(EVENT_COLUMNS).where('application_id', 'in', open).orderBy('application_id').orderBy('seq').execute()
      : [],
    closed.length
      ? db
          .selectFrom(sql<{ id: number }>`(SELECT unnest(${sql.val(closed)}::bigint[]) AS id)`.as('c'))
          // One backward step on (application_id, seq) per request.
          .innerJoinLateral(
            (eb) => eb.selectFrom('event').select(EVENT_COLUMNS).whereRef('event.application_id', '=', 'c.id').orderBy('seq', 'desc').limit(1).as('e'),
            (join) => join.onTrue(),
          )
          .selectAll('e')
          .execute()
      : [],
  ]);
  const byApplication = new Map<number, PublicCaseRow['events']>();
  for (const { application_id, ...e } of [...every, ...latest]) {
    const list = byApplication.get(application_id) ?? [];
    list.push(e);
    byApplication.set(application_id, list);
  }
  return rows.map((row) => publicCaseRow(row, byApplication.get(row.id) ?? []));
}
