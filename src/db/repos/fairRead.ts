import type { Db } from '../types.js';

/** A jurisdiction's time zone (Asia/Seoul when unknown, which only a deleted jurisdiction could be). */
export async function jurisdictionZone(db: Db, jurisdictionId: string): Promise<string> {
  const row = await db.selectFrom('jurisdiction').select('time_zone').where('id', '=', jurisdictionId).executeTakeFirst();
  return row?.time_zone ?? 'Asia/Seoul';
}
