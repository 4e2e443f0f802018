// The ids of the checks, in the order their findings are reported (shared/spec/checks.md): what a
// campaign file or a --checks option names. Kept apart from the rules themselves so that
// reading a campaign or parsing a command line does not load every rule and its HTML parser;
// index.ts holds the rules to this list when it loads.
export const CHECK_IDS: readonly string[] = [
  'licence-display',
  'agreement-display',
  'agreement-changes',
  'ad-label',
  'self-operated-label',
  'seller-registration-mark',
  'seller-licence-display',
  'enforcement-disclosure',
  'credit-rules',
  'ip-rules',
  'complaint-channel',
  'account-cancellation',
  'unfair-terms',
  'absolute-terms',
  'search-display',
  'tying',
  'prohibited-listings',
];
