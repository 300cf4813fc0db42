import { inTransaction } from '../../db/repos/cases.js';
import { saveDeclarationRules as storeRules } from '../../db/repos/declarations.js';
import type { Db } from '../../db/types.js';
import type { OfficialActor } from '../../domain/actor.js';
import { readRulesForm } from '../../domain/declarationRules.js';
import { validationError } from '../../errors.js';
import { mayAdminister } from '../../policies/index.js';

/**
 * An administrator saves a jurisdiction's rules for yearly declarations from the form: whether they are required,
 * the filing and publishing grades, the due date, the categories with their thresholds and the register's bands.
 * The rules become the jurisdiction's settings and the next version of their history, with who saved them and when;
 * new filings follow them, filings already made keep the bands they were made with. A refused form changes nothing
 * and names each field. Returns the version saved.
 */
export async function saveDeclarationRules(
  db: Db, props: { actor: OfficialActor; jurisdictionId: string; values: Readonly<Record<string, string>>; now?: Date },
): Promise<number> {
  mayAdminister(props.actor);
  const { rules, problems } = readRulesForm(props.values);
  if (problems.length) throw validationError(problems);
  return inTransaction(db, (trx) => storeRules(trx, props.jurisdictionId, rules, props.actor.id, props.now ?? new Date()));
}
