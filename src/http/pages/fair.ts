import type { PartyKeys } from '../../commands/fair/partyKeys.js';
import { conflictOwner, type DeclaredParty } from '../../commands/fair/declareConflict.js';
import { conflictsOfOfficial } from '../../db/repos/fair.js';
import { jurisdictionZone } from '../../db/repos/fairRead.js';
import type { Db } from '../../db/types.js';
import type { OfficialActor } from '../../domain/actor.js';
import type { ViewContext } from '../../views/context.js';
import { ConflictsPage, type OwnDeclaration } from '../../views/fair/conflicts.js';

/** Opens a sealed declaration for its owner; an unreadable one (another secret) shows as empty rather than failing the page. */
function opened(keys: PartyKeys, owner: string, sealed: string): DeclaredParty {
  try {
    return JSON.parse(keys.open(owner, sealed)) as DeclaredParty;
  } catch {
    return {};
  }
}

/** The official's own declarations page, with the form's values and errors when it is shown again. */
export async function conflictsPage(
  db: Db,
  ctx: ViewContext,
  actor: OfficialActor,
  keys: PartyKeys,
  form: { values?: Record<string, string>; errors?: Record<string, string>; notice?: string } = {},
) {
  const [rows, zone] = await Promise.all([conflictsOfOfficial(db, actor.id), jurisdictionZone(db, actor.jurisdictionId)]);
  const declarations: OwnDeclaration[] = rows.map((r) => ({
    id: r.id, kind: r.kind, applicationNumber: r.application_number, declaredAt: r.declared_at, withdrawnAt: r.withdrawn_at,
    ...opened(keys, conflictOwner(r.official_id), r.sealed),
  }));
  return ConflictsPage({ ctx, view: { declarations, zone, values: form.values ?? {}, errors: form.errors ?? {}, notice: form.notice } });
}
