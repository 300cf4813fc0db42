import { inTransaction } from '../../db/repos/cases.js';
import { castBallot, ensureIntegrityYear, mixBallots, previousPublishedYear, recordParticipation } from '../../db/repos/integrity.js';
import type { Db } from '../../db/types.js';
import { checkAnswers, yearIn } from '../../domain/integrity.js';
import { parseModel, presetModel } from '../../domain/integrityModel.js';
import { AppError, validationError } from '../../errors.js';

export interface AnswerInternalSurveyProps {
  officialId: number;
  unitId: number;
  jurisdictionId: string;
  timeZone: string;
  values: Record<string, string>;
  mixBatch: number;
  now?: Date;
}

/**
 * An official answers the current year's internal survey, once: the participation (who, which year) and the answer
 * (unit and options only) are written in one transaction but in tables with nothing in common, and the answer goes
 * through the ballot box like the applicants'. A second answer, or a published year, is refused and writes nothing.
 */
export async function answerInternalSurvey(db: Db, props: AnswerInternalSurveyProps): Promise<number> {
  const year = yearIn(props.now ?? new Date(), props.timeZone);
  await inTransaction(db, async (trx) => {
    const previous = await previousPublishedYear(trx, props.jurisdictionId, year);
    const stored = await ensureIntegrityYear(trx, props.jurisdictionId, year, previous?.model ?? presetModel('acrc_classic', 'department'));
    if (stored.published_at) throw new AppError('invalid_transition', 'integrity.error.year_closed', { year });
    const parsed = parseModel(stored.model);
    if (!('model' in parsed)) throw new AppError('invalid_transition', 'integrity.error.model_invalid');
    const checked = checkAnswers(parsed.model, 'internal', props.values);
    if ('issues' in checked) throw validationError(checked.issues);
    if (!(await recordParticipation(trx, props.officialId, year))) throw new AppError('invalid_transition', 'integrity.error.internal_done', { year });
    await castBallot(trx, {
      jurisdictionId: props.jurisdictionId, year, survey: 'internal', unitId: props.unitId, procedureCode: null, outcome: null,
      answers: checked.answers, comment: checked.comment,
    });
    await mixBallots(trx, props.jurisdictionId, props.mixBatch);
  });
  return year;
}
