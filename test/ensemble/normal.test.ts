import { describe, expect, it } from 'vitest';
import { erfc, normalCdf, normalQuantile, normalSurvival } from '../../src/ensemble/normal.ts';

/**
 * Reference values computed with mpmath 1.3.0 at 50 digits for the exact double of each argument
 * (quantiles by Newton's method on mpmath's ncdf), rounded to 17 significant digits.
 */
const QUANTILES: Array<[number, number]> = [
  [1e-300, -37.047096299361199],
  [1e-100, -21.273453560965324],
  [1e-20, -9.2623400897984076],
  [1e-12, -7.0344838253011319],
  [1e-10, -6.3613409024040562],
  [1e-6, -4.753424308822899],
  [0.001, -3.0902323061678135],
  [0.025, -1.9599639845400542],
  [0.05, -1.6448536269514727],
  [0.074, -1.4466320671589785],
  [0.075, -1.4395314709384559],
  [0.1, -1.2815515655446004],
  [0.3, -0.52440051270804082],
  [0.5, 0],
  [0.7, 0.52440051270804066],
  [0.9, 1.2815515655446006],
  [0.925, 1.4395314709384562],
  [0.926, 1.4466320671589788],
  [0.975, 1.9599639845400539],
  [0.999, 3.0902323061678133],
  [0.999999, 4.7534243088170878],
];

const CDF: Array<[number, number]> = [
  [-37, 5.7255712225245768e-300],
  [-30, 4.9067139271481871e-198],
  [-20, 2.7536241186062337e-89],
  [-10, 7.6198530241605261e-24],
  [-5, 2.8665157187919391e-7],
  [-3, 0.0013498980316300945],
  [-1.5, 0.066807201268858066],
  [-0.5, 0.3085375387259869],
  [-0.1, 0.46017216272297102],
  [0, 0.5],
  [0.3, 0.61791142218895263],
  [1, 0.84134474606854295],
  [2, 0.97724986805182079],
  [4, 0.99996832875816688],
  [6, 0.99999999901341235],
  [8.2, 0.99999999999999988],
];

describe('normal distribution', () => {
  it('quantile (AS 241) agrees with 50-digit values to 1e-15 relative, from 1e-300 to 1 - 1e-6', () => {
    for (const [p, z] of QUANTILES) {
      const got = normalQuantile(p);
      if (z === 0) expect(got).toBe(0);
      else expect(Math.abs(got - z) / Math.abs(z), `p = ${p}`).toBeLessThan(1e-15);
    }
  });

  it('quantile is odd around 1/2 and reaches the infinities at 0 and 1', () => {
    // Dyadic p, so that 1 - p is exact.
    for (const p of [2 ** -50, 2 ** -30, 1 / 64, 0.25, 0.375]) expect(normalQuantile(1 - p)).toBe(-normalQuantile(p));
    expect(normalQuantile(0)).toBe(-Infinity);
    expect(normalQuantile(1)).toBe(Infinity);
    expect(normalQuantile(1.5)).toBeNaN();
    expect(normalQuantile(Number.NaN)).toBeNaN();
  });

  it('CDF (Cody erfc) agrees with 50-digit values to a few ulps times the conditioning x² of the argument', () => {
    for (const [x, p] of CDF) {
      const tolerance = 2e-16 * Math.max(8, x * x);
      expect(Math.abs(normalCdf(x) - p) / p, `x = ${x}`).toBeLessThan(tolerance);
    }
  });

  it('survival keeps full relative accuracy in the upper tail', () => {
    // 1 - Φ(x) = Φ(-x): at x = 10, 1 - normalCdf(10) would be 0.
    expect(Math.abs(normalSurvival(10) - 7.6198530241605261e-24) / 7.6198530241605261e-24).toBeLessThan(1e-14);
    expect(1 - normalCdf(10)).toBe(0);
  });

  it('CDF and quantile invert each other', () => {
    for (let k = 1; k < 400; k++) {
      const p = k / 400;
      expect(Math.abs(normalCdf(normalQuantile(p)) - p) / p).toBeLessThan(4e-16 * 8);
    }
    for (const x of [-30, -8, -2.5, 0.7, 5]) expect(normalQuantile(normalCdf(x))).toBeCloseTo(x, 10);
  });

  it('erfc is 1 at 0, 2 at -infinity, 0 beyond the last double', () => {
    expect(erfc(0)).toBe(1);
    expect(erfc(-40)).toBe(2);
    expect(erfc(27)).toBe(0);
    // erfc(0.46875) on both sides of Cody's first break point: continuous to rounding.
    expect(Math.abs(erfc(0.46875) - erfc(0.46875 + 1e-15))).toBeLessThan(1e-14);
  });
});
