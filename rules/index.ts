// The rules a scan runs, in the order their findings are reported.
import { adLabel } from './ad-label.js';
import { agreementDisplay } from './agreement-display.js';
import { agreementChanges } from './agreement-changes.js';
import { licenceDisplay } from './licence-display.js';
import { selfOperatedLabel } from './self-operated-label.js';
import { sellerLicenceDisplay } from './seller-licence-display.js';
import { sellerRegistrationMark } from './seller-registration-mark.js';
import { complaintChannel } from './complaint-channel.js';
import { accountCancellation } from './account-cancellation.js';
import { creditRules } from './credit-rules.js';
import { enforcementDisclosure } from './enforcement-disclosure.js';
import { ipRules } from './ip-rules.js';
import { absoluteTerms, absoluteTermsRule } from './absolute-terms.js';
import { unfairTerms, unfairTermsRule } from './unfair-terms.js';
import type { TermLists } from './lib/term-lists.js';
import { searchDisplay } from './search-display.js';
import { tying } from './tying.js';
import { prohibitedListings, prohibitedListingsRule } from './prohibited-listings.js';
import { CHECK_IDS } from './check-ids.js';
import type { Rule } from './types.js';

export const RULES: readonly Rule[] = [
  licenceDisplay, agreementDisplay, agreementChanges, adLabel, selfOperatedLabel, sellerRegistrationMark, sellerLicenceDisplay,
  enforcementDisclosure, creditRules, ipRules, complaintChannel, accountCancellation,
  unfairTerms, absoluteTerms,
  searchDisplay, tying, prohibitedListings,
];

// A rule added, dropped or moved without its id in check-ids.ts would be run, or listed, wrongly.
if (RULES.map((r) => r.id).join() !== CHECK_IDS.join()) throw new Error('rules/check-ids.ts does not list the rules of rules/index.ts in their order');

export { CHECK_IDS };

export function ruleById(id: string): Rule | undefined {
  return RULES.find((r) => r.id === id);
}

/** RULES with the word-list checks built over `lists` (the built-in lists merged with a bureau's: src/roster/term-lists.ts). */
export function rulesWithTerms(lists: TermLists): Rule[] {
  const own: Readonly<Record<string, Rule>> = {
    [unfairTerms.id]: unfairTermsRule(lists.unfair),
    [absoluteTerms.id]: absoluteTermsRule(lists.absolute),
    [prohibitedListings.id]: prohibitedListingsRule(...lists.prohibited),
  };
  return RULES.map((r) => own[r.id] ?? r);
}
