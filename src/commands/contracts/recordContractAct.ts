import { createHash } from 'node:crypto';
import { officialPublicActor } from '../../db/repos/actors.js';
import { calendarFor } from '../../db/repos/calendars.js';
import { debarmentInForce } from '../../db/repos/contracts.js';
import type { Db } from '../../db/types.js';
import type { OfficialActor } from '../../domain/actor.js';
import { contractState, decideContract, PROCUREMENT_CATEGORY, STAGE_OF, supplierKey, TENDER_DOCUMENT_KIND, termsOf, type ContractAct, type TenderDocument } from '../../domain/contracts.js';
import type { CheckedDocument } from '../../domain/documents.js';
import { assertStageActive } from '../../domain/workflow.js';
import { invalidTransition } from '../../errors.js';
import { mayAct } from '../../policies/index.js';
import { changeCase, type CaseChanged } from '../changeCase.js';
import type { PartyKeys } from '../fair/partyKeys.js';
import { conflictedBids } from './evaluatorConflicts.js';

/** How far in the future an `occurred_at` may lie (clock skew), as for every other act. */
const FUTURE_TOLERANCE_MS = 2 * 60_000;

export interface RecordContractActProps {
  number: string;
  act: ContractAct;
  /** The files a notice or addendum publishes, their types checked (`domain/documents.checkUploads`). */
  documents?: CheckedDocument[];
  occurredAt?: Date;
  actor: OfficialActor;
  /** Fair handling's keys: with them, an evaluation is checked against the official's declared conflicts. */
  partyKeys?: PartyKeys;
  now?: Date;
}

/**
 * Records a procurement act on a contracting process through the one write path (`changeCase`): the officer must be
 * allowed to work the case's stages, the act's stage must be active, and `domain/contracts.decideContract` checks the
 * procurement rules (the tender period against the method's minimum on the working-day calendar, bids before the
 * deadline, no award to a debarred supplier, an amendment's reason). Nothing is written when a check fails.
 */
export async function recordContractAct(db: Db, props: RecordContractActProps): Promise<CaseChanged> {
  if (props.occurredAt && props.occurredAt.getTime() > (props.now ?? new Date()).getTime() + FUTURE_TOLERANCE_MS) {
    throw invalidTransition('error.occurred_in_future');
  }
  return changeCase(db, props.number, async ({ app, procedure, jurisdiction, state, events }, trx) => {
    const now = props.now ?? new Date();
    const occurredAt = props.occurredAt ?? now;
    if (procedure.category !== PROCUREMENT_CATEGORY) throw invalidTransition('contracts.error.not_a_process');
    // Contract acts are stage work: whoever may complete the process's stages may record them.
    mayAct(props.actor, { unitId: app.unit_id, activeUnitIds: app.active_unit_ids, assigneeId: state.assigneeId }, 'stage_completed');
    assertStageActive(state, STAGE_OF[props.act.type], occurredAt.toISOString());
    const terms = termsOf(events[0]?.data.fields as Record<string, unknown>);
    if (!terms) throw invalidTransition('contracts.error.not_a_process');
    const calendar = await calendarFor(trx, jurisdiction);
    const files = props.documents ?? [];
    // The notice and its addenda publish their documents: the event names each by its SHA-256, the bytes are stored with it.
    const act: ContractAct = (props.act.type === 'tender_published' || props.act.type === 'tender_addendum') && files.length
      ? { ...props.act, documents: files.map(tenderDocumentOf) }
      : props.act;
    const debarment = act.type === 'awarded'
      ? await debarmentInForce(trx, app.jurisdiction_id, supplierKey(awardee(act, contractState(events))), calendar.localDate(occurredAt))
      : undefined;
    // An official who declared a conflict with a bidder cannot record the evaluation of the bids without stepping aside.
    if (act.type === 'bids_evaluated' && props.partyKeys) {
      const conflicted = await conflictedBids(trx, props.partyKeys, props.actor.id, app.id, contractState(events).bids);
      if (conflicted.length) throw invalidTransition('contracts.error.evaluator_conflict', { bids: conflicted.map((b) => `#${b}`).join(', ') });
    }
    const payload = decideContract(contractState(events), act, {
      terms, occurredAt, calendar, debarment: debarment ? { reason: debarment.reason, endsOn: debarment.ends_on } : null,
    });
    const actor = await officialPublicActor(trx, props.actor.id);
    return {
      event: { payload, occurredAt, recordedAt: now, actorOfficialId: props.actor.id, actor, ...(files.length ? { documents: files.map((f) => ({ ...f, kind: TENDER_DOCUMENT_KIND })) } : {}) },
      result: {},
    };
  });
}

/** A checked file as the notice names it. */
function tenderDocumentOf(f: CheckedDocument): TenderDocument {
  return { filename: f.filename, sha256: createHash('sha256').update(f.bytes).digest('hex'), size_bytes: f.bytes.length, content_type: f.type };
}

/** The supplier an award names: the winning bid's bidder, or the named supplier of a direct award. */
function awardee(act: Extract<ContractAct, { type: 'awarded' }>, state: ReturnType<typeof contractState>): string {
  return state.bids.find((b) => b.bid === act.bid)?.bidder.name ?? act.supplier.name;
}
