import { calendarFor } from '../../db/repos/calendars.js';
import { debarmentFacts, processesWithEvents } from '../../db/repos/contracts.js';
import type { PublicCaseRow } from '../../db/repos/publicRead.js';
import { latestReviews } from '../../db/repos/signals.js';
import type { Db } from '../../db/types.js';
import { caseClock } from '../../domain/caseClock.js';
import type { PartyKeys } from '../fair/partyKeys.js';
import { conflictFacts } from './evaluatorConflicts.js';
import { redFlags, supplierConcentration, type AwardFact, type DebarmentFact, type OpenTenderThresholds, type RedFlag } from '../../domain/redFlags.js';

/** Most processes one computation reads: a bound on the work of a request. */
export const FLAG_PROCESS_LIMIT = 3000;

/** A red flag with the process it was raised on and the auditors' latest review of it. */
export interface FlaggedProcess {
  /** Stable across recomputation, so a review stays attached to its flag. */
  key: string;
  flag: RedFlag;
  number: string;
  title: string;
  jurisdictionId: string;
  unit: { code: string; name: { ko: string; en: string } };
  /** The year the process was opened, in its jurisdiction's zone. */
  year: number;
  review: { decision: string; reason: string; reviewed_at: Date } | null;
}

/** The review key of a flag: the process, the kind and the event that raised it. */
export const flagKey = (number: string, flag: RedFlag) => `red_flag:${number}:${flag.kind}:${flag.seq}`;

const yearOf = (c: PublicCaseRow, calendar: { localDate(at: Date): string }) => Number(calendar.localDate(c.received_at).slice(0, 4));

/**
 * Every red flag of every contracting process (at most `FLAG_PROCESS_LIMIT`, newest first), computed on read from the
 * public events, the jurisdictions' calendars, the stages' due dates, the debarment list and each department's awards
 * of the year; with the latest review of each. Reviews live with the fair-handling signals' (`signal_review`), under
 * keys of their own. Given fair handling's keys (the auditors' page, never a public one), also the suppliers in
 * conflict with an official who acted on the process (`conflictFacts`).
 */
export async function contractFlags(db: Db, props: { thresholds: OpenTenderThresholds; partyKeys?: PartyKeys; now?: Date }): Promise<{ flags: FlaggedProcess[]; truncated: boolean; processes: number }> {
  const now = props.now ?? new Date();
  const [{ processes, truncated }, debarments] = await Promise.all([processesWithEvents(db, FLAG_PROCESS_LIMIT), debarmentFacts(db)]);
  const debarmentsOf = new Map<string, DebarmentFact[]>();
  for (const d of debarments) {
    const list = debarmentsOf.get(d.jurisdiction_id) ?? [];
    list.push({ supplierKey: d.supplier_key, reason: d.reason, startsOn: d.starts_on, endsOn: d.ends_on, liftedOn: d.lifted_on });
    debarmentsOf.set(d.jurisdiction_id, list);
  }
  const calendars = new Map<string, Awaited<ReturnType<typeof calendarFor>>>();
  for (const c of processes) {
    if (!calendars.has(c.jurisdiction.id)) calendars.set(c.jurisdiction.id, await calendarFor(db, c.jurisdiction));
  }
  const awards: AwardFact[] = [];
  for (const c of processes) {
    const award = c.events.find((e) => e.type === 'awarded');
    const supplier = (award?.data.supplier as { name?: string } | undefined)?.name;
    if (supplier) awards.push({ unit: c.unit.code, year: yearOf(c, calendars.get(c.jurisdiction.id)!), supplier });
  }
  const concentration = supplierConcentration(awards);
  const conflicted = props.partyKeys ? await conflictFacts(db, props.partyKeys, processes.map((c) => c.id)) : new Map<number, never[]>();
  const flags: Omit<FlaggedProcess, 'review'>[] = [];
  for (const c of processes) {
    const calendar = calendars.get(c.jurisdiction.id)!;
    const year = yearOf(c, calendar);
    const events = c.events.map((e) => ({ seq: e.seq, type: e.type, occurredAt: e.occurred_at.toISOString(), data: e.data as Record<string, unknown> }));
    const clock = caseClock({ events, stages: c.procedure.stages, statutoryDays: c.procedure.statutory_days, calendar, now, options: { explain: false } });
    const stageDue = Object.fromEntries(clock.stages.map((s) => [s.stage ?? '', s.due_at]));
    const found = redFlags(events, {
      calendar, stageDue, debarments: debarmentsOf.get(c.jurisdiction.id) ?? [], openTenderThresholds: props.thresholds,
      concentrated: concentration.get(`${c.unit.code}:${year}`), now, conflicted: conflicted.get(c.id),
    });
    for (const flag of found) {
      flags.push({ key: flagKey(c.number, flag), flag, number: c.number, title: c.title, jurisdictionId: c.jurisdiction.id, unit: c.unit, year });
    }
  }
  const reviews = await latestReviews(db, flags.map((f) => f.key));
  return {
    flags: flags.map((f) => {
      const r = reviews.get(f.key);
      return { ...f, review: r ? { decision: r.decision, reason: r.reason, reviewed_at: r.reviewed_at } : null };
    }),
    truncated,
    processes: processes.length,
  };
}
