// What a scan is asked for, checked before anything is visited. Kept apart from the scan so that
// the command can name the checks and its errors without loading the crawler.
import { rulesWithTerms } from '../../rules/index.js';
import type { Rule } from '../../rules/types.js';
import { loadTermLists } from '../roster/term-lists.js';
import { InputError } from '../input-error.js';

export class ScanInputError extends InputError {
  override name = 'ScanInputError';
}

let rules: Rule[] | undefined;

/** Every rule, the word-list checks built over the built-in lists and a bureau's ($WANGJIAN_TERMS_DIR). */
export function allRules(): Rule[] {
  return (rules ??= rulesWithTerms(loadTermLists()));
}

/** The rules of `checks` (all when none are named) among `available`. */
export function selectRules(checks: readonly string[] | undefined, available: readonly Rule[] = allRules()): Rule[] {
  const RULES = available;
  if (!checks?.length) return [...RULES];
  const unknown = checks.filter((id) => !RULES.some((r) => r.id === id));
  if (unknown.length) throw new ScanInputError(`unknown check${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')}; known: ${RULES.map((r) => r.id).join(', ')}`);
  return RULES.filter((r) => checks.includes(r.id));
}
