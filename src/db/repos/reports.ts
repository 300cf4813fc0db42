import { randomBytes } from 'node:crypto';
import { sql, type Updateable } from 'kysely';
import type { Db, Tx } from '../types.js';
import type { ReportTable } from '../schema.js';

/** The reporting channel's SQL (migration 0020). Every byte of content passes through here already encrypted. */

export type KeyringPurpose = 'investigation' | 'custody' | 'head';

/** The deployment's salt for stretching receipts, made on first use. */
export async function receiptSalt(db: Db): Promise<Buffer> {
  const found = await db.selectFrom('report_secret').select('receipt_salt').executeTakeFirst();
  if (found) return found.receipt_salt;
  await db.insertInto('report_secret').values({ id: true, receipt_salt: randomBytes(16) }).onConflict((c) => c.column('id').doNothing()).execute();
  return (await db.selectFrom('report_secret').select('receipt_salt').executeTakeFirstOrThrow()).receipt_salt;
}

/** An official's key pair, the private half still under their password. */
export async function officialKey(db: Db, officialId: number) {
  return db.selectFrom('report_official_key').selectAll().where('official_id', '=', officialId).executeTakeFirst();
}

/** Stores (or replaces, after a password change) an official's key pair. */
export async function saveOfficialKey(db: Db, k: { officialId: number; publicKey: Buffer; kdfSalt: Buffer; sealedPrivateKey: Buffer }): Promise<void> {
  await db
    .insertInto('report_official_key')
    .values({ official_id: k.officialId, public_key: k.publicKey, kdf_salt: k.kdfSalt, sealed_private_key: k.sealedPrivateKey })
    .onConflict((c) => c.column('official_id').doUpdateSet({ public_key: k.publicKey, kdf_salt: k.kdfSalt, sealed_private_key: k.sealedPrivateKey }))
    .execute();
}

/** A jurisdiction's key ring's public key, if the ring exists. */
export async function keyringKey(db: Db, jurisdictionId: string, purpose: KeyringPurpose): Promise<Buffer | undefined> {
  const row = await db.selectFrom('report_keyring').select('public_key').where('jurisdiction_id', '=', jurisdictionId).where('purpose', '=', purpose).executeTakeFirst();
  return row?.public_key;
}

/** Creates a key ring; false when another request created it first. */
export async function createKeyring(db: Db, jurisdictionId: string, purpose: KeyringPurpose, publicKey: Buffer): Promise<boolean> {
  const r = await db
    .insertInto('report_keyring')
    .values({ jurisdiction_id: jurisdictionId, purpose, public_key: publicKey })
    .onConflict((c) => c.columns(['jurisdiction_id', 'purpose']).doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0) === 1;
}

/** A member's grant of a ring: the ring's private key wrapped for the member's public key. */
export async function keyringGrant(db: Db, jurisdictionId: string, purpose: KeyringPurpose, officialId: number) {
  return db
    .selectFrom('report_keyring_grant')
    .select(['member_public_key', 'wrapped_private_key'])
    .where('jurisdiction_id', '=', jurisdictionId)
    .where('purpose', '=', purpose)
    .where('official_id', '=', officialId)
    .executeTakeFirst();
}

/** Grants (or renews, for a new key pair) a ring to a member. */
export async function saveKeyringGrant(
  db: Db,
  g: { jurisdictionId: string; purpose: KeyringPurpose; officialId: number; memberPublicKey: Buffer; wrapped: Buffer; grantedBy: number },
): Promise<void> {
  await db
    .insertInto('report_keyring_grant')
    .values({ jurisdiction_id: g.jurisdictionId, purpose: g.purpose, official_id: g.officialId, member_public_key: g.memberPublicKey, wrapped_private_key: g.wrapped, granted_by: g.grantedBy })
    .onConflict((c) => c.columns(['jurisdiction_id', 'purpose', 'official_id']).doUpdateSet({ member_public_key: g.memberPublicKey, wrapped_private_key: g.wrapped, granted_by: g.grantedBy }))
    .execute();
}

/**
 * Active officials of a jurisdiction holding `role` who have a key pair but no grant of the ring for it (new members,
 * or members whose key pair was replaced after an administrator reset their password). At most 200 at a time.
 */
export async function membersAwaitingGrant(db: Db, jurisdictionId: string, purpose: KeyringPurpose, role: string) {
  return db
    .selectFrom('official as o')
    .innerJoin('report_official_key as k', 'k.official_id', 'o.id')
    .leftJoin('report_keyring_grant as g', (j) =>
      j.onRef('g.official_id', '=', 'o.id').on('g.jurisdiction_id', '=', jurisdictionId).on('g.purpose', '=', purpose))
    .select(['o.id', 'k.public_key'])
    .where('o.jurisdiction_id', '=', jurisdictionId)
    .where('o.active', '=', true)
    .where(sql<boolean>`${role} = ANY(o.roles)`)
    .where(sql<boolean>`(g.official_id IS NULL OR g.member_public_key <> k.public_key)`)
    .orderBy('o.id')
    .limit(200)
    .execute();
}

/** Keeps a member's private key for one office session, sealed with the session's token. */
export async function saveUnlock(db: Db, sessionId: string, sealed: string): Promise<void> {
  await db.insertInto('report_unlock').values({ session_id: sessionId, sealed_private_key: sealed })
    .onConflict((c) => c.column('session_id').doUpdateSet({ sealed_private_key: sealed })).execute();
}

/** The sealed private key kept for a session, if it was unlocked. */
export async function unlockOf(db: Db, sessionId: string): Promise<string | undefined> {
  return (await db.selectFrom('report_unlock').select('sealed_private_key').where('session_id', '=', sessionId).executeTakeFirst())?.sealed_private_key;
}

/** Forgets every session unlock of an official (their key pair changed). */
export async function forgetUnlocks(db: Db, officialId: number): Promise<void> {
  await db.deleteFrom('report_unlock').where('session_id', 'in', db.selectFrom('session').select('id').where('official_id', '=', officialId)).execute();
}

export type NewReport = Pick<ReportTable, 'jurisdiction_id' | 'category' | 'disclosure' | 'receipt_lookup' | 'submission_key'> & { received_at: Date; recipient: 'investigators' | 'head' };

/** Inserts a report's row (its encrypted parts follow in `sealReport`, in the same transaction); null when the form was already sent. */
export async function insertReport(trx: Tx, r: NewReport): Promise<number | null> {
  const row = await trx.insertInto('report').values(r).onConflict((c) => c.column('submission_key').doNothing()).returning('id').executeTakeFirst();
  return row?.id ?? null;
}

/** Stores a new report's wrapped keys and encrypted content and identity. */
export async function sealReport(
  trx: Tx,
  id: number,
  s: { keyForReceipt: Buffer; keyForInvestigators: Buffer; content: Buffer; identity: Buffer | null; identityKeyForCustody: Buffer | null },
): Promise<void> {
  await trx
    .updateTable('report')
    .set({ key_for_receipt: s.keyForReceipt, key_for_investigators: s.keyForInvestigators, content: s.content, identity: s.identity, identity_key_for_custody: s.identityKeyForCustody })
    .where('id', '=', id)
    .execute();
}

/** Adds a message or note, returning its id. */
export async function insertReportMessage(
  trx: Tx,
  m: { reportId: number; author: 'reporter' | 'investigator'; officialId: number | null; kind: 'message' | 'note'; body: Buffer; at: Date },
): Promise<number> {
  const row = await trx
    .insertInto('report_message')
    .values({ report_id: m.reportId, author: m.author, official_id: m.officialId, kind: m.kind, body: m.body, created_at: m.at })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Adds an encrypted file to a report (or to one of its messages). */
export async function insertReportFile(trx: Tx, f: { reportId: number; messageId: number | null; meta: Buffer; body: Buffer; size: number; at: Date }): Promise<void> {
  await trx.insertInto('report_file').values({ report_id: f.reportId, message_id: f.messageId, meta: f.meta, body: f.body, size: f.size, created_at: f.at }).execute();
}

const REPORT_COLUMNS = [
  'id', 'jurisdiction_id', 'category', 'disclosure', 'recipient', 'status', 'received_at', 'acknowledged_at', 'closed_at', 'outcome', 'extended_months', 'priority',
  'assigned_to', 'labels', 'key_for_receipt', 'key_for_investigators', 'content', 'identity', 'identity_key_for_custody', 'purged_at', 'referred_at',
] as const;

/** The report a receipt opens, found by the key derived from it. */
export async function reportByLookup(db: Db, lookup: Buffer) {
  return db.selectFrom('report').select(REPORT_COLUMNS).where('receipt_lookup', '=', lookup).executeTakeFirst();
}

/** A report by id, for the office. */
export async function reportById(db: Db, id: number) {
  return db.selectFrom('report').select(REPORT_COLUMNS).where('id', '=', id).executeTakeFirst();
}

/** Locks a report for a change and returns it. */
export async function lockReport(trx: Tx, id: number) {
  return trx.selectFrom('report').select(REPORT_COLUMNS).where('id', '=', id).forUpdate().executeTakeFirst();
}

/** The workflow columns a command may change. */
export type ReportPatch = Pick<Updateable<ReportTable>, 'status' | 'priority' | 'labels' | 'outcome' | 'extended_months' | 'assigned_to' | 'acknowledged_at' | 'closed_at' | 'referred_at'>;

/** Changes a report's workflow columns. */
export async function updateReport(
  trx: Tx,
  id: number,
  patch: ReportPatch,
): Promise<void> {
  await trx.updateTable('report').set(patch).where('id', '=', id).execute();
}

/** A jurisdiction's reports to `recipients` for their queue: open first, then the latest closed; at most `limit`. */
export async function reportQueue(db: Db, jurisdictionId: string, recipients: ('investigators' | 'head')[], limit = 500) {
  if (!recipients.length) return [];
  return db
    .selectFrom('report as r')
    .leftJoin('official as o', 'o.id', 'r.assigned_to')
    .select(['r.id', 'r.category', 'r.disclosure', 'r.recipient', 'r.status', 'r.received_at', 'r.acknowledged_at', 'r.closed_at', 'r.outcome', 'r.extended_months', 'r.priority', 'r.labels', 'r.referred_at', 'r.assigned_to', 'o.name_ko as assignee_ko', 'o.name_en as assignee_en'])
    .where('r.jurisdiction_id', '=', jurisdictionId)
    .where('r.recipient', 'in', recipients)
    .orderBy(sql`r.status = 'closed'`)
    .orderBy('r.received_at', 'desc')
    .limit(limit)
    .execute();
}

/** A report's messages (with the investigators' notes when `withNotes`), oldest first; at most 500. */
export async function reportMessages(db: Db, reportId: number, withNotes: boolean) {
  let q = db
    .selectFrom('report_message as m')
    .leftJoin('official as o', 'o.id', 'm.official_id')
    .select(['m.id', 'm.author', 'm.kind', 'm.body', 'm.created_at', 'o.name_ko', 'o.name_en'])
    .where('m.report_id', '=', reportId);
  if (!withNotes) q = q.where('m.kind', '=', 'message');
  return q.orderBy('m.id').limit(500).execute();
}

/** A report's files without their bytes; at most 200. */
export async function reportFiles(db: Db, reportId: number) {
  return db.selectFrom('report_file').select(['id', 'message_id', 'meta', 'size', 'created_at']).where('report_id', '=', reportId).orderBy('id').limit(200).execute();
}

/** One file of a report, with its bytes. */
export async function reportFile(db: Db, reportId: number, fileId: number) {
  return db.selectFrom('report_file').select(['id', 'meta', 'body', 'message_id']).where('report_id', '=', reportId).where('id', '=', fileId).executeTakeFirst();
}

/** Records one staff access to a report. */
export async function recordReportAccess(db: Db, reportId: number, officialId: number, action: string): Promise<void> {
  await db.insertInto('report_access').values({ report_id: reportId, official_id: officialId, action }).execute();
}

/** Staff accesses to a jurisdiction's reports, newest first; at most `limit`. */
export async function reportAccesses(db: Db, jurisdictionId: string, limit = 500) {
  return db
    .selectFrom('report_access as a')
    .innerJoin('report as r', 'r.id', 'a.report_id')
    .innerJoin('official as o', 'o.id', 'a.official_id')
    .select(['a.report_id', 'a.action', 'a.at', 'o.login', 'o.name_ko', 'o.name_en'])
    .where('r.jurisdiction_id', '=', jurisdictionId)
    .orderBy('a.id', 'desc')
    .limit(limit)
    .execute();
}

/** Accesses to one report, newest first; at most 200. */
export async function accessesOfReport(db: Db, reportId: number) {
  return db
    .selectFrom('report_access as a')
    .innerJoin('official as o', 'o.id', 'a.official_id')
    .select(['a.action', 'a.at', 'o.name_ko', 'o.name_en'])
    .where('a.report_id', '=', reportId)
    .orderBy('a.id', 'desc')
    .limit(200)
    .execute();
}

/** Opens a request to see a reporter's identity; false when the same official already has one pending. */
export async function insertIdentityRequest(trx: Tx, r: { reportId: number; officialId: number; motivation: string; at: Date }): Promise<boolean> {
  const row = await trx
    .insertInto('report_identity_request')
    .values({ report_id: r.reportId, requested_by: r.officialId, motivation: r.motivation, requested_at: r.at })
    .onConflict((c) => c.columns(['report_id', 'requested_by']).where('decision', 'is', null).doNothing())
    .returning('id')
    .executeTakeFirst();
  return Boolean(row);
}

/** A report's identity requests, newest first. */
export async function identityRequestsOf(db: Db, reportId: number) {
  return db
    .selectFrom('report_identity_request as q')
    .innerJoin('official as o', 'o.id', 'q.requested_by')
    .leftJoin('official as d', 'd.id', 'q.decided_by')
    .select(['q.id', 'q.requested_by', 'q.motivation', 'q.requested_at', 'q.decision', 'q.decision_motivation', 'q.decided_at', 'q.identity_key_for_requester',
      'o.name_ko', 'o.name_en', 'd.name_ko as decider_ko', 'd.name_en as decider_en'])
    .where('q.report_id', '=', reportId)
    .orderBy('q.id', 'desc')
    .limit(50)
    .execute();
}

/** Identity requests of a jurisdiction's reports: pending first, then the latest decided; at most 200. */
export async function identityRequestsFor(db: Db, jurisdictionId: string) {
  return db
    .selectFrom('report_identity_request as q')
    .innerJoin('report as r', 'r.id', 'q.report_id')
    .innerJoin('official as o', 'o.id', 'q.requested_by')
    .select(['q.id', 'q.report_id', 'q.motivation', 'q.requested_at', 'q.decision', 'q.decision_motivation', 'q.decided_at', 'r.category', 'o.name_ko', 'o.name_en'])
    .where('r.jurisdiction_id', '=', jurisdictionId)
    .orderBy(sql`q.decision IS NOT NULL`)
    .orderBy('q.id', 'desc')
    .limit(200)
    .execute();
}

/** Locks an undecided identity request with its report's jurisdiction and wrapped identity key. */
export async function lockPendingIdentityRequest(trx: Tx, requestId: number) {
  return trx
    .selectFrom('report_identity_request as q')
    .innerJoin('report as r', 'r.id', 'q.report_id')
    .innerJoin('report_official_key as k', 'k.official_id', 'q.requested_by')
    .select(['q.id', 'q.report_id', 'q.requested_by', 'r.jurisdiction_id', 'r.identity_key_for_custody', 'k.public_key as requester_key'])
    .where('q.id', '=', requestId)
    .where('q.decision', 'is', null)
    .forUpdate('q')
    .executeTakeFirst();
}

/** Records a custodian's decision. */
export async function decideIdentityRequest(
  trx: Tx,
  d: { requestId: number; decision: 'approved' | 'refused'; officialId: number; motivation: string; at: Date; wrappedKey: Buffer | null },
): Promise<void> {
  await trx
    .updateTable('report_identity_request')
    .set({ decision: d.decision, decided_by: d.officialId, decision_motivation: d.motivation, decided_at: d.at, identity_key_for_requester: d.wrappedKey })
    .where('id', '=', d.requestId)
    .execute();
}

/** What the public figures count, for every report of a jurisdiction (or every jurisdiction): no text, no identity. */
export async function reportFacts(db: Db, jurisdictionId?: string) {
  let q = db.selectFrom('report').select(['category', 'received_at', 'acknowledged_at', 'closed_at', 'outcome', 'extended_months', 'referred_at']);
  if (jurisdictionId) q = q.where('jurisdiction_id', '=', jurisdictionId);
  return q.execute();
}

/**
 * Deletes the content of reports closed before `cutoff`: keys, text, identity, messages and files; the row keeps
 * its dates, category and outcome for the figures. Returns how many reports were emptied; at most `batch` a call.
 */
export async function purgeReportsClosedBefore(trx: Tx, cutoff: Date, now: Date, batch = 500): Promise<number> {
  const ids = (await trx.selectFrom('report').select('id').where('closed_at', '<', cutoff).where('purged_at', 'is', null).orderBy('id').limit(batch).forUpdate().execute()).map((r) => r.id);
  if (!ids.length) return 0;
  await trx.deleteFrom('report_file').where('report_id', 'in', ids).execute();
  await trx.deleteFrom('report_message').where('report_id', 'in', ids).execute();
  await trx
    .updateTable('report')
    .set({ content: null, identity: null, identity_key_for_custody: null, key_for_receipt: null, key_for_investigators: null, purged_at: now })
    .where('id', 'in', ids)
    .execute();
  await trx.updateTable('report_identity_request').set({ identity_key_for_requester: null }).where('report_id', 'in', ids).where('decision', '=', 'refused').execute();
  await trx.updateTable('report_referral').set({ detail: null }).where('report_id', 'in', ids).execute();
  return ids.length;
}

/** Jurisdictions with whether their channel is open (investigators' ring) and takes confidential reports (custodians' ring). */
export async function reportChannels(db: Db) {
  return db
    .selectFrom('jurisdiction as j')
    .leftJoin('report_keyring as i', (k) => k.onRef('i.jurisdiction_id', '=', 'j.id').on('i.purpose', '=', 'investigation'))
    .leftJoin('report_keyring as c', (k) => k.onRef('c.jurisdiction_id', '=', 'j.id').on('c.purpose', '=', 'custody'))
    .leftJoin('report_keyring as h', (k) => k.onRef('h.jurisdiction_id', '=', 'j.id').on('h.purpose', '=', 'head'))
    .select(['j.id', 'j.name_ko', 'j.name_en', 'j.time_zone', sql<boolean>`i.jurisdiction_id IS NOT NULL`.as('open'), sql<boolean>`c.jurisdiction_id IS NOT NULL`.as('custody'),
      sql<boolean>`h.jurisdiction_id IS NOT NULL`.as('head')])
    .orderBy('j.id')
    .execute();
}

/**
 * The members of a jurisdiction's key ring who can open its reports: active officials who still hold the ring's role
 * and whose grant is wrapped for their current key pair. At most 200.
 */
export async function ringMembers(db: Db, jurisdictionId: string, purpose: KeyringPurpose, role: string) {
  return db
    .selectFrom('report_keyring_grant as g')
    .innerJoin('official as o', 'o.id', 'g.official_id')
    .innerJoin('report_official_key as k', (j) => j.onRef('k.official_id', '=', 'g.official_id').onRef('k.public_key', '=', 'g.member_public_key'))
    .select(['o.id', 'o.name_ko', 'o.name_en', 'o.login'])
    .where('g.jurisdiction_id', '=', jurisdictionId)
    .where('g.purpose', '=', purpose)
    .where('o.jurisdiction_id', '=', jurisdictionId)
    .where('o.active', '=', true)
    .where(sql<boolean>`${role} = ANY(o.roles)`)
    .orderBy('o.name_en')
    .limit(200)
    .execute();
}

/** Records who was given a report, by whom. */
export async function insertAssignment(trx: Tx, a: { reportId: number; assignedTo: number | null; assignedBy: number; at: Date }): Promise<void> {
  await trx.insertInto('report_assignment').values({ report_id: a.reportId, assigned_to: a.assignedTo, assigned_by: a.assignedBy, at: a.at }).execute();
}

/** A report's assignments, oldest first; at most 200. */
export async function assignmentsOf(db: Db, reportId: number) {
  return db
    .selectFrom('report_assignment as a')
    .leftJoin('official as t', 't.id', 'a.assigned_to')
    .innerJoin('official as b', 'b.id', 'a.assigned_by')
    .select(['a.id', 'a.at', 'a.assigned_to', 't.name_ko as to_ko', 't.name_en as to_en', 'b.name_ko as by_ko', 'b.name_en as by_en'])
    .where('a.report_id', '=', reportId)
    .orderBy('a.id')
    .limit(200)
    .execute();
}

/** Records a referral to another body (its name and reason already encrypted in `detail`). */
export async function insertReferral(trx: Tx, r: { reportId: number; body: string; referredOn: string; detail: Buffer; recordedBy: number; at: Date }): Promise<void> {
  await trx
    .insertInto('report_referral')
    .values({ report_id: r.reportId, body: r.body, referred_on: r.referredOn, detail: r.detail, recorded_by: r.recordedBy, recorded_at: r.at })
    .execute();
}

/** A report's referrals, oldest first, the day as `YYYY-MM-DD`; at most 50. */
export async function referralsOf(db: Db, reportId: number) {
  return db
    .selectFrom('report_referral as r')
    .innerJoin('official as o', 'o.id', 'r.recorded_by')
    .select(['r.id', 'r.body', sql<string>`to_char(r.referred_on, 'YYYY-MM-DD')`.as('referred_on'), 'r.detail', 'r.recorded_at', 'o.name_ko', 'o.name_en'])
    .where('r.report_id', '=', reportId)
    .orderBy('r.id')
    .limit(50)
    .execute();
}

/** Records a finding against a department under its opaque reference. */
export async function insertFinding(trx: Tx, f: { reportId: number; reference: string; unitId: number; at: Date }): Promise<void> {
  await trx.insertInto('report_finding').values({ report_id: f.reportId, reference: f.reference, unit_id: f.unitId, found_at: f.at }).execute();
}

/** A report's finding, with its department, if one was recorded. */
export async function findingOf(db: Db, reportId: number) {
  return db
    .selectFrom('report_finding as f')
    .innerJoin('unit as u', 'u.id', 'f.unit_id')
    .select(['f.reference', 'u.code', 'u.name_ko', 'u.name_en', 'f.severity', 'f.deducted_at'])
    .where('f.report_id', '=', reportId)
    .executeTakeFirst();
}

/**
 * A jurisdiction's findings as auditors see them: the opaque reference, department, category, outcome, when it was
 * found, and the deduction made of it; never the report's number. Newest first; at most 200.
 */
export async function findingsOfJurisdiction(db: Db, jurisdictionId: string) {
  return db
    .selectFrom('report_finding as f')
    .innerJoin('report as r', 'r.id', 'f.report_id')
    .innerJoin('unit as u', 'u.id', 'f.unit_id')
    .leftJoin('integrity_assessment as s', 's.id', 'f.assessment_id')
    .select(['f.reference', 'u.code as unit', 'u.name_ko', 'u.name_en', 'r.category', 'r.outcome', 'f.found_at', 'f.severity', 's.year', 's.points'])
    .where('r.jurisdiction_id', '=', jurisdictionId)
    .orderBy('f.found_at', 'desc')
    .limit(200)
    .execute();
}

/** Locks a jurisdiction's finding by its reference, for a deduction. */
export async function lockFinding(trx: Tx, jurisdictionId: string, reference: string) {
  return trx
    .selectFrom('report_finding as f')
    .innerJoin('report as r', 'r.id', 'f.report_id')
    .select(['f.report_id', 'f.reference', 'f.unit_id', 'f.assessment_id'])
    .where('r.jurisdiction_id', '=', jurisdictionId)
    .where('f.reference', '=', reference)
    .forUpdate('f')
    .executeTakeFirst();
}

/** Marks a finding as turned into a deduction. */
export async function markFindingDeducted(trx: Tx, d: { reportId: number; severity: 'minor' | 'serious' | 'grave'; assessmentId: string; officialId: number; at: Date }): Promise<void> {
  await trx
    .updateTable('report_finding')
    .set({ severity: d.severity, assessment_id: d.assessmentId, deducted_by: d.officialId, deducted_at: d.at })
    .where('report_id', '=', d.reportId)
    .execute();
}

/** A jurisdiction's time zone, in which a report's calendar-day deadlines end; UTC for an unknown one. */
export async function reportZone(db: Db, jurisdictionId: string): Promise<string> {
  return (await db.selectFrom('jurisdiction').select('time_zone').where('id', '=', jurisdictionId).executeTakeFirst())?.time_zone ?? 'UTC';
}
