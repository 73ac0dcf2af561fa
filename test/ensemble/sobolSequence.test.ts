import { describe, expect, it } from 'vitest';
import { directionNumbers, MAX_SOBOL_DIMENSIONS, scrambledSobolPoint, sobolInteger, sobolPoint, sobolScramble } from '../../src/ensemble/sobolSequence.ts';

/**
 * Unscrambled points as integers (x 2^32) of the Joe-Kuo 6.21201 Sobol sequence from an independent
 * implementation: scipy 1.17.1, stats.qmc.Sobol(d=1024, scramble=False, bits=32), rows INDICES of
 * its output, columns DIMENSIONS (from 0).
 */
const INDICES =  [0, 1, 2, 3, 4, 5, 6, 7, 100, 1000, 2047, 4095] ;
const DIMENSIONS =  [0, 1, 2, 3, 9, 39, 79, 511, 1023] ;
const POINTS = [
   [0, 0, 0, 0, 0, 0, 0, 0, 0] ,
   [2147483648, 2147483648, 2147483648, 2147483648, 2147483648, 2147483648, 2147483648, 2147483648, 2147483648] ,
   [3221225472, 1073741824, 1073741824, 1073741824, 3221225472, 1073741824, 3221225472, 3221225472, 3221225472] ,
   [1073741824, 3221225472, 3221225472, 3221225472, 1073741824, 3221225472, 1073741824, 1073741824, 1073741824] ,
   [1610612736, 1610612736, 2684354560, 3758096384, 2684354560, 3758096384, 3758096384, 1610612736, 3758096384] ,
   [3758096384, 3758096384, 536870912, 1610612736, 536870912, 1610612736, 1610612736, 3758096384, 1610612736] ,
   [2684354560, 536870912, 3758096384, 2684354560, 1610612736, 2684354560, 536870912, 2684354560, 536870912] ,
   [536870912, 2684354560, 1610612736, 536870912, 3758096384, 536870912, 2684354560, 536870912, 2684354560] ,
   [1778384896, 1107296256, 3321888768, 3120562176, 2986344448, 570425344, 2583691264, 2248146944, 4060086272] ,
   [943718400, 415236096, 2227175424, 2906652672, 297795584, 2059403264, 515899392, 1698693120, 3066036224] ,
   [2097152, 2694840320, 3999268864, 1507852288, 1914699776, 2904555520, 350224384, 1264582656, 1377828864] ,
   [1048576, 4042260480, 1435500544, 3872391168, 1058013184, 976224256, 2108686336, 3929014272, 1523580928] ,
];

describe('Sobol sequence', () => {
  it('starts with the published points of the first three dimensions', () => {
    // Joe & Kuo (2008) / Bratley & Fox (1988): Gray-code order, dimension 1 van der Corput.
    const first = [
      [0, 0, 0], [0.5, 0.5, 0.5], [0.75, 0.25, 0.25], [0.25, 0.75, 0.75],
      [0.375, 0.375, 0.625], [0.875, 0.875, 0.125], [0.625, 0.125, 0.875], [0.125, 0.625, 0.375],
    ];
    first.forEach((point, i) => point.forEach((x, d) => expect(sobolPoint(i, d)).toBe(x)));
  });

  it('agrees with scipy bit for bit, up to dimension 1024 and index 4095', () => {
    INDICES.forEach((i, r) => DIMENSIONS.forEach((d, c) => expect(sobolInteger(i, d), `point ${i} dimension ${d}`).toBe(POINTS[r][c])));
    expect(MAX_SOBOL_DIMENSIONS).toBe(1024);
    expect(directionNumbers().length).toBe(1024 * 32);
  });

  it('each direction number m_k is odd and below 2^k (a valid Joe-Kuo table)', () => {
    const v = directionNumbers();
    for (let d = 0; d < MAX_SOBOL_DIMENSIONS; d++) {
      for (let k = 0; k < 32; k++) {
        const m = v[d * 32 + k] / 2 ** (31 - k);
        expect(Number.isInteger(m) && m % 2 === 1 && m < 2 ** (k + 1)).toBe(true);
      }
    }
  });

  it('scrambled, the first 2^m points keep one point in every interval of width 2^-m of each coordinate', () => {
    const scramble = sobolScramble(2024, 40);
    const m = 10;
    for (const d of [0, 1, 7, 39]) {
      const seen = new Uint8Array(2 ** m);
      for (let i = 0; i < 2 ** m; i++) {
        const x = scrambledSobolPoint(scramble, i, d);
        expect(x > 0 && x < 1).toBe(true);
        seen[Math.floor(x * 2 ** m)]++;
      }
      expect(seen.every((c) => c === 1), `dimension ${d}`).toBe(true);
    }
  });

  it('scrambled, dimensions 1 and 2 stay a (0, m, 2)-net: one point in every elementary box of area 2^-m', () => {
    const scramble = sobolScramble(7, 2);
    const m = 8;
    const points = Array.from({ length: 2 ** m }, (_, i) => [scrambledSobolPoint(scramble, i, 0), scrambledSobolPoint(scramble, i, 1)]);
    for (let m1 = 0; m1 <= m; m1++) {
      const m2 = m - m1;
      const boxes = new Uint16Array(2 ** m);
      for (const [x, y] of points) boxes[Math.floor(x * 2 ** m1) * 2 ** m2 + Math.floor(y * 2 ** m2)]++;
      expect(boxes.every((c) => c === 1), `boxes 2^-${m1} x 2^-${m2}`).toBe(true);
    }
  });

  it('a scrambled point is uniform over seeds (Owen\'s scramble: each point is U(0, 1))', () => {
    const n = 4000;
    const values = Float64Array.from({ length: n }, (_, seed) => scrambledSobolPoint(sobolScramble(seed, 4), 5, 3)).sort();
    let ks = 0;
    values.forEach((v, i) => (ks = Math.max(ks, Math.abs(v - (i + 0.5) / n))));
    expect(ks).toBeLessThan(1.95 / Math.sqrt(n));
    expect(scrambledSobolPoint(sobolScramble(3, 4), 9, 2)).toBe(scrambledSobolPoint(sobolScramble(3, 4), 9, 2));
    expect(scrambledSobolPoint(sobolScramble(3, 4), 9, 2)).not.toBe(scrambledSobolPoint(sobolScramble(4, 4), 9, 2));
    expect(() => sobolScramble(1, 1025)).toThrow(/1024 dimensions/);
  });

  it('integrates a smooth function with ten times less error than Monte Carlo at 2^12 points (RMSE over 20 scrambles)', () => {
    // ∫ over [0,1]^5 of Π 3 x_k² = 1; Monte Carlo's standard error at n points is sqrt((9/5)^5 - 1) / sqrt(n) = 0.070.
    const n = 4096;
    let squared = 0;
    for (let seed = 0; seed < 20; seed++) {
      const scramble = sobolScramble(seed, 5);
      let sum = 0;
      for (let i = 0; i < n; i++) {
        let f = 1;
        for (let d = 0; d < 5; d++) f *= 3 * scrambledSobolPoint(scramble, i, d) ** 2;
        sum += f;
      }
      squared += (sum / n - 1) ** 2;
    }
    const monteCarlo = Math.sqrt((9 / 5) ** 5 - 1) / Math.sqrt(n);
    expect(Math.sqrt(squared / 20)).toBeLessThan(monteCarlo / 10);
  });
});
