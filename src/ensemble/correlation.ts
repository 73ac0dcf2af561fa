/**
 * Correlated parameters through a Gaussian copula: independent normal scores z are correlated as
 * L z (L the Cholesky factor of the correlation matrix R), then each goes through its own marginal.
 * R is the correlation of the normal scores; the rank correlations of the parameters follow from it
 * (Spearman ρ_s = (6/π) asin(R/2)) and are the same for any marginals.
 */

/** The lower Cholesky factor of a symmetric matrix (row-major), or the row where it stops being positive definite. */
export function cholesky(matrix: ArrayLike<number>, n: number): { factor: Float64Array } | { failedAt: number } {
  const l = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = matrix[i * n + j];
      for (let k = 0; k < j; k++) sum -= l[i * n + k] * l[j * n + k];
      if (i === j) {
        // A pivot this small relative to the diagonal (1) leaves the matrix numerically singular.
        if (!(sum > 1e-12)) return { failedAt: i };
        l[i * n + i] = Math.sqrt(sum);
      } else {
        l[i * n + j] = sum / l[j * n + j];
      }
    }
  }
  return { factor: l };
}

/** The eigenvalues of a symmetric matrix (cyclic Jacobi rotations), in ascending order: to say how far from valid a matrix is. */
export function symmetricEigenvalues(matrix: ArrayLike<number>, n: number): number[] {
  const a = Float64Array.from(matrix);
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += a[p * n + q] ** 2;
    if (off < 1e-30) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = a[p * n + q];
        if (Math.abs(apq) < 1e-300) continue;
        const theta = (a[q * n + q] - a[p * n + p]) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = a[k * n + p], akq = a[k * n + q];
          a[k * n + p] = c * akp - s * akq;
          a[k * n + q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = a[p * n + k], aqk = a[q * n + k];
          a[p * n + k] = c * apk - s * aqk;
          a[q * n + k] = s * apk + c * aqk;
        }
      }
    }
  }
  return Array.from({ length: n }, (_, i) => a[i * n + i]).sort((x, y) => x - y);
}

/** z <- L z in place for the lower-triangular factor L (row-major n x n). Allocation-free. */
export function correlateInPlace(factor: Float64Array, n: number, z: Float64Array): void {
  // From the last row up, so each z[i] is replaced after every row below has read it.
  for (let i = n - 1; i >= 0; i--) {
    let sum = 0;
    const row = i * n;
    for (let k = 0; k <= i; k++) sum += factor[row + k] * z[k];
    z[i] = sum;
  }
}

/** Spearman's rank correlation of two samples of a Gaussian copula with normal-score correlation r. */
export function spearmanOfGaussianCopula(r: number): number {
  return (6 / Math.PI) * Math.asin(r / 2);
}
