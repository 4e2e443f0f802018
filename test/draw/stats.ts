// Chi-square goodness of fit for the draw tests. The seeds are fixed, so each test gives the
// same statistic every run: a failure is a real bias, never bad luck.

export interface ChiSquare {
  statistic: number;
  df: number;
  /** Wilson–Hilferty normal approximation: |z| > 3.09 is p < 0.001 either side. */
  z: number;
}

const withZ = (statistic: number, df: number): ChiSquare => ({ statistic, df, z: ((statistic / df) ** (1 / 3) - (1 - 2 / (9 * df))) / Math.sqrt(2 / (9 * df)) });

/**
 * How often each of n items was drawn in `trials` draws of `perTrial` items without
 * replacement, against equal chances p = perTrial/n. Within a trial the counts covary
 * (Cov = −p(1−p)/(n−1)), so the covariance of the counts is N·p(1−p)·n/(n−1) times a
 * projection of rank n−1, and the scaled Pearson statistic below is χ² with n−1 degrees of
 * freedom. For perTrial = 1 it is the usual multinomial test.
 */
export function chiSquare(observed: readonly number[], trials: number, perTrial: number): ChiSquare {
  const n = observed.length;
  const p = perTrial / n;
  const expected = trials * p;
  const scale = expected * (1 - p) * (n / (n - 1));
  return withZ(observed.reduce((sum, o) => sum + (o - expected) ** 2 / scale, 0), n - 1);
}

/** Several independent tests as one: statistics and degrees of freedom add up. */
export function combined(tests: readonly ChiSquare[]): ChiSquare {
  return withZ(
    tests.reduce((s, t) => s + t.statistic, 0),
    tests.reduce((s, t) => s + t.df, 0),
  );
}
