import { NOT_STATED, type CountedDelayCategory } from '../domain/delays.js';
import type { PeriodClock } from '../domain/clock.js';
import { KOREAN_CIVIL_PETITIONS_RULE, type ExplanationStep } from '../domain/deadline.js';
import { pick } from '../i18n/index.js';
import type { ViewContext } from './context.js';

/** A local date `YYYY-MM-DD` in the page's language (the date is already the jurisdiction's own). */
export function localDay(ctx: ViewContext, date: string): string {
  return ctx.fmt.date(new Date(`${date}T12:00:00Z`), 'UTC');
}

/** How late a clock is, in working hours up to a working day and in working days (of the counting rule's length) past it. */
export function lateBy(ctx: ViewContext, lateWorkingMinutes: number): string {
  const dayMinutes = KOREAN_CIVIL_PETITIONS_RULE.hoursPerDay * 60;
  if (lateWorkingMinutes < dayMinutes) return ctx.t('clock.late_by', { hours: Math.round((lateWorkingMinutes / 60) * 10) / 10 });
  const days = lateWorkingMinutes / dayMinutes;
  return ctx.t('clock.late_by_days', { days: days < 10 ? Math.round(days * 10) / 10 : Math.round(days) });
}

/**
 * A clock's state as words with a symbol, never by colour alone: on time, due soon, overdue, long overdue; for a
 * finished stage whether it met its due date.
 */
export function ClockState(props: { ctx: ViewContext; clock: PeriodClock }) {
  const { ctx, clock } = props;
  const t = ctx.t;
  if (clock.state) {
    const late = clock.state === 'overdue' || clock.state === 'long_overdue';
    return (
      <span class={`clock-state clock-${clock.state}`} data-state={clock.state}>
        <span aria-hidden="true">{late ? '⚠ ' : clock.state === 'due_soon' ? '⏳ ' : '✓ '}</span>
        {t(`clock.state.${clock.state}`)}
        {late && clock.late_working_minutes > 0 && (
          <span class="muted">{` · ${lateBy(ctx, clock.late_working_minutes)}`}</span>
        )}
      </span>
    );
  }
  if (clock.finished_on_time !== null) {
    return (
      <span class={`clock-state ${clock.finished_on_time ? 'clock-on_time' : 'clock-overdue'}`}>
        {clock.finished_on_time ? t('clock.finished_on_time') : t('clock.finished_late')}
      </span>
    );
  }
  return null;
}

/**
 * Due date, state, pauses and delay reasons of one clock, with its calculation in a `<details>` element; the step that
 * names the calendar links to it (`calendarHref`, the jurisdiction's public calendar).
 */
export function DeadlineFacts(props: { ctx: ViewContext; clock: PeriodClock; zone: string; id: string; calendarHref?: string }) {
  const { ctx, clock, zone } = props;
  const t = ctx.t;
  if (!clock.due_at) return null;
  return (
    <div class="deadline" id={props.id}>
      <p class="deadline-due">
        <strong>{clock.due_provisional ? t('clock.due_provisional') : t('clock.due')}</strong>{' '}
        <time dateTime={clock.due_at}>{ctx.fmt.dateTime(clock.due_at, zone)}</time> <ClockState ctx={ctx} clock={clock} />
      </p>
      {clock.status === 'paused' && <p class="muted">{t('clock.paused')}</p>}
      {clock.delay_reasons.length > 0 && (
        <div class="delay-reasons">
          <p><strong>{t('clock.delay_reasons')}</strong></p>
          <ul>
            {clock.delay_reasons.map((r) => (
              <li>
                <a href={`#event-${r.seq}`}>{ctx.fmt.dateTime(r.at, zone)}</a>: {delayReasonText(ctx, r)}
              </li>
            ))}
          </ul>
        </div>
      )}
      <details class="deadline-calculation">
        <summary>{t('clock.how')}</summary>
        <ol>
          {clock.explanation.map((step) => (
            <li class={`step step-${step.step}`}>
              {explainStep(ctx, step, zone)}
              {step.step === 'calendar' && props.calendarHref && <> <a href={props.calendarHref}>{t('clock.calendar_link')}</a></>}
            </li>
          ))}
        </ol>
      </details>
    </div>
  );
}

/** One step of a calculation as a sentence. */
export function explainStep(ctx: ViewContext, step: ExplanationStep, zone: string): string {
  const t = ctx.t;
  const at = (iso: string) => ctx.fmt.dateTime(iso, zone);
  switch (step.step) {
    case 'period':
      return t('clock.step.period', { amount: step.amount, unit: step.unit, mode: step.counted_in, source: step.rule === KOREAN_CIVIL_PETITIONS_RULE.id ? t('clock.rule_kr_civil_petitions') : step.source });
    case 'start':
      return t('clock.step.start', { at: at(step.at), source: step.source });
    case 'first_day':
      return t('clock.step.first_day', { date: localDay(ctx, step.date), counted: step.counted ? 'yes' : 'no', why: step.why });
    case 'skipped_day':
      return t('clock.step.skipped_day', { date: localDay(ctx, step.date), source: step.source, name: step.substitute ? `${pick(step.name, ctx.locale)} ${t('calendar.substitute')}` : pick(step.name, ctx.locale) });
    case 'pause':
      return step.to
        ? t('clock.step.pause', { from: at(step.from), to: at(step.to), minutes: Math.round(step.working_minutes) })
        : t('clock.step.pause_open', { from: at(step.from) });
    case 'extension':
      return t(step.applied ? 'clock.step.extension' : 'clock.step.extension_ignored', {
        by: step.approved_by,
        at: at(step.at),
        requested: at(step.requested_due),
        previous: at(step.previous_due),
        reason: step.reason,
      });
    case 'end_moved':
      return t('clock.step.end_moved', { from: localDay(ctx, step.from), to: localDay(ctx, step.to), name: pick(step.name, ctx.locale) });
    case 'calendar':
      return t('clock.step.calendar', { version: step.version ?? 0, known: step.version === null ? 'no' : 'yes', rules: step.holiday_rules });
    case 'due':
      return t(step.provisional ? 'clock.step.due_provisional' : 'clock.step.due', { at: at(step.at) });
  }
}

/** A delay reason as one line: its category in the reader's language and the office's own words, either alone when the other is missing. */
export function delayReasonText(ctx: ViewContext, r: { category: CountedDelayCategory; reason: string }): string {
  if (r.category === NOT_STATED) return r.reason;
  const category = ctx.t(`delay_category.${r.category}`);
  return r.reason ? `${category} — ${r.reason}` : category;
}
