import { EigenvalueDecomposition, Matrix } from 'ml-matrix';

/**
 * Parameter uncertainty from the Fisher information at the optimum. With residuals weighted by the data's
 * standard deviations, r_i = (model_i - data_i) / sigma_i, the Fisher information of the fitted (transformed)
 * parameters is F = J'J and their covariance is its inverse (the Cramer-Rao bound, a linearisation at the
 * optimum: not a profile likelihood). Directions the data do not constrain (eigenvalues of F below
 * 1e-10 of the largest) are unidentifiable: their variances are infinite.
 */
export interface Uncertainty {
  /** Covariance in the fitted (transformed) parameters, n x n row-major; Infinity on unidentified parameters. */
  covariance: Float64Array;
  /** Standard errors in the transformed parameters. */
  standardErrors: Float64Array;
  /** Correlation matrix, n x n row-major (NaN for unidentified parameters). */
  correlation: Float64Array;
  /** Eigenvalues of F, ascending: the spread says how well-conditioned the fit is. */
  eigenvalues: Float64Array;
  /** Parameters that lie along an unconstrained direction. */
  unidentified: boolean[];
}

/**
 * Covariance, standard errors and correlations from the weighted residuals' Jacobian (m x n, row-major).
 *
 * @example
 * ```ts
 * const { standardErrors, correlation } = fisherUncertainty(result.jacobian, m, n);
 * ```
 */
export function fisherUncertainty(jacobian: Float64Array, m: number, n: number): Uncertainty {
  const F = new Matrix(n, n);
  for (let a = 0; a < n; a++) {
    for (let b = 0; b < n; b++) {
      let s = 0;
      for (let i = 0; i < m; i++) s += jacobian[i * n + a] * jacobian[i * n + b];
      F.set(a, b, s);
    }
  }
  const eig = new EigenvalueDecomposition(F, { assumeSymmetric: true });
  const values = eig.realEigenvalues;
  const vectors = eig.eigenvectorMatrix;
  const largest = Math.max(...values.map(Math.abs), 0);
  const covariance = new Float64Array(n * n);
  const unidentified = new Array<boolean>(n).fill(false);
  values.forEach((value, k) => {
    if (value > 1e-10 * largest && value > 0) {
      for (let a = 0; a < n; a++) for (let b = 0; b < n; b++) covariance[a * n + b] += (vectors.get(a, k) * vectors.get(b, k)) / value;
    } else {
      // An unconstrained direction: every parameter with weight in it is unidentified.
      for (let a = 0; a < n; a++) if (Math.abs(vectors.get(a, k)) > 1e-3) unidentified[a] = true;
    }
  });
  const standardErrors = new Float64Array(n);
  for (let a = 0; a < n; a++) standardErrors[a] = unidentified[a] ? Infinity : Math.sqrt(Math.max(covariance[a * n + a], 0));
  const correlation = new Float64Array(n * n);
  for (let a = 0; a < n; a++) {
    for (let b = 0; b < n; b++) {
      correlation[a * n + b] = unidentified[a] || unidentified[b] ? NaN : a === b ? 1 : covariance[a * n + b] / (standardErrors[a] * standardErrors[b]);
      if (unidentified[a]) covariance[a * n + b] = covariance[b * n + a] = Infinity;
    }
  }
  return { covariance, standardErrors, correlation, eigenvalues: Float64Array.from(values).sort(), unidentified };
}
