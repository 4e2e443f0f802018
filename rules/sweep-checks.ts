// The kinds of sweep and their checks, apart from the rules themselves (as check-ids.ts is), so
// that parsing a command line does not load every rule and its HTML parser.
export const SWEEP_KINDS = ['self-built', 'shop'] as const;
export type SweepKind = (typeof SWEEP_KINDS)[number];

/** The checks of a sweep by kind, in the order their findings are reported. */
export const SWEEP_CHECKS: Readonly<Record<SweepKind, readonly string[]>> = {
  'self-built': ['licence-display', 'icp-filing-display'],
  shop: ['seller-licence-display', 'seller-registration-mark'],
};
