import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';
import type { Locale, ProcedureDocument, ProcedureField, ProcedureStage, StageState } from '../domain/types.js';
import type { PublicActor } from '../domain/events.js';
import type { DeclarationCategoryRule, DeclarationRules } from '../domain/declarationRules.js';

/** Kysely table types; the SQL itself is in `migrations/` and summarised in `schema.sql`. */
type Timestamp = ColumnType<Date, Date | string, Date | string>;
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type Json<T> = ColumnType<T, string, string>;

export interface JurisdictionTable {
  id: string;
  code: string;
  name_ko: string;
  name_en: string;
  time_zone: Generated<string>;
  show_official_names: Generated<boolean>;
  /** ISO 3166-1 alpha-2 country whose public holidays the calendar takes (`KR`). */
  country: Generated<string>;
  /** Bumped whenever the jurisdiction's calendar changes (days, settings, time zone); cached calendars key on it. */
  calendar_version: Generated<number>;
  /** Weekend days, ISO weekdays (1 Monday … 7 Sunday). */
  weekend: ColumnType<number[], number[] | undefined, number[]>;
  /** ISO 3166-2 subdivision (the part after the hyphen, `BY`) whose regional holidays apply; null for none. */
  holiday_region: ColumnType<string | null, string | null | undefined, string | null>;
  /** Office hours for periods counted in working hours: `{ start, end, breaks }`, local `HH:mm`. */
  office_hours: ColumnType<OfficeHours, string | undefined, string>;
  /** Working days the responsible unit has to answer a question (default 7). */
  inquiry_response_days: Generated<number>;
  /** Whether roles that see no personal data need a second factor ('required') or may sign in without ('optional'). */
  second_factor_others: Generated<'required' | 'optional'>;
  /** The language the jurisdiction's texts are written in first; shown, marked, where a translation is missing. */
  main_locale: ColumnType<Locale, Locale | undefined, Locale>;
  /** The languages the jurisdiction offers its texts in, the main one among them. */
  offered_locales: ColumnType<Locale[], Locale[] | undefined, Locale[]>;
  /** The name in languages beyond Korean and English (`name_ko`, `name_en`). */
  names: ColumnType<OtherLanguages, string | undefined, string>;
  /** Officials of this grade or more senior file a yearly declaration of assets and interests (0: nobody). */
  declaration_filing_grade: Generated<number>;
  /** Officials of this grade or more senior have their declarations' bands published (0: nobody). */
  declaration_public_grade: Generated<number>;
  /** The month by whose end the yearly declaration is due (2: February, as Korea's Public Service Ethics Act). */
  declaration_due_month: Generated<number>;
  /** Whether the jurisdiction requires yearly declarations at all. */
  declaration_required: Generated<boolean>;
  /** The day of the due month by whose end a declaration is due; null for the month's last day. */
  declaration_due_day: number | null;
  /** The categories offered with their thresholds (`domain/declarationRules`); null for the defaults. */
  declaration_categories: ColumnType<DeclarationCategoryRule[] | null, string | null | undefined, string | null>;
  /** The public register's band bounds (KRW, ascending); null for the defaults. */
  declaration_bands: ColumnType<number[] | null, string | null | undefined, string | null>;
  created_at: CreatedAt;
}

/** Texts in the languages beyond Korean and English, by locale (`{ "fr": "…" }`). */
export type OtherLanguages = Partial<Record<Exclude<Locale, 'ko' | 'en'>, string>>;

/** A procedure version's name, purpose and legal basis beyond Korean and English. */
export interface ProcedureTexts {
  name?: OtherLanguages;
  purpose?: OtherLanguages;
  legal_basis?: OtherLanguages;
}

/** Office hours on a working day, local `HH:mm`; breaks are not working time. */
export interface OfficeHours {
  start: string;
  end: string;
  breaks: { start: string; end: string }[];
}

/**
 * A day an administrator recorded on a jurisdiction's calendar: a holiday the government designated, an office
 * closure, or a day declared open (`working`) although the weekend or the holiday rules close it.
 */
export interface CalendarClosureTable {
  id: Generated<number>;
  jurisdiction_id: string;
  /** Local date `YYYY-MM-DD`. */
  date: string;
  kind: 'designated' | 'closure' | 'working';
  reason_ko: string;
  reason_en: string;
  created_by: number | null;
  created_at: CreatedAt;
}

export type CalendarChangeKind = 'day_added' | 'day_removed' | 'day_opened' | 'imported' | 'settings_changed' | 'time_zone_changed';

/** One change to a jurisdiction's calendar, in its public history; append-only. */
export interface CalendarChangeTable {
  id: Generated<string>;
  jurisdiction_id: string;
  /** The calendar version the change produced. */
  version: number;
  kind: CalendarChangeKind;
  /** What changed (dates, names, settings before and after); never personal data. */
  data: Json<Record<string, unknown>>;
  reason: string;
  /** Who made the change, as the public sees an official; null for a change recorded by the database itself. */
  actor: ColumnType<PublicActor | null, string | null | undefined, never>;
  recorded_at: CreatedAt;
}

export interface UnitTable {
  id: Generated<number>;
  jurisdiction_id: string;
  code: string;
  name_ko: string;
  name_en: string;
  phone: string | null;
  email: string | null;
  /** The name in languages beyond Korean and English. */
  names: ColumnType<OtherLanguages, string | undefined, string>;
  created_at: CreatedAt;
}

export interface OfficialTable {
  id: Generated<number>;
  jurisdiction_id: string;
  unit_id: number;
  login: string;
  password_hash: string;
  name_ko: string;
  name_en: string;
  title_ko: string;
  title_en: string;
  /** The name in languages beyond Korean and English (`{"ru": "…"}`). */
  names: ColumnType<OtherLanguages, string | undefined, string>;
  /** The title in languages beyond Korean and English. */
  titles: ColumnType<OtherLanguages, string | undefined, string>;
  roles: string[];
  active: Generated<boolean>;
  /** The TOTP secret, AES-256-GCM encrypted with a key derived from SIGN_IN_SECRET; null until enrolled. */
  totp_secret: string | null;
  totp_enrolled_at: Timestamp | null;
  /** The last accepted TOTP time step: codes of this step or earlier are refused as replays. */
  totp_last_step: ColumnType<string | null, number | string | null, number | string | null>;
  password_changed_at: Timestamp | null;
  /** Civil-service grade, 1 most senior … 9; decides the yearly declaration of assets. Null outside the grades. */
  grade: ColumnType<number | null, number | null | undefined, number | null>;
  created_at: CreatedAt;
}

/** One single-use recovery code of an official, as a keyed hash; regenerating replaces them all. */
export interface OfficialRecoveryCodeTable {
  official_id: number;
  code_hash: string;
  created_at: CreatedAt;
  used_at: Timestamp | null;
}

/** Failed sign-ins counted per login or per (login, address), keyed by HMAC: neither is stored in clear. */
export interface SignInThrottleTable {
  key: string;
  failures: number;
  first_failure_at: Timestamp;
  last_failure_at: Timestamp;
  wait_until: Timestamp | null;
}

export interface ApiKeyTable {
  id: Generated<number>;
  unit_id: number;
  label: string;
  prefix: string;
  key_hash: string;
  created_by: number | null;
  created_at: CreatedAt;
  revoked_at: Timestamp | null;
}

export interface ProcedureTable {
  id: Generated<number>;
  jurisdiction_id: string;
  code: string;
  version: number;
  is_current: boolean;
  category: string;
  unit_id: number;
  name_ko: string;
  name_en: string;
  purpose_ko: string;
  purpose_en: string;
  legal_basis_ko: string;
  legal_basis_en: string;
  fee_krw: number;
  statutory_days: number;
  documents: Json<ProcedureDocument[]>;
  fields: Json<ProcedureField[]>;
  stages: Json<ProcedureStage[]>;
  /** Name, purpose and legal basis beyond Korean and English. */
  texts: ColumnType<ProcedureTexts, string | undefined, string>;
  created_at: CreatedAt;
  created_by: number | null;
}

export interface NumberCounterTable {
  jurisdiction_id: string;
  year: number;
  last: number;
}

export interface ApplicationTable {
  id: Generated<number>;
  jurisdiction_id: string;
  number: string;
  procedure_id: number;
  procedure_code: string;
  unit_id: number;
  title: string;
  address: string;
  parcel_id: string | null;
  lat: number | null;
  lng: number | null;
  channel: string;
  status: string;
  received_at: Timestamp;
  closed_at: Timestamp | null;
  assigned_official_id: number | null;
  active_unit_ids: ColumnType<number[], number[] | undefined, number[]>;
  stages: Json<StageState[]>;
  last_seq: number;
  access_code_hash: string;
  search_text: ColumnType<string, never, never>;
  transfer_count: Generated<number>;
  escalated_at: Timestamp | null;
  next_due_at: Timestamp | null;
  overdue_since: Timestamp | null;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface ApplicationPrivateTable {
  application_id: number;
  applicant_name: string;
  applicant_email: string | null;
  applicant_phone: string | null;
  fields: Json<Record<string, string>>;
  /** The language the applicant filed in; e-mails about the case use it. */
  locale: ColumnType<string, string | undefined, string>;
  /** When the applicant stopped e-mails about the case. */
  unsubscribed_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

export interface EventTable {
  id: Generated<number>;
  jurisdiction_id: string;
  application_id: number;
  seq: number;
  type: string;
  occurred_at: Timestamp;
  recorded_at: Timestamp;
  actor_official_id: number | null;
  actor: Json<PublicActor | null>;
  data: Json<Record<string, unknown>>;
  private_data: ColumnType<Record<string, unknown>, string | undefined, never>;
  log_index: number | null;
}

/** What the public learns about who acted, frozen at the time of the act so the published event never changes. */
export type { PublicActor } from '../domain/events.js';

export interface DocumentTable {
  id: Generated<number>;
  application_id: number;
  event_seq: number;
  kind: string;
  filename: string;
  content_type: string;
  size_bytes: number;
  sha256: string;
  content: Buffer;
  uploaded_at: CreatedAt;
}

export interface SessionTable {
  id: string;
  official_id: number | null;
  application_id: number | null;
  citizen_id: number | null;
  created_at: CreatedAt;
  /** The absolute end of the session. */
  expires_at: Timestamp;
  /** Last request, refreshed at most once a minute; office sessions end SESSION_IDLE_MINUTES after it. */
  last_seen_at: Generated<Date>;
  /** A coarse description of the browser (e.g. "Firefox on Windows"), never the raw user agent. */
  device: string | null;
  /** An office sign-in still waiting for its second factor or for enrolment; such a session opens no office page. */
  pending: 'second_factor' | 'enrolment' | null;
  /** The candidate TOTP secret shown during enrolment, encrypted like `official.totp_secret`. */
  enrolment_secret: string | null;
}

/** A citizen who signs in by e-mail link; one per address, compared case-insensitively. */
export interface CitizenTable {
  id: Generated<number>;
  email: string;
  created_at: CreatedAt;
}

/** A sign-in link: the SHA-256 of its random token, single-use (`used_at`) and short-lived. */
export interface CitizenLoginTable {
  token_hash: string;
  email: string;
  created_at: CreatedAt;
  expires_at: Timestamp;
  used_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

/** A question or objection (ADR 0005): texts and the asker's identity live here; events carry commitments only. */
export interface InquiryTable {
  id: Generated<number>;
  application_id: number;
  /** 1, 2, ... within the application; the public name of the question. */
  no: number;
  jurisdiction_id: string;
  unit_id: number;
  kind: 'question' | 'objection';
  private: boolean;
  question: string;
  question_salt: string;
  asked_by: 'applicant' | 'citizen';
  citizen_id: number | null;
  asker_email: string | null;
  asker_locale: string;
  opened_seq: number;
  opened_at: Timestamp;
  due_at: Timestamp;
  answer: string | null;
  answer_salt: string | null;
  answered_at: Timestamp | null;
  answered_by: number | null;
  answered_seq: number | null;
  escalated_at: Timestamp | null;
  question_redaction_reason: ColumnType<string | null, string | null | undefined, string | null>;
  answer_redaction_reason: ColumnType<string | null, string | null | undefined, string | null>;
}

/** A redaction of a published text: what it replaced (for auditors only), why, by whom, at which event. */
export interface InquiryRedactionTable {
  id: Generated<number>;
  inquiry_id: number;
  field: 'question' | 'answer';
  original: string;
  replacement: string;
  reason: string;
  official_id: number;
  seq: number;
  redacted_at: Timestamp;
}

/** A counter-filed application a citizen linked with its number and access code. */
export interface CitizenApplicationTable {
  citizen_id: number;
  application_id: number;
  linked_at: CreatedAt;
}

export interface LogSequenceTable {
  id: Generated<boolean>;
  next_index: number;
}

/** A C2SP tile at the latest integrated tree size: `width` hashes of 32 bytes (ADR 0002). */
export interface LogTileTable {
  level: number;
  tile_index: number;
  width: number;
  hashes: Buffer;
}

/** A signed checkpoint, as served at `/log/checkpoint`, with the verifier key that signed it. */
export interface LogCheckpointTable {
  id: Generated<number>;
  size: number;
  root_hash: Buffer;
  note: string;
  verifier_key: string;
  created_at: CreatedAt;
}

export interface DB {
  log_sequence: LogSequenceTable;
  log_tile: LogTileTable;
  log_checkpoint: LogCheckpointTable;
  jurisdiction: JurisdictionTable;
  calendar_closure: CalendarClosureTable;
  calendar_change: CalendarChangeTable;
  unit: UnitTable;
  official: OfficialTable;
  official_recovery_code: OfficialRecoveryCodeTable;
  sign_in_throttle: SignInThrottleTable;
  api_key: ApiKeyTable;
  procedure: ProcedureTable;
  number_counter: NumberCounterTable;
  application: ApplicationTable;
  application_private: ApplicationPrivateTable;
  event: EventTable;
  document: DocumentTable;
  session: SessionTable;
  outbox: OutboxTable;
  site_secret: SiteSecretTable;
  citizen: CitizenTable;
  citizen_login: CitizenLoginTable;
  citizen_application: CitizenApplicationTable;
  inquiry: InquiryTable;
  inquiry_redaction: InquiryRedactionTable;
  follow: FollowTable;
  alert: AlertTable;
  alert_cursor: AlertCursorTable;
  case_outcome: CaseOutcomeTable;
  service_rating: ServiceRatingTable;
  integrity_year: IntegrityYearTable;
  integrity_sampling: IntegritySamplingTable;
  integrity_invitation: IntegrityInvitationTable;
  integrity_ballot: IntegrityAnswerTable;
  integrity_answer: IntegrityAnswerTable;
  integrity_participation: IntegrityParticipationTable;
  integrity_assessment: IntegrityAssessmentTable;
  idempotent_request: IdempotentRequestTable;
  handoff: HandoffTable;
  application_draft: ApplicationDraftTable;
  application_draft_document: ApplicationDraftDocumentTable;
  personal_data_access: PersonalDataAccessTable;
  report_official_key: ReportOfficialKeyTable;
  report_keyring: ReportKeyringTable;
  report_keyring_grant: ReportKeyringGrantTable;
  report_unlock: ReportUnlockTable;
  report_secret: ReportSecretTable;
  report: ReportTable;
  report_message: ReportMessageTable;
  report_file: ReportFileTable;
  report_access: ReportAccessTable;
  report_identity_request: ReportIdentityRequestTable;
  report_assignment: ReportAssignmentTable;
  report_referral: ReportReferralTable;
  report_finding: ReportFindingTable;
  conflict_declaration: ConflictDeclarationTable;
  application_party: ApplicationPartyTable;
  assignment_rotation: AssignmentRotationTable;
  gift: GiftTable;
  signal_review: SignalReviewTable;
  asset_declaration: AssetDeclarationTable;
  detected_signal: DetectedSignalTable;
  signal_computation: SignalComputationTable;
  declaration_rules_change: DeclarationRulesChangeTable;
  open_data_setting: OpenDataSettingTable;
  open_data_jurisdiction: OpenDataJurisdictionTable;
  blds_mapping: BldsMappingTable;
  debarment: DebarmentTable;
  bidder: BidderTable;
}

/** The open-data settings, one row (ADR 0016). */
export interface OpenDataSettingTable {
  id: Generated<boolean>;
  licence: string;
  updated_at: Generated<Date>;
  updated_by: number | null;
}

/** The BLDS formats a jurisdiction publishes files of its own in; no row means both. */
export interface OpenDataJurisdictionTable {
  jurisdiction_id: string;
  blds_formats: string[];
  /** Whether the jurisdiction serves Open311 GeoReport v2. */
  open311: Generated<boolean>;
}

/** A procedure's BLDS permit class and type, by jurisdiction and code; no row means mapped by its category. */
export interface BldsMappingTable {
  jurisdiction_id: string;
  procedure_code: string;
  permit_class: string;
  permit_type: string;
}

/** The sealed answer to a JSON API write sent with an Idempotency-Key, per caller and key (ADR 0009). */
export interface IdempotentRequestTable {
  /** Who sent it: `key:<api key id>` or `official:<id>`. */
  principal: string;
  key: string;
  /** SHA-256 of the method, path and body: the same key with another request is refused. */
  request_sha256: string;
  status: number;
  /** AES-GCM with a key derived from the caller's credential (`domain/seal`). */
  sealed_response: string;
  created_at: CreatedAt;
}

/** A secret shown once after a form (an access code, an API key), sealed with the session token, for the page after the redirect. */
export interface HandoffTable {
  session_id: string;
  purpose: 'receipt' | 'api_key';
  /** What it belongs to: the application's number, the key's prefix. */
  ref: string;
  sealed: string;
  expires_at: Timestamp;
}

/** An application not yet filed, found by its token's hash; its answers are emptied when it is filed (migration 0035). */
export interface ApplicationDraftTable {
  id: Generated<number>;
  token_hash: string;
  jurisdiction_code: string;
  procedure_code: string;
  /** What was typed, by the form's input names. */
  answers: Json<Record<string, string>>;
  locale: string;
  created_at: Timestamp;
  updated_at: Timestamp;
  expires_at: Timestamp;
  /** The application it became, once filed. */
  submitted_number: string | null;
}

/** A file uploaded into a draft, one per document of the procedure. */
export interface ApplicationDraftDocumentTable {
  draft_id: number;
  kind: string;
  filename: string;
  content_type: string;
  bytes: Buffer;
}

/** One opening by staff of an applicant's personal data (the office case page) or a document. */
export interface PersonalDataAccessTable {
  id: Generated<number>;
  at: CreatedAt;
  official_id: number;
  application_id: number;
  what: 'case' | 'document';
  document_id: number | null;
  reason: string | null;
}

export type Official = Selectable<OfficialTable>;
export type Unit = Selectable<UnitTable>;
export type Jurisdiction = Selectable<JurisdictionTable>;
export type ProcedureRow = Selectable<ProcedureTable>;
export type ApplicationRow = Selectable<ApplicationTable>;
export type EventRow = Selectable<EventTable>;
export type NewEvent = Insertable<EventTable>;

/** One e-mail to send: written in the transaction of the event that causes it, sent by `jobs/sendMail` (ADR 0004). */
export interface OutboxTable {
  id: Generated<number>;
  /** One message per key: a repeated enqueue is a no-op, and the key is the message's Message-ID. */
  idempotency_key: string;
  kind: string;
  recipient: string;
  locale: string;
  application_id: number | null;
  event_seq: number | null;
  params: Json<Record<string, unknown>>;
  created_at: CreatedAt;
  attempts: ColumnType<number, number | undefined, number>;
  next_attempt_at: ColumnType<Date, Date | string | undefined, Date | string>;
  claimed_until: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  sent_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  failed_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  last_error: string | null;
  message_id: string | null;
}

/** Secrets the application generates for itself once, shared by every instance (e.g. the key that signs links). */
export interface SiteSecretTable {
  name: string;
  value: string;
  created_at: CreatedAt;
}

/** Someone following an application, a unit, a procedure or an area by e-mail (migration 0010). */
export interface FollowTable {
  id: Generated<number>;
  email: string;
  /** The signed-in citizen who made it (their address is confirmed by signing in); null for an anonymous follow. */
  citizen_id: number | null;
  locale: string;
  kind: 'application' | 'unit' | 'procedure' | 'area';
  application_id: number | null;
  unit_id: number | null;
  jurisdiction_id: string | null;
  /** A procedure followed, or the procedure an area is narrowed to. */
  procedure_code: string | null;
  lat: number | null;
  lng: number | null;
  radius_m: number | null;
  min_lat: number | null;
  max_lat: number | null;
  min_lng: number | null;
  max_lng: number | null;
  /** What the follower typed to name the area (their own words; never shown to anyone else). */
  place: string | null;
  frequency: 'instant' | 'daily';
  created_at: CreatedAt;
  confirmed_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  stopped_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  next_digest_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

/** One event that matched one follow; `outbox_key` is the e-mail that carried it (null while it waits for a digest). */
export interface AlertTable {
  follow_id: number;
  event_id: number;
  created_at: CreatedAt;
  outbox_key: string | null;
}

/** How far the alert dispatcher has read the log. */
export interface AlertCursorTable {
  id: Generated<boolean>;
  log_index: number;
}

/** An applicant's rating of the service after closure (migration 0011): a survey answer, never an event or a log leaf. */
export interface ServiceRatingTable {
  application_id: number;
  jurisdiction_id: string;
  /** The unit that held the case when it closed. */
  unit_id: number;
  /** 1 (very dissatisfied) to 5 (very satisfied). */
  satisfaction: number;
  /** Free text, private to the unit and the auditors. */
  comment: string | null;
  locale: string;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

/** A decided case's outcome for statistics, computed with its jurisdiction's calendar (`calendar_key`, migration 0013). */
export interface CaseOutcomeTable {
  application_id: number;
  /** `calendarKey` of the calendar the outcome was computed with. */
  calendar_key: string;
  working_minutes: number;
  on_time: boolean;
  computed_at: CreatedAt;
}

/** An investigator's or custodian's key pair, the private half under their password (migration 0020, ADR 0014). */
export interface ReportOfficialKeyTable {
  official_id: number;
  public_key: Buffer;
  kdf_salt: Buffer;
  sealed_private_key: Buffer;
  created_at: CreatedAt;
}

/** A jurisdiction's key ring for investigators or custodians: its public key. */
export interface ReportKeyringTable {
  jurisdiction_id: string;
  purpose: 'investigation' | 'custody' | 'head';
  public_key: Buffer;
  created_at: CreatedAt;
}

/** A key ring's private key wrapped for one member's public key. */
export interface ReportKeyringGrantTable {
  jurisdiction_id: string;
  purpose: 'investigation' | 'custody' | 'head';
  official_id: number;
  member_public_key: Buffer;
  wrapped_private_key: Buffer;
  granted_by: number | null;
  granted_at: CreatedAt;
}

/** A member's private key for one office session, sealed with the session's token. */
export interface ReportUnlockTable {
  session_id: string;
  sealed_private_key: string;
  created_at: CreatedAt;
}

/** The deployment's salt for stretching receipts. */
export interface ReportSecretTable {
  id: Generated<boolean>;
  receipt_salt: Buffer;
}

/** A report: dates, category and outcome in the clear; content, identity and keys encrypted or wrapped. */
export interface ReportTable {
  id: Generated<number>;
  jurisdiction_id: string;
  category: string;
  disclosure: 'anonymous' | 'confidential' | 'open';
  /** Who works it: the investigators, or the head of office (a report card). */
  recipient: ColumnType<'investigators' | 'head', 'investigators' | 'head' | undefined, never>;
  status: ColumnType<'received' | 'acknowledged' | 'closed', 'received' | undefined, 'received' | 'acknowledged' | 'closed'>;
  received_at: Timestamp;
  acknowledged_at: Timestamp | null;
  closed_at: Timestamp | null;
  outcome: string | null;
  extended_months: number | null;
  priority: ColumnType<string, string | undefined, string>;
  assigned_to: number | null;
  labels: ColumnType<string[], string[] | undefined, string[]>;
  receipt_lookup: Buffer;
  submission_key: Buffer;
  key_for_receipt: Buffer | null;
  key_for_investigators: Buffer | null;
  content: Buffer | null;
  identity: Buffer | null;
  identity_key_for_custody: Buffer | null;
  purged_at: Timestamp | null;
  /** When the first referral to another body was recorded (migration 0024). */
  referred_at: Timestamp | null;
}

/** A message between the reporter and the investigators, or an investigators' note; encrypted. */
export interface ReportMessageTable {
  id: Generated<number>;
  report_id: number;
  author: 'reporter' | 'investigator';
  official_id: number | null;
  kind: 'message' | 'note';
  body: Buffer;
  created_at: Timestamp;
}

/** A file of a report or a message; name, type and bytes encrypted. */
export interface ReportFileTable {
  id: Generated<number>;
  report_id: number;
  message_id: number | null;
  meta: Buffer;
  body: Buffer;
  size: number;
  created_at: Timestamp;
}

/** One staff access to a report (append-only). */
export interface ReportAccessTable {
  id: Generated<number>;
  report_id: number;
  official_id: number;
  action: string;
  at: CreatedAt;
}

/** A motivated request to see a confidential reporter's identity, and the custodian's decision. */
export interface ReportIdentityRequestTable {
  id: Generated<number>;
  report_id: number;
  requested_by: number;
  motivation: string;
  requested_at: Timestamp;
  decision: 'approved' | 'refused' | null;
  decided_by: number | null;
  decision_motivation: string | null;
  decided_at: Timestamp | null;
  identity_key_for_requester: Buffer | null;
}

/** Who was given a report to handle, by whom (migration 0024). */
export interface ReportAssignmentTable {
  id: Generated<number>;
  report_id: number;
  assigned_to: number | null;
  assigned_by: number;
  at: Timestamp;
}

/** A referral of a report to another body; the other body's name and the reason encrypted (`detail`). */
export interface ReportReferralTable {
  id: Generated<number>;
  report_id: number;
  body: string;
  referred_on: ColumnType<string, string, never>;
  detail: Buffer | null;
  recorded_by: number;
  recorded_at: Timestamp;
}

/** A substantiated finding against a department under an opaque reference, and the deduction made of it. */
export interface ReportFindingTable {
  report_id: number;
  reference: string;
  unit_id: number;
  found_at: Timestamp;
  severity: 'minor' | 'serious' | 'grave' | null;
  assessment_id: string | null;
  deducted_by: number | null;
  deducted_at: Timestamp | null;
}

/** A jurisdiction's integrity index year and its model (migration 0019); frozen once published. */
export interface IntegrityYearTable {
  jurisdiction_id: string;
  year: number;
  /** An `IntegrityModel` (domain/integrity.ts) as JSON. */
  model: ColumnType<unknown, string, string>;
  published_at: Timestamp | null;
  published_by: number | null;
}

/** Share of a procedure's closing applications invited to the integrity survey (1 when there is no row). */
export interface IntegritySamplingTable {
  jurisdiction_id: string;
  procedure_code: string;
  rate: number;
}

/** A single-use invitation to the integrity survey; its answer keeps no link back to it. */
export interface IntegrityInvitationTable {
  id: Generated<string>;
  application_id: number;
  /** SHA-256 of the link's current token (replaced when the private page opens the survey). */
  token_hash: string | null;
  jurisdiction_id: string;
  year: number;
  unit_id: number;
  procedure_code: string;
  outcome: 'granted' | 'refused' | 'withdrawn';
  expires_at: Timestamp;
  answered: Generated<boolean>;
}

/** An anonymous survey answer, waiting in the ballot box (`integrity_ballot`) or counted (`integrity_answer`). */
export interface IntegrityAnswerTable {
  id: Generated<string>;
  jurisdiction_id: string;
  year: number;
  survey: 'external' | 'internal';
  unit_id: number;
  procedure_code: string | null;
  outcome: 'granted' | 'refused' | 'withdrawn' | null;
  /** Item key → chosen option key. */
  answers: ColumnType<Record<string, string>, string, string>;
  comment: string | null;
}

/** That an official answered the internal survey of a year (never what). */
export interface IntegrityParticipationTable {
  official_id: number;
  year: number;
}

/** A deduction or an effort score an auditor entered for a unit and year. */
export interface IntegrityAssessmentTable {
  id: Generated<string>;
  jurisdiction_id: string;
  year: number;
  unit_id: number;
  kind: 'deduction' | 'effort';
  points: number;
  reference: string;
  entered_by: number;
  entered_at: CreatedAt;
}

/** A declared conflict of interest: the party only as keyed hashes and a sealed clear text (migration 0021). */
export interface ConflictDeclarationTable {
  id: Generated<number>;
  jurisdiction_id: string;
  official_id: number;
  kind: string;
  /** Set for a recusal from one application ("I must not handle this one"). */
  application_id: number | null;
  name_hash: string | null;
  registration_hash: string | null;
  address_hash: string | null;
  parcel_hash: string | null;
  /** The clear text, AES-256-GCM sealed with a key derived from the server secret, bound to the official. */
  sealed: string;
  declared_at: CreatedAt;
  withdrawn_at: Timestamp | null;
  /** Set when the party comes from a yearly declaration's business interest or outside position. */
  declaration_id: ColumnType<string | null, string | number | null | undefined, never>;
}

/** The keyed hashes of an application's applicant, for matching without a readable name. */
export interface ApplicationPartyTable {
  application_id: number;
  jurisdiction_id: string;
  applicant_hash: string;
  registration_hash: string | null;
}

/** When an official last received a case by rotation. */
export interface AssignmentRotationTable {
  official_id: number;
  last_assigned_at: Timestamp;
  assignments: Generated<number>;
}

/** A gift or hospitality offered to an official. */
export interface GiftTable {
  id: Generated<number>;
  jurisdiction_id: string;
  official_id: number;
  unit_id: number;
  offered_on: ColumnType<string, string, string>;
  kind: string;
  value_krw: number;
  outcome: string;
  giver_hash: string | null;
  sealed: string;
  recorded_at: CreatedAt;
}

/** An auditor's review of a signal. */
export interface SignalReviewTable {
  id: Generated<string>;
  signal_key: string;
  jurisdiction_id: string;
  unit_id: number | null;
  year: number;
  kind: string;
  decision: string;
  reason: string;
  auditor_id: number;
  reviewed_at: CreatedAt;
}

/** One version of an official's yearly declaration of assets and interests: the items sealed, the bands in clear. */
export interface AssetDeclarationTable {
  id: Generated<string>;
  jurisdiction_id: string;
  official_id: number;
  year: number;
  version: number;
  filed_at: CreatedAt;
  /** The first version was filed by the due date. */
  on_time: boolean;
  /** The items (assets, positions, interests), AES-256-GCM sealed for the official and auditors. */
  sealed: string;
  /** What the public register may show: totals and changes as band indexes (`domain/declarations.DeclarationBands`). */
  bands: ColumnType<DeclarationBandsColumn, string, string>;
}

/** The clear part of a declaration, as band indexes only. */
export interface DeclarationBandsColumn {
  assets: number;
  debts: number;
  net: number;
  /** Change of the net worth since the previous year's declaration, as a signed band; null for a first declaration. */
  change: number | null;
  categories: Record<string, number>;
  positions: number;
  interests: number;
  /** The band bounds (KRW) the indexes refer to, fixed at filing; absent on filings banded with the defaults. */
  bounds?: number[];
}

/** One saved version of a jurisdiction's declaration rules, whole, with who saved it. */
export interface DeclarationRulesChangeTable {
  id: Generated<string>;
  jurisdiction_id: string;
  version: number;
  rules: ColumnType<DeclarationRules, string, string>;
  /** The rules this version replaced. */
  previous: ColumnType<DeclarationRules, string, string>;
  changed_by: number;
  changed_at: CreatedAt;
}

/** A signal the detector raised, kept by its stable key. */
export interface DetectedSignalTable {
  signal_key: string;
  jurisdiction_id: string;
  unit_id: number;
  year: number;
  kind: string;
  official_id: number | null;
  cases: string[];
  figure: number;
  peer: number;
  threshold: number;
  peers: number;
  measure: string;
  /** The detector's order (most serious kinds first). */
  rank: number;
  first_detected_at: Timestamp;
  last_detected_at: Timestamp;
  /** Set when a later computation no longer raised it. */
  cleared_at: Timestamp | null;
}

/** When a year's signals were last computed. */
export interface SignalComputationTable {
  year: number;
  computed_at: Timestamp;
  cases: number;
  truncated: boolean;
  /** What the computation read up to (events and gifts), so an unchanged year is not recomputed. */
  watermark: string;
}

/** A supplier excluded from public contracts for a period (ADR 0022); never deleted, lifted early by `lifted_on`. */
export interface DebarmentTable {
  id: Generated<number>;
  jurisdiction_id: string;
  supplier_name: string;
  /** The name's normal form (`domain/contracts.supplierKey`), what the award check matches. */
  supplier_key: string;
  registration_number: string | null;
  reason: string;
  decision: string;
  starts_on: string;
  ends_on: string;
  lifted_on: string | null;
  created_by: number | null;
  created_at: CreatedAt;
}

/** The company a signed-in citizen bids for (migration 0031): its name and registration number with their normal forms. */
export interface BidderTable {
  id: Generated<number>;
  citizen_id: number;
  company_name: string;
  /** `domain/contracts.supplierKey` of the name. */
  company_key: string;
  registration_number: string;
  /** `domain/bidders.registrationKey` of the number: its letters and digits, upper case. */
  registration_key: string;
  created_at: CreatedAt;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}
