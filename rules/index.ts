// The rules a scan runs, in the order their findings are reported.
import { adLabel } from './ad-label.js';
import { agreementDisplay } from './agreement-display.js';
import { licenceDisplay } from './licence-display.js';
import { selfOperatedLabel } from './self-operated-label.js';
import { sellerLicenceDisplay } from './seller-licence-display.js';
import { sellerRegistrationMark } from './seller-registration-mark.js';
import type { Rule } from './types.js';

export const RULES: readonly Rule[] = [licenceDisplay, agreementDisplay, adLabel, selfOperatedLabel, sellerRegistrationMark, sellerLicenceDisplay];

export const CHECK_IDS: readonly string[] = RULES.map((r) => r.id);

export function ruleById(id: string): Rule | undefined {
  return RULES.find((r) => r.id === id);
}
