/** The domain's vocabulary: pure types shared by commands, presenters and views. */

/** The languages Daylight speaks, Korean first (the demo's default): the six official UN languages and Korean. */
export const LOCALES = ['ko', 'en', 'zh', 'fr', 'es', 'ru', 'ar'] as const;
export type Locale = (typeof LOCALES)[number];

/** Languages written right to left. */
export const RTL_LOCALES: readonly Locale[] = ['ar'];

/**
 * A text the public reads in several languages. Korean and English are always there (every stored name has both);
 * the other languages are present where an administrator wrote them, and `pick` falls back visibly when they are not.
 */
export type Localized = { ko: string; en: string } & Partial<Record<Exclude<Locale, 'ko' | 'en'>, string>>;

export const ROLES = ['clerk', 'official', 'supervisor', 'auditor', 'admin', 'investigator', 'custodian', 'head'] as const;
export type Role = (typeof ROLES)[number];

export const CHANNELS = ['online', 'counter', 'post', 'api'] as const;
export type Channel = (typeof CHANNELS)[number];

export const STATUSES = [
  'received',
  'in_review',
  'awaiting_applicant',
  'approved',
  'approved_with_conditions',
  'rejected',
  'withdrawn',
] as const;
export type Status = (typeof STATUSES)[number];

export const CLOSED_STATUSES: readonly Status[] = ['approved', 'approved_with_conditions', 'rejected', 'withdrawn'];

export const CATEGORIES = [
  'building',
  'housing',
  'transport',
  'environment',
  'land',
  'commerce',
  'culture',
  'advertising',
  'roads',
  'food',
  'health',
  'real_estate',
] as const;
export type Category = (typeof CATEGORIES)[number];

/** One stage of a procedure as the catalogue defines it. */
export interface ProcedureStage {
  key: string;
  name: Localized;
  /** Unit that works this stage when not the procedure's own unit (e.g. a consultation elsewhere). */
  unit_code: string | null;
  /** Expected duration, in `period_unit` (working days when absent). */
  days: number;
  /** True when the stage may run alongside its neighbours that are also parallel. */
  parallel: boolean;
  /** What `days` counts: working days (the default), working hours, or calendar days. */
  period_unit?: PeriodUnitName;
}

export const PERIOD_UNITS = ['working_days', 'working_hours', 'calendar_days'] as const;
export type PeriodUnitName = (typeof PERIOD_UNITS)[number];

export interface ProcedureDocument {
  key: string;
  name: Localized;
  required: boolean;
}

/** A field the procedure asks for beyond title, location and contact. */
export interface ProcedureField {
  key: string;
  label: Localized;
  type: 'text' | 'number' | 'textarea';
  required: boolean;
  /** Public fields describe the project (floor area); others stay private (business registration number). */
  public: boolean;
}

export const STAGE_STATUSES = ['pending', 'active', 'done', 'skipped'] as const;
export type StageStatus = (typeof STAGE_STATUSES)[number];

/** A stage as it stands on one application, derived from its events. */
export interface StageState {
  key: string;
  status: StageStatus;
  started_at: string | null;
  completed_at: string | null;
  /** Official who handles the stage: the last who acted on it, or the handler the rotation gave it in its own unit. */
  official_id: number | null;
}

export const DECISION_OUTCOMES = ['approved', 'approved_with_conditions', 'rejected'] as const;
export type DecisionOutcome = (typeof DECISION_OUTCOMES)[number];

export const EVENT_TYPES = [
  'received',
  'assigned',
  'reassigned',
  'stage_started',
  'stage_completed',
  'supplement_requested',
  'supplement_received',
  'consultation_requested',
  'consultation_answered',
  'site_inspection',
  'decision',
  'withdrawn',
  'delay_reason_given',
  'deadline_extended',
  'transferred',
  'deadline_passed',
  'inquiry_opened',
  'inquiry_answered',
  'inquiry_redacted',
  'assigned_by_rotation',
  'assignment_overridden',
  'recused',
  // A contracting process's acts (`domain/contracts`).
  'tender_published',
  'bid_received',
  'bids_opened',
  'bids_evaluated',
  'awarded',
  'contract_signed',
  'contract_amended',
  'milestone_scheduled',
  'milestone_met',
  'payment_scheduled',
  'payment_made',
  'tender_addendum',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/** Event types an official records on a case (the others arise from filing or the applicant). */
export const OFFICE_ACTS = [
  'assigned',
  'stage_started',
  'stage_completed',
  'supplement_requested',
  'consultation_requested',
  'consultation_answered',
  'site_inspection',
  'decision',
  'withdrawn',
  'delay_reason_given',
  'deadline_extended',
  'transferred',
] as const;
export type OfficeActType = (typeof OFFICE_ACTS)[number];

/** Type guard for a supported locale code. */
export function isLocaleSafe(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}
