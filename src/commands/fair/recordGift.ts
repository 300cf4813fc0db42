import { inTransaction } from '../../db/repos/cases.js';
import { insertGift } from '../../db/repos/fair.js';
import type { Db } from '../../db/types.js';
import type { OfficialActor } from '../../domain/actor.js';
import { GIFT_KINDS, GIFT_OUTCOMES, MAX_GIFT_KRW, type GiftKind, type GiftOutcome } from '../../domain/gifts.js';
import { validationError, type FieldIssue } from '../../errors.js';
import { mayDeclare } from '../../policies/fair.js';
import type { PartyKeys } from './partyKeys.js';

/** A gift as the official types it. */
export interface GiftDraft {
  offeredOn: string;
  kind: string;
  value: string;
  outcome: string;
  giver: string;
  description: string;
}

/** The owner a gift's sealed giver and description are bound to. */
export const giftOwner = (officialId: number) => `gift:official:${officialId}`;

/**
 * An official records a gift or hospitality offered to them, accepted, refused or handed over. The giver is kept as a
 * keyed hash (matched against applicants for the auditors' signals) and, with the description, sealed for the official
 * and auditors; the public register shows only the month, the value band and the outcome. Refused, writing nothing,
 * with every wrong field named.
 */
export async function recordGift(db: Db, props: { actor: OfficialActor; draft: GiftDraft; keys: PartyKeys; now?: Date }): Promise<number> {
  mayDeclare(props.actor);
  const d = props.draft;
  const now = props.now ?? new Date();
  const issues: FieldIssue[] = [];
  const day = /^\d{4}-\d{2}-\d{2}$/.test(d.offeredOn) ? Date.parse(`${d.offeredOn}T00:00:00Z`) : NaN;
  if (Number.isNaN(day)) issues.push({ field: 'offered_on', key: 'fair.error.date' });
  else if (day > now.getTime() + 86_400_000 || day < now.getTime() - 5 * 366 * 86_400_000) issues.push({ field: 'offered_on', key: 'fair.error.date_range' });
  if (!GIFT_KINDS.includes(d.kind as GiftKind)) issues.push({ field: 'kind', key: 'fair.error.gift_kind' });
  if (!GIFT_OUTCOMES.includes(d.outcome as GiftOutcome)) issues.push({ field: 'outcome', key: 'fair.error.gift_outcome' });
  const value = /^\d{1,11}$/.test(d.value.replace(/[,\s]/g, '')) ? Number(d.value.replace(/[,\s]/g, '')) : NaN;
  if (Number.isNaN(value) || value > MAX_GIFT_KRW) issues.push({ field: 'value', key: 'fair.error.gift_value' });
  if (d.giver.trim().length > 200) issues.push({ field: 'giver', key: 'fair.error.too_long', values: { max: 200 } });
  if (!d.description.trim()) issues.push({ field: 'description', key: 'fair.error.gift_description' });
  else if (d.description.trim().length > 500) issues.push({ field: 'description', key: 'fair.error.too_long', values: { max: 500 } });
  if (issues.length) throw validationError(issues);
  return inTransaction(db, (trx) =>
    insertGift(trx, {
      jurisdictionId: props.actor.jurisdictionId, officialId: props.actor.id, unitId: props.actor.unitId, offeredOn: d.offeredOn, kind: d.kind, valueKrw: value,
      outcome: d.outcome, giverHash: props.keys.hash('name', d.giver),
      sealed: props.keys.seal(giftOwner(props.actor.id), JSON.stringify({ giver: d.giver.trim(), description: d.description.trim() })),
    }),
  );
}
