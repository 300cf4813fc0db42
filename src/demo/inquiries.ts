import type { OfficialActor } from '../domain/actor.js';
import type { WorkingCalendar } from '../domain/calendar.js';
import { demoCalendar } from './designatedDays.js';
import { commitText, normalizeText } from '../domain/inquiry.js';
import { CLOSED_STATUSES, type DecisionOutcome } from '../domain/types.js';
import { decide, evolve, type Act } from '../domain/workflow.js';
import { mayAnswerInquiry } from '../policies/index.js';
import { atLocal, DAY_MS, localDay, MINUTE_MS, officeMomentAfter } from './calendar.js';
import { JURISDICTIONS } from './catalogue.js';
import type { SimEvent } from './history.js';
import { CORRUPTION_TEMPLATE, feeWords, periodWords, PRIVATE_TEMPLATES, PUBLIC_TEMPLATES, REDACTED_OBJECTION, type InquiryCase, type InquiryTemplate } from './inquiry-texts.js';
import type { DemoCase, DemoOfficial, DemoOrganisation, DemoUnit } from './model.js';
import type { Rng } from './random.js';
import { fill } from './texts.js';

/**
 * Citizens' questions and objections for the full demo (ADR 0005), appended to the histories of chosen cases as the
 * commands would have recorded them: `inquiry_opened` without an actor and with the question's salted commitment
 * when it is public, `inquiry_answered` and `inquiry_redacted` by an official of the unit the question went to,
 * due dates on the product's working calendar, and the overdue scan's flag on unanswered questions past their
 * deadline. No e-mail is written: the demo's outbox stays empty. Salts come from the seed's generator.
 */

export interface DemoCitizen {
  id: number;
  email: string;
  createdAt: number;
}

/** An `inquiry` row as the commands leave it. */
export interface DemoInquiry {
  id: number;
  applicationId: number;
  no: number;
  jurisdictionId: string;
  unitId: number;
  kind: 'question' | 'objection';
  private: boolean;
  question: string;
  questionSalt: string;
  askedBy: 'applicant' | 'citizen';
  citizenId: number | null;
  askerEmail: string | null;
  askerLocale: 'ko' | 'en';
  openedSeq: number;
  openedAt: number;
  dueAt: number;
  answer: string | null;
  answerSalt: string | null;
  answeredAt: number | null;
  answeredBy: number | null;
  answeredSeq: number | null;
  escalatedAt: number | null;
  questionRedactionReason: string | null;
}

/** An `inquiry_redaction` row: the replaced text, kept for auditors. */
export interface DemoRedaction {
  inquiryId: number;
  field: 'question';
  original: string;
  replacement: string;
  reason: string;
  officialId: number;
  seq: number;
  at: number;
}

export interface DemoInquiries {
  citizens: DemoCitizen[];
  inquiries: DemoInquiry[];
  redactions: DemoRedaction[];
}

/** What a question becomes: answered (unless `now` comes first), left unanswered past its deadline, or redacted then answered. */
type Fate = 'answered' | 'overdue' | 'redacted';
type Role = { asker: 'citizen' | 'applicant'; fate: Fate; template?: InquiryTemplate; open?: boolean };

/** The applicant reporting an unofficial fee privately: only Seobu-gu's role list asks it. */
const PRIVATE_CORRUPTION = PRIVATE_TEMPLATES.find((t) => t.question.en.includes('unofficial fee'))!;

/** Public questions per jurisdiction besides the special ones below; with seconds on some cases, about 50 in all. */
const PUBLIC_PER_JURISDICTION = 9;
const RESIDENTS = 30;
/** `jurisdiction.inquiry_response_days` as the seed leaves it (the column's default). */
const INQUIRY_RESPONSE_DAYS = 7;
/** Unanswered questions are asked at least this long ago, so their 7 working days have surely passed. */
const OVERDUE_AGE_MS = 18 * DAY_MS;
/** Closed cases draw questions in the weeks after the decision. */
const AFTER_CLOSE_MS = 45 * DAY_MS;

/** The special questions of each jurisdiction: escalated ones (one in Dongbu-gu's building division), private ones, the rest. */
function rolesOf(code: string): Role[] {
  const roles: Role[] = [
    { asker: 'citizen', fate: 'overdue' },
    { asker: code === 'SB' ? 'applicant' : 'citizen', fate: 'overdue' },
    { asker: 'applicant', fate: 'answered' },
    { asker: 'applicant', fate: 'answered' },
  ];
  if (code === 'HN') roles.push({ asker: 'citizen', fate: 'redacted' });
  if (code === 'DB') roles.push({ asker: 'citizen', fate: 'answered', template: CORRUPTION_TEMPLATE });
  if (code === 'SB') roles.push({ asker: 'applicant', fate: 'answered', template: PRIVATE_CORRUPTION });
  // Half the public questions are about cases still under way, where people ask most.
  for (let i = 0; i < PUBLIC_PER_JURISDICTION; i++) roles.push({ asker: 'citizen', fate: 'answered', open: i % 2 === 0 });
  return roles;
}

/** A salt as `newSalt` makes one (16 bytes, hex), from the seed's generator. */
function saltOf(rng: Rng): string {
  let hex = '';
  for (let i = 0; i < 4; i++) hex += rng.int(0, 0xffffffff).toString(16).padStart(8, '0');
  return hex;
}

function shuffled<T>(rng: Rng, items: readonly T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** When the last event was entered: a question comes after it, as the commands stamp `now` on both clocks. */
function lastMoment(c: DemoCase): number {
  const last = c.history.events[c.history.events.length - 1]!;
  return Math.max(last.occurredAt, last.recordedAt);
}

function isOpen(c: DemoCase): boolean {
  return !CLOSED_STATUSES.includes(c.history.state.status);
}

function officialActorOf(o: DemoOfficial): OfficialActor {
  return { kind: 'official', id: o.id, login: o.login, jurisdictionId: o.jurisdictionId, unitId: o.unitId, unitCode: o.unitCode, roles: o.roles };
}

/** A planned question on one case, before its number and seqs are known. */
interface Draft {
  role: Role;
  template: InquiryTemplate;
  lang: 'ko' | 'en';
  question: string;
  askedAt: number;
  dueAt: number;
  citizen: DemoCitizen | null;
  answer: { text: string; at: number; by: DemoOfficial } | null;
  redaction: { original: string; reason: string; at: number; by: DemoOfficial } | null;
}

class Planner {
  readonly out: DemoInquiries = { citizens: [], inquiries: [], redactions: [] };
  private readonly citizensByEmail = new Map<string, DemoCitizen>();
  private readonly used = new Set<number>();

  constructor(
    private readonly rng: Rng,
    private readonly org: DemoOrganisation,
    private readonly calendar: WorkingCalendar,
    private readonly now: number,
  ) {}

  /** Cases a question could be about: not withdrawn, filed within the last eleven months, quiet for two days at least. */
  candidates(cases: readonly DemoCase[], jurisdictionId: string): DemoCase[] {
    return shuffled(
      this.rng,
      cases.filter(
        (c) =>
          c.draft.procedure.jurisdiction.id === jurisdictionId &&
          c.history.state.status !== 'withdrawn' &&
          c.draft.spec.receivedAt >= this.now - 330 * DAY_MS &&
          lastMoment(c) <= this.now - 2 * DAY_MS,
      ),
    );
  }

  /** The first unused case meeting `ok`, marked used. */
  take(pool: readonly DemoCase[], ok: (c: DemoCase) => boolean): DemoCase | undefined {
    const c = pool.find((x) => !this.used.has(x.id) && ok(x));
    if (c) this.used.add(c.id);
    return c;
  }

  private unitOf(c: DemoCase): DemoUnit {
    return this.org.units.find((u) => u.id === c.history.unitId)!;
  }

  private context(c: DemoCase, at: number): InquiryCase {
    const state = c.history.state;
    const active = state.stages.find((s) => s.status === 'active');
    const def = active ? c.draft.procedure.stages.find((s) => s.key === active.key) : undefined;
    const decision = c.history.events.find((e) => e.type === 'decision');
    return {
      open: isOpen(c),
      awaiting: state.status === 'awaiting_applicant',
      outcome: (decision?.data.outcome as DecisionOutcome | undefined) ?? null,
      category: c.draft.procedure.template.category,
      stage: def?.name ?? null,
      days: active?.started_at ? Math.floor((at - Date.parse(active.started_at)) / DAY_MS) : 0,
    };
  }

  private values(c: DemoCase, at: number, lang: 'ko' | 'en'): Record<string, string> {
    const ctx = this.context(c, at);
    const active = c.history.state.stages.find((s) => s.status === 'active');
    const def = active ? c.draft.procedure.stages.find((s) => s.key === active.key) : undefined;
    return {
      // An English stage name reads inside a sentence in lower case ("the intake and document check").
      stage: lang === 'en' && ctx.stage && /^[A-Z][a-z]/.test(ctx.stage.en) ? ctx.stage.en[0]!.toLowerCase() + ctx.stage.en.slice(1) : (ctx.stage?.[lang] ?? ''),
      days: String(ctx.days),
      expected: def ? periodWords(def.days, def.period_unit, lang) : '',
      statutory: String(c.draft.procedure.statutoryDays),
      fee: feeWords(c.draft.procedure.feeKrw, lang),
      phone: `${this.rng.int(100, 999)}-${this.rng.int(1000, 9999)}`,
    };
  }

  private citizen(): DemoCitizen {
    const email = `resident${this.rng.int(1, RESIDENTS)}@example.org`;
    let citizen = this.citizensByEmail.get(email);
    if (!citizen) {
      citizen = { id: this.citizensByEmail.size + 1, email, createdAt: Number.POSITIVE_INFINITY };
      this.citizensByEmail.set(email, citizen);
    }
    return citizen;
  }

  /** A moment between `from` and `to` at a time of day residents write (07:30–23:00), strictly inside the window. */
  private askMoment(from: number, to: number): number {
    const t = from + this.rng.float(0.1, 1) * (to - from);
    const at = atLocal(localDay(t), this.rng.int(450, 1380), this.rng.int(0, 59));
    return Math.min(Math.max(at, from + this.rng.int(5, 90) * MINUTE_MS), to - this.rng.int(1, 30) * MINUTE_MS);
  }

  /** Plans one question on a case, in the case's language, with its answer or redaction where its fate gives one. */
  draft(c: DemoCase, role: Role, taken: ReadonlySet<InquiryTemplate>): Draft | undefined {
    const lang = c.draft.spec.lang;
    const from = lastMoment(c);
    let to = isOpen(c) ? this.now : Math.min(from + AFTER_CLOSE_MS, this.now);
    if (role.fate === 'overdue') to = Math.min(to, this.now - OVERDUE_AGE_MS);
    if (role.fate === 'redacted') to = Math.min(to, this.now - 10 * DAY_MS);
    if (to - from < 2 * 60 * MINUTE_MS) return undefined;
    const askedAt = this.askMoment(from, to);
    const ctx = this.context(c, askedAt);
    let template = role.template;
    if (!template) {
      const pool = role.asker === 'applicant' ? PRIVATE_TEMPLATES.filter((t) => t !== PRIVATE_CORRUPTION) : PUBLIC_TEMPLATES;
      const fitting = pool.filter((t) => t.fits(ctx) && !taken.has(t));
      if (fitting.length === 0) return undefined;
      template = this.rng.weighted(fitting.map((t) => [t, t.weight ?? 1] as const));
    }
    const values = this.values(c, askedAt, lang);
    const unit = this.unitOf(c);
    const dueAt = this.dueAfter(askedAt);
    const worker = (): DemoOfficial => (unit.staff.length > 0 && this.rng.chance(0.8) ? this.rng.pick(unit.staff) : unit.supervisor);
    const answerText = (): string => normalizeText(fill(this.rng.pick(template.answers)[lang], values));
    const citizen = role.asker === 'citizen' ? this.citizen() : null;
    if (citizen) citizen.createdAt = Math.min(citizen.createdAt, askedAt - this.rng.int(2, 20) * MINUTE_MS);
    const base = { role, template, lang, askedAt, dueAt, citizen };

    if (role.fate === 'redacted') {
      const redactedAt = officeMomentAfter(askedAt, this.rng, 0, 1);
      const answeredAt = officeMomentAfter(redactedAt, this.rng, 1, 3);
      return {
        ...base,
        question: normalizeText(REDACTED_OBJECTION.redacted[lang]),
        redaction: { original: normalizeText(REDACTED_OBJECTION.original[lang]), reason: REDACTED_OBJECTION.reason[lang], at: redactedAt, by: unit.supervisor },
        answer: { text: normalizeText(REDACTED_OBJECTION.answer[lang]), at: answeredAt, by: worker() },
      };
    }
    const question = normalizeText(fill(template.question[lang], values));
    if (role.fate === 'overdue') return { ...base, question, answer: null, redaction: null };
    // Most units answer within a few working days; an answer that would come after `now` is still pending.
    const answeredAt = officeMomentAfter(askedAt, this.rng, 0, this.rng.chance(0.7) ? 2 : 5);
    const answer = answeredAt < this.now && answeredAt < dueAt ? { text: answerText(), at: answeredAt, by: worker() } : null;
    return { ...base, question, answer, redaction: null };
  }

  /** Appends a case's questions to its history in time order, as the commands would have recorded them. */
  record(c: DemoCase, drafts: Draft[]): void {
    const { history } = c;
    const unit = this.unitOf(c);
    const jurisdiction = c.draft.procedure.jurisdiction;
    type Recorded = Pick<SimEvent, 'actorOfficialId' | 'actor' | 'data'>;
    const steps: { at: number; order: number; act: Act; run: (seq: number, at: number) => Recorded }[] = [];
    const rows: DemoInquiry[] = [];
    const sorted = [...drafts].sort((a, b) => a.askedAt - b.askedAt);
    sorted.forEach((d, i) => {
      const row: DemoInquiry = {
        id: this.out.inquiries.length + 1,
        applicationId: c.id,
        no: i + 1,
        jurisdictionId: jurisdiction.id,
        unitId: unit.id,
        kind: d.template.kind,
        private: d.role.asker === 'applicant',
        question: d.question,
        questionSalt: saltOf(this.rng),
        askedBy: d.role.asker,
        citizenId: d.citizen?.id ?? null,
        askerEmail: d.citizen ? d.citizen.email : c.draft.applicant.email,
        askerLocale: d.lang,
        openedSeq: 0,
        openedAt: d.askedAt,
        dueAt: d.dueAt,
        answer: null,
        answerSalt: null,
        answeredAt: null,
        answeredBy: null,
        answeredSeq: null,
        escalatedAt: null,
        questionRedactionReason: null,
      };
      this.out.inquiries.push(row);
      rows.push(row);
      // The opened event commits to the text as asked; a redaction later commits to its replacement under a new salt.
      const askedSalt = d.redaction ? saltOf(this.rng) : row.questionSalt;
      const askedText = d.redaction ? d.redaction.original : d.question;
      steps.push({
        at: d.askedAt,
        order: 0,
        act: { type: 'inquiry_opened' },
        run: (seq, at) => {
          Object.assign(row, { openedSeq: seq, openedAt: at, dueAt: this.dueAfter(at) });
          const data: Record<string, unknown> = { inquiry: row.no, kind: row.kind, private: row.private, due: this.calendar.toRfc3339(new Date(row.dueAt)) };
          if (!row.private) data.text_sha256 = commitText(askedSalt, askedText);
          return { actorOfficialId: null, actor: null, data };
        },
      });
      const r = d.redaction;
      if (r) {
        steps.push({
          at: r.at,
          order: 1,
          act: { type: 'inquiry_redacted', reason: r.reason },
          run: (seq, at) => {
            mayAnswerInquiry(officialActorOf(r.by), row.unitId);
            row.questionRedactionReason = r.reason;
            this.out.redactions.push({ inquiryId: row.id, field: 'question', original: r.original, replacement: row.question, reason: r.reason, officialId: r.by.id, seq, at });
            return { actorOfficialId: r.by.id, actor: r.by.actor, data: { inquiry: row.no, field: 'question', reason: r.reason, text_sha256: commitText(row.questionSalt, row.question) } };
          },
        });
      }
      const a = d.answer;
      if (a) {
        steps.push({
          at: a.at,
          order: 2,
          act: { type: 'inquiry_answered' },
          run: (seq, at) => {
            mayAnswerInquiry(officialActorOf(a.by), row.unitId);
            const salt = saltOf(this.rng);
            Object.assign(row, { answer: a.text, answerSalt: salt, answeredAt: at, answeredBy: a.by.id, answeredSeq: seq });
            const data: Record<string, unknown> = { inquiry: row.no, private: row.private };
            if (!row.private) data.text_sha256 = commitText(salt, a.text);
            return { actorOfficialId: a.by.id, actor: a.by.actor, data };
          },
        });
      }
    });
    steps.sort((x, y) => x.at - y.at || x.order - y.order);
    for (const step of steps) {
      const seq = history.state.lastSeq + 1;
      // Commands stamp one moment on both clocks, after whatever was entered before.
      const at = Math.max(step.at, history.updatedAt + 1000);
      if (at > this.now) throw new Error('demo: a question would lie after now');
      const decided = decide(history.state, step.act, new Date(at).toISOString(), c.draft.procedure.stages);
      const event = step.run(seq, at);
      history.events.push({ seq, type: decided.type, occurredAt: at, recordedAt: at, ...event, privateData: {} });
      history.state = evolve(history.state, { seq, type: decided.type, occurredAt: new Date(at).toISOString(), officialId: event.actorOfficialId, data: event.data });
      history.updatedAt = at;
    }
    // The overdue scan (every minute by default) flags an unanswered question soon after its deadline passes.
    for (const row of rows) {
      if (row.answeredAt === null && row.dueAt < this.now) row.escalatedAt = Math.min(row.dueAt + this.rng.int(5, 60) * 1000, this.now);
    }
  }

  /** The deadline `openInquiry` sets: the jurisdiction's response days in working days on its calendar. */
  dueAfter(at: number): number {
    return this.calendar.addWorkingDays(new Date(at), INQUIRY_RESPONSE_DAYS).getTime();
  }

  citizens(): DemoCitizen[] {
    return [...this.citizensByEmail.values()].sort((a, b) => a.id - b.id);
  }
}

/**
 * Plans about fifty questions over the three jurisdictions and appends their events to the chosen cases' histories
 * (mutating `cases`); returns the rows to write. Deterministic for the same generator, cases and `now`.
 */
export function planInquiries(rng: Rng, org: DemoOrganisation, cases: readonly DemoCase[], now: number): DemoInquiries {
  const planner = new Planner(rng, org, demoCalendar(), now);
  for (const jurisdiction of JURISDICTIONS) {
    const pool = planner.candidates(cases, jurisdiction.id);
    for (const role of rolesOf(jurisdiction.code)) {
      const quietFor = (c: DemoCase) => lastMoment(c) <= now - OVERDUE_AGE_MS - 3 * DAY_MS;
      let ok: (c: DemoCase) => boolean = () => true;
      if (role.fate === 'overdue') ok = (c) => isOpen(c) && quietFor(c);
      if (role.fate === 'redacted') ok = (c) => lastMoment(c) <= now - 12 * DAY_MS;
      if (role.template === CORRUPTION_TEMPLATE) ok = (c) => c.draft.procedure.feeKrw > 0;
      if (role.open) ok = isOpen;
      // Dongbu-gu's first escalated question goes to its building division, whose head the README signs in as.
      const first = role.fate === 'overdue' && jurisdiction.code === 'DB' && role.asker === 'citizen' && !planner.out.inquiries.some((i) => i.jurisdictionId === jurisdiction.id);
      const inBuilding = (c: DemoCase) => org.units.find((u) => u.id === c.history.unitId)?.code === 'DB-BUILD';
      const c = planner.take(pool, first ? (x) => ok(x) && inBuilding(x) : ok);
      if (!c) continue;
      const drafts: Draft[] = [];
      const taken = new Set<InquiryTemplate>();
      const add = (r: Role) => {
        const d = planner.draft(c, r, taken);
        if (d) {
          drafts.push(d);
          taken.add(d.template);
        }
      };
      add(role);
      // Some pages carry a few questions; the building division's escalated case shows answered ones beside it.
      const more = first ? 2 : role.asker === 'citizen' && rng.chance(0.3) ? 1 : 0;
      for (let k = 0; k < more; k++) add({ asker: 'citizen', fate: 'answered' });
      planner.record(c, drafts);
    }
  }
  return { citizens: planner.citizens(), inquiries: planner.out.inquiries, redactions: planner.out.redactions };
}
