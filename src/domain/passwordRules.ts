import type { ZxcvbnFactory } from '@zxcvbn-ts/core';
import type { FieldIssue } from '../errors.js';

export const PASSWORD_MIN = 12;
export const PASSWORD_MAX = 128;

// zxcvbn with its offline lists of common passwords and words and its keyboard patterns; nothing is fetched. Loaded
// with the first password checked, not at start: its lists are megabytes of JavaScript.
let checker: Promise<ZxcvbnFactory> | undefined;
const zxcvbn = () =>
  (checker ??= Promise.all([import('@zxcvbn-ts/core'), import('@zxcvbn-ts/language-common')]).then(
    ([{ ZxcvbnFactory }, common]) => new ZxcvbnFactory({ dictionary: { ...common.dictionary }, graphs: common.adjacencyGraphs }),
  ));

/** Whose password it is: it must not contain their login or names. */
export interface PasswordOwner {
  login: string;
  names: string[];
}

const compact = (text: string) => text.toLowerCase().replace(/[\s.\-_,']+/g, '');

/**
 * The words of a person's names worth refusing: each whole name, each space-separated part (`Min-jun`), and its
 * pieces, when of four Latin letters or two other characters (`김민준`, `민준`).
 */
function nameWords(names: string[]): string[] {
  const parts = names.flatMap((name) => [name, ...name.split(/\s+/), ...name.split(/[\s.\-_,']+/)]).map(compact);
  return [...new Set(parts.filter((p) => (/^[a-z0-9]+$/.test(p) ? p.length >= 4 : [...p].length >= 2)))];
}

/**
 * The problems of a new password, as field issues on `field`, in the order a person fixes them: length, then the
 * login or names in it, then whether it is common or guessable (a zxcvbn score under 3 with the shipped common
 * lists). An empty list when it is acceptable.
 */
export async function passwordProblems(password: string, owner: PasswordOwner, field = 'password'): Promise<FieldIssue[]> {
  const length = [...password].length;
  if (length < PASSWORD_MIN) return [{ field, key: 'error.password_short', values: { min: PASSWORD_MIN } }];
  if (length > PASSWORD_MAX) return [{ field, key: 'error.password_long', values: { max: PASSWORD_MAX } }];
  const plain = compact(password);
  if (owner.login && plain.includes(compact(owner.login))) return [{ field, key: 'error.password_has_login' }];
  if (nameWords(owner.names).some((w) => plain.includes(w))) return [{ field, key: 'error.password_has_name' }];
  const result = await (await zxcvbn()).checkAsync(password);
  if (result.score < 3) return [{ field, key: 'error.password_common' }];
  return [];
}
