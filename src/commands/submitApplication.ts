import { createHash } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import { DateTime } from 'luxon';
import type { OfficialActor, SystemActor } from '../domain/actor.js';
import { sniffType, cleanFilename } from '../domain/documents.js';
import { hashSecret, newAccessCode, normalizeAccessCode } from '../domain/secrets.js';
import { formatNumber } from '../domain/time.js';
import type { Channel, Locale } from '../domain/types.js';
import { initialState } from '../domain/workflow.js';
import { checkAnswers } from '../domain/answers.js';
import { AppError, invalidTransition, notFound, validationError } from '../errors.js';
import { mayRegister } from '../policies/index.js';
import { officialPublicActor, unitPublicActor } from '../db/repos/actors.js';
import { activeUnits, appendEvent, inTransaction, nextSerial, saveCaseProjection, unitIdsByCode } from '../db/repos/cases.js';
import type { DB, PublicActor } from '../db/schema.js';
import { notifyApplicant } from '../mail/notifyApplicant.js';

/** How long after its receipt an application may still be registered (a counter or postal one entered late). */
export const MAX_BACKDATE_DAYS = 366;

/** A file as received at the edge, before its type is trusted. */
export interface UploadedDocument {
  /** Key of the procedure's document this file answers, or `other`. */
  kind: string;
  filename: string;
  bytes: Buffer;
}

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
export async function submitApplication(db: Kysely<DB>, props: SubmitApplicationProps): Promise<Receipt> {
  const now = props.now ?? new Date();
  const receivedAt = props.receivedAt ?? now;
  if (receivedAt.getTime() > now.getTime() + 2 * 60_000) throw invalidTransition('error.occurred_in_future');
  // A paper application entered late is fine; one dated years back is a mistake, and every reading of its clock would
  // walk those years.
  if (receivedAt.getTime() < now.getTime() - MAX_BACKDATE_DAYS * 86_400_000) throw invalidTransition('error.received_too_early');
  const documents = props.documents.map((d) => {
    const type = sniffType(d.bytes);
    if (!type) throw new AppError('unsupported_media_type', 'error.document_type', { filename: cleanFilename(d.filename) });
    return { ...d, filename: cleanFilename(d.filename), type };
  });

  return inTransaction(db, async (trx) => {
    const procedure = await trx
      .selectFrom('procedure as p')
      .innerJoin('jurisdiction as j', 'j.id', 'p.jurisdiction_id')
      .selectAll('p')
      .select(['j.time_zone', 'j.code as jurisdiction_code'])
      .where('j.code', '=', props.jurisdictionCode)
      .where('p.code', '=', props.procedureCode)
      .where('p.is_current', '=', true)
      .executeTakeFirst();
    if (!procedure) throw notFound('error.procedure_not_found');
    if (props.actor) mayRegister(props.actor, { unitId: procedure.unit_id, jurisdictionId: procedure.jurisdiction_id });

    const { issues, publicFields, privateFields } = checkAnswers(procedure, props.fields, documents.map((d) => d.kind), props.channel);
    if (issues.length) throw validationError(issues);

    const year = DateTime.fromJSDate(receivedAt, { zone: procedure.time_zone }).year;
    const serial = await nextSerial(trx, procedure.jurisdiction_id, year);
    const number = formatNumber(year, procedure.jurisdiction_code, serial);
    const accessCode = newAccessCode();
    const state = initialState(procedure.stages, receivedAt.toISOString());

    const inserted = await trx
      .insertInto('application')
      .values({
        jurisdiction_id: procedure.jurisdiction_id,
        number,
        procedure_id: procedure.id,
        procedure_code: procedure.code,
        unit_id: procedure.unit_id,
        title: props.title.trim(),
        address: props.location.address.trim(),
        parcel_id: props.location.parcelId?.trim() || null,
        lat: props.location.lat ?? null,
        lng: props.location.lng ?? null,
        channel: props.channel,
        status: state.status,
        received_at: receivedAt,
        stages: JSON.stringify(state.stages),
        active_unit_ids: [],
        last_seq: 1,
        access_code_hash: hashSecret(normalizeAccessCode(accessCode)),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('application_private')
      .values({
        application_id: inserted.id,
        applicant_name: props.applicant.name.trim(),
        applicant_email: props.applicant.email?.trim() || null,
        applicant_phone: props.applicant.phone?.trim() || null,
        fields: JSON.stringify(privateFields),
        locale: props.locale ?? 'ko',
      })
      .execute();
    await storeDocuments(trx, inserted.id, 1, documents);

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
    // The event goes last: its log index holds the log counter's lock until commit.
    const units = activeUnits(state, procedure.stages, procedure.unit_id, await unitIdsByCode(trx, procedure.jurisdiction_id), new Map());
    await saveCaseProjection(trx, inserted.id, state, units, null);
    await notifyApplicant(trx, { applicationId: inserted.id, number, title: props.title.trim(), seq: 1, type: 'received', data: {}, stages: procedure.stages });
    await appendEvent(trx, {
      jurisdictionId: procedure.jurisdiction_id,
      applicationId: inserted.id,
      seq: 1,
      type: 'received',
      occurredAt: receivedAt,
      recordedAt: now,
      actorOfficialId,
      actor,
      data: {
        procedure: { code: procedure.code, version: procedure.version, name: { ko: procedure.name_ko, en: procedure.name_en } },
        unit: unit.unit,
        title: props.title.trim(),
        location: {
          address: props.location.address.trim(),
          ...(props.location.parcelId?.trim() ? { parcel_id: props.location.parcelId.trim() } : {}),
          ...(props.location.lat !== undefined && props.location.lng !== undefined
            ? { lat: props.location.lat, lng: props.location.lng }
            : {}),
        },
        channel: props.channel,
        fields: publicFields,
        document_count: documents.length,
      },
    });
    return { number, accessCode, receivedAt };
  });
}

/** Stores uploaded files in the database, so they share the transaction and the backups of the record. */
export async function storeDocuments(
  trx: Transaction<DB>,
  applicationId: number,
  eventSeq: number,
  documents: { kind: string; filename: string; bytes: Buffer; type: string }[],
): Promise<void> {
  for (const d of documents) {
    await trx
      .insertInto('document')
      .values({
        application_id: applicationId,
        event_seq: eventSeq,
        kind: d.kind,
        filename: d.filename,
        content_type: d.type,
        size_bytes: d.bytes.length,
        sha256: createHash('sha256').update(d.bytes).digest('hex'),
        content: d.bytes,
      })
      .execute();
  }
}
