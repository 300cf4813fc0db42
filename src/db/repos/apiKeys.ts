import type { Db } from '../types.js';

/** A new API key as stored: its first characters to recognise it by, and its hash; never the key itself. */
export interface NewApiKey {
  unitId: number;
  label: string;
  prefix: string;
  keyHash: string;
  createdBy: number;
}

/** Stores a new API key of a unit. */
export async function insertApiKey(db: Db, k: NewApiKey): Promise<void> {
  await db.insertInto('api_key').values({ unit_id: k.unitId, label: k.label, prefix: k.prefix, key_hash: k.keyHash, created_by: k.createdBy }).execute();
}

/** Revokes a key that is not revoked yet; false when there is no such key. */
export async function markApiKeyRevoked(db: Db, id: number, at: Date): Promise<boolean> {
  const result = await db.updateTable('api_key').set({ revoked_at: at }).where('id', '=', id).where('revoked_at', 'is', null).executeTakeFirst();
  return result.numUpdatedRows !== 0n;
}

/** An unrevoked key (by its hash) with the unit it acts for, or undefined. */
export async function liveApiKeyByHash(db: Db, keyHash: string): Promise<{ id: number; unit_id: number; code: string; jurisdiction_id: string } | undefined> {
  return db
    .selectFrom('api_key as k')
    .innerJoin('unit as u', 'u.id', 'k.unit_id')
    .select(['k.id', 'k.unit_id', 'u.code', 'u.jurisdiction_id'])
    .where('k.key_hash', '=', keyHash)
    .where('k.revoked_at', 'is', null)
    .executeTakeFirst();
}
