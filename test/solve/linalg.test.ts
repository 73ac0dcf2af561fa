import { describe, expect, it } from 'vitest';
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
