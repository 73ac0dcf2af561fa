/** A structurally nonzero entry of a square matrix. */
export interface MatrixEntry {
  readonly row: number;
  readonly column: number;
}

/**
 * A fill-reducing elimination order for the LU of W = I/(h gamma) - J, from J's sparsity alone:
 * order[k] is the row and column eliminated k-th (a symmetric permutation, so the diagonal stays
 * the pivot). Greedy minimum degree in Markowitz's form for unsymmetric patterns: each step
 * eliminates the remaining index whose pivot row and column have the fewest other nonzeros left,
 * (r - 1)(c - 1), which bounds the fill it can create (ties: fewer nonzeros, then the lower index),
 * and adds that fill to the pattern. Markowitz, Management Science 3:255, 1957; Duff, Erisman & Reid,
 * Direct Methods for Sparse Matrices, ch. 7. The natural order is kept unless this one gives
 * fewer cells (or as many, with fewer updates). O(n^3) on boolean arrays, once per model: bonesim's
 * models have tens of species.
 */
export function fillReducingOrder(n: number, entries: Iterable<MatrixEntry>): Int32Array {
  const nonzero = patternOf(n, entries);
  const remaining = Array.from({ length: n }, () => true);
  const order = new Int32Array(n);
  for (let k = 0; k < n; k++) {
    let best = -1, bestScore = Infinity, bestCount = Infinity;
    for (let p = 0; p < n; p++) {
      if (!remaining[p]) continue;
      let r = 0, c = 0;
      for (let q = 0; q < n; q++) {
        if (!remaining[q] || q === p) continue;
        if (nonzero[p * n + q]) r++;
        if (nonzero[q * n + p]) c++;
      }
      const score = r * c;
      if (score < bestScore || (score === bestScore && r + c < bestCount)) {
        best = p;
        bestScore = score;
        bestCount = r + c;
      }
    }
    order[k] = best;
    remaining[best] = false;
    for (let i = 0; i < n; i++) {
      if (!remaining[i] || !nonzero[i * n + best]) continue;
      for (let j = 0; j < n; j++) if (remaining[j] && nonzero[best * n + j]) nonzero[i * n + j] = true;
    }
  }
  const natural = Int32Array.from({ length: n }, (_, i) => i);
  const mine = luPattern(n, patternOf(n, entries), order);
  const theirs = luPattern(n, patternOf(n, entries), natural);
  return mine.cells < theirs.cells || (mine.cells === theirs.cells && mine.updates < theirs.updates) ? order : natural;
}

/** The diagonal and the given entries, as a row-major n x n boolean array. */
export function patternOf(n: number, entries: Iterable<MatrixEntry>): boolean[] {
  const nonzero = Array.from({ length: n * n }, (_, k) => k % (n + 1) === 0);
  for (const { row, column } of entries) nonzero[row * n + column] = true;
  return nonzero;
}

/**
 * The pattern (row-major, in the matrix's own indices) of an LU without row exchanges that
 * eliminates in `order`: the given nonzeros with the fill-in added, in place. Also the number of
 * cells and of multiply-subtract updates the elimination does.
 */
export function luPattern(n: number, nonzero: boolean[], order: ArrayLike<number>): { nonzero: boolean[]; cells: number; updates: number } {
  let updates = 0;
  for (let k = 0; k < n; k++) {
    const pivot = order[k];
    for (let a = k + 1; a < n; a++) {
      const i = order[a];
      if (!nonzero[i * n + pivot]) continue;
      for (let b = k + 1; b < n; b++) {
        const j = order[b];
        if (nonzero[pivot * n + j]) {
          nonzero[i * n + j] = true;
          updates++;
        }
      }
    }
  }
  return { nonzero, cells: nonzero.filter(Boolean).length, updates };
}
