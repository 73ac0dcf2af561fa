/**
 * Threshold of the pivot choice: the diagonal stays the pivot while its scaled size is at least this
 * fraction of the largest in its column (the default tolerance of KLU, which CVODE's sparse solver
 * uses: Davis & Palamadai Natarajan, ACM TOMS 37:36, 2010). Stiff iteration matrices
 * W = I/(h gamma) - J have dominant diagonals up to rounding: strict partial pivoting swaps rows on
 * near-ties and defeats a factorisation that follows W's sparsity (src/solve/kernels/rodas5pKernel.ts).
 */
export const DIAGONAL_PIVOT_THRESHOLD = 0.001;

/** The identity order 0..n-1 of each size asked for, made once. */
const naturalOrders: Int32Array[] = [];
function naturalOrder(n: number): Int32Array {
  return (naturalOrders[n] ??= Int32Array.from({ length: n }, (_, i) => i));
}

/**
 * Dense LU factorisation with threshold partial pivoting (the diagonal unless another row's scaled
 * entry is more than 1 / DIAGONAL_PIVOT_THRESHOLD times larger, then the largest), in place on a
 * row-major n x n matrix. Written by hand because Newton iterations and stiff steps factor small
 * matrices often, and must not allocate while doing it (rowScale is an n-long work array). Returns
 * false if the matrix is singular.
 *
 * `order` (a permutation of 0..n-1, default the natural order) is the elimination order: the
 * factorisation is that of P A P^T with (P A P^T)[k][l] = A[order[k]][order[l]], a fill-reducing
 * order of A's sparsity (src/solve/eliminationOrder.ts), done on A where it is stored. Step k
 * takes column order[k], with the rows order[k], order[k+1], ... as pivot candidates (the diagonal
 * first); pivots[k] = m means rows order[k] and order[m] were exchanged. A generated kernel that
 * eliminates the same pattern in the same order does the same arithmetic on the nonzeros, bit for
 * bit (src/solve/kernels/rodas5pKernel.ts): dense entries that are zero change nothing.
 */
export function luFactor(a: Float64Array, n: number, pivots: Int32Array, rowScale: Float64Array, order: ArrayLike<number> = naturalOrder(n)): boolean {
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
    const column = order[k];
    const diagonal = Math.abs(a[column * n + column]) * rowScale[column];
    let pivot = k;
    let largest = diagonal;
    for (let m = k + 1; m < n; m++) {
      const i = order[m];
      const v = Math.abs(a[i * n + column]) * rowScale[i];
      if (v > largest) {
        largest = v;
        pivot = m;
      }
    }
    if (diagonal >= DIAGONAL_PIVOT_THRESHOLD * largest) {
      pivot = k;
      largest = diagonal;
    }
    pivots[k] = pivot;
    if (largest === 0 || !Number.isFinite(largest)) return false;
    const row = column * n;
    if (pivot !== k) {
      const other = order[pivot];
      for (let j = 0; j < n; j++) {
        const tmp = a[row + j];
        a[row + j] = a[other * n + j];
        a[other * n + j] = tmp;
      }
      const tmp = rowScale[column];
      rowScale[column] = rowScale[other];
      rowScale[other] = tmp;
    }
    const inverse = 1 / a[row + column];
    for (let m = k + 1; m < n; m++) {
      const i = order[m] * n;
      const factor = (a[i + column] *= inverse);
      if (factor === 0) continue;
      for (let l = k + 1; l < n; l++) {
        const j = order[l];
        a[i + j] -= factor * a[row + j];
      }
    }
  }
  return true;
}

/** Solve A x = b with the factors and the order from luFactor; b is overwritten with x. */
export function luSolve(lu: Float64Array, n: number, pivots: Int32Array, b: Float64Array, order: ArrayLike<number> = naturalOrder(n)): void {
  for (let k = 0; k < n; k++) {
    const p = pivots[k];
    if (p !== k) {
      const i = order[k], j = order[p];
      const tmp = b[i];
      b[i] = b[j];
      b[j] = tmp;
    }
  }
  // In the permuted system: forward substitution with the unit lower factor, then back substitution.
  for (let m = 1; m < n; m++) {
    const i = order[m];
    let sum = b[i];
    for (let l = 0; l < m; l++) sum -= lu[i * n + order[l]] * b[order[l]];
    b[i] = sum;
  }
  for (let m = n - 1; m >= 0; m--) {
    const i = order[m];
    let sum = b[i];
    for (let l = m + 1; l < n; l++) sum -= lu[i * n + order[l]] * b[order[l]];
    b[i] = sum / lu[i * n + i];
  }
}
