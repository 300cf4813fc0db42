import { DateTime } from 'luxon';
import { officialPublicActor, unitPublicActor } from '../db/repos/actors.js';
import { currentProcedure, inTransaction, insertApplication, nextSerial } from '../db/repos/cases.js';
import type { Db } from '../db/types.js';
import type { OfficialActor, SystemActor } from '../domain/actor.js';
import { checkAnswers } from '../domain/answers.js';
import { checkUploads, type UploadedDocument } from '../domain/documents.js';
import { eventPayload, type PublicActor } from '../domain/events.js';
import { hashSecret, newAccessCode, normalizeAccessCode } from '../domain/secrets.js';
import { formatNumber } from '../domain/time.js';
import type { Channel, Locale } from '../domain/types.js';
import { initialState } from '../domain/workflow.js';
import { invalidTransition, notFound, validationError } from '../errors.js';
import { mayOpenProcess, mayRegister } from '../policies/index.js';
import { PROCUREMENT_CATEGORY } from '../domain/contracts.js';
import { applyCaseEvent, caseAfter, type PlannedEvent } from './changeCase.js';
import type { PartyKeys } from './fair/partyKeys.js';
import { rotationEvent } from './fair/rotation.js';

export type { UploadedDocument } from '../domain/documents.js';

/** How long after its receipt an application may still be registered (a counter or postal one entered late). */
export const MAX_BACKDATE_DAYS = 366;

export interface SubmitApplicationProps {
  jurisdictionCode: string;
  procedureCode: string;
  title: string;
  location: { address: string; parcelId?: string; lat?: number; lng?: number };
  applicant: { name: string; email?: string; phone?: string };
  /** The language the applicant files in; e-mails about the case use it (Korean when unknown). */
  locale?: Locale;
  /** Answers to the procedure's own fields, by key. */
  fields: Record<string, string>;
  documents: UploadedDocument[];
  channel: Channel;
  /** When a counter or post application was really received; defaults to now. */
  receivedAt?: Date;
  /** Absent for an applicant filing online. */
  actor?: OfficialActor | SystemActor;
  /** Who may file this case for someone; counter staff by default (`mayRegister`), a process's own officers for procurement. */
  policy?: (actor: OfficialActor | SystemActor, procedure: { unitId: number; jurisdictionId: string }) => void;
  /** Assign the new case at once by the fair rotation (ADR 0015), matching conflicts with these keys. */
  assignment?: { keys: PartyKeys };
  now?: Date;
}

export interface Receipt {
  number: string;
  /** Shown once; only its hash is stored. */
  accessCode: string;
  receivedAt: Date;
}

/**
 * Files an application: online by the applicant, at a counter or by post through a clerk, or by a
 * department's system. Allocates the public number, stores the documents privately and appends the
 * `received` event, all in one transaction.
 */
export async function submitApplication(db: Db, props: SubmitApplicationProps): Promise<Receipt> {
  const now = props.now ?? new Date();
  const receivedAt = props.receivedAt ?? now;
  if (receivedAt.getTime() > now.getTime() + 2 * 60_000) throw invalidTransition('error.occurred_in_future');
  // A paper application entered late is fine; one dated years back is a mistake, and every reading of its clock would
  // walk those years.
  if (receivedAt.getTime() < now.getTime() - MAX_BACKDATE_DAYS * 86_400_000) throw invalidTransition('error.received_too_early');
  const documents = checkUploads(props.documents);

  return inTransaction(db, async (trx) => {
    const found = await currentProcedure(trx, props.jurisdictionCode, props.procedureCode);
    if (!found) throw notFound('error.procedure_not_found');
    const { procedure, jurisdiction } = found;
    // A contracting process is opened only by its department's officers (`contracts/openProcess`), never filed.
    if (procedure.category === PROCUREMENT_CATEGORY && props.policy !== mayOpenProcess) throw notFound('error.procedure_not_found');
    if (props.actor) (props.policy ?? mayRegister)(props.actor, { unitId: procedure.unit_id, jurisdictionId: procedure.jurisdiction_id });

    const { issues, publicFields, privateFields } = checkAnswers(procedure, props.fields, documents.map((d) => d.kind), props.channel);
    if (issues.length) throw validationError(issues);

    const year = DateTime.fromJSDate(receivedAt, { zone: jurisdiction.time_zone }).year;
    const serial = await nextSerial(trx, procedure.jurisdiction_id, year);
    const number = formatNumber(year, jurisdiction.code, serial);
    const accessCode = newAccessCode();
    const state = initialState(procedure.stages, receivedAt.toISOString());
    const title = props.title.trim();
    const location = {
      address: props.location.address.trim(),
      ...(props.location.parcelId?.trim() ? { parcel_id: props.location.parcelId.trim() } : {}),
      ...(props.location.lat !== undefined && props.location.lng !== undefined ? { lat: props.location.lat, lng: props.location.lng } : {}),
    };
    const app = await insertApplication(
      trx,
      {
        jurisdiction_id: procedure.jurisdiction_id, number, procedure_id: procedure.id, procedure_code: procedure.code, unit_id: procedure.unit_id,
        title, address: location.address, parcel_id: location.parcel_id ?? null, lat: props.location.lat ?? null, lng: props.location.lng ?? null,
        channel: props.channel, status: state.status, received_at: receivedAt, stages: JSON.stringify(state.stages), active_unit_ids: [], last_seq: 1,
        access_code_hash: hashSecret(normalizeAccessCode(accessCode)),
      },
      {
        applicant_name: props.applicant.name.trim(), applicant_email: props.applicant.email?.trim() || null, applicant_phone: props.applicant.phone?.trim() || null,
        fields: JSON.stringify(privateFields), locale: props.locale ?? 'ko',
      },
    );

    const unit = await unitPublicActor(trx, procedure.unit_id);
    let actor: PublicActor = { kind: 'applicant' };
    let actorOfficialId: number | null = null;
    if (props.actor?.kind === 'official') {
      actorOfficialId = props.actor.id;
      actor = await officialPublicActor(trx, props.actor.id);
    } else if (props.actor?.kind === 'system') {
      actorOfficialId = props.actor.onBehalfOf;
      actor = actorOfficialId ? await officialPublicActor(trx, actorOfficialId) : await unitPublicActor(trx, props.actor.unitId);
    }
    const payload = eventPayload(
      'received',
      {
        procedure: { code: procedure.code, version: procedure.version, name: { ko: procedure.name_ko, en: procedure.name_en } },
        unit: unit.unit, title, location, channel: props.channel, fields: publicFields, document_count: documents.length,
      },
      {},
    );
    // The first event goes the way every later one does (`applyCaseEvent`), from the state a filing starts in.
    const filed: PlannedEvent = { payload, occurredAt: receivedAt, recordedAt: now, actorOfficialId, actor, documents };
    const locked = { app, procedure, jurisdiction, state, events: [] };
    await applyCaseEvent(trx, locked, 1, filed);
    if (props.assignment) {
      // The second event, in the same transaction: a filed case is never seen unassigned when someone is eligible.
      // Assigned as it is received: an application filed late from paper keeps its own dates, and the acts entered
      // after it (back-dated to when they happened) are not refused as earlier than the assignment.
      const assign = await rotationEvent(trx, app, props.assignment.keys, receivedAt, now);
      if (assign) await applyCaseEvent(trx, caseAfter(locked, 1, filed), 2, assign);
    }
    return { number, accessCode, receivedAt };
  });
}
