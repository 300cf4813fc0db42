import { sql } from 'kysely';
import { PROCUREMENT_CATEGORY } from '../../domain/contracts.js';
import type { Db, Tx } from '../types.js';

/** Reads and writes of bidders (ADR 0023): their profiles, the open tenders they see, the bids they submitted. */

export interface BidderRow {
  id: number;
  citizen_id: number;
  company_name: string;
  company_key: string;
  registration_number: string;
  registration_key: string;
}

/** The bidder profile of a signed-in citizen, if they made one. */
export async function bidderOfCitizen(q: Db | Tx, citizenId: number): Promise<BidderRow | undefined> {
  return q
    .selectFrom('bidder')
    .select(['id', 'citizen_id', 'company_name', 'company_key', 'registration_number', 'registration_key'])
    .where('citizen_id', '=', citizenId)
    .executeTakeFirst();
}

/** Creates or replaces a citizen's bidder profile; bids already submitted keep the name they were made under. */
export async function saveBidder(q: Db | Tx, b: Omit<BidderRow, 'id'>): Promise<number> {
  const row = await q
    .insertInto('bidder')
    .values(b)
    .onConflict((oc) => oc.column('citizen_id').doUpdateSet({
      company_name: b.company_name, company_key: b.company_key, registration_number: b.registration_number, registration_key: b.registration_key, updated_at: new Date(),
    }))
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/**
 * Tenders open for bids at `now`: processes whose notice is published, whose tender stage is under way and whose
 * deadline has not passed; the nearest deadline first, at most `limit`. Only public parts of events are read.
 */
export async function openTenders(db: Db, now: Date, limit: number) {
  return db
    .selectFrom('application as a')
    .innerJoin('procedure as p', 'p.id', 'a.procedure_id')
    .innerJoin('unit as u', 'u.id', 'a.unit_id')
    .innerJoin('jurisdiction as j', 'j.id', 'a.jurisdiction_id')
    .innerJoin('event as r', (join) => join.onRef('r.application_id', '=', 'a.id').on('r.seq', '=', 1))
    .innerJoin('event as t', (join) => join.onRef('t.application_id', '=', 'a.id').on('t.type', '=', 'tender_published'))
    .select([
      'a.number', 'a.title', 'u.name_ko as unit_ko', 'u.name_en as unit_en', 'j.time_zone',
      sql<string>`r.data->'fields'->>'method'`.as('method'),
      sql<string>`r.data->'fields'->>'category'`.as('category'),
      sql<string>`r.data->'fields'->>'estimated_amount'`.as('estimated_amount'),
      sql<string>`r.data->'fields'->>'currency'`.as('currency'),
      sql<string>`t.data->'tender_period'->>'end'`.as('tender_end'),
    ])
    .where('p.category', '=', PROCUREMENT_CATEGORY)
    .where('a.status', 'in', ['received', 'in_review', 'awaiting_applicant'])
    .where(sql<boolean>`exists (select 1 from jsonb_array_elements(a.stages) s where s->>'key' = 'tender' and s->>'status' = 'active')`)
    .where(sql`(t.data->'tender_period'->>'end')::timestamptz`, '>', now)
    .orderBy(sql`(t.data->'tender_period'->>'end')::timestamptz`)
    .orderBy('a.id')
    .limit(limit)
    .execute();
}

/** The bids a bidder submitted from their account, newest first: the office's sealed copy, shown to its author only. */
export async function bidsOfBidder(db: Db, bidderId: number, limit = 200) {
  return db
    .selectFrom('event as e')
    .innerJoin('application as a', 'a.id', 'e.application_id')
    .innerJoin('jurisdiction as j', 'j.id', 'a.jurisdiction_id')
    .select([
      'a.number', 'a.title', 'e.occurred_at', 'j.time_zone',
      sql<number>`(e.private_data->>'bid')::int`.as('bid'),
      sql<string>`e.private_data->'value'->>'amount'`.as('amount'),
      sql<string>`e.private_data->'value'->>'currency'`.as('currency'),
    ])
    .where('e.type', '=', 'bid_received')
    .where(sql`e.private_data->>'bidder_id'`, '=', String(bidderId))
    .orderBy('e.occurred_at', 'desc')
    .limit(limit)
    .execute();
}
