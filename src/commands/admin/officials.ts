import { hash } from '@node-rs/argon2';
import type { OfficialActor } from '../../domain/actor.js';
import { ROLES, type Localized, type Role } from '../../domain/types.js';
import { AppError, validationError } from '../../errors.js';
import { mayAdminister } from '../../policies/index.js';
import { passwordProblems } from '../../domain/passwordRules.js';
import type { Db } from '../../db/types.js';
import { insertOfficial, loginTaken, updateOfficialAccount } from '../../db/repos/officials.js';
import { deleteOfficialSessions } from '../../db/repos/officeAuth.js';
import { findUnit } from '../../db/repos/units.js';

export interface OfficialDraft {
  login: string;
  password?: string;
  unitId: number;
  nameKo: string;
  nameEn: string;
  titleKo: string;
  titleEn: string;
  /** The name and title in languages beyond Korean and English, where written. */
  names: Localized;
  titles: Localized;
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
export async function createOfficial(db: Db, actor: OfficialActor, d: OfficialDraft): Promise<number> {
  mayAdminister(actor);
  await check(d, true);
  const unit = await findUnit(db, d.unitId);
  if (!unit) throw validationError([{ field: 'unit', key: 'error.unknown_unit' }]);
  if (await loginTaken(db, d.login)) throw validationError([{ field: 'login', key: 'error.login_taken' }]);
  return insertOfficial(db, { ...account(d, unit), login: d.login, passwordHash: await hash(d.password!) });
}

/**
 * Updates an official's unit, names, roles or status; a new password only when given. Deactivating an official or
 * setting their password ends all their sessions.
 */
export async function updateOfficial(db: Db, actor: OfficialActor, id: number, d: OfficialDraft): Promise<void> {
  mayAdminister(actor);
  await check(d, false);
  if (id === actor.id && (!d.active || !d.roles.includes('admin'))) throw new AppError('conflict', 'error.self_lockout');
  const unit = await findUnit(db, d.unitId);
  if (!unit) throw validationError([{ field: 'unit', key: 'error.unknown_unit' }]);
  const password = d.password ? { hash: await hash(d.password), changedAt: new Date() } : undefined;
  if (!(await updateOfficialAccount(db, id, { ...account(d, unit), password }))) throw new AppError('not_found', 'error.not_found');
  if (!d.active || d.password) await deleteOfficialSessions(db, id);
}

/** The account fields of a draft, names and titles trimmed, in the unit's jurisdiction. */
function account(d: OfficialDraft, unit: { id: number; jurisdiction_id: string }) {
  return {
    jurisdictionId: unit.jurisdiction_id,
    unitId: unit.id,
    nameKo: d.nameKo.trim(),
    nameEn: d.nameEn.trim(),
    titleKo: d.titleKo.trim(),
    titleEn: d.titleEn.trim(),
    names: d.names,
    titles: d.titles,
    roles: d.roles,
    active: d.active,
  };
}
