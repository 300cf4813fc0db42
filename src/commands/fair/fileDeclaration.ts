import { inTransaction } from '../../db/repos/cases.js';
import { declarationSettings, declarationVersions, insertDeclaration, lockDeclarant, withdrawDeclaredParties } from '../../db/repos/declarations.js';
import { insertConflict } from '../../db/repos/fair.js';
import type { Db, Tx } from '../../db/types.js';
import type { OfficialActor } from '../../domain/actor.js';
import { offeredCategories, rulesOf } from '../../domain/declarationRules.js';
import { declarationBands, declarationDue, declarationTotals, readDeclaration, type DeclarationContent } from '../../domain/declarations.js';
import { validationError } from '../../errors.js';
import { mayDeclare } from '../../policies/fair.js';
import { conflictOwner } from './declareConflict.js';
import type { PartyKeys } from './partyKeys.js';

/** The owner a yearly declaration's sealed items are bound to. */
export const declarationOwner = (officialId: number) => `declaration:official:${officialId}`;

/** Opens a stored version for its official or an auditor; an unreadable one (another secret) reads as empty. */
export function openDeclaration(keys: PartyKeys, officialId: number, sealed: string): DeclarationContent {
  try {
    return JSON.parse(keys.open(declarationOwner(officialId), sealed)) as DeclarationContent;
  } catch {
    return { assets: [], positions: [], interests: [], note: '' };
  }
}

/** The years a declaration may be filed or amended for: this one and the last. */
export function declarationYears(now: Date): number[] {
  return [now.getUTCFullYear(), now.getUTCFullYear() - 1];
}

/** A year from a query or form: one of the years a declaration may be filed for, else this one. */
export function declarationYearOf(value: unknown, now = new Date()): number {
  const years = declarationYears(now);
  const n = typeof value === 'string' && /^\d{4}$/.test(value) ? Number(value) : NaN;
  return years.includes(n) ? n : years[0]!;
}

export interface FiledDeclaration {
  id: string;
  version: number;
  onTime: boolean;
}

/**
 * An official files their yearly declaration of assets and interests, or amends it (a new version; earlier versions
 * stay). The items are sealed for the official and auditors; only bands are kept in clear: the totals, each
 * category's total, and the change of net worth since the last version of the previous year. Whether it was on time
 * is fixed by the first version. Business interests and outside positions become conflict parties the rotation
 * avoids, replacing those of earlier versions. The jurisdiction's rules decide the categories offered, the due date
 * and the bands. Refused, writing nothing, with a problem named per field.
 */
export async function fileDeclaration(
  db: Db,
  props: { actor: OfficialActor; year: number; values: Readonly<Record<string, string>>; keys: PartyKeys; now?: Date },
): Promise<FiledDeclaration> {
  mayDeclare(props.actor);
  const now = props.now ?? new Date();
  const { actor, keys } = props;
  return inTransaction(db, async (trx) => {
    await lockDeclarant(trx, actor.id);
    const settings = await declarationSettings(trx, actor.jurisdictionId);
    const rules = rulesOf(settings);
    // Only the categories the jurisdiction offers today may be declared; an amendment of an older version says so.
    const { content, problems } = readDeclaration(props.values, offeredCategories(rules));
    if (!declarationYears(now).includes(props.year)) problems.unshift({ field: 'year', key: 'declaration.error.year' });
    if (!content.assets.length && !content.positions.length && !content.interests.length) problems.push({ field: 'asset_0_category', key: 'declaration.error.empty' });
    if (problems.length) throw validationError(problems);
    const versions = await declarationVersions(trx, actor.id, props.year);
    const first = versions.at(-1);
    const onTime = first ? first.on_time : now.getTime() <= declarationDue(props.year, rules.dueMonth, settings.time_zone, rules.dueDay).getTime();
    const previousYear = (await declarationVersions(trx, actor.id, props.year - 1))[0];
    const previousNet = previousYear ? declarationTotals(openDeclaration(keys, actor.id, previousYear.sealed)).net : null;
    const version = (versions[0]?.version ?? 0) + 1;
    const id = await insertDeclaration(trx, {
      jurisdictionId: actor.jurisdictionId, officialId: actor.id, year: props.year, version, filedAt: now, onTime,
      sealed: keys.seal(declarationOwner(actor.id), JSON.stringify(content)), bands: declarationBands(content, previousNet, rules.bands),
    });
    // Only the latest declaration's interests bar the rotation: the previous year's are replaced by this year's.
    await declareParties(trx, actor, id, content, keys, now);
    return { id, version, onTime };
  });
}

/**
 * The declaration's business interests and outside positions as conflict parties (kind `business_interest`),
 * matched by the rotation against every later case's applicant and registration numbers, like a declared conflict.
 */
async function declareParties(trx: Tx, actor: OfficialActor, declarationId: string, content: DeclarationContent, keys: PartyKeys, at: Date): Promise<void> {
  await withdrawDeclaredParties(trx, actor.id, at);
  const parties = [
    ...content.interests.map((i) => ({ partyName: i.company, registration: i.registration })),
    ...content.positions.map((p) => ({ partyName: p.organisation, registration: '' })),
  ];
  for (const party of parties) {
    const hashes = keys.hashes({ name: party.partyName, registration: party.registration });
    if (!hashes.name && !hashes.registration) continue;
    const clear = Object.fromEntries(Object.entries({ partyName: party.partyName, registration: party.registration }).filter(([, v]) => v));
    await insertConflict(trx, {
      jurisdictionId: actor.jurisdictionId, officialId: actor.id, kind: 'business_interest', applicationId: null, hashes, declarationId,
      sealed: keys.seal(conflictOwner(actor.id), JSON.stringify(clear)), at,
    });
  }
}
