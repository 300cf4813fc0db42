import { calendarFor } from '../db/repos/calendars.js';
import { appendEvent } from '../db/repos/cases.js';
import { unitPublicActor } from '../db/repos/actors.js';
import { escalateOverdueInquiries } from '../db/repos/inquiries.js';
import { casesDueForScan, eventsOfCases, inScanTransaction, saveLastSeq, saveNextLook, takeScanLock } from '../db/repos/overdue.js';
import type { Db } from '../db/types.js';
import { caseClock, overdueSince } from '../domain/caseClock.js';
import type { PeriodClock } from '../domain/clock.js';

/**
 * The overdue scan: finds applications whose earliest running due date has passed (or is unknown) and records a
 * `deadline_passed` event, once per stage and once for the whole application, published like any act, with the
 * responsible unit's system as actor. One instance scans at a time (a transaction-scoped advisory lock); a case
 * another transaction holds is left for the next pass.
 */

/** Cases looked at per pass, to keep each transaction short. */
export const SCAN_BATCH = 200;
/** A case with no future due date is looked at again after a day. */
const RECHECK_MS = 86_400_000;

export interface ScanResult {
  /** False when another instance holds the scan. */
  ran: boolean;
  scanned: number;
  recorded: number;
}

/** One pass of the scan at `now`. */
export async function detectOverdue(db: Db, now: Date = new Date(), batch = SCAN_BATCH): Promise<ScanResult> {
  return inScanTransaction(db, async (trx) => {
    const locked = await takeScanLock(trx);
    if (!locked) return { ran: false, scanned: 0, recorded: 0 };
    // Questions unanswered past their deadline go to the supervisor and the audit unit (a flag both see).
    await escalateOverdueInquiries(trx, now);
    const cases = await casesDueForScan(trx, now, batch);
    if (!cases.length) return { ran: true, scanned: 0, recorded: 0 };
    const events = await eventsOfCases(trx, cases.map((c) => c.id));
    const byCase = new Map<number, typeof events>();
    for (const e of events) byCase.set(e.application_id, [...(byCase.get(e.application_id) ?? []), e]);

    const appends: { c: (typeof cases)[number]; passed: PeriodClock[] }[] = [];
    for (const c of cases) {
      const history = byCase.get(c.id) ?? [];
      const calendar = await calendarFor(trx, { id: c.jurisdiction_id, time_zone: c.time_zone, country: c.country, calendar_version: c.calendar_version });
      const clock = caseClock({
        events: history.map((e) => ({ seq: e.seq, type: e.type, occurredAt: e.occurred_at.toISOString(), data: e.data })),
        stages: c.stages,
        statutoryDays: c.statutory_days,
        calendar,
        now,
        options: { explain: false, runningOnly: true },
      });
      const recorded = new Set(history.filter((e) => e.type === 'deadline_passed').map((e) => String(e.data.stage ?? '')));
      const running = [clock.application, ...clock.stages].filter((k) => (k.status === 'running' || k.status === 'paused') && k.due_at);
      const passed = running.filter((k) => Date.parse(k.due_at!) <= now.getTime() && !recorded.has(k.stage ?? ''));
      const future = running.map((k) => Date.parse(k.due_at!)).filter((t) => t > now.getTime());
      const next = future.length ? Math.min(...future) : now.getTime() + RECHECK_MS;
      const since = overdueSince(clock, now);
      await saveNextLook(trx, c.id, new Date(next), since ? new Date(since) : null);
      if (passed.length) appends.push({ c, passed });
    }
    let recorded = 0;
    for (const { c, passed } of appends) {
      const actor = await unitPublicActor(trx, c.unit_id);
      let seq = c.last_seq;
      for (const k of passed) {
        seq += 1;
        await appendEvent(trx, {
          jurisdictionId: c.jurisdiction_id,
          applicationId: c.id,
          seq,
          type: 'deadline_passed',
          occurredAt: now,
          recordedAt: now,
          actorOfficialId: null,
          actor,
          data: { ...(k.stage ? { stage: k.stage } : {}), due_at: k.due_at! },
        });
        recorded++;
      }
      await saveLastSeq(trx, c.id, seq, now);
    }
    return { ran: true, scanned: cases.length, recorded };
  });
}

export interface RunningScanner {
  stop(): Promise<void>;
}

/**
 * Runs the scan every `intervalMs` (and once at start) until stopped; errors go to `onError` and the loop goes on,
 * waiting twice as long after each failure in a row (at least a second, at most five minutes or one interval if
 * longer) while the database is away.
 */
export function startOverdueScanner(db: Db, options: { intervalMs: number; onError: (error: unknown) => void }): RunningScanner {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let failures = 0;
  const run = () => {
    running = (async () => {
      try {
        // A full batch means more is waiting: go on at once.
        while (!stopped && (await detectOverdue(db)).scanned === SCAN_BATCH);
        failures = 0;
      } catch (error) {
        failures++;
        options.onError(error);
      }
      const delay = failures === 0 ? options.intervalMs : Math.max(1_000, Math.min(options.intervalMs * 2 ** failures, Math.max(options.intervalMs, 300_000)));
      if (!stopped) timer = setTimeout(run, delay);
    })();
  };
  if (options.intervalMs > 0) timer = setTimeout(run, 1000);
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
