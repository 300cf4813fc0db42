import type { OfficialActor } from '../../domain/actor.js';
import { MAX_CALENDAR_FILE_BYTES, decodeCalendarFile, readCalendarFile, type CalendarFileFormat, type FileProblem } from '../../domain/calendarFiles.js';
import { planImport, type ImportPlan } from '../../domain/calendarImport.js';
import { AppError, validationError } from '../../errors.js';
import { mayAdminister } from '../../policies/index.js';
import type { Db } from '../../db/types.js';
import { inTransaction } from '../../db/repos/cases.js';
import { officialPublicActor } from '../../db/repos/actors.js';
import { buildCalendar, calendarRow, insertCalendarDays, listClosures, type ClosureRow } from '../../db/repos/calendars.js';
import { recordCalendarChange } from '../../db/repos/calendarChanges.js';
import { lockCalendar, requiredReason } from './lockCalendar.js';

/** The days of an uploaded file, what importing them would do, and the calendar version the plan was made against. */
export interface ImportPreview {
  filename: string;
  format: CalendarFileFormat;
  /** The decoded text, carried by the confirming form so the import reads exactly the file that was previewed. */
  text: string;
  /** Problems that refuse the whole file; empty when it can be imported. */
  problems: FileProblem[];
  plan: ImportPlan;
  version: number;
}

/** Thrown when a file cannot be imported; carries the preview so the page can show every problem at once. */
export class ImportRefused extends AppError {
  constructor(readonly preview: ImportPreview, key = 'error.calendar_import_refused') {
    super('validation', key);
  }
}

/** Reads an uploaded file against a jurisdiction's calendar as it stands; writes nothing. */
export async function previewCalendarImport(
  db: Db,
  actor: OfficialActor,
  d: { jurisdictionId: string; filename: string; bytes?: Uint8Array; text?: string },
): Promise<ImportPreview> {
  mayAdminister(actor);
  const [row, days] = await Promise.all([calendarRow(db, d.jurisdictionId), listClosures(db, d.jurisdictionId)]);
  return planFile(d.filename, d.bytes, d.text, row.calendar_version, buildCalendar(row, days), days);
}

function planFile(filename: string, bytes: Uint8Array | undefined, given: string | undefined, version: number, calendar: ReturnType<typeof buildCalendar>, days: readonly ClosureRow[]): ImportPreview {
  const name = filename.slice(0, 200);
  const empty: ImportPlan = { days: [], additions: [], conflicts: [] };
  const size = bytes ? bytes.length : Buffer.byteLength(given ?? '');
  if (size > MAX_CALENDAR_FILE_BYTES) {
    return { filename: name, format: 'csv', text: '', problems: [{ key: 'error.calendar_file_too_large', values: { max: Math.round(MAX_CALENDAR_FILE_BYTES / 1000) } }], plan: empty, version };
  }
  const text = given ?? (bytes ? decodeCalendarFile(bytes) : null);
  if (text === null) return { filename: name, format: 'csv', text: '', problems: [{ key: 'error.calendar_file_encoding' }], plan: empty, version };
  const read = readCalendarFile(text, filename);
  const recorded = new Map(days.map((x) => [x.date, { kind: x.kind, name: { ko: x.reason_ko, en: x.reason_en } }]));
  const plan = read.problems.length ? empty : planImport(read.days, calendar, recorded);
  const problems = [...read.problems];
  for (const c of plan.conflicts) problems.push({ at: c.at, key: 'error.calendar_import_opened_day', values: { date: c.date } });
  if (!problems.length && !plan.additions.length) problems.push({ key: 'error.calendar_import_nothing' });
  return { filename: name, format: read.format, text, problems, plan, version };
}

/**
 * Imports a previewed file: every day it adds is recorded as `kind`, with one change in the calendar's public history
 * (the file's name, the days, the reason) and one new calendar version, in one transaction. All or nothing: a file
 * with any problem, or a calendar that changed since the preview (`expectedVersion`), records nothing.
 */
export async function importCalendarDays(
  db: Db,
  actor: OfficialActor,
  d: { jurisdictionId: string; filename: string; text: string; kind: 'designated' | 'closure'; expectedVersion: number; reason: string },
): Promise<number> {
  mayAdminister(actor);
  if (!['designated', 'closure'].includes(d.kind)) throw validationError([{ field: 'kind', key: 'error.invalid_value' }]);
  const reason = requiredReason(d.reason);
  return inTransaction(db, async (trx) => {
    const { row, days, calendar } = await lockCalendar(trx, d.jurisdictionId);
    const preview = planFile(d.filename, undefined, d.text, row.calendar_version, calendar, days);
    if (preview.problems.length) throw new ImportRefused(preview);
    if (row.calendar_version !== d.expectedVersion) throw new ImportRefused(preview, 'error.calendar_changed_since_preview');
    await insertCalendarDays(
      trx,
      preview.plan.additions.map((a) => ({ jurisdictionId: d.jurisdictionId, date: a.date, kind: d.kind, reasonKo: a.name, reasonEn: a.name, createdBy: actor.id })),
    );
    return recordCalendarChange(trx, {
      jurisdictionId: d.jurisdictionId,
      kind: 'imported',
      data: { file: preview.filename, format: preview.format, kind: d.kind, days: preview.plan.additions },
      reason,
      actor: await officialPublicActor(trx, actor.id),
    });
  });
}
