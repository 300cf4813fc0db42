import type { DaySource, WorkingCalendar } from './calendar.js';
import type { FileDay } from './calendarFiles.js';
import type { LocalDate } from './localDate.js';
import type { Localized } from './types.js';

/**
 * What importing a file's days would do to a calendar, day by day, before anything is saved: which days it adds,
 * and why it leaves the others alone. The same function plans the preview and the import itself, so what is saved is
 * what was shown (the import also checks that the calendar's version has not moved since).
 */

export type ImportAction =
  /** Recorded as a new designated holiday or closure. */
  | 'add'
  /** The file says offices are open that day (a memorial day, a solar term): nothing to record. */
  | 'not_a_holiday'
  /** Already a public holiday by the library or a statute: recording it again would change nothing. */
  | 'already_holiday'
  /** An administrator already recorded this date. */
  | 'already_recorded'
  /** The file names the date again. */
  | 'repeated';

export interface PlannedDay extends FileDay {
  action: ImportAction;
  /** What closes the day already, for `already_holiday` and `already_recorded`. */
  existing: { source: DaySource | 'working'; name: Localized } | null;
}

export interface ImportPlan {
  days: PlannedDay[];
  /** The days the import adds, in date order (each date once). */
  additions: { date: LocalDate; name: string }[];
  /** Dates an administrator declared working days that the file says are holidays: the import is refused. */
  conflicts: PlannedDay[];
}

/**
 * Plans an import against the calendar as it stands (`calendar`, with `recorded`: the days administrators recorded,
 * by date). Days declared open by an administrator are conflicts, not silently closed again.
 */
export function planImport(
  days: readonly FileDay[],
  calendar: WorkingCalendar,
  recorded: ReadonlyMap<LocalDate, { kind: 'designated' | 'closure' | 'working'; name: Localized }>,
): ImportPlan {
  const seen = new Set<LocalDate>();
  const planned: PlannedDay[] = days.map((d) => {
    const mine = recorded.get(d.date);
    if (!d.holiday) return { ...d, action: 'not_a_holiday', existing: null };
    if (seen.has(d.date)) return { ...d, action: 'repeated', existing: null };
    seen.add(d.date);
    if (mine) return { ...d, action: 'already_recorded', existing: { source: mine.kind === 'working' ? 'working' : mine.kind, name: mine.name } };
    const why = calendar.whyClosed(d.date);
    if (why && (why.source === 'library' || why.source === 'statute')) return { ...d, action: 'already_holiday', existing: { source: why.source, name: why.name } };
    return { ...d, action: 'add', existing: null };
  });
  return {
    days: planned,
    additions: planned.filter((d) => d.action === 'add').map((d) => ({ date: d.date, name: d.name })).sort((a, b) => (a.date < b.date ? -1 : 1)),
    conflicts: planned.filter((d) => d.action === 'already_recorded' && d.existing?.source === 'working'),
  };
}
