/**
 * Threshold of the pivot choice: the diagonal stays the pivot while its scaled size is at least this
 * fraction of the largest in its column (the default tolerance of KLU, which CVODE's sparse solver
 * uses: Davis & Palamadai Natarajan, ACM TOMS 37:36, 2010). Stiff iteration matrices
 * W = I/(h gamma) - J have dominant diagonals up to rounding: strict partial pivoting swaps rows on
 * near-ties and defeats a factorisation that follows W's sparsity (src/solve/kernels/rodas5pKernel.ts).
 */
export const DIAGONAL_PIVOT_THRESHOLD = 0.001;

/**
 * Dense LU factorisation with threshold partial pivoting (the diagonal unless another row's scaled
 * entry is more than 1 / DIAGONAL_PIVOT_THRESHOLD times larger, then the largest), in place on a
 * row-major n x n matrix. Written by hand because Newton iterations and stiff steps factor small
 * matrices often, and must not allocate while doing it (rowScale is an n-long work array). Returns
 * false if the matrix is singular.
 */
export function luFactor(a: Float64Array, n: number, pivots: Int32Array, rowScale: Float64Array): boolean {
  // Implicit row scaling: pivots are chosen by |a_ik| relative to the largest entry of row i, so the
  // choice does not depend on the units of each equation. A row that is only its diagonal (an
  // empty, uncoupled compartment) is then never swapped for a row whose entries are merely larger
  // in its units, and its unknown stays exactly zero instead of collecting rounding errors.
  for (let i = 0; i < n; i++) {
    let big = 0;
    for (let j = 0; j < n; j++) big = Math.max(big, Math.abs(a[i * n + j]));
    if (big === 0 || !Number.isFinite(big)) return false;
    rowScale[i] = 1 / big;
  }
  for (let k = 0; k < n; k++) {
    const diagonal = Math.abs(a[k * n + k]) * rowScale[k];
    let pivot = k;
    let largest = diagonal;
    for (let i = k + 1; i < n; i++) {
      const v = Math.abs(a[i * n + k]) * rowScale[i];
      if (v > largest) {
        largest = v;
        pivot = i;
      }
    }
    if (diagonal >= DIAGONAL_PIVOT_THRESHOLD * largest) {
      pivot = k;
      largest = diagonal;
    }
    pivots[k] = pivot;
    if (largest === 0 || !Number.isFinite(largest)) return false;
    if (pivot !== k) {
      for (let j = 0; j < n; j++) {
        const tmp = a[k * n + j];
        a[k * n + j] = a[pivot * n + j];
        a[pivot * n + j] = tmp;
      }
      const tmp = rowScale[k];
      rowScale[k] = rowScale[pivot];
      rowScale[pivot] = tmp;
    }
    const inverse = 1 / a[k * n + k];
    for (let i = k + 1; i < n; i++) {
      const factor = (a[i * n + k] *= inverse);
      if (factor === 0) continue;
      for (let j = k + 1; j < n; j++) a[i * n + j] -= factor * a[k * n + j];
    }
  }
  return true;
}

/** Solve A x = b with the factors from luFactor; b is overwritten with x. */
export function luSolve(lu: Float64Array, n: number, pivots: Int32Array, b: Float64Array): void {
  for (let k = 0; k < n; k++) {
    const p = pivots[k];
    if (p !== k) {
      const tmp = b[k];
      b[k] = b[p];
      b[p] = tmp;
    }
  }
  for (let i = 1; i < n; i++) {
    let sum = b[i];
    for (let j = 0; j < i; j++) sum -= lu[i * n + j] * b[j];
    b[i] = sum;
  }
  for (let i = n - 1; i >= 0; i--) {
    let sum = b[i];
    for (let j = i + 1; j < n; j++) sum -= lu[i * n + j] * b[j];
    b[i] = sum / lu[i * n + i];
  }
}
