import type { PartyKeys } from '../../commands/fair/partyKeys.js';
import { conflictOwner, type DeclaredParty } from '../../commands/fair/declareConflict.js';
import { conflictsOfOfficial, giftsOfOfficial, publicGifts } from '../../db/repos/fair.js';
import { giftOwner } from '../../commands/fair/recordGift.js';
import { presentGift, type PublicGift } from '../../presenters/gifts.js';
import { OfficeGiftsPage, PublicGiftsPage } from '../../views/fair/gifts.js';
import { jurisdictionZone } from '../../db/repos/fairRead.js';
import type { Db } from '../../db/types.js';
import type { OfficialActor } from '../../domain/actor.js';
import type { ViewContext } from '../../views/context.js';
import { ConflictsPage, type OwnDeclaration } from '../../views/fair/conflicts.js';

/** Opens a sealed declaration for its owner; an unreadable one (another secret) shows as empty rather than failing the page. */
function opened(keys: PartyKeys, owner: string, sealed: string): DeclaredParty & Record<string, string | undefined> {
  try {
    return JSON.parse(keys.open(owner, sealed)) as DeclaredParty & Record<string, string | undefined>;
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
    id: r.id, kind: r.kind, applicationNumber: r.application_number, declaredAt: r.declared_at, withdrawnAt: r.withdrawn_at, fromDeclaration: r.declaration_id !== null,
    ...opened(keys, conflictOwner(r.official_id), r.sealed),
  }));
  return ConflictsPage({ ctx, view: { declarations, zone, values: form.values ?? {}, errors: form.errors ?? {}, notice: form.notice } });
}

/** The official's own gift register, with the form's values and errors when it is shown again. */
export async function officeGiftsPage(
  db: Db,
  ctx: ViewContext,
  actor: OfficialActor,
  keys: PartyKeys,
  form: { values?: Record<string, string>; errors?: Record<string, string>; notice?: string } = {},
) {
  const rows = await giftsOfOfficial(db, actor.id);
  const gifts = rows.map((g) => {
    const clear = opened(keys, giftOwner(actor.id), g.sealed) as { giver?: string; description?: string };
    return { offeredOn: g.offered_on, kind: g.kind, valueKrw: g.value_krw, outcome: g.outcome, giver: clear.giver, description: clear.description };
  });
  return OfficeGiftsPage({ ctx, gifts, values: form.values ?? {}, errors: form.errors ?? {}, notice: form.notice });
}

/** The most rows the public register answers at once. */
const PUBLIC_GIFT_LIMIT = 10_000;

/** The public register of a year, as the presenter shapes it. */
export async function publicGiftRegister(db: Db, year: number): Promise<PublicGift[]> {
  return (await publicGifts(db, year, PUBLIC_GIFT_LIMIT)).map(presentGift);
}

/** The public register's page. */
export function publicGiftsPage(ctx: ViewContext, year: number, years: number[], gifts: PublicGift[]) {
  return PublicGiftsPage({ ctx, year, years, gifts });
}
