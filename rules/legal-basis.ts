// Every citation in one table (shared/spec/checks.md), so an amendment of a law is one edit.
// Article numbers of the NTM are those of the 2021 text (SAMR Order 37); Order 101 (2025)
// amended it.
export interface LegalBasis {
  duty: string[];
  penalty: string[];
}

export const LEGAL_BASIS: Readonly<Record<string, LegalBasis>> = {
  'licence-display': { duty: ['ECL 15', 'NTM 12'], penalty: ['ECL 76(1)', 'ECL 81 ¶1', 'NTM 42'] },
  'agreement-display': { duty: ['ECL 33'], penalty: ['ECL 81(1)'] },
  'agreement-changes': { duty: ['ECL 34', 'NTM 28'], penalty: ['ECL 81(2)', 'NTM 48'] },
  'unfair-terms': { duty: ['NTM 21'], penalty: [] },
  'self-operated-label': { duty: ['ECL 37'], penalty: ['ECL 81(3)'] },
  'ad-label': { duty: ['ECL 40', 'IAM 9 ¶2', 'AdL 14'], penalty: ['ECL 81 ¶2', 'AdL 59 ¶3'] },
  'seller-registration-mark': { duty: ['NTM 27'], penalty: ['NTM 48'] },
  'seller-licence-display': { duty: ['ECL 15', 'NTM 12'], penalty: ['ECL 76 ¶2'] },
  'search-display': { duty: ['ECL 18 ¶1', 'ECL 40'], penalty: ['ECL 77'] },
  tying: { duty: ['ECL 19', 'NTM 17'], penalty: ['ECL 77', 'NTM 44'] },
  'account-cancellation': { duty: ['ECL 24 ¶1'], penalty: ['ECL 76 ¶1(3)'] },
  'enforcement-disclosure': { duty: ['ECL 36', 'NTM 30'], penalty: ['NTM 48'] },
  'credit-rules': { duty: ['ECL 39'], penalty: ['ECL 81(4)'] },
  'ip-rules': { duty: ['ECL 41', 'ECL 42', 'ECL 44'], penalty: ['ECL 84'] },
  'complaint-channel': { duty: ['ECL 59'], penalty: [] },
  'prohibited-listings': { duty: ['NTM 11', 'ECL 13', 'ECL 29', 'ECL 38'], penalty: [] },
  'absolute-terms': { duty: ['AdL 9(3)'], penalty: ['AdL 57(1)'] },
  // a sweep's check of self-built sites; the penalty is the telecom authority's (通信管理局)
  'icp-filing-display': { duty: ['IISM 12', 'NIFM 13'], penalty: ['IISM 22', 'NIFM 23'] },
};

export function legalBasisOf(checkId: string): LegalBasis {
  const basis = LEGAL_BASIS[checkId];
  if (!basis) throw new Error(`no legal basis recorded for check ${checkId}`);
  return basis;
}
