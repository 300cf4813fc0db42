import { LOCALES } from '../../domain/types.js';
import { inCityLanguages } from '../../demo/languages.js';
import { otherLanguages } from './localized.js';
import { createHash } from 'node:crypto';
import { sql, type Insertable, type Transaction } from 'kysely';
import type { ApplicationPrivateTable, ApplicationTable, DB } from '../schema.js';
import { JURISDICTIONS } from '../../demo/catalogue.js';
import type { DemoInquiries } from '../../demo/inquiries.js';
import type { DemoCase, DemoOrganisation } from '../../demo/model.js';
import { demoPdf } from '../../demo/pdf.js';
import { DEMO_DESIGNATED_DAYS } from '../../demo/designatedDays.js';
import { DEMO_TOTP_SECRET } from '../../demo/secrets.js';
import { demoGrade } from '../../demo/declarations.js';

/**
 * Writes the generated demo in bulk inside the caller's transaction. The organisation and the applications go
 * in as multi-row INSERTs; events and documents, the bulk of the bytes, as chunked JSON record sets in which
 * each distinct actor snapshot and each distinct file is sent once and referenced by index (on PGlite, moving
 * bytes into the database is most of the cost). Ids are given explicitly (the database is empty) so events
 * can point at their application without a round trip; the sequences are moved past them at the end.
 */

const CHUNK = 1000;

async function insertChunked<R>(rows: R[], insert: (chunk: R[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) await insert(rows.slice(i, i + CHUNK));
}


export async function writeOrganisation(
  trx: Transaction<DB>,
  org: DemoOrganisation,
  passwordHash: string,
  sealTotpSecret?: (officialId: number, secret: string) => string,
): Promise<void> {
  const createdAt = new Date(org.createdAt);
  await trx
    .insertInto('jurisdiction')
    .values(
      JURISDICTIONS.map((j) => ({
        id: j.id, code: j.code, name_ko: j.name.ko, name_en: j.name.en, time_zone: 'Asia/Seoul', show_official_names: j.showOfficialNames, created_at: createdAt,
        // The city offers all seven languages; the districts Korean and English (ADR 0017).
        ...(isCity(j.code) ? { offered_locales: [...LOCALES], names: JSON.stringify(otherLanguages(inCityLanguages(j.name))) } : {}),
      })),
    )
    .execute();
  await trx
    .insertInto('unit')
    .values(
      org.units.map((u) => ({
        id: u.id, jurisdiction_id: u.jurisdiction.id, code: u.code, name_ko: u.name.ko, name_en: u.name.en, phone: u.phone, email: u.email, created_at: createdAt,
        ...(isCity(u.jurisdiction.code) ? { names: JSON.stringify(otherLanguages(inCityLanguages(u.name))) } : {}),
      })),
    )
    .execute();
  await trx
    .insertInto('official')
    .values(
      org.officials.map((o) => ({
        id: o.id,
        jurisdiction_id: o.jurisdictionId,
        unit_id: o.unitId,
        login: o.login,
        password_hash: passwordHash,
        name_ko: o.name.ko,
        name_en: o.name.en,
        title_ko: o.title.ko,
        title_en: o.title.en,
        names: JSON.stringify(otherLanguages(o.name)),
        titles: JSON.stringify(otherLanguages(o.title)),
        roles: o.roles,
        grade: demoGrade(o),
        totp_secret: sealTotpSecret ? sealTotpSecret(o.id, DEMO_TOTP_SECRET) : null,
        totp_enrolled_at: sealTotpSecret ? createdAt : null,
        created_at: createdAt,
      })),
    )
    .execute();
  const admin = org.officials.find((o) => o.roles.includes('admin'))!;
  await trx
    .insertInto('procedure')
    .values(
      org.procedures.map((p) => ({
        id: p.id,
        jurisdiction_id: p.jurisdiction.id,
        code: p.code,
        version: p.version,
        is_current: p.isCurrent,
        category: p.template.category,
        unit_id: p.unit.id,
        name_ko: p.template.name.ko,
        name_en: p.template.name.en,
        purpose_ko: p.template.purpose.ko,
        purpose_en: p.template.purpose.en,
        legal_basis_ko: p.template.legalBasis.ko,
        legal_basis_en: p.template.legalBasis.en,
        fee_krw: p.feeKrw,
        statutory_days: p.statutoryDays,
        documents: JSON.stringify(p.template.documents),
        fields: JSON.stringify(p.template.fields.map(({ value: _value, ...f }) => f)),
        stages: JSON.stringify(isCity(p.jurisdiction.code) ? p.stages.map((s) => ({ ...s, name: inCityLanguages(s.name) })) : p.stages),
        ...(isCity(p.jurisdiction.code) ? { texts: JSON.stringify({ name: otherLanguages(inCityLanguages(p.template.name)) }) } : {}),
        created_at: new Date(p.validFrom),
        created_by: admin.id,
      })),
    )
    .execute();
}

export async function writeCases(trx: Transaction<DB>, cases: DemoCase[], accessCodeHash: string, counters: { jurisdictionId: string; year: number; last: number }[]): Promise<void> {
  if (counters.length > 0) await trx.insertInto('number_counter').values(counters.map((c) => ({ jurisdiction_id: c.jurisdictionId, year: c.year, last: c.last }))).execute();

  const applications: Insertable<ApplicationTable>[] = [];
  const privates: Insertable<ApplicationPrivateTable>[] = [];
  const events: EventRow[] = [];
  const documents: DocumentRow[] = [];
  const actors = new Interner();
  const contents = new Interner();
  for (const c of cases) {
    const { draft, history } = c;
    const p = draft.procedure;
    applications.push({
      id: c.id,
      jurisdiction_id: p.jurisdiction.id,
      number: c.number,
      procedure_id: p.id,
      procedure_code: p.code,
      unit_id: history.unitId,
      transfer_count: history.transferCount,
      escalated_at: history.escalatedAt === null ? null : new Date(history.escalatedAt),
      title: draft.title,
      address: draft.address,
      parcel_id: draft.parcelId,
      lat: draft.lat,
      lng: draft.lng,
      channel: draft.spec.channel,
      status: history.state.status,
      received_at: new Date(draft.spec.receivedAt),
      closed_at: history.closedAt === null ? null : new Date(history.closedAt),
      assigned_official_id: history.state.assigneeId,
      active_unit_ids: history.activeUnitIds,
      stages: JSON.stringify(history.state.stages),
      last_seq: history.state.lastSeq,
      access_code_hash: accessCodeHash,
      updated_at: new Date(history.updatedAt),
    });
    privates.push({
      application_id: c.id,
      applicant_name: draft.applicant.name,
      applicant_email: draft.applicant.email,
      applicant_phone: draft.applicant.phone,
      fields: JSON.stringify(draft.privateFields),
    });
    for (const e of history.events) {
      events.push({
        jurisdiction_id: p.jurisdiction.id,
        application_id: c.id,
        seq: e.seq,
        type: e.type,
        occurred_at: new Date(e.occurredAt).toISOString(),
        recorded_at: new Date(e.recordedAt).toISOString(),
        actor_official_id: e.actorOfficialId,
        actor: actors.index(e.actor),
        data: e.data,
        private_data: e.privateData,
      });
    }
    for (const d of history.documents) {
      const file = demoDocument(p.code, p.template.documents.find((x) => x.key === d.kind)?.name.en ?? 'Covering letter');
      documents.push({
        application_id: c.id,
        event_seq: d.eventSeq,
        kind: d.kind,
        filename: d.filename,
        size_bytes: file.bytes.length,
        sha256: file.sha256,
        content: contents.index(file.hex),
        uploaded_at: new Date(d.at).toISOString(),
      });
    }
  }
  await insertChunked(applications, (rows) => trx.insertInto('application').values(rows).execute());
  await insertChunked(privates, (rows) => trx.insertInto('application_private').values(rows).execute());
  const actorList = JSON.stringify(actors.values);
  await insertChunked(events, (rows) =>
    sql`
      INSERT INTO event (jurisdiction_id, application_id, seq, type, occurred_at, recorded_at, actor_official_id, actor, data, private_data)
      SELECT e.jurisdiction_id, e.application_id, e.seq, e.type, e.occurred_at, e.recorded_at, e.actor_official_id,
        ${actorList}::jsonb -> e.actor, e.data, e.private_data
      FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS e(
        jurisdiction_id text, application_id bigint, seq integer, type text, occurred_at timestamptz,
        recorded_at timestamptz, actor_official_id integer, actor integer, data jsonb, private_data jsonb)`.execute(trx),
  );
  const contentList = JSON.stringify(contents.values);
  await insertChunked(documents, (rows) =>
    sql`
      INSERT INTO document (application_id, event_seq, kind, filename, content_type, size_bytes, sha256, content, uploaded_at)
      SELECT d.application_id, d.event_seq, d.kind, d.filename, 'application/pdf', d.size_bytes, d.sha256,
        decode(${contentList}::jsonb ->> d.content, 'hex'), d.uploaded_at
      FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS d(
        application_id bigint, event_seq integer, kind text, filename text, size_bytes integer, sha256 text,
        content integer, uploaded_at timestamptz)`.execute(trx),
  );
}

/**
 * Writes the citizens who asked, the questions as the commands left them and the texts redactions replaced. Ids
 * are explicit, as everywhere in the seed, and their sequences are moved past them. Nothing goes to the outbox.
 */
export async function writeInquiries(trx: Transaction<DB>, planned: DemoInquiries): Promise<void> {
  const at = (t: number | null) => (t === null ? null : new Date(t));
  if (planned.citizens.length > 0) {
    await trx.insertInto('citizen').values(planned.citizens.map((c) => ({ id: c.id, email: c.email, created_at: new Date(c.createdAt) }))).execute();
  }
  if (planned.inquiries.length > 0) {
    await trx
      .insertInto('inquiry')
      .values(
        planned.inquiries.map((i) => ({
          id: i.id,
          application_id: i.applicationId,
          no: i.no,
          jurisdiction_id: i.jurisdictionId,
          unit_id: i.unitId,
          kind: i.kind,
          private: i.private,
          question: i.question,
          question_salt: i.questionSalt,
          asked_by: i.askedBy,
          citizen_id: i.citizenId,
          asker_email: i.askerEmail,
          asker_locale: i.askerLocale,
          opened_seq: i.openedSeq,
          opened_at: new Date(i.openedAt),
          due_at: new Date(i.dueAt),
          answer: i.answer,
          answer_salt: i.answerSalt,
          answered_at: at(i.answeredAt),
          answered_by: i.answeredBy,
          answered_seq: i.answeredSeq,
          escalated_at: at(i.escalatedAt),
          question_redaction_reason: i.questionRedactionReason,
        })),
      )
      .execute();
  }
  if (planned.redactions.length > 0) {
    await trx
      .insertInto('inquiry_redaction')
      .values(
        planned.redactions.map((r, k) => ({
          id: k + 1,
          inquiry_id: r.inquiryId,
          field: r.field,
          original: r.original,
          replacement: r.replacement,
          reason: r.reason,
          official_id: r.officialId,
          seq: r.seq,
          redacted_at: new Date(r.at),
        })),
      )
      .execute();
  }
  for (const [table, rows] of [['citizen', planned.citizens], ['inquiry', planned.inquiries], ['inquiry_redaction', planned.redactions]] as const) {
    if (rows.length > 0) await sql`SELECT setval(pg_get_serial_sequence(${table}, 'id'), ${rows.length})`.execute(trx);
  }
}

/** An event row for the bulk load: the actor snapshot is an index into the list of distinct snapshots. */
interface EventRow {
  jurisdiction_id: string;
  application_id: number;
  seq: number;
  type: string;
  occurred_at: string;
  recorded_at: string;
  actor_official_id: number | null;
  actor: number;
  data: Record<string, unknown>;
  private_data: Record<string, unknown>;
}

/** A document row for the bulk load: the content is an index into the list of distinct files (hex). */
interface DocumentRow {
  application_id: number;
  event_seq: number;
  kind: string;
  filename: string;
  size_bytes: number;
  sha256: string;
  content: number;
  uploaded_at: string;
}

/** Numbers distinct values by first appearance (by their JSON), so each is sent to the database once. */
class Interner {
  readonly values: unknown[] = [];
  private readonly byKey = new Map<string, number>();
  index(value: unknown): number {
    const key = typeof value === 'string' ? value : JSON.stringify(value);
    let i = this.byKey.get(key);
    if (i === undefined) {
      i = this.values.length;
      this.values.push(value);
      this.byKey.set(key, i);
    }
    return i;
  }
}

const documentCache = new Map<string, { bytes: Buffer; hex: string; sha256: string }>();

/** One small PDF per procedure and kind of document, shared by the applications that uploaded one. */
function demoDocument(procedureCode: string, name: string): { bytes: Buffer; hex: string; sha256: string } {
  const key = `${procedureCode}/${name}`;
  let file = documentCache.get(key);
  if (!file) {
    const bytes = demoPdf(['Daylight demo document', name, `Procedure: ${procedureCode}`, 'Haneul Metropolitan City is fictional; so is this file.']);
    file = { bytes, hex: bytes.toString('hex'), sha256: createHash('sha256').update(bytes).digest('hex') };
    documentCache.set(key, file);
  }
  return file;
}

/** Every table the demo writes. */
const TABLES = ['jurisdiction', 'unit', 'official', 'procedure', 'number_counter', 'application', 'application_private', 'event', 'document', 'service_rating', 'citizen', 'inquiry', 'inquiry_redaction'];

/**
 * Skips the per-row foreign-key checks for the rest of the transaction when that is safe: the rows are
 * consistent by construction (the seed tests check every reference), and on PGlite the checks cost about a
 * quarter of the load time. Needs superuser rights (PGlite's default), and is refused when any user trigger fires on
 * insert into our tables, because replica mode would silently skip that trigger too. Returns whether it did.
 */
export async function relaxForeignKeyChecks(trx: Transaction<DB>): Promise<boolean> {
  const { rows } = await sql<{ superuser: boolean; triggers: number }>`
    SELECT current_setting('is_superuser') = 'on' AS superuser,
      (SELECT count(*)::int FROM pg_trigger
        WHERE NOT tgisinternal AND (tgtype & 4) <> 0
          AND tgrelid IN (SELECT to_regclass(t) FROM unnest(${TABLES}::text[]) AS t)) AS triggers`.execute(trx);
  if (!rows[0]?.superuser || rows[0].triggers > 0) return false;
  await sql`SET LOCAL session_replication_role = replica`.execute(trx);
  return true;
}

/** Moves the id sequences past the explicit ids, so the next unit, official or application gets a fresh one. */
export async function advanceSequences(trx: Transaction<DB>): Promise<void> {
  for (const table of ['unit', 'official', 'procedure', 'application']) {
    await sql`SELECT setval(pg_get_serial_sequence(${table}, 'id'), (SELECT max(id) FROM ${sql.table(table)}))`.execute(trx);
  }
}

/**
 * Records the designated days on every demo jurisdiction's calendar as the administrator's commands would: the day,
 * one change per day in the calendar's history, and the calendar version they make. Days decided after `now` are left
 * for the future.
 */
export async function writeDesignatedDays(trx: Transaction<DB>, org: DemoOrganisation, now: number): Promise<void> {
  const admin = org.officials.find((o) => o.login === 'admin');
  const days = DEMO_DESIGNATED_DAYS.filter((d) => Date.parse(d.decided) <= now);
  if (!admin || !days.length) return;
  for (const j of JURISDICTIONS) {
    await trx
      .insertInto('calendar_closure')
      .values(days.map((d) => ({ jurisdiction_id: j.id, date: d.date, kind: 'designated' as const, reason_ko: d.name.ko, reason_en: d.name.en, created_by: admin.id, created_at: new Date(d.decided) })))
      .execute();
    await trx
      .insertInto('calendar_change')
      .values(days.map((d, i) => ({
        jurisdiction_id: j.id, version: i + 1, kind: 'day_added' as const, data: JSON.stringify({ date: d.date, kind: 'designated', name: d.name }),
        reason: d.reason, actor: JSON.stringify(admin.actor), recorded_at: new Date(d.decided),
      })))
      .execute();
    await trx.updateTable('jurisdiction').set({ calendar_version: days.length }).where('id', '=', j.id).execute();
  }
}

/** The demo's city, which offers its texts in every language. */
function isCity(jurisdictionCode: string): boolean {
  return jurisdictionCode === 'HN';
}
