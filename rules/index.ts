// The rules a scan runs, in the order their findings are reported.
import { agreementDisplay } from './agreement-display.js';
import { licenceDisplay } from './licence-display.js';
import type { Rule } from './types.js';

export const RULES: readonly Rule[] = [licenceDisplay, agreementDisplay];

export const CHECK_IDS: readonly string[] = RULES.map((r) => r.id);

export function ruleById(id: string): Rule | undefined {
  return RULES.find((r) => r.id === id);
}
