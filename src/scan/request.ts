// What a scan is asked for, checked before anything is visited. Kept apart from the scan so that
// the command can name the checks and its errors without loading the crawler.
import { RULES } from '../../rules/index.js';
import type { Rule } from '../../rules/types.js';

export class ScanInputError extends Error {
  override name = 'ScanInputError';
}

export function selectRules(checks: readonly string[] | undefined): Rule[] {
  if (!checks?.length) return [...RULES];
  const unknown = checks.filter((id) => !RULES.some((r) => r.id === id));
  if (unknown.length) throw new ScanInputError(`unknown check${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')}; known: ${RULES.map((r) => r.id).join(', ')}`);
  return RULES.filter((r) => checks.includes(r.id));
}
