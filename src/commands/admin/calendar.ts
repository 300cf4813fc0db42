import type { OfficialActor } from '../../domain/actor.js';
import type { Db } from '../../db/types.js';
import { addCalendarDay } from '../calendar/addCalendarDay.js';

export interface ClosureDraft {
  jurisdictionId: string;
  /** Local date `YYYY-MM-DD`. */
  date: string;
  /** `holiday` is a holiday the government designated. */
  kind: 'holiday' | 'closure';
  reasonKo: string;
  reasonEn: string;
}

/**
 * The administration page's short form for a day: a designated holiday or a closure named by its reason, recorded
 * like any calendar day (`calendar/addCalendarDay`: public history, new calendar version). Deadlines already running
 * move later, never earlier.
 */
export async function addClosure(db: Db, actor: OfficialActor, d: ClosureDraft): Promise<void> {
  await addCalendarDay(db, actor, {
    jurisdictionId: d.jurisdictionId,
    date: d.date,
    kind: d.kind === 'closure' ? 'closure' : 'designated',
    nameKo: d.reasonKo,
    nameEn: d.reasonEn,
    reason: d.reasonEn.trim() || d.reasonKo.trim(),
  });
}
