import { inTransaction } from '../../db/repos/cases.js';
import {
  ensureIntegrityYear, insertAssessment, integrityYear, markYearPublished, mixBallots, previousPublishedYear, saveIntegrityModel, saveSamplingRate,
  unitInJurisdiction,
} from '../../db/repos/integrity.js';
import type { Db, Tx } from '../../db/types.js';
import { yearIn } from '../../domain/integrity.js';
import { parseModel, presetModel, type IntegrityModel } from '../../domain/integrityModel.js';
import { AppError, validationError, type FieldIssue } from '../../errors.js';

/** The office's jurisdiction and the year a change is about. */
export interface YearScope {
  jurisdictionId: string;
  timeZone: string;
  year: number;
  now?: Date;
}

const REFERENCE_MAX = 200;

/** Locks an open year (creating it with the default model when it is the current or next year); refuses a published one. */
export async function openYear(trx: Tx, scope: YearScope): Promise<IntegrityModel> {
  const current = yearIn(scope.now ?? new Date(), scope.timeZone);
  let stored = await integrityYear(trx, scope.jurisdictionId, scope.year, true);
  if (!stored) {
    if (scope.year < current - 1 || scope.year > current + 1) throw new AppError('not_found', 'integrity.error.year_unknown', { year: scope.year });
    const previous = await previousPublishedYear(trx, scope.jurisdictionId, scope.year);
    await ensureIntegrityYear(trx, scope.jurisdictionId, scope.year, previous?.model ?? presetModel('acrc_classic', 'department'));
    stored = (await integrityYear(trx, scope.jurisdictionId, scope.year, true))!;
  }
  if (stored.published_at) throw new AppError('invalid_transition', 'integrity.error.year_closed', { year: scope.year });
  const parsed = parseModel(stored.model);
  if (!('model' in parsed)) throw new AppError('invalid_transition', 'integrity.error.model_invalid');
  return parsed.model;
}

/**
 * Sets an open year's model: a preset by name, or a model edited as JSON (checked against the schema, each problem
 * named by its path). A published year refuses, writing nothing.
 */
export async function saveYearModel(db: Db, scope: YearScope, input: { preset?: string; modelJson?: string }): Promise<void> {
  await inTransaction(db, async (trx) => {
    const current = await openYear(trx, scope);
    let model: unknown;
    if (input.preset === 'acrc_classic' || input.preset === 'acrc_2022') {
      model = { ...presetModel(input.preset, current.defaultPeerGroup), peerGroups: current.peerGroups };
    } else if (input.modelJson !== undefined) {
      try {
        model = JSON.parse(input.modelJson);
      } catch {
        throw validationError([{ field: 'model', key: 'integrity.error.model_json' }]);
      }
    } else {
      throw validationError([{ field: 'preset', key: 'integrity.error.preset' }]);
    }
    const parsed = parseModel(model);
    if ('issues' in parsed) {
      throw validationError([{ field: 'model', key: 'integrity.error.model_issues', values: { issues: parsed.issues.map((i) => `${i.path}: ${i.message}`).join('; ') } }]);
    }
    await saveIntegrityModel(trx, scope.jurisdictionId, scope.year, parsed.model);
  });
}

/**
 * An auditor enters a deduction (a substantiated corruption case: points on the year's scale, at most the whole
 * scale) or an effort score (0–100) for a unit of an open year, with a reference. Field errors write nothing.
 */
export async function enterAssessment(
  db: Db,
  scope: YearScope & { officialId: number },
  input: { unit?: string; kind?: string; points?: string; reference?: string },
): Promise<void> {
  await inTransaction(db, async (trx) => {
    const model = await openYear(trx, scope);
    const issues: FieldIssue[] = [];
    const unit = input.unit ? await unitInJurisdiction(trx, scope.jurisdictionId, input.unit) : undefined;
    if (!unit) issues.push({ field: 'unit', key: 'integrity.error.unit' });
    const kind = input.kind === 'deduction' || input.kind === 'effort' ? input.kind : undefined;
    if (!kind) issues.push({ field: 'kind', key: 'integrity.error.kind' });
    const max = kind === 'effort' ? 100 : model.scale;
    const text = (input.points ?? '').trim().replace(',', '.');
    const points = /^\d{1,3}(\.\d{1,3})?$/.test(text) ? Number(text) : NaN;
    if (!(points >= 0 && points <= max) || (kind === 'deduction' && points === 0)) issues.push({ field: 'points', key: 'integrity.error.points', values: { max } });
    const reference = (input.reference ?? '').trim();
    if (!reference || [...reference].length > REFERENCE_MAX) issues.push({ field: 'reference', key: 'integrity.error.reference', values: { max: REFERENCE_MAX } });
    if (issues.length) throw validationError(issues);
    await insertAssessment(trx, { jurisdictionId: scope.jurisdictionId, year: scope.year, unitId: unit!.id, kind: kind!, points, reference, enteredBy: scope.officialId, now: scope.now ?? new Date() });
  });
}

/**
 * An auditor publishes a year once it is over: the waiting answers are counted, the model is frozen (a trigger
 * refuses any later change) and the year's figures become public. Refuses a year not over yet or already published.
 */
export async function publishYear(db: Db, scope: YearScope & { officialId: number }): Promise<void> {
  const now = scope.now ?? new Date();
  await inTransaction(db, async (trx) => {
    await openYear(trx, scope);
    if (yearIn(now, scope.timeZone) <= scope.year) throw new AppError('invalid_transition', 'integrity.error.year_not_over', { year: scope.year });
    await mixBallots(trx, scope.jurisdictionId, 1, true);
    await markYearPublished(trx, scope.jurisdictionId, scope.year, scope.officialId, now);
  });
}

/** Sets the share (in %) of a procedure's closing applications that are invited to the survey. */
export async function setSamplingRate(db: Db, jurisdictionId: string, input: { procedure?: string; percent?: string }, known: readonly string[]): Promise<void> {
  const issues: FieldIssue[] = [];
  if (!input.procedure || !known.includes(input.procedure)) issues.push({ field: 'procedure', key: 'integrity.error.procedure' });
  const text = (input.percent ?? '').trim();
  const percent = /^\d{1,3}$/.test(text) ? Number(text) : NaN;
  if (!(percent >= 0 && percent <= 100)) issues.push({ field: 'percent', key: 'integrity.error.percent' });
  if (issues.length) throw validationError(issues);
  await inTransaction(db, (trx) => saveSamplingRate(trx, jurisdictionId, input.procedure!, percent / 100));
}
