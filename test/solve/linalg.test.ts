import { describe, expect, it } from 'vitest';
import { fillReducingOrder, luPattern, patternOf } from '../../src/solve/eliminationOrder.ts';
import { luFactor, luSolve } from '../../src/solve/linalg.ts';

describe('dense LU with implicitly scaled partial pivoting', () => {
  it('solves a general system to rounding accuracy', () => {
    const rows = [[2, -1, 0.5, 3], [1e-3, 4, 1, -2], [7, 0.2, -5, 1], [0.3, 3, 2, 9]];
    const xTrue = [1.5, -2, 0.25, 3];
    const b = rows.map((r) => r.reduce((s, v, j) => s + v * xTrue[j], 0));
    const n = 4;
    const a = Float64Array.from(rows.flat());
    const pivots = new Int32Array(n);
    expect(luFactor(a, n, pivots, new Float64Array(n))).toBe(true);
    const x = Float64Array.from(b);
    luSolve(a, n, pivots, x);
    x.forEach((v, i) => expect(Math.abs(v - xTrue[i])).toBeLessThan(1e-14));
  });

  it('keeps an uncoupled empty compartment exactly zero although another row is larger in its column', () => {
    // Row 0: an empty depot (only its diagonal, in mg); row 1 is fed by it with a large unit factor
    // (mg -> ng/mL). Unscaled partial pivoting swaps them, and x0 picks up rounding errors.
    const rows = [[0.34, 0, 0], [-36.4, 0.35, -0.1], [0, 1e3 / 3, 7.1]];
    const n = 3;
    const a = Float64Array.from(rows.flat());
    const pivots = new Int32Array(n);
    expect(luFactor(a, n, pivots, new Float64Array(n))).toBe(true);
    expect(pivots[0]).toBe(0);
    const x = Float64Array.from([0, 0.1234567, -4.56789]);
    luSolve(a, n, pivots, x);
    expect(x[0]).toBe(0);
  });

  it('reports a singular matrix', () => {
    const a = Float64Array.from([1, 2, 2, 4]);
    expect(luFactor(a, 2, new Int32Array(2), new Float64Array(2))).toBe(false);
    expect(luFactor(Float64Array.from([1, 0, 0, 0]), 2, new Int32Array(2), new Float64Array(2))).toBe(false);
  });
});

describe('LU in a given elimination order', () => {
  // An arrow: row and column 0 full, otherwise the diagonal. In the natural order eliminating 0
  // first fills the whole matrix; eliminating it last fills nothing.
  const n = 5;
  const arrow = () => {
    const a = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      a[i * n + i] = 4 + i;
      if (i > 0) {
        a[i] = 1 + 0.1 * i;
        a[i * n] = -1 - 0.2 * i;
      }
    }
    return a;
  };
  const lastFirst = Int32Array.from([1, 2, 3, 4, 0]);
  const fill = (a: Float64Array) => {
    let cells = 0;
    for (let k = 0; k < n * n; k++) if (a[k] !== 0) cells++;
    return cells;
  };

  it('fills only what the order fills: the arrow head last, no fill; first, all of it', () => {
    const ordered = arrow();
    const pivots = new Int32Array(n);
    expect(luFactor(ordered, n, pivots, new Float64Array(n), lastFirst)).toBe(true);
    expect(fill(ordered)).toBe(fill(arrow())); // 13: nothing beyond A's nonzeros
    const natural = arrow();
    expect(luFactor(natural, n, pivots, new Float64Array(n))).toBe(true);
    expect(fill(natural)).toBe(n * n);
    // The fill-reducing order finds an order without fill (the head once at most one other index is left).
    const order = fillReducingOrder(n, entriesOf(arrow(), n));
    expect(luPattern(n, patternOf(n, entriesOf(arrow(), n)), order).cells).toBe(fill(arrow()));
    expect(order[0]).not.toBe(0);
  });

  it('is the natural-order LU of P A P^T, pivots and factors bit for bit, and solves A x = b', () => {
    // A matrix whose first eliminated diagonal (index 3) is too small: row exchanges in the permuted order.
    const rows = [[2, -1, 0.5, 3, 0], [1e-3, 4, 1, -2, 1], [7, 0.2, -5, 1, 0], [0.3, 3, 2, 1e-6, 9], [0, 1, 0, 8, 3]];
    const order = Int32Array.from([3, 0, 4, 1, 2]);
    const a = Float64Array.from(rows.flat());
    const permuted = Float64Array.from({ length: n * n }, (_, k) => rows[order[Math.floor(k / n)]][order[k % n]]);
    const pivotsA = new Int32Array(n);
    const pivotsP = new Int32Array(n);
    expect(luFactor(a, n, pivotsA, new Float64Array(n), order)).toBe(true);
    expect(luFactor(permuted, n, pivotsP, new Float64Array(n))).toBe(true);
    expect(pivotsA).toEqual(pivotsP);
    expect(pivotsA[0]).not.toBe(0); // column 3's diagonal 1e-6 against row 4's 8 (scaled): a row exchange
    for (let k = 0; k < n; k++) for (let l = 0; l < n; l++) expect(Object.is(a[order[k] * n + order[l]], permuted[k * n + l])).toBe(true);
    const xTrue = [1.5, -2, 0.25, 3, -0.5];
    const b = rows.map((r) => r.reduce((s, v, j) => s + v * xTrue[j], 0));
    const x = Float64Array.from(b);
    luSolve(a, n, pivotsA, x, order);
    const y = Float64Array.from(order, (i) => b[i]);
    luSolve(permuted, n, pivotsP, y);
    for (let k = 0; k < n; k++) expect(Object.is(x[order[k]], y[k])).toBe(true);
    x.forEach((v, i) => expect(Math.abs(v - xTrue[i])).toBeLessThan(1e-12));
  });
});

describe('fill-reducing elimination order', () => {
  it('is a permutation that never gives more cells than the natural order, and keeps the natural order when nothing fills', () => {
    const tridiagonal = Array.from({ length: 6 }, (_, i) => [{ row: i, column: i - 1 }, { row: i, column: i + 1 }]).flat()
      .filter(({ column }) => column >= 0 && column < 6);
    expect(fillReducingOrder(6, tridiagonal)).toEqual(Int32Array.from([0, 1, 2, 3, 4, 5]));
    // An unsymmetric pattern: column 0 full (every rate reads species 0) and a chain above the diagonal.
    const entries = [...Array.from({ length: 7 }, (_, i) => ({ row: i, column: 0 })), ...Array.from({ length: 6 }, (_, i) => ({ row: i, column: i + 1 }))];
    const order = fillReducingOrder(7, entries);
    expect([...order].sort()).toEqual([0, 1, 2, 3, 4, 5, 6]);
    const natural = luPattern(7, patternOf(7, entries), Int32Array.from({ length: 7 }, (_, i) => i));
    const ordered = luPattern(7, patternOf(7, entries), order);
    expect(natural.cells).toBe(34);
    expect(ordered.cells).toBeLessThan(natural.cells);
  });
});

function entriesOf(a: Float64Array, n: number) {
  const entries: Array<{ row: number; column: number }> = [];
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (a[i * n + j] !== 0) entries.push({ row: i, column: j });
  return entries;
}
