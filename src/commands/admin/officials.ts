import { hash } from '@node-rs/argon2';
import type { Kysely } from 'kysely';
import type { OfficialActor } from '../../domain/actor.js';
import { ROLES, type Role } from '../../domain/types.js';
import { AppError, validationError } from '../../errors.js';
import { mayAdminister } from '../../policies/index.js';
import { passwordProblems } from '../../domain/passwordRules.js';
import type { DB } from '../../db/schema.js';

export interface OfficialDraft {
  login: string;
  password?: string;
  unitId: number;
  nameKo: string;
  nameEn: string;
  titleKo: string;
  titleEn: string;
  roles: Role[];
  active: boolean;
}

async function check(d: OfficialDraft, creating: boolean) {
  const issues = [];
  if (!/^[a-z0-9._-]{3,40}$/.test(d.login)) issues.push({ field: 'login', key: 'error.login_format' });
  if (creating || d.password) issues.push(...(await passwordProblems(d.password ?? '', { login: d.login, names: [d.nameKo, d.nameEn] })));
  if (!d.nameKo.trim() || !d.nameEn.trim()) issues.push({ field: 'name', key: 'error.required' });
  if (!d.titleKo.trim() || !d.titleEn.trim()) issues.push({ field: 'title', key: 'error.required' });
  if (!d.roles.length || d.roles.some((r) => !ROLES.includes(r))) issues.push({ field: 'roles', key: 'error.roles' });
  if (issues.length) throw validationError(issues);
}

/** Creates an official account with an argon2id-hashed password. */
export async function createOfficial(db: Kysely<DB>, actor: OfficialActor, d: OfficialDraft): Promise<number> {
  mayAdminister(actor);
  await check(d, true);
  const unit = await db.selectFrom('unit').select(['id', 'jurisdiction_id']).where('id', '=', d.unitId).executeTakeFirst();
  if (!unit) throw validationError([{ field: 'unit', key: 'error.unknown_unit' }]);
  const exists = await db.selectFrom('official').select('id').where('login', '=', d.login).executeTakeFirst();
  if (exists) throw validationError([{ field: 'login', key: 'error.login_taken' }]);
  const row = await db
    .insertInto('official')
    .values({
      jurisdiction_id: unit.jurisdiction_id,
      unit_id: unit.id,
      login: d.login,
      password_hash: await hash(d.password!),
      name_ko: d.nameKo.trim(),
      name_en: d.nameEn.trim(),
      title_ko: d.titleKo.trim(),
      title_en: d.titleEn.trim(),
      roles: d.roles,
      active: d.active,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/**
 * Updates an official's unit, names, roles or status; a new password only when given. Deactivating an official or
 * setting their password ends all their sessions.
 */
export async function updateOfficial(db: Kysely<DB>, actor: OfficialActor, id: number, d: OfficialDraft): Promise<void> {
  mayAdminister(actor);
  await check(d, false);
  if (id === actor.id && (!d.active || !d.roles.includes('admin'))) throw new AppError('conflict', 'error.self_lockout');
  const unit = await db.selectFrom('unit').select(['id', 'jurisdiction_id']).where('id', '=', d.unitId).executeTakeFirst();
  if (!unit) throw validationError([{ field: 'unit', key: 'error.unknown_unit' }]);
  const result = await db
    .updateTable('official')
    .set({
      jurisdiction_id: unit.jurisdiction_id,
      unit_id: unit.id,
      name_ko: d.nameKo.trim(),
      name_en: d.nameEn.trim(),
      title_ko: d.titleKo.trim(),
      title_en: d.titleEn.trim(),
      roles: d.roles,
      active: d.active,
      ...(d.password ? { password_hash: await hash(d.password), password_changed_at: new Date() } : {}),
    })
    .where('id', '=', id)
    .executeTakeFirst();
  if (result.numUpdatedRows === 0n) throw new AppError('not_found', 'error.not_found');
  if (!d.active || d.password) await db.deleteFrom('session').where('official_id', '=', id).execute();
}
